"""The 科技金融 dashboard tab on SQLite and PostgreSQL: each figure adds up to its drill-down, and a regional admin
steers and counts only the finance deals touching their province."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from techbridge.finance import deals as funnel
from techbridge.finance import service as finance
from techbridge.insight import finance as figures
from techbridge.kernel.errors import NotFound
from techbridge.web.app import create_app
from tests.integration.finance.conftest import BIO_FUND, HYDROGEN_FUND, _admin, need_row, publish


@pytest.fixture
def closed(platform, market):
    """A Hebei firm's need closed by a Beijing fund, and a Tianjin firm's need stopped at 约见 by the same investor."""
    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    bio_id = finance.save_fund(platform.uow(), actor=market.investor, raw=BIO_FUND)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    drug_id = finance.save_need(platform.uow(), actor=market.other_firm, raw=need_row(
        title="抗体药物临床前研究", industry="生物医药", region="滨海新区", description="抗体药物临床前药效与安全性研究，已完成细胞株构建。",
        use_of_funds="临床前研究与CMC"))
    admin = _admin(platform, None)
    for kind, record in (("fund", fund_id), ("fund", bio_id), ("need", need_id), ("need", drug_id)):
        publish(platform, admin, kind, record)
    deal_id = funnel.start(platform.uow(), actor=market.investor, fund_id=fund_id, need_id=need_id)
    for target in ("fin_meeting", "fin_diligence", "fin_term_sheet"):
        funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target=target)
    funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_closed", amount="1500")
    other_id = funnel.start(platform.uow(), actor=market.investor, fund_id=bio_id, need_id=drug_id)
    funnel.advance(platform.uow(), actor=market.investor, deal_id=other_id, target="fin_meeting")
    funnel.terminate(platform.uow(), actor=market.investor, deal_id=other_id, reason="估值分歧")
    return deal_id, other_id


def test_the_funnel_and_the_money_by_region_and_industry_add_up_to_their_drill_downs(platform, market, closed):
    data = figures.dashboard(platform.uow())
    assert [(label, n) for _, label, n, _ in data.stages] == [("推荐", 2), ("约见", 2), ("尽调", 1), ("投资意向书", 1),
                                                              ("交割", 1)]
    assert data.amount_closed == Decimal("1500.00") and data.terminated == [("估值分歧", 1)]
    assert [(k, amount, n) for k, _, amount, n in data.by_province] == [("130000", Decimal("1500.00"), 1)]
    assert [label for _, label, _, _ in data.by_industry] == ["氢能"]
    for key, _, n, _ in data.stages:
        assert figures.deals(platform.uow(), figures.DealQuery(reached=key)).total == n
    page = figures.deals(platform.uow(), figures.DealQuery(closed=True, province="130000"))
    assert page.total == 1 and page.amount == data.amount_closed
    assert figures.deals(platform.uow(), figures.DealQuery(reason="估值分歧")).items[0].id == closed[1]


def test_a_regional_admin_counts_and_steers_only_the_deals_of_their_province(platform, market, closed):
    hebei_deal, tianjin_deal = closed
    tianjin = _admin(platform, "120000")
    assert figures.dashboard(platform.uow(), scope="130000").total == 1  # the Beijing fund is outside Hebei's scope
    assert figures.dashboard(platform.uow(), scope="110000").total == 2  # … but both deals touch the fund's Beijing
    assert [d.id for d in figures.deals(platform.uow(), figures.DealQuery(), scope="120000").items] == [tianjin_deal]
    with pytest.raises(NotFound):
        funnel.view(platform.uow(), deal_id=hebei_deal, viewer=tianjin)
    assert funnel.view(platform.uow(), deal_id=tianjin_deal, viewer=tianjin).deal.id == tianjin_deal
    assert funnel.view(platform.uow(), deal_id=hebei_deal, viewer=market.admin_hebei).deal.id == hebei_deal
    assert [n for _, n, _ in funnel.funnel(platform.uow(), viewer=tianjin).rows][0] == 1

    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    client.post("/api/v1/auth/login", json={"email": tianjin.email, "password": "secret123"})
    body = client.get("/api/v1/dashboard/finance").json()
    assert body["total"] == 1 and body["stages"][1][2] == 1
    assert client.get("/dashboard/finance").status_code == 200
    assert client.get(f"/finance/deals/{hebei_deal}").status_code == 404
    drill = client.get("/api/v1/dashboard/finance/deals?reached=fin_meeting").json()
    assert [d["id"] for d in drill["items"]] == [tianjin_deal]
