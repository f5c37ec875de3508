"""The background job queue, kept in the platform's own database (SQLite or PostgreSQL).

A request enqueues a job and answers at once; a worker (a thread of the web server, or a separate
`techbridge jobs work` process) claims it, runs the handler its feature registered for the kind,
and records progress, the result or the error. A worker that dies mid-job stops beating; the job
is claimed again, at most MAX_ATTEMPTS times in all. Handlers are all-or-nothing themselves
(an import commits once), so running one again never half-writes.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

from techbridge.accounts.model import User
from techbridge.accounts.rules import is_platform_admin
from techbridge.jobs.model import MAX_ATTEMPTS, Job, JobStatus
from techbridge.jobs.repository import JobRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import NotFound
from techbridge.storage.uow import UnitOfWork


def enqueue(uow: UnitOfWork, *, kind: str, payload: dict[str, Any], label: str, user_id: int | None) -> Job:
    """Queue a job; returns it with its id (the caller shows its progress page)."""
    with uow:
        job = uow.repo(JobRepository).add(Job(kind, payload, utcnow(), created_by=user_id, label=label[:200],
                                              stage="排队等待处理"))
        uow.commit()
    return job


def claim(uow: UnitOfWork, worker: str) -> Job | None:
    """Take the next job for `worker`, or None; a job that failed its attempts is marked failed."""
    now = utcnow()
    with uow:
        job = uow.repo(JobRepository).next_claimable(now)
        if job is None:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED.value, now
            job.error = f"处理进程多次中断（{job.attempts} 次），任务已停止；请重新提交"
            job.stage = "失败"
            uow.commit()
            return None
        job.status, job.worker, job.attempts = JobStatus.RUNNING.value, worker, job.attempts + 1
        job.started_at = job.heartbeat_at = now
        job.stage = "开始处理" if job.attempts == 1 else f"处理进程中断后重新开始（第 {job.attempts} 次）"
        uow.commit()
        return job


def report(uow: UnitOfWork, job_id: int, *, done: int | None = None, total: int | None = None,
           stage: str | None = None) -> None:
    """Record progress (and beat the heart) in a short transaction of its own."""
    with uow:
        job = uow.repo(JobRepository).get(job_id)
        if job is None or job.status != JobStatus.RUNNING:
            return
        if done is not None:
            job.progress = done
        if total is not None:
            job.total = total
        if stage is not None:
            job.stage = stage[:200]
        job.heartbeat_at = utcnow()
        uow.commit()


def finish(uow: UnitOfWork, job_id: int, result: dict[str, Any], *, failed: bool = False, stage: str = "") -> None:
    with uow:
        job = uow.repo(JobRepository).get(job_id)
        if job is None:
            return
        job.status = (JobStatus.FAILED if failed else JobStatus.DONE).value
        job.result, job.finished_at = result, utcnow()
        job.progress = job.total if not failed and job.total else job.progress
        job.stage = stage or ("未完成" if failed else "已完成")
        uow.commit()


def crash(uow: UnitOfWork, job_id: int, err: BaseException) -> None:
    """A handler raised: the job fails with a message for its owner (details stay in the server log)."""
    with uow:
        job = uow.repo(JobRepository).get(job_id)
        if job is None:
            return
        job.status, job.finished_at = JobStatus.FAILED.value, utcnow()
        job.error = "处理时发生内部错误，数据库未改动；请稍后重试或联系平台管理员"
        job.stage = "失败"
        job.result = {"trace": traceback.format_exception_only(type(err), err)[-1].strip()[:500]}
        uow.commit()


def get_for(uow: UnitOfWork, job_id: int, viewer: User) -> Job:
    """A job, to its owner or a platform admin; anyone else is told it does not exist."""
    with uow:
        job = uow.repo(JobRepository).get(job_id)
    if job is None or (job.created_by != viewer.id and not is_platform_admin(viewer)):
        raise NotFound("任务不存在")
    return job


def recent_for(uow: UnitOfWork, user_id: int, limit: int = 20) -> Sequence[Job]:
    with uow:
        return list(uow.repo(JobRepository).of_user(user_id, limit))
