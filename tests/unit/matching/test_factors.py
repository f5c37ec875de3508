"""Structured second-stage factors."""

from datetime import date
from decimal import Decimal

import pytest

from techbridge.matching import factors
from techbridge.matching.settings import MatchSettings
from techbridge.matching.types import ACHIEVEMENT, DEMAND, Listing, OutcomeStats

S = MatchSettings()
TODAY = date(2026, 1, 1)


def ach(**kw) -> Listing:
    return Listing(id="A1", kind=ACHIEVEMENT, title="t", text="t", **kw)


def dem(**kw) -> Listing:
    return Listing(id="D1", kind=DEMAND, title="t", text="t", **kw)


def test_unknown_fields_contribute_nothing():
    assert factors.contributions(ach(), dem(), ach(), TODAY, S) == ()


def test_the_same_industry_scores_more_than_a_related_one():
    same = factors.industry_fit(ach(industry="C3841"), dem(industry="C3841"), S)
    related = factors.industry_fit(ach(industry="C3841"), dem(industry="C3899"), S)
    assert same and related and same.value > related.value > 0
    assert factors.industry_fit(ach(industry="C3841"), dem(industry="A0111"), S) is None


def test_an_achievement_below_the_expected_trl_is_penalised_per_level():
    one = factors.trl_fit(ach(trl=5), dem(trl=6), S)
    three = factors.trl_fit(ach(trl=3), dem(trl=6), S)
    enough = factors.trl_fit(ach(trl=7), dem(trl=6), S)
    assert one and three and enough
    assert three.value < one.value < 0 == enough.value


def test_beijing_to_tianjin_or_hebei_is_the_priority_flow():
    flow = factors.region_fit(ach(region_code="110108"), dem(region_code="130200"), S)
    reverse = factors.region_fit(ach(region_code="130200"), dem(region_code="110108"), S)
    assert flow and flow.value == S.region_priority and flow.reason == "京津冀协同"
    assert reverse is None


def test_the_priority_regions_are_configurable():
    custom = MatchSettings(priority_sources=("12",), priority_targets=("13",))
    assert factors.region_fit(ach(region_code="120100"), dem(region_code="130100"), custom)
    assert factors.region_fit(ach(region_code="110100"), dem(region_code="130100"), custom) is None


def test_a_price_within_budget_costs_nothing_and_far_above_costs_the_full_weight():
    within = factors.budget_fit(ach(price_wan=Decimal(50)), dem(price_wan=Decimal(100)), S)
    far = factors.budget_fit(ach(price_wan=Decimal(1000)), dem(price_wan=Decimal(100)), S)
    assert within and within.value == 0
    assert far and far.value == pytest.approx(-S.budget_over)


def test_older_listings_fade_up_to_the_freshness_weight():
    fresh = factors.freshness_fit(ach(published_on=TODAY), TODAY, S)
    old = factors.freshness_fit(ach(published_on=date(2015, 1, 1)), TODAY, S)
    assert fresh and fresh.value == 0
    assert old and old.value == pytest.approx(-S.freshness)


def test_past_outcomes_default_to_neutral_and_reward_signed_deals():
    assert factors.outcome_fit(OutcomeStats(), S) is None
    good = factors.outcome_fit(OutcomeStats(recommended=10, interested=5, signed=3), S)
    bad = factors.outcome_fit(OutcomeStats(recommended=10, closed_for_fit=8), S)
    assert good and bad and good.value > 0 > bad.value


@pytest.mark.parametrize(("days", "label"), [(0, "本周"), (20, "2周前"), (75, "2个月前"), (400, "13个月前"),
                                             (1100, "3年前")])
def test_a_listings_age_reads_as_a_person_says_it(days, label):
    assert factors.age_label(days) == label
