"""Roadshows on SQLite and PostgreSQL: created from needs, invitations from matching, registration, jury, 有意向."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from techbridge.accounts.repository import UserRepository
from techbridge.finance import service as finance
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationErrors
from techbridge.notifications.service import inbox
from techbridge.roadshows import invitations
from techbridge.roadshows import service as roadshows
from techbridge.web.app import create_app
from tests.integration.finance.conftest import BIO_FUND, HYDROGEN_FUND, market, need_row, publish  # noqa: F401
from tests.support.factories import make_user


@pytest.fixture
def show(platform, market):  # noqa: F811
    hydrogen = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND, embedder=platform.embedder)
    bio = finance.save_fund(platform.uow(), actor=market.investor, raw=BIO_FUND, embedder=platform.embedder)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row(), embedder=platform.embedder)
    for kind, record, admin in (("fund", hydrogen, market.admin_beijing), ("fund", bio, market.admin_beijing),
                                ("need", need_id, market.admin_hebei)):
        publish(platform, admin, kind, record)
    broker = make_user(platform, role="broker")
    juror = make_user(platform, role="broker")
    raw = {"title": "京冀氢能项目专场路演", "held_on": (beijing_today() + timedelta(days=20)).isoformat(),
           "venue": "中关村国际会议中心", "minutes": "10", "industry": "氢能"}
    show_id = roadshows.create(platform.uow(), actor=broker, raw=raw, need_ids=[need_id], jury_ids=[juror.id])
    return show_id, need_id, broker, juror


def test_bad_roadshow_input_changes_nothing(platform, market):  # noqa: F811
    broker = make_user(platform, role="broker")
    with pytest.raises(ValidationErrors) as caught:
        roadshows.create(platform.uow(), actor=broker, raw={"title": "路演", "held_on": "2020-01-01", "minutes": "0"},
                         need_ids=[], jury_ids=[])
    assert {e.field for e in caught.value.errors} == {"title", "held_on", "venue", "minutes", "need_ids"}
    with pytest.raises(PermissionDenied):
        roadshows.create(platform.uow(), actor=market.firm, raw={}, need_ids=[], jury_ids=[])
    assert roadshows.listing(platform.uow()) == []


def test_invite_register_score_and_interest_opens_a_funnel_entry(platform, market, show):  # noqa: F811
    show_id, need_id, broker, juror = show
    v = roadshows.view(platform.uow(), platform.embedder, roadshow_id=show_id, viewer=broker)
    assert [(i.name, i.kind, i.fits) for i in v.invitees] == [("中关村氢能投资管理有限公司", "investor", 1)]
    assert "京冀氢能产业投资基金" in v.invitees[0].reason and "津门生物医药" not in v.invitees[0].reason  # does not fit
    assert invitations.invite(platform.uow(), platform.embedder, actor=broker, roadshow_id=show_id, organization_ids=[]) == 1
    assert invitations.invite(platform.uow(), platform.embedder, actor=broker, roadshow_id=show_id, organization_ids=[]) == 0
    with platform.uow() as uow:
        assert any("路演邀请" in n.title for n in inbox(uow, market.investor.id))
    roadshows.register(platform.uow(), actor=market.investor, roadshow_id=show_id, kind="investor", tags="储氢")
    with pytest.raises(Conflict, match="无需重复报名"):
        roadshows.register(platform.uow(), actor=market.investor, roadshow_id=show_id, kind="investor")
    slot_id = v.slots[0].slot.id
    with pytest.raises(PermissionDenied):
        roadshows.score(platform.uow(), actor=broker, slot_id=slot_id, raw={"tech": 8, "market": 8, "team": 8, "plan": 8})
    assert str(roadshows.score(platform.uow(), actor=juror, slot_id=slot_id,
                               raw={"tech": 8, "market": 6, "team": 9, "plan": 5})) == "70.0"
    with pytest.raises(Conflict):
        roadshows.score(platform.uow(), actor=juror, slot_id=slot_id, raw={"tech": 1, "market": 1, "team": 1, "plan": 1})
    with pytest.raises(PermissionDenied, match="请先报名"):
        roadshows.interested(platform.uow(), actor=market.other_firm, slot_id=slot_id)
    follow = roadshows.interested(platform.uow(), actor=market.investor, slot_id=slot_id)
    assert follow.deal_id is not None and follow.engagement_id is None
    with pytest.raises(Conflict):
        roadshows.interested(platform.uow(), actor=market.investor, slot_id=slot_id)
    v = roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=market.investor)
    assert v.slots[0].mean_score is not None and str(v.slots[0].mean_score) == "70.0"
    assert v.slots[0].interested == 1 and v.deals == 1 and len(v.registrations) == 1


def test_the_pages(platform, market, show):  # noqa: F811
    show_id, _, broker, juror = show
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": market.investor.email, "password": "secret123"}).json()[
        "csrf_token"]
    assert "京冀氢能项目专场路演" in client.get("/roadshows").text
    r = client.post(f"/roadshows/{show_id}/register", data={"kind": "investor", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post(f"/roadshows/{show_id}/register", data={"kind": "investor", "csrf_token": token})
    assert r.status_code == 409 and "无需重复报名" in r.text
    page = client.get(f"/roadshows/{show_id}").text
    assert "有意向" in page and "IV型储氢瓶中试线建设" in page
    slot_id = roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=None).slots[0].slot.id
    r = client.post(f"/roadshows/{show_id}/slots/{slot_id}/interest", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/finance/deals/")
    with platform.uow() as uow:
        assert uow.repo(UserRepository).get(juror.id) is not None
    assert client.get("/roadshows/new").status_code == 403
