"""talent and shared instruments

Revision ID: 0004
Revises: 0003

Experts may leave the public list (experts.is_listed); every reveal of an expert's contact
details is recorded (expert_contact_access); shared instruments, their bookings and the usage
record of each completed booking.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

YUAN = sa.Numeric(precision=12, scale=2)


def upgrade() -> None:
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_listed", sa.Boolean(), nullable=False, server_default=sa.true()))

    op.create_table(
        "expert_contact_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["expert_id"], ["experts.id"], ondelete="CASCADE",
                                name=op.f("fk_expert_contact_access_expert_id_experts")),
        sa.ForeignKeyConstraint(["viewer_id"], ["users.id"], name=op.f("fk_expert_contact_access_viewer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_contact_access")),
    )
    with op.batch_alter_table("expert_contact_access", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expert_contact_access_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index("ix_expert_contact_access_viewer_at", ["viewer_id", "at"], unique=False)

    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("manufacturer", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("park", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("capabilities", sa.Text(), nullable=False),
        sa.Column("specs", sa.JSON(), nullable=False),
        sa.Column("sample_requirements", sa.Text(), nullable=False),
        sa.Column("fee", YUAN, nullable=False),
        sa.Column("fee_unit", sa.String(length=8), nullable=False),
        sa.Column("voucher_eligible", sa.Boolean(), nullable=False),
        sa.Column("open_weekdays", sa.JSON(), nullable=False),
        sa.Column("open_from", sa.Integer(), nullable=False),
        sa.Column("open_until", sa.Integer(), nullable=False),
        sa.Column("max_booking_hours", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("booking_seq", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_instruments_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruments")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_instruments_source_external_id")),
    )
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instruments_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_instruments_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_instruments_park"), ["park"], unique=False)
        batch_op.create_index(batch_op.f("ix_instruments_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_instruments_status"), ["status"], unique=False)

    op.create_table(
        "instrument_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("requester_org_id", sa.Integer(), nullable=True),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("use_voucher", sa.Boolean(), nullable=False),
        sa.Column("estimated_fee", YUAN, nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_instrument_bookings_slot_order")),
        sa.ForeignKeyConstraint(["instrument_id"], ["instruments.id"],
                                name=op.f("fk_instrument_bookings_instrument_id_instruments")),
        sa.ForeignKeyConstraint(["requester_id"], ["users.id"], name=op.f("fk_instrument_bookings_requester_id_users")),
        sa.ForeignKeyConstraint(["requester_org_id"], ["organizations.id"],
                                name=op.f("fk_instrument_bookings_requester_org_id_organizations")),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_instrument_bookings_decided_by_users")),
        sa.ForeignKeyConstraint(["cancelled_by"], ["users.id"], name=op.f("fk_instrument_bookings_cancelled_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_bookings")),
    )
    with op.batch_alter_table("instrument_bookings", schema=None) as batch_op:
        batch_op.create_index("ix_instrument_bookings_instrument_start", ["instrument_id", "start_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_instrument_bookings_requester_id"), ["requester_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_instrument_bookings_status"), ["status"], unique=False)

    op.create_table(
        "instrument_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("hours_used", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("fee_charged", YUAN, nullable=False),
        sa.Column("voucher_amount", YUAN, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["instrument_bookings.id"],
                                name=op.f("fk_instrument_usage_booking_id_instrument_bookings")),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name=op.f("fk_instrument_usage_recorded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_usage")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_instrument_usage_booking_id")),
    )


def downgrade() -> None:
    op.drop_table("instrument_usage")
    with op.batch_alter_table("instrument_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instrument_bookings_status"))
        batch_op.drop_index(batch_op.f("ix_instrument_bookings_requester_id"))
        batch_op.drop_index("ix_instrument_bookings_instrument_start")
    op.drop_table("instrument_bookings")
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruments_status"))
        batch_op.drop_index(batch_op.f("ix_instruments_region_code"))
        batch_op.drop_index(batch_op.f("ix_instruments_park"))
        batch_op.drop_index(batch_op.f("ix_instruments_organization_id"))
        batch_op.drop_index(batch_op.f("ix_instruments_category"))
    op.drop_table("instruments")
    with op.batch_alter_table("expert_contact_access", schema=None) as batch_op:
        batch_op.drop_index("ix_expert_contact_access_viewer_at")
        batch_op.drop_index(batch_op.f("ix_expert_contact_access_expert_id"))
    op.drop_table("expert_contact_access")
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_column("is_listed")
