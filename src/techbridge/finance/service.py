"""Use cases of 科技金融: record funds, products and needs, review them, score a firm; matches.py matches
them both ways.

Matching runs through the matching engine's document ranking (`matching.documents.rank_documents`):
the hard filters of `rules` build the candidate set first (a mask, not a post-filter), the engine
ranks only those candidates by text (BM25 over the domain segmenter fused with dense similarity),
and the soft factors and the Chinese explanation are added on top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from techbridge.accounts.directory import get_organization, organizations_by_id
from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.deals import queries as deal_queries
from techbridge.evaluation import queries as evaluation_queries
from techbridge.evaluation.queries import SharedEvaluation
from techbridge.finance import rules
from techbridge.finance.model import FinanceDeal, FinancialProduct, FinancingNeed, Fund, ReviewStatus
from techbridge.finance.repository import DealRepository, FundRepository, NeedRepository, ProductRepository
from techbridge.finance.validation import (
    validate_fund_input,
    validate_need_input,
    validate_product_input,
)
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from techbridge.listings import queries as listing_queries
from techbridge.matching.documents import Document, embed_documents
from techbridge.storage.uow import UnitOfWork

FUND_KIND = "fund"  # document kinds under which embeddings are stored
NEED_KIND = "financing_need"
PRODUCT_KIND = "fin_product"  # the embeddings table keeps kinds in 16 characters
Record = Fund | FinancialProduct | FinancingNeed
KINDS: dict[str, tuple[type[Any], str]] = {"fund": (FundRepository, "基金"), "product": (ProductRepository, "金融产品"),
                                           "need": (NeedRepository, "融资需求")}


# ---------------------------------------------------------------- who may do what


def owns(user: User | None, record: Record) -> bool:
    return user is not None and user.organization_id is not None and user.organization_id == record.organization_id


def _region_of(uow: UnitOfWork, record: Record) -> str | None:
    if isinstance(record, FinancingNeed):
        return record.region_code
    org = get_organization(uow, record.organization_id)
    return org.region_code if org else None


def may_review(uow: UnitOfWork, user: User | None, record: Record) -> bool:
    """Admins review records of their province (by the need's region or the institution's), the platform admin all."""
    return admin_covers(user, _region_of(uow, record))


def visible(uow: UnitOfWork, user: User | None, record: Record) -> bool:
    return record.status == ReviewStatus.PUBLISHED.value or owns(user, record) or may_review(uow, user, record)


def _organization_for(uow: UnitOfWork, actor: User, raw: Mapping[str, Any], what: str) -> int:
    org_id = actor.organization_id
    if actor.role == Role.ADMIN and str(raw.get("organization_id") or "").strip().isdigit():
        org_id = int(str(raw["organization_id"]))
    if org_id is None or get_organization(uow, org_id) is None:
        raise ValidationError(f"请先关联所属单位，再登记{what}", field="organization_id", code="organization_required")
    return org_id


def _editable(uow: UnitOfWork, actor: User, record: Record | None, what: str) -> Record:
    if record is None:
        raise NotFound(f"{what}不存在")
    if not (owns(actor, record) or may_review(uow, actor, record)):
        raise PermissionDenied(f"只有{what}所属单位的成员或管理方可以修改")
    return record


# ---------------------------------------------------------------- records


def _unique_name(save: Callable[..., int]) -> Callable[..., int]:
    """Two saves of the same name at the same moment: the unique constraint keeps one, the other is told why."""

    def guarded(*args: Any, **kwargs: Any) -> int:
        try:
            return save(*args, **kwargs)
        except IntegrityError:
            raise ValidationErrors([ValidationError("本单位已登记同名条目，请直接修改该条", field="name",
                                                    code="duplicate")]) from None
    return guarded


@_unique_name
def save_fund(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], fund_id: int | None = None,
              embedder: Any = None) -> int:
    """Create or update a fund of the actor's organisation; a new or changed fund waits for review."""
    data = validate_fund_input(raw)
    with uow:
        repo = uow.repo(FundRepository)
        now = utcnow()
        if fund_id is None:
            org_id = _organization_for(uow, actor, raw, "基金")
            fund = Fund(name=data.name, organization_id=org_id, funder_type=data.funder_type, thesis="",
                        ticket_min=data.ticket_min, ticket_max=data.ticket_max, created_by=actor.id, created_at=now)
        else:
            fund = _editable(uow, actor, repo.get(fund_id), "基金")  # type: ignore[assignment]
        same = repo.named(fund.organization_id, data.name)
        if same is not None and same.id != fund.id:
            raise ValidationErrors([ValidationError(f"本单位已登记名为“{data.name}”的基金，请直接修改该条", field="name",
                                                    code="duplicate")])
        for name, value in vars(data).items():
            setattr(fund, name, value)
        fund.status, fund.updated_at = _after_edit(actor, fund), now
        if fund.id is None:
            repo.add(fund)
        uow.flush()
        assert fund.id is not None
        uow.commit()
    _embed(uow, embedder, FUND_KIND, fund.id, fund.name, fund.full_text())
    return fund.id


