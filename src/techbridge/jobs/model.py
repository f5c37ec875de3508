"""A background job: long work (imports, exports, reports) taken off the request path.

The job lives in the platform's own database, so every web worker and every job worker sees it,
and its owner watches its progress from any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

MAX_ATTEMPTS = 3  # a job whose worker died is run again, at most this many times in all
STALE_AFTER = timedelta(minutes=10)  # a running job without a heartbeat this long has lost its worker


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}[self.value]


@dataclass(eq=False)
class Job:
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    created_by: int | None = None
    label: str = ""
    status: str = JobStatus.QUEUED.value
    progress: int = 0
    total: int = 0
    stage: str = ""
    result: dict[str, Any] | None = None
    error: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    attempts: int = 0
    worker: str | None = None
    id: int | None = field(default=None)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, int(self.progress * 100 / self.total)) if self.total else 0


def is_stale(job: Job, now: datetime) -> bool:
    """A running job whose worker stopped sending heartbeats (killed, crashed, machine lost)."""
    last = job.heartbeat_at or job.started_at
    return job.status == JobStatus.RUNNING and last is not None and now - last > STALE_AFTER
