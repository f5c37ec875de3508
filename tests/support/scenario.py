"""A small but complete cast for pipeline tests: a supplier, a seeker, a broker, an admin, a stranger,
a published achievement and a published demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from techbridge.bootstrap import Platform
from techbridge.domain.model import User
from techbridge.services import registry
from tests.support.factories import achievement_row, credit_code, demand_row, make_org, make_user


@dataclass
class Cast:
    supplier: User
    seeker: User
    broker: User
    admin: User
    stranger: User
    achievement_id: int
    demand_id: int


def publish(platform: Platform, kind: str, actor: User, admin: User, row: dict[str, Any]) -> int:
    with platform.uow() as uow:
        listing_id = registry.create_listing(uow, None, kind=kind, actor=actor, raw=row, submit=True)
    with platform.uow() as uow:
        registry.change_status(uow, None, kind=kind, actor=admin, listing_id=listing_id, target="published")
    return listing_id


def cast(platform: Platform, *, trl: int = 5) -> Cast:
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", code=credit_code("11")))
    supplier = make_user(platform, role="supplier", org_id=make_org(platform, name="京华测试大学", region="海淀",
                                                                  code=credit_code("12")))
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, name="唐山测试重工有限公司", org_type="企业",
                                                              region="唐山路北区", code=credit_code("91", "130203")))
    broker = make_user(platform, role="broker", org_id=make_org(platform, name="测试技术转移中心", org_type="技术转移机构"))
    stranger = make_user(platform, role="seeker", org_id=make_org(platform, name="无关企业", org_type="企业"))
    a = publish(platform, "achievement", supplier, admin, achievement_row(trl=str(trl)))
    d = publish(platform, "demand", seeker, admin, demand_row())
    return Cast(supplier, seeker, broker, admin, stranger, a, d)