@_unique_name
def save_product(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], product_id: int | None = None,
                 embedder: Any = None) -> int:
    data = validate_product_input(raw)
    with uow:
        repo = uow.repo(ProductRepository)
        now = utcnow()
        if product_id is None:
            org_id = _organization_for(uow, actor, raw, "金融产品")
            product = FinancialProduct(name=data.name, organization_id=org_id, kind=data.kind, description="",
                                       limit_max=data.limit_max, rate_min=data.rate_min, rate_max=data.rate_max,
                                       created_by=actor.id, created_at=now)
        else:
            product = _editable(uow, actor, repo.get(product_id), "金融产品")  # type: ignore[assignment]
        same = repo.named(product.organization_id, data.name)
        if same is not None and same.id != product.id:
            raise ValidationErrors([ValidationError(f"本单位已登记名为“{data.name}”的金融产品", field="name",
                                                    code="duplicate")])
        for name, value in vars(data).items():
            setattr(product, name, value)
        product.status, product.updated_at = _after_edit(actor, product), now
        if product.id is None:
            repo.add(product)
        uow.flush()
        assert product.id is not None
        uow.commit()
    _embed(uow, embedder, PRODUCT_KIND, product.id, product.name, product.full_text())
    return product.id


def save_need(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], need_id: int | None = None,
              embedder: Any = None) -> int:
    """A firm's financing need, optionally linked to one of its achievements or an engagement it is part of."""
    data = validate_need_input(raw, today=beijing_today())
    with uow:
        repo = uow.repo(NeedRepository)
        now = utcnow()
        if need_id is None:
            org_id = _organization_for(uow, actor, raw, "融资需求")
            need = FinancingNeed(title=data.title, organization_id=org_id, amount=data.amount, stage=data.stage,
                                 industry=data.industry, region_code=data.region_code, use_of_funds="", description="",
                                 deadline=data.deadline, created_by=actor.id, created_at=now)
        else:
            need = _editable(uow, actor, repo.get(need_id), "融资需求")  # type: ignore[assignment]
        errors = []
        same = repo.open_titled(need.organization_id, data.title)
        if same is not None and same.id != need.id:
            errors.append(ValidationError(f"本单位已有进行中的融资需求“{data.title}”，请勿重复提交", field="title",
                                          code="duplicate"))
        if data.achievement_id is not None:
            achievement = listing_queries.get_achievement(uow, data.achievement_id)
            if achievement is None or achievement.organization_id != need.organization_id:
                errors.append(ValidationError("关联成果不存在或不属于本单位", field="achievement_id", code="unknown_achievement"))
        if data.engagement_id is not None:
            engagement = deal_queries.get_engagement(uow, data.engagement_id)
            if engagement is None:
                errors.append(ValidationError("关联对接不存在", field="engagement_id", code="unknown_engagement"))
        if errors:
            raise ValidationErrors(errors)
        for name, value in vars(data).items():
            setattr(need, name, value)
        need.status, need.updated_at = _after_edit(actor, need), now
        if need.id is None:
            repo.add(need)
        uow.flush()
        assert need.id is not None
        uow.commit()
    _embed(uow, embedder, NEED_KIND, need.id, need.title, need.full_text())
    return need.id


def _after_edit(actor: User, record: Record) -> str:
    """A record entered or changed by its owner waits for review; an admin's own entry is published at once."""
    if is_admin(actor) and record.id is None:
        return ReviewStatus.PUBLISHED.value
    return ReviewStatus.PENDING.value if record.status != ReviewStatus.CLOSED.value else record.status


def _embed(uow: UnitOfWork, embedder: Any, kind: str, record_id: int, title: str, text: str) -> None:
    if embedder is None:
        return
    with uow:
        embed_documents(uow, embedder, kind, [Document(record_id, title, text)])
        uow.commit()


def get_record(uow: UnitOfWork, kind: str, record_id: int, *, viewer: User | None) -> tuple[Any, Organization]:
    repo_cls, label = KINDS[kind]
    with uow:
        record = uow.repo(repo_cls).get(record_id)
        if record is None or not visible(uow, viewer, record):
            raise NotFound(f"{label}不存在或尚未发布")
        org = get_organization(uow, record.organization_id)
        assert org is not None
        return record, org


@dataclass
class Row:
    record: Any
    org: Organization
    can_edit: bool = False


def listing(uow: UnitOfWork, kind: str, *, viewer: User | None, mine: bool = False) -> list[Row]:
    """Published records (and the viewer's own, whatever their status), newest first."""
    repo_cls, _ = KINDS[kind]
    with uow:
        repo = uow.repo(repo_cls)
        c = repo.table.c
        if mine:
            if viewer is None or viewer.organization_id is None:
                return []
            found = repo.list(c.organization_id == viewer.organization_id, order_by=c.id.desc())
        else:
            found = repo.list(c.status == ReviewStatus.PUBLISHED.value, order_by=c.id.desc(), limit=500)
        orgs = organizations_by_id(uow, {r.organization_id for r in found})
        return [Row(r, orgs[r.organization_id], owns(viewer, r) or may_review(uow, viewer, r)) for r in found]


# ---------------------------------------------------------------- review


