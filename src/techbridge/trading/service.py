"""Use cases of trading: list an achievement for trade, bid, close, and hand a finished trade to the pipeline.

A bid first takes the listing's row lock (`TradeListingRepository.lock`) as the first statement of its
transaction, then reads the bids already placed: two bids at the same instant are serialised by the
database (PostgreSQL row lock, SQLite write lock) into exactly one order, numbered by `seq`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from techbridge.accounts import rules as access
from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.deals import queries as deal_queries
from techbridge.deals import service as deals
from techbridge.deals.contracts import Contract, ContractType
from techbridge.ip import service as ip
from techbridge.kernel import workdays
from techbridge.kernel.clock import BEIJING, beijing_today, utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.money import parse_wan
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.validation import Collector, parse_date
from techbridge.listings import queries as listings
from techbridge.storage.uow import UnitOfWork
from techbridge.trading import endings, rules
from techbridge.trading.model import Bid, TradeListing, TradeMode, TradeStatus
from techbridge.trading.repository import BidRepository, TradeListingRepository

PUBLIC_STATUSES = [s.value for s in TradeStatus]


def _wan(c: Collector, name: str, *, required: bool) -> Decimal | None:
    value = c.take(name, lambda v: parse_wan(v, field=name, allow_negotiable=not required))
    return value  # type: ignore[no-any-return,unused-ignore]


def _local_datetime(value: Any) -> datetime | None:
    """A Beijing-time "2026-12-07T10:00" or "2026-12-07 10:00" from a form, as naive UTC."""
    text = str(value or "").strip().replace("T", " ")
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"时间格式应为“2026-12-07 10:00”，收到“{value}”", code="datetime_format") from None
    return local.replace(tzinfo=None) - BEIJING


def _counterparty_region(value: Any) -> str:
    if not str(value or "").strip():
        raise ValidationError("请填写协议受让方所在地区（或选择其在平台发布的技术需求）", code="required")
    return resolve_region(str(value), nationwide=True)


def may_sell(actor: User, organization_id: int, region_code: str) -> bool:
    return actor.organization_id == organization_id or access.admin_covers(actor, region_code)


def create_listing(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], today: date | None = None) -> int:
    """List a published achievement of the actor's organisation for trade."""
    today = today or beijing_today()
    c = Collector(raw)
    mode = c.value("mode")
    if mode not in {m.value for m in TradeMode}:
        c.errors.append(ValidationError("请选择交易方式（协议定价公示、挂牌、竞价或开放许可）", field="mode", code="mode"))
    contract_type = c.value("contract_type") or ContractType.TRANSFER.value
    if contract_type not in (ContractType.TRANSFER.value, ContractType.LICENSE.value):
        c.errors.append(ValidationError("合同类型应为技术转让或技术许可", field="contract_type", code="contract_type"))
    terms = c.text("terms", "交易条件", required=False, max_len=2000)
    notice_start = c.take("notice_start", parse_date) or today
    notice_end = c.take("notice_end", parse_date)
    price = _wan(c, "price", required=mode in (TradeMode.AGREEMENT, TradeMode.LISTING, TradeMode.AUCTION))
    if price is not None and price <= 0:
        c.errors.append(ValidationError("价格应大于0万元", field="price", code="price_not_positive"))
    reserve = increment = None
    auction_start = auction_end = None
    counterparty = fee_terms = ""
    royalty_rate = lump_sum = None
    buyer_demand_id = None
    draft: dict[str, str] | None = None
    if mode == TradeMode.LISTING:
        increment = _wan(c, "increment", required=False)  # used if ≥2 intended buyers turn it into a 竞价
    if mode == TradeMode.AUCTION:
        reserve = _wan(c, "reserve", required=True)
        increment = _wan(c, "increment", required=True)
        auction_start = c.take("auction_start", _local_datetime)
        auction_end = c.take("auction_end", _local_datetime)
    if mode == TradeMode.AGREEMENT:
        buyer_demand_id = c.take("buyer_demand_id", lambda v: int(v) if str(v or "").isdigit() and len(str(v)) < 10
                                 else None)
        counterparty = c.text("counterparty", "协议受让方", required=buyer_demand_id is None, max_len=200)
        if buyer_demand_id is None:
            region = c.take("counterparty_region", _counterparty_region)
            draft = {"buyer_region": region} if region else None
    licence_until = None
    evaluation_report = False
    if mode == TradeMode.OPEN_LICENCE:
        fee_terms = c.text("fee_terms", "许可使用费条款", required=True, max_len=2000)
        licence_until = c.take("licence_until", parse_date)
        evaluation_report = str(c.value("evaluation_report") or "").lower() in ("1", "true", "on", "yes", "是")
        royalty_rate = c.take("royalty_rate", lambda v: None if v in (None, "") else parse_wan(v, field="royalty_rate"))
        lump_sum = _wan(c, "lump_sum", required=False)
    c.raise_if_any()
    assert mode is not None
    if notice_start < today:
        raise ValidationError("公示开始日期不能早于今天", field="notice_start", code="start_in_past")
    if mode == TradeMode.OPEN_LICENCE:
        notice_end = licence_until or notice_start  # an open licence stays published for its licence period
    notice_end = notice_end or rules.minimum_notice_end(mode, notice_start)
    rules.check_notice(mode, notice_start, notice_end)
    if mode == TradeMode.AUCTION:
        assert price is not None and increment is not None and reserve is not None
        rules.check_auction_setup(start_price=price, increment=increment, reserve=reserve)
        first_day = datetime.combine(notice_end + timedelta(days=1), time(10, 0)) - BEIJING
        auction_start = auction_start or first_day
        auction_end = auction_end or auction_start + timedelta(hours=4)
        if auction_start < first_day:
            raise ValidationError(f"竞价应在公示期结束（{notice_end.isoformat()}）后开始", field="auction_start",
                                  code="auction_in_notice")
        if auction_end <= auction_start:
            raise ValidationError("竞价截止时间应晚于开始时间", field="auction_end", code="auction_window")
    if mode == TradeMode.OPEN_LICENCE:
        rules.check_open_licence(royalty_rate=royalty_rate, lump_sum=lump_sum, fee_terms=fee_terms,
                                 licence_until=licence_until, today=today)
    achievement_id = c.take("achievement_id", int)
    with uow:
        achievement = listings.get_achievement(uow, int(raw.get("achievement_id") or 0)) if achievement_id else None
        if achievement is None or not achievement.is_published:
            raise ValidationErrors([ValidationError("请选择本单位已发布的科技成果", field="achievement_id",
                                                    code="achievement")])
        if not may_sell(actor, achievement.organization_id, achievement.region_code):
            raise PermissionDenied("只有成果所属单位可以挂牌交易该成果")
        if mode == TradeMode.OPEN_LICENCE:
            facts = ip.open_licence_facts(uow, achievement_id=achievement.id or 0, licence_until=licence_until,
                                          has_evaluation_report=evaluation_report, today=today)
            if facts.problems:
                raise ValidationErrors([ValidationError(p, field="achievement_id", code="open_licence_ip")
                                        for p in facts.problems])
        if mode == TradeMode.AGREEMENT and buyer_demand_id is not None:
            demand = listings.get_demand(uow, buyer_demand_id)
            if demand is None or not demand.is_published or demand.organization_id == achievement.organization_id:
                raise ValidationErrors([ValidationError("请选择受让方在平台发布的技术需求", field="buyer_demand_id",
                                                        code="buyer_demand")])
            buyer = get_organization(uow, demand.organization_id)
            counterparty = buyer.name if buyer else counterparty
        now = utcnow()
        listing = TradeListing(
            achievement.id or 0, achievement.organization_id, actor.id or 0, mode, achievement.title, contract_type,
            price, notice_start, notice_end, terms=terms, reserve=reserve, increment=increment,
            auction_start=auction_start, auction_end=auction_end, counterparty=counterparty, fee_terms=fee_terms,
            royalty_rate=royalty_rate, lump_sum=lump_sum, buyer_demand_id=buyer_demand_id, contract_draft=draft,
            status=(TradeStatus.PUBLISHED if mode == TradeMode.OPEN_LICENCE else TradeStatus.NOTICE).value,
            created_at=now, updated_at=now)
        uow.repo(TradeListingRepository).add(listing)
        uow.flush()
        uow.commit()
        assert listing.id is not None
        return listing.id


