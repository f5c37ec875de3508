"""知识产权 pages: an achievement's patents (legal status with who checked it and when, annuity, licences,
pledges), the entry forms, the spreadsheet import, and the warnings fragment other pages load."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from techbridge.ip import service as ip
from techbridge.ip.importing import COLUMNS
from techbridge.ip.model import LicenceKind
from techbridge.ip.rules import LegalStatus
from techbridge.kernel.errors import DomainError, NotFound, PermissionDenied, ValidationErrors
from techbridge.kernel.money import format_wan
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
MAX_UPLOAD = 5 * 1024 * 1024


def _common() -> dict[str, Any]:
    return {"nav": "achievements", "statuses": [s.value for s in LegalStatus],
            "licence_kinds": [k.value for k in LicenceKind], "wan": format_wan, "columns": COLUMNS}


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}


def _page(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: int, *,
          form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    v = ip.achievement_ip(platform.uow(), viewer=user, achievement_id=achievement_id)
    return render(request, "pages/ip_achievement.html", {**_common(), "v": v, "form": form or {}, "errors": errors or {}},
                  status_code=status_code)


@router.get("/ip/achievements/{achievement_id:int}")
def achievement_page(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: Id) -> Response:
    return _page(request, platform, user, achievement_id)


@router.get("/ip/achievements/{achievement_id:int}/warnings")
def warnings_fragment(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: Id,
                      buyer: str = "") -> Response:
    """The warnings box the achievement page and the engagement page load (empty when there is nothing to say)."""
    try:
        v = ip.achievement_ip(platform.uow(), viewer=user, achievement_id=achievement_id, buyer=buyer[:200] or None)
    except NotFound:
        return Response("", media_type="text/html")
    return render(request, "partials/_ip_warnings.html", {"v": v})


def _errors(err: DomainError) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {**{e.field or "form": e.message for e in err.errors}, "form": "；".join(e.message for e in err.errors)}
    return {getattr(err, "field", None) or "form": err.message, "form": err.message}


@router.post("/ip/achievements/{achievement_id:int}/status")
async def record_status(request: Request, platform: PlatformDep, user: RequiredUser, achievement_id: Id) -> Response:
    form = await _form(request)
    try:
        ip.record_status(platform.uow(), actor=user, achievement_id=achievement_id, raw=form)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        return _page(request, platform, user, achievement_id, form=form, errors=_errors(err), status_code=422)
    return redirect(f"/ip/achievements/{achievement_id}", f"专利{form.get('number', '')}的法律状态已录入")


@router.post("/ip/patents/{patent_id:int}/{what}")
async def add_to_record(request: Request, platform: PlatformDep, user: RequiredUser, patent_id: Id,
                        what: str) -> Response:
    form = await _form(request)
    achievement_id = int(form.get("achievement_id") or 0) if (form.get("achievement_id") or "").isdigit() else 0
    try:
        if what == "licences":
            ip.add_licence(platform.uow(), actor=user, record_id=patent_id, raw=form)
            message = "许可已登记"
        elif what == "pledges":
            ip.add_pledge(platform.uow(), actor=user, record_id=patent_id, raw=form)
            message = "质押已登记"
        else:
            raise NotFound("不支持的操作")
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        if not achievement_id:
            raise
        return _page(request, platform, user, achievement_id, form={**form, "record_id": str(patent_id), "what": what},
                     errors=_errors(err), status_code=422)
    return redirect(f"/ip/achievements/{achievement_id}" if achievement_id else "/ip/import", message)


def _import_page(request: Request, errors: dict[str, str] | None = None, report: Any = None,
                 status_code: int = 200) -> Response:
    return render(request, "pages/ip_import.html", {**_common(), "errors": errors or {}, "report": report},
                  status_code=status_code)


@router.get("/ip/import")
def import_form(request: Request, user: RequiredUser) -> Response:
    return _import_page(request)


@router.post("/ip/import")
async def import_upload(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, {"form": "请选择要导入的 XLSX 或 CSV 文件"}, status_code=422)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return _import_page(request, {"form": "只支持 .xlsx 或 .csv 文件"}, status_code=422)
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _import_page(request, {"form": "文件超过 5 MB"}, status_code=422)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.filename).name
        path.write_bytes(data)
        report = ip.import_statuses(platform.uow(), actor=user, path=path)
    if not report.committed:
        return _import_page(request, {"form": report.file_error or f"有 {report.rejected_rows} 行不符合要求，整个文件未导入，"
                                               "数据库未改动"}, report, 422)
    return redirect("/ip/import", f"已导入：新增 {report.created} 条，更新 {report.updated} 条专利法律状态")
