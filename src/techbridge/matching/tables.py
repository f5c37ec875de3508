"""Tables of stored listing embeddings and match alerts, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Integer, LargeBinary, String, Table, UniqueConstraint

from techbridge.storage.metadata import metadata

listing_embeddings = Table(
    "listing_embeddings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("listing_id", Integer, nullable=False),
    Column("model_id", String(64), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("dim", Integer, nullable=False),
    Column("count", Integer, nullable=False),  # passages embedded (rows of the matrix)
    Column("vectors", LargeBinary, nullable=False),  # float16 little-endian, count × dim
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("kind", "listing_id", "model_id"),
)

match_alerts = Table(
    "match_alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # kind of the listing whose owner was told
    Column("listing_id", Integer, nullable=False),
    Column("counterpart_id", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("notified_at", DateTime, nullable=False),
    UniqueConstraint("kind", "listing_id", "counterpart_id"),
)
