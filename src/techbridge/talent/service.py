"""Use cases of the talent database: profiles, track records, search, and contact details on request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from techbridge.accounts.directory import get_organization, users_by_id
from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import admin_covers
from techbridge.deals import queries as deal_queries
from techbridge.deals.pipeline import Stage
from techbridge.kernel.clock import BEIJING, beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied
from techbridge.kernel.regions import PROVINCES
from techbridge.matching.documents import Document, RankedDocument, embed_documents, rank_documents
from techbridge.matching.relevance import relevant
from techbridge.storage.uow import UnitOfWork
from techbridge.talent import verification
from techbridge.talent.model import (
    CONTACT_DAILY_LIMIT,
    ContactAccess,
    CredentialStatus,
    Expert,
    ExpertKind,
    TrackRecord,
    contact_fields_shown,
    validate_reason,
)
from techbridge.talent.repository import ContactAccessRepository, ExpertRepository
from techbridge.talent.validation import validate_expert_input

KIND = "expert"  # the document kind under which expert embeddings are stored


@dataclass
class ExpertCard:
    expert: Expert
    credential: CredentialStatus
    track: TrackRecord
    hit: RankedDocument | None = None  # why it matched a search, when there was one
    relevance: float | None = None  # 0..1 (services/service_ranking.py)


@dataclass
class TalentQuery:
    q: str = ""
    kind: str = ""
    field: str = ""
    province: str = ""
    credential: str = ""  # "valid": only holders of a currently valid credential
    page: int = 1
    size: int = 20


@dataclass
class TalentPage:
    items: list[ExpertCard]
    total: int
    page: int
    size: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass
class ContactCard:
    expert_id: int
    name: str
    phone: str
    email: str
    at: datetime


@dataclass
class ExpertProfile:
    expert: Expert
    credential: CredentialStatus
    track: TrackRecord
    can_edit: bool
    has_contact: bool  # the expert made a phone or e-mail public
    access_log: list[tuple[ContactAccess, str]]  # (access, viewer name): for the expert and admins only


# ---------------------------------------------------------------- profiles


def save_profile(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], expert_id: int | None = None,
                 today: date | None = None, embedder: Any = None) -> int:
    """Create or update a profile: one's own, or any profile for an admin. Returns its id.

    With an embedder the profile is embedded at once, so expert finding sees it before the
    next indexing run (without one it is found by its words only until then).
    """
    data = validate_expert_input(raw, today=today or beijing_today())
    with uow:
        now = utcnow()
        if expert_id is None:
            expert = _new_profile(uow, actor, now)
        else:
            expert = _editable(uow, actor, expert_id)
        before = tuple(getattr(expert, f) for f in verification.CREDENTIAL_FIELDS)
        for name, value in vars(data).items():
            setattr(expert, name, value)
        verification.after_save(uow, actor, expert, before)
        if not expert.org_name and expert.organization_id:
            org = get_organization(uow, expert.organization_id)
            expert.org_name = org.name if org else ""
        expert.updated_at = now
        uow.flush()
        assert expert.id is not None
        uow.commit()
    if embedder is not None:
        with uow:
            embed_documents(uow, embedder, KIND, [Document(expert.id, expert.name, expert.full_text())])
            uow.commit()
    return expert.id


def _new_profile(uow: UnitOfWork, actor: User, now: datetime) -> Expert:
    if actor.role != Role.ADMIN and actor.id is not None and uow.repo(ExpertRepository).for_user(actor.id) is not None:
        raise Conflict("您已经建立了人才档案，请在原档案上修改", code="profile_exists")
    own = actor.role != Role.ADMIN
    expert = Expert(name="", kind=ExpertKind.EXPERT.value, region_code="", user_id=actor.id if own else None,
                    organization_id=actor.organization_id if own else None, created_at=now, updated_at=now)
    uow.repo(ExpertRepository).add(expert)
    return expert


def _editable(uow: UnitOfWork, actor: User, expert_id: int) -> Expert:
    expert = uow.repo(ExpertRepository).get(expert_id)
    if expert is None:
        raise NotFound("人才档案不存在")
    if not _may_edit(actor, expert):
        raise PermissionDenied("只有本人或管理方可以修改人才档案")
    return expert


def _may_edit(viewer: User | None, expert: Expert) -> bool:
    """The person themself, or an admin of the region the profile belongs to (the platform admin: any)."""
    if viewer is None:
        return False
    own = viewer.id is not None and viewer.id == expert.user_id
    return own or admin_covers(viewer, expert.credential_region or expert.region_code)


def own_profile_id(uow: UnitOfWork, user: User) -> int | None:
    with uow:
        expert = uow.repo(ExpertRepository).for_user(user.id) if user.id is not None else None
        return expert.id if expert else None


def get_profile(uow: UnitOfWork, *, viewer: User | None, expert_id: int, today: date | None = None) -> ExpertProfile:
    """A profile as the viewer may see it; unlisted profiles exist only for their owner and admins."""
    today = today or beijing_today()
    with uow:
        expert = uow.repo(ExpertRepository).get(expert_id)
        can_edit = expert is not None and _may_edit(viewer, expert)
        if expert is None or not (expert.is_listed or can_edit):
            raise NotFound("人才档案不存在或未公开")
        log: list[tuple[ContactAccess, str]] = []
        if can_edit:
            accesses = list(uow.repo(ContactAccessRepository).for_expert(expert_id))
            users = users_by_id(uow, [a.viewer_id for a in accesses])
            log = [(a, users[a.viewer_id].display_name if a.viewer_id in users else "") for a in accesses]
        track = track_records(uow, [expert]).get(expert_id, TrackRecord())
        return ExpertProfile(expert, expert.credential_status(today), track, can_edit,
                             bool(contact_fields_shown(expert)), log)


def reveal_contact(uow: UnitOfWork, *, viewer: User | None, expert_id: int, reason: str,
                   now: datetime | None = None) -> ContactCard:
    """Show the contact details an expert made public to a member who says why; the access is recorded."""
    if viewer is None or viewer.id is None:
        raise PermissionDenied("请先登录，再查看专家联系方式", code="login_required")
    text = validate_reason(reason)
    now = now or utcnow()
    with uow:
        expert = uow.repo(ExpertRepository).get(expert_id)
        if expert is None or not (expert.is_listed or _may_edit(viewer, expert)):
            raise NotFound("人才档案不存在或未公开")
        shown = contact_fields_shown(expert)
        if not shown:
            raise PermissionDenied("该专家未公开联系方式；可通过平台技术经理人代为联系", code="contact_not_public")
        day_start = datetime.combine((now + BEIJING).date(), datetime.min.time()) - BEIJING
        if viewer.role != Role.ADMIN and uow.repo(ContactAccessRepository).count_since(viewer.id, day_start) >= CONTACT_DAILY_LIMIT:
            raise PermissionDenied(f"为保护专家隐私，每位用户每天最多查看{CONTACT_DAILY_LIMIT}位专家的联系方式，请明天再试",
                                   code="contact_limit")
        uow.repo(ContactAccessRepository).add(ContactAccess(expert_id, viewer.id, text, shown, at=now))
        uow.commit()
        return ContactCard(expert_id, expert.name, expert.phone if "phone" in shown else "",
                           expert.email if "email" in shown else "", now)


# ---------------------------------------------------------------- track records


def track_records(uow: UnitOfWork, experts: Sequence[Expert]) -> dict[int, TrackRecord]:
    """Track records of the experts that have accounts, from the engagements they run as broker."""
    users = {e.user_id: e.id for e in experts if e.user_id is not None and e.id is not None}
    stages = deal_queries.stage_counts_of_brokers(uow, users)
    contracts = deal_queries.signed_record_of_brokers(uow, users)
    records: dict[int, TrackRecord] = {}
    for user_id, expert_id in users.items():
        counts = stages.get(user_id, {})
        count, amount, last = contracts.get(user_id, (0, None, None))
        signed = counts.get(Stage.SIGNED, 0) + counts.get(Stage.PRODUCTION, 0)
        terminated = counts.get(Stage.TERMINATED, 0)
        total = sum(counts.values())
        records[expert_id] = TrackRecord(total, total - signed - terminated, signed, terminated, count,
                                         Decimal(amount or 0).quantize(Decimal("0.01")), last)
    return records


# ---------------------------------------------------------------- search


def expert_documents(uow: UnitOfWork) -> list[Document]:
    """The loader registered for kind "expert": every listed profile as rankable text."""
    with uow:
        experts = uow.repo(ExpertRepository).list(uow.repo(ExpertRepository).table.c.is_listed.is_(True))
        return [Document(e.id, e.name, e.full_text()) for e in experts if e.id is not None]


def search(uow: UnitOfWork, embedder: Any, query: TalentQuery, *, today: date | None = None) -> TalentPage:
    """Filter the listed profiles; rank them by the engine when there is a query text."""
    today = today or beijing_today()
    with uow:
        c = uow.repo(ExpertRepository).table.c
        experts = [e for e in uow.repo(ExpertRepository).list(c.is_listed.is_(True), order_by=c.id) if _passes(e, query, today)]
        facets = _facets(experts)
        hits: dict[int, tuple[RankedDocument, float]] = {}
        if query.q.strip():
            docs = [Document(e.id, e.name, e.full_text()) for e in experts if e.id is not None]
            kept = relevant(rank_documents(uow, embedder, KIND, query.q, docs, k=len(docs)))
            hits = {r.id: (r, score) for r, score in kept}
            by_id = {e.id: e for e in experts}
            experts = [by_id[r.id] for r, _ in kept]
        else:
            experts.sort(key=lambda e: (e.kind != ExpertKind.BROKER, e.credential_status(today) != CredentialStatus.VALID,
                                        -(e.updated_at or datetime.min).timestamp()))
        start = (query.page - 1) * query.size
        chosen = experts[start : start + query.size]
        tracks = track_records(uow, chosen)
        items = [ExpertCard(e, e.credential_status(today), tracks.get(e.id or 0, TrackRecord()),
                            *hits.get(e.id or 0, (None, None))) for e in chosen]
        return TalentPage(items, len(experts), query.page, query.size, facets)


def _passes(expert: Expert, query: TalentQuery, today: date) -> bool:
    if query.kind and expert.kind != query.kind:
        return False
    if query.field and query.field not in expert.fields:
        return False
    if query.province and expert.region_code[:2] != query.province[:2]:
        return False
    return not (query.credential == "valid" and not expert.credential_valid_on(today))


def _facets(experts: list[Expert]) -> dict[str, list[tuple[str, int]]]:
    provinces = Counter(e.region_code[:2] + "0000" for e in experts)
    return {
        "kind": Counter(e.kind for e in experts).most_common(),
        "province": [(code, provinces[code]) for code in PROVINCES if provinces[code]],
        "field": Counter(f for e in experts for f in e.fields).most_common(),
    }

