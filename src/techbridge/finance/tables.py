"""Tables of funds, financial products and financing needs, and their imperative mapping."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.finance.model import FinanceDeal, FinancialProduct, FinancingNeed, Fund
from techbridge.storage.metadata import mapper_registry, metadata

WAN = Numeric(14, 2)  # 万元 with two decimals
RATE = Numeric(5, 2)  # % a year

finance_funds = Table(
    "finance_funds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("funder_type", String(16), nullable=False),
    Column("thesis", Text, nullable=False),
    Column("ticket_min", WAN, nullable=False),
    Column("ticket_max", WAN, nullable=False),
    Column("stages", JSON, nullable=False),
    Column("industries", JSON, nullable=False),
    Column("regions", JSON, nullable=False),
    Column("excluded_industries", JSON, nullable=False),
    Column("exclusions", String(300), nullable=False, default=""),
    Column("fund_size", WAN),
    Column("contact_name", String(32), nullable=False, default=""),
    Column("contact_phone", String(32), nullable=False, default=""),
    Column("status", String(16), nullable=False, index=True),
    Column("review_note", Text, nullable=False, default=""),
    Column("created_by", ForeignKey("users.id")),
    Column("reviewed_by", ForeignKey("users.id")),
    Column("reviewed_at", DateTime),
    Column("source", String(64), nullable=False, default="web"),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("organization_id", "name", name="uq_finance_funds_org_name"),
    UniqueConstraint("source", "external_id", name="uq_finance_funds_source_external_id"),
)

finance_products = Table(
    "finance_products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("limit_max", WAN, nullable=False),
    Column("rate_min", RATE, nullable=False),
    Column("rate_max", RATE, nullable=False),
    Column("term_months", Integer, nullable=False),
    Column("regions", JSON, nullable=False),
    Column("industries", JSON, nullable=False),
    Column("min_sme_score", Integer),
    Column("requires_pledge", Boolean, nullable=False, default=False),
    Column("min_innovation_points", Integer),
    Column("conditions", Text, nullable=False, default=""),
    Column("contact_name", String(32), nullable=False, default=""),
    Column("contact_phone", String(32), nullable=False, default=""),
    Column("status", String(16), nullable=False, index=True),
    Column("review_note", Text, nullable=False, default=""),
    Column("created_by", ForeignKey("users.id")),
    Column("reviewed_by", ForeignKey("users.id")),
    Column("reviewed_at", DateTime),
    Column("source", String(64), nullable=False, default="web", server_default="web"),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("organization_id", "name", name="uq_finance_products_org_name"),
    UniqueConstraint("source", "external_id", name="uq_finance_products_source_external_id"),
)

finance_needs = Table(
    "finance_needs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(100), nullable=False),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("amount", WAN, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("industry", String(32), nullable=False),
    Column("region_code", String(6), nullable=False),
    Column("use_of_funds", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("wants_equity", Boolean, nullable=False, default=True),
    Column("wants_debt", Boolean, nullable=False, default=False),
    Column("achievement_id", ForeignKey("achievements.id")),
    Column("engagement_id", ForeignKey("engagements.id")),
    Column("has_pledge", Boolean, nullable=False, default=False),
    Column("sme_score", Integer),
    Column("innovation_points", Integer),
    Column("status", String(16), nullable=False, index=True),
    Column("review_note", Text, nullable=False, default=""),
    Column("created_by", ForeignKey("users.id")),
    Column("reviewed_by", ForeignKey("users.id")),
    Column("reviewed_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

finance_deals = Table(
    "finance_deals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fund_id", ForeignKey("finance_funds.id"), nullable=False, index=True),
    Column("need_id", ForeignKey("finance_needs.id"), nullable=False, index=True),
    Column("stage", String(32), nullable=False, index=True),
    Column("termination_reason", String(32)),
    Column("amount_closed", WAN),
    Column("created_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("fund_id", "need_id", name="uq_finance_deals_fund_need"),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Fund, finance_funds)
    mapper_registry.map_imperatively(FinancialProduct, finance_products)
    mapper_registry.map_imperatively(FinancingNeed, finance_needs)
    mapper_registry.map_imperatively(FinanceDeal, finance_deals)
