"""Demo policy library and open calls: records written by the team (demo/data/policies.json,
challenges.json), plus the five seed documents when the shared folder is present.

Idempotent: policies are matched by (origin "demo", external id) or by their text, calls by
their external id. Calls are played through the real services (publish, submit, close,
review, result), then given their story's dates.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.challenges import service as challenges
from techbridge.challenges.model import DEFAULT_CRITERIA
from techbridge.challenges.repository import ChallengeRepository
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.listings.repository import AchievementRepository, DemandRepository
from techbridge.notifications.service import members_of
from techbridge.policies import service as policies
from techbridge.policies.model import Policy, check_tags, content_hash
from techbridge.policies.repository import PolicyRepository

ORIGIN = "demo"
DOMAIN = "demo.techbridge.cn"


def _data(name: str) -> Any:
    return json.loads(files("techbridge.demo").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def seeds_dir() -> Path | None:
    """../shared/seeds (or $TECHBRIDGE_SHARED_DIR/seeds) when it exists: never copied into the repo."""
    path = Path(os.environ.get("TECHBRIDGE_SHARED_DIR", "../shared")) / "seeds"
    return path if path.is_dir() else None


def load_policies(platform: Platform) -> int:
    """The team's policy records, then the seed documents through the normal ingest path."""
    now = utcnow()
    with platform.uow() as uow:
        for record in _data("policies.json"):
            if uow.repo(PolicyRepository).by_external_id(ORIGIN, record["external_id"]) is not None:
                continue
            measures = [{"title": m["title"], "text": m["text"], "section": "", "targets": m["targets"]}
                        for m in record["measures"]]
            text = "\n".join([record["summary"], *(f"{m['title']}：{m['text']}" for m in measures)])
            check_tags(record["industries"], record["audiences"], record["doc_type"])
            uow.repo(PolicyRepository).add(Policy(
                title=record["title"], text=text, original_text=text, issuer=record["issuer"],
                issued_on=date.fromisoformat(record["issued_on"]) if record["issued_on"] else None,
                region_code=record["region"], doc_type=record["doc_type"], source=record["source"],
                summary=record["summary"], measures=measures, industries=record["industries"],
                audiences=record["audiences"], file_type="record", content_hash=content_hash(text), origin=ORIGIN,
                external_id=record["external_id"], created_at=now, updated_at=now))
        uow.commit()
    folder = seeds_dir()
    for path in sorted(folder.glob("*.txt")) if folder else []:
        policies.ingest_text(platform.uow(), None, actor=None, text=path.read_text(encoding="utf-8"),
                             file_name=path.name, file_type="txt", origin="seed", allow_existing=True)
    with platform.uow() as uow:
        return uow.repo(PolicyRepository).count()


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(1, 30))  # 09:30 Beijing time, stored as UTC


def _day(item: dict[str, Any], name: str, today: date) -> date:
    """A story date: absolute ("published_on") or relative to the day the demo is loaded."""
    if item.get(name):
        return date.fromisoformat(item[name])
    stem = name.removesuffix("_on")
    if f"{stem}_days_ago" in item:
        return today - timedelta(days=item[f"{stem}_days_ago"])
    return today + timedelta(days=item[f"{stem}_in_days"])


def load_challenges(platform: Platform) -> int:
    items = _data("challenges.json")
    today = beijing_today()
    for item in items:
        with platform.uow() as uow:
            if uow.repo(ChallengeRepository).by_external_id(ORIGIN, item["external_id"]) is not None:
                continue
        _play(platform, item, today)
    return len(items)


def _user(platform: Platform, email: str) -> Any:
    with platform.uow() as uow:
        user = uow.repo(UserRepository).by_email(email)
    if user is None:
        raise RuntimeError(f"演示数据有误：找不到用户 {email}")
    return user


