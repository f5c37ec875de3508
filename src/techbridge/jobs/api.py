"""Background jobs: their progress and result, for the person who started them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.jobs import queue
from techbridge.jobs.model import Job
from techbridge.web.deps import Id, PlatformDep, RequiredUser
from techbridge.web.schemas import AwareDatetime, IdRef

router = APIRouter(prefix="/jobs", tags=["后台任务"])


class JobPublic(BaseModel):
    id: IdRef
    kind: str
    label: str
    status: str = Field(description="queued 排队中 / running 进行中 / done 已完成 / failed 失败")
    percent: int = Field(ge=0, le=100)
    progress: int
    total: int
    stage: str
    result: dict[str, Any] | None
    error: str | None
    created_at: AwareDatetime
    finished_at: AwareDatetime | None
    status_url: str

    @classmethod
    def of(cls, job: Job) -> JobPublic:
        assert job.id is not None
        return cls(id=job.id, kind=job.kind, label=job.label, status=job.status, percent=job.percent,
                   progress=job.progress, total=job.total, stage=job.stage,
                   result={k: v for k, v in (job.result or {}).items() if k != "trace"}, error=job.error,
                   created_at=job.created_at, finished_at=job.finished_at, status_url=f"/api/v1/jobs/{job.id}")


@router.get("/{job_id}", response_model=JobPublic, summary="任务进度与结果（仅任务的提交人）")
def get_job(job_id: Id, platform: PlatformDep, user: RequiredUser) -> JobPublic:
    return JobPublic.of(queue.get_for(platform.uow(), job_id, user))

