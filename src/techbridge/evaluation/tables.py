"""Tables of evaluations, sharing consents and valuations, and their imperative mapping."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, DateTime, ForeignKey, Integer, Numeric, String, Table, Text

from techbridge.evaluation.model import Evaluation, EvaluationShare, Valuation
from techbridge.storage.metadata import mapper_registry, metadata

evaluations = Table(
    "evaluations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("owner_org_id", ForeignKey("organizations.id"), nullable=False),
    Column("requested_by", ForeignKey("users.id"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("achievement_type", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("evaluator_org_id", Integer),
    Column("evaluator_user_id", Integer),
    Column("assessors", JSON, nullable=False),
    Column("scores", JSON, nullable=False),
    Column("weights", JSON, nullable=False),
    Column("total", Numeric(5, 1)),
    Column("grade", String(8), nullable=False, default=""),
    Column("trl", Integer),
    Column("innovation", String(16), nullable=False, default=""),
    Column("advancement", String(16), nullable=False, default=""),
    Column("comparisons", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("conclusion", Text, nullable=False, default=""),
    Column("issued_on", Date),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

evaluation_shares = Table(
    "evaluation_shares",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evaluation_id", ForeignKey("evaluations.id"), nullable=False, index=True),
    Column("party_name", String(200), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("consented_by", ForeignKey("users.id"), nullable=False),
    Column("consented_at", DateTime, nullable=False),
    Column("party_org_id", ForeignKey("organizations.id"), index=True),  # the financier chosen, when on the platform
)

valuations = Table(
    "valuations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("created_by", ForeignKey("users.id"), nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("results", JSON, nullable=False),
    Column("asking_price", Numeric(14, 2)),
    Column("created_at", DateTime, nullable=False),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Evaluation, evaluations)
    mapper_registry.map_imperatively(EvaluationShare, evaluation_shares)
    mapper_registry.map_imperatively(Valuation, valuations)
