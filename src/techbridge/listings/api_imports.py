"""Import a 成果供给清单 / 技术需求清单 file (admins)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from techbridge.kernel.errors import ValidationError
from techbridge.listings.importing import import_file
from techbridge.listings.schemas import ImportNearDuplicate, ImportProblem, ImportReportPublic
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.errors import error_body

router = APIRouter(prefix="/imports", tags=["导入"])
MAX_BYTES = 50 * 1024 * 1024


@router.post("", response_model=ImportReportPublic, summary="导入清单文件（CSV/XLSX/JSONL）；有错误行时整份拒绝（422）",
             responses={422: {"description": "文件或行校验未通过，数据库未改动"}})
async def import_list(
    platform: PlatformDep, user: AdminUser, file: Annotated[UploadFile, File(description="CSV（UTF-8/GBK）、XLSX 或 JSONL")],
    kind: Annotated[str | None, Form(description="achievement / demand；默认按表头判断")] = None,
    partial: Annotated[bool, Form(description="只导入有效行")] = False,
    source: Annotated[str, Form()] = "import",
) -> JSONResponse:
    suffix = Path(file.filename or "").suffix.lower()
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError("文件超过 50MB，请拆分后导入", field="file", code="file_too_large")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        report = import_file(platform.uow(), platform.bus, path, kind=kind, source=source, partial=partial,
                             owner_id=user.id, rejects_path=None)
    body = ImportReportPublic(
        kind=report.kind, committed=report.committed, total_rows=report.total_rows, created=report.created,
        updated=report.updated, unchanged=report.unchanged, rejected_rows=report.rejected_rows,
        problems=[ImportProblem(**vars(p)) for p in report.problems],
        near_duplicates=[ImportNearDuplicate(**vars(d)) for d in report.near_duplicates],
        file_error=report.file_error,
    ).model_dump()
    if report.committed:
        return JSONResponse(body)
    message = report.file_error or f"{report.rejected_rows} 行校验未通过，整份文件未导入，数据库未改动"
    fields = [{"field": f"第{p.row}行·{p.column}" if p.column else f"第{p.row}行", "code": "row_invalid",
               "message": p.message} for p in report.problems]
    return JSONResponse({**error_body("import_rejected", message, fields), "report": body}, status_code=422)
