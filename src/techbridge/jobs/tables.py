"""Tables of the background job queue and of the periodic jobs' last-run state."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from techbridge.jobs.model import Job
from techbridge.storage.metadata import mapper_registry, metadata

job_state = Table(
    "job_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_run_at", DateTime),
    Column("details", JSON, nullable=False),
)

background_jobs = Table(
    "background_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("status", String(16), nullable=False),  # queued | running | done | failed
    Column("payload", JSON, nullable=False),
    Column("label", String(200), nullable=False, default=""),  # what the owner sees: 导入 成果清单.xlsx
    Column("progress", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("stage", String(200), nullable=False, default=""),  # the step under way, in Chinese
    Column("result", JSON),
    Column("error", Text),
    Column("created_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("started_at", DateTime),
    Column("finished_at", DateTime),
    Column("heartbeat_at", DateTime),
    Column("attempts", Integer, nullable=False, default=0),
    Column("worker", String(64)),
)
Index("ix_background_jobs_status_id", background_jobs.c.status, background_jobs.c.id)
Index("ix_background_jobs_created_by", background_jobs.c.created_by)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Job, background_jobs)
