"""Use cases of open calls (揭榜挂帅 / 赛马制): publish, submit, close, review, publish the result.

Winning proposals become engagements of the pipeline in the same transaction as the result:
the team's achievement × the call's demand, with both sides' interest recorded (the team by
submitting, the organiser by choosing it), so the engagement starts at 双向意向.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from techbridge.accounts.directory import get_organization, get_user
from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import admin_covers
from techbridge.challenges import files
from techbridge.challenges import model as rules
from techbridge.challenges.model import CallStatus, Challenge, Proposal, ProposalStatus, Review
from techbridge.challenges.repository import ChallengeRepository
from techbridge.deals import openings
from techbridge.deals.pipeline import Side, Stage
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.money import parse_wan
from techbridge.kernel.text import normalize_text
from techbridge.kernel.validation import parse_date
from techbridge.listings.events import EventBus
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.queries import get_achievement, get_demand
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.storage.uow import UnitOfWork

REVIEWER_ROLES = (Role.BROKER.value, Role.ADMIN.value)


def is_organiser(actor: User | None, call: Challenge, organiser_region: str) -> bool:
    """The organising organisation's members, and the admins of its region."""
    return actor is not None and (admin_covers(actor, organiser_region) or actor.organization_id == call.organization_id)


def _organiser_region(uow: UnitOfWork, call: Challenge) -> str:
    org = get_organization(uow, call.organization_id)
    return org.region_code if org is not None else ""


def _call(uow: UnitOfWork, challenge_id: int) -> Challenge:
    """The call, locked for this transaction: two teams, a reviewer and the organiser never interleave."""
    call = uow.repo(ChallengeRepository).get(challenge_id) if uow.repo(ChallengeRepository).lock(challenge_id) else None
    if call is None:
        raise NotFound("榜单不存在")
    return call


def _text(errors: list[ValidationError], raw: Mapping[str, Any], name: str, label: str, *, min_len: int = 0,
          max_len: int = 5000, default: str = "") -> str:
    value = normalize_text(str(raw.get(name) or "")) or default
    if min_len and len(value) < min_len:
        errors.append(ValidationError(f"{label}至少{min_len}个字" if value else f"请填写{label}", field=name,
                                      code="too_short" if value else "required"))
    elif len(value) > max_len:
        errors.append(ValidationError(f"{label}不能超过{max_len}个字", field=name, code="too_long"))
    return value


def _collect(errors: list[ValidationError], name: str, parse: Any) -> Any:
    try:
        return parse()
    except ValidationError as err:
        err.field = err.field or name
        errors.append(err)
        return None


def publish(uow: UnitOfWork, *, actor: User, demand_id: int, raw: Mapping[str, Any]) -> int:
    """Open a published key-technology demand as a call; every input problem is reported at once."""
    with uow:
        demand = get_demand(uow, demand_id)
        if demand is None or demand.status != "published":
            raise NotFound("技术需求不存在或尚未发布")
        if not (admin_covers(actor, demand.region_code) or actor.organization_id == demand.organization_id):
            raise PermissionDenied("只有需求单位的成员或本地区的管理方可以发布揭榜挂帅榜单")
        if uow.repo(ChallengeRepository).active_for_demand(demand_id) is not None:
            raise Conflict("该需求已有正在进行的揭榜榜单")
        errors: list[ValidationError] = []
        today = beijing_today()
        title = _text(errors, raw, "title", "榜单名称", min_len=4, max_len=100, default=demand.title)
        summary = _text(errors, raw, "summary", "榜单说明", min_len=20, default=demand.problem)
        requirements = _text(errors, raw, "requirements", "揭榜要求与指标", min_len=10,
                             default=demand.target_indicators)
        deadline = _collect(errors, "deadline", lambda: rules.check_deadline(parse_date(raw.get("deadline")), today))
        reward = _collect(errors, "reward", lambda: parse_wan(raw.get("reward"), field="reward"))
        slots_raw = str(raw.get("slots") or "").strip()
        mode_slots = _collect(errors, "mode", lambda: rules.check_mode(
            str(raw.get("mode") or ""), int(slots_raw) if slots_raw.isdigit() else None))
        criteria = _collect(errors, "criteria", lambda: rules.parse_criteria(list(raw.get("criteria") or [])))
        reviewer_ids = _reviewers(uow, errors, raw.get("reviewer_ids") or [])
        if errors:
            raise ValidationErrors(errors)
        now = utcnow()
        call = Challenge(demand_id, demand.organization_id, title, summary, requirements, deadline, criteria,
                         reward=reward, reward_note=normalize_text(str(raw.get("reward_note") or ""))[:500],
                         mode=mode_slots[0], slots=mode_slots[1], reviewer_ids=reviewer_ids, created_by=actor.id,
                         created_at=now, updated_at=now)
        uow.repo(ChallengeRepository).add(call)
        uow.flush()
        notify(uow, reviewer_ids, kind=NotificationKind.CHALLENGE, title=f"您被邀请担任揭榜挂帅评审专家：{title}",
               body=f"征集截止日期 {deadline:%Y-%m-%d}，征集结束后即可评审。", link=f"/challenges/{call.id}")
        uow.commit()
        assert call.id is not None
        return call.id


