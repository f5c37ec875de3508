"""Repositories of pilot services: the only code that queries this feature's tables."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from techbridge.pilot import tables
from techbridge.pilot.model import Facility, FacilityService, ServiceRecord, ServiceRequest, SlotBooking
from techbridge.storage.locking import lock_row
from techbridge.storage.repository import SqlRepository


class FacilityRepository(SqlRepository[Facility]):
    model = Facility
    table = tables.pilot_facilities

    def lock(self, facility_id: int) -> bool:
        """The facility's booking lock (storage.locking), taken first in the transaction."""
        return lock_row(self.session, self.table, facility_id)

    def lock_for_request(self, request_id: int) -> bool:
        """The same lock, found through one of the facility's requests (one statement, taken first)."""
        r = tables.pilot_requests.c
        return lock_row(self.session, self.table, select(r.facility_id).where(r.id == request_id).scalar_subquery())

    def active(self) -> Sequence[Facility]:
        c = self.table.c
        return self.list(c.status == "active", order_by=c.id)

    def services(self, facility_id: int) -> builtins.list[FacilityService]:
        c = tables.pilot_services.c
        return list(self.session.scalars(select(FacilityService).where(c.facility_id == facility_id).order_by(c.id)))

    def service(self, service_id: int) -> FacilityService | None:
        return self.session.get(FacilityService, service_id)

    def add_service(self, service: FacilityService) -> None:
        self.session.add(service)


class RequestRepository(SqlRepository[ServiceRequest]):
    model = ServiceRequest
    table = tables.pilot_requests

    def for_requester(self, user_id: int) -> Sequence[ServiceRequest]:
        c = self.table.c
        return self.list(c.requester_id == user_id, order_by=c.id.desc(), limit=200)

    def for_facility_org(self, organization_id: int) -> Sequence[ServiceRequest]:
        c, f = self.table.c, tables.pilot_facilities.c
        return self.list(c.facility_id.in_(select(f.id).where(f.organization_id == organization_id)),
                         order_by=c.id.desc(), limit=200)

    def for_facility(self, facility_id: int) -> Sequence[ServiceRequest]:
        c = self.table.c
        return self.list(c.facility_id == facility_id, order_by=c.id.desc(), limit=200)


class SlotRepository(SqlRepository[SlotBooking]):
    model = SlotBooking
    table = tables.pilot_bookings

    def holding(self, facility_id: int, start: date, end: date) -> Sequence[SlotBooking]:
        """Held bookings that occupy any day of [start, end) at the facility."""
        c = self.table.c
        return self.list(c.facility_id == facility_id, c.status == "held", c.start_date < end, c.end_date > start,
                         order_by=c.start_date)

    def for_request(self, request_id: int) -> SlotBooking | None:
        c = self.table.c
        found = self.list(c.request_id == request_id, c.status == "held")
        return found[0] if found else None

    def upcoming(self, facility_id: int, since: date) -> Sequence[SlotBooking]:
        c = self.table.c
        return self.list(c.facility_id == facility_id, c.status == "held", c.end_date > since, order_by=c.start_date)


class RecordRepository(SqlRepository[ServiceRecord]):
    model = ServiceRecord
    table = tables.pilot_records

    def for_request(self, request_id: int) -> ServiceRecord | None:
        c = self.table.c
        found = self.list(c.request_id == request_id)
        return found[0] if found else None
