"""Every tunable of the matching engine in one frozen settings object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchSettings:
    """Weights and sizes; text weights chosen on half A of a 2-fold dev split, confirmed on B."""

    # First stage: BM25 over CJK character bigrams and single characters (segmentation-free,
    # so a practitioner's 进口段 still meets an author's 入口段), plus the dense cosine. A low b
    # keeps short title-only listings from outscoring full abstracts on a few lucky characters.
    bigram_k1: float = 1.0
    bigram_b: float = 0.5
    unigram_k1: float = 1.0
    unigram_b: float = 0.7
    max_query_df: float = 0.3  # query terms in more than this share of listings are skipped

    # Standardised weighted sum of the three lists (z-scores over each list's top depth).
    weight_bigram: float = 1.0
    weight_unigram: float = 1.0
    weight_dense: float = 1.2
    fusion_depth: int = 1000
    candidates: int = 100  # the second stage (factors) re-ranks this many

    # Dense cosine is measured around the mean embedding: the catalogue's own mean, shrunk
    # toward the shipped e5 mean (data/e5_center.json) by this many pseudo-listings.
    center_vectors: bool = True
    center_prior_count: int = 1000

    # Dense index: exact numpy scan below this many vectors, usearch HNSW above it.
    exact_search_limit: int = 50_000
    hnsw_connectivity: int = 32
    hnsw_expansion_add: int = 128
    hnsw_expansion_search: int = 384  # bench_scale at 1M: Recall@10 .981 at 256, .990 at 384 (p95 5 ms)

    # Structured second stage, added to the relevance score (which is on a z-score scale).
    industry_same: float = 0.30
    industry_related: float = 0.10
    trl_shortfall: float = 0.40  # per TRL level the achievement lacks, scaled by 1/8
    region_priority: float = 0.25  # achievement in a priority source, demand in a target region
    region_same: float = 0.10
    priority_sources: tuple[str, ...] = ("11",)  # GB/T 2260 province prefixes: Beijing
    priority_targets: tuple[str, ...] = ("12", "13")  # Tianjin, Hebei
    budget_over: float = 0.30  # full penalty once the price is 8x the budget
    freshness: float = 0.10  # full penalty once a listing is freshness_years old
    freshness_years: float = 3.0
    outcome: float = 0.30  # weight of the smoothed past-outcome signal
    outcome_prior: float = 5.0  # pseudo-count pulling few outcomes toward neutral

    # Explanations
    shared_terms_shown: int = 5
