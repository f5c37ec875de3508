"""科技金融 demo data (demo/data/finance.json, written by us): investors, banks, funds, products, financing needs.

Entered through the finance service as their owners would, then published by the platform admin;
idempotent (a record already there by name or title is left as it is).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.repository import OrganizationRepository, UserRepository
from techbridge.accounts.service import hash_password
from techbridge.bootstrap import Platform
from techbridge.finance import deals as funnel
from techbridge.finance import service as finance
from techbridge.finance.repository import DealRepository, FundRepository, NeedRepository, ProductRepository
from techbridge.kernel.clock import utcnow
from techbridge.listings.repository import AchievementRepository
from techbridge.matching.documents import embed_documents

DEMO_DOMAIN = "demo.techbridge.cn"
DEMO_PASSWORD = "techbridge2026"


def _data() -> dict[str, Any]:
    return json.loads(files("techbridge.demo").joinpath("data/finance.json").read_text(encoding="utf-8"))


def load_finance(platform: Platform) -> dict[str, int]:
    data = _data()
    with platform.uow() as uow:
        orgs: dict[str, Organization] = {}
        for row in data["organizations"]:
            org = uow.repo(OrganizationRepository).by_credit_code(row["credit_code"])
            if org is None:
                org = Organization(row["name"], row["type"], row["credit_code"], row["region_code"], created_at=utcnow())
                uow.repo(OrganizationRepository).add(org)
            org.description = row["description"]
            orgs[row["key"]] = org
        password = hash_password(DEMO_PASSWORD)
        for row in data["users"]:
            email = f"{row['email']}@{DEMO_DOMAIN}"
            if uow.repo(UserRepository).by_email(email) is None:
                uow.flush()
                uow.repo(UserRepository).add(User(email, row["name"], password, Role.SEEKER.value,
                                                  orgs[row["org"]].id, created_at=utcnow()))
        uow.commit()
    counts = {"基金": 0, "金融产品": 0, "融资需求": 0}
    counts["基金"] = sum(_fund(platform, row) for row in data["funds"])
    counts["金融产品"] = sum(_product(platform, row) for row in data["products"])
    counts["融资需求"] = sum(_need(platform, row) for row in data["needs"])
    counts["融资对接"] = sum(_deal(platform, row) for row in data.get("deals", []))
    counts["路演"] = load_roadshows(platform)
    _embed(platform)
    return counts


def _member(platform: Platform, name: str) -> User:
    with platform.uow() as uow:
        user = uow.repo(UserRepository).by_email(f"{name}@{DEMO_DOMAIN}")
        if user is None:
            raise LookupError(f"演示数据缺少用户 {name}@{DEMO_DOMAIN}")
        return user


def _org_user(platform: Platform, org_key: str) -> User:
    data = _data()
    alias = {row["org"]: row["email"] for row in data["users"]}
    return _member(platform, alias.get(org_key, org_key))


def _org_name(org_key: str) -> str:
    return next((o["name"] for o in _data()["organizations"] if o["key"] == org_key), org_key)


def _admin(platform: Platform) -> User:
    return _member(platform, "platform")


def _fund(platform: Platform, row: dict[str, Any]) -> int:
    owner = _org_user(platform, row["org"])
    with platform.uow() as uow:
        assert owner.organization_id is not None
        if uow.repo(FundRepository).named(owner.organization_id, row["name"]) is not None:
            return 0
    fund_id = finance.save_fund(platform.uow(), actor=owner, raw=row)
    finance.review(platform.uow(), actor=_admin(platform), kind="fund", record_id=fund_id, approve=True)
    return 1


def _product(platform: Platform, row: dict[str, Any]) -> int:
    owner = _org_user(platform, row["org"])
    with platform.uow() as uow:
        assert owner.organization_id is not None
        if uow.repo(ProductRepository).named(owner.organization_id, row["name"]) is not None:
            return 0
    product_id = finance.save_product(platform.uow(), actor=owner, raw=row)
    finance.review(platform.uow(), actor=_admin(platform), kind="product", record_id=product_id, approve=True)
    return 1


def _need(platform: Platform, row: dict[str, Any]) -> int:
    owner = _org_user(platform, row["org"])
    with platform.uow() as uow:
        assert owner.organization_id is not None
        if uow.repo(NeedRepository).open_titled(owner.organization_id, row["title"]) is not None:
            return 0
        raw = dict(row)
        if row.get("achievement"):
            achievement = uow.repo(AchievementRepository).by_external_id("demo", row["achievement"])
            raw["achievement_id"] = str(achievement.id) if achievement else ""
    need_id = finance.save_need(platform.uow(), actor=owner, raw=raw)
    if row.get("sme_score") is not None:
        with platform.uow() as uow:
            need = uow.repo(NeedRepository).get(need_id)
            assert need is not None
            need.sme_score = int(row["sme_score"])
            uow.commit()
    if not row.get("pending"):
        finance.review(platform.uow(), actor=_admin(platform), kind="need", record_id=need_id, approve=True)
    return 1


def _deal(platform: Platform, row: dict[str, Any]) -> int:
    """A funnel entry moved along its path by the investor (the firm asks for the meeting)."""
    with platform.uow() as uow:
        fund = next(f for f in uow.repo(FundRepository).list() if f.name == row["fund"])
        need = next(n for n in uow.repo(NeedRepository).list() if n.title == row["need"])
        if uow.repo(DealRepository).for_pair(fund.id or 0, need.id or 0) is not None:
            return 0
        fund_org, need_org = fund.organization_id, need.organization_id
        assert fund.id is not None and need.id is not None
        fund_id, need_id = fund.id, need.id
    investor = _org_user(platform, _key_of(platform, fund_org))
    firm = _org_user(platform, _key_of(platform, need_org))
    deal_id = funnel.start(platform.uow(), actor=firm, fund_id=fund_id, need_id=need_id)
    for i, stage in enumerate(row["path"]):
        last = i == len(row["path"]) - 1
        funnel.advance(platform.uow(), actor=firm if stage == "fin_meeting" else investor, deal_id=deal_id, target=stage,
                       amount=row.get("amount") if stage == "fin_closed" else None,
                       note=row.get("note", "") if last and not row.get("terminate") else "")
    if row.get("terminate"):
        funnel.terminate(platform.uow(), actor=investor, deal_id=deal_id, reason=row["terminate"], note=row.get("note", ""))
    return 1


def _key_of(platform: Platform, org_id: int) -> str:
    """The demo e-mail name of an organisation's first user."""
    with platform.uow() as uow:
        users = uow.repo(UserRepository)
        user = users.list(users.table.c.organization_id == org_id, order_by=users.table.c.id, limit=1)[0]
        return user.email.split("@")[0]


