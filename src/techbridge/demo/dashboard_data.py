"""Demo data of 数据看板: official statistics, a contract history and an engagement history.

Each loader is idempotent. Contracts go through the registration-record import, engagements are
replayed move by move through the pipeline rules (domain/pipeline.py), so the demo can never
hold a stage change the platform itself would refuse.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from importlib.resources import files
from typing import Any

from techbridge.accounts.model import Organization
from techbridge.accounts.repository import OrganizationRepository, UserRepository
from techbridge.bootstrap import Platform
from techbridge.deals import pipeline as rules
from techbridge.deals.contract_import import import_contract_table
from techbridge.deals.contracts import Contract, validate_contract_input
from techbridge.deals.pipeline import Engagement, EngagementEvent, Side, Stage
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.insight.targets import upsert_statistics
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.industries import industry_name
from techbridge.kernel.tabular import Table
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.repository import AchievementRepository, DemandRepository
from techbridge.storage.uow import UnitOfWork

SOURCE = "demo"
DOMAIN = "demo.techbridge.cn"


def _data(name: str) -> Any:
    return json.loads(files("techbridge.demo").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def load_statistics(platform: Platform) -> int:
    """The published figures quoted in the seed articles, each naming its source."""
    rows = _data("official_statistics.json")
    upsert_statistics(platform.uow(), [{**r, "year": str(r["year"])} for r in rows])
    return len(rows)


def load_contracts(platform: Platform) -> int:
    """A 2019–2026 history of technology contracts, mostly Beijing sellers to Tianjin/Hebei buyers."""
    rows = _data("contracts.json")
    headers = sorted({k for r in rows for k in r})
    report = import_contract_table(platform.uow(), Table(headers, rows, list(range(2, len(rows) + 2))), source=SOURCE)
    if report.file_error or report.problems:
        detail = report.file_error or "；".join(f"第{p.row}行 {p.column}：{p.message}" for p in report.problems[:5])
        raise RuntimeError(f"演示合同数据有误：{detail}")
    return len(rows)


def load_engagements(platform: Platform) -> int:
    """Engagements between demo listings, replayed with their timestamps; signed ones with a contract."""
    items = _data("engagements.json")
    with platform.uow() as uow:
        achievements = uow.repo(AchievementRepository).by_external_ids(SOURCE, [i["achievement"] for i in items])
        demands = uow.repo(DemandRepository).by_external_ids(SOURCE, [i["demand"] for i in items])
        members = {u.organization_id: u.id for u in uow.repo(UserRepository).list(uow.repo(UserRepository).table.c.email.like(f"%@{DOMAIN}"),
                                                                 order_by=uow.repo(UserRepository).table.c.id)}
        brokers = {key: (u.id if (u := uow.repo(UserRepository).by_email(f"{key}@{DOMAIN}")) else None) for key in ("broker", "broker2")}
        admin = uow.repo(UserRepository).by_email(f"admin@{DOMAIN}")
        for n, item in enumerate(items, start=1):
            a, d = achievements[item["achievement"]], demands[item["demand"]]
            if uow.repo(EngagementRepository).for_pair(a.id, d.id) is None:  # type: ignore[arg-type]
                steward = brokers.get(item["broker"]) if item["broker"] else (admin.id if admin else None)
                _replay(uow, n, item, a, d, members, steward, item["broker"] is not None)
        uow.commit()
    return len(items)


def _replay(uow: UnitOfWork, n: int, item: dict[str, Any], a: Achievement, d: Demand, members: dict[int | None, int | None],
            steward: int | None, brokered: bool) -> None:
    assert a.id is not None and d.id is not None
    created = datetime.fromisoformat(item["created_at"])
    e = Engagement(a.id, d.id, broker_id=steward if brokered else None, score=item["score"],
                   summary=f"同属{industry_name(a.industry)}领域；成果成熟度 TRL {a.trl}，与需求的场景和指标相符",
                   created_by=steward, created_at=created, updated_at=created)
    uow.repo(EngagementRepository).add(e)
    uow.flush()
    assert e.id is not None
    uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, steward, "created", None, Stage.RECOMMENDED.value,
                                              note="由推荐匹配发起对接", at=created))
    actors = {Side.SUPPLIER: members.get(a.organization_id), Side.SEEKER: members.get(d.organization_id)}
    has_contract = False
    for step in item["steps"]:
        at = datetime.fromisoformat(step["at"])
        move: rules.Move | None = None
        actor = steward
        if step["do"] == "interest":
            side = Side(step["side"])
            actor = actors[side]
            move = rules.express_interest(e, side, at)
            uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, actor, "interest", note="表达了对接意向", at=at))
        elif step["do"] == "advance":
            move = rules.check_advance(e, step["to"], side=Side.BROKER, trl=a.trl, has_contract=has_contract)
        elif step["do"] == "terminate":
            move = rules.check_terminate(e, side=Side.BROKER, reason=step["reason"], note=step["note"])
        elif step["do"] == "contract":
            uow.repo(ContractRepository).add(_contract(uow, n, step, e.id, a, d))
            has_contract = True
        if move is not None:
            source_stage, e.stage = e.stage, move.to.value
            if move.to == Stage.TERMINATED:
                e.termination_reason, e.termination_note = move.reason, move.note
            uow.repo(EngagementRepository).add_event(EngagementEvent(e.id, actor, "stage", source_stage, move.to.value, move.reason,
                                                      move.note, at=at))
        e.updated_at = at


def _contract(uow: UnitOfWork, n: int, step: dict[str, Any], engagement_id: int, a: Achievement, d: Demand) -> Contract:
    seller = uow.repo(OrganizationRepository).get(a.organization_id)
    buyer = uow.repo(OrganizationRepository).get(d.organization_id)
    assert isinstance(seller, Organization) and isinstance(buyer, Organization)
    values = validate_contract_input({
        "title": f"{a.title[:60]}{step['contract_type']}合同", "contract_type": step["contract_type"],
        "amount": step["amount"], "seller_name": seller.name, "buyer_name": buyer.name,
        "seller_region": seller.region_code, "buyer_region": buyer.region_code, "signed_on": step["signed_on"],
        "payment_mode": step["payment_mode"], "industry": a.industry, "registration_no": step["registration_no"],
        "trl": a.trl,
    }, today=beijing_today())
    return Contract(**asdict(values), seller_org_id=seller.id, buyer_org_id=buyer.id, engagement_id=engagement_id,
                    source=SOURCE, external_id=f"DEMO-E-{n:03d}", created_at=datetime.fromisoformat(step["at"]))
