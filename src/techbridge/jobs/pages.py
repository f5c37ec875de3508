"""任务进度: the owner of a background job watches its progress and downloads what it produced."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from techbridge.jobs import files, queue
from techbridge.jobs.model import JobStatus
from techbridge.kernel.errors import NotFound
from techbridge.web.deps import Id, PlatformDep, RequiredUser
from techbridge.web.render import render

router = APIRouter()


@router.get("/jobs")
def my_jobs(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    assert user.id is not None
    jobs = queue.recent_for(platform.uow(), user.id)
    return render(request, "pages/jobs.html", {"jobs": jobs, "JobStatus": JobStatus, "nav": "workspace"})


@router.get("/jobs/{job_id:int}")
def job_page(request: Request, platform: PlatformDep, user: RequiredUser, job_id: Id) -> Response:
    job = queue.get_for(platform.uow(), job_id, user)
    return render(request, "pages/job.html", {"job": job, "JobStatus": JobStatus, "nav": "workspace"})


@router.get("/jobs/{job_id:int}/status")
def job_status(request: Request, platform: PlatformDep, user: RequiredUser, job_id: Id) -> Response:
    """The progress block alone (HTMX polls it every second until the job ends)."""
    job = queue.get_for(platform.uow(), job_id, user)
    return render(request, "partials/_job_status.html", {"job": job, "JobStatus": JobStatus})


@router.get("/jobs/{job_id:int}/files/{name}")
def job_file(platform: PlatformDep, user: RequiredUser, job_id: Id, name: str) -> Response:
    job = queue.get_for(platform.uow(), job_id, user)
    offered = {f["name"]: f["label"] for f in (job.result or {}).get("files", [])}
    path = files.result_file(Path(platform.settings.data_dir), job_id, name) if name in offered else None
    if path is None:
        raise NotFound("文件不存在或已清理")
    return FileResponse(path, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(offered[name])}"})
