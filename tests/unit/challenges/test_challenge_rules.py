"""Rules of open calls (揭榜挂帅 / 赛马制): criteria, deadlines, submissions, reviews and the result."""

from datetime import date, datetime

import pytest

from techbridge.challenges import model as rules
from techbridge.challenges.model import Challenge, Proposal, Review
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError

TODAY = date(2026, 6, 1)


def call(**changes):
    base = Challenge(demand_id=1, organization_id=10, title="储氢瓶轻量化揭榜", summary="说明" * 10, requirements="要求" * 5,
                     deadline=date(2026, 6, 30), criteria=[dict(c) for c in rules.DEFAULT_CRITERIA], reviewer_ids=[7, 8],
                     id=1)
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def proposal(pid, org=20):
    return Proposal(challenge_id=1, organization_id=org, achievement_id=pid, submitted_by=1, team_name=f"团队{pid}",
                    approach="方案" * 20, id=pid, submitted_at=datetime(2026, 6, 2, 9, pid))


def full_scores(value="8"):
    return {c["name"]: value for c in rules.DEFAULT_CRITERIA}


def test_the_default_criteria_weigh_one_hundred_in_all():
    assert sum(c["weight"] for c in rules.parse_criteria(rules.DEFAULT_CRITERIA)) == 100


def test_criteria_whose_weights_do_not_add_up_to_one_hundred_are_refused():
    with pytest.raises(ValidationError, match="合计应为 100，现在是 90"):
        rules.parse_criteria([{"name": "可行性", "weight": 60}, {"name": "团队", "weight": 30}])


def test_empty_form_lines_are_ignored_but_a_weight_without_a_name_is_refused():
    assert len(rules.parse_criteria([{"name": "可行性", "weight": "100"}, {"name": "", "weight": ""}])) == 1
    with pytest.raises(ValidationError, match="名称"):
        rules.parse_criteria([{"name": "", "weight": "100"}])


def test_a_duplicate_criterion_is_refused():
    with pytest.raises(ValidationError, match="重复"):
        rules.parse_criteria([{"name": "可行性", "weight": 50}, {"name": "可行性", "weight": 50}])


def test_the_deadline_must_be_after_today_and_within_two_years():
    assert rules.check_deadline(date(2026, 6, 2), TODAY) == date(2026, 6, 2)
    for bad in (TODAY, date(2026, 5, 1), date(2028, 7, 1), None):
        with pytest.raises(ValidationError):
            rules.check_deadline(bad, TODAY)


def test_jiebang_guashuai_has_one_winner_and_horse_racing_two_to_ten():
    assert rules.check_mode("single", 5) == ("single", 1)
    assert rules.check_mode("horse_race", 3) == ("horse_race", 3)
    with pytest.raises(ValidationError, match="2–10"):
        rules.check_mode("horse_race", 1)


def test_a_proposal_is_accepted_up_to_and_including_the_deadline():
    rules.check_can_submit(call(), today=date(2026, 6, 30), org_id=20)


def test_a_submission_after_the_deadline_is_refused_with_the_date():
    with pytest.raises(InvalidTransition, match="已于 2026-06-30 截止"):
        rules.check_can_submit(call(), today=date(2026, 7, 1), org_id=20)


def test_no_submission_once_the_call_is_under_review():
    with pytest.raises(InvalidTransition, match="评审中"):
        rules.check_can_submit(call(status="reviewing"), today=TODAY, org_id=20)


def test_the_organiser_cannot_answer_its_own_call():
    with pytest.raises(PermissionDenied, match="发榜单位"):
        rules.check_can_submit(call(), today=TODAY, org_id=10)


def test_reviews_start_only_after_submissions_close():
    with pytest.raises(InvalidTransition, match="征集结束后"):
        rules.check_review(call(), proposal(1), reviewer_id=7, reviewer_org_id=30, raw_scores=full_scores())


def test_only_the_calls_reviewers_may_review():
    with pytest.raises(PermissionDenied, match="不是该榜单的评审专家"):
        rules.check_review(call(status="reviewing"), proposal(1), reviewer_id=99, reviewer_org_id=30,
                           raw_scores=full_scores())


def test_a_reviewer_cannot_review_a_team_of_their_own_organisation():
    with pytest.raises(PermissionDenied, match="回避"):
        rules.check_review(call(status="reviewing"), proposal(1, org=30), reviewer_id=7, reviewer_org_id=30,
                           raw_scores=full_scores())


def test_every_criterion_must_be_scored_within_its_range():
    reviewing = call(status="reviewing")
    with pytest.raises(ValidationError, match="0–10"):
        rules.check_review(reviewing, proposal(1), reviewer_id=7, reviewer_org_id=30, raw_scores=full_scores("11"))
    missing = full_scores()
    missing.pop("经费合理性")
    with pytest.raises(ValidationError, match="请为“经费合理性”打分"):
        rules.check_review(reviewing, proposal(1), reviewer_id=7, reviewer_org_id=30, raw_scores=missing)


def test_the_weighted_total_is_out_of_one_hundred():
    scores, total = rules.check_review(call(status="reviewing"), proposal(1), reviewer_id=7, reviewer_org_id=30,
                                       raw_scores=full_scores("8"))
    assert total == 80.0 and scores["技术方案可行性"] == 8.0


def test_proposals_rank_by_mean_total_and_unreviewed_last():
    reviews = [Review(1, 7, {}, 70), Review(1, 8, {}, 90), Review(2, 7, {}, 85)]
    ranked = rules.ranking([proposal(1), proposal(2), proposal(3)], reviews)
    assert [(p.id, mean, n) for p, mean, n in ranked] == [(2, 85.0, 1), (1, 80.0, 2), (3, None, 0)]


def test_the_result_waits_for_every_proposal_to_be_reviewed():
    with pytest.raises(InvalidTransition, match="还有 1 份方案尚未评审"):
        rules.check_result(call(status="reviewing"), [proposal(1), proposal(2)], [Review(1, 7, {}, 80)], [1], "")


def test_the_result_comes_only_after_submissions_close():
    with pytest.raises(InvalidTransition, match="请先结束征集"):
        rules.check_result(call(), [proposal(1)], [Review(1, 7, {}, 80)], [1], "")


def test_jiebang_guashuai_refuses_two_winners_but_horse_racing_allows_its_slots():
    reviewed = [Review(1, 7, {}, 80), Review(2, 7, {}, 70)]
    with pytest.raises(ValidationError, match="只能有一个团队"):
        rules.check_result(call(status="reviewing"), [proposal(1), proposal(2)], reviewed, [1, 2], "")
    rules.check_result(call(status="reviewing", mode="horse_race", slots=2), [proposal(1), proposal(2)], reviewed,
                       [1, 2], "")


def test_no_winner_needs_an_explanation():
    with pytest.raises(ValidationError, match="流榜"):
        rules.check_result(call(status="reviewing"), [proposal(1)], [Review(1, 7, {}, 40)], [], "")
    rules.check_result(call(status="reviewing"), [proposal(1)], [Review(1, 7, {}, 40)], [], "方案均未达到关键指标")


def test_a_past_deadline_open_call_shows_as_closed_awaiting_review():
    assert call().state_label(date(2026, 7, 1)) == "已截止·待评审"
    assert call().state_label(TODAY) == "征集中"
    assert not call().accepting(date(2026, 7, 1))
