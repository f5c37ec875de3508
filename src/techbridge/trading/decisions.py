"""The parties' moves during a notice: a buyer registers intent (挂牌), the seller extends or withdraws."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from techbridge.accounts import rules as access
from techbridge.accounts.model import User
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import PermissionDenied, ValidationError
from techbridge.storage.uow import UnitOfWork
from techbridge.trading import endings, rules
from techbridge.trading.model import Bid, TradeMode, TradeStatus
from techbridge.trading.repository import BidRepository, TradeListingRepository
from techbridge.trading.service import own_demand

PUBLIC_STATUSES = [s.value for s in TradeStatus]


def register_intent(uow: UnitOfWork, *, actor: User, listing_id: int, raw: Mapping[str, Any],
                    now: datetime | None = None) -> int:
    """意向受让登记 on a 挂牌 during its notice: recorded as a bid at the listed price (append-only, numbered)."""
    demand_id = own_demand(uow, actor, raw.get("demand_id"))
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        now = now or utcnow()
        assert actor.id is not None
        if actor.organization_id is None or actor.role not in ("seeker", "supplier"):
            raise PermissionDenied("请以企业或机构账号登记受让意向")
        intents = list(uow.repo(BidRepository).of_listing(listing_id))
        rules.check_intent(listing, intents, bidder_id=actor.id, bidder_org_id=actor.organization_id,
                           today=endings.beijing_day(now))
        assert listing.price is not None
        bid = Bid(listing_id, actor.id, actor.organization_id, listing.price, now, len(intents) + 1, demand_id=demand_id)
        uow.repo(BidRepository).add(bid)
        listing.updated_at = now
        uow.flush()
        uow.commit()
        assert bid.id is not None
        return bid.id


def extend(uow: UnitOfWork, *, actor: User, listing_id: int, hours: int, now: datetime | None = None) -> datetime:
    """A 竞价 with no bidder: extend its close by `hours`; a 挂牌 with no intended buyer: by `hours` working days."""
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        if actor.organization_id != listing.seller_org_id and not access.is_admin(actor):
            raise PermissionDenied("只有卖方可以延期竞价")
        now = now or utcnow()
        if listing.mode == TradeMode.LISTING:
            last = rules.extend_listing(listing, today=endings.beijing_day(now), working_days=hours)
            listing.updated_at = now
            uow.commit()
            return datetime.combine(last + timedelta(days=1), time()) - BEIJING
        end = rules.extend_auction(listing, now=now, hours=hours)
        uow.commit()
        return end


def withdraw(uow: UnitOfWork, *, actor: User, listing_id: int) -> None:
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        if actor.organization_id != listing.seller_org_id and not access.is_admin(actor):
            raise PermissionDenied("只有卖方可以撤牌")
        if listing.status in (TradeStatus.SOLD, TradeStatus.UNSOLD, TradeStatus.WITHDRAWN) or (
                listing.status != TradeStatus.AWAITING_DECISION and uow.repo(BidRepository).of_listing(listing_id)):
            raise ValidationError("已有出价或已结束的交易不能撤牌", code="cannot_withdraw")
        listing.status = TradeStatus.WITHDRAWN.value
        listing.updated_at = utcnow()
        uow.commit()
