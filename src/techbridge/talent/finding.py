"""找专家: rank the experts whose expertise and record fit a demand, an achievement or a question.

Relevance of the text comes from the matching engine's parts (`rank_documents`: BM25 over the
domain segmenter fused with dense similarity); structured factors then add field, region,
track record and credential, each with its contribution and a reason a person can check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from techbridge.accounts.model import User
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import industry_name
from techbridge.kernel.regions import PROVINCES, regions
from techbridge.listings import service as registry
from techbridge.matching.documents import Document, RankedDocument, rank_documents
from techbridge.matching.relevance import MIN_RELEVANCE, relevance
from techbridge.matching.types import FactorContribution
from techbridge.storage.uow import UnitOfWork
from techbridge.talent.model import CredentialStatus, Expert, ExpertKind, TrackRecord
from techbridge.talent.repository import ExpertRepository
from techbridge.talent.service import KIND, track_records

# Text relevance carries most of the weight; the factors re-order experts of similar relevance.
TEXT_WEIGHT = 0.60
FIELD_BONUS = 0.15
REGION_BONUS = {"city": 0.08, "province": 0.05, "jjj": 0.03}
RECORD_MAX = 0.12
CREDENTIAL_BONUS, CREDENTIAL_EXPIRED = 0.05, -0.10
FIELD_FLOOR = 0.15  # the text relevance an expert of the subject's field still needs
OTHER_FIELD_FLOOR = 0.55  # … and an expert of another field (strong evidence only)


@dataclass(frozen=True)
class ExpertHit:
    expert: Expert
    score: float
    text: RankedDocument
    relevance: float  # of the text, 0..1 (services/service_ranking.py)
    factors: tuple[FactorContribution, ...]
    track: TrackRecord
    credential: CredentialStatus


@dataclass
class ExpertFinding:
    subject_kind: str  # demand | achievement | text
    subject_id: int | None
    subject_title: str
    industry: str | None
    region_code: str | None
    hits: list[ExpertHit]


def find_for_listing(uow: UnitOfWork, embedder: Any, *, kind: str, listing_id: int, viewer: User | None, k: int = 10,
                     today: date | None = None) -> ExpertFinding:
    """Experts for a demand or an achievement the viewer may see."""
    with uow:
        listing = registry.get_listing(uow, kind=kind, viewer=viewer, listing_id=listing_id)
        hits = _rank(uow, embedder, listing.full_text(), listing.industry, listing.region_code, k, today)
        return ExpertFinding(kind, listing_id, listing.title, listing.industry, listing.region_code, hits)


def find_for_text(uow: UnitOfWork, embedder: Any, text: str, *, industry: str | None = None,
                  region_code: str | None = None, k: int = 10, today: date | None = None) -> ExpertFinding:
    """Experts for a question written in one's own words ("需要懂储氢瓶检测的人")."""
    with uow:
        hits = _rank(uow, embedder, text, industry or None, region_code or None, k, today)
        return ExpertFinding("text", None, text[:60], industry or None, region_code or None, hits)


def _rank(uow: UnitOfWork, embedder: Any, text: str, industry: str | None, region_code: str | None, k: int,
          today: date | None) -> list[ExpertHit]:
    today = today or beijing_today()
    experts = {e.id: e for e in uow.repo(ExpertRepository).list(uow.repo(ExpertRepository).table.c.is_listed.is_(True)) if e.id is not None}
    docs = [Document(i, e.name, e.full_text()) for i, e in experts.items()]
    ranked = rank_documents(uow, embedder, KIND, text, docs, k=len(docs))
    # An expert of the subject's field stays in view on a weaker text match, one of another
    # field needs strong text evidence: no factor can carry an expert whose work is unrelated.
    scores = relevance(ranked)
    kept = [r for r in ranked if scores[r.id] >= _floor(experts[r.id], industry)]
    tracks = track_records(uow, [experts[r.id] for r in kept])
    hits = []
    for r in kept:
        expert = experts[r.id]
        track = tracks.get(r.id, TrackRecord())
        factors = expert_factors(expert, industry=industry, region_code=region_code, track=track, today=today)
        score = TEXT_WEIGHT * scores[r.id] + sum(f.value for f in factors)
        hits.append(ExpertHit(expert, round(score, 3), r, scores[r.id], factors, track, expert.credential_status(today)))
    hits.sort(key=lambda h: -h.score)
    return hits[:k]


