"""Notifications: the in-app inbox and the email outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class NotificationKind(StrEnum):
    NEW_MATCH = "new_match"  # a strong new match for one of my listings
    INTEREST = "interest"  # someone is interested in my listing
    MUTUAL = "mutual_interest"  # both sides are interested: contacts revealed
    STAGE = "stage"  # an engagement I am part of changed stage
    IDLE = "idle"  # an engagement in my care has been idle too long
    ASSIGNED = "assigned"  # an engagement was assigned to me (broker)
    REVIEW = "review"  # my listing was approved or sent back
    BOOKING = "booking"  # an instrument booking was requested, decided or cancelled
    CHALLENGE = "challenge"  # an open call I take part in moved on
    SYSTEM = "system"


@dataclass(eq=False)
class Notification:
    user_id: int
    kind: str
    title: str
    body: str = ""
    link: str = ""
    created_at: datetime | None = None
    read_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class OutgoingEmail:
    to_address: str
    subject: str
    body: str
    notification_id: int | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    last_error: str = ""
    id: int | None = None
