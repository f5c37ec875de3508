import pytest

from techbridge.accounts.model import User
from techbridge.kernel.errors import InvalidTransition, PermissionDenied
from techbridge.listings.rules import can_edit, can_view, check_listing_transition


def user(role, org=1):
    return User("a@b.cn", "张三", "x", role, org)


def test_an_owner_submits_a_draft_for_review():
    check_listing_transition("draft", "pending_review", actor_role="supplier", is_owner=True)


def test_only_an_admin_publishes():
    with pytest.raises(PermissionDenied):
        check_listing_transition("pending_review", "published", actor_role="supplier", is_owner=True)
    check_listing_transition("pending_review", "published", actor_role="admin", is_owner=False)


def test_a_draft_cannot_skip_review():
    with pytest.raises(InvalidTransition):
        check_listing_transition("draft", "published", actor_role="admin", is_owner=False)


def test_strangers_cannot_archive_a_listing():
    with pytest.raises(PermissionDenied):
        check_listing_transition("published", "archived", actor_role="seeker", is_owner=False)


def test_a_brokers_only_demand_is_hidden_from_other_users_and_the_public():
    kwargs = {"visibility": "brokers_only", "status": "published", "is_owner": False}
    assert not can_view(viewer=None, **kwargs)
    assert not can_view(viewer=user("supplier"), **kwargs)
    assert not can_view(viewer=user("seeker"), **kwargs)
    assert can_view(viewer=user("broker"), **kwargs)
    assert can_view(viewer=user("admin"), **kwargs)
    assert can_view(viewer=user("seeker"), **{**kwargs, "is_owner": True})


def test_unpublished_listings_are_seen_only_by_their_owners_and_admins():
    kwargs = {"visibility": "public", "status": "draft"}
    assert not can_view(viewer=user("broker"), is_owner=False, **kwargs)
    assert can_view(viewer=user("supplier"), is_owner=True, **kwargs)
    assert can_view(viewer=user("admin"), is_owner=False, **kwargs)


def test_members_of_the_publishing_organisation_edit_it():
    assert can_edit(viewer=user("supplier", org=3), listing_org_id=3)
    assert not can_edit(viewer=user("supplier", org=4), listing_org_id=3)
    assert can_edit(viewer=user("admin", org=9), listing_org_id=3)
    assert not can_edit(viewer=None, listing_org_id=3)