def _embed(platform: Platform) -> int:
    done = 0
    for kind, loader in ((finance.FUND_KIND, finance.fund_documents), (finance.NEED_KIND, finance.need_documents),
                         (finance.PRODUCT_KIND, finance.product_documents)):
        documents = loader(platform.uow())
        with platform.uow() as uow:
            done += embed_documents(uow, platform.embedder, kind, documents)
            uow.commit()
    return done


ROADSHOWS: list[dict[str, Any]] = [
    {"title": "2026京冀氢能装备项目专场路演", "held_on": "2026-11-12", "venue": "张家口市氢能产业园路演厅", "online": True,
     "industry": "hydrogen", "theme": "风电制氢、储运与燃料电池装备项目面向引导基金和产业资本路演。",
     "needs": ["兆瓦级碱性电解槽产业化", "张家口加氢站扩建与储氢瓶组更新", "150kW金属双极板电堆量产线建设"],
     "achievements": ["70MPa车载IV型储氢气瓶及碳纤维缠绕成型技术"],
     "scores": {"兆瓦级碱性电解槽产业化": [8, 8, 7, 7], "张家口加氢站扩建与储氢瓶组更新": [6, 8, 7, 6],
                "70MPa车载IV型储氢气瓶及碳纤维缠绕成型技术": [9, 8, 8, 6]},
     "attendees": [("investor", "investor", ["兆瓦级碱性电解槽产业化"]), ("jz-guidance", "investor", []),
                   ("zjk-wangshan-h2", "enterprise", ["70MPa车载IV型储氢气瓶及碳纤维缠绕成型技术"])],
     # what the follow-up reached after the event: the funnel entry the 有意向 opened went to 尽调
     "followed": {"兆瓦级碱性电解槽产业化": ["fin_meeting", "fin_diligence"]},
     "invited": ["ys-invest", "jz-guidance", "bf-capital"]},
    {"title": "京津冀硬科技与智能制造项目路演（第四期）", "held_on": "2027-01-15", "venue": "中关村国际创新中心", "online": False,
     "industry": "", "theme": "工业视觉、协作机器人和数控系统项目，邀请早期基金与产业资本。",
     "needs": ["工业视觉缺陷检测一体机推广", "五轴联动数控系统国产化替代"], "scores": {}, "attendees": []},
]


