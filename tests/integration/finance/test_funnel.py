"""The finance funnel on SQLite and PostgreSQL: started from a match, moved by its parties, timeline in deals' log."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techbridge.deals import openings
from techbridge.finance import deals as funnel
from techbridge.finance import service as finance
from techbridge.finance.funnel_rules import SUBJECT
from techbridge.kernel.errors import InvalidTransition, NotFound, PermissionDenied
from tests.integration.finance.conftest import HYDROGEN_FUND, need_row, publish


@pytest.fixture
def pair(platform, market):
    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    publish(platform, market.admin_beijing, "fund", fund_id)
    publish(platform, market.admin_hebei, "need", need_id)
    return fund_id, need_id


def test_an_entry_goes_from_recommendation_to_closing_with_an_append_only_timeline(platform, market, pair):
    fund_id, need_id = pair
    deal_id = funnel.start(platform.uow(), actor=market.investor, fund_id=fund_id, need_id=need_id)
    assert funnel.start(platform.uow(), actor=market.firm, fund_id=fund_id, need_id=need_id) == deal_id  # one per pair
    funnel.advance(platform.uow(), actor=market.firm, deal_id=deal_id, target="fin_meeting", note="约在唐山工厂")
    funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_diligence")
    with pytest.raises(PermissionDenied):
        funnel.advance(platform.uow(), actor=market.firm, deal_id=deal_id, target="fin_term_sheet")
    funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_term_sheet")
    funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_closed", amount="1500")
    view = funnel.view(platform.uow(), deal_id=deal_id, viewer=market.firm)
    assert view.stage_label == "交割" and view.deal.amount_closed == Decimal("1500.00")
    assert [e.to_stage for e in view.timeline] == ["fin_recommended", "fin_meeting", "fin_diligence", "fin_term_sheet",
                                                   "fin_closed"]
    assert all(e.engagement_id is None and e.subject_kind == SUBJECT for e in view.timeline)
    with platform.uow() as uow:
        assert len(openings.subject_timeline(uow, SUBJECT, deal_id)) == 5
    report = funnel.funnel(platform.uow())
    assert [n for _, n, _ in report.rows] == [1, 1, 1, 1, 1] and report.amount_closed == Decimal("1500.00")
    assert report.by_province == [("河北", Decimal("1500.00"))] and report.by_industry == [("氢能", Decimal("1500.00"))]
    with pytest.raises(NotFound):
        funnel.view(platform.uow(), deal_id=deal_id, viewer=market.other_firm)


def test_termination_and_hard_filters(platform, market, pair):
    fund_id, need_id = pair
    big = finance.save_need(platform.uow(), actor=market.firm, raw=need_row(title="量产线扩建", amount="9000"))
    publish(platform, market.admin_hebei, "need", big)
    with pytest.raises(InvalidTransition, match="不符合基金的硬性条件"):
        funnel.start(platform.uow(), actor=market.investor, fund_id=fund_id, need_id=big)
    with pytest.raises(PermissionDenied):
        funnel.start(platform.uow(), actor=market.other_firm, fund_id=fund_id, need_id=need_id)
    deal_id = funnel.start(platform.uow(), actor=market.firm, fund_id=fund_id, need_id=need_id)
    funnel.terminate(platform.uow(), actor=market.investor, deal_id=deal_id, reason="估值分歧", note="估值差距过大")
    with pytest.raises(InvalidTransition):
        funnel.advance(platform.uow(), actor=market.investor, deal_id=deal_id, target="fin_meeting")
    report = funnel.funnel(platform.uow())
    assert report.terminated == [("估值分歧", 1)] and [n for _, n, _ in report.rows] == [1, 0, 0, 0, 0]


def test_both_sides_opening_the_same_entry_at_once_get_one_entry(platform, market, pair):
    import threading

    fund_id, need_id = pair
    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def open_it(actor):
        barrier.wait()
        try:
            results.append(funnel.start(platform.uow(), actor=actor, fund_id=fund_id, need_id=need_id))
        except BaseException as err:  # collected and reported below
            errors.append(err)

    threads = [threading.Thread(target=open_it, args=(a,)) for a in (market.investor, market.firm) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 4 and len(set(results)) == 1
    with platform.uow() as uow:
        assert len(openings.subject_timeline(uow, SUBJECT, results[0])) == 1  # one "created" event
