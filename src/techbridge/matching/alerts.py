"""Which strong matches an owner has already been told about, so each pair is announced once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from techbridge.matching.repository import MatchAlertRepository
from techbridge.storage.uow import UnitOfWork


def announced(uow: UnitOfWork, kind: str, listing_id: int) -> set[int]:
    """Counterpart ids already announced to the owner of this listing."""
    return uow.repo(MatchAlertRepository).known(kind, listing_id)


def record_announcement(uow: UnitOfWork, kind: str, listing_id: int, counterpart_id: int, score: float,
                        at: datetime) -> None:
    uow.repo(MatchAlertRepository).add(kind, listing_id, counterpart_id, score, at)


@dataclass(frozen=True)
class StrongMatch:
    """A counterpart above the alert threshold, as plain data (it travels between processes)."""

    kind: str  # the counterpart's kind
    listing_id: int
    percent: int
    score: float
    summary: str


ListingRef = tuple[str, int]  # (kind, listing id)
FindStrong = Callable[[Sequence[ListingRef], int, int], dict[ListingRef, list[StrongMatch]]]


def strong_matches(platform: Any, refs: Sequence[ListingRef], k: int, threshold: int) -> dict[ListingRef, list[StrongMatch]]:
    """Each listing's counterparts with a 匹配度 of at least the threshold (in this process)."""
    found: dict[ListingRef, list[StrongMatch]] = {}
    for kind, listing_id in refs:
        result = platform.matching.recommend(kind=kind, listing_id=listing_id, viewer=None, k=k)
        found[(kind, listing_id)] = [
            StrongMatch(m.listing.kind, m.listing.id, m.percent, m.hit.score, m.hit.explanation.summary)
            for m in result.hits if m.percent >= threshold and m.listing.id is not None]
    return found
