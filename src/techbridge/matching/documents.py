"""Ranking the platform's other collections — experts, instruments, policies — with the engine's parts.

A collection registers a loader (kind → documents) at bootstrap. Its passage embeddings are
computed by the indexing job and stored beside the listings' (table `listing_embeddings`,
keyed by kind and id, with the model id and a hash of the text); a query embeds only itself.
Ranking is BM25 over the domain segmenter fused (reciprocal rank) with dense similarity of
the best passage, and every result carries its shared terms and best-matching sentence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from techbridge.kernel.snippets import excerpt
from techbridge.matching.fusion import reciprocal_rank_fusion, top_slots
from techbridge.matching.lexical import LexicalIndex, query_weights
from techbridge.matching.passages import split_sentences
from techbridge.matching.repository import EmbeddingRepository
from techbridge.matching.segment import default_segmenter
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Document:
    id: int
    title: str
    text: str  # normalised text to rank on (title and body)

    def text_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def passages(self) -> list[str]:
        return split_sentences(self.text)[:40] or [self.title]


@dataclass(frozen=True)
class RankedDocument:
    id: int
    score: float  # fused relevance, 0..1 (1 = top of both lists)
    lexical: float
    dense: float
    shared_terms: tuple[str, ...]
    best_sentence: str
    query_sentence: str
    summary: str


Loader = Callable[[UnitOfWork], list[Document]]


@dataclass
class DocumentSources:
    """The collections known to the indexing job and to `rank_documents`."""

    loaders: dict[str, Loader] = field(default_factory=dict)

    def register(self, kind: str, loader: Loader) -> None:
        self.loaders[kind] = loader


def rank_documents(
    uow: UnitOfWork, embedder: object, kind: str, query: str, documents: Sequence[Document], *, k: int = 10,
    min_score: float = 0.0,
) -> list[RankedDocument]:
    """Rank `documents` (of one kind) for a free-text query; best first, explained."""
    if not documents or not query.strip():
        return []
    segmenter = default_segmenter()
    q_tokens = segmenter.tokens(query)
    lexical = LexicalIndex.build([segmenter.tokens(d.text) for d in documents], k1=1.2, b=0.75)
    weights = query_weights(q_tokens)
    lex = lexical.scores(weights).astype(np.float64)
    vectors = stored_vectors(uow, kind, documents, model_id=getattr(embedder, "model_id", ""))
    q_sentences = split_sentences(query)[:12] or [query]
    q_vecs = np.asarray(embedder.embed_queries(q_sentences), dtype=np.float32)  # type: ignore[attr-defined]
    dense = np.zeros(len(documents))
    best: list[tuple[str, str]] = [("", "")] * len(documents)
    for i, doc in enumerate(documents):
        mat = vectors.get(doc.id)
        if mat is None:
            continue
        sims = mat.astype(np.float32) @ q_vecs.T  # passages × query sentences
        p, s = np.unravel_index(int(np.argmax(sims)), sims.shape)
        dense[i] = float(sims[p, s])
        passages = doc.passages()
        best[i] = (passages[p] if p < len(passages) else doc.title, q_sentences[s])
    fused = reciprocal_rank_fusion([lex, dense], depth=len(documents))
    top = top_slots(fused, k)
    ceiling = 2.0 / 61.0  # rank 1 in both lists
    results = []
    for slot in top:
        score = float(fused[slot]) / ceiling
        if score < min_score or (lex[slot] <= 0 and dense[slot] < 0.80):
            continue
        terms = tuple(sorted(lexical.term_weights(int(slot), list(weights)), key=lambda t: -weights[t])[:8])
        sentence, q_sentence = best[slot]
        summary = "共同要点：" + "、".join(terms[:5]) if terms else "语义相近"
        if sentence:
            summary += f"；最相关描述：{excerpt(sentence, 41)}"
        results.append(RankedDocument(documents[slot].id, round(score, 3), float(lex[slot]), round(float(dense[slot]), 3),
                                      terms, sentence, q_sentence, summary))
    return results


def stored_vectors(uow: UnitOfWork, kind: str, documents: Sequence[Document], *, model_id: str) -> dict[int, np.ndarray]:
    """Passage matrices of the documents whose stored embedding matches their current text."""
    hashes = {d.id: d.text_hash() for d in documents}
    stored = uow.repo(EmbeddingRepository).load(kind, list(hashes), model_id=model_id)
    return {i: m for i, (h, m) in stored.items() if hashes[i] == h}


def embed_documents(uow: UnitOfWork, embedder: object, kind: str, documents: Sequence[Document]) -> int:
    """Compute and store embeddings for documents whose text or model changed; returns how many."""
    from techbridge.kernel.clock import utcnow

    model_id = getattr(embedder, "model_id", "")
    current = stored_vectors(uow, kind, documents, model_id=model_id)
    todo = [d for d in documents if d.id not in current]
    for doc in todo:
        matrix = np.asarray(embedder.embed_passages(doc.passages()), dtype=np.float32)  # type: ignore[attr-defined]
        uow.repo(EmbeddingRepository).save(kind, doc.id, model_id=model_id, text_hash=doc.text_hash(), matrix=matrix, now=utcnow())
    return len(todo)


def forget_vectors(uow: UnitOfWork, kind: str, document_id: int) -> None:
    """Drop a document's stored vectors (it was deleted or withdrawn)."""
    uow.repo(EmbeddingRepository).remove(kind, document_id)
