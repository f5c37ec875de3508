"""Open calls (揭榜挂帅 / 赛马制) end to end through the services, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest

from techbridge.challenges import service as challenges
from techbridge.challenges import views as challenge_views
from techbridge.challenges.files import Upload
from techbridge.challenges.model import DEFAULT_CRITERIA
from techbridge.challenges.repository import ChallengeRepository
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import Conflict, InvalidTransition, PermissionDenied, ValidationErrors
from tests.support.documents import make_pdf
from tests.support.factories import achievement_row, credit_code, make_org, make_user
from tests.support.scenario import cast, publish

PDF = make_pdf(["技术方案"])


def call_form(**changes):
    form = {"title": "70MPa车载储氢瓶轻量化揭榜", "summary": "面向氢燃料重卡的车载储氢系统减重，要求储氢质量分数不低于5.5%。",
            "requirements": "储氢量≥50kg，系统储氢质量分数≥5.5%，通过型式试验。",
            "deadline": (beijing_today() + timedelta(days=30)).isoformat(), "reward": "300", "mode": "single",
            "criteria": [dict(c) for c in DEFAULT_CRITERIA], "reviewer_ids": []}
    form.update(changes)
    return form


def proposal_form(achievement_id, **changes):
    form = {"achievement_id": str(achievement_id), "team_name": "储氢攻关团队",
            "approach": "采用塑料内胆加碳纤维变角度缠绕的IV型瓶方案，封头补强铺层抑制应力集中，已完成样瓶爆破试验。",
            "members": "张教授（负责人）、李博士", "plan": "6个月样瓶，12个月型式试验", "budget": "280"}
    form.update(changes)
    return form


@pytest.fixture
def world(platform):
    c = cast(platform)
    second = make_user(platform, role="supplier", org_id=make_org(platform, name="津门测试研究院", org_type="科研院所",
                                                                region="滨海新区", code=credit_code("12", "120116")))
    second_achievement = publish(platform, "achievement", second, c.admin, achievement_row(title="高压储氢瓶快速检测技术"))
    c.second, c.second_achievement = second, second_achievement  # type: ignore[attr-defined]
    return c


def open_call(platform, world, **changes):
    form = call_form(reviewer_ids=[str(world.broker.id)], **changes)
    return challenges.publish(platform.uow(), actor=world.seeker, demand_id=world.demand_id, raw=form)


def submit(platform, world, call_id, actor=None, achievement_id=None, uploads=(), **changes):
    return challenges.submit(platform.uow(), actor=actor or world.supplier, challenge_id=call_id,
                             raw=proposal_form(achievement_id or world.achievement_id, **changes), uploads=list(uploads),
                             data_dir=platform.settings.data_dir)


def test_a_call_runs_from_publication_to_a_winner_that_becomes_an_engagement(platform, world):
    call_id = open_call(platform, world)
    p1 = submit(platform, world, call_id, uploads=[Upload("方案.pdf", PDF)])
    p2 = submit(platform, world, call_id, actor=world.second, achievement_id=world.second_achievement)
    challenges.close(platform.uow(), actor=world.seeker, challenge_id=call_id)
    good = {c["name"]: "9" for c in DEFAULT_CRITERIA}
    fair = {c["name"]: "6" for c in DEFAULT_CRITERIA}
    assert challenges.review(platform.uow(), actor=world.broker, proposal_id=p1, scores=good) == 90.0
    challenges.review(platform.uow(), actor=world.broker, proposal_id=p2, scores=fair, comment="指标偏保守")
    [engagement_id] = challenges.publish_result(platform.uow(), None, actor=world.seeker, challenge_id=call_id,
                                                winner_ids=[p1])
    with platform.uow() as uow:
        engagement = uow.repo(EngagementRepository).get(engagement_id)
        assert (engagement.achievement_id, engagement.demand_id) == (world.achievement_id, world.demand_id)
        assert engagement.stage == "mutual_interest" and engagement.score == 0.9
        assert [e.kind for e in uow.repo(EngagementRepository).events(engagement_id)] == ["created", "interest", "stage", "interest",
                                                                             "stage"]
        winner, loser = uow.repo(ChallengeRepository).proposal(p1), uow.repo(ChallengeRepository).proposal(p2)
        assert (winner.status, winner.rank, winner.engagement_id) == ("winner", 1, engagement_id)
        assert (loser.status, loser.rank, loser.total_score) == ("not_selected", 2, 60.0)
    view = challenge_views.view(platform.uow(), viewer=None, challenge_id=call_id)
    assert view.call.status == "decided" and [r.proposal.id for r in view.proposals] == [p1]


def test_horse_racing_lets_several_teams_proceed_each_as_an_engagement(platform, world):
    call_id = open_call(platform, world, mode="horse_race", slots="2")
    p1 = submit(platform, world, call_id)
    p2 = submit(platform, world, call_id, actor=world.second, achievement_id=world.second_achievement)
    challenges.close(platform.uow(), actor=world.admin, challenge_id=call_id)
    for pid in (p1, p2):
        challenges.review(platform.uow(), actor=world.broker, proposal_id=pid, scores={c["name"]: "7" for c in DEFAULT_CRITERIA})
    ids = challenges.publish_result(platform.uow(), None, actor=world.seeker, challenge_id=call_id, winner_ids=[p1, p2])
    assert len(set(ids)) == 2


def test_a_submission_after_the_deadline_is_refused_and_nothing_is_stored(platform, world):
    call_id = open_call(platform, world)
    with platform.uow() as uow:
        uow.repo(ChallengeRepository).get(call_id).deadline = beijing_today() - timedelta(days=1)
        uow.commit()
    with pytest.raises(InvalidTransition, match="截止，不再接受揭榜方案"):
        submit(platform, world, call_id, uploads=[Upload("方案.pdf", PDF)])
    with platform.uow() as uow:
        assert uow.repo(ChallengeRepository).proposals(call_id) == []
    assert not (platform.settings.data_dir / "challenges").exists()


def test_bad_proposal_input_reports_every_problem_and_leaves_no_files(platform, world):
    call_id = open_call(platform, world)
    with pytest.raises(ValidationErrors) as err:
        submit(platform, world, call_id, approach="太短", achievement_id=world.second_achievement,
               uploads=[Upload("病毒.exe", b"MZ")])
    assert {e.field for e in err.value.errors} == {"approach", "achievement_id", "attachments"}
    with pytest.raises(ValidationErrors, match="内容与扩展名不符"):
        submit(platform, world, call_id, uploads=[Upload("方案.pdf", b"not a pdf")])
    assert not (platform.settings.data_dir / "challenges").exists()


def test_one_proposal_per_organisation_and_none_from_the_organiser(platform, world):
    call_id = open_call(platform, world)
    submit(platform, world, call_id)
    with pytest.raises(Conflict, match="已提交过"):
        submit(platform, world, call_id)
    with pytest.raises(PermissionDenied, match="发榜单位"):
        submit(platform, world, call_id, actor=world.seeker)


def test_a_reviewer_from_the_teams_own_organisation_must_abstain(platform, world):
    colleague = make_user(platform, role="broker", org_id=world.supplier.organization_id)
    call_id = challenges.publish(platform.uow(), actor=world.seeker, demand_id=world.demand_id,
                                 raw=call_form(reviewer_ids=[str(world.broker.id), str(colleague.id)]))
    pid = submit(platform, world, call_id)
    challenges.close(platform.uow(), actor=world.seeker, challenge_id=call_id)
    with pytest.raises(PermissionDenied, match="回避"):
        challenges.review(platform.uow(), actor=colleague, proposal_id=pid, scores={c["name"]: "9" for c in DEFAULT_CRITERIA})


def test_the_result_waits_for_reviews_and_only_the_organiser_publishes_it(platform, world):
    call_id = open_call(platform, world)
    pid = submit(platform, world, call_id)
    with pytest.raises(PermissionDenied):
        challenges.close(platform.uow(), actor=world.supplier, challenge_id=call_id)
    challenges.close(platform.uow(), actor=world.seeker, challenge_id=call_id)
    with pytest.raises(InvalidTransition, match="尚未评审"):
        challenges.publish_result(platform.uow(), None, actor=world.seeker, challenge_id=call_id, winner_ids=[pid])
    with pytest.raises(PermissionDenied):
        challenges.publish_result(platform.uow(), None, actor=world.stranger, challenge_id=call_id, winner_ids=[pid])


def test_publishing_a_call_checks_every_field_and_the_demand(platform, world):
    with pytest.raises(ValidationErrors) as err:
        challenges.publish(platform.uow(), actor=world.seeker, demand_id=world.demand_id, raw=call_form(
            deadline="2020-01-01", criteria=[{"name": "可行性", "weight": "90"}], mode="horse_race", slots="1"))
    assert {e.field for e in err.value.errors} == {"deadline", "criteria", "slots", "reviewer_ids"}
    with pytest.raises(PermissionDenied):
        challenges.publish(platform.uow(), actor=world.stranger, demand_id=world.demand_id,
                           raw=call_form(reviewer_ids=[str(world.broker.id)]))
    open_call(platform, world)
    with pytest.raises(Conflict, match="正在进行"):
        open_call(platform, world)


def test_attachments_are_served_to_the_team_and_the_panel_only(platform, world):
    call_id = open_call(platform, world)
    pid = submit(platform, world, call_id, uploads=[Upload("../../方案.pdf", PDF)])
    path, name, kind = challenge_views.attachment(platform.uow(), viewer=world.broker, proposal_id=pid, number=1,
                                                  data_dir=platform.settings.data_dir)
    assert path.read_bytes() == PDF and name == "方案.pdf" and kind == "application/pdf"
    with pytest.raises(PermissionDenied):
        challenge_views.attachment(platform.uow(), viewer=world.stranger, proposal_id=pid, number=1,
                                   data_dir=platform.settings.data_dir)


def test_two_colleagues_submitting_at_once_store_exactly_one_proposal_and_its_files(platform, world):
    import threading

    call_id = open_call(platform, world)
    colleague = make_user(platform, role="supplier", org_id=world.supplier.organization_id)
    barrier, outcomes = threading.Barrier(2), []

    def attempt(actor):
        barrier.wait()
        try:
            outcomes.append(submit(platform, world, call_id, actor=actor, uploads=[Upload("方案.pdf", PDF)]))
        except Exception as err:  # noqa: BLE001 - recorded and checked below
            outcomes.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (world.supplier, colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(o, int) for o in outcomes) == 1
    assert any(isinstance(o, str) and "已提交过" in o for o in outcomes), outcomes
    with platform.uow() as uow:
        [stored] = uow.repo(ChallengeRepository).proposals(call_id)
    folders = list((platform.settings.data_dir / "challenges" / str(call_id)).iterdir())
    assert [f.name for f in folders] == [stored.attachments[0]["path"].split("/")[2]]
