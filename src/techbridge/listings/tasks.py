"""Background jobs of the listings: importing a 成果供给清单 / 技术需求清单 uploaded on the web."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techbridge.jobs.files import output_dir
from techbridge.jobs.model import Job
from techbridge.jobs.worker import Outcome, Reporter
from techbridge.listings.importing import ImportReport, import_file

IMPORT = "listings.import"


def run_import(platform: Any, job: Job, progress: Reporter) -> Outcome:
    """Check every row (progress per row), then write all or nothing; the upload is deleted once it has an answer."""
    p = job.payload
    upload = Path(p["path"])
    assert job.id is not None
    out = output_dir(Path(platform.settings.data_dir), job.id)
    progress(0, 0, "读取文件")
    report = import_file(
        platform.uow(), platform.bus, upload, kind=p.get("kind"), source=p.get("source", "web"),
        partial=bool(p.get("partial")), status=p.get("status", "pending_review"), owner_id=job.created_by,
        rejects_path=out / f"未导入的行{upload.suffix.lower()}", only_org=p.get("only_org"), scope=p.get("scope"),
        progress=lambda done, total: progress(done, total, f"校验第 {done}/{total} 行"),
    )
    # kept if the import raised: the job is retried (an import is idempotent by 编号), and needs the file again
    upload.unlink(missing_ok=True)
    return Outcome(report_result(report), failed=not report.committed, stage=_stage(report))


def report_result(report: ImportReport) -> dict[str, Any]:
    files = []
    if report.rejects_file is not None:
        files.append({"name": report.rejects_file.name, "label": report.rejects_file.name})
    return {
        "kind": report.kind, "committed": report.committed, "total_rows": report.total_rows,
        "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
        "rejected_rows": report.rejected_rows, "file_error": report.file_error,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems[:500]],
        "more_problems": max(0, len(report.problems) - 500),
        "near_duplicates": [{"row": d.row, "title": d.title, "other": d.other, "where": d.where}
                            for d in report.near_duplicates[:100]],
        "files": files,
    }


def _stage(report: ImportReport) -> str:
    if report.file_error:
        return "文件无法导入"
    if not report.committed:
        return f"{report.rejected_rows} 行有误，整份文件未导入，数据库未改动"
    return f"导入完成：新增 {report.created}，更新 {report.updated}，未变化 {report.unchanged}" + (
        f"，拒绝 {report.rejected_rows}" if report.rejected_rows else "")


HANDLERS = {IMPORT: run_import}
