"""Saving and loading a built engine."""

from datetime import date
from decimal import Decimal

from techbridge.matching.engine import MatchingEngine
from techbridge.matching.settings import MatchSettings
from techbridge.matching.store import load_engine, save_engine

from .conftest import achievement, demand

NEED = demand("D1", "储氢气瓶需要更轻", "车载储氢瓶太重，希望采用碳纤维复合材料缠绕。")


def test_a_loaded_engine_ranks_exactly_like_the_saved_one(tmp_path, achievements, embedder):
    priced = achievement("A7", "储氢合金", "镁基储氢合金吸放氢性能。", price_wan=Decimal("80.5"),
                         published_on=date(2024, 5, 1), region_code="110108")
    engine = MatchingEngine(embedder=embedder)
    engine.build(achievements + [priced, NEED])
    save_engine(engine, tmp_path / "index")
    loaded = load_engine(MatchingEngine(embedder=embedder), tmp_path / "index")
    before = [(h.listing_id, h.score) for h in engine.match(NEED, k=5)]
    after = [(h.listing_id, h.score) for h in loaded.match(NEED, k=5)]
    assert before == after
    assert loaded.catalogs["achievement"].get(loaded.catalogs["achievement"].slot_of["A7"]) == priced
    assert not list((tmp_path / "index").rglob("*.pkl"))


def test_a_loaded_engine_still_takes_new_listings(tmp_path, achievements, embedder):
    engine = MatchingEngine(embedder=embedder)
    engine.build(achievements)
    save_engine(engine, tmp_path / "index")
    loaded = load_engine(MatchingEngine(embedder=embedder), tmp_path / "index")
    loaded.upsert(achievement("A9", "车载储氢瓶碳纤维缠绕减重", "储氢瓶太重时采用碳纤维复合材料缠绕减重。"))
    assert loaded.match(NEED, k=1)[0].listing_id == "A9"


def test_a_loaded_graph_is_searched_as_widely_as_the_running_settings_say(tmp_path, achievements, embedder):
    small = MatchSettings(exact_search_limit=2, hnsw_expansion_search=64)
    engine = MatchingEngine(settings=small, embedder=embedder)
    engine.build(achievements)
    assert engine.catalogs["achievement"].vectors.uses_hnsw
    save_engine(engine, tmp_path / "index")
    wider = MatchSettings(exact_search_limit=2, hnsw_expansion_search=300)
    loaded = load_engine(MatchingEngine(settings=wider, embedder=embedder), tmp_path / "index")
    assert loaded.catalogs["achievement"].vectors.expansion_search == 300
