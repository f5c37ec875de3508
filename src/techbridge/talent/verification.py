"""Technology managers are verified, not self-declared: an applicant's credential (its number, issuing
region, level and validity) is checked by an admin of the issuing region before any broker right.

A credential issued in any of the three regions is recognised by the other two (京津冀互认); the
check is done once, by the region that issued it.
"""

from __future__ import annotations

from dataclasses import dataclass

from techbridge.accounts import service as accounts
from techbridge.accounts.directory import get_user, users_with_roles
from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.kernel.regions import PROVINCES
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import notify
from techbridge.storage.uow import UnitOfWork
from techbridge.talent.model import Expert, ExpertKind
from techbridge.talent.repository import ExpertRepository

CREDENTIAL_FIELDS = ("credential_no", "credential_region", "credential_level", "credential_valid_until")


class Verification:
    NONE = "none"
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"

    LABELS = {"none": "", "pending": "待核验", "verified": "已核验", "rejected": "未通过核验"}


@dataclass(frozen=True)
class Application:
    expert: Expert
    applicant: User | None
    region_name: str


def after_save(uow: UnitOfWork, actor: User, expert: Expert, before: tuple[object, ...]) -> None:
    """Called when a profile is saved: an applicant's credential goes to its region's admins; a verified
    credential is changed only by an admin (a changed certificate is a new application)."""
    changed = before != tuple(getattr(expert, f) for f in CREDENTIAL_FIELDS)
    if expert.verification == Verification.VERIFIED and changed and not is_admin(actor):
        raise ValidationError("已核验的证书信息不能自行修改；证书换发后请联系发证地区的管理方", field="credential_no",
                              code="credential_locked")
    if actor.role != Role.BROKER_APPLICANT or expert.user_id != actor.id:
        return
    if expert.kind != ExpertKind.BROKER or not expert.credential_no:
        raise ValidationError("申请技术经理人资格，请选择“技术经理人”并填写证书信息", field="credential_no",
                              code="credential_required")
    if expert.verification in (Verification.NONE, Verification.REJECTED) or changed:
        expert.verification, expert.verification_note = Verification.PENDING, ""
        region = expert.credential_region or ""
        admins = [u.id for u in users_with_roles(uow, [Role.ADMIN]) if admin_covers(u, region)]
        notify(uow, admins, kind=NotificationKind.REVIEW, title=f"技术经理人资格待核验：{expert.name}",
               body=f"证书 {expert.credential_no}（{PROVINCES.get(region, '')}颁发，{expert.credential_level}）",
               link="/talent/verifications")


def pending_for(uow: UnitOfWork, admin: User) -> list[Application]:
    """The applications an admin may decide: those whose credential their region issued."""
    if not is_admin(admin):
        raise PermissionDenied("只有管理方可以核验技术经理人")
    with uow:
        repo = uow.repo(ExpertRepository)
        c = repo.table.c
        found = [e for e in repo.list(c.verification == Verification.PENDING, order_by=c.updated_at)
                 if admin_covers(admin, e.credential_region)]
        return [Application(e, get_user(uow, e.user_id) if e.user_id else None,
                            PROVINCES.get(e.credential_region or "", "")) for e in found]


def decide(uow: UnitOfWork, *, admin: User, expert_id: int, approve: bool, note: str = "") -> None:
    """Verify the applicant (they become a 技术经理人 at once) or refuse with a reason they can act on."""
    note = note.strip()[:500]
    with uow:
        expert = uow.repo(ExpertRepository).get(expert_id)
        if expert is None or expert.verification != Verification.PENDING or expert.user_id is None:
            raise NotFound("没有待核验的申请")
        if not admin_covers(admin, expert.credential_region):
            raise PermissionDenied("只有证书发证地区的管理方可以核验")
        valid_until = expert.credential_valid_until
        if approve and (valid_until is None or valid_until < beijing_today()):
            raise Conflict("证书已过期，不能核验通过；请退回并说明需先续期", code="credential_expired")
        if not approve and not note:
            raise ValidationError("退回申请时请写明原因", field="note", code="reason_required")
        if approve:
            accounts.grant_broker(uow, admin=admin, user_id=expert.user_id, credential_region=expert.credential_region or "")
        expert.verification = Verification.VERIFIED if approve else Verification.REJECTED
        expert.verified_by, expert.verified_at, expert.verification_note = admin.id, utcnow(), note
        title = "您的技术经理人资格已核验通过" if approve else "您的技术经理人资格申请未通过核验"
        notify(uow, [expert.user_id], kind=NotificationKind.REVIEW, title=title,
               body="现在可以认领和跟进对接了。" if approve else f"原因：{note}。修改后可重新提交。",
               link="/workspace" if approve else f"/talent/{expert.id}/edit")
        uow.commit()


def application_of(uow: UnitOfWork, user: User) -> Expert | None:
    """An applicant's own profile, to show where their application stands."""
    if user.id is None:
        return None
    with uow:
        return uow.repo(ExpertRepository).for_user(user.id)
