"""A roadshow of achievements on SQLite and PostgreSQL: an enterprise's 有意向 opens an engagement in the organising
broker's board, the 对接清单 lists it, the programme prints, and the idle job reminds after 14 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from techbridge.deals import service as pipeline
from techbridge.deals.pipeline import Stage
from techbridge.finance import deals as funnel
from techbridge.finance import service as finance
from techbridge.finance.repository import DealRepository
from techbridge.jobs import periodic
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import ValidationErrors
from techbridge.kernel.tabular import read_table
from techbridge.notifications.service import inbox
from techbridge.roadshows import followup, programme
from techbridge.roadshows import service as roadshows
from tests.integration.finance.conftest import HYDROGEN_FUND, market, need_row, publish  # noqa: F401
from tests.support.factories import make_user
from tests.support.scenario import cast


@pytest.fixture
def achievement_show(platform):
    c = cast(platform, trl=7)
    raw = {"title": "京津冀氢能成果专场路演", "held_on": (beijing_today() + timedelta(days=10)).isoformat(),
           "venue": "天津滨海—中关村科技园", "minutes": "15", "industry": "氢能"}
    show_id = roadshows.create(platform.uow(), actor=c.broker, raw=raw, need_ids=[], jury_ids=[c.broker.id],
                               achievement_ids=[c.achievement_id])
    return c, show_id


def test_an_enterprise_ticking_interest_opens_an_engagement_on_the_brokers_board(platform, achievement_show, tmp_path):
    c, show_id = achievement_show
    v = roadshows.view(platform.uow(), platform.embedder, roadshow_id=show_id, viewer=c.broker)
    assert [s.kind_label for s in v.slots] == ["科技成果"] and v.slots[0].title == "车载IV型储氢气瓶碳纤维缠绕成型技术"
    assert [(i.name, i.kind) for i in v.invitees] == [("唐山测试重工有限公司", "enterprise")]  # its hydrogen demand fits
    roadshows.score(platform.uow(), actor=c.broker, slot_id=v.slots[0].slot.id,
                    raw={"tech": 9, "market": 7, "team": 8, "plan": 6})
    roadshows.register(platform.uow(), actor=c.seeker, roadshow_id=show_id, kind="enterprise", tags="储氢减重")
    follow = roadshows.interested(platform.uow(), actor=c.seeker, slot_id=v.slots[0].slot.id)
    assert follow.deal_id is None and follow.link == f"/engagements/{follow.engagement_id}"
    board = pipeline.board(platform.uow(), broker=c.broker)
    cards = [card for cards in board.values() for card in cards]
    assert [card.engagement.id for card in cards] == [follow.engagement_id]
    assert cards[0].engagement.stage == Stage.INTEREST.value
    rows = followup.checklist(platform.uow(), roadshow_id=show_id)
    assert [(r.project, r.organization, r.kind, r.stage) for r in rows] == [
        ("车载IV型储氢气瓶碳纤维缠绕成型技术", "唐山测试重工有限公司", "技术对接", "意向")]
    table = read_table(followup.write_checklist(tmp_path / "对接清单.xlsx", rows))
    assert table.rows[0]["跟进方式"] == "技术对接" and table.rows[0]["单位"] == "唐山测试重工有限公司"
    v = roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=c.broker)
    assert v.engagements == 1 and str(v.slots[0].mean_score) == "76.0"
    assert {k: str(x) for k, x in v.slots[0].per_criterion.items()} == {"tech": "9.0", "market": "7.0", "team": "8.0",
                                                                        "plan": "6.0"}
    html = programme.render_html(v, "测试技术转移中心")
    assert "09:30–09:45" in html and "车载IV型储氢气瓶" in html and "技术先进性" in html
    assert programme.render_pdf(v, "测试技术转移中心").startswith(b"%PDF")


def test_an_interest_nothing_fits_is_left_to_the_organiser(platform, achievement_show):
    c, show_id = achievement_show
    v = roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=c.broker)
    roadshows.register(platform.uow(), actor=c.stranger, roadshow_id=show_id, kind="enterprise")
    follow = roadshows.interested(platform.uow(), actor=c.stranger, slot_id=v.slots[0].slot.id)  # no demand of its own
    assert follow.link is None
    with platform.uow() as uow:
        assert any("有新的意向" in n.title for n in inbox(uow, c.broker.id))
    assert [r.kind for r in followup.checklist(platform.uow(), roadshow_id=show_id)] == ["待人工跟进"]


def test_bad_projects_and_jurors_are_refused(platform, achievement_show):
    c, _ = achievement_show
    raw = {"title": "另一场成果路演", "held_on": (beijing_today() + timedelta(days=10)).isoformat(), "venue": "线上",
           "minutes": "10"}
    with pytest.raises(ValidationErrors) as caught:
        roadshows.create(platform.uow(), actor=c.broker, raw=raw, need_ids=[], jury_ids=[c.seeker.id],
                         achievement_ids=[999999])
    assert {e.field for e in caught.value.errors} == {"achievement_ids", "jury_ids"}
    assert len(roadshows.listing(platform.uow())) == 1


def test_the_idle_job_reminds_a_finance_deal_from_a_roadshow_after_14_days(platform, market):  # noqa: F811
    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    publish(platform, market.admin_beijing, "fund", fund_id)
    publish(platform, market.admin_hebei, "need", need_id)
    broker = make_user(platform, role="broker")
    raw = {"title": "氢能融资专场路演", "held_on": (beijing_today() + timedelta(days=5)).isoformat(), "venue": "线上",
           "minutes": "10"}
    show_id = roadshows.create(platform.uow(), actor=broker, raw=raw, need_ids=[need_id], jury_ids=[])
    slot_id = roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=broker).slots[0].slot.id
    roadshows.register(platform.uow(), actor=market.investor, roadshow_id=show_id, kind="investor")
    deal_id = roadshows.interested(platform.uow(), actor=market.investor, slot_id=slot_id).deal_id
    assert deal_id is not None
    assert periodic.idle_alerts(platform).notified == 0  # fresh
    with platform.uow() as uow:
        uow.repo(DealRepository).get(deal_id).updated_at = utcnow() - timedelta(days=15)
        uow.commit()
    report = periodic.idle_alerts(platform)
    assert report.notified == 3  # the investor, the firm and the organiser
    with platform.uow() as uow:
        assert any(n.title.startswith("融资对接已闲置 15 天") for n in inbox(uow, broker.id))
    assert periodic.idle_alerts(platform).notified == 0  # once per idle spell
    funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_meeting")
    assert followup.idle_followups(platform.uow()) == []
