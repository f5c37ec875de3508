"""政策服务: search the policy library, read a policy's measures, ingest (admins), and the
policies that apply to an achievement or demand (an HTMX partial on their pages)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationError, ValidationErrors
from techbridge.policies import search as policy_search
from techbridge.policies import service as policies
from techbridge.policies.files import ACCEPT, MAX_BYTES
from techbridge.policies.model import AUDIENCES, DOC_TYPES
from techbridge.policies.search import PolicyQuery
from techbridge.web.deps import AdminUser, CurrentUser, Id, PageNo, PlatformDep
from techbridge.web.render import redirect, render

router = APIRouter()

DROP_LABELS = {"spam": "垃圾广告", "navigation": "网页导航", "teaser_list": "无关标题列表", "footer": "页脚版权",
               "noise": "杂项符号"}
OVERRIDES = ("title", "issuer", "doc_number", "issued_on", "effective_on", "valid_until", "region", "source", "url",
             "doc_type")


@router.get("/policies")
def library(request: Request, platform: PlatformDep, user: CurrentUser, q: str = "", region: str = "",
            industry: str = "", audience: str = "", doc_type: str = "", page: PageNo = 1) -> Response:
    query = PolicyQuery(q=q.strip()[:200], region=region, industry=industry, audience=audience, doc_type=doc_type,
                        page=max(1, min(page, 10_000)))
    result = policy_search.search(platform.uow(), platform.embedder if query.q else None, query)
    return render(request, "pages/policies.html", {"result": result, "query": query, "nav": "policies"})


@router.get("/policies/{policy_id:int}")
def detail(request: Request, platform: PlatformDep, user: CurrentUser, policy_id: Id) -> Response:
    policy = policies.get(platform.uow(), policy_id)
    return render(request, "pages/policy_detail.html", {"policy": policy, "drop_labels": DROP_LABELS, "nav": "policies",
                                                       "today": beijing_today()})


def _ingest_context(form: dict[str, Any], error: str = "", errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {"form": form, "error": error, "errors": errors or {}, "accept": ACCEPT, "doc_types": DOC_TYPES,
            "nav": "policies"}


@router.get("/policies/ingest")
def ingest_form(request: Request, user: AdminUser) -> Response:
    return render(request, "pages/policy_ingest.html", _ingest_context({}))


async def _upload(value: Any) -> tuple[str, bytes] | None:
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read(MAX_BYTES + 1)
    return value.filename, data


@router.post("/policies/ingest")
async def ingest(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    """Upload a file or paste text; the result page shows what cleaning removed."""
    form = await request.form()
    fields = {k: str(form.get(k) or "").strip() for k in (*OVERRIDES, "text")}
    overrides = {k: fields[k] for k in OVERRIDES if fields[k]}
    upload = await _upload(form.get("file"))
    try:
        if upload is not None:
            result = policies.ingest_file(platform.uow(), platform.embedder, actor=user, name=upload[0], data=upload[1],
                                          overrides=overrides)
        elif fields["text"]:
            result = policies.ingest_text(platform.uow(), platform.embedder, actor=user, text=fields["text"],
                                          overrides=overrides)
        else:
            raise ValidationError("请上传政策文件，或把政策原文粘贴到文本框中", field="text", code="required")
    except (ValidationError, ValidationErrors, Conflict) as err:
        field = getattr(err, "field", None)
        errors = {field: err.message} if field in OVERRIDES else {}
        return render(request, "pages/policy_ingest.html", _ingest_context(fields, err.message, errors), status_code=422)
    dropped = "，".join(f"{DROP_LABELS.get(k, k)} {n} 行" for k, n in result.dropped.items())
    message = f"已收录《{result.title}》：提取举措 {result.measures} 条" + (f"，清洗掉{dropped}" if dropped else "")
    return redirect(f"/policies/{result.policy_id}", message)


@router.get("/policies/{policy_id:int}/edit")
def edit_form(request: Request, platform: PlatformDep, user: AdminUser, policy_id: Id) -> Response:
    policy = policies.get(platform.uow(), policy_id)
    form = {"title": policy.title, "issuer": policy.issuer, "doc_number": policy.doc_number,
            **{k: getattr(policy, k).isoformat() if getattr(policy, k) else "" for k in ("issued_on", "effective_on",
                                                                                         "valid_until")},
            "region": policy.region_code or "京津冀", "doc_type": policy.doc_type, "source": policy.source,
            "industries": policy.industries, "audiences": policy.audiences}
    return render(request, "pages/policy_form.html", _edit_context(policy, form, {}))


def _edit_context(policy: Any, form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {"policy": policy, "form": form, "errors": errors, "doc_types": DOC_TYPES, "audiences": AUDIENCES,
            "nav": "policies"}


@router.post("/policies/{policy_id:int}/edit")
async def edit(request: Request, platform: PlatformDep, user: AdminUser, policy_id: Id) -> Response:
    form = await request.form()
    raw: dict[str, Any] = {k: str(form.get(k) or "") for k in ("title", "issuer", "doc_number", "issued_on",
                                                               "effective_on", "valid_until", "region", "doc_type",
                                                               "source")}
    raw["industries"] = [str(v) for v in form.getlist("industries")]
    raw["audiences"] = [str(v) for v in form.getlist("audiences")]
    try:
        policies.update(platform.uow(), platform.embedder, actor=user, policy_id=policy_id, raw=raw)
    except ValidationError as err:
        policy = policies.get(platform.uow(), policy_id)
        return render(request, "pages/policy_form.html", _edit_context(policy, raw, {err.field or "form": err.message}),
                      status_code=422)
    return redirect(f"/policies/{policy_id}", "政策信息已更新")


@router.post("/policies/{policy_id:int}/delete")
def remove(platform: PlatformDep, user: AdminUser, policy_id: Id) -> Response:
    title = policies.delete(platform.uow(), actor=user, policy_id=policy_id)
    return redirect("/policies", f"已删除《{title}》")


@router.get("/policies/for/{kind}/{listing_id:int}")
def for_listing(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, listing_id: Id) -> Response:
    """适用政策 on an achievement or demand page (HTMX partial)."""
    if kind not in ("achievement", "demand"):
        raise HTTPException(404)
    found = policy_search.for_listing(platform.uow(), kind=kind, listing_id=listing_id, viewer=user)
    return render(request, "partials/_policies_for_listing.html", {"found": found})


@router.get("/policies/export.xlsx")
def export(platform: PlatformDep, user: CurrentUser) -> Response:
    from techbridge.policies.spreadsheets import export_policies

    if user is None or user.role not in ("admin", "broker"):
        raise PermissionDenied("只有管理方和技术经理人可以导出政策清单")
    folder = Path(tempfile.mkdtemp(prefix="policies-"))
    path = folder / "政策清单.xlsx"
    export_policies(platform.uow(), path)
    return FileResponse(path, filename="政策清单.xlsx", background=BackgroundTask(_cleanup, folder),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _cleanup(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