def _floor(expert: Expert, industry: str | None) -> float:
    if industry is None:
        return MIN_RELEVANCE
    return FIELD_FLOOR if industry in expert.fields else OTHER_FIELD_FLOOR


def expert_factors(expert: Expert, *, industry: str | None, region_code: str | None, track: TrackRecord,
                   today: date) -> tuple[FactorContribution, ...]:
    """The structured factors of one expert for one subject (pure; each with its reason)."""
    factors = []
    if industry:
        factors.append(field_factor(expert, industry))
    if region_code:
        factors.append(region_factor(expert.region_code, region_code, certified=bool(expert.recognised_in())))
    factors.append(record_factor(track))
    factors.append(credential_factor(expert, today))
    return tuple(factors)


def field_factor(expert: Expert, industry: str) -> FactorContribution:
    name = industry_name(industry)
    if industry in expert.fields:
        return FactorContribution("field", FIELD_BONUS, f"专业领域包含“{name}”")
    return FactorContribution("field", 0.0, f"专业领域不含“{name}”")


def region_factor(expert_region: str, subject_region: str, *, certified: bool = False) -> FactorContribution:
    table = regions()
    try:
        mine, theirs = table.get(expert_region), table.get(subject_region)
    except ValidationError:  # an unknown stored code must not break ranking
        return FactorContribution("region", 0.0, "地区未知")
    if table.city_of(mine.code).code == table.city_of(theirs.code).code:
        return FactorContribution("region", REGION_BONUS["city"], f"同在{table.short_label(theirs.code)}，便于现场服务")
    if mine.province_code == theirs.province_code:
        return FactorContribution("region", REGION_BONUS["province"], f"同在{PROVINCES.get(mine.province_code, mine.province)}")
    if mine.in_jjj and theirs.in_jjj:
        note = "京津冀证书互认" if certified else "京津冀协同"
        return FactorContribution("region", REGION_BONUS["jjj"], f"{mine.province}→{theirs.province}跨区域服务（{note}）")
    return FactorContribution("region", 0.0, "不在京津冀区域")


def record_factor(track: TrackRecord) -> FactorContribution:
    if not track.has_history:
        return FactorContribution("record", 0.0, "暂无平台对接记录")
    value = min(RECORD_MAX, 0.02 + 0.02 * min(track.signed, 5))
    reason = f"在平台负责对接 {track.engagements} 项，签约 {track.signed} 项"
    if track.contract_count:
        reason += f"，技术合同额 {track.contract_amount:,.2f} 万元"
    return FactorContribution("record", round(value, 3), reason)


def credential_factor(expert: Expert, today: date) -> FactorContribution:
    status = expert.credential_status(today)
    if status == CredentialStatus.NONE:
        note = "专家（无需技术经理人证书）" if expert.kind == ExpertKind.EXPERT else "未登记证书"
        return FactorContribution("credential", 0.0, note)
    issuer = PROVINCES.get(expert.credential_region or "", "")
    if status == CredentialStatus.EXPIRED:
        until = expert.credential_valid_until
        return FactorContribution("credential", CREDENTIAL_EXPIRED,
                                  f"{issuer}颁发的证书已于 {until:%Y-%m-%d} 过期，续期前不宜委托" if until else "证书已过期")
    return FactorContribution("credential", CREDENTIAL_BONUS,
                              f"{issuer}颁发的{expert.credential_level or ''}技术经理人证书有效，京津冀互认")


FACTOR_LABELS = {"field": "领域匹配", "region": "地域", "record": "对接业绩", "credential": "资质"}
