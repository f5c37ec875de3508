"""Time in one place: naive UTC datetimes in storage, Beijing time for display."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

BEIJING = timedelta(hours=8)


def utcnow() -> datetime:
    """Current UTC time without tzinfo (what both databases store)."""
    return datetime.now(UTC).replace(tzinfo=None)


def beijing_today() -> date:
    return (utcnow() + BEIJING).date()


def to_beijing(moment: datetime) -> datetime:
    return moment + BEIJING
