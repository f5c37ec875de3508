"""The periodic job: new strong matches reach their owners once; idle engagements are flagged once per spell."""

from datetime import timedelta

from techbridge.deals import service as pipeline
from techbridge.deals.repository import EngagementRepository
from techbridge.jobs import periodic as jobs
from techbridge.notifications.repository import NotificationRepository, OutboxRepository
from tests.support.factories import achievement_row
from tests.support.scenario import cast, fill_market, publish


def inbox(platform, user, kind, link=""):
    with platform.uow() as uow:
        return [n for n in uow.repo(NotificationRepository).inbox(user.id, limit=200) if n.kind == kind and n.link.startswith(link)]


def test_owners_hear_about_new_strong_matches_once(platform):
    c = cast(platform, trl=7)
    fill_market(platform, c, kinds=("achievement", "demand"))
    mine = f"/demands/{c.demand_id}#"
    first = jobs.match_alerts(platform, threshold=50)
    alerts = inbox(platform, c.seeker, "new_match", mine)
    assert first.notified >= 1 and len(alerts) == 1
    assert "车载IV型储氢气瓶" in alerts[0].body
    again = jobs.match_alerts(platform, threshold=50)
    assert again.processed == 0 and len(inbox(platform, c.seeker, "new_match", mine)) == 1
    publish(platform, "achievement", c.supplier, c.admin, achievement_row(
        title="碳纤维缠绕高压储氢气瓶封头补强铺层技术", trl="8",
        summary="针对70MPa车载储氢气瓶封头应力集中，提出变角度补强铺层与塑料内胆一体成型方案，减重15%。"))
    third = jobs.match_alerts(platform, threshold=50)
    assert third.processed == 1  # only the new listing was re-matched
    newest = inbox(platform, c.seeker, "new_match", mine)
    assert len(newest) == 2 and "封头补强" in newest[0].body  # the demand's owner hears of the new achievement


def test_idle_engagements_are_flagged_once_per_idle_spell(platform):
    c = cast(platform)
    eid = pipeline.express_interest(platform.uow(), None, actor=c.broker, achievement_id=c.achievement_id,
                                    demand_id=c.demand_id)

    def age(days):
        """Let `days` pass: everything that happened so far moves that far into the past."""
        with platform.uow() as uow:
            e = uow.repo(EngagementRepository).get(eid)
            e.updated_at -= timedelta(days=days)
            for n in uow.repo(NotificationRepository).list():
                n.created_at -= timedelta(days=days)
            uow.commit()

    age(20)
    assert jobs.idle_alerts(platform, days=14).notified == 1
    assert jobs.idle_alerts(platform, days=14).notified == 0
    assert "已闲置" in inbox(platform, c.broker, "idle")[0].title
    pipeline.add_note(platform.uow(), actor=c.broker, engagement_id=eid, note="已电话联系双方")
    assert jobs.idle_alerts(platform, days=14).notified == 0  # active again
    age(30)
    assert jobs.idle_alerts(platform, days=14).notified == 1  # a new idle spell


def test_mail_job_without_smtp_keeps_mail_queued(platform):
    c = cast(platform)
    report = jobs.deliver_mail(platform)
    assert report.notified == 0 and "未配置 SMTP" in report.detail
    with platform.uow() as uow:
        assert uow.repo(OutboxRepository).pending(5)
    assert c.admin.id
