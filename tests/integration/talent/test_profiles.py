"""Profiles of the talent database through the services, on SQLite and PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest

from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import Engagement
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationErrors
from techbridge.talent import service as talent
from techbridge.talent.repository import ExpertRepository
from tests.integration.talent.conftest import EXPIRED, broker_form, expert_form
from tests.support.factories import make_org, make_user
from tests.support.scenario import cast


def test_a_broker_builds_their_own_profile_once(platform):
    broker = make_user(platform, role="broker", org_id=make_org(platform, org_type="技术转移机构"))
    expert_id = talent.save_profile(platform.uow(), actor=broker, raw=broker_form())
    profile = talent.get_profile(platform.uow(), viewer=broker, expert_id=expert_id)
    assert profile.expert.user_id == broker.id and profile.can_edit
    assert profile.expert.credential_region == "110000" and profile.credential.value == "valid"
    assert profile.expert.recognised_in() == ["110000", "120000", "130000"]
    with pytest.raises(Conflict):
        talent.save_profile(platform.uow(), actor=broker, raw=broker_form())


def test_an_expired_credential_is_refused_and_nothing_is_stored(platform):
    broker = make_user(platform, role="broker")
    with pytest.raises(ValidationErrors) as err:
        talent.save_profile(platform.uow(), actor=broker, raw=broker_form(credential_valid_until=EXPIRED),
                            today=date(2026, 11, 22))
    assert err.value.errors[0].code == "credential_expired" and "过期" in err.value.errors[0].message
    with platform.uow() as uow:
        assert uow.repo(ExpertRepository).count() == 0


def test_an_expired_credential_cannot_replace_a_valid_one(platform):
    broker = make_user(platform, role="broker")
    expert_id = talent.save_profile(platform.uow(), actor=broker, raw=broker_form())
    with pytest.raises(ValidationErrors):
        talent.save_profile(platform.uow(), actor=broker, expert_id=expert_id, today=date(2026, 11, 22),
                            raw=broker_form(credential_valid_until=EXPIRED, expertise="改过的擅长方向，不应保存下来"))
    with platform.uow() as uow:
        stored = uow.repo(ExpertRepository).get(expert_id)
        assert stored.credential_valid_until == date(2099, 6, 30) and "改过" not in stored.expertise


def test_only_the_expert_or_an_admin_edits_a_profile(platform):
    owner, stranger = make_user(platform, role="broker"), make_user(platform, role="seeker")
    admin = make_user(platform, role="admin")
    expert_id = talent.save_profile(platform.uow(), actor=owner, raw=broker_form())
    with pytest.raises(PermissionDenied):
        talent.save_profile(platform.uow(), actor=stranger, expert_id=expert_id, raw=broker_form(name="冒名"))
    talent.save_profile(platform.uow(), actor=admin, expert_id=expert_id, raw=broker_form(title="高级技术经理人"))
    assert talent.get_profile(platform.uow(), viewer=None, expert_id=expert_id).expert.title == "高级技术经理人"


def test_an_admin_registers_experts_who_have_no_account(platform):
    admin = make_user(platform, role="admin")
    expert_id = talent.save_profile(platform.uow(), actor=admin, raw=expert_form())
    other_id = talent.save_profile(platform.uow(), actor=admin, raw=expert_form(name="秦川"))
    assert expert_id != other_id
    assert talent.get_profile(platform.uow(), viewer=None, expert_id=expert_id).expert.user_id is None


def test_an_unlisted_profile_is_seen_only_by_its_owner_and_admins(platform):
    owner, admin, other = make_user(platform, role="broker"), make_user(platform, role="admin"), make_user(platform)
    expert_id = talent.save_profile(platform.uow(), actor=owner, raw=broker_form(is_listed="否"))
    with pytest.raises(NotFound):
        talent.get_profile(platform.uow(), viewer=other, expert_id=expert_id)
    assert talent.get_profile(platform.uow(), viewer=admin, expert_id=expert_id).can_edit
    page = talent.search(platform.uow(), None, talent.TalentQuery())
    assert page.total == 0


def test_search_filters_by_kind_field_province_and_valid_credential(platform):
    admin = make_user(platform, role="admin")
    talent.save_profile(platform.uow(), actor=admin, raw=broker_form())
    talent.save_profile(platform.uow(), actor=admin, raw=expert_form(region="静海"))
    for query, names in ((talent.TalentQuery(kind="专家"), ["谢婉"]), (talent.TalentQuery(field="hydrogen"), ["王立新"]),
                         (talent.TalentQuery(province="120000"), ["谢婉"]),
                         (talent.TalentQuery(credential="valid"), ["王立新"])):
        assert [c.expert.name for c in talent.search(platform.uow(), None, query).items] == names
    facets = talent.search(platform.uow(), None, talent.TalentQuery()).facets
    assert dict(facets["kind"]) == {"技术经理人": 1, "专家": 1}


def test_a_brokers_track_record_comes_from_the_engagements_they_run(platform):
    c = cast(platform)
    expert_id = talent.save_profile(platform.uow(), actor=c.broker, raw=broker_form())
    now = utcnow()
    with platform.uow() as uow:
        signed = Engagement(c.achievement_id, c.demand_id, stage="signed", broker_id=c.broker.id, created_at=now,
                            updated_at=now)
        uow.repo(EngagementRepository).add(signed)
        uow.flush()
        uow.repo(ContractRepository).add(Contract("储氢瓶技术许可", "技术许可", Decimal("820.00"), "京华测试大学", "唐山测试重工有限公司",
                                   "110108", "130203", date(2026, 9, 1), "分期支付", engagement_id=signed.id,
                                   created_at=now))
        uow.commit()
    record = talent.get_profile(platform.uow(), viewer=None, expert_id=expert_id).track
    assert (record.engagements, record.signed, record.contract_count) == (1, 1, 1)
    assert record.contract_amount == Decimal("820.00") and record.last_signed_on == date(2026, 9, 1)
