"""Matching 科技金融 both ways: the financing needs that fit a fund, the funds and products that fit a need.

The hard filters of `rules` build the candidate set first (a mask, not a post-filter), the engine ranks only
those candidates by text (`matching.documents.rank_documents`), and the soft factors and the Chinese
explanation a fund manager reads are added on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import Organization, User
from techbridge.evaluation.queries import SharedEvaluation
from techbridge.finance import rules
from techbridge.finance.model import FinancingNeed, Fund
from techbridge.finance.repository import FundRepository, NeedRepository, ProductRepository
from techbridge.finance.service import FUND_KIND, NEED_KIND, PRODUCT_KIND, get_record, shared_evaluation
from techbridge.matching.documents import Document, RankedDocument, rank_documents
from techbridge.matching.relevance import relevance
from techbridge.storage.uow import UnitOfWork


@dataclass
class Explained:
    """One match with the hard filters it passed, its soft factors and its text evidence."""

    record: Any
    org: Organization
    percent: int
    checks: list[rules.Check]
    reasons: list[str]  # soft factors in words
    text: RankedDocument | None = None
    text_relevance: float = 0.0
    evaluation: SharedEvaluation | None = None  # only when the achievement's owner shared it with this financier

    @property
    def summary(self) -> str:
        return self.text.summary if self.text else "投资逻辑与项目描述的文字关联较弱，按阶段、金额、地域与行业推荐"


@dataclass
class NeedMatches:
    need: FinancingNeed
    funds: list[Explained] = field(default_factory=list)
    products: list[Explained] = field(default_factory=list)
    screened_out: int = 0  # published funds and products the hard filters excluded


@dataclass
class FundMatches:
    fund: Fund
    needs: list[Explained] = field(default_factory=list)
    screened_out: int = 0


def _text_scores(uow: UnitOfWork, embedder: Any, kind: str, query: str,
                 docs: Sequence[Document]) -> dict[int, tuple[RankedDocument, float]]:
    if embedder is None or not docs:
        return {}
    ranked = rank_documents(uow, embedder, kind, query, docs, k=len(docs))
    scores = relevance(ranked)
    return {r.id: (r, scores[r.id]) for r in ranked}


def matches_for_need(uow: UnitOfWork, embedder: Any, *, need_id: int, viewer: User | None, k: int = 10) -> NeedMatches:
    """Funds and products that fit a financing need: hard filters, then text relevance, then factors."""
    need, _ = get_record(uow, "need", need_id, viewer=viewer)
    with uow:
        funds = list(uow.repo(FundRepository).published()) if need.wants_equity else []
        products = list(uow.repo(ProductRepository).published()) if need.wants_debt or not need.wants_equity else []
        fund_mask = [f for f in funds if f.organization_id != need.organization_id and rules.fund_passes(f, need)]
        product_mask = [p for p in products if rules.product_passes(p, need)]
        query = need.full_text()
        fund_text = _text_scores(uow, embedder, FUND_KIND, query,
                                 [Document(f.id, f.name, f.full_text()) for f in fund_mask if f.id is not None])
        product_text = _text_scores(uow, embedder, PRODUCT_KIND, query,
                                    [Document(p.id, p.name, p.full_text()) for p in product_mask if p.id is not None])
        orgs = organizations_by_id(uow, {f.organization_id for f in fund_mask} | {p.organization_id for p in product_mask})
        result = NeedMatches(need, screened_out=len(funds) + len(products) - len(fund_mask) - len(product_mask))
        for f in fund_mask:
            ranked, rel = fund_text.get(f.id or 0, (None, 0.0))
            factors = rules.fit_factors(f, need)
            if not rules.worth_showing(factors, len(ranked.shared_terms) if ranked else 0):
                continue
            result.funds.append(Explained(f, orgs[f.organization_id], rules.percent(rules.fit_score(rel, factors)),
                                          rules.fund_checks(f, need), list(factors.reasons), ranked, rel))
        for p in product_mask:
            ranked, rel = product_text.get(p.id or 0, (None, 0.0))
            industry = 1.0 if need.industry in p.industries else 0.6  # (a product for every industry: 0.6)
            score = 0.5 * rel + 0.3 * industry + 0.2 * float(1 - need.amount / (2 * p.limit_max))
            reasons = [f"年化利率 {p.rate_min}%–{p.rate_max}%，期限{p.term_months}个月"]
            result.products.append(Explained(p, orgs[p.organization_id], rules.percent(score),
                                             rules.product_checks(p, need), reasons, ranked, rel))
    result.funds.sort(key=lambda x: (-x.percent, x.record.id))
    result.products.sort(key=lambda x: (-x.percent, x.record.id))
    result.funds, result.products = result.funds[:k], result.products[:k]
    return result


def matches_for_fund(uow: UnitOfWork, embedder: Any, *, fund_id: int, viewer: User | None, k: int = 10) -> FundMatches:
    """Published financing needs that fit a fund's thesis, explained for the fund manager."""
    fund, _ = get_record(uow, "fund", fund_id, viewer=viewer)
    with uow:
        needs = [n for n in uow.repo(NeedRepository).published() if n.wants_equity]
        mask = [n for n in needs if n.organization_id != fund.organization_id and rules.fund_passes(fund, n)]
        text = _text_scores(uow, embedder, NEED_KIND, fund.full_text(),
                            [Document(n.id, n.title, n.full_text()) for n in mask if n.id is not None])
        orgs = organizations_by_id(uow, {n.organization_id for n in mask})
        result = FundMatches(fund, screened_out=len(needs) - len(mask))
        for n in mask:
            ranked, rel = text.get(n.id or 0, (None, 0.0))
            factors = rules.fit_factors(fund, n)
            if not rules.worth_showing(factors, len(ranked.shared_terms) if ranked else 0):
                continue
            shared = shared_evaluation(uow, n, fund.organization_id)
            score, reasons = rules.fit_score(rel, factors), list(factors.reasons)
            if shared is not None:  # used only with the owner's consent to this financier
                score += rules.evaluation_bonus(shared.total)
                reasons.append(f"关联成果经第三方评价综合得分{shared.total}分（{shared.grade}），成果方已授权贵机构查看")
            result.needs.append(Explained(n, orgs[n.organization_id], rules.percent(score),
                                          rules.fund_checks(fund, n), reasons, ranked, rel, shared))
    result.needs.sort(key=lambda x: (-x.percent, x.record.id))
    result.needs = result.needs[:k]
    return result


