"""Use cases of the registry: organisations, achievements and demands, and their lifecycle."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied, ValidationError
from techbridge.listings import rules
from techbridge.listings.events import EventBus, ListingChanged, announce_changes
from techbridge.listings.model import Achievement, Demand, Listing, ListingStatus, TrlEvidence
from techbridge.listings.repository import AchievementRepository, DemandRepository, TrlEvidenceRepository
from techbridge.listings.validation import ListingInput, validate_achievement_input, validate_demand_input
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Kind:
    """How one listing kind is validated, built and stored."""

    name: str  # achievement | demand
    label: str
    cls: type[Listing]
    validate: Callable[[Mapping[str, Any]], ListingInput]

    def repo(self, uow: UnitOfWork) -> Any:
        return uow.repo(AchievementRepository) if self.name == "achievement" else uow.repo(DemandRepository)


# Who may publish each kind: 成果方 achievements, 需求方 demands; brokers and admins act for either side.
PUBLISHERS = {
    "achievement": (Role.SUPPLIER, Role.BROKER, Role.ADMIN),
    "demand": (Role.SEEKER, Role.BROKER, Role.ADMIN),
}

KINDS = {
    "achievement": Kind("achievement", "科技成果", Achievement, validate_achievement_input),
    "demand": Kind("demand", "技术需求", Demand, validate_demand_input),
}


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFound(f"未知的条目类型“{name}”") from None


# ---------------------------------------------------------------- listings


def _apply_input(listing: Listing, data: ListingInput) -> None:
    for key, value in asdict(data).items():
        if key == "original":
            listing.original = {**listing.original, **value}
        else:
            setattr(listing, key, value)
    listing.updated_at = utcnow()


def create_listing(
    uow: UnitOfWork, bus: EventBus | None, *, kind: str, actor: User, raw: Mapping[str, Any],
    organization_id: int | None = None, submit: bool = False,
) -> int:
    """Create a draft listing for the actor's organisation (admins may name another); optionally submit it."""
    spec = kind_of(kind)
    if actor.role not in PUBLISHERS[kind]:
        side = "成果方" if kind == "achievement" else "需求方"
        raise PermissionDenied(f"只有{side}账号可以发布{spec.label}")
    org_id = organization_id if organization_id is not None and is_admin(actor) else actor.organization_id
    if org_id is None:
        raise PermissionDenied("请先加入一个单位，再发布条目")
    org = get_organization(uow, org_id)
    if org is None:
        raise NotFound("单位不存在")
    if org_id != actor.organization_id and not admin_covers(actor, org.region_code):
        raise PermissionDenied("只能为本地区的单位代为发布")
    data = spec.validate({"region": org.region_code, **raw} if not raw.get("region") else raw)
    rules.check_deadline(getattr(data, "deadline", None), beijing_today())
    now = utcnow()
    listing = spec.cls(
        title=data.title, organization_id=org_id, industry=data.industry, region_code=data.region_code,
        owner_id=actor.id, created_at=now, updated_at=now,
    )
    _apply_input(listing, data)
    listing.park = listing.park or org.park
    if submit:
        listing.status = ListingStatus.PENDING_REVIEW.value
    spec.repo(uow).add(listing)
    uow.flush()
    assert listing.id is not None
    listing_id = listing.id
    announce_changes(uow, kind, [listing_id])
    uow.commit()
    if bus:
        bus.publish(ListingChanged(kind, listing_id))
    return listing_id


def update_listing(
    uow: UnitOfWork, bus: EventBus | None, *, kind: str, actor: User, listing_id: int, raw: Mapping[str, Any]
) -> None:
    """Replace a listing's fields; a published listing goes back to review after an edit by its owner."""
    spec = kind_of(kind)
    listing = _editable(uow, spec, actor, listing_id)
    data = spec.validate(raw)
    rules.check_deadline(getattr(data, "deadline", None), beijing_today(), stored=getattr(listing, "deadline", None))
    _apply_input(listing, data)
    if listing.status == ListingStatus.PUBLISHED and not admin_covers(actor, listing.region_code):
        listing.status = ListingStatus.PENDING_REVIEW.value
    announce_changes(uow, kind, [listing_id])
    uow.commit()
    if bus:
        bus.publish(ListingChanged(kind, listing_id))


