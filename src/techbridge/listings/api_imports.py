"""Import a 成果供给清单 / 技术需求清单 file: queued as a background job, answered at once (202)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from techbridge.listings import uploads
from techbridge.web.deps import PlatformDep, RequiredUser

router = APIRouter(prefix="/imports", tags=["导入"])


class ImportQueued(BaseModel):
    job_id: int
    status: str = Field(description="queued：已排队，稍后由后台导入")
    status_url: str = Field(description="GET 它查看进度；完成后 result 中有逐行结果（problems）")


@router.post("", status_code=202, response_model=ImportQueued,
             summary="上传清单文件（CSV/XLSX/JSONL），后台导入；用返回的 status_url 查询进度与逐行结果")
async def import_list(
    platform: PlatformDep, user: RequiredUser,
    file: Annotated[UploadFile, File(description="CSV（UTF-8/GBK）、XLSX 或 JSONL")],
    kind: Annotated[Literal["achievement", "demand"], Form(description="achievement 成果清单 / demand 需求清单")],
    partial: Annotated[bool, Form(description="只导入有效行；默认有任何错误行时整份不导入")] = False,
) -> JSONResponse:
    content = await file.read()
    job = uploads.submit(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir),
                         filename=file.filename or "", content=content, kind=kind, partial=partial)
    assert job.id is not None
    body = ImportQueued(job_id=job.id, status=job.status, status_url=f"/api/v1/jobs/{job.id}")
    return JSONResponse(body.model_dump(), status_code=202)
