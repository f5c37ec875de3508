"""A small hand-built world whose every dashboard figure was computed by hand (see the tests).

Stored straight through the repositories so that every date and timestamp is the one written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from techbridge.accounts.model import Organization
from techbridge.accounts.repository import OrganizationRepository
from techbridge.bootstrap import Platform
from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import Engagement, EngagementEvent
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.repository import AchievementRepository, DemandRepository
from tests.support.factories import credit_code

T0 = datetime(2025, 1, 1, 9, 0)


@dataclass
class World:
    orgs: dict[str, int] = field(default_factory=dict)
    achievements: dict[str, int] = field(default_factory=dict)
    demands: dict[str, int] = field(default_factory=dict)
    engagements: dict[str, int] = field(default_factory=dict)
    contracts: dict[str, int] = field(default_factory=dict)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def build(platform: Platform) -> World:
    w = World()
    with platform.uow() as uow:
        for key, name, kind, region, park in (
            ("U1", "测试理工大学", "高校", "110108", "zgc-science-city"),
            ("U2", "测试能源研究院", "科研院所", "110114", None),
            ("E1", "天津滨海测试科技有限公司", "企业", "120116", "tianjin-binhai-zgc"),
            ("E2", "唐山路北测试装备有限公司", "企业", "130203", None),
            ("E3", "唐山丰南测试钢铁有限公司", "企业", "130207", None),
        ):
            org = Organization(name, kind, credit_code(region=region), region, park=park, created_at=T0)
            uow.repo(OrganizationRepository).add(org)
            uow.flush()
            w.orgs[key] = org.id
        for key, org, region, status, published, title, summary, park in (
            ("A1", "U1", "110108", "published", "2025-02-01 02:00", "碱性电解槽制氢装备", "大标方碱性电解槽", "zgc-science-city"),
            ("A2", "U1", "110108", "published", "2025-03-01 02:00", "IV型储氢瓶缠绕技术", "塑料内胆碳纤维缠绕", None),
            # 16:30 UTC on 31 Dec is 00:30 on 1 Jan in Beijing: counts for 2025
            ("A3", "U2", "110114", "published", "2024-12-31 16:30", "PEM电解水制氢系统", "质量轻体积小", None),
            ("A4", "U2", "110114", "archived", "2025-05-01 02:00", "氢气压缩机", "隔膜式", None),
            ("A5", "U2", "110114", "pending_review", None, "待审核的成果", "尚未发布", None),
            ("A6", "E1", "120116", "published", "2025-04-01 02:00", "氢能园区规划咨询", "规划咨询服务", None),
        ):
            moment = _at(published) if published else T0
            a = Achievement(title=title, organization_id=w.orgs[org], industry="hydrogen", region_code=region,
                            status=status, park=park, source="test", external_id=key, original={}, created_at=moment,
                            updated_at=moment, published_at=_at(published) if published else None, summary=summary,
                            keywords=[], trl=7, patents=[], ip_status="无", transfer_modes=["许可"])
            uow.repo(AchievementRepository).add(a)
            uow.flush()
            w.achievements[key] = a.id
        for key, org, region, published, title, park in (
            ("D1", "E1", "120116", "2025-01-10 02:00", "重卡储氢瓶减重", "tianjin-binhai-zgc"),
            ("D2", "E2", "130203", "2025-06-10 02:00", "天然气管道输氢改造", None),
            ("D3", "E3", "130207", "2024-06-10 02:00", "液氢储罐国产化", None),
        ):
            d = Demand(title=title, organization_id=w.orgs[org], industry="hydrogen", region_code=region,
                       status="published", park=park, source="test", external_id=key, original={},
                       created_at=_at(published), updated_at=_at(published), published_at=_at(published),
                       problem="需要解决的问题描述", cooperation_modes=["合作开发"], visibility="public")
            uow.repo(DemandRepository).add(d)
            uow.flush()
            w.demands[key] = d.id
        for key, a, d, moves, reason in ENGAGEMENTS:
            _engagement(uow, w, key, a, d, moves, reason)
        for key, title, kind, amount, seller, buyer, signed, industry, engagement in CONTRACTS:
            c = Contract(title, kind, Decimal(amount), f"{seller}卖方", f"{buyer}买方", SELLERS[seller][0],
                         SELLERS[buyer][0] if buyer in SELLERS else buyer, date.fromisoformat(signed), "一次性支付",
                         seller_org_id=SELLERS[seller][1] and w.orgs[SELLERS[seller][1]],
                         buyer_org_id=(SELLERS[buyer][1] and w.orgs[SELLERS[buyer][1]]) if buyer in SELLERS else None,
                         industry=industry, engagement_id=w.engagements.get(engagement) if engagement else None,
                         source="test", external_id=key, created_at=T0)
            uow.repo(ContractRepository).add(c)
            uow.flush()
            w.contracts[key] = c.id
        uow.commit()
    return w


# region code and organisation key of each contract party
SELLERS = {"海淀": ("110108", "U1"), "昌平": ("110114", "U2"), "滨海": ("120116", "E1"), "路北": ("130203", "E2"),
           "丰南": ("130207", "E3"), "上海": ("310000", None)}
CONTRACTS = [
    ("C1", "电解槽技术开发合同", "技术开发", "100.00", "海淀", "滨海", "2025-03-01", "hydrogen", "En1"),
    ("C2", "储氢瓶技术转让合同", "技术转让", "50.50", "海淀", "路北", "2025-06-01", "hydrogen", None),
    ("C3", "巡检机器人许可合同", "技术许可", "20.00", "海淀", "丰南", "2025-07-01", "robotics", None),
    ("C4", "加氢站技术服务合同", "技术服务", "10.00", "昌平", "滨海", "2024-05-01", "hydrogen", None),
    ("C5", "燃料电池技术开发合同", "技术开发", "200.00", "海淀", "上海", "2025-08-01", "hydrogen", None),
    ("C6", "焊接机器人技术服务合同", "技术服务", "30.00", "滨海", "路北", "2025-09-01", "robotics", None),
]

# (key, achievement, demand, [(to_stage, at)], termination reason); the first move is the creation
ENGAGEMENTS = [
    ("En1", "A1", "D1", [("recommended", "2025-01-01"), ("interest", "2025-01-03"), ("mutual_interest", "2025-01-05"),
                         ("negotiation", "2025-01-15"), ("concept_verification", "2025-02-14"),
                         ("pilot", "2025-04-15"), ("signed", "2025-05-15"), ("production", "2025-08-13")], None),
    ("En2", "A1", "D2", [("recommended", "2025-01-01"), ("interest", "2025-01-11"), ("mutual_interest", "2025-01-21"),
                         ("negotiation", "2025-01-31"), ("terminated", "2025-03-02")], "价格不符"),
    ("En3", "A2", "D3", [("recommended", "2025-02-01"), ("interest", "2025-02-02"), ("terminated", "2025-03-04")],
     "无响应"),
    ("En4", "A3", "D1", [("recommended", "2025-03-01")], None),
    ("En5", "A2", "D1", [("recommended", "2025-03-01"), ("interest", "2025-03-05"), ("mutual_interest", "2025-03-09"),
                         ("negotiation", "2025-03-13"), ("pilot", "2025-03-23"), ("signed", "2025-04-22")], None),
]


def _engagement(uow, w: World, key: str, a: str, d: str, moves: list[tuple[str, str]], reason: str | None) -> None:
    first = datetime.fromisoformat(moves[0][1]).replace(hour=2)
    last_stage, last_at = moves[-1][0], datetime.fromisoformat(moves[-1][1]).replace(hour=2)
    e = Engagement(w.achievements[a], w.demands[d], stage=last_stage, termination_reason=reason,
                   created_at=first, updated_at=last_at)
    uow.repo(EngagementRepository).add(e)
    uow.flush()
    w.engagements[key] = e.id
    previous = None
    for stage, day in moves:
        at = datetime.fromisoformat(day).replace(hour=2)
        if previous is None:
            uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, None, "created", None, stage, None, "", at=at))
        else:
            if stage in ("interest", "mutual_interest"):
                uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, None, "interest", at=at))
            uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, None, "stage", previous, stage,
                                                      reason if stage == "terminated" else None, "", at=at))
        previous = stage
