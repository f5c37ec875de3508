"""Background jobs of the dashboard: the monthly PDF report and the XLSX lists, rendered off the request."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from techbridge.insight import reports
from techbridge.jobs.files import output_dir
from techbridge.jobs.model import Job
from techbridge.jobs.worker import Outcome, Reporter

MONTHLY = "insight.monthly_report"
LIST = "insight.list"


def run_monthly(platform: Any, job: Job, progress: Reporter) -> Outcome:
    first = date.fromisoformat(job.payload["month"])
    assert job.id is not None
    progress(0, 3, "汇总当月数据")
    report = reports.monthly(platform.uow, first)
    progress(1, 3, "排版 PDF")
    name = f"平台运行月报-{first:%Y-%m}.pdf"
    (output_dir(Path(platform.settings.data_dir), job.id) / name).write_bytes(reports.render_pdf(report))
    return Outcome({"files": [{"name": name, "label": name}]}, stage="月报已生成")


def run_list(platform: Any, job: Job, progress: Reporter) -> Outcome:
    kind = job.payload["kind"]
    name = reports.LIST_FILES[kind]
    assert job.id is not None
    progress(0, 1, f"生成{name}")
    rows = reports.export_list(platform, kind, output_dir(Path(platform.settings.data_dir), job.id) / name)
    return Outcome({"rows": rows, "files": [{"name": name, "label": name}]}, stage=f"已生成，共 {rows} 行")


HANDLERS = {MONTHLY: run_monthly, LIST: run_list}