@dataclass
class BidRow:
    seq: int
    label: str  # 竞买人1, 竞买人2 … (own bids say 我)
    amount: Decimal
    placed_at: datetime
    extended: bool


@dataclass
class ListingView:
    listing: TradeListing
    seller_name: str
    bids: list[BidRow]
    leading: Decimal | None
    minimum_next: Decimal | None
    reserve_shown: Decimal | None
    is_seller: bool
    may_bid: bool
    countdown_to: datetime | None  # UTC moment the page counts down to
    countdown_label: str
    engagement_link: int | None = None  # the engagement the trade opened, when this viewer may follow it
    contract: Contract | None = None  # the 技术合同 row the finished trade created
    may_register_no: bool = False  # a party or an admin may enter its 登记编号
    intents: int = 0  # 挂牌: intended buyers registered so far
    may_register_intent: bool = False
    endable: bool = False  # a 协议定价 / 挂牌 notice past its last day, not yet ended by the job
    calendar_note: str = ""  # the holiday calendar is not (yet) official for part of the notice


def _bid_rows(bids: list[Bid], viewer: User | None) -> list[BidRow]:
    numbers: dict[int, int] = {}
    rows = []
    for b in bids:
        n = numbers.setdefault(b.bidder_id, len(numbers) + 1)
        label = "我" if viewer is not None and viewer.id == b.bidder_id else f"竞买人{n}"
        rows.append(BidRow(b.seq, label, b.amount, b.placed_at, b.extended_to is not None))
    return rows


