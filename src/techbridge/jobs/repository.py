"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from techbridge.jobs import tables


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


# ---------------------------------------------------------------- policy library and open calls
