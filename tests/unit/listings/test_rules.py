"""Listing lifecycle, visibility and edit rights, by role and by the admin's region."""

import pytest

from techbridge.accounts.model import User
from techbridge.kernel.errors import InvalidTransition, PermissionDenied
from techbridge.listings.rules import can_edit, can_view, check_listing_transition

BEIJING_HAIDIAN, TIANJIN_BINHAI = "110108", "120116"


def user(role: str, org: int | None = None, scope: str | None = None) -> User:
    return User("x@example.com", "某某", "hash", role, org, region_scope=scope, id=1)


BJ_ADMIN, TJ_ADMIN, PLATFORM = user("admin", scope="110000"), user("admin", scope="120000"), user("admin")


def test_owners_submit_their_drafts_for_review():
    check_listing_transition("draft", "pending_review", actor=user("supplier", 3), is_owner=True,
                             region_code=BEIJING_HAIDIAN)


def test_only_an_admin_of_the_listings_region_publishes_it():
    with pytest.raises(PermissionDenied):
        check_listing_transition("pending_review", "published", actor=user("supplier", 3), is_owner=True,
                                 region_code=BEIJING_HAIDIAN)
    with pytest.raises(PermissionDenied, match="本地区"):
        check_listing_transition("pending_review", "published", actor=TJ_ADMIN, is_owner=False,
                                 region_code=BEIJING_HAIDIAN)
    check_listing_transition("pending_review", "published", actor=BJ_ADMIN, is_owner=False, region_code=BEIJING_HAIDIAN)
    check_listing_transition("pending_review", "published", actor=PLATFORM, is_owner=False, region_code=TIANJIN_BINHAI)


def test_a_draft_cannot_skip_review():
    with pytest.raises(InvalidTransition):
        check_listing_transition("draft", "published", actor=BJ_ADMIN, is_owner=False, region_code=BEIJING_HAIDIAN)


def test_strangers_cannot_archive_and_admins_of_other_regions_neither():
    with pytest.raises(PermissionDenied):
        check_listing_transition("published", "archived", actor=user("seeker", 4), is_owner=False,
                                 region_code=BEIJING_HAIDIAN)
    with pytest.raises(PermissionDenied):
        check_listing_transition("published", "archived", actor=TJ_ADMIN, is_owner=False, region_code=BEIJING_HAIDIAN)


@pytest.mark.parametrize(("viewer", "sees"), [
    (None, False), (user("supplier", 5), False), (user("seeker", 5), False), (user("broker_applicant", 5), False),
    (user("broker", 5), True), (TJ_ADMIN, True), (PLATFORM, True), (BJ_ADMIN, False),
], ids=["anonymous", "supplier", "seeker", "broker-applicant", "verified-broker", "admin-of-its-region",
        "platform-admin", "admin-of-another-region"])
def test_a_brokers_only_demand_is_seen_by_verified_brokers_and_its_regions_admins(viewer, sees):
    assert can_view(visibility="brokers_only", status="published", viewer=viewer, is_owner=False,
                    region_code=TIANJIN_BINHAI) is sees


def test_the_owner_sees_its_own_confidential_demand():
    assert can_view(visibility="brokers_only", status="published", viewer=user("seeker", 5), is_owner=True,
                    region_code=TIANJIN_BINHAI)


def test_unpublished_listings_are_seen_by_owners_and_the_regions_admins_only():
    kwargs = {"visibility": "public", "status": "pending_review", "region_code": TIANJIN_BINHAI}
    assert not can_view(viewer=user("broker", 7), is_owner=False, **kwargs)
    assert can_view(viewer=user("supplier", 3), is_owner=True, **kwargs)
    assert can_view(viewer=TJ_ADMIN, is_owner=False, **kwargs)
    assert not can_view(viewer=BJ_ADMIN, is_owner=False, **kwargs)


def test_members_and_the_regions_admins_edit_a_listing():
    assert can_edit(viewer=user("supplier", org=3), listing_org_id=3, region_code=BEIJING_HAIDIAN)
    assert not can_edit(viewer=user("supplier", org=4), listing_org_id=3, region_code=BEIJING_HAIDIAN)
    assert can_edit(viewer=BJ_ADMIN, listing_org_id=3, region_code=BEIJING_HAIDIAN)
    assert not can_edit(viewer=TJ_ADMIN, listing_org_id=3, region_code=BEIJING_HAIDIAN)
    assert not can_edit(viewer=None, listing_org_id=3, region_code=BEIJING_HAIDIAN)
