"""MatchingEngine: both directions, batch, incremental updates, masks, explanations."""

from datetime import date

import numpy as np

from techbridge.matching.catalog import MatchFilters
from techbridge.matching.engine import MatchingEngine

from .conftest import achievement, demand

NEED = demand("D1", "储氢气瓶需要更轻", "车载储氢瓶太重，希望采用碳纤维复合材料缠绕，工作压力70MPa。", region_code="130200")


def engine_with(achievements, embedder, **kw):
    engine = MatchingEngine(embedder=embedder, today=lambda: date(2026, 1, 1), **kw)
    engine.build(achievements + [NEED])
    return engine


def test_a_demand_finds_the_achievement_that_solves_it(achievements, embedder):
    hits = engine_with(achievements, embedder).match(NEED, k=3)
    assert hits[0].listing_id == "A1"
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_an_achievement_finds_the_demands_it_could_serve(achievements, embedder):
    engine = engine_with(achievements, embedder)
    hits = engine.match(achievements[0], k=5)
    assert [h.listing_id for h in hits] == ["D1"]


def test_batch_matching_returns_top_k_for_each_demand(achievements, embedder):
    other = demand("D2", "奶牛饲料", "秸秆青贮品质差，奶牛采食量低。")
    engine = engine_with(achievements, embedder)
    result = engine.match_batch([NEED, other], k=2)
    assert result["D1"][0].listing_id == "A1" and result["D2"][0].listing_id == "A2"
    assert all(len(hits) == 2 for hits in result.values())


def test_a_new_listing_is_searchable_as_soon_as_it_is_upserted(achievements, embedder):
    engine = engine_with(achievements, embedder)
    engine.upsert(achievement("A9", "70MPa碳纤维缠绕储氢气瓶轻量化", "储氢瓶碳纤维复合材料缠绕，减重30%，工作压力70MPa。"))
    assert engine.match(NEED, k=1)[0].listing_id == "A9"


def test_a_removed_listing_is_never_returned(achievements, embedder):
    engine = engine_with(achievements, embedder)
    engine.remove("A1")
    assert "A1" not in [h.listing_id for h in engine.match(NEED, k=10)]


def test_brokers_only_listings_are_masked_for_the_public(achievements, embedder):
    hidden = achievements[0].__class__(**{**achievements[0].__dict__, "visibility": "brokers_only"})
    engine = engine_with([hidden] + achievements[1:], embedder)
    assert "A1" not in [h.listing_id for h in engine.match(NEED, k=10)]
    assert engine.match(NEED, k=1, filters=MatchFilters(include_brokers_only=True))[0].listing_id == "A1"


def test_an_organisation_can_be_kept_from_matching_itself(achievements, embedder):
    own = achievements[0].__class__(**{**achievements[0].__dict__, "org_id": 7})
    engine = engine_with([own] + achievements[1:], embedder)
    hits = engine.match(NEED, k=10, filters=MatchFilters(exclude_org_id=7))
    assert "A1" not in [h.listing_id for h in hits]


def test_every_hit_carries_an_explanation(achievements, embedder):
    hits = engine_with(achievements, embedder).match(NEED, k=5)
    for hit in hits:
        assert hit.explanation.summary
    top = hits[0].explanation
    assert any(t.term in {"储氢", "碳纤维", "复合材料", "70mpa"} for t in top.shared_terms)
    assert top.best_pair is not None and top.best_pair.similarity > 0


def test_the_policy_flow_raises_a_beijing_achievement_and_says_so(embedder):
    twins = [
        achievement("A1", "储氢瓶缠绕", "碳纤维缠绕储氢瓶。", region_code="440300"),
        achievement("A2", "储氢瓶缠绕", "碳纤维缠绕储氢瓶。", region_code="110108"),
    ]
    engine = engine_with(twins, embedder, region_names={"130200": "唐山"})
    hits = engine.match(NEED, k=2)
    assert hits[0].listing_id == "A2"
    assert "北京→唐山 京津冀协同" in hits[0].explanation.summary
    assert [f.name for f in hits[0].explanation.factors] == ["region"]


def test_stored_vectors_are_used_instead_of_embedding_again(achievements, embedder):
    engine = MatchingEngine(embedder=embedder)
    vectors = {a.id: embedder.embed_passages(MatchingEngine.texts_to_embed(a)) for a in achievements}
    calls = embedder.calls
    engine.build(achievements, vectors)
    assert embedder.calls == calls
    engine.match(NEED, k=1)
    assert embedder.calls == calls + 1  # only the unseen query listing is embedded


def test_texts_to_embed_are_the_full_text_then_its_sentences(achievements):
    texts = MatchingEngine.texts_to_embed(achievements[0])
    assert texts[0] == achievements[0].text and len(texts) == 3
    assert MatchingEngine.text_hash(achievements[0]) == MatchingEngine.text_hash(achievements[0])
    assert MatchingEngine.text_hash(achievements[0]) != MatchingEngine.text_hash(achievements[1])


def test_without_any_embedder_matching_is_lexical(achievements):
    engine = MatchingEngine()
    engine.build(achievements)
    hits = engine.match(NEED, k=2)
    assert hits[0].listing_id == "A1" and hits[0].explanation.dense == 0.0


def test_an_empty_catalogue_returns_no_hits(embedder):
    assert MatchingEngine(embedder=embedder).match(NEED) == []


def test_listings_without_vectors_stay_findable(achievements, embedder):
    engine = MatchingEngine(embedder=embedder)
    partial = {a.id: embedder.embed_passages([a.text]) for a in achievements[1:]}
    engine.embedder = None
    engine.build(achievements, partial)
    engine.embedder = embedder
    assert engine.match(NEED, k=1)[0].listing_id == "A1"
    assert np.isfinite(engine.match(NEED, k=1)[0].score)
