"""Load the demo data written by the team (demo/data/*.json) through the normal import path.

Idempotent: organisations are matched by credit code, listings upserted by (source "demo",
external id), users by email; running it twice changes nothing.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from importlib.resources import files
from typing import Any

from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.repository import OrganizationRepository, UserRepository
from techbridge.accounts.service import hash_password
from techbridge.bootstrap import Platform
from techbridge.kernel.clock import utcnow
from techbridge.kernel.parks import resolve_park
from techbridge.kernel.tabular import Table
from techbridge.listings.importing import ImportReport, import_table
from techbridge.listings.repository import AchievementRepository, DemandRepository

SOURCE = "demo"
DEMO_PASSWORD = "techbridge2026"  # printed in the README: every demo account uses it
DEMO_DOMAIN = "demo.techbridge.cn"
# The day the demo's story is told from: its listings, deals and deadlines are dated around it, so
# that the year's targets show real progress. Loading it later keeps the story as written.
STORY_DAY = date(2026, 12, 4)

# The platform's own operators: the three commissions (admins) and a technology-transfer
# agency whose certified technology managers act as brokers. Credit codes carry valid check digits.
OPERATORS: list[dict[str, Any]] = [
    {"key": "bj-kw", "name": "北京市科学技术委员会、中关村科技园区管理委员会", "type": "政府部门",
     "credit_code": "11110000000019125N", "region_code": "110000", "description": "北京市科技主管部门（平台管理方）。"},
    {"key": "tj-kj", "name": "天津市科学技术局", "type": "政府部门",
     "credit_code": "11120000000091326D", "region_code": "120000", "description": "天津市科技主管部门（平台管理方）。"},
    {"key": "hb-kj", "name": "河北省科学技术厅", "type": "政府部门",
     "credit_code": "111300000001362365", "region_code": "130000", "description": "河北省科技主管部门（平台管理方）。"},
    {"key": "jjj-tt", "name": "京津冀协同技术转移服务中心有限公司", "type": "技术转移机构",
     "credit_code": "911101083278561K58", "region_code": "110108", "park": "中关村科学城",
     "description": "专业技术转移机构，持证技术经理人提供跨区域成果转化全流程服务。"},
]
OPERATOR_USERS: list[dict[str, str]] = [
    {"email": f"admin@{DEMO_DOMAIN}", "name": "北京市科委管理员", "role": "admin", "org": "bj-kw", "scope": "110000"},
    {"email": f"tj-admin@{DEMO_DOMAIN}", "name": "天津科技局管理员", "role": "admin", "org": "tj-kj", "scope": "120000"},
    {"email": f"hb-admin@{DEMO_DOMAIN}", "name": "河北科技厅管理员", "role": "admin", "org": "hb-kj", "scope": "130000"},
    {"email": f"platform@{DEMO_DOMAIN}", "name": "平台运营中心", "role": "admin", "org": "bj-kw", "scope": ""},
    {"email": f"broker@{DEMO_DOMAIN}", "name": "王立新", "role": "broker", "org": "jjj-tt"},
    {"email": f"broker2@{DEMO_DOMAIN}", "name": "李静", "role": "broker", "org": "jjj-tt"},
    # registered as a technology manager; the Hebei admin has not yet checked the credential
    {"email": f"applicant@{DEMO_DOMAIN}", "name": "孙晓楠", "role": "broker_applicant", "org": "jjj-tt"},
]


def _data(name: str) -> Any:
    return json.loads(files("techbridge.demo").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def load_demo(platform: Platform) -> dict[str, int]:
    """Load everything; returns counts for a one-line summary."""
    supply, demand_orgs = _data("organizations_supply.json"), _data("organizations_demand.json")
    orgs = _load_organizations(platform, [*OPERATORS, *supply, *demand_orgs])
    users = _load_users(platform, orgs, supply, demand_orgs)
    reports = {
        kind: _load_listings(platform, kind, _data(f"{kind}s.json"), orgs)
        for kind in ("achievement", "demand")
    }
    from techbridge.demo import dashboard_data  # 数据看板: official figures, contract and engagement history

    dashboard = {"官方统计": dashboard_data.load_statistics(platform), "技术合同": dashboard_data.load_contracts(platform),
                 "对接": dashboard_data.load_engagements(platform)}
    from techbridge.demo import services_data  # 人才库 and 仪器共享, with their embeddings

    services = {"人才": services_data.load_experts(platform, orgs), "仪器": services_data.load_instruments(platform, orgs)}
    services_data.load_bookings(platform, orgs)
    services_data.embed(platform)
    from techbridge.demo import policies_calls  # 政策服务 and 揭榜挂帅

    library = {"政策": policies_calls.load_policies(platform), "揭榜榜单": policies_calls.load_challenges(platform)}
    from techbridge.demo import finance_data  # 科技金融: funds, products, financing needs

    library.update(finance_data.load_finance(platform))
    from techbridge.demo import (
        ip_data,  # 知识产权: patent statuses, licences, pledges (before the trades that read them)
    )

    library["专利记录"] = ip_data.load_ip(platform)
    from techbridge.demo import trading_data  # 交易大厅

    library["交易公告"] = trading_data.load_trading(platform, orgs)
    from techbridge.demo import evaluation_data  # 评价与估值

    library["成果评价"] = evaluation_data.load_evaluations(platform)
    from techbridge.demo import pilot_data  # 概念验证与中试平台

    library["中试平台"] = pilot_data.load_facilities(platform, orgs)
    from techbridge.demo import landing_data  # 成果落地

    library["落地记录"] = landing_data.load_landings(platform)
    from techbridge.demo import incubation_data  # 孵化载体

    library["孵化载体"] = incubation_data.load_carriers(platform, orgs)
    return {"机构": len(orgs), "用户": users, "成果": reports["achievement"], "需求": reports["demand"], **dashboard,
            **services, **library}


def _load_organizations(platform: Platform, rows: list[dict[str, Any]]) -> dict[str, Organization]:
    by_key: dict[str, Organization] = {}
    with platform.uow() as uow:
        for row in rows:
            org = uow.repo(OrganizationRepository).by_credit_code(row["credit_code"])
            if org is None:
                org = Organization(row["name"], row["type"], row["credit_code"], row["region_code"],
                                   created_at=utcnow())
                uow.repo(OrganizationRepository).add(org)
            org.name, org.org_type, org.region_code = row["name"], row["type"], row["region_code"]
            org.park = resolve_park(row["park"]) if row.get("park") else None
            org.description = row.get("description", "")
            by_key[row["key"]] = org
        uow.commit()
    return by_key


def _load_users(platform: Platform, orgs: dict[str, Organization], supply: list[dict[str, Any]],
                demand_orgs: list[dict[str, Any]]) -> int:
    wanted = list(OPERATOR_USERS)
    wanted += [{"email": f"{o['key']}@{DEMO_DOMAIN}", "name": f"{o['name'][:12]}联络人", "role": "supplier",
                "org": o["key"]} for o in supply]
    wanted += [{"email": f"{o['key']}@{DEMO_DOMAIN}", "name": f"{o['name'][:12]}联络人", "role": "seeker",
                "org": o["key"]} for o in demand_orgs]
    password_hash = hash_password(DEMO_PASSWORD)
    with platform.uow() as uow:
        for w in wanted:
            if uow.repo(UserRepository).by_email(w["email"]) is None:
                uow.repo(UserRepository).add(User(w["email"], w["name"], password_hash, Role(w["role"]).value,
                                                  orgs[w["org"]].id, region_scope=w.get("scope") or None,
                                                  created_at=utcnow()))
        uow.commit()
    return len(wanted)


def _load_listings(platform: Platform, kind: str, items: list[dict[str, Any]], orgs: dict[str, Organization]) -> int:
    rows = [_listing_row(kind, item, orgs[item["org"]]) for item in items]
    headers = sorted({key for row in rows for key in row})
    table = Table(headers, rows, list(range(2, len(rows) + 2)))
    report = import_table(platform.uow(), platform.bus, table, kind=kind, source=SOURCE, today=STORY_DAY)
    _raise_on_problems(report)
    _apply_dates(platform, kind, items)
    return report.total_rows


def _listing_row(kind: str, item: dict[str, Any], org: Organization) -> dict[str, Any]:
    row = {k: v for k, v in item.items() if k not in ("org", "contact", "asking_price_wan", "budget_wan",
                                                        "published_on")}
    row.update(org_name=org.name, credit_code=org.credit_code, region=org.region_code)
    contact = item.get("contact") or {}
    row.update(contact_name=contact.get("name", ""), contact_phone=contact.get("phone", ""),
               contact_email=contact.get("email", ""))
    if kind == "achievement":
        row["asking_price"] = item.get("asking_price_wan")
    else:
        row["budget"] = item.get("budget_wan")
    return row


def _raise_on_problems(report: ImportReport) -> None:
    if report.file_error or report.problems:
        details = report.file_error or "；".join(f"第{p.row}行 {p.column}：{p.message}" for p in report.problems[:10])
        raise RuntimeError(f"演示数据有误：{details}")


def _apply_dates(platform: Platform, kind: str, items: list[dict[str, Any]]) -> None:
    """Give demo listings their story's dates instead of the moment of loading."""
    dates = {item["external_id"]: item["published_on"] for item in items if item.get("published_on")}
    with platform.uow() as uow:
        repo = uow.repo(AchievementRepository) if kind == "achievement" else uow.repo(DemandRepository)
        for ext_id, listing in repo.by_external_ids(SOURCE, list(dates)).items():
            moment = datetime.combine(datetime.fromisoformat(dates[ext_id]).date(), time(9, 30))
            listing.created_at = moment
            listing.updated_at = moment
            if listing.status == "published":
                listing.published_at = moment
        uow.commit()