def _play(platform: Platform, item: dict[str, Any], today: date) -> None:
    with platform.uow() as uow:
        demand = uow.repo(DemandRepository).by_external_id("demo", item["demand"])
        assert demand is not None and demand.id is not None, item["demand"]
        organiser = uow.repo(UserRepository).get(members_of(uow, demand.organization_id)[0])
        assert organiser is not None
        achievements = uow.repo(AchievementRepository).by_external_ids("demo", [p["achievement"] for p in item["proposals"]])
    reviewers = [_user(platform, f"{key}@{DOMAIN}") for key in item["reviewers"]]
    raw = {"title": item["title"], "summary": item["summary"], "requirements": item["requirements"],
           "deadline": (today + timedelta(days=30)).isoformat(), "reward": item["reward_wan"],
           "reward_note": item["reward_note"], "mode": item["mode"], "slots": str(item["slots"]),
           "criteria": [dict(c) for c in DEFAULT_CRITERIA], "reviewer_ids": [str(r.id) for r in reviewers]}
    call_id = challenges.publish(platform.uow(), actor=organiser, demand_id=demand.id, raw=raw)
    with platform.uow() as uow:
        call = uow.repo(ChallengeRepository).get(call_id)
        assert call is not None
        call.origin, call.external_id = ORIGIN, item["external_id"]
        uow.commit()
    submitted: dict[str, int] = {}
    for p in item["proposals"]:
        team = _user(platform, f"{p['org']}@{DOMAIN}")
        form = {"achievement_id": str(achievements[p["achievement"]].id), "team_name": p["team_name"],
                "members": p["members"], "approach": p["approach"], "plan": p["plan"], "budget": p["budget_wan"]}
        submitted[p["org"]] = challenges.submit(platform.uow(), actor=team, challenge_id=call_id, raw=form, uploads=[],
                                                data_dir=platform.settings.data_dir)
    if item["state"] == "decided":
        challenges.close(platform.uow(), actor=organiser, challenge_id=call_id)
        by_key = {f"{r.email.split('@')[0]}": r for r in reviewers}
        for p in item["proposals"]:
            for review in p["reviews"]:
                scores = {c["name"]: str(s) for c, s in zip(DEFAULT_CRITERIA, review["scores"], strict=True)}
                challenges.review(platform.uow(), actor=by_key[review["reviewer"]], proposal_id=submitted[p["org"]],
                                  scores=scores, comment=review["comment"])
        challenges.publish_result(platform.uow(), None, actor=organiser, challenge_id=call_id,
                                  winner_ids=[submitted[k] for k in item["winners"]], note=item["result_note"])
    _apply_dates(platform, call_id, item, submitted, today)


def _apply_dates(platform: Platform, call_id: int, item: dict[str, Any], submitted: dict[str, int], today: date) -> None:
    """Move the call, its proposals and any engagement it started to the story's dates."""
    published = _day(item, "published_on", today)
    with platform.uow() as uow:
        call = uow.repo(ChallengeRepository).get(call_id)
        assert call is not None
        call.created_at = call.updated_at = _moment(published)
        call.deadline = _day(item, "deadline", today)
        for p in item["proposals"]:
            proposal = uow.repo(ChallengeRepository).proposal(submitted[p["org"]])
            assert proposal is not None
            proposal.submitted_at = _moment(_day(p, "submitted_on", today))
        for review in uow.repo(ChallengeRepository).reviews(call_id):
            review.submitted_at = _moment(call.deadline + timedelta(days=7))
        if item["state"] == "decided":
            decided = _moment(_day(item, "decided_on", today))
            call.closed_at = _moment(call.deadline + timedelta(days=1))
            call.decided_at = call.updated_at = decided
            for proposal in uow.repo(ChallengeRepository).proposals(call_id):
                engagement = uow.repo(EngagementRepository).get(proposal.engagement_id) if proposal.engagement_id else None
                if engagement is not None:
                    engagement.created_at = engagement.updated_at = decided
                    for event in uow.repo(EngagementRepository).events(engagement.id or 0):
                        event.at = decided
        uow.commit()
