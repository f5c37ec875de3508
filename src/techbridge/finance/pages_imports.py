"""科技金融 imports on pages: the upload form, the XLSX templates, and the upload that starts the import job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from techbridge.finance import importing
from techbridge.finance import uploads as finance_uploads
from techbridge.finance.pages_common import common_context
from techbridge.kernel.errors import PermissionDenied, ValidationError
from techbridge.web.deps import PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _import_form(request: Request, kind: str, errors: dict[str, str], status_code: int = 200) -> Response:
    k = importing.kind_of(kind)
    return render(request, "pages/finance_import.html", {**common_context(), "k": k, "plural": PLURAL[kind], "errors": errors},
                  status_code=status_code)


def _template(platform: PlatformDep, kind: str) -> Response:
    k = importing.kind_of(kind)
    path = Path(platform.settings.data_dir) / "templates" / f"{k.label}模板.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    importing.write_template(path, kind)
    return FileResponse(path, filename=f"{k.label}模板.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def _upload(request: Request, platform: PlatformDep, user: Any, kind: str) -> Response:
    form = await request.form()
    upload = form.get("file")
    filename = getattr(upload, "filename", "") or ""
    content = await upload.read() if hasattr(upload, "read") else b""  # type: ignore[union-attr]
    try:
        job = finance_uploads.submit_import(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir),
                                    filename=filename, content=content, kind=kind)
    except PermissionDenied as err:
        return _import_form(request, kind, {"file": err.message}, 403)
    except ValidationError as err:
        return _import_form(request, kind, {"file": err.message}, 422)
    return redirect(f"/jobs/{job.id}", "文件已上传，正在后台校验并导入")


PLURAL = {"fund": "funds", "product": "products"}


@router.get("/finance/funds/import")
def import_funds_form(request: Request, user: RequiredUser) -> Response:
    return _import_form(request, "fund", {})


@router.get("/finance/products/import")
def import_products_form(request: Request, user: RequiredUser) -> Response:
    return _import_form(request, "product", {})


@router.get("/finance/funds/template.xlsx")
def funds_template(platform: PlatformDep) -> Response:
    return _template(platform, "fund")


@router.get("/finance/products/template.xlsx")
def products_template(platform: PlatformDep) -> Response:
    return _template(platform, "product")


@router.post("/finance/funds/import")
async def import_funds(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return await _upload(request, platform, user, "fund")


@router.post("/finance/products/import")
async def import_products(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return await _upload(request, platform, user, "product")
