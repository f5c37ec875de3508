"""Demo concept-verification centres and pilot bases (demo/data/pilot_facilities.json), written by us.

Loaded through the pilot service like any facility; idempotent (a facility already stored by name is kept).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from techbridge.accounts.model import Organization, User
from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.pilot import service as pilot
from techbridge.pilot.repository import FacilityRepository, RequestRepository


def load_facilities(platform: Platform, orgs: dict[str, Organization]) -> int:
    rows: list[dict[str, Any]] = json.loads(files("techbridge.demo").joinpath("data/pilot_facilities.json")
                                            .read_text(encoding="utf-8"))
    with platform.uow() as uow:
        known = {f.name for f in uow.repo(FacilityRepository).list()}
        admin = uow.repo(UserRepository).by_email("platform@demo.techbridge.cn")
    if admin is None:
        raise RuntimeError("演示数据缺少平台管理员账号")
    for row in rows:
        if row["name"] in known:
            continue
        raw = {k: v for k, v in row.items() if k != "org"}
        pilot.save_facility(platform.uow(), actor=admin, raw=raw, organization_id=orgs[row["org"]].id)
    _load_request(platform, admin)
    return len(rows)


def _load_request(platform: Platform, admin: User) -> None:
    """One quoted request: a Qinhuangdao shipyard asks the additive-manufacturing platform to qualify a part."""
    with platform.uow() as uow:
        if uow.repo(RequestRepository).count() > 0:
            return
        shipyard = uow.repo(UserRepository).by_email("qhd-marine@demo.techbridge.cn")
        base = next(f for f in uow.repo(FacilityRepository).list() if "增材制造" in f.name)
        assert base.id is not None
        service = uow.repo(FacilityRepository).services(base.id)[0]
    if shipyard is None:
        raise RuntimeError("演示数据缺少秦皇岛渤海海洋工程装备有限公司的账号")
    rid = pilot.request_service(platform.uow(), actor=shipyard, facility_id=base.id, raw={
        "service_id": str(service.id), "nda": "1", "use_voucher": "1",
        "purpose": "水下机器人钛合金耐压舱端盖改为增材制造，需验证致密度≥99.5%、抗拉强度≥895 MPa，并在高压舱完成4500 m水深耐压试验。"})
    pilot.quote(platform.uow(), actor=admin, request_id=rid, raw={
        "quote_amount": "14.5", "quote_days": "12", "quote_note": "含两批工艺验证件、热等静压与CT检测；耐压试验另行报价。"})
