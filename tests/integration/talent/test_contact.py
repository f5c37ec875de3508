"""Contact details of experts: only to logged-in members who give a reason, only what is public, recorded."""

import pytest

from techbridge.kernel.errors import NotFound, PermissionDenied, ValidationError
from techbridge.talent import service as talent
from techbridge.talent.model import CONTACT_DAILY_LIMIT
from techbridge.talent.repository import ContactAccessRepository
from tests.integration.talent.conftest import broker_form, expert_form
from tests.support.factories import make_user


@pytest.fixture
def broker_profile(platform):
    broker = make_user(platform, role="broker")
    return broker, talent.save_profile(platform.uow(), actor=broker, raw=broker_form())


def test_contact_details_need_a_login_and_a_reason(platform, broker_profile):
    _, expert_id = broker_profile
    with pytest.raises(PermissionDenied):
        talent.reveal_contact(platform.uow(), viewer=None, expert_id=expert_id, reason="咨询储氢瓶检测方案")
    with pytest.raises(ValidationError):
        talent.reveal_contact(platform.uow(), viewer=make_user(platform), expert_id=expert_id, reason="看看")
    with platform.uow() as uow:
        assert uow.repo(ContactAccessRepository).count() == 0


def test_only_the_details_the_expert_made_public_are_shown(platform, broker_profile):
    _, expert_id = broker_profile  # email public, phone not
    card = talent.reveal_contact(platform.uow(), viewer=make_user(platform), expert_id=expert_id,
                                 reason="咨询储氢瓶轻量化方案")
    assert (card.email, card.phone) == ("wanglx@example.com", "")


def test_each_reveal_is_recorded_with_who_when_and_why_and_shown_to_the_expert(platform, broker_profile):
    broker, expert_id = broker_profile
    seeker = make_user(platform, role="seeker")
    talent.reveal_contact(platform.uow(), viewer=seeker, expert_id=expert_id, reason="咨询储氢瓶轻量化方案")
    log = talent.get_profile(platform.uow(), viewer=broker, expert_id=expert_id).access_log
    assert [(a.viewer_id, a.reason, a.fields, name) for a, name in log] == [
        (seeker.id, "咨询储氢瓶轻量化方案", ["email"], "测试用户")]
    assert log[0][0].at is not None
    assert talent.get_profile(platform.uow(), viewer=seeker, expert_id=expert_id).access_log == []


def test_an_expert_without_public_contact_details_cannot_be_revealed(platform):
    admin = make_user(platform, role="admin")
    expert_id = talent.save_profile(platform.uow(), actor=admin, raw=expert_form(public_fields=["organization"]))
    with pytest.raises(PermissionDenied) as err:
        talent.reveal_contact(platform.uow(), viewer=make_user(platform), expert_id=expert_id, reason="咨询水华治理方案")
    assert err.value.code == "contact_not_public"


def test_an_unlisted_expert_cannot_be_revealed(platform):
    broker = make_user(platform, role="broker")
    expert_id = talent.save_profile(platform.uow(), actor=broker, raw=broker_form(is_listed="否"))
    with pytest.raises(NotFound):
        talent.reveal_contact(platform.uow(), viewer=make_user(platform), expert_id=expert_id, reason="咨询储氢方案")


def test_a_member_may_reveal_a_limited_number_of_contacts_a_day(platform):
    admin, seeker = make_user(platform, role="admin"), make_user(platform, role="seeker")
    public = ["email"]
    ids = [talent.save_profile(platform.uow(), actor=admin, raw=expert_form(name=f"专家{i:02d}", public_fields=public))
           for i in range(CONTACT_DAILY_LIMIT + 1)]
    for expert_id in ids[:-1]:
        talent.reveal_contact(platform.uow(), viewer=seeker, expert_id=expert_id, reason="批量咨询水处理方案")
    with pytest.raises(PermissionDenied) as err:
        talent.reveal_contact(platform.uow(), viewer=seeker, expert_id=ids[-1], reason="批量咨询水处理方案")
    assert err.value.code == "contact_limit" and "每天最多" in err.value.message
