"""Background jobs of 科技金融: importing a 基金清单 / 金融产品清单 uploaded on the web or through the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techbridge.accounts.directory import get_user
from techbridge.finance import importing, service, uploads
from techbridge.jobs.model import Job
from techbridge.jobs.worker import Outcome, Reporter

IMPORT = "finance.import"
EMBED_KIND = {"fund": service.FUND_KIND, "product": service.PRODUCT_KIND}


def run_import(platform: Any, job: Job, progress: Reporter) -> Outcome:
    """Check every row (progress per row), then write all or nothing; the upload is deleted once it has an answer."""
    p = job.payload
    upload = Path(p["path"])
    progress(0, 0, "读取文件")
    with platform.uow() as uow:
        actor = get_user(uow, job.created_by or 0)
    if actor is None:
        upload.unlink(missing_ok=True)
        return Outcome({"message": "提交导入的账号已不存在"}, failed=True, stage="文件无法导入")
    report, written = importing.import_records(platform.uow(), actor=actor, path=upload, kind=p["kind"],
                                               progress=lambda done, total: progress(done, total,
                                                                                     f"校验第 {done}/{total} 行"))
    upload.unlink(missing_ok=True)
    if written:
        progress(None, None, "更新匹配索引")
        uploads.embed_records(platform.uow(), platform.embedder, p["kind"], written)
    result = {
        "kind": p["kind"], "committed": report.committed, "total_rows": report.total_rows, "created": report.created,
        "updated": report.updated, "unchanged": 0, "rejected_rows": report.rejected_rows,
        "file_error": report.file_error,
        "problems": [{"row": x.row, "column": x.column, "message": x.message} for x in report.problems[:500]],
        "more_problems": max(0, len(report.problems) - 500),
    }
    if report.file_error:
        stage = "文件无法导入"
    elif not report.committed:
        stage = f"{report.rejected_rows} 行有误，整份文件未导入，数据库未改动"
    else:
        stage = f"导入完成：新增 {report.created}，更新 {report.updated}，等待管理方审核"
    return Outcome(result, failed=not report.committed, stage=stage)


HANDLERS = {IMPORT: run_import}
