"""成果落地: landing records list with drill-down filters, the chain figures, entry form and XLSX import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import UploadFile

from techbridge.kernel.errors import REFUSED_ON_CONTENT, DomainError, PermissionDenied, ValidationErrors
from techbridge.kernel.parks import parks
from techbridge.landing import service as landing
from techbridge.landing.model import DESTINATION_PROVINCES, STAGE_LABELS, LandingForm, SourceKind
from techbridge.web.deps import CurrentUser, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _common() -> dict[str, Any]:
    destination = [p for p in parks().values() if p.region_code[:2] + "0000" in DESTINATION_PROVINCES]
    return {"nav": "landing", "forms": list(LandingForm), "sources": list(SourceKind), "stage_labels": STAGE_LABELS,
            "destination_parks": destination, "columns": landing.COLUMNS}


@router.get("/landing")
def records(request: Request, platform: PlatformDep, user: CurrentUser, province: str = "", park: str = "",
            stage: str = "") -> Response:
    province = province if province in DESTINATION_PROVINCES else ""
    park = park if park in parks() else ""
    stage = stage if stage in ("landed", "producing") else ""
    found = landing.list_landings(platform.uow(), province=province, park=park, stage=stage)
    return render(request, "pages/landing_list.html", {**_common(), "records": found, "province": province,
                                                       "park": park, "stage": stage})


@router.get("/landing/chain")
def chain(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    return render(request, "pages/landing_chain.html", {**_common(), "figures": landing.chain_figures(platform.uow())})


def _form(request: Request, form: dict[str, Any], errors: dict[str, str], status_code: int = 200,
          report: Any = None) -> Response:
    return render(request, "pages/landing_form.html", {**_common(), "form": form, "errors": errors,
                                                       "report": report}, status_code=status_code)


@router.get("/landing/new")
def new(request: Request, user: RequiredUser) -> Response:
    return _form(request, {}, {})


@router.post("/landing/new")
async def create(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        landing.record_landing(platform.uow(), actor=user, raw=form)
    except PermissionDenied:
        raise
    except ValidationErrors as many:
        # the summary goes under "_all": "form" is a field here (落地形式)
        return _form(request, form, {e.field or "_all": e.message for e in many.errors} | {"_all": "请按提示修改后重新提交"},
                     422)
    except DomainError as err:
        return _form(request, form, {getattr(err, "field", None) or "_all": err.message, "_all": err.message}, 422)
    return redirect("/landing", "落地记录已登记")


@router.get("/landing/template.xlsx")
def import_template(platform: PlatformDep) -> Response:
    path = Path(platform.settings.data_dir) / "templates" / "落地记录导入模板.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    landing.write_template(path)
    return FileResponse(path, filename="落地记录导入模板.xlsx", media_type=XLSX)


@router.post("/landing/import")
async def import_file(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _form(request, {}, {"file": "请选择要导入的 XLSX 或 CSV 文件", "_all": "请选择要导入的 XLSX 或 CSV 文件"}, 422)
    try:
        job = landing.submit_import(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir),
                                    filename=upload.filename, content=await upload.read(landing.MAX_UPLOAD + 1))
    except REFUSED_ON_CONTENT as err:
        return _form(request, {}, {"file": err.message, "_all": err.message}, 422)
    return redirect(f"/jobs/{job.id}", "文件已上传，正在后台校验并导入（任何一行有误则整份不导入）")
