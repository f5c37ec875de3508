"""The 产业链图谱 rules: which segment of a chain a listing offers or needs, and where the gaps are.

A listing is placed in the segments of its own chain whose keywords its text contains. The
keywords of `data/chain_segments.csv` are terms of the segmenter's dictionary, so a plain
containment test after folding case and width finds the same terms the matcher tokenises.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from techbridge.kernel.industries import ChainSegment, chain_segments

POSITIONS = ("上游", "中游", "下游")


def segment_key(segment: ChainSegment) -> str:
    """A stable key for a segment: "hydrogen:制氢"."""
    return f"{segment.industry_code}:{segment.segment}"


@cache
def segments_by_key() -> dict[str, ChainSegment]:
    return {segment_key(s): s for s in chain_segments()}


@cache
def _keywords_of(industry: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((segment_key(s), tuple(_fold(k) for k in s.keywords if k)) for s in chain_segments()
                 if s.industry_code == industry)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def segments_for(industry: str, text: str) -> list[str]:
    """Keys of the segments of `industry` whose keywords occur in `text`, in table order."""
    folded = _fold(text)
    return [key for key, words in _keywords_of(industry) if any(w in folded for w in words)]


@dataclass(frozen=True)
class Gap:
    code: str  # supply_short | demand_short | balanced | empty
    label: str
    advice: str


GAPS = {
    "supply_short": Gap("supply_short", "需求多、成果少", "重点征集该环节的科技成果"),
    "demand_short": Gap("demand_short", "成果多、需求少", "重点对接该环节的津冀企业"),
    "balanced": Gap("balanced", "供需相当", ""),
    "empty": Gap("empty", "暂无供需", ""),
}


def gap(supply: int, demand: int) -> Gap:
    """Classify a segment: a side counts as strong when it has at least 2 and at least twice the other."""
    if supply == 0 and demand == 0:
        return GAPS["empty"]
    if demand >= max(2, 2 * supply):
        return GAPS["supply_short"]
    if supply >= max(2, 2 * demand):
        return GAPS["demand_short"]
    return GAPS["balanced"]
