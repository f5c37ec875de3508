"""Storage round trips through the unit of work, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
from sqlalchemy import text

from techbridge.accounts.repository import UserRepository
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.listings import service as registry
from techbridge.listings.repository import AchievementRepository, DemandRepository
from tests.support.factories import achievement_row, credit_code, demand_row, make_org, make_user


def test_an_achievement_round_trips_with_money_lists_and_original_text(platform):
    org = make_org(platform)
    user = make_user(platform, org_id=org)
    row = achievement_row(title="車載儲氫氣瓶纏繞成型技術", asking_price="1800.5")
    with platform.uow() as uow:
        listing_id = registry.create_listing(uow, None, kind="achievement", actor=user, raw=row)
    with platform.uow() as uow:
        stored = uow.repo(AchievementRepository).get(listing_id)
        assert stored.title == "车载储氢气瓶缠绕成型技术"
        assert stored.original["title"] == "車載儲氫氣瓶纏繞成型技術"
        assert stored.asking_price == Decimal("1800.50")
        assert stored.transfer_modes == ["许可", "合作开发"]
        assert stored.keywords == ["储氢", "碳纤维"]
        assert stored.status == "draft" and stored.region_code == "110114"


def test_the_uow_rolls_back_what_is_not_committed(platform):
    org = make_org(platform)
    user = make_user(platform, org_id=org)
    with platform.uow() as uow:
        uow.repo(UserRepository).get(user.id).display_name = "改名未提交"
    with platform.uow() as uow:
        assert uow.repo(UserRepository).get(user.id).display_name == "测试用户"


def test_foreign_keys_are_enforced(platform):
    with platform.engine.connect() as conn, pytest.raises(Exception):  # noqa: B017 - driver-specific error class
        conn.execute(text(
            "INSERT INTO users (email, display_name, password_hash, role, organization_id, phone, is_active, "
            "created_at) VALUES ('x@y.cn', 'x', 'x', 'supplier', 9999, '', true, '2026-01-01')"
        ))
        conn.commit()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_platform):
    with sqlite_platform.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_credit_code_can_be_registered_once(platform):
    code = credit_code()
    make_org(platform, code=code)
    with pytest.raises(Conflict):
        make_org(platform, code=code)


def test_an_organisation_with_a_bad_check_digit_is_refused(platform):
    code = credit_code()
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationErrors) as err:
        make_org(platform, code=bad)
    assert any("校验位" in e.message for e in err.value.errors)


def test_every_invalid_field_is_reported_at_once(platform):
    user = make_user(platform, org_id=make_org(platform))
    row = achievement_row(trl="12", asking_price="-3", region="上海", transfer_modes="赠送")
    with platform.uow() as uow, pytest.raises(ValidationErrors) as err:
        registry.create_listing(uow, None, kind="achievement", actor=user, raw=row)
    assert {e.field for e in err.value.errors} == {"trl", "asking_price", "region", "transfer_modes"}


def test_a_listing_goes_through_review_before_it_is_visible(platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业"))
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    stranger = make_user(platform, role="supplier", org_id=make_org(platform))
    with platform.uow() as uow:
        demand_id = registry.create_listing(uow, None, kind="demand", actor=seeker, raw=demand_row(), submit=True)
    with platform.uow() as uow, pytest.raises(NotFound):
        registry.get_listing(uow, kind="demand", viewer=stranger, listing_id=demand_id)
    with platform.uow() as uow, pytest.raises(PermissionDenied):
        registry.change_status(uow, None, kind="demand", actor=seeker, listing_id=demand_id, target="published")
    with platform.uow() as uow:
        registry.change_status(uow, None, kind="demand", actor=admin, listing_id=demand_id, target="published")
    with platform.uow() as uow:
        listing = registry.get_listing(uow, kind="demand", viewer=stranger, listing_id=demand_id)
        assert listing.published_at is not None


def test_sending_back_requires_a_reason_which_is_kept(platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业"))
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    with platform.uow() as uow:
        demand_id = registry.create_listing(uow, None, kind="demand", actor=seeker, raw=demand_row(), submit=True)
    with platform.uow() as uow, pytest.raises(ValidationError, match="原因"):
        registry.change_status(uow, None, kind="demand", actor=admin, listing_id=demand_id, target="draft")
    with platform.uow() as uow:
        registry.change_status(uow, None, kind="demand", actor=admin, listing_id=demand_id, target="draft",
                               note="预算与指标不一致，请核对")
    with platform.uow() as uow:
        assert uow.repo(DemandRepository).get(demand_id).review_note == "预算与指标不一致，请核对"


def test_members_of_another_organisation_cannot_edit(platform):
    owner = make_user(platform, org_id=make_org(platform))
    other = make_user(platform, org_id=make_org(platform))
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    with platform.uow() as uow:
        listing_id = registry.create_listing(uow, None, kind="achievement", actor=owner, raw=achievement_row(),
                                             submit=True)
    with platform.uow() as uow:
        registry.change_status(uow, None, kind="achievement", actor=admin, listing_id=listing_id, target="published")
    with platform.uow() as uow, pytest.raises(PermissionDenied):
        registry.update_listing(uow, None, kind="achievement", actor=other, listing_id=listing_id,
                                raw=achievement_row(title="被他人篡改的标题内容"))
