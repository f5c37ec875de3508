"""Tables of pilot facilities, their services, requests, slot bookings and service records (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from techbridge.pilot.model import Facility, FacilityService, ServiceRecord, ServiceRequest, SlotBooking
from techbridge.storage.metadata import MONEY, mapper_registry, metadata

pilot_facilities = Table(
    "pilot_facilities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(24), nullable=False, index=True),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("region_code", String(6), nullable=False, index=True),
    Column("park", String(64), index=True),
    Column("description", Text, nullable=False),
    Column("fields", JSON, nullable=False),
    Column("qualifications", Text, nullable=False, default=""),
    Column("capacity", JSON, nullable=False),
    Column("voucher_eligible", Boolean, nullable=False, default=False),
    Column("voucher_cap", MONEY),
    Column("contact_name", String(64), nullable=False, default=""),
    Column("contact_phone", String(32), nullable=False, default=""),
    Column("nda_terms", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False, default="active"),
    Column("booking_seq", Integer, nullable=False, default=0),
    Column("review_note", Text, nullable=False, default="", server_default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

pilot_services = Table(
    "pilot_services",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", ForeignKey("pilot_facilities.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("price", MONEY, nullable=False),
    Column("unit", String(8), nullable=False),
    Column("lead_days", Integer, nullable=False),
    Column("description", Text, nullable=False, default=""),
)

pilot_requests = Table(
    "pilot_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", ForeignKey("pilot_facilities.id"), nullable=False, index=True),
    Column("service_id", ForeignKey("pilot_services.id"), nullable=False),
    Column("requester_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("requester_org_id", ForeignKey("organizations.id")),
    Column("engagement_id", ForeignKey("engagements.id"), index=True),
    Column("achievement_id", ForeignKey("achievements.id")),
    Column("purpose", Text, nullable=False),
    Column("nda_acknowledged_at", DateTime, nullable=False),
    Column("use_voucher", Boolean, nullable=False, default=False),
    Column("status", String(16), nullable=False, index=True),
    Column("quote_amount", MONEY),
    Column("quote_days", Integer),
    Column("quote_note", Text, nullable=False, default=""),
    Column("quoted_at", DateTime),
    Column("accepted_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

pilot_bookings = Table(
    "pilot_bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", ForeignKey("pilot_facilities.id"), nullable=False),
    Column("request_id", ForeignKey("pilot_requests.id"), nullable=False, index=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    CheckConstraint("end_date > start_date", name="pilot_slot_order"),
    Index("ix_pilot_bookings_facility_start", "facility_id", "start_date"),
)

pilot_records = Table(
    "pilot_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", ForeignKey("pilot_requests.id"), nullable=False, unique=True),
    Column("targets", Text, nullable=False),
    Column("results", Text, nullable=False),
    Column("trl_before", Integer, nullable=False),
    Column("trl_after", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("recorded_by", ForeignKey("users.id")),
    Column("recorded_at", DateTime, nullable=False),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Facility, pilot_facilities)
    mapper_registry.map_imperatively(FacilityService, pilot_services)
    mapper_registry.map_imperatively(ServiceRequest, pilot_requests)
    mapper_registry.map_imperatively(SlotBooking, pilot_bookings)
    mapper_registry.map_imperatively(ServiceRecord, pilot_records)
