"""The demo's trading story holds together (SQLite, loaded once)."""

from decimal import Decimal

from techbridge.deals import queries as deals
from techbridge.demo.trading_data import load_trading
from techbridge.trading import service as trading


def test_demo_trades_finished_live_and_noticed(demo_platform):
    rows = {t.mode + ":" + t.status: t for t in trading.hall(demo_platform.uow())}
    assert set(rows) == {"auction:sold", "auction:bidding", "listing:notice", "agreement:notice", "open_licence:published"}
    sold = rows["auction:sold"]
    assert sold.final_price == Decimal("150.00") and sold.outcome == "highest_wins"
    bids = trading.bids_of(demo_platform.uow(), sold.id)
    assert [b.seq for b in bids] == [1, 2, 3, 4, 5, 6] and sum(b.extended_to is not None for b in bids) == 3
    with demo_platform.uow() as uow:
        assert deals.get_engagement(uow, sold.engagement_id).stage == "mutual_interest"
    assert load_trading(demo_platform, {}) == 5  # idempotent: a second load adds nothing
