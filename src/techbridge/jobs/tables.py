"""Tables of the periodic jobs' last-run state, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, String, Table

from techbridge.storage.metadata import metadata

job_state = Table(
    "job_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_run_at", DateTime),
    Column("details", JSON, nullable=False),
)

# ---------------------------------------------------------------- pipeline
