"""Relevance of experts and instruments to a query, on a scale that separates good hits from the rest.

`rank_documents` orders by reciprocal-rank fusion, whose normalised score barely falls with rank
(rank 10 of 40 still scores 0.87) and keeps nearly every document, because multilingual-e5
gives even unrelated Chinese texts a cosine near 0.85. Both raw scores travel with each hit,
so here they are min–max normalised over the candidates and blended (a weighted sum is
the right fusion once scores are normalised), and hits below MIN_RELEVANCE are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.matching.documents import RankedDocument

MIN_RELEVANCE = 0.30  # below this a hit shares neither words nor meaning noticeably more than the rest
LEXICAL_WEIGHT = 0.6  # e5 cosines of Chinese texts are compressed (0.85–0.94): shared terms separate better


def relevance(ranked: Sequence[RankedDocument]) -> dict[int, float]:
    """Document id → relevance in 0..1 (1 = best of the candidates on both signals)."""
    if not ranked:
        return {}
    top_lex = max(r.lexical for r in ranked)
    embedded = [r.dense for r in ranked if r.dense > 0]  # 0 = not embedded yet (the index job has not run)
    low, high = (min(embedded), max(embedded)) if embedded else (0.0, 0.0)
    out = {}
    weight = LEXICAL_WEIGHT if top_lex > 0 else 0.0  # no shared words anywhere: meaning alone decides
    for r in ranked:
        lex = r.lexical / top_lex if top_lex > 0 else 0.0
        dense = 0.0 if r.dense <= 0 else (r.dense - low) / (high - low) if high > low else 1.0
        out[r.id] = round(weight * lex + (1 - weight) * dense, 3)
    return out


def relevant(ranked: Sequence[RankedDocument], *, floor: float = MIN_RELEVANCE) -> list[tuple[RankedDocument, float]]:
    """The hits worth showing, best first, each with its relevance."""
    scores = relevance(ranked)
    kept = [(r, scores[r.id]) for r in ranked if scores[r.id] >= floor]
    return sorted(kept, key=lambda pair: -pair[1])
