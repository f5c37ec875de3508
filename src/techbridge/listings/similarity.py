"""Near-duplicate titles: character-bigram Jaccard similarity within the same organisation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

THRESHOLD = 0.75
_COMMON_BIGRAM_CAP = 300  # bigrams shared by more titles than this ("技术") decide nothing


def bigrams(title: str) -> set[str]:
    text = re.sub(r"[\W_]+", "", title.lower())
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


Item = tuple[str, str, str]  # (id, group, title)


def near_duplicate_pairs(items: Iterable[Item], threshold: float = THRESHOLD) -> list[tuple[Item, Item]]:
    """Pairs (earlier, later) of items in the same group whose titles are at least `threshold` similar."""
    items = list(items)
    grams = [bigrams(title) for _, _, title in items]
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, group, _) in enumerate(items):
        for gram in grams[i]:
            postings[(group, gram)].append(i)
    pairs = []
    for i, (_, group, _) in enumerate(items):
        shared: dict[int, int] = defaultdict(int)
        for gram in grams[i]:
            posting = postings[(group, gram)]
            if len(posting) > _COMMON_BIGRAM_CAP:
                continue
            for j in posting:
                if j < i:
                    shared[j] += 1
        for j, count in shared.items():
            union = len(grams[i]) + len(grams[j]) - count
            if union and count / union >= threshold:
                pairs.append((items[i], items[j]))
    return pairs
