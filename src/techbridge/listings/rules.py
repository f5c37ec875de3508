"""Rules of the registry: listing lifecycle, visibility and edit rights. Pure functions."""

from __future__ import annotations

from techbridge.accounts.model import Role, User
from techbridge.kernel.errors import InvalidTransition, PermissionDenied
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


def check_listing_transition(current: str, target: str, *, actor_role: str, is_owner: bool) -> None:
    """Raise unless the actor may move a listing from `current` to `target`.

    Only an admin publishes (review); the owner side — or an admin — makes every other move,
    including withdrawing a pending listing (an admin sending it back uses the same move).
    """
    src, dst = ListingStatus(current), ListingStatus(target)
    if dst not in LISTING_TRANSITIONS[src]:
        raise InvalidTransition(f"不能从“{src.label}”变为“{dst.label}”")
    if (src, dst) == (S.PENDING_REVIEW, S.PUBLISHED):
        if actor_role != Role.ADMIN:
            raise PermissionDenied("只有管理方可以审核发布")
        return
    if not (is_owner or actor_role == Role.ADMIN):
        raise PermissionDenied("只有发布单位的成员或管理方可以操作此条目")


def can_view(*, visibility: str, status: str, viewer: User | None, is_owner: bool) -> bool:
    """Whether `viewer` may see a listing at all (lists, search, matches, API)."""
    if is_owner or (viewer is not None and viewer.role == Role.ADMIN):
        return True
    if status != ListingStatus.PUBLISHED:
        return False
    if visibility == Visibility.BROKERS_ONLY:
        return viewer is not None and viewer.role == Role.BROKER
    return True


def can_edit(*, viewer: User | None, listing_org_id: int) -> bool:
    """Owners — any member of the publishing organisation — and admins edit a listing."""
    if viewer is None:
        return False
    return viewer.role == Role.ADMIN or (viewer.organization_id is not None and viewer.organization_id == listing_org_id)


def sees_confidential(viewer: User | None) -> bool:
    """Brokers and admins see demands marked 仅经纪人可见."""
    return viewer is not None and viewer.role in (Role.BROKER, Role.ADMIN)
