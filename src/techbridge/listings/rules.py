"""Rules of the registry: listing lifecycle, visibility and edit rights. Pure functions."""

from __future__ import annotations

from datetime import date

from techbridge.accounts.model import User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.accounts.rules import sees_confidential as _sees_confidential
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError, ValidationErrors
from techbridge.listings.model import ListingStatus, Visibility

S = ListingStatus

# draft → pending review → published → archived; a reviewer may send a listing back to draft,
# an owner may withdraw a pending listing, and an archived listing may be re-submitted.
LISTING_TRANSITIONS: dict[ListingStatus, set[ListingStatus]] = {
    S.DRAFT: {S.PENDING_REVIEW, S.ARCHIVED},
    S.PENDING_REVIEW: {S.PUBLISHED, S.DRAFT},
    S.PUBLISHED: {S.ARCHIVED, S.PENDING_REVIEW},
    S.ARCHIVED: {S.PENDING_REVIEW},
}


def check_deadline(deadline: date | None, today: date, *, stored: date | None = None) -> None:
    """A demand's deadline (征集截止) cannot be set in the past; one already stored may stay as it is."""
    if deadline is not None and deadline < today and deadline != stored:
        raise ValidationErrors([ValidationError(f"截止日期不能早于今天（{today:%Y-%m-%d}）", field="deadline",
                                                code="deadline_past")])


def check_listing_transition(current: str, target: str, *, actor: User, is_owner: bool, region_code: str) -> None:
    """Raise unless the actor may move a listing from `current` to `target`.

    Only an admin of the listing's region publishes (review); the owner side — or that admin —
    makes every other move, including withdrawing a pending listing (an admin sending it back uses
    the same move).
    """
    if not (is_owner or admin_covers(actor, region_code)):
        raise PermissionDenied("只有发布单位的成员或本地区的管理方可以操作此条目")
    if target not in {s.value for s in ListingStatus}:
        raise ValidationError("请选择要变更的状态", field="target", code="status_required")
    src, dst = ListingStatus(current), ListingStatus(target)
    if dst not in LISTING_TRANSITIONS[src]:
        raise InvalidTransition(f"不能从“{src.label}”变为“{dst.label}”")
    if (src, dst) == (S.PENDING_REVIEW, S.PUBLISHED):
        if not is_admin(actor):
            raise PermissionDenied("只有管理方可以审核发布")
        if not admin_covers(actor, region_code):
            raise PermissionDenied("只能审核本地区的条目")


def can_view(*, visibility: str, status: str, viewer: User | None, is_owner: bool, region_code: str) -> bool:
    """Whether `viewer` may see a listing at all (lists, search, matches, explanations, API)."""
    if is_owner or admin_covers(viewer, region_code):
        return True
    if status != ListingStatus.PUBLISHED:
        return False
    if visibility == Visibility.BROKERS_ONLY:
        return _sees_confidential(viewer, region_code)
    return True


def can_edit(*, viewer: User | None, listing_org_id: int, region_code: str) -> bool:
    """Owners — any member of the publishing organisation — and admins of its region edit a listing."""
    if viewer is None:
        return False
    return admin_covers(viewer, region_code) or (viewer.organization_id is not None
                                                 and viewer.organization_id == listing_org_id)


def sees_confidential(viewer: User | None, region_code: str | None) -> bool:
    """Demands marked 仅技术经理人可见: verified brokers, and admins of the demand's region."""
    return _sees_confidential(viewer, region_code)
