"""Demo talent database and shared instruments (demo/data/experts.json, instruments.json), written by us.

Loaded through the same upserts as the XLSX imports, keyed by (source "demo", 编号), so loading
twice changes nothing; their passage embeddings are computed here too (only for changed text).
Each demo credential is checked as of the day it was registered (`registered_on`): one of them
has expired since, which is exactly what the pages must show.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from techbridge.accounts.directory import get_user, users_with_roles
from techbridge.accounts.model import Organization, Role
from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.demo.load import DEMO_DOMAIN
from techbridge.instruments.model import Booking, UsageRecord, estimate_fee
from techbridge.instruments.repository import BookingRepository, InstrumentRepository
from techbridge.instruments.service import KIND as INSTRUMENT_KIND
from techbridge.instruments.service import instrument_documents
from techbridge.instruments.spreadsheets import upsert_instruments
from techbridge.kernel.clock import BEIJING, beijing_today, utcnow
from techbridge.kernel.record_io import RecordReport
from techbridge.matching.documents import embed_documents
from techbridge.talent.repository import ExpertRepository
from techbridge.talent.service import KIND as EXPERT_KIND
from techbridge.talent.service import expert_documents
from techbridge.talent.spreadsheets import upsert_experts

SOURCE = "demo"


def _data(name: str) -> Any:
    return json.loads(files("techbridge.demo").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def load_experts(platform: Platform, orgs: dict[str, Organization]) -> int:
    rows = []
    for number, item in enumerate(_data("experts.json"), start=1):
        row = {k: v for k, v in item.items() if k not in ("credential", "org")}
        credential = item.get("credential") or {}
        row.update(credential_no=credential.get("no", ""), credential_level=credential.get("level", ""),
                   credential_valid_until=credential.get("valid_until", ""),
                   registered_on=credential.get("registered_on", ""))
        if item.get("org"):
            row["organization_id"] = orgs[item["org"]].id
        rows.append((number, row))
    report = RecordReport(total_rows=len(rows))
    upsert_experts(platform.uow(), rows, report, partial=False, source=SOURCE, today_of=_registered_on)
    _raise_on_problems("experts.json", report)
    _verify_brokers(platform)
    return report.total_rows


def _verify_brokers(platform: Platform) -> None:
    """The demo's technology managers were verified by the admin of the region that issued their credential."""
    with platform.uow() as uow:
        admins = [u for u in users_with_roles(uow, [Role.ADMIN]) if u.region_scope]
        for expert in uow.repo(ExpertRepository).list():
            user = get_user(uow, expert.user_id) if expert.user_id else None
            if user is not None and user.role == Role.BROKER_APPLICANT and expert.verification == "none":
                expert.verification = "pending"  # waits in the issuing region's queue (/talent/verifications)
                continue
            if user is None or user.role != Role.BROKER or expert.verification == "verified":
                continue
            verifier = next((a for a in admins if a.region_scope == expert.credential_region), None)
            expert.verification, expert.verified_by = "verified", verifier.id if verifier else None
            expert.verified_at = utcnow()
        uow.commit()


def _registered_on(row: dict[str, Any]) -> date:
    return date.fromisoformat(row["registered_on"]) if row.get("registered_on") else beijing_today()


def load_instruments(platform: Platform, orgs: dict[str, Organization]) -> int:
    rows = []
    for number, item in enumerate(_data("instruments.json"), start=1):
        org = orgs[item["org"]]
        contact = item.get("contact") or {}
        row = {k: v for k, v in item.items() if k not in ("org", "contact")}
        row.update(credit_code=org.credit_code, org_name=org.name, region=org.region_code, park=org.park or "",
                   contact_name=contact.get("name", ""), contact_phone=contact.get("phone", ""))
        rows.append((number, row))
    report = RecordReport(total_rows=len(rows))
    upsert_instruments(platform.uow(), rows, report, partial=False, source=SOURCE)
    _raise_on_problems("instruments.json", report)
    return report.total_rows


# A little booking history so calendars and the owners' lists are not empty: (instrument, requester's
# org key, weekday, start hour, hours, weeks from the loading week, status, purpose). Next week's
# Tuesday morning on the EMC chamber and Thursday morning on the fatigue tester stay free: the
# browser tests book those.
BOOKINGS = [
    ("DEMO-I-015", "sh-xinyan-electronics", 2, 9, 3, 1, "approved", "服务器主板辐射发射预测试（GB/T 9254）"),
    ("DEMO-I-015", "tj-xingheng-ev", 0, 14, 3, 1, "requested", "电机控制器CISPR 25辐射发射摸底"),
    ("DEMO-I-012", "ga-meddevice", 4, 9, 8, 1, "requested", "3D打印钛合金椎间融合器动态压缩疲劳（ASTM F2077）"),
    ("DEMO-I-012", "yn-fastener", 1, 9, 6, -1, "completed", "12.9级M16螺栓轴向疲劳对比试验"),
    ("DEMO-I-005", "aq-qizhou-tcm", 3, 9, 2, -1, "completed", "当归、黄芪进厂批次铅镉砷汞测定"),
]


def load_bookings(platform: Platform, orgs: dict[str, Organization]) -> int:
    """Write the booking history once (only into an empty bookings table)."""
    with platform.uow() as uow:
        if uow.repo(BookingRepository).count() > 0:
            return 0
        instruments = uow.repo(InstrumentRepository).by_external_ids(SOURCE, [b[0] for b in BOOKINGS])
        today = beijing_today()
        monday = today - timedelta(days=today.weekday())
        now = utcnow()
        for ext, org_key, weekday, hour, hours, weeks, status, purpose in BOOKINGS:
            instrument, requester = instruments[ext], uow.repo(UserRepository).by_email(f"{org_key}@{DEMO_DOMAIN}")
            assert instrument.id is not None and requester is not None and requester.id is not None
            start_local = datetime.combine(monday + timedelta(weeks=weeks, days=weekday), time(hour))
            booking = Booking(instrument.id, requester.id, start_local - BEIJING,
                              start_local - BEIJING + timedelta(hours=hours), purpose, samples=3,
                              estimated_fee=estimate_fee(instrument, start_local, hours, 3), status=status,
                              requester_org_id=requester.organization_id, created_at=now, updated_at=now,
                              decided_at=now if status != "requested" else None)
            uow.repo(BookingRepository).add(booking)
            uow.flush()
            if status == "completed":
                assert booking.id is not None
                uow.repo(BookingRepository).add_usage(UsageRecord(booking.id, Decimal(hours), 3, booking.estimated_fee,
                                                   Decimal("0.00"), "按预约完成", None, now))
        uow.commit()
        return len(BOOKINGS)


def embed(platform: Platform) -> int:
    """Passage embeddings of experts and instruments whose text changed since the last run."""
    done = 0
    for kind, loader in ((EXPERT_KIND, expert_documents), (INSTRUMENT_KIND, instrument_documents)):
        documents = loader(platform.uow())
        with platform.uow() as uow:
            done += embed_documents(uow, platform.embedder, kind, documents)
            uow.commit()
    return done


def _raise_on_problems(name: str, report: RecordReport) -> None:
    if report.problems or not report.committed:
        details = "；".join(f"第{p.row}条 {p.column}：{p.message}" for p in report.problems[:10])
        raise RuntimeError(f"演示数据 {name} 有误：{details}")
