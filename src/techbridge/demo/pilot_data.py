"""Demo concept-verification centres and pilot bases (demo/data/pilot_facilities.json), written by us.

Loaded through the pilot service like any facility; idempotent (a facility already stored by name is kept).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from techbridge.accounts.model import Organization, User
from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.pilot import service as pilot
from techbridge.pilot.model import ServiceRecord, ServiceRequest, SlotBooking
from techbridge.pilot.repository import (
    FacilityRepository,
    RecordRepository,
    RequestRepository,
    SlotRepository,
)


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
    _load_history(platform)
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


# This year's finished and booked services (history, stored straight into the tables): facility name fragment,
# service index, requester org key, asked on, days to quote, amount 万元, days of work, days from acceptance to the
# slot, TRL before → after (None while the service is still booked), purpose, targets, results, evidence.
HISTORY = [
    ("增材制造", 0, "jghy", date(2026, 1, 6), 3, "11.8", 10, 14, (4, 6), "深海机械手钛合金指节轻量化结构工艺验证",
     "致密度≥99.5%；抗拉强度≥895 MPa；尺寸偏差≤0.1 mm", "致密度99.7%；抗拉强度928 MPa；尺寸偏差0.06 mm",
     "第三方检测报告 TJ-AM-2026-013；CT扫描记录"),
    ("增材制造", 1, "qhd-marine", date(2026, 3, 2), 4, "43.0", 24, 20, (5, 6), "耐压舱支架小批量试制（30件）",
     "批次合格率≥95%；4500 m水深等效压力无渗漏", "合格率96.7%（29/30）；高压舱试验无渗漏",
     "小批试制记录；高压舱试验报告 HP-2026-041"),
    ("增材制造", 2, "qhd-marine", date(2026, 6, 8), 2, "6.0", 5, 9, (6, 7), "水下机器人耐压端盖4500 m等效压力试验",
     "45 MPa保压4 h无变形、无渗漏", "45 MPa保压4 h，残余变形0.02 mm，无渗漏", "高压舱试验报告 HP-2026-077"),
    ("增材制造", 0, "tj-hangyu-composite", date(2026, 9, 14), 5, "12.0", 12, 18, (4, 5), "复合材料—钛合金连接件工艺验证",
     "界面剪切强度≥30 MPa", "界面剪切强度27 MPa，需优化表面处理后复验", "检测报告 TJ-AM-2026-102"),
    ("概念验证", 0, "bd-chiyu-autoparts", date(2026, 2, 9), 6, "7.5", 30, 21, (3, 4), "轮毂轴承在线磨损监测原理样机",
     "样机连续运行200 h；磨损识别准确率≥90%", "运行216 h；识别准确率92.4%", "样机测试报告；台架试验视频"),
    ("概念验证", 1, "bd-chiyu-autoparts", date(2026, 5, 11), 4, "2.8", 10, 7, (4, 4), "监测模组的市场与商业化评估",
     "形成目标客户清单与定价区间", "完成12家主机厂访谈，提出两档定价", "商业化评估报告"),
    ("智能装备中试线", 0, "tj-beichen-cnc", date(2026, 3, 16), 3, "14.0", 20, 15, (5, 7), "五轴机床电主轴装配工艺验证",
     "装配一次合格率≥95%；温升≤15 ℃", "一次合格率97%；温升12.5 ℃", "中试记录；第三方温升测试报告"),
    ("智能装备中试线", 1, "tj-haihe-robotics", date(2026, 6, 22), 5, "9.0", 25, 12, (6, 7), "协作机器人关节模组可靠性耐久试验",
     "20000 h等效寿命试验无失效", "加速寿命试验通过，MTBF推算≥22000 h", "可靠性试验报告 RL-2026-18"),
    ("智能装备中试线", 0, "tj-haihe-robotics", date(2026, 10, 12), 4, "15.0", 20, 26, (5, 6), "关节模组装配线节拍验证",
     "装配节拍≤6 min/台", "节拍5.4 min/台", "中试记录"),
    ("智能建造", 0, "xa-smartcity", date(2026, 4, 7), 7, "6.0", 45, 23, (5, 7), "装配式建筑构件智能吊装场景试用",
     "吊装定位误差≤5 mm；工效提升≥20%", "定位误差3.8 mm；工效提升26%", "雄安片区场景试用报告"),
    ("智能建造", 1, "xa-smartcity", date(2026, 11, 2), 5, "4.0", 8, 28, None, "新型构件连接节点加载试验",
     "", "", ""),
    ("智能装备中试线", 1, "tj-beichen-cnc", date(2026, 11, 9), 3, "9.0", 25, 22, None, "电主轴整机耐久试验", "", "", ""),
]


def _load_history(platform: Platform) -> None:
    """Past services with their bookings and records (idempotent: skipped once a request carries a record)."""
    with platform.uow() as uow:
        if uow.repo(RecordRepository).count() > 0:
            return
        facilities = list(uow.repo(FacilityRepository).list())
        for (where, index, org_key, asked, quote_days, amount, days, lead, trl, purpose, targets, results,
             evidence) in HISTORY:
            facility = next(f for f in facilities if where in f.name)
            assert facility.id is not None
            service = uow.repo(FacilityRepository).services(facility.id)[index]
            user = uow.repo(UserRepository).by_email(f"{org_key}@demo.techbridge.cn")
            if user is None or service.id is None or user.id is None:
                continue
            at = datetime(asked.year, asked.month, asked.day, 2, 30)
            quoted, accepted = at + timedelta(days=quote_days), at + timedelta(days=quote_days + 2)
            start = accepted.date() + timedelta(days=lead)
            request = ServiceRequest(facility.id, service.id, user.id, purpose, at, requester_org_id=user.organization_id,
                                     status="completed" if trl else "booked", quote_amount=Decimal(amount),
                                     quote_days=days, quoted_at=quoted, accepted_at=accepted, created_at=at,
                                     updated_at=accepted)
            uow.repo(RequestRepository).add(request)
            uow.flush()
            assert request.id is not None
            uow.repo(SlotRepository).add(SlotBooking(facility.id, request.id, start, start + timedelta(days=days),
                                                     created_at=accepted))
            if trl:
                done = datetime.combine(start + timedelta(days=days), datetime.min.time()) + timedelta(hours=3)
                uow.repo(RecordRepository).add(ServiceRecord(request.id, targets, results, trl[0], trl[1], evidence,
                                                             recorded_by=None, recorded_at=done))
        uow.commit()
