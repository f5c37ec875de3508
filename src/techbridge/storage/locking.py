"""The one way a feature serialises writers on a parent row: bump a counter column with an UPDATE.

Taken as the first statement of a transaction, `UPDATE parent SET seq = seq + 1 WHERE id = :id` holds
PostgreSQL's row lock (and SQLite's database write lock, which `BEGIN IMMEDIATE` already took) until the
transaction ends. Every writer that takes it first is therefore serialised by the database — across web
workers and processes — and whoever comes second reads what the first one stored. Used by instrument
bookings and by pilot-facility bookings (exactly one winner per slot). An UPDATE, not SELECT … FOR UPDATE,
so it works alike on PostgreSQL and SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Table, update
from sqlalchemy.orm import Session


def lock_row(session: Session, table: Table, row_id: Any, *, counter: str = "booking_seq") -> bool:
    """Take the row lock on `table` row `row_id` (given as a value or a scalar subquery); False if no such row."""
    c: Column[Any] = table.c[counter]
    result = session.execute(update(table).where(table.c.id == row_id).values({counter: c + 1}))
    return bool(result.rowcount)  # type: ignore[attr-defined]
