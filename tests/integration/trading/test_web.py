"""交易大厅 over real HTTP: pages, the JSON API, bad input, and simultaneous bids through the app."""

import re
from collections import Counter
from datetime import timedelta

from fastapi.testclient import TestClient

from techbridge.kernel.clock import utcnow
from techbridge.trading import service as trading
from techbridge.trading.repository import TradeListingRepository
from techbridge.web.app import create_app
from tests.integration.trading.test_concurrency import buyers, race


def open_now(platform, listing_id, minutes_left=60):
    """Move the auction's window around the real clock (its notice is over in this test's story)."""
    with platform.uow() as uow:
        listing = uow.repo(TradeListingRepository).get(listing_id)
        listing.status = "bidding"
        listing.auction_start = utcnow() - timedelta(hours=1)
        listing.auction_end = utcnow() + timedelta(minutes=minutes_left)
        uow.commit()


def login(app, user):
    client = TestClient(app, base_url="http://testserver")
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
    return client, r.json()["csrf_token"]


def page_csrf(client, url):
    html = client.get(url).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_hall_and_detail_pages_show_the_countdown_and_hide_the_reserve(platform, market):
    open_now(platform, market.listing_id)
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    hall = client.get("/trading")
    assert hall.status_code == 200 and "竞价进行中（1）" in hall.text and "data-countdown=" in hall.text
    detail = client.get(f"/trading/{market.listing_id}")
    assert detail.status_code == 200 and "距竞价截止" in detail.text and "截止后公开" in detail.text
    assert "350" not in detail.text  # the reserve
    api = client.get(f"/api/v1/trading/{market.listing_id}").json()
    assert api["listing"]["reserve"] is None and api["minimum_next"] == "300.00"
    assert client.get("/trading/999999").status_code == 404


def test_a_bid_below_the_increment_gets_a_chinese_error_and_changes_nothing(platform, market):
    open_now(platform, market.listing_id)
    app = create_app(platform=platform)
    client, token = login(app, market.buyer)
    assert client.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "300"},
                       headers={"X-CSRF-Token": token}).status_code == 201
    bad = client.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "305"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "below_increment"
    negative = client.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "-10"},
                           headers={"X-CSRF-Token": token})
    assert negative.status_code == 422 and "负数" in negative.json()["error"]["message"]
    form = client.post(f"/trading/{market.listing_id}/bid",
                       data={"amount": "301", "csrf_token": page_csrf(client, f"/trading/{market.listing_id}")})
    assert form.status_code == 422 and "出价应不低于310.00万元" in form.text
    assert [b.amount for b in trading.bids_of(platform.uow(), market.listing_id)] == [300]


def test_the_seller_lists_through_the_form_and_sees_it_in_the_sellers_view(platform, market):
    client, _ = login(create_app(platform=platform), market.cast.supplier)
    token = page_csrf(client, "/trading/new")
    bad = client.post("/trading/new", data={"csrf_token": token, "achievement_id": str(market.cast.achievement_id),
                                            "mode": "listing", "price": "-1"})
    assert bad.status_code == 422 and "金额不能为负数" in bad.text
    ok = client.post("/trading/new", data={"csrf_token": token, "achievement_id": str(market.cast.achievement_id),
                                           "mode": "listing", "price": "420", "terms": "独占许可五年"},
                     follow_redirects=False)
    assert ok.status_code == 303
    mine = client.get("/trading/mine")
    assert mine.status_code == 200 and mine.text.count("/trading/") >= 2 and "挂牌" in mine.text


def test_simultaneous_http_bids_of_the_same_amount_one_wins(platform, market):
    open_now(platform, market.listing_id)
    app = create_app(platform=platform)
    clients = [login(app, u) for u in buyers(platform, 5)]

    def post(client, token):
        r = client.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "300"},
                        headers={"X-CSRF-Token": token})
        return r.status_code, r.json()

    outcomes = race([lambda c=c, t=t: post(c, t) for c, t in clients])
    assert Counter(detail[0] for _, detail in outcomes) == {201: 1, 422: 4}, outcomes
    assert len(trading.bids_of(platform.uow(), market.listing_id)) == 1


def test_a_late_bid_over_http_extends_the_close(platform, market):
    open_now(platform, market.listing_id, minutes_left=2)
    client, token = login(create_app(platform=platform), market.buyer)
    r = client.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "300"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201 and r.json()["extended"] is True


def test_the_trade_page_takes_the_registration_number_of_the_prefilled_contract(platform, market):
    open_now(platform, market.listing_id, minutes_left=60)
    app = create_app(platform=platform)
    buyer, token = login(app, market.buyer)
    buyer.post(f"/api/v1/trading/{market.listing_id}/bids", json={"amount": "350"}, headers={"X-CSRF-Token": token})
    with platform.uow() as uow:  # the close passes
        listing = uow.repo(TradeListingRepository).get(market.listing_id)
        listing.auction_end = utcnow() - timedelta(seconds=1)
        uow.commit()
    trading.close(platform.uow(), actor=None, listing_id=market.listing_id)
    page = buyer.get(f"/trading/{market.listing_id}")
    assert "待技术合同认定登记" in page.text and "填写登记编号" in page.text
    url = f"/trading/{market.listing_id}/registration"
    bad = buyer.post(url, data={"registration_no": "12345", "csrf_token": page_csrf(buyer, f"/trading/{market.listing_id}")})
    assert bad.status_code == 422 and "格式不正确" in bad.text
    ok = buyer.post(url, data={"registration_no": "2026120116000042",
                               "csrf_token": page_csrf(buyer, f"/trading/{market.listing_id}")}, follow_redirects=True)
    assert ok.status_code == 200 and "2026120116000042" in ok.text and "填写登记编号" not in ok.text
    stranger, _ = login(app, market.cast.stranger)
    assert "填写登记编号" not in stranger.get(f"/trading/{market.listing_id}").text