def pending(uow: UnitOfWork, *, actor: User) -> dict[str, list[Row]]:
    """Records waiting for review within the admin's scope, by kind."""
    if not is_admin(actor):
        raise PermissionDenied("只有管理方可以审核")
    out: dict[str, list[Row]] = {}
    with uow:
        for kind, (repo_cls, _) in KINDS.items():
            repo = uow.repo(repo_cls)
            found = [r for r in repo.list(repo.table.c.status == ReviewStatus.PENDING.value, order_by=repo.table.c.id)
                     if may_review(uow, actor, r)]
            orgs = organizations_by_id(uow, {r.organization_id for r in found})
            out[kind] = [Row(r, orgs[r.organization_id], True) for r in found]
    return out


def review(uow: UnitOfWork, *, actor: User, kind: str, record_id: int, approve: bool, note: str = "") -> str:
    """Publish or return a pending record; only an admin covering its region may."""
    if kind not in KINDS:
        raise NotFound("未知的条目类型")
    repo_cls, label = KINDS[kind]
    note = note.strip()[:500]
    if not approve and not note:
        raise ValidationError("退回时请写明原因", field="note", code="required")
    with uow:
        record = uow.repo(repo_cls).get(record_id)
        if record is None:
            raise NotFound(f"{label}不存在")
        if not may_review(uow, actor, record):
            raise PermissionDenied(f"该{label}不在您的审核范围内")
        if record.status != ReviewStatus.PENDING.value:
            raise InvalidTransition(f"该{label}当前为“{ReviewStatus(record.status).label}”，不能审核")
        record.status = ReviewStatus.PUBLISHED.value if approve else ReviewStatus.REJECTED.value
        record.review_note, record.reviewed_by, record.reviewed_at = note, actor.id, utcnow()
        uow.commit()
        return str(record.status)


# ---------------------------------------------------------------- evaluation seam


def shared_evaluation(uow: UnitOfWork, need: FinancingNeed, organization_id: int | None) -> SharedEvaluation | None:
    """The evaluation (科技成果评价, evaluation/) of the need's achievement, when its owner consented to share it with
    the organisation; None without a linked achievement, an evaluation or that consent."""
    if need.achievement_id is None:
        return None
    return evaluation_queries.shared_with(uow, achievement_id=need.achievement_id, organization_id=organization_id)


def evaluation_for_viewer(uow: UnitOfWork, need: FinancingNeed, viewer: User | None) -> SharedEvaluation | None:
    """What the need's page shows a financier: the evaluation shared with the viewer's organisation, nothing else."""
    if viewer is None or owns(viewer, need):
        return None
    return shared_evaluation(uow, need, viewer.organization_id)


# ---------------------------------------------------------------- loaders for the indexing job


def fund_documents(uow: UnitOfWork) -> list[Document]:
    with uow:
        return [Document(f.id, f.name, f.full_text()) for f in uow.repo(FundRepository).published() if f.id is not None]


def need_documents(uow: UnitOfWork) -> list[Document]:
    with uow:
        return [Document(n.id, n.title, n.full_text()) for n in uow.repo(NeedRepository).published() if n.id is not None]


def product_documents(uow: UnitOfWork) -> list[Document]:
    with uow:
        return [Document(p.id, p.name, p.full_text()) for p in uow.repo(ProductRepository).published() if p.id is not None]


# ---------------------------------------------------------------- for other features (roadshows)


def open_funnel_for(uow: UnitOfWork, *, actor: User, need_id: int) -> int | None:
    """An investor's interest in a need: the funnel entry with the first of its organisation's published funds
    whose hard filters the need passes; None when no fund of the organisation fits."""
    from techbridge.finance import deals

    if actor.organization_id is None:
        return None
    with uow:
        need = uow.repo(NeedRepository).get(need_id)
        funds = [f for f in uow.repo(FundRepository).published() if f.organization_id == actor.organization_id]
        fitting = [f.id for f in funds if need is not None and f.id is not None and rules.fund_passes(f, need)]
    if not fitting:
        return None
    return deals.start(uow, actor=actor, fund_id=fitting[0], need_id=need_id)


def published_needs(uow: UnitOfWork) -> list[FinancingNeed]:
    with uow:
        return list(uow.repo(NeedRepository).published())


def needs_by_id(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, FinancingNeed]:
    with uow:
        return dict(uow.repo(NeedRepository).get_many(ids))


def deal_by_id(uow: UnitOfWork, deal_id: int) -> FinanceDeal | None:
    """One finance funnel entry (for roadshows' 对接清单 and the idle reminder)."""
    with uow:
        return uow.repo(DealRepository).get(deal_id)


def fitting_fund_counts(uow: UnitOfWork, need_ids: Sequence[int]) -> dict[int, int]:
    """How many published funds (of other organisations) pass each need's hard filters (roadshow candidates)."""
    with uow:
        funds = list(uow.repo(FundRepository).published())
        needs = uow.repo(NeedRepository).get_many(need_ids)
        return {i: sum(1 for f in funds if f.organization_id != n.organization_id and rules.fund_passes(f, n))
                for i, n in needs.items()}

