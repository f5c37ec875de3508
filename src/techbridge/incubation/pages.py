"""孵化载体: the carriers list, each carrier's compliance card with its tenancies, and the entry forms
(carrier, tenancy, tenancy status change, tenancy import as a background job)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import UploadFile

from techbridge.incubation import service as incubation
from techbridge.incubation.rules import LEVELS, Carrier, CarrierKind, Tenancy, TenancyStatus
from techbridge.kernel.errors import REFUSED_ON_CONTENT, PermissionDenied, ValidationErrors
from techbridge.kernel.parks import parks
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(err: Exception) -> dict[str, str]:
    """Field → Chinese message, plus a summary line for the top of the form."""
    many = err.errors if isinstance(err, ValidationErrors) else [err]
    found = {(getattr(e, "field", None) or "form"): getattr(e, "message", str(e)) for e in many}
    return found | {"form": "；".join(found.values()) if len(found) > 1 else next(iter(found.values()))}


def _choices() -> dict[str, Any]:
    return {"nav": "incubation", "kinds": list(CarrierKind), "levels": LEVELS, "statuses": list(TenancyStatus),
            "all_parks": list(parks().values())}


async def _form_values(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}


def _carrier_form(c: Carrier) -> dict[str, str]:
    values = {k: getattr(c, k) for k in incubation.EDITABLE}
    values["region"] = values.pop("region_code")
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else str(v)) for k, v in values.items()}


def _tenancy_form(t: Tenancy) -> dict[str, str]:
    return {"firm_name": t.firm_name, "credit_code": t.credit_code, "moved_in": t.moved_in.isoformat(),
            "moved_out": t.moved_out.isoformat() if t.moved_out else "", "status": t.status,
            "area_m2": str(t.area_m2) if t.area_m2 != Decimal(0) else "",
            **{k: "on" for k in ("has_patent_application", "has_valid_ip", "funded") if getattr(t, k)}}


@router.get("/incubation")
def carriers(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    return render(request, "pages/incubation_list.html", {**_choices(),
                                                          "carriers": incubation.list_carriers(platform.uow())})


@router.get("/incubation/new")
def new_carrier(request: Request, user: RequiredUser) -> Response:
    return render(request, "pages/incubation_carrier_form.html", {**_choices(), "form": {}, "errors": {}, "carrier": None})


@router.post("/incubation/new")
async def create_carrier(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await _form_values(request)
    try:
        carrier_id = incubation.save_carrier(platform.uow(), actor=user, raw=form)
    except REFUSED_ON_CONTENT as err:
        return render(request, "pages/incubation_carrier_form.html",
                      {**_choices(), "form": form, "errors": _errors(err), "carrier": None}, 422)
    return redirect(f"/incubation/{carrier_id}", "载体已登记")


@router.get("/incubation/{carrier_id:int}")
def card(request: Request, platform: PlatformDep, user: CurrentUser, carrier_id: Id) -> Response:
    return _card(request, platform, user, carrier_id, {}, {})


def _card(request: Request, platform: PlatformDep, user: Any, carrier_id: int, form: dict[str, str],
          errors: dict[str, str], status_code: int = 200) -> Response:
    result = incubation.compliance_card(platform.uow(), carrier_id=carrier_id, viewer=user)
    return render(request, "pages/incubation_card.html", {**_choices(), "card": result, "form": form, "errors": errors,
                                                          "status_label": lambda s: TenancyStatus(s).label,
                                                          "columns": incubation.TENANCY_COLUMNS}, status_code)


@router.get("/incubation/{carrier_id:int}/edit")
def edit_carrier(request: Request, platform: PlatformDep, user: RequiredUser, carrier_id: Id) -> Response:
    carrier = incubation.get_carrier(platform.uow(), carrier_id)
    if not incubation.may_manage(user, carrier):
        raise PermissionDenied("只有载体运营单位或所在地区管理方可以修改载体")
    return render(request, "pages/incubation_carrier_form.html",
                  {**_choices(), "form": _carrier_form(carrier), "errors": {}, "carrier": carrier})


@router.post("/incubation/{carrier_id:int}/edit")
async def update_carrier(request: Request, platform: PlatformDep, user: RequiredUser, carrier_id: Id) -> Response:
    form = await _form_values(request)
    try:
        incubation.save_carrier(platform.uow(), actor=user, raw=form, carrier_id=carrier_id)
    except REFUSED_ON_CONTENT as err:
        carrier = incubation.get_carrier(platform.uow(), carrier_id)
        return render(request, "pages/incubation_carrier_form.html",
                      {**_choices(), "form": form, "errors": _errors(err), "carrier": carrier}, 422)
    return redirect(f"/incubation/{carrier_id}", "载体信息已更新")


@router.post("/incubation/{carrier_id:int}/tenancies")
async def add_tenancy(request: Request, platform: PlatformDep, user: RequiredUser, carrier_id: Id) -> Response:
    form = await _form_values(request)
    try:
        incubation.register_tenancy(platform.uow(), actor=user, carrier_id=carrier_id, raw=form)
    except REFUSED_ON_CONTENT as err:
        return _card(request, platform, user, carrier_id, form, _errors(err), 422)
    return redirect(f"/incubation/{carrier_id}#tenancies", "入驻企业已登记")


@router.get("/incubation/tenancies/{tenancy_id:int}/edit")
def edit_tenancy(request: Request, platform: PlatformDep, user: RequiredUser, tenancy_id: Id) -> Response:
    tenancy, carrier = incubation.tenancy_of(platform.uow(), actor=user, tenancy_id=tenancy_id)
    return render(request, "pages/incubation_tenancy_form.html",
                  {**_choices(), "form": _tenancy_form(tenancy), "errors": {}, "tenancy": tenancy, "carrier": carrier})


@router.post("/incubation/tenancies/{tenancy_id:int}/edit")
async def update_tenancy(request: Request, platform: PlatformDep, user: RequiredUser, tenancy_id: Id) -> Response:
    form = await _form_values(request)
    try:
        carrier_id = incubation.update_tenancy(platform.uow(), actor=user, tenancy_id=tenancy_id, raw=form)
    except REFUSED_ON_CONTENT as err:
        tenancy, carrier = incubation.tenancy_of(platform.uow(), actor=user, tenancy_id=tenancy_id)
        return render(request, "pages/incubation_tenancy_form.html",
                      {**_choices(), "form": form, "errors": _errors(err), "tenancy": tenancy, "carrier": carrier}, 422)
    return redirect(f"/incubation/{carrier_id}#tenancies", "入驻记录已更新")


@router.get("/incubation/tenancies/template.xlsx")
def import_template(platform: PlatformDep) -> Response:
    path = Path(platform.settings.data_dir) / "templates" / "入驻企业导入模板.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    incubation.write_tenancy_template(path)
    return FileResponse(path, filename="入驻企业导入模板.xlsx", media_type=XLSX)


@router.post("/incubation/{carrier_id:int}/tenancies/import")
async def import_tenancies(request: Request, platform: PlatformDep, user: RequiredUser, carrier_id: Id) -> Response:
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _card(request, platform, user, carrier_id, {}, {"file": "请选择要导入的 XLSX 或 CSV 文件"}, 422)
    try:
        job = incubation.submit_tenancy_import(platform.uow(), actor=user, carrier_id=carrier_id,
                                               data_dir=Path(platform.settings.data_dir), filename=upload.filename,
                                               content=await upload.read(5 * 1024 * 1024 + 1))
    except REFUSED_ON_CONTENT as err:
        return _card(request, platform, user, carrier_id, {}, {"file": err.message}, 422)
    return redirect(f"/jobs/{job.id}", "文件已上传，正在后台校验并导入（任何一行有误则整份不导入）")