def load_roadshows(platform: Platform) -> int:
    """A past roadshow with jury scores and an investor's 有意向, and an upcoming one (dated around the story day)."""
    from datetime import date

    from techbridge.accounts.directory import organization_by_name
    from techbridge.listings.queries import published_of_organization
    from techbridge.roadshows import service as roadshow_service
    from techbridge.roadshows.model import Invitation, JuryScore, Registration, Roadshow, Slot
    from techbridge.roadshows.repository import RoadshowRepository
    from techbridge.roadshows.rules import CRITERIA, weighted_total

    done = 0
    broker, juror = _member(platform, "broker"), _member(platform, "broker2")
    assert broker.id is not None and juror.id is not None
    for row in ROADSHOWS:
        attendees = [(_member(platform, key), kind, titles) for key, kind, titles in row["attendees"]]
        with platform.uow() as uow:
            repo = uow.repo(RoadshowRepository)
            if any(s.title == row["title"] for s in repo.list()):
                continue
            needs = {n.title: n.id or 0 for n in uow.repo(NeedRepository).list()}
            show = Roadshow(row["title"], broker.id, date.fromisoformat(row["held_on"]), row["venue"], row["online"],
                            row["industry"], row["theme"], jury_ids=[juror.id], created_at=utcnow())
            repo.add(show)
            uow.flush()
            assert show.id is not None
            slots: dict[str, int] = {}
            achievements = {a.title: a.id for a in published_of_organization(uow, "achievement", None, limit=2000)}
            projects = [(needs[t], None, t) for t in row["needs"]] + \
                [(None, achievements[t], t) for t in row.get("achievements", [])]
            for position, (need_id, achievement_id, title) in enumerate(projects, start=1):
                slot = Slot(show.id, need_id, position, 12, achievement_id=achievement_id)
                repo.add_any(slot)
                uow.flush()
                assert slot.id is not None
                slots[title] = slot.id
            for org_key in row.get("invited", []):
                org = organization_by_name(uow, _org_name(org_key))
                if org is not None and org.id is not None:
                    repo.add_any(Invitation(show.id, org.id, "investor", "平台匹配：基金符合本场路演的融资项目", broker.id,
                                            utcnow()))
            for title, values in row["scores"].items():
                scores, total = weighted_total(dict(zip([c[0] for c in CRITERIA], values, strict=True)))
                repo.add_any(JuryScore(slots[title], juror.id, scores, total, created_at=utcnow()))
            for user, kind, _ in attendees:
                assert user.id is not None
                repo.add_any(Registration(show.id, user.id, user.organization_id, kind, "氢能", created_at=utcnow()))
            uow.commit()
        for user, _, titles in attendees:
            for title in titles:
                follow = roadshow_service.interested(platform.uow(), actor=user, slot_id=slots[title])
                for stage in row.get("followed", {}).get(title, []):
                    if follow.deal_id is not None:
                        funnel.advance(platform.uow(), actor=user, deal_id=follow.deal_id, target=stage)
        done += 1
    return done
