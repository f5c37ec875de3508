"""Imports of small record tables (kernel.record_io: all rows or none) run as background jobs.

A feature registers one handler per kind of file with `record_import_handler`, queues an upload with
`submit_record_import`, and its owner watches the job page (jobs/templates/partials/_job_status.html),
which lists every refused row with its column and the reason in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import get_user
from techbridge.accounts.model import User
from techbridge.jobs import queue
from techbridge.jobs.files import keep_upload
from techbridge.jobs.model import Job
from techbridge.jobs.worker import Handler, Outcome, Reporter
from techbridge.kernel.errors import NotFound
from techbridge.kernel.record_io import RecordReport
from techbridge.storage.uow import UnitOfWork

RECORD_SUFFIXES = (".xlsx", ".csv")


def submit_record_import(uow: UnitOfWork, *, kind: str, actor: User, data_dir: Path, filename: str, content: bytes,
                         label: str, **payload: Any) -> Job:
    """Keep the upload and queue its import under `kind`; the file's type and size are checked first."""
    path = keep_upload(data_dir, filename, content, suffixes=RECORD_SUFFIXES)
    return queue.enqueue(uow, kind=kind, payload={"path": str(path), **payload},
                         label=f"{label}：{Path(filename).name[:80]}", user_id=actor.id)


def report_result(report: RecordReport) -> dict[str, Any]:
    return {"committed": report.committed, "total_rows": report.total_rows, "created": report.created,
            "updated": report.updated, "unchanged": 0, "rejected_rows": report.rejected_rows,
            "file_error": report.file_error,
            "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems[:500]],
            "more_problems": max(0, len(report.problems) - 500)}


def report_stage(report: RecordReport) -> str:
    if report.file_error:
        return "文件无法导入"
    if not report.committed:
        return f"{report.rejected_rows} 行有误，整份文件未导入，数据库未改动"
    return f"导入完成：新增 {report.created}，更新 {report.updated}"


def record_import_handler(run: Callable[[UnitOfWork, User, Path, dict[str, Any]], RecordReport]) -> Handler:
    """A job handler that runs `run(uow, actor, path, payload)` as the job's owner, then deletes the upload."""
    def handle(platform: Any, job: Job, progress: Reporter) -> Outcome:
        progress(0, 0, "读取并校验文件")
        upload = Path(job.payload["path"])
        with platform.uow() as uow:
            actor = get_user(uow, job.created_by) if job.created_by is not None else None
        if actor is None:
            raise NotFound("提交导入的账号不存在")
        report = run(platform.uow(), actor, upload, job.payload)
        upload.unlink(missing_ok=True)  # kept if `run` raised: the retried job needs it
        return Outcome(report_result(report), failed=not report.committed, stage=report_stage(report))
    return handle
