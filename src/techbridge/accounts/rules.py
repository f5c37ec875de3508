"""Who may do what, by role and region: the rules every feature's guards ask. Pure functions.

Admins are the science and technology commissions of 北京, 天津 and 河北: each acts on its own
province's records (reviews, bookings, open calls, broker credentials); an admin without a
region scope is the platform's operator and acts everywhere.
"""

from __future__ import annotations

from techbridge.accounts.model import Role, User
from techbridge.kernel.regions import PROVINCES


def province_of(region_code: str | None) -> str | None:
    """The GB/T 2260 province of a region code (110105 → 110000)."""
    if not region_code or len(region_code) != 6:
        return None
    return region_code[:2] + "0000"


def is_admin(user: User | None) -> bool:
    return user is not None and user.role == Role.ADMIN


def is_platform_admin(user: User | None) -> bool:
    return is_admin(user) and user is not None and user.region_scope is None


def is_broker(user: User | None) -> bool:
    """A verified technology manager (an applicant has no broker rights)."""
    return user is not None and user.role == Role.BROKER


def admin_covers(user: User | None, region_code: str | None) -> bool:
    """Whether `user` is an admin whose scope includes `region_code` (the platform admin covers all)."""
    if not is_admin(user):
        return False
    assert user is not None
    return user.region_scope is None or province_of(region_code) == user.region_scope


def scope_label(user: User) -> str:
    """How the admin's scope reads in the UI."""
    if user.region_scope is None:
        return "全平台"
    return PROVINCES.get(user.region_scope, user.region_scope)


def sees_confidential(user: User | None, region_code: str | None) -> bool:
    """Demands marked 仅技术经理人可见: verified brokers see them all, admins those of their region."""
    return is_broker(user) or admin_covers(user, region_code)
