"""审核: the admin's review queue as a sortable, filterable table; approve or send back in a batch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.regions import PROVINCES
from techbridge.listings import review
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import redirect, render, safe_next

router = APIRouter()


def _filters(kind: str = "", industry: str = "", province: str = "", q: str = "", sort: str = "submitted"
             ) -> review.QueueFilters:
    return review.QueueFilters(kind=kind if kind in review.KINDS else "", industry=industry[:40],
                               province=province if province in (*PROVINCES, "other") else "", q=q.strip()[:100],
                               sort=sort if sort.lstrip("-") in review.SORTS else "submitted")


@router.get("/review")
def review_queue(request: Request, platform: PlatformDep, user: AdminUser, kind: str = "", industry: str = "",
                 province: str = "", q: str = "", sort: str = "submitted") -> Response:
    return _page(request, platform, user, _filters(kind, industry, province, q, sort))


def _page(request: Request, platform: PlatformDep, user: AdminUser, filters: review.QueueFilters,
          errors: dict[str, str] | None = None, form: dict[str, str] | None = None, picked: set[str] | None = None,
          status_code: int = 200) -> Response:
    q = review.queue(platform.uow(), viewer=user, filters=filters)
    return render(request, "pages/review.html", {
        "q": q, "kinds": review.KINDS, "sorts": review.SORTS, "provinces": PROVINCES, "errors": errors or {},
        "form": form or {}, "picked": picked or set(), "nav": "review",
    }, status_code=status_code)


@router.post("/review/batch")
async def decide(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    form = await request.form()
    notes = {k: str(v) for k, v in form.items() if k.startswith("note-")}
    only = str(form.get("only") or "")
    if only:  # one row's own button: "approve:demand:12"
        action, _, key = only.partition(":")
        picks, chosen = [key], action
    else:
        picks, chosen = [str(v) for v in form.getlist("pick")], str(form.get("action") or "")
    back = safe_next(str(form.get("back") or "/review"))
    try:
        if chosen not in (review.APPROVE, review.RETURN):
            raise ValidationErrors([ValidationError("请选择“通过”或“退回”", field="pick", code="no_action")])
        decisions = []
        for key in picks:
            kind, listing_id = review.parse_key(key)
            decisions.append(review.Decision(kind, listing_id, chosen, notes.get(f"note-{kind}-{listing_id}", "")))
        result = review.decide(platform.uow, platform.bus, actor=user, decisions=decisions)
    except ValidationErrors as many:
        errors = {e.field or "pick": e.message for e in many.errors}
        filters = _filters(**{k: str(form.get(k) or "") for k in ("kind", "industry", "province", "q")},
                           sort=str(form.get("sort") or "submitted"))
        return _page(request, platform, user, filters, errors, notes, set(picks), status_code=422)
    parts = [f"已通过 {len(result.approved)} 条"] if result.approved else []
    parts += [f"已退回 {len(result.returned)} 条"] if result.returned else []
    parts += [f"{len(result.skipped)} 条未处理：{result.skipped[0][1]}"] if result.skipped else []
    return redirect(back, "，".join(parts) or "没有条目被处理", "error" if result.skipped and not (
        result.approved or result.returned) else "ok")
