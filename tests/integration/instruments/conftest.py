"""A lab with one shared instrument, its owner, and people who want to use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from techbridge.accounts.model import User
from techbridge.instruments import service as instruments
from techbridge.kernel.clock import BEIJING, utcnow
from tests.support.factories import credit_code, make_org, make_user

FATIGUE_TESTER = {
    "name": "电液伺服疲劳试验机", "category": "力学性能测试", "region": "海淀", "manufacturer": "MTS",
    "capabilities": "金属与焊接接头高周疲劳、低周疲劳试验，紧固件与结构件疲劳寿命测试", "fee": "350",
    "fee_unit": "小时", "voucher_eligible": "是", "open_weekdays": "周一至周五", "open_from": "9", "open_until": "17",
    "max_booking_hours": "8", "specs": "最大载荷：±100 kN\n频率：0.01–30 Hz",
}


@dataclass
class Lab:
    owner: User
    colleague: User  # another member of the owning organisation
    seeker: User
    other: User
    instrument_id: int


@pytest.fixture
def lab(platform) -> Lab:
    org = make_org(platform, name="燕都测试大学", code=credit_code("12"))
    owner = make_user(platform, role="supplier", org_id=org)
    colleague = make_user(platform, role="supplier", org_id=org)
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, name="唐山测试机械有限公司", org_type="企业",
                                                              code=credit_code("91", "130203"), region="唐山路北区"))
    other = make_user(platform, role="seeker", org_id=make_org(platform, name="天津测试电子有限公司", org_type="企业",
                                                             code=credit_code("91", "120116"), region="滨海新区"))
    instrument_id = instruments.save_instrument(platform.uow(), actor=owner, raw=FATIGUE_TESTER)
    return Lab(owner, colleague, seeker, other, instrument_id)


def monday(weeks_ahead: int = 1) -> datetime:
    """Midnight (Beijing time) of a Monday at least a few days ahead."""
    today = (utcnow() + BEIJING).date() + timedelta(days=7 * weeks_ahead)
    start = today - timedelta(days=today.weekday())
    return datetime.combine(start, datetime.min.time())


def slot(start_hour: int, end_hour: int, *, day: int = 0, purpose: str = "焊接接头高周疲劳测试", **extra: str) -> dict[str, str]:
    """A booking request for day `day` (0 = Monday) of next week, Beijing time."""
    base = monday() + timedelta(days=day)
    row = {"start": (base + timedelta(hours=start_hour)).strftime("%Y-%m-%dT%H:%M"),
           "end": (base + timedelta(hours=end_hour)).strftime("%Y-%m-%dT%H:%M"), "purpose": purpose, "samples": "3"}
    row.update(extra)
    return row


def during(day: int = 0, hour: int = 10) -> datetime:
    """A UTC moment inside next week's slot, for acting after a booking has started."""
    return monday() + timedelta(days=day, hours=hour) - BEIJING
