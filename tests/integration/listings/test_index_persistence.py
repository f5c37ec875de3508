"""The matching index is derived data: saved as .npy + JSON, loaded at start-up, caught up with the database."""

from techbridge.matching.index_builds import KEEP_BUILDS
from techbridge.matching.indexing import build_index
from techbridge.matching.service import MatchingService
from tests.support.factories import achievement_row
from tests.support.scenario import cast, fill_market, publish


def test_a_saved_index_is_loaded_and_catches_up_with_changes_made_since(platform):
    c = cast(platform, trl=7)
    fill_market(platform, c)
    counts = build_index(platform)
    assert counts["listings"] == 2 + 8 and platform.matching.saved_build() is not None
    # made after the save, by another process (no event reaches this one)
    from techbridge.listings import service as registry

    with platform.uow() as uow:
        late = registry.create_listing(uow, None, kind="achievement", actor=c.supplier, submit=True, raw=achievement_row(
            title="储氢气瓶塑料内胆滚塑一体成型工艺", summary="高阻氢聚酰胺内胆滚塑一体成型，消除焊缝，氢渗透率低于国标限值一个数量级。"))
    with platform.uow() as uow:
        registry.change_status(uow, None, kind="achievement", actor=c.admin, listing_id=late, target="published")
    fresh = MatchingService(platform)  # a new process starting up
    fresh.ensure_loaded()
    assert f"A{late}" in fresh.engine.catalogs["achievement"].slot_of
    assert len(fresh.engine.catalogs["achievement"]) == 1 + 8 + 1


def test_a_damaged_saved_index_is_rebuilt_from_the_database(platform):
    c = cast(platform)
    build_index(platform)
    (platform.settings.data_dir / "index" / "current" / "achievement" / "meta.json").write_text("{broken", encoding="utf-8")
    fresh = MatchingService(platform)
    fresh.ensure_loaded()
    assert f"A{c.achievement_id}" in fresh.engine.catalogs["achievement"].slot_of


def test_publishing_makes_a_listing_searchable_at_once(platform):
    c = cast(platform)
    platform.matching.ensure_loaded()
    new = publish(platform, "achievement", c.supplier, c.admin, achievement_row(title="低温液氢储罐多层绝热技术"))
    assert f"A{new}" in platform.matching.engine.catalogs["achievement"].slot_of


def test_each_save_is_a_new_build_switched_in_whole_and_old_builds_are_pruned(platform):
    cast(platform)
    first = platform.matching.save()
    assert platform.matching.saved_build() == first
    later = [platform.matching.save() for _ in range(KEEP_BUILDS + 1)]
    assert platform.matching.saved_build() == later[-1] and first not in later
    builds = sorted(p.name for p in (platform.settings.data_dir / "index" / "builds").iterdir())
    assert builds == sorted(p.name for p in later[-KEEP_BUILDS:])  # the first and second are gone, nothing partial
    fresh = MatchingService(platform)
    fresh.ensure_loaded()
    assert len(fresh.engine.catalogs["achievement"]) == len(platform.matching.engine.catalogs["achievement"])