def view(uow: UnitOfWork, *, viewer: User | None, listing_id: int, now: datetime | None = None) -> ListingView:
    now = now or utcnow()
    with uow:
        listing = uow.repo(TradeListingRepository).get(listing_id)
        if listing is None:
            raise NotFound("交易公告不存在")
        bids = list(uow.repo(BidRepository).of_listing(listing_id))
        org = get_organization(uow, listing.seller_org_id)
        achievement = listings.get_achievement(uow, listing.achievement_id)
        region = achievement.region_code if achievement else None
        link = listing.engagement_id if listing.engagement_id and deals.may_open(uow, viewer, listing.engagement_id) else None
        contract = deal_queries.get_contract(uow, listing.contract_id) if listing.contract_id else None
    endings.refresh(listing, now)
    is_seller = viewer is not None and may_sell(viewer, listing.seller_org_id, region or "")
    top = rules.highest(bids)
    bidding = listing.mode == TradeMode.AUCTION and listing.status == TradeStatus.BIDDING
    open_now = bidding and listing.auction_end is not None and now < listing.auction_end
    countdown_to, label = None, ""
    if listing.status == TradeStatus.NOTICE:
        if listing.mode == TradeMode.AUCTION:
            countdown_to, label = listing.auction_start, "距竞价开始"
        else:
            countdown_to, label = datetime.combine(listing.notice_end + timedelta(days=1), time()) - BEIJING, "距公示结束"
    elif open_now:
        countdown_to, label = listing.auction_end, "距竞价截止"
    return ListingView(
        listing, org.name if org else "", _bid_rows(bids, viewer), top.amount if top else None,
        rules.minimum_next_bid(listing, bids) if listing.mode == TradeMode.AUCTION else None,
        listing.reserve if rules.reserve_visible(listing) else None, is_seller,
        open_now and viewer is not None and viewer.organization_id is not None and not is_seller
        and viewer.role in ("seeker", "supplier"),
        countdown_to, label, link, contract,
        contract is not None and not contract.registration_no and viewer is not None and (
            access.is_admin(viewer) or (viewer.organization_id is not None
                                        and viewer.organization_id in (contract.seller_org_id, contract.buyer_org_id))),
        len({b.bidder_id for b in bids}) if listing.mode == TradeMode.LISTING else 0,
        listing.mode == TradeMode.LISTING and listing.status == TradeStatus.NOTICE and viewer is not None
        and viewer.organization_id is not None and not is_seller and viewer.role in ("seeker", "supplier")
        and endings.beijing_day(now) <= listing.notice_end and all(b.bidder_id != viewer.id for b in bids),
        listing.mode in (TradeMode.AGREEMENT, TradeMode.LISTING) and listing.status == TradeStatus.NOTICE
        and endings.beijing_day(now) > listing.notice_end,
        workdays.calendar_note(listing.notice_start, listing.notice_end)
        if listing.mode in (TradeMode.LISTING, TradeMode.AUCTION) else "")


def hall(uow: UnitOfWork, *, now: datetime | None = None) -> list[TradeListing]:
    now = now or utcnow()
    with uow:
        rows = list(uow.repo(TradeListingRepository).list(order_by=TradeListingRepository.table.c.id.desc()))
    for row in rows:
        endings.refresh(row, now)
    return rows


def seller_listings(uow: UnitOfWork, *, actor: User) -> list[TradeListing]:
    if actor.organization_id is None:
        return []
    with uow:
        return list(uow.repo(TradeListingRepository).of_organization(actor.organization_id))


@dataclass(frozen=True)
class BidResult:
    bid_id: int
    seq: int
    amount: Decimal
    close_at: datetime
    extended: bool


