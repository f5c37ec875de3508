"""Demo trading (交易大厅): a finished auction with late bids, a live auction, a 挂牌 notice, an agreement
notice and an open licence, written by the team. Loaded once, into an empty trade_listings table."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from techbridge.accounts.model import Organization
from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.listings.repository import AchievementRepository, DemandRepository
from techbridge.trading import endings, rules
from techbridge.trading.model import Bid, TradeListing, TradeMode, TradeStatus
from techbridge.trading.repository import BidRepository, TradeListingRepository

SOURCE = "demo"
DOMAIN = "demo.techbridge.cn"


def _bj(text: str) -> datetime:
    """A Beijing wall-clock time as stored naive UTC."""
    return datetime.fromisoformat(text) - BEIJING


def load_trading(platform: Platform, orgs: dict[str, Organization]) -> int:
    with platform.uow() as uow:
        listings_repo = uow.repo(TradeListingRepository)
        if listings_repo.count() > 0:
            return listings_repo.count()
        ach = uow.repo(AchievementRepository).by_external_ids(
            SOURCE, ["DEMO-A-0001", "DEMO-A-0004", "DEMO-A-0006", "DEMO-A-0011", "DEMO-A-0012"])
        dem = uow.repo(DemandRepository).by_external_ids(SOURCE, ["DEMO-D-0002"])
        users = {key: uow.repo(UserRepository).by_email(f"{key}@{DOMAIN}")
                 for key in ("ysqn", "bfcl", "jchg", "qydl", "zjk-wangshan-h2", "cfd-port-h2")}
        if len(ach) < 5 or not dem or any(u is None for u in users.values()):
            return 0

        def listing(key: str, seller: str, mode: TradeMode, start: date, **kw: object) -> TradeListing:
            a, u = ach[key], users[seller]
            assert a.id is not None and u is not None and u.id is not None
            end = kw.pop("notice_end", None) or rules.minimum_notice_end(mode, start)
            t = TradeListing(a.id, a.organization_id, u.id, mode.value, a.title, str(kw.pop("contract_type", "技术转让")),
                             kw.pop("price", None), start, end, created_at=utcnow(), updated_at=utcnow())  # type: ignore[arg-type]
            for name, value in kw.items():
                setattr(t, name, value)
            listings_repo.add(t)
            uow.flush()
            return t

        # 1. A finished auction: the notice ran across 国庆 (20 working days end 2026-10-30); three late bids.
        done = listing("DEMO-A-0006", "jchg", TradeMode.AUCTION, date(2026, 9, 28), price=Decimal("120.00"),
                       reserve=Decimal("135.00"), increment=Decimal("5.00"),
                       terms="专利权转让，含催化剂配方、制备工艺包及两批次放大试验数据，提供六个月技术指导",
                       auction_start=_bj("2026-11-03 10:00"), auction_end=_bj("2026-11-03 14:00"),
                       status=TradeStatus.BIDDING.value)
        zjk, cfd = users["zjk-wangshan-h2"], users["cfd-port-h2"]
        assert zjk is not None and cfd is not None and zjk.id is not None and cfd.id is not None
        demand_id = dem["DEMO-D-0002"].id
        story = [(cfd, "120", "2026-11-03 10:12"), (zjk, "125", "2026-11-03 10:40"), (cfd, "130", "2026-11-03 13:20"),
                 (zjk, "140", "2026-11-03 13:57"), (cfd, "145", "2026-11-03 14:01"), (zjk, "150", "2026-11-03 14:04")]
        placed: list[Bid] = []
        for who, amount, at in story:
            decision = rules.check_bid(done, placed, amount=Decimal(amount), bidder_org_id=who.organization_id,
                                       now=_bj(at))
            bid = Bid(done.id or 0, who.id or 0, who.organization_id, decision.amount, _bj(at), decision.seq,
                      demand_id=demand_id if who is zjk else None,
                      extended_to=decision.close_at if decision.extended else None)
            uow.repo(BidRepository).add(bid)
            done.auction_end = decision.close_at
            placed.append(bid)
        uow.flush()
        assert done.auction_end is not None
        closing = rules.close_auction(done, placed, now=done.auction_end)
        assert closing.winner is not None and demand_id is not None
        done.status, done.outcome = closing.status.value, closing.outcome.value
        done.winner_bid_id = closing.winner.id
        # the contract row (waiting for its registration number) and the engagement, as the closing job makes them
        endings.hand_over(uow, done, amount=closing.winner.amount, note=closing.message, on=date(2026, 11, 3),
                          winner=closing.winner)
        uow.flush()
        assert done.engagement_id is not None
        engagements = uow.repo(EngagementRepository)
        engagement = engagements.get(done.engagement_id)
        assert engagement is not None
        engagement.created_at = engagement.updated_at = done.auction_end  # history: the day of the close
        for event in engagements.events(done.engagement_id):
            event.at = done.auction_end

        # 2. A live auction around the moment of loading, with one opening bid.
        now = utcnow()
        live = listing("DEMO-A-0012", "qydl", TradeMode.AUCTION, date(2026, 10, 26), price=Decimal("900.00"),
                       reserve=Decimal("1000.00"), increment=Decimal("20.00"), contract_type="技术许可",
                       terms="普通许可五年，许可区域京津冀，含卷对卷直涂产线工艺参数包",
                       auction_start=now - timedelta(hours=2), auction_end=now + timedelta(days=2),
                       status=TradeStatus.BIDDING.value)
        uow.repo(BidRepository).add(Bid(live.id or 0, cfd.id, cfd.organization_id, Decimal("900.00"),
                                        now - timedelta(hours=1), 1))
        # 3. A 挂牌 notice: 20 working days from 2026-11-23 end on 2026-12-21.
        listing("DEMO-A-0001", "ysqn", TradeMode.LISTING, date(2026, 11, 23), price=Decimal("1800.00"),
                increment=Decimal("20.00"),
                terms="IV型瓶缠绕成型工艺及三项专利整体转让；受让方需具备压力容器制造许可", status=TradeStatus.NOTICE.value)
        # 4. An agreement (协议定价) result in its 15-day public notice.
        listing("DEMO-A-0011", "qydl", TradeMode.AGREEMENT, date(2026, 11, 25), price=Decimal("3000.00"),
                contract_type="技术许可", counterparty="天津滨海氢能重卡制造有限公司", contract_draft={"buyer_region": "120116"},
                terms="独占许可八年，首付1200万元，余款按年销售额提成", status=TradeStatus.NOTICE.value)
        # 5. An open licence with published fee terms (专利法第五十条).
        listing("DEMO-A-0004", "bfcl", TradeMode.OPEN_LICENCE, date(2026, 11, 10), royalty_rate=Decimal("3.000"),
                notice_end=date(2029, 11, 9),
                contract_type="技术许可", fee_terms="按许可产品年销售额的3%支付许可使用费，每年3月底前结算上一年度；许可期限三年",
                status=TradeStatus.PUBLISHED.value)
        uow.commit()
        return listings_repo.count()
