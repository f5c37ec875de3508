"""pilot services and landing records (issue 16): concept-verification centres and pilot bases, their services, requests, slot
bookings and service records; TRL evidence cited on achievements; landing records (落地); incubation carriers and tenancies

Revision ID: 0016
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pilot_facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("park", sa.String(length=64), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("qualifications", sa.Text(), nullable=False),
        sa.Column("capacity", sa.JSON(), nullable=False),
        sa.Column("voucher_eligible", sa.Boolean(), nullable=False),
        sa.Column("voucher_cap", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("contact_name", sa.String(length=64), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("nda_terms", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("booking_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_pilot_facilities_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_facilities")),
    )
    with op.batch_alter_table("pilot_facilities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilot_facilities_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pilot_facilities_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pilot_facilities_park"), ["park"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_facilities_region_code"), ["region_code"], unique=False)

    op.create_table(
        "pilot_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["pilot_facilities.id"],
            name=op.f("fk_pilot_services_facility_id_pilot_facilities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_services")),
    )
    with op.batch_alter_table("pilot_services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilot_services_facility_id"), ["facility_id"], unique=False)

    op.create_table(
        "achievement_trl_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("trl_before", sa.Integer(), nullable=False),
        sa.Column("trl_after", sa.Integer(), nullable=False),
        sa.Column("citation", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_achievement_trl_evidence_achievement_id_achievements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievement_trl_evidence")),
    )
    with op.batch_alter_table("achievement_trl_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_achievement_trl_evidence_achievement_id"), ["achievement_id"], unique=False
        )

    op.create_table(
        "pilot_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("requester_org_id", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("nda_acknowledged_at", sa.DateTime(), nullable=False),
        sa.Column("use_voucher", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("quote_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("quote_days", sa.Integer(), nullable=True),
        sa.Column("quote_note", sa.Text(), nullable=False),
        sa.Column("quoted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_pilot_requests_achievement_id_achievements"),
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagements.id"], name=op.f("fk_pilot_requests_engagement_id_engagements")
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["pilot_facilities.id"],
            name=op.f("fk_pilot_requests_facility_id_pilot_facilities"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name=op.f("fk_pilot_requests_requester_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["requester_org_id"],
            ["organizations.id"],
            name=op.f("fk_pilot_requests_requester_org_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["pilot_services.id"], name=op.f("fk_pilot_requests_service_id_pilot_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_requests")),
    )
    with op.batch_alter_table("pilot_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilot_requests_engagement_id"), ["engagement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_requests_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_requests_requester_id"), ["requester_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_requests_status"), ["status"], unique=False)

    op.create_table(
        "pilot_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_pilot_bookings_pilot_slot_order")),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["pilot_facilities.id"],
            name=op.f("fk_pilot_bookings_facility_id_pilot_facilities"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["pilot_requests.id"], name=op.f("fk_pilot_bookings_request_id_pilot_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_bookings")),
    )
    with op.batch_alter_table("pilot_bookings", schema=None) as batch_op:
        batch_op.create_index("ix_pilot_bookings_facility_start", ["facility_id", "start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_bookings_request_id"), ["request_id"], unique=False)

    op.create_table(
        "pilot_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("trl_before", sa.Integer(), nullable=False),
        sa.Column("trl_after", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_pilot_records_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["pilot_requests.id"], name=op.f("fk_pilot_records_request_id_pilot_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_records")),
        sa.UniqueConstraint("request_id", name=op.f("uq_pilot_records_request_id")),
    )

    op.create_table(
        "landing_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("form", sa.String(length=24), nullable=False),
        sa.Column("beijing_org", sa.String(length=200), nullable=False),
        sa.Column("park", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("landed_on", sa.Date(), nullable=False),
        sa.Column("production_start", sa.Date(), nullable=True),
        sa.Column("investment", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("registered_capital", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_landing_records_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landing_records")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_landing_records_source_external_id")),
    )
    with op.batch_alter_table("landing_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landing_records_park"), ["park"], unique=False)
        batch_op.create_index(batch_op.f("ix_landing_records_region_code"), ["region_code"], unique=False)

    op.create_table(
        "incubation_carriers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("park", sa.String(length=64), nullable=True),
        sa.Column("area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("tenant_area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("seed_fund_wan", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("fund_cases", sa.Integer(), nullable=False),
        sa.Column("professional_staff", sa.Integer(), nullable=False),
        sa.Column("staff", sa.Integer(), nullable=False),
        sa.Column("mentors", sa.Integer(), nullable=False),
        sa.Column("years_operating", sa.Integer(), nullable=False),
        sa.Column("years_of_statistics", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_incubation_carriers_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incubation_carriers")),
    )
    with op.batch_alter_table("incubation_carriers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incubation_carriers_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "incubation_tenancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("firm_name", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("moved_in", sa.Date(), nullable=False),
        sa.Column("moved_out", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("has_patent_application", sa.Boolean(), nullable=False),
        sa.Column("has_valid_ip", sa.Boolean(), nullable=False),
        sa.Column("funded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carrier_id"],
            ["incubation_carriers.id"],
            name=op.f("fk_incubation_tenancies_carrier_id_incubation_carriers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incubation_tenancies")),
    )
    with op.batch_alter_table("incubation_tenancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incubation_tenancies_carrier_id"), ["carrier_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incubation_tenancies_credit_code"), ["credit_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("incubation_tenancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incubation_tenancies_credit_code"))
        batch_op.drop_index(batch_op.f("ix_incubation_tenancies_carrier_id"))

    op.drop_table("incubation_tenancies")
    with op.batch_alter_table("incubation_carriers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incubation_carriers_organization_id"))

    op.drop_table("incubation_carriers")

    with op.batch_alter_table("landing_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landing_records_region_code"))
        batch_op.drop_index(batch_op.f("ix_landing_records_park"))

    op.drop_table("landing_records")

    op.drop_table("pilot_records")
    with op.batch_alter_table("pilot_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_bookings_request_id"))
        batch_op.drop_index("ix_pilot_bookings_facility_start")

    op.drop_table("pilot_bookings")
    with op.batch_alter_table("pilot_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_requests_status"))
        batch_op.drop_index(batch_op.f("ix_pilot_requests_requester_id"))
        batch_op.drop_index(batch_op.f("ix_pilot_requests_facility_id"))
        batch_op.drop_index(batch_op.f("ix_pilot_requests_engagement_id"))

    op.drop_table("pilot_requests")
    with op.batch_alter_table("achievement_trl_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievement_trl_evidence_achievement_id"))

    op.drop_table("achievement_trl_evidence")
    with op.batch_alter_table("pilot_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_services_facility_id"))

    op.drop_table("pilot_services")
    with op.batch_alter_table("pilot_facilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_facilities_region_code"))
        batch_op.drop_index(batch_op.f("ix_pilot_facilities_park"))
        batch_op.drop_index(batch_op.f("ix_pilot_facilities_organization_id"))
        batch_op.drop_index(batch_op.f("ix_pilot_facilities_kind"))

    op.drop_table("pilot_facilities")
