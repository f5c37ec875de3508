"""Value types passed into and out of the matching engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ACHIEVEMENT = "achievement"
DEMAND = "demand"


@dataclass(frozen=True)
class Listing:
    """One achievement or demand as the engine sees it; the service layer builds these."""

    id: str  # "A123" / "D45" (kind prefix + db id) or a corpus id
    kind: str  # "achievement" | "demand"
    title: str
    text: str  # normalised full text to index (title + body fields)
    industry: str | None = None  # industry code
    trl: int | None = None  # achievement TRL, or demand's expected TRL
    region_code: str | None = None  # GB/T 2260 6-digit code
    price_wan: Decimal | None = None  # asking price (achievement) or budget (demand)
    published_on: date | None = None
    visibility: str = "public"  # "public" | "brokers_only"
    org_id: int | None = None


@dataclass(frozen=True)
class OutcomeStats:
    """Past engagement outcomes of a listing; the default is neutral (no history)."""

    recommended: int = 0
    interested: int = 0
    signed: int = 0
    closed_for_fit: int = 0
    quick_responses: int = 0  # the owner answered the other side's interest within a few days
    unanswered: int = 0  # the other side's interest went unanswered for weeks


@dataclass(frozen=True)
class SharedTerm:
    """A query term found in the hit, with its BM25 weight in the hit."""

    term: str
    weight: float


@dataclass(frozen=True)
class SentencePair:
    """The best-matching sentence of the query and of the hit, with their cosine similarity."""

    query_sentence: str
    hit_sentence: str
    similarity: float


@dataclass(frozen=True)
class FactorContribution:
    """One structured factor's additive contribution to the final score, with a reason."""

    name: str
    value: float
    reason: str


@dataclass(frozen=True)
class Explanation:
    """Why a hit was ranked where it was, as data for the API and the pages."""

    relevance: float
    lexical: float
    shared_terms: tuple[SharedTerm, ...]
    dense: float
    best_pair: SentencePair | None
    factors: tuple[FactorContribution, ...]
    summary: str


@dataclass(frozen=True)
class MatchHit:
    """One ranked counterpart of a query listing."""

    listing_id: str
    score: float
    rank: int
    explanation: Explanation = field(compare=False)
