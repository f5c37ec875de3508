"""Registering a concept-verification centre or pilot base: like a listing, a facility registered by its owner
waits for an admin of its region, who puts it online or sends it back with a reason."""

from __future__ import annotations

from techbridge.accounts.directory import users_with_roles
from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.pilot.model import Facility
from techbridge.pilot.repository import FacilityRepository
from techbridge.storage.uow import UnitOfWork

PENDING, REJECTED = "pending_review", "rejected"
FACILITY_STATUS = {"active": "已上线", PENDING: "待审核", REJECTED: "已退回"}


def reviewers_of(uow: UnitOfWork, region_code: str) -> list[int]:
    """The admins who may review a facility in `region_code` (its province's and the platform's)."""
    return [u.id for u in users_with_roles(uow, [Role.ADMIN.value]) if u.id is not None and admin_covers(u, region_code)]


def pending_facilities(uow: UnitOfWork, *, reviewer: User) -> list[Facility]:
    """Facilities waiting for review that this admin covers, oldest first."""
    if not is_admin(reviewer):
        raise PermissionDenied("只有管理方可以审核平台")
    with uow:
        repo = uow.repo(FacilityRepository)
        found = list(repo.list(repo.table.c.status == PENDING, order_by=(repo.table.c.created_at,)))
    return [f for f in found if admin_covers(reviewer, f.region_code)]


def review_facility(uow: UnitOfWork, *, reviewer: User, facility_id: int, approve: bool, note: str = "") -> None:
    """Put a registered facility online, or send it back with a reason its owners see."""
    note = note.strip()[:1000]
    if not approve and not note:
        raise ValidationError("退回时请写明原因，以便运营单位修改", field="note", code="note_required")
    with uow:
        facility = uow.repo(FacilityRepository).get(facility_id)
        if facility is None:
            raise NotFound("平台不存在")
        if not admin_covers(reviewer, facility.region_code):
            raise PermissionDenied("只能审核本地区的平台")
        if facility.status != PENDING:
            raise Conflict(f"该平台当前状态为“{FACILITY_STATUS.get(facility.status, facility.status)}”，无需审核",
                           code="not_pending")
        facility.status, facility.review_note, facility.updated_at = ("active" if approve else REJECTED), note, utcnow()
        notify(uow, members_of(uow, facility.organization_id), kind=NotificationKind.REVIEW,
               title=f"{facility.name}{'已审核上线' if approve else '被退回'}",
               body=note or "平台已在“中试服务”中上线，可以接受服务申请。", link=f"/pilot/facilities/{facility_id}")
        uow.commit()


def org_facilities(uow: UnitOfWork, *, user: User) -> list[Facility]:
    """The facilities of the user's organisation, whatever their review status (newest first)."""
    if user.organization_id is None:
        return []
    with uow:
        repo = uow.repo(FacilityRepository)
        return list(repo.list(repo.table.c.organization_id == user.organization_id, order_by=(repo.table.c.id.desc(),)))
