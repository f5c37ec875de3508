"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from techbridge.instruments import tables
from techbridge.instruments.model import HOLDING, Booking, Instrument, UsageRecord
from techbridge.storage.locking import lock_row
from techbridge.storage.repository import ExternallyKeyed, SqlRepository


class InstrumentRepository(ExternallyKeyed[Instrument]):
    model = Instrument
    table = tables.instruments

    def lock(self, instrument_id: int) -> bool:
        """Take the instrument's row lock for the rest of the transaction (False if there is no such row).

        An UPDATE, not SELECT … FOR UPDATE, so that it works alike on PostgreSQL (row lock)
        and on SQLite (the write lock, taken before the transaction reads anything).
        """
        return lock_row(self.session, self.table, instrument_id)

    def lock_for_booking(self, booking_id: int) -> bool:
        """The same lock, found through one of the instrument's bookings (one statement, taken first)."""
        b = tables.instrument_bookings.c
        return lock_row(self.session, self.table, select(b.instrument_id).where(b.id == booking_id).scalar_subquery())


class BookingRepository(SqlRepository[Booking]):
    model = Booking
    table = tables.instrument_bookings

    def holding(self, instrument_id: int, start: datetime, end: datetime) -> Sequence[Booking]:
        """Bookings that occupy any part of [start, end) of an instrument (requested or approved)."""
        c = self.table.c
        return self.list(c.instrument_id == instrument_id, c.status.in_(HOLDING), c.start_at < end, c.end_at > start,
                         order_by=c.start_at)

    def for_requester(self, user_id: int, limit: int = 200) -> Sequence[Booking]:
        c = self.table.c
        return self.list(c.requester_id == user_id, order_by=c.start_at.desc(), limit=limit)

    def for_owner(self, organization_id: int, statuses: Sequence[str] | None = None, limit: int = 200) -> Sequence[Booking]:
        """Bookings of the instruments an organisation owns."""
        c, i = self.table.c, tables.instruments.c
        owned = select(i.id).where(i.organization_id == organization_id)
        where = [c.instrument_id.in_(owned)] + ([c.status.in_(list(statuses))] if statuses else [])
        return self.list(*where, order_by=c.start_at, limit=limit)

    def usage(self, booking_id: int) -> UsageRecord | None:
        return self.session.scalar(select(UsageRecord).where(tables.instrument_usage.c.booking_id == booking_id))

    def add_usage(self, record: UsageRecord) -> None:
        self.session.add(record)