def own_demand(uow: UnitOfWork, actor: User, value: Any) -> int | None:
    if value in (None, ""):
        return None
    with uow:
        demand = listings.get_demand(uow, int(value)) if str(value).isdigit() and len(str(value)) < 10 else None
        if demand is None or demand.organization_id != actor.organization_id:
            raise ValidationError("所选技术需求不属于本单位", field="demand_id", code="demand")
        return demand.id


def place_bid(uow: UnitOfWork, *, actor: User, listing_id: int, raw: Mapping[str, Any],
              now: datetime | None = None) -> BidResult:
    """Append one bid, serialised with every other bid on the listing by the database row lock."""
    amount = parse_wan(raw.get("amount"), field="amount", allow_negotiable=False)
    assert amount is not None
    demand_id = own_demand(uow, actor, raw.get("demand_id"))
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        now = now or utcnow()  # after the lock: the order of `seq` is the order of `placed_at`
        assert actor.id is not None
        endings.refresh(listing, now)
        bids = list(uow.repo(BidRepository).of_listing(listing_id))
        decision = rules.check_bid(listing, bids, amount=amount, bidder_org_id=actor.organization_id, now=now,
                                   bidder_id=actor.id)
        if demand_id is None:  # a converted 挂牌: the demand named with the intent carries over
            demand_id = next((b.demand_id for b in reversed(bids) if b.bidder_id == actor.id and b.demand_id), None)
        bid = Bid(listing_id, actor.id, actor.organization_id, decision.amount, now, decision.seq,
                  demand_id=demand_id,
                  extended_to=decision.close_at if decision.extended else None)
        uow.repo(BidRepository).add(bid)
        listing.auction_end = decision.close_at
        listing.updated_at = now
        uow.flush()
        uow.commit()
        assert bid.id is not None
        return BidResult(bid.id, bid.seq, bid.amount, decision.close_at, decision.extended)


def close(uow: UnitOfWork, *, actor: User | None, listing_id: int, now: datetime | None = None) -> rules.Closing:
    """Close an auction after its end (anyone may trigger it; the periodic job does it for everyone)."""
    return endings.close_auction(uow, listing_id, now or utcnow())


def end_notice(uow: UnitOfWork, *, actor: User | None, listing_id: int, now: datetime | None = None) -> rules.Ending:
    """End a 协议定价 or 挂牌 notice that ran its days (anyone may trigger it; the periodic job does it for everyone)."""
    return endings.end_notice(uow, listing_id, now or utcnow())


def change_terms(uow: UnitOfWork, *, actor: User, listing_id: int, raw: Mapping[str, Any],
                 today: date | None = None) -> date:
    """Change a 挂牌/竞价 listing's price or terms during its notice: the notice starts again."""
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        if actor.organization_id != listing.seller_org_id:
            raise PermissionDenied("只有卖方可以变更交易条件")
        c = Collector(raw)
        price = _wan(c, "price", required=True)
        terms = c.text("terms", "交易条件", required=False, max_len=2000)
        c.raise_if_any()
        if listing.mode == TradeMode.LISTING and uow.repo(BidRepository).of_listing(listing_id):
            raise ValidationError("已有意向受让方登记，挂牌条件不得变更；如需变更请撤牌后重新挂牌", code="terms_frozen")
        new_end = rules.change_terms(listing, today=today or beijing_today())
        listing.price, listing.terms = price, terms
        if listing.mode == TradeMode.AUCTION and listing.auction_start and listing.auction_end:
            length = listing.auction_end - listing.auction_start
            listing.auction_start = datetime.combine(new_end + timedelta(days=1), time(10, 0)) - BEIJING
            listing.auction_end = listing.auction_start + length
        listing.updated_at = utcnow()
        uow.commit()
        return new_end


def bids_of(uow: UnitOfWork, listing_id: int) -> list[Bid]:
    with uow:
        return list(uow.repo(BidRepository).of_listing(listing_id))


def register_contract_number(uow: UnitOfWork, *, actor: User, listing_id: int, registration_no: Any) -> str:
    """The 技术合同认定登记 number of the contract a finished trade created."""
    with uow:
        listing = uow.repo(TradeListingRepository).get(listing_id)
        if listing is None:
            raise NotFound("交易公告不存在")
        contract_id = listing.contract_id
    if contract_id is None:
        raise ValidationError("该交易尚未成交，没有待登记的技术合同", code="no_contract")
    return deals.register_contract_number(uow, actor=actor, contract_id=contract_id, registration_no=registration_no)
