"""Explanations as data: shared terms, the best sentence pair, factor contributions, a summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from techbridge.kernel.snippets import excerpt

from .segment import char_bigrams
from .types import FactorContribution, SentencePair, SharedTerm

# Province-level names for the summary when the caller gives no region table (GB/T 2260).
_PROVINCES = {"11": "北京", "12": "天津", "13": "河北"}
_SNIPPET = 40


def shared_terms(
    query_words: Sequence[str],
    hit_text: str,
    weight_of: Callable[[str], float],
    limit: int,
) -> tuple[SharedTerm, ...]:
    """Query words (len ≥ 2) that occur in the hit, heaviest first, without nested repeats."""
    lowered = hit_text.lower()
    found: dict[str, float] = {}
    for word in dict.fromkeys(query_words):
        if len(word) >= 2 and word in lowered:
            found[word] = weight_of(word)
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[SharedTerm] = []
    for word, weight in ranked:
        # "复合材料" already says "材料"; showing both wastes the reader's attention.
        if weight > 0 and not any(word in c.term or c.term in word for c in chosen):
            chosen.append(SharedTerm(word, round(float(weight), 4)))
        if len(chosen) == limit:
            break
    return tuple(chosen)


def best_pair_dense(
    query_sentences: Sequence[str],
    query_vectors: np.ndarray,
    hit_sentences: Sequence[str],
    hit_vectors: np.ndarray,
) -> SentencePair | None:
    """The most similar (query sentence, hit sentence) by cosine of their embeddings."""
    if not len(query_sentences) or not len(hit_sentences):
        return None
    sims = np.asarray(query_vectors) @ np.asarray(hit_vectors).T
    i, j = (int(x) for x in np.unravel_index(int(np.argmax(sims)), sims.shape))
    return SentencePair(query_sentences[i], hit_sentences[j], round(float(sims[i, j]), 4))


def best_pair_lexical(query_sentences: Sequence[str], hit_sentences: Sequence[str]) -> SentencePair | None:
    """Fallback without sentence vectors: the pair sharing most character bigrams (Dice)."""
    best: tuple[float, int, int] = (0.0, -1, -1)
    hit_sets = [set(char_bigrams(h)) for h in hit_sentences]
    for i, q in enumerate(query_sentences):
        qs = set(char_bigrams(q))
        for j, hs in enumerate(hit_sets):
            if qs and hs:
                dice = 2 * len(qs & hs) / (len(qs) + len(hs))
                if dice > best[0]:
                    best = (dice, i, j)
    if best[1] < 0:
        return None
    return SentencePair(query_sentences[best[1]], hit_sentences[best[2]], round(best[0], 4))


def region_label(code: str | None, names: Mapping[str, str]) -> str:
    """A short place name for a GB/T 2260 code: the caller's table, else the province."""
    if not code:
        return ""
    return names.get(code) or names.get(code[:4] + "00") or _PROVINCES.get(code[:2], code)


def summary(
    terms: Sequence[SharedTerm],
    pair: SentencePair | None,
    factors: Sequence[FactorContribution],
    flow: tuple[str, str] | None,
) -> str:
    """One readable Chinese line, e.g. 共同技术要点：储氢、复合材料；最相关描述：…；北京→唐山 京津冀协同."""
    parts: list[str] = []
    if terms:
        parts.append("共同技术要点：" + "、".join(t.term for t in terms))
    if pair is not None:
        text = pair.hit_sentence.strip().rstrip("。；;，,.、")  # the summary adds its own separators
        parts.append("最相关描述：" + excerpt(text, _SNIPPET + 1))
    for f in factors:
        if f.name == "region" and flow is not None and f.value > 0:
            parts.append(f"{flow[0]}→{flow[1]} {f.reason}")
        elif f.value != 0 and f.name != "region":
            parts.append(f.reason)
    return "；".join(parts) if parts else "文本相关"
