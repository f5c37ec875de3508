"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from techbridge.jobs import tables
from techbridge.jobs.model import STALE_AFTER, Job, JobStatus
from techbridge.storage.repository import SqlRepository


class JobStateRepository:
    """When each periodic job last ran, and what it noted."""

    table = tables.job_state

    def __init__(self, session: Session) -> None:
        self.session = session

    def last_run(self, name: str) -> datetime | None:
        return self.session.scalar(select(self.table.c.last_run_at).where(self.table.c.name == name))

    def mark_run(self, name: str, at: datetime, details: dict[str, Any]) -> None:
        c = self.table.c
        if self.session.execute(update(self.table).where(c.name == name).values(last_run_at=at, details=details)).rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(self.table).values(name=name, last_run_at=at, details=details))




class JobRepository(SqlRepository[Job]):
    model = Job
    table = tables.background_jobs

    def next_claimable(self, now: datetime) -> Job | None:
        """The oldest queued job, or a running one whose worker stopped beating; locked for the caller
        (PostgreSQL: FOR UPDATE SKIP LOCKED, so parallel workers never take the same job; SQLite: the
        writing transaction is already exclusive)."""
        c = self.table.c
        stale = and_(c.status == JobStatus.RUNNING, c.heartbeat_at < now - STALE_AFTER)
        stmt = (select(Job).where(or_(c.status == JobStatus.QUEUED, stale)).order_by(c.id).limit(1)
                .with_for_update(skip_locked=True))
        return self.session.scalars(stmt).first()

    def of_user(self, user_id: int, limit: int = 20) -> Sequence[Job]:
        c = self.table.c
        return self.list(c.created_by == user_id, order_by=c.id.desc(), limit=limit)
