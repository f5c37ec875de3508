"""A pilot base in Tianjin, its owner, and an engagement standing at 概念验证 (TRL 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from techbridge.accounts.model import User
from techbridge.deals import service as pipeline
from techbridge.kernel.clock import beijing_today
from techbridge.pilot import registration
from techbridge.pilot import service as pilot
from techbridge.pilot.repository import FacilityRepository
from tests.support.factories import credit_code, make_org, make_user
from tests.support.scenario import Cast, cast

ADDITIVE_BASE = {
    "name": "深海装备增材制造中试平台", "kind": "中试基地", "region": "滨海新区", "park": "天津滨海—中关村科技园",
    "description": "面向深海装备钛合金与高温合金构件的激光选区熔化与定向能量沉积中试，提供工艺验证与小批量试制。",
    "fields": "高端装备", "qualifications": "CNAS 认可实验室（金属材料检测）",
    "capacity": "最大成形尺寸：800×400×500 mm\n激光功率：4×500 W",
    "voucher_eligible": "是", "voucher_cap": "20",
    "services": "钛合金构件工艺验证|12|批|10\n小批量试制|35|批|20",
    "nda_terms": "双方对样件图纸与工艺参数负有保密义务，期限三年。",
}


@dataclass
class Pilot:
    c: Cast
    owner: User
    facility_id: int
    service_id: int
    engagement_id: int


def concept_stage_engagement(platform, c: Cast) -> int:
    eid = pipeline.express_interest(platform.uow(), None, actor=c.seeker, achievement_id=c.achievement_id,
                                    demand_id=c.demand_id)
    pipeline.express_interest(platform.uow(), None, actor=c.supplier, achievement_id=c.achievement_id,
                              demand_id=c.demand_id)
    pipeline.assign_broker(platform.uow(), actor=c.broker, engagement_id=eid, broker_id=c.broker.id)
    for target in ("negotiation", "concept_verification"):
        pipeline.advance(platform.uow(), None, actor=c.broker, engagement_id=eid, target=target)
    return eid


@pytest.fixture
def base(platform) -> Pilot:
    c = cast(platform, trl=4)
    owner = make_user(platform, role="supplier", org_id=make_org(platform, name="天津测试增材制造研究院", region="滨海新区",
                                                               code=credit_code("12", "120116")))
    raw = dict(ADDITIVE_BASE, kind="概念验证中心")
    facility_id = pilot.save_facility(platform.uow(), actor=owner, raw=raw)
    registration.review_facility(platform.uow(), reviewer=c.admin, facility_id=facility_id, approve=True)
    with platform.uow() as uow:
        service_id = uow.repo(FacilityRepository).services(facility_id)[0].id
    return Pilot(c, owner, facility_id, service_id, concept_stage_engagement(platform, c))


def start(days: int = 30) -> str:
    return (beijing_today() + timedelta(days=days)).isoformat()


def accepted_request(platform, p: Pilot, actor: User | None = None, days: int = 5) -> int:
    actor = actor or p.c.broker
    rid = pilot.request_service(platform.uow(), actor=actor, facility_id=p.facility_id, raw={
        "service_id": str(p.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度与力学性能",
        "nda": "1", "use_voucher": "1", "engagement_id": str(p.engagement_id) if actor is p.c.broker else ""})
    pilot.quote(platform.uow(), actor=p.owner, request_id=rid, raw={"quote_amount": "12.5", "quote_days": str(days)})
    pilot.accept(platform.uow(), actor=actor, request_id=rid)
    return rid