def _reviewers(uow: UnitOfWork, errors: list[ValidationError], raw_ids: Any) -> list[int]:
    ids = []
    for value in raw_ids if isinstance(raw_ids, list | tuple) else [raw_ids]:
        if str(value).strip().isdigit():
            ids.append(int(str(value).strip()))
    ids = list(dict.fromkeys(ids))
    if not ids:
        errors.append(ValidationError("请至少选择一位评审专家", field="reviewer_ids", code="reviewers_required"))
    for user_id in ids:
        user = get_user(uow, user_id)
        if user is None or user.role not in REVIEWER_ROLES or not user.is_active:
            errors.append(ValidationError("评审专家须为平台的技术经理人或管理方账号", field="reviewer_ids",
                                          code="bad_reviewer"))
            break
    return ids


def submit(uow: UnitOfWork, *, actor: User, challenge_id: int, raw: Mapping[str, Any], uploads: list[files.Upload],
           data_dir: Path) -> int:
    """A team submits its proposal with attachments before the deadline; one per organisation."""
    with uow:
        call = _call(uow, challenge_id)
        rules.check_can_submit(call, today=beijing_today(), org_id=actor.organization_id)
        assert actor.organization_id is not None
        if uow.repo(ChallengeRepository).proposal_of(challenge_id, actor.organization_id) is not None:
            raise Conflict("您的单位已提交过揭榜方案，每个单位限提交一份")
        errors: list[ValidationError] = []
        achievement = _own_achievement(uow, actor, raw.get("achievement_id"), errors)
        org = get_organization(uow, actor.organization_id)
        team_name = _text(errors, raw, "team_name", "团队名称", min_len=2, max_len=100, default=org.name if org else "")
        approach = _text(errors, raw, "approach", "技术方案", min_len=30)
        members = _text(errors, raw, "members", "团队成员", max_len=2000)
        plan = _text(errors, raw, "plan", "实施计划", max_len=3000)
        budget = _collect(errors, "budget", lambda: parse_wan(raw.get("budget"), field="budget"))
        checked = _collect(errors, "attachments", lambda: files.check_uploads(uploads)) or []
        if errors:
            raise ValidationErrors(errors)
        assert achievement is not None and achievement.id is not None
        stored = files.store(data_dir, challenge_id, checked)
        try:
            proposal = Proposal(challenge_id, actor.organization_id, achievement.id, actor.id or 0, team_name, approach,
                                members=members, plan=plan, budget=budget, attachments=stored, submitted_at=utcnow())
            uow.repo(ChallengeRepository).add_proposal(proposal)
            uow.flush()
            notify(uow, members_of(uow, call.organization_id), kind=NotificationKind.CHALLENGE,
                   title=f"收到揭榜方案：{call.title}", body=f"{team_name}提交了揭榜方案。", link=f"/challenges/{call.id}")
            uow.commit()
        except IntegrityError:  # a colleague's proposal won the race (one per organisation)
            files.discard(data_dir, stored)
            raise Conflict("您的单位已提交过揭榜方案，每个单位限提交一份") from None
        except BaseException:
            files.discard(data_dir, stored)
            raise
        assert proposal.id is not None
        return proposal.id


def _own_achievement(uow: UnitOfWork, actor: User, raw_id: Any, errors: list[ValidationError]) -> Achievement | None:
    value = str(raw_id or "").strip()
    achievement = get_achievement(uow, int(value)) if value.isdigit() else None
    if achievement is None or achievement.organization_id != actor.organization_id:
        errors.append(ValidationError("请选择本单位的一项科技成果作为揭榜依托", field="achievement_id",
                                      code="achievement_required"))
        return None
    if achievement.status != "published":
        errors.append(ValidationError("揭榜依托的成果须已审核发布", field="achievement_id", code="achievement_unpublished"))
        return None
    return achievement


def close(uow: UnitOfWork, *, actor: User, challenge_id: int) -> None:
    """End the submission period (at or before the deadline) and start the review."""
    with uow:
        call = _call(uow, challenge_id)
        if not is_organiser(actor, call, _organiser_region(uow, call)):
            raise PermissionDenied("只有发榜单位或本地区的管理方可以结束征集")
        rules.check_close(call)
        call.status, call.closed_at = CallStatus.REVIEWING.value, utcnow()
        call.updated_at = call.closed_at
        notify(uow, call.reviewer_ids, kind=NotificationKind.CHALLENGE, title=f"揭榜方案待评审：{call.title}",
               body="征集已结束，请对全部方案逐项打分。", link=f"/challenges/{call.id}")
        uow.commit()


