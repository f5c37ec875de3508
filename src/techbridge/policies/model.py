"""Policies (政策服务): a policy document or news item, its tags, and which listings it applies to.

The text is kept twice: exactly as submitted (`original_text`) and as cleaned by
`text.normalize.clean_document` (`text`); the extraction functions that fill title, issuer,
date, region and measures live in `domain/policy_text.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.regions import regions

DOC_TYPES = ("政策文件", "政策要点", "政策解读", "新闻资讯", "研究文章")
# What can be a listing's 适用政策: the documents themselves (or their digests), never the news,
# interpretations or studies that report on them.
POLICY_TYPES = ("政策文件", "政策要点")

# Who a policy speaks to, and the words that say so. The keys are what the library shows;
# AUDIENCE_ORG_TYPES links each to the organisation types of domain/model.py (OrgType).
AUDIENCE_TERMS: dict[str, tuple[str, ...]] = {
    "高校": ("高校", "大学", "院校"),
    "科研院所": ("院所", "科研院所", "科研机构", "研究院", "国家实验室", "重点实验室", "新型研发机构"),
    "企业": ("企业", "中小微", "专精特新"),
    "医院": ("医院", "医疗机构"),
    "技术转移机构": ("技术转移机构", "技术经理人", "技术转移人才", "转移转化服务机构"),
    "园区": ("园区", "孵化器", "加速器", "众创空间", "科技城"),
}
AUDIENCE_ORG_TYPES: dict[str, frozenset[str]] = {
    "高校": frozenset({"高校"}),
    "科研院所": frozenset({"科研院所", "新型研发机构"}),
    "企业": frozenset({"企业", "合作社"}),
    "医院": frozenset({"医院"}),
    "技术转移机构": frozenset({"技术转移机构"}),
    "园区": frozenset({"园区运营"}),
}
AUDIENCES = tuple(AUDIENCE_TERMS)


@dataclass(eq=False)
class Policy:
    title: str
    text: str  # cleaned (Simplified, no pinyin, no spam/navigation lines)
    original_text: str  # exactly as submitted
    issuer: str = ""  # 发文机关 / 发布单位
    issued_on: date | None = None  # 成文 / 发布日期
    doc_number: str = ""  # 发文字号, e.g. 京科发〔2025〕18号
    effective_on: date | None = None  # 施行日期
    valid_until: date | None = None  # 有效期至 (None: not stated)
    region_code: str | None = None  # GB/T 2260; None = all of 京津冀 (joint or national)
    doc_type: str = "新闻资讯"
    source: str = ""  # where it was published (官网, 报纸), or the file it came from
    url: str = ""
    summary: str = ""
    measures: list[dict[str, Any]] = field(default_factory=list)  # Measure.as_dict()
    industries: list[str] = field(default_factory=list)  # industry codes
    audiences: list[str] = field(default_factory=list)  # AUDIENCES
    dropped: list[dict[str, str]] = field(default_factory=list)  # {"line", "reason"} removed at cleaning
    file_name: str = ""
    file_type: str = ""  # txt | html | docx | pdf | paste | record
    content_hash: str = ""
    origin: str = "upload"  # upload | paste | demo | seed | import
    external_id: str | None = None
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def region_label(self) -> str:
        return region_label(self.region_code)

    @property
    def is_policy(self) -> bool:
        return self.doc_type in POLICY_TYPES

    def in_force(self, today: date) -> bool:
        """Not yet expired (a policy without a stated validity is taken as in force)."""
        return self.valid_until is None or self.valid_until >= today


@dataclass(frozen=True)
class Measure:
    """One measure (举措) as an item: a short heading, the full text, its section and any targets."""

    title: str
    text: str
    section: str = ""
    targets: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text, "section": self.section, "targets": list(self.targets)}


def content_hash(text: str) -> str:
    """Identity of a cleaned text: the same document ingested twice is recognised."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def region_label(code: str | None) -> str:
    return "京津冀三地" if not code else regions().full_name(code)


def check_tags(industry_codes: list[str], audiences: list[str], doc_type: str) -> None:
    """Tags must come from the reference lists (codes, not free text)."""
    known = industries()
    bad = [c for c in industry_codes if c not in known]
    if bad:
        raise ValidationError(f"未知的产业链代码“{bad[0]}”", field="industries", code="unknown_industry")
    wrong = [a for a in audiences if a not in AUDIENCE_TERMS]
    if wrong:
        raise ValidationError(f"未知的适用对象“{wrong[0]}”，可选：{'、'.join(AUDIENCES)}", field="audiences",
                              code="unknown_audience")
    if doc_type not in DOC_TYPES:
        raise ValidationError(f"未知的文档类型“{doc_type}”，可选：{'、'.join(DOC_TYPES)}", field="doc_type",
                              code="unknown_doc_type")


# ---------------------------------------------------------------- which policies apply to a listing


@dataclass(frozen=True)
class Applicability:
    """Why a policy applies to a listing: each matched factor with its weight, as data."""

    score: float
    reasons: tuple[str, ...]


def region_covers(policy_code: str | None, listing_code: str) -> bool:
    """A policy of a province covers its cities and districts; a city's covers its districts."""
    if not policy_code:
        return True
    if policy_code.endswith("0000"):
        return listing_code[:2] == policy_code[:2]
    if policy_code.endswith("00"):
        return listing_code[:4] == policy_code[:4]
    return listing_code == policy_code


def applicability(policy: Policy, *, region_code: str, industry: str, org_type: str) -> Applicability | None:
    """Whether and why `policy` applies to a listing of this region, chain and organisation type.

    Region is a hard condition; then the policy must speak to the listing's industry chain
    or to its kind of organisation. A policy of the listing's own province ranks above a
    region-wide one, which the three governments issue for everybody.
    """
    if not policy.is_policy or not region_covers(policy.region_code, region_code):
        return None
    score, reasons = 0.0, []
    if industry and industry in policy.industries:
        score += 2.0
        reasons.append(f"涉及产业链：{industry_name(industry)}")
    matched = [a for a in policy.audiences if org_type in AUDIENCE_ORG_TYPES.get(a, frozenset())]
    if matched:
        score += 1.0
        reasons.append(f"适用对象：{'、'.join(matched)}")
    if score == 0:
        return None
    if not policy.industries:
        score += 0.5  # a measure for every chain applies to this one too
        reasons.append("不限产业领域")
    if policy.region_code:
        score += 1.0
        reasons.append(f"适用地区：{region_label(policy.region_code)}")
    else:
        reasons.append("京津冀三地适用")
    return Applicability(score, tuple(reasons))
