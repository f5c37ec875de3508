"""科技金融 pages: funds, products and financing needs with their matches, the 科技型中小企业 score, review."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin, is_broker
from techbridge.finance import deals as funnel
from techbridge.finance import matches as finance_matches
from techbridge.finance import scores as finance_scores
from techbridge.finance import service as finance
from techbridge.finance.innovation_rules import AUXILIARY, BANDS, FAMILIES
from techbridge.finance.innovation_rules import SOURCE as INNOVATION_SOURCE
from techbridge.finance.model import ReviewStatus
from techbridge.finance.pages_common import common_context, region_label
from techbridge.finance.pages_imports import router as imports_router
from techbridge.finance.sme_rules import DIRECT_PASS, SOURCE
from techbridge.kernel.errors import DomainError, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.regions import regions
from techbridge.web.deps import AdminUser, CurrentUser, Id, PlatformDep, QueryId, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
router.include_router(imports_router)
LIST_FIELDS = ("stages", "industries", "excluded_industries", "regions", "kinds")


async def _form(request: Request) -> dict[str, str]:
    """The posted form; a list field (checkboxes) is joined with "、"."""
    data = await request.form()
    out: dict[str, str] = {}
    for key in data:
        if key == "csrf_token":
            continue
        values = [str(v) for v in data.getlist(key)]
        out[key] = "、".join(v for v in values if v) if key in LIST_FIELDS else values[-1]
    return out


def _errors(err: DomainError) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {e.field or "form": e.message for e in err.errors}
    return {getattr(err, "field", None) or "form": err.message}


def _sees_matches(user: User | None, can_edit: bool) -> bool:
    return can_edit or is_broker(user) or is_admin(user)


@router.get("/finance")
def home(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    ctx = {kind: finance.listing(platform.uow(), kind, viewer=user) for kind in ("fund", "product", "need")}
    mine = {kind: finance.listing(platform.uow(), kind, viewer=user, mine=True) for kind in ("fund", "product", "need")}
    return render(request, "pages/finance_home.html", {**common_context(), "lists": ctx, "mine": mine})


# ---------------------------------------------------------------- forms


FORM_TITLES = {"fund": "登记基金 / 投资机构", "product": "登记金融产品", "need": "发布融资需求"}
SAVERS: dict[str, tuple[Any, str, str]] = {"fund": (finance.save_fund, "fund_id", "/finance/funds"),
          "product": (finance.save_product, "product_id", "/finance/products"),
          "need": (finance.save_need, "need_id", "/finance/needs")}


def _render_form(request: Request, kind: str, form: dict[str, Any], errors: dict[str, str], record_id: int | None,
                 status_code: int = 200) -> Response:
    return render(request, "pages/finance_form.html", {
        **common_context(), "kind": kind, "form": form, "errors": errors, "record_id": record_id,
        "title": FORM_TITLES[kind] if record_id is None else "修改" + FORM_TITLES[kind][2:],
        "action": f"{SAVERS[kind][2]}/{record_id}/edit" if record_id else f"{SAVERS[kind][2]}/new",
        "direct_pass": DIRECT_PASS,
    }, status_code=status_code)


def _defaults(platform: PlatformDep, user: User, kind: str) -> dict[str, Any]:
    with platform.uow() as uow:
        org = get_organization(uow, user.organization_id) if user.organization_id else None
    form: dict[str, Any] = {"contact_name": user.display_name, "contact_phone": user.phone}
    if kind == "need" and org is not None:
        form["region"] = regions().full_name(org.region_code)
        form["kinds"] = "股权"
    if kind == "product":
        form["term_months"] = "12"
    return form


def _record_form(record: Any) -> dict[str, Any]:
    form = {k: v for k, v in vars(record).items() if not k.startswith("_")}
    for key in ("stages", "industries", "excluded_industries"):
        if key in form:
            form[key] = "、".join(form[key])
    if "regions" in form:
        form["regions"] = "、".join(region_label(c) for c in form["regions"])
    if "region_code" in form:
        form["region"] = regions().full_name(form["region_code"])
    if "wants_equity" in form:
        form["kinds"] = "、".join(k for k, on in (("股权", record.wants_equity), ("债权", record.wants_debt)) if on)
    for key in ("requires_pledge", "has_pledge"):
        if key in form:
            form[key] = "1" if form[key] else ""
    return {k: ("" if v is None else v) for k, v in form.items()}


async def _save(request: Request, platform: PlatformDep, user: User, kind: str, record_id: int | None) -> Response:
    form = await _form(request)
    save, key, base = SAVERS[kind]
    try:
        saved = save(platform.uow(), actor=user, raw=form, embedder=platform.embedder, **{key: record_id})
    except (ValidationErrors, ValidationError) as err:
        return _render_form(request, kind, form, _errors(err), record_id, 422)
    return redirect(f"{base}/{saved}", "已提交，管理方审核通过后公开" if not is_admin(user) else "已保存并发布")


def _edit_form(request: Request, platform: PlatformDep, user: User, kind: str, record_id: int) -> Response:
    record, _ = finance.get_record(platform.uow(), kind, record_id, viewer=user)
    with platform.uow() as uow:
        allowed = finance.owns(user, record) or finance.may_review(uow, user, record)
    if not allowed:
        raise PermissionDenied("只有所属单位的成员或管理方可以修改")
    return _render_form(request, kind, _record_form(record), {}, record_id)


@router.get("/finance/funds/new")
def new_fund(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return _render_form(request, "fund", _defaults(platform, user, "fund"), {}, None)


@router.post("/finance/funds/new")
async def create_fund(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return await _save(request, platform, user, "fund", None)


@router.get("/finance/funds/{fund_id:int}/edit")
def edit_fund(request: Request, platform: PlatformDep, user: RequiredUser, fund_id: Id) -> Response:
    return _edit_form(request, platform, user, "fund", fund_id)


@router.post("/finance/funds/{fund_id:int}/edit")
async def update_fund(request: Request, platform: PlatformDep, user: RequiredUser, fund_id: Id) -> Response:
    return await _save(request, platform, user, "fund", fund_id)


@router.get("/finance/products/new")
def new_product(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return _render_form(request, "product", _defaults(platform, user, "product"), {}, None)


@router.post("/finance/products/new")
async def create_product(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return await _save(request, platform, user, "product", None)


@router.get("/finance/products/{product_id:int}/edit")
def edit_product(request: Request, platform: PlatformDep, user: RequiredUser, product_id: Id) -> Response:
    return _edit_form(request, platform, user, "product", product_id)


@router.post("/finance/products/{product_id:int}/edit")
async def update_product(request: Request, platform: PlatformDep, user: RequiredUser, product_id: Id) -> Response:
    return await _save(request, platform, user, "product", product_id)


@router.get("/finance/needs/new")
def new_need(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return _render_form(request, "need", _defaults(platform, user, "need"), {}, None)


@router.post("/finance/needs/new")
async def create_need(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    return await _save(request, platform, user, "need", None)


@router.get("/finance/needs/{need_id:int}/edit")
def edit_need(request: Request, platform: PlatformDep, user: RequiredUser, need_id: Id) -> Response:
    return _edit_form(request, platform, user, "need", need_id)


@router.post("/finance/needs/{need_id:int}/edit")
async def update_need(request: Request, platform: PlatformDep, user: RequiredUser, need_id: Id) -> Response:
    return await _save(request, platform, user, "need", need_id)


# ---------------------------------------------------------------- detail pages with matches


def _detail(platform: PlatformDep, user: User | None, kind: str, record_id: int) -> dict[str, Any]:
    record, org = finance.get_record(platform.uow(), kind, record_id, viewer=user)
    with platform.uow() as uow:
        can_edit = finance.owns(user, record) or finance.may_review(uow, user, record)
        can_review = finance.may_review(uow, user, record) and record.status == ReviewStatus.PENDING.value
    return {**common_context(), "r": record, "org": org, "can_edit": can_edit, "can_review": can_review,
            "sees_matches": _sees_matches(user, can_edit)}


@router.get("/finance/funds/{fund_id:int}")
def fund_page(request: Request, platform: PlatformDep, user: CurrentUser, fund_id: Id) -> Response:
    ctx = _detail(platform, user, "fund", fund_id)
    if ctx["sees_matches"]:
        ctx["matches"] = finance_matches.matches_for_fund(platform.uow(), platform.embedder, fund_id=fund_id, viewer=user)
        ctx["deals"] = {d.need_id: d for d in funnel.deals_of(platform.uow(), fund_id=fund_id)}
    return render(request, "pages/finance_fund.html", ctx)


@router.get("/finance/products/{product_id:int}")
def product_page(request: Request, platform: PlatformDep, user: CurrentUser, product_id: Id) -> Response:
    return render(request, "pages/finance_product.html", _detail(platform, user, "product", product_id))


@router.get("/finance/needs/{need_id:int}")
def need_page(request: Request, platform: PlatformDep, user: CurrentUser, need_id: Id) -> Response:
    ctx = _detail(platform, user, "need", need_id)
    if ctx["sees_matches"]:
        ctx["matches"] = finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=need_id, viewer=user)
        ctx["deals"] = {d.fund_id: d for d in funnel.deals_of(platform.uow(), need_id=need_id)}
    with platform.uow() as uow:
        ctx["evaluation"] = finance.evaluation_for_viewer(uow, ctx["r"], user)
    return render(request, "pages/finance_need.html", ctx)


# ---------------------------------------------------------------- 科技型中小企业评价


@router.get("/finance/score")
def score_form(request: Request, user: CurrentUser, need: QueryId = None) -> Response:
    return render(request, "pages/finance_score.html", {**common_context(), "form": {"need_id": need or ""}, "errors": {},
                                                         "score": None, "direct_pass": DIRECT_PASS, "source": SOURCE})


@router.post("/finance/score")
async def score(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    form = await _form(request)
    need_id = int(form["need_id"]) if form.get("need_id", "").isdigit() else None
    try:
        result = finance_scores.sme_score(platform.uow(), raw=form, actor=user, need_id=need_id if user else None)
    except (ValidationErrors, ValidationError) as err:
        return render(request, "pages/finance_score.html", {**common_context(), "form": form, "errors": _errors(err),
                                                             "score": None, "direct_pass": DIRECT_PASS, "source": SOURCE},
                      status_code=422)
    return render(request, "pages/finance_score.html", {**common_context(), "form": form, "errors": {}, "score": result,
                                                         "direct_pass": DIRECT_PASS, "source": SOURCE,
                                                         "saved_to": need_id if user else None})


# ---------------------------------------------------------------- 创新积分


def _innovation(request: Request, form: dict[str, Any], errors: dict[str, str], result: Any = None,
                saved_to: int | None = None, status_code: int = 200) -> Response:
    return render(request, "pages/finance_innovation.html", {
        **common_context(), "form": form, "errors": errors, "score": result, "saved_to": saved_to, "auxiliary": AUXILIARY,
        "source": INNOVATION_SOURCE, "families": FAMILIES, "bands": BANDS}, status_code=status_code)


@router.get("/finance/innovation")
def innovation_form(request: Request, user: CurrentUser, need: QueryId = None) -> Response:
    return _innovation(request, {"need_id": need or ""}, {})


@router.post("/finance/innovation")
async def innovation(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    form = await _form(request)
    need_id = int(form["need_id"]) if form.get("need_id", "").isdigit() else None
    try:
        result = finance_scores.innovation_score(platform.uow(), raw=form, actor=user, need_id=need_id if user else None)
    except (ValidationErrors, ValidationError) as err:
        return _innovation(request, form, _errors(err), status_code=422)
    return _innovation(request, form, {}, result, need_id if user else None)


# ---------------------------------------------------------------- review


@router.get("/finance/review")
def review_queue(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    return render(request, "pages/finance_review.html", {**common_context(), "queue": finance.pending(platform.uow(), actor=user)})


@router.post("/finance/review")
async def review(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    form = await _form(request)
    kind, record_id = form.get("kind", ""), form.get("record_id", "")
    if kind not in finance.KINDS or not record_id.isdigit() or int(record_id) > 2**31 - 1:
        raise ValidationError("审核请求不完整", code="bad_request")
    try:
        finance.review(platform.uow(), actor=user, kind=kind, record_id=int(record_id),
                       approve=form.get("decision") == "approve", note=form.get("note", ""))
    except ValidationError as err:
        return redirect("/finance/review", err.message, kind="error")
    return redirect("/finance/review", "已发布" if form.get("decision") == "approve" else "已退回")


# ---------------------------------------------------------------- finance funnel


@router.post("/finance/deals")
async def start_deal(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await _form(request)
    ids = [form.get("fund_id", ""), form.get("need_id", "")]
    if not all(i.isdigit() and 0 < int(i) < 2**31 for i in ids):
        raise ValidationError("请求不完整", code="bad_request")
    deal_id = funnel.start(platform.uow(), actor=user, fund_id=int(ids[0]), need_id=int(ids[1]))
    return redirect(f"/finance/deals/{deal_id}", "已发起融资对接")


@router.get("/finance/deals/{deal_id:int}")
def deal_page(request: Request, platform: PlatformDep, user: RequiredUser, deal_id: Id,
              errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    v = funnel.view(platform.uow(), deal_id=deal_id, viewer=user)
    return render(request, "pages/finance_deal.html", {
        **common_context(), "v": v, "errors": errors or {}, "reasons": funnel.REASONS}, status_code=status_code)




@router.post("/finance/deals/{deal_id:int}/advance")
async def advance_deal(request: Request, platform: PlatformDep, user: RequiredUser, deal_id: Id) -> Response:
    form = await _form(request)
    try:
        funnel.advance(platform.uow(), actor=user, deal_id=deal_id, target=form.get("to", ""),
                       amount=form.get("amount") or None, note=form.get("note", ""))
    except ValidationError as err:
        return deal_page(request, platform, user, deal_id, errors=_errors(err), status_code=422)
    return redirect(f"/finance/deals/{deal_id}", "已推进")


@router.post("/finance/deals/{deal_id:int}/terminate")
async def terminate_deal(request: Request, platform: PlatformDep, user: RequiredUser, deal_id: Id) -> Response:
    form = await _form(request)
    try:
        funnel.terminate(platform.uow(), actor=user, deal_id=deal_id, reason=form.get("reason", ""),
                         note=form.get("note", ""))
    except ValidationError as err:
        return deal_page(request, platform, user, deal_id, errors=_errors(err), status_code=422)
    return redirect(f"/finance/deals/{deal_id}", "已终止")


@router.get("/finance/funnel")
def funnel_page(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    if not (is_admin(user) or is_broker(user)):
        raise PermissionDenied("只有管理方和技术经理人可以查看融资漏斗")
    return render(request, "pages/finance_funnel.html", {**common_context(), "report": funnel.funnel(platform.uow(), viewer=user)})
