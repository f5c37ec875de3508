"""Finding policies: full-text + semantic search with facets, and the policies that apply to a listing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.industries import industries
from techbridge.kernel.regions import PROVINCES
from techbridge.matching.documents import RankedDocument, rank_documents
from techbridge.matching.passages import split_sentences
from techbridge.policies.model import AUDIENCES, DOC_TYPES, Applicability, Policy, applicability
from techbridge.policies.repository import PolicyRepository
from techbridge.policies.service import KIND, as_document
from techbridge.storage.uow import UnitOfWork

PAGE_SIZE = 20
# multilingual-e5 puts any two Chinese policy texts at cosine 0.83–0.89 (measured on the demo
# library); a policy that shares no word with the query (single characters such as 的 or 给 do
# not count) is kept only when its best passage is about as close as the best match's and clearly
# above that band, so a search returns what answers it, not the whole library.
SEMANTIC_MARGIN = 0.03
SEMANTIC_FLOOR = 0.89


@dataclass(frozen=True)
class PolicyQuery:
    q: str = ""
    region: str = ""  # "", a province code, or "jjj" (region-wide only)
    industry: str = ""
    audience: str = ""
    doc_type: str = ""
    page: int = 1


@dataclass
class PolicyHit:
    policy: Policy
    ranked: RankedDocument | None = None
    excerpt: str = ""  # the sentence to show under the title
    terms: tuple[str, ...] = ()  # shared terms worth showing (single characters say nothing)


@dataclass
class PolicySearch:
    items: list[PolicyHit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # name → (value, label, count)


def _matches(p: Policy, query: PolicyQuery, skip: str = "") -> bool:
    if skip != "region" and query.region:
        if query.region == "jjj" and p.region_code:
            return False
        if query.region != "jjj" and p.region_code and p.region_code[:2] != query.region[:2]:
            return False
    if skip != "industry" and query.industry and query.industry not in p.industries:
        return False
    if skip != "audience" and query.audience and query.audience not in p.audiences:
        return False
    return not (skip != "doc_type" and query.doc_type and p.doc_type != query.doc_type)


def _facets(all_policies: list[Policy], query: PolicyQuery) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per facet value, each facet counted under the other facets' filters."""
    def pool(name: str) -> list[Policy]:
        return [p for p in all_policies if _matches(p, query, skip=name)]

    region = Counter("jjj" if not p.region_code else p.region_code[:2] + "0000" for p in pool("region"))
    industry = Counter(c for p in pool("industry") for c in p.industries)
    audience = Counter(a for p in pool("audience") for a in p.audiences)
    doc_type = Counter(p.doc_type for p in pool("doc_type"))
    names = {code: ind.name for code, ind in industries().items()}
    return {
        "region": [(v, "京津冀三地" if v == "jjj" else PROVINCES.get(v, v), region[v]) for v in ("jjj", *PROVINCES)
                   if region[v]],
        "industry": [(c, names.get(c, c), n) for c, n in industry.most_common()],
        "audience": [(a, a, audience[a]) for a in AUDIENCES if audience[a]],
        "doc_type": [(d, d, doc_type[d]) for d in DOC_TYPES if doc_type[d]],
    }


def search(uow: UnitOfWork, embedder: object | None, query: PolicyQuery) -> PolicySearch:
    """Full-text + semantic search with filters; without a query, newest first.

    The query ranks the whole library once; filters then narrow the ranked list, so each
    facet counts the query's matches under the other filters.
    """
    with uow:
        everything = list(uow.repo(PolicyRepository).list())
        ranked: dict[int | None, RankedDocument] = {}
        if query.q.strip():
            if embedder is None:
                raise RuntimeError("semantic search needs the platform's embedder")
            found = rank_documents(uow, embedder, KIND, query.q, [as_document(p) for p in everything], k=200)
            best = max((r.dense for r in found), default=0.0)
            cut = max(best - SEMANTIC_MARGIN, SEMANTIC_FLOOR)
            found = [r for r in found if any(len(t) > 1 for t in r.shared_terms) or r.dense >= cut]
            by_id = {p.id: p for p in everything}
            matched = [by_id[r.id] for r in found]
            ranked = {r.id: r for r in found}
        else:
            matched = sorted(everything, key=lambda p: (p.issued_on or date.min, p.created_at or utcnow()), reverse=True)
    facets = _facets(matched, query)
    hits = [_hit(p, ranked.get(p.id)) for p in matched if _matches(p, query)]
    pages = max(1, -(-len(hits) // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    return PolicySearch(hits[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(hits), page, pages, facets)


def _hit(policy: Policy, ranked: RankedDocument | None) -> PolicyHit:
    terms = tuple(t for t in ranked.shared_terms if len(t) > 1) if ranked else ()
    return PolicyHit(policy, ranked, _excerpt(policy, ranked), terms)


def _excerpt(policy: Policy, ranked: RankedDocument | None) -> str:
    """The sentence that best shows why a policy matched: the engine's best passage, else the
    measure or sentence sharing most query terms, else the summary."""
    if ranked is None:
        return policy.summary
    sentence = ranked.best_sentence.rstrip("；。")
    for m in policy.measures:  # a measure's heading matched: show the measure itself
        if sentence and (sentence == m["title"] or (len(sentence) < 24 and sentence in m["title"])):
            return str(m["text"])
    if len(sentence) >= 12:
        return ranked.best_sentence
    terms = [t for t in ranked.shared_terms if len(t) > 1] or list(ranked.shared_terms)
    candidates = [m["text"] for m in policy.measures] + split_sentences(policy.text)
    best = max(candidates, key=lambda s: sum(s.count(t) for t in terms), default="")
    return best if best and any(t in best for t in terms) else policy.summary


# ---------------------------------------------------------------- policies that apply to a listing


@dataclass(frozen=True)
class ApplicablePolicy:
    policy: Policy
    why: Applicability


def for_listing(uow: UnitOfWork, *, kind: str, listing_id: int, viewer: User | None, limit: int = 5) -> list[ApplicablePolicy]:
    """Policies that apply to a listing by its region, industry chain and organisation type."""
    from techbridge.listings import service as registry

    with uow:
        listing = registry.get_listing(uow, kind=kind, viewer=viewer, listing_id=listing_id)
        org = get_organization(uow, listing.organization_id)
        org_type = org.org_type if org else ""
        found = []
        today = beijing_today()
        for policy in uow.repo(PolicyRepository).list():
            if not policy.in_force(today):
                continue
            why = applicability(policy, region_code=listing.region_code, industry=listing.industry, org_type=org_type)
            if why is not None:
                found.append(ApplicablePolicy(policy, why))
    found.sort(key=lambda a: (a.why.score, a.policy.issued_on or date.min), reverse=True)
    return found[:limit]