def review(uow: UnitOfWork, *, actor: User, proposal_id: int, scores: Mapping[str, Any], comment: str = "") -> float:
    """A reviewer scores (or re-scores, until the result is out) one proposal; returns its weighted total."""
    with uow:
        proposal = uow.repo(ChallengeRepository).proposal(proposal_id) if uow.repo(ChallengeRepository).lock_for_proposal(proposal_id) else None
        if proposal is None:
            raise NotFound("揭榜方案不存在")
        call = uow.repo(ChallengeRepository).get(proposal.challenge_id)
        assert call is not None
        assert actor.id is not None
        checked, total = rules.check_review(call, proposal, reviewer_id=actor.id, reviewer_org_id=actor.organization_id,
                                            raw_scores=dict(scores))
        existing = uow.repo(ChallengeRepository).review_by(proposal_id, actor.id)
        note = normalize_text(comment)[:2000]
        if existing is None:
            uow.repo(ChallengeRepository).add_review(Review(proposal_id, actor.id, checked, total, note, submitted_at=utcnow()))
        else:
            existing.scores, existing.total, existing.comment, existing.submitted_at = checked, total, note, utcnow()
        try:
            uow.commit()
        except IntegrityError:  # the same reviewer submitted twice at once: the first one stands
            raise Conflict("您的评分刚刚已提交，请刷新页面查看") from None
        return total


def publish_result(uow: UnitOfWork, bus: EventBus | None, *, actor: User, challenge_id: int, winner_ids: list[int],
                   note: str = "") -> list[int]:
    """Rank by mean score, mark winners, and start an engagement for each; returns the engagement ids."""
    from techbridge.deals.service import EngagementChanged

    with uow:
        call = _call(uow, challenge_id)
        if not is_organiser(actor, call, _organiser_region(uow, call)):
            raise PermissionDenied("只有发榜单位或本地区的管理方可以公布揭榜结果")
        proposals, reviews = list(uow.repo(ChallengeRepository).proposals(challenge_id)), list(uow.repo(ChallengeRepository).reviews(challenge_id))
        rules.check_result(call, proposals, reviews, winner_ids, note)
        demand = get_demand(uow, call.demand_id)
        assert demand is not None
        now = utcnow()
        engagement_ids: list[int] = []
        for rank, (proposal, mean, _) in enumerate(rules.ranking(proposals, reviews), start=1):
            proposal.total_score, proposal.rank = mean, rank
            won = proposal.id in winner_ids
            proposal.status = (ProposalStatus.WINNER if won else ProposalStatus.NOT_SELECTED).value
            if won:
                proposal.engagement_id = _engage(uow, call, proposal, demand, actor)
                engagement_ids.append(proposal.engagement_id)
            notify(uow, members_of(uow, proposal.organization_id), kind=NotificationKind.CHALLENGE,
                   title=f"揭榜结果：{call.title}", body="您的方案入选，已进入对接流程。" if won else "您的方案未入选，感谢参与。",
                   link=f"/engagements/{proposal.engagement_id}" if won else f"/challenges/{call.id}")
        call.status, call.decided_at, call.updated_at = CallStatus.DECIDED.value, now, now
        call.result_note = normalize_text(note)[:2000]
        uow.commit()
    if bus:
        for engagement_id in engagement_ids:
            bus.publish(EngagementChanged(engagement_id, Stage.MUTUAL_INTEREST.value))
    return engagement_ids


def _engage(uow: UnitOfWork, call: Challenge, proposal: Proposal, demand: Demand, actor: User) -> int:
    """The winner's achievement × the call's demand, moved by the pipeline's own rules."""
    # the team expressed its interest by submitting; the organiser by choosing it
    engagement = openings.open_engagement(
        uow, achievement_id=proposal.achievement_id, demand_id=demand.id or 0, actor_id=actor.id,
        score=(proposal.total_score or 0) / 100,
        summary=f"揭榜挂帅“{call.title}”评审入选，综合得分 {proposal.total_score or 0:.1f}",
        origin=f"揭榜挂帅“{call.title}”评审入选",
        interests=[openings.Interest(Side.SUPPLIER, proposal.submitted_by, "揭榜方提交方案即表达对接意向"),
                   openings.Interest(Side.SEEKER, actor.id, "发榜方公布揭榜结果即确认对接意向")])
    assert engagement.id is not None
    return engagement.id