def change_status(
    uow: UnitOfWork, bus: EventBus | None, *, kind: str, actor: User, listing_id: int, target: str, note: str = ""
) -> None:
    """Submit, approve, send back (with a reason) or archive a listing."""
    spec = kind_of(kind)
    listing = spec.repo(uow).get(listing_id)
    if listing is None:
        raise NotFound(f"{spec.label}不存在")
    is_owner = actor.organization_id == listing.organization_id
    rules.check_listing_transition(listing.status, target, actor=actor, is_owner=is_owner,
                                   region_code=listing.region_code)
    reviewed = listing.status == ListingStatus.PENDING_REVIEW and not is_owner  # an admin's review decision
    sending_back = reviewed and target == ListingStatus.DRAFT
    if sending_back and not note.strip():
        raise ValidationError("退回修改时请写明原因", field="note", code="reason_required")
    listing.status = target
    listing.review_note = note.strip() if sending_back else ("" if target == ListingStatus.PUBLISHED else listing.review_note)
    listing.updated_at = utcnow()
    if target == ListingStatus.PUBLISHED and listing.published_at is None:
        listing.published_at = utcnow()
    if reviewed:
        _notify_review(uow, spec, listing, approved=target == ListingStatus.PUBLISHED, note=note)
    announce_changes(uow, kind, [listing_id])
    uow.commit()
    if bus:
        bus.publish(ListingChanged(kind, listing_id))


def get_listing(uow: UnitOfWork, *, kind: str, viewer: User | None, listing_id: int) -> Listing:
    """A listing the viewer may see; anything else is reported as not found (no existence leak)."""
    spec = kind_of(kind)
    listing = spec.repo(uow).get(listing_id)
    if listing is None or not visible_to(viewer, listing):
        raise NotFound(f"{spec.label}不存在或无权查看")
    return listing


def visible_to(viewer: User | None, listing: Listing) -> bool:
    is_owner = viewer is not None and viewer.organization_id == listing.organization_id
    return rules.can_view(visibility=listing.visibility, status=listing.status, viewer=viewer, is_owner=is_owner,
                          region_code=listing.region_code)


def _editable(uow: UnitOfWork, spec: Kind, actor: User, listing_id: int) -> Listing:
    listing = spec.repo(uow).get(listing_id)
    if listing is None or not visible_to(actor, listing):
        raise NotFound(f"{spec.label}不存在或无权查看")
    if not rules.can_edit(viewer=actor, listing_org_id=listing.organization_id, region_code=listing.region_code):
        raise PermissionDenied("只有发布单位的成员或本地区的管理方可以修改此条目")
    if listing.status == ListingStatus.ARCHIVED:
        raise ValidationError("已归档的条目不能修改，请先重新提交", code="archived")
    return listing


def _notify_review(uow: UnitOfWork, spec: Kind, listing: Listing, *, approved: bool, note: str) -> None:
    """Tell the publishing organisation how its listing's review ended."""
    from techbridge.notifications.model import NotificationKind
    from techbridge.notifications.service import members_of, notify

    title = f"{spec.label}已审核发布：{listing.title}" if approved else f"{spec.label}被退回修改：{listing.title}"
    notify(uow, members_of(uow, listing.organization_id), kind=NotificationKind.REVIEW, title=title,
           body="" if approved else f"退回原因：{note.strip()}", link=f"/{spec.name}s/{listing.id}")


def raise_trl_evidence(uow: UnitOfWork, *, achievement_id: int, trl_before: int, trl_after: int, citation: str,
                       link: str) -> int | None:
    """Cite a completed 概念验证 / 中试 record as TRL evidence (inside the caller's unit of work).

    The achievement's TRL rises to `trl_after` when the record demonstrates more than it claims (never lowers
    it). Returns the achievement's TRL afterwards, or None when there is no such achievement.
    """
    achievement = uow.repo(AchievementRepository).get(achievement_id)
    if achievement is None:
        return None
    uow.repo(TrlEvidenceRepository).add(TrlEvidence(achievement_id, trl_before, trl_after, citation[:300], link[:200],
                                                    recorded_at=utcnow()))
    if trl_after > achievement.trl:
        achievement.trl = trl_after
        achievement.updated_at = utcnow()
    return achievement.trl


def trl_evidence_of(uow: UnitOfWork, achievement_id: int) -> list[TrlEvidence]:
    """Service records cited as TRL evidence of an achievement, newest first."""
    return uow.repo(TrlEvidenceRepository).for_achievement(achievement_id)
