"""The finance funnel and roadshow JSON API on SQLite and PostgreSQL: the whole path by API, and bad input answered
with a machine-readable 4xx that changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from techbridge.finance import service as finance
from techbridge.kernel.clock import beijing_today
from techbridge.roadshows import service as roadshows
from techbridge.web.app import create_app
from tests.integration.finance.conftest import HYDROGEN_FUND, market, need_row, publish  # noqa: F401
from tests.support.factories import make_user


def _client(platform, user) -> TestClient:
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return client


@pytest.fixture
def published(platform, market):  # noqa: F811
    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    publish(platform, market.admin_beijing, "fund", fund_id)
    publish(platform, market.admin_hebei, "need", need_id)
    return fund_id, need_id


def test_a_roadshow_by_api_from_creation_to_a_closed_deal(platform, market, published):  # noqa: F811
    fund_id, need_id = published
    broker, juror = make_user(platform, role="broker"), make_user(platform, role="broker")
    organiser = _client(platform, broker)
    held_on = (beijing_today() + timedelta(days=30)).isoformat()
    r = organiser.post("/api/v1/roadshows", json={"title": "氢能融资专场路演", "held_on": held_on, "venue": "中关村",
                                                  "need_ids": [need_id], "jury_ids": [juror.id]})
    assert r.status_code == 201, r.text
    show = r.json()
    slot_id = show["slots"][0]["id"]
    assert show["slots"][0]["kind"] == "融资项目" and show["criteria"][0]["weight"] == 30
    invitees = organiser.get(f"/api/v1/roadshows/{show['id']}/invitees").json()
    assert [(i["name"], i["invited"]) for i in invitees] == [("中关村氢能投资管理有限公司", False)]
    assert organiser.post(f"/api/v1/roadshows/{show['id']}/invitations", json={}).json() == {"invited": 1}

    investor = _client(platform, market.investor)
    assert investor.post(f"/api/v1/roadshows/{show['id']}/registrations", json={"kind": "investor"}).status_code == 201
    again = investor.post(f"/api/v1/roadshows/{show['id']}/registrations", json={"kind": "investor"})
    assert again.status_code == 409 and again.json()["error"]["message"] == "您已报名本场路演，无需重复报名"
    assert _client(platform, juror).post(f"/api/v1/roadshows/{show['id']}/slots/{slot_id}/scores",
                                         json={"tech": 9, "market": 8, "team": 7, "plan": 6}).json()["total"] == "77.0"
    follow = investor.post(f"/api/v1/roadshows/{show['id']}/slots/{slot_id}/interest").json()
    deal_id = follow["deal_id"]
    assert follow["link"] == f"/finance/deals/{deal_id}"
    for to in ("fin_meeting", "fin_diligence", "fin_term_sheet"):
        assert investor.post(f"/api/v1/finance/deals/{deal_id}/advance", json={"to": to}).status_code == 200
    no_amount = investor.post(f"/api/v1/finance/deals/{deal_id}/advance", json={"to": "fin_closed"})
    assert no_amount.status_code == 422 and no_amount.json()["error"]["code"] == "amount_required"
    closed = investor.post(f"/api/v1/finance/deals/{deal_id}/advance", json={"to": "fin_closed", "amount": "1500"}).json()
    assert closed["stage_label"] == "交割" and closed["amount_closed"] == "1500.00" and len(closed["timeline"]) == 5
    checklist = organiser.get(f"/api/v1/roadshows/{show['id']}/checklist").json()
    assert [(r["kind"], r["stage"]) for r in checklist] == [("融资对接", "交割")]
    figures = organiser.get("/api/v1/finance/funnel").json()
    assert [s["reached"] for s in figures["stages"]] == [1, 1, 1, 1, 1] and figures["amount_closed"] == "1500.00"
    detail = _client(platform, market.firm).get(f"/api/v1/roadshows/{show['id']}").json()
    assert detail["slots"][0]["mean_score"] == "77.0" and detail["ranking"] == [slot_id]


def test_bad_roadshow_input_is_a_4xx_and_changes_nothing(platform, market, published):  # noqa: F811
    _, need_id = published
    broker = make_user(platform, role="broker")
    organiser = _client(platform, broker)
    r = organiser.post("/api/v1/roadshows", json={"title": "路演", "held_on": "2020-01-01", "minutes": 0,
                                                  "need_ids": [999999]})
    assert r.status_code == 422
    assert {f["field"] for f in r.json()["error"]["fields"]} >= {"title", "held_on", "venue", "minutes", "need_ids"}
    assert roadshows.listing(platform.uow()) == []
    assert _client(platform, market.firm).post("/api/v1/roadshows", json={
        "title": "企业自办路演", "held_on": (beijing_today() + timedelta(days=3)).isoformat(), "venue": "唐山",
        "need_ids": [need_id]}).status_code == 403
    show_id = roadshows.create(platform.uow(), actor=broker, raw={
        "title": "氢能融资专场路演", "held_on": (beijing_today() + timedelta(days=3)).isoformat(), "venue": "线上",
        "minutes": "10"}, need_ids=[need_id], jury_ids=[broker.id])
    other = roadshows.create(platform.uow(), actor=broker, raw={
        "title": "另一场路演", "held_on": (beijing_today() + timedelta(days=4)).isoformat(), "venue": "线上",
        "minutes": "10"}, need_ids=[need_id], jury_ids=[broker.id])
    other_slot = roadshows.view(platform.uow(), None, roadshow_id=other, viewer=None).slots[0].slot.id
    assert organiser.post(f"/api/v1/roadshows/{show_id}/slots/{other_slot}/scores",
                          json={"tech": 1, "market": 1, "team": 1, "plan": 1}).status_code == 404
    assert organiser.post(f"/api/v1/roadshows/{show_id}/slots/{other_slot}/scores",
                          json={"tech": 11, "market": 1, "team": 1, "plan": 1}).status_code == 422
    assert organiser.post(f"/api/v1/roadshows/{show_id}/registrations", json={"kind": "嘉宾"}).status_code == 422
    assert roadshows.view(platform.uow(), None, roadshow_id=other, viewer=None).slots[0].scores == 0
    assert organiser.get("/api/v1/finance/deals/1").status_code == 404
