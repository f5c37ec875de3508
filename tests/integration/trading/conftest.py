"""An achievement listed for 竞价, a seller and buyers from other organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from techbridge.accounts.model import User
from techbridge.trading import service as trading
from tests.support.factories import credit_code, make_org, make_user
from tests.support.scenario import Cast, cast

TODAY = date(2026, 11, 2)  # a Monday; 20 working days later is 2026-11-30
OPEN = datetime(2026, 12, 1, 2, 0)  # 10:00 Beijing on the first day after the notice
CLOSE = datetime(2026, 12, 1, 6, 0)
AUCTION = {"mode": "auction", "price": "300", "reserve": "350", "increment": "10", "contract_type": "技术转让",
           "terms": "专利权整体转让，含技术资料与三个月技术指导"}


@dataclass
class Market:
    cast: Cast
    buyer: User
    listing_id: int


def list_auction(platform, c: Cast, **over) -> int:
    return trading.create_listing(platform.uow(), actor=c.supplier,
                                  raw={**AUCTION, "achievement_id": str(c.achievement_id), **over}, today=TODAY)


@pytest.fixture
def market(platform) -> Market:
    c = cast(platform)
    buyer = make_user(platform, role="seeker", org_id=make_org(platform, name="天津测试新材料有限公司", org_type="企业",
                                                             code=credit_code("91", "120116"), region="滨海新区"))
    return Market(c, buyer, list_auction(platform, c))
