"""Periodic jobs (run from cron via `techbridge jobs run`): keep listings alive and deals moving.

- match alerts: re-run matching for listings new or changed since the last run and tell the
  owners about new counterparts above a threshold (each pair once);
- idle alerts: tell the broker (or both parties when there is none) about engagements idle
  for more than N days, once per idle spell;
- mail: deliver the email outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from techbridge.bootstrap import Platform
from techbridge.deals import service as pipeline
from techbridge.finance import deals as finance_deals
from techbridge.jobs.repository import JobStateRepository
from techbridge.kernel.clock import utcnow
from techbridge.listings.model import Listing, Visibility
from techbridge.listings.queries import get_achievement, get_demand
from techbridge.matching import alerts
from techbridge.notifications import mail
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notified_since, notify
from techbridge.roadshows import followup as roadshow_followup
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class JobReport:
    name: str
    processed: int
    notified: int
    detail: str = ""


def match_alerts(platform: Platform, *, threshold: int = 70, k: int = 10,
                 find: alerts.FindStrong | None = None) -> JobReport:
    """Re-match listings new or changed since the last run and tell both sides of every new strong pair.

    A new achievement is news for the owners of the demands it fits as much as for its own
    owner; each (listing, counterpart) pair is announced once. `find` replaces the in-process
    matching (e.g. by Ray workers, `matching/distributed.py`); the announcing stays here.
    """
    from techbridge.matching import indexing

    started = utcnow()
    with platform.uow() as uow:
        since = uow.repo(JobStateRepository).last_run("match_alerts")
        changed = indexing.published_listings(uow, since=since) if since else indexing.published_listings(uow)
    live = [x for x in changed if x.status == "published" and x.id is not None]
    refs = [(x.kind, x.id) for x in live if x.id is not None]
    found = find(refs, k, threshold) if find else alerts.strong_matches(platform, refs, k, threshold)
    notified = 0
    for listing in live:
        assert listing.id is not None
        with platform.uow() as uow:
            strong = [_Pair(_counterpart(uow, m), m.percent, m.score, m.summary) for m in found[(listing.kind, listing.id)]]
            fresh = [p for p in strong if p.listing.id not in alerts.announced(uow, listing.kind, listing.id)]
            notified += _announce(uow, listing, fresh, started)
            for p in strong:
                if listing.visibility != Visibility.PUBLIC:
                    break  # a confidential demand is never announced to the other side's owners
                if listing.id not in alerts.announced(uow, p.listing.kind, p.listing.id or 0):
                    notified += _announce(uow, p.listing, [_Pair(listing, p.percent, p.score, p.summary)], started)
            uow.commit()
    with platform.uow() as uow:
        uow.repo(JobStateRepository).mark_run("match_alerts", started, {"listings": len(changed), "threshold": threshold})
        uow.commit()
    return JobReport("match_alerts", len(changed), notified)


def _counterpart(uow: UnitOfWork, match: alerts.StrongMatch) -> Listing:
    listing = (get_achievement if match.kind == "achievement" else get_demand)(uow, match.listing_id)
    assert listing is not None
    return listing


@dataclass(frozen=True)
class _Pair:
    """A strong match seen from one side: the counterpart, its 匹配度 and why."""

    listing: Listing
    percent: int
    score: float
    summary: str


def _announce(uow: UnitOfWork, listing: Listing, views: list[_Pair], at: datetime) -> int:
    """Record the pairs and tell the listing's organisation about them (one message)."""
    if not views or listing.id is None:
        return 0
    for v in views:
        assert v.listing.id is not None
        alerts.record_announcement(uow, listing.kind, listing.id, v.listing.id, v.score, at)
    best = max(views, key=lambda v: v.percent)
    other = "科技成果" if listing.kind == "demand" else "技术需求"
    return len(notify(
        uow, members_of(uow, listing.organization_id), kind=NotificationKind.NEW_MATCH,
        title=f"“{listing.title}”有 {len(views)} 条新的高分匹配{other}",
        body=f"最高匹配度 {best.percent}：{best.listing.title}。{best.summary}",
        link=f"/{listing.kind}s/{listing.id}#matches-title"))


def idle_alerts(platform: Platform, *, days: int = 14) -> JobReport:
    """Notify once per idle spell: skip engagements already alerted since their last activity."""
    notified = 0
    items = pipeline.idle_engagements(platform.uow(), days=days)
    with platform.uow() as uow:
        for e in items:
            link = f"/engagements/{e.id}"
            if notified_since(uow, kind=NotificationKind.IDLE, link=link, since=e.updated_at):
                continue
            achievement, demand = get_achievement(uow, e.achievement_id), get_demand(uow, e.demand_id)
            assert achievement is not None and demand is not None
            people = [e.broker_id] if e.broker_id else [*members_of(uow, achievement.organization_id),
                                                        *members_of(uow, demand.organization_id)]
            idle_days = (utcnow() - (e.updated_at or utcnow())).days
            notified += len(notify(uow, people, kind=NotificationKind.IDLE,
                                   title=f"对接已闲置 {idle_days} 天：{achievement.title} × {demand.title}",
                                   body="请联系双方了解进展，或记录最新情况；确无进展可终止并注明原因。", link=link))
        uow.commit()
    # finance funnel entries (a roadshow's 有意向 among them: its organiser is reminded too)
    deals = finance_deals.idle_deals(platform.uow(), days=days)
    organisers = {link: organiser for link, _, organiser, _ in roadshow_followup.idle_followups(platform.uow(), days=days)}
    with platform.uow() as uow:
        for item in deals:
            link = f"/finance/deals/{item.deal.id}"
            if notified_since(uow, kind=NotificationKind.IDLE, link=link, since=item.deal.updated_at):
                continue
            idle_days = (utcnow() - (item.deal.updated_at or utcnow())).days
            notified += len(notify(uow, [*item.people, organisers.get(link)], kind=NotificationKind.IDLE,
                                   title=f"融资对接已闲置 {idle_days} 天：{item.title}",
                                   body="请推进约见或尽调，或记录最新情况；确无进展可终止并注明原因。", link=link))
        uow.repo(JobStateRepository).mark_run("idle_alerts", utcnow(), {"days": days, "engagements": len(items),
                                                                         "finance_deals": len(deals)})
        uow.commit()
    return JobReport("idle_alerts", len(items) + len(deals), notified)


def deliver_mail(platform: Platform) -> JobReport:
    settings = platform.settings
    sender = mail.sender_from_settings(settings.smtp_url, settings.mail_from)
    report = mail.deliver_outbox(platform.uow(), sender, base_url=settings.base_url)
    detail = "未配置 SMTP，邮件保留在发件箱" if sender is None else f"失败 {report.failed}，待发 {report.pending}"
    return JobReport("mail", report.sent + report.failed, report.sent, detail)


def trade_endings(platform: Platform) -> JobReport:
    """End every trade that is due: 竞价 past their close, 协议定价 / 挂牌 notices past their last day."""
    from techbridge.trading.endings import run_endings

    started = utcnow()
    report = run_endings(platform.uow, started)
    with platform.uow() as uow:
        uow.repo(JobStateRepository).mark_run("trade_endings", started,
                                              {"closed": report.closed, "ended": report.ended, "sold": report.sold})
        uow.commit()
    detail = f"成交 {report.sold}" + (f"，未处理 {len(report.problems)}：{'；'.join(report.problems[:3])}"
                                     if report.problems else "")
    return JobReport("trade_endings", report.closed + report.ended, report.sold, detail)
