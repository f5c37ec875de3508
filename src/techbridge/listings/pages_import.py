"""导入清单: upload a 成果供给清单 / 技术需求清单; the import runs in the background with a progress bar."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.kernel.errors import REFUSED_ON_CONTENT, PermissionDenied
from techbridge.listings import uploads
from techbridge.web.deps import PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _context(user: object, errors: dict[str, str], form: dict[str, str]) -> dict[str, object]:
    return {"kinds": [(k, uploads.LABELS[k]) for k in uploads.allowed_kinds(user)], "errors": errors,  # type: ignore[arg-type]
            "form": form, "nav": "workspace"}


@router.get("/imports/new")
def upload_form(request: Request, user: RequiredUser, kind: str = "") -> Response:
    if not uploads.allowed_kinds(user):
        raise PermissionDenied("只有管理方、成果方和需求方账号可以导入清单")
    return render(request, "pages/listing_import.html", _context(user, {}, {"kind": kind}))


@router.post("/imports")
async def upload(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await request.form()
    file = form.get("file")
    values = {"kind": str(form.get("kind") or ""), "partial": "1" if form.get("partial") else ""}
    filename = getattr(file, "filename", "") or ""
    content = await file.read() if hasattr(file, "read") else b""  # type: ignore[union-attr]
    try:
        job = uploads.submit(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir), filename=filename,
                             content=content, kind=values["kind"], partial=bool(values["partial"]))
    except PermissionDenied as err:
        return render(request, "pages/listing_import.html", _context(user, {"kind": err.message}, values), 403)
    except REFUSED_ON_CONTENT as err:
        return render(request, "pages/listing_import.html", _context(user, {"file": err.message}, values), 422)
    return redirect(f"/jobs/{job.id}", "文件已上传，正在后台导入")
