"""Tables of incubation carriers and their tenancies (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, Numeric, String, Table

from techbridge.incubation.rules import Carrier, Tenancy
from techbridge.storage.metadata import MONEY, mapper_registry, metadata

AREA = Numeric(12, 2)  # square metres

incubation_carriers = Table(
    "incubation_carriers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("level", String(8), nullable=False),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("region_code", String(6), nullable=False),
    Column("park", String(64)),
    Column("area_m2", AREA, nullable=False),
    Column("tenant_area_m2", AREA, nullable=False),
    Column("seed_fund_wan", MONEY, nullable=False),
    Column("fund_cases", Integer, nullable=False),
    Column("professional_staff", Integer, nullable=False),
    Column("staff", Integer, nullable=False),
    Column("mentors", Integer, nullable=False),
    Column("years_operating", Integer, nullable=False),
    Column("years_of_statistics", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("opened_on", Date),
    Column("workstations", Integer, nullable=False, server_default="0"),
    Column("events_per_year", Integer, nullable=False, server_default="0"),
    Column("typical_cases", Integer, nullable=False, server_default="0"),
    Column("new_firms_per_year", Integer, nullable=False, server_default="0"),
)

incubation_tenancies = Table(
    "incubation_tenancies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("carrier_id", ForeignKey("incubation_carriers.id"), nullable=False, index=True),
    Column("firm_name", String(200), nullable=False),
    Column("credit_code", String(18), nullable=False, index=True),
    Column("moved_in", Date, nullable=False),
    Column("moved_out", Date),
    Column("status", String(16), nullable=False),
    Column("area_m2", AREA, nullable=False),
    Column("has_patent_application", Boolean, nullable=False),
    Column("has_valid_ip", Boolean, nullable=False),
    Column("funded", Boolean, nullable=False),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Carrier, incubation_carriers)
    mapper_registry.map_imperatively(Tenancy, incubation_tenancies)
