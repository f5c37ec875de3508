"""Use cases of the policy library (政策服务): ingest, read, correct and remove policies.

Ingest goes through `clean_document` (Traditional → Simplified, pinyin glosses, spam and
navigation lines) and keeps the original text beside the cleaned one, with every dropped
line and its reason. Searching is in `services/policy_search.py`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError

from techbridge.accounts.model import Role, User
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.snippets import join_sentences
from techbridge.kernel.text import clean_document, normalize_text
from techbridge.matching.documents import Document, embed_documents, forget_vectors
from techbridge.policies import extraction as extract
from techbridge.policies import notice
from techbridge.policies.files import read_policy_file
from techbridge.policies.model import Policy, check_tags, content_hash
from techbridge.policies.repository import PolicyRepository
from techbridge.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

KIND = "policy"
MIN_TEXT = 30
REGION_WIDE = ("jjj", "京津冀", "京津冀三地")
TRUSTED_ORIGINS = ("demo", "seed", "import")  # the demo loader and the operator's command line, not the web


@dataclass(frozen=True)
class IngestResult:
    policy_id: int
    title: str
    dropped: dict[str, int]  # reason → lines removed
    measures: int
    existing: bool = False  # the same text was already in the library


def _check_admin(actor: User | None) -> None:
    if actor is None or actor.role != Role.ADMIN:
        raise PermissionDenied("只有管理方可以收录和修改政策")


_DATE_LABELS = {"issued_on": "发布日期", "effective_on": "施行日期", "valid_until": "有效期至"}


def _parse_date(value: str, field: str = "issued_on") -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value.replace("/", "-").replace(".", "-"))
    except ValueError:
        raise ValidationError(f"{_DATE_LABELS[field]}“{value}”格式应为 2025-05-12", field=field,
                              code="date_format") from None


def _parse_region(value: str) -> str | None:
    value = (value or "").strip()
    return None if value in REGION_WIDE else resolve_region(value)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).replace("，", ",").replace("、", ",").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def prepare(raw_text: str, overrides: Mapping[str, Any] | None = None) -> Policy:
    """Clean a text and read its fields; any field given in `overrides` wins over extraction."""
    over = {k: v for k, v in (overrides or {}).items() if v not in (None, "", [])}
    cleaned = clean_document(raw_text)
    if len(cleaned.text) < MIN_TEXT:
        reason = "清洗后几乎没有正文（可能全是广告或导航）" if cleaned.dropped else "正文太短"
        raise ValidationError(f"{reason}：政策正文至少 {MIN_TEXT} 个字", field="text", code="no_content")
    lines = cleaned.lines
    title = normalize_text(str(over.get("title", ""))) or extract.extract_title(lines)
    signed = notice.signature(lines)
    issuer = normalize_text(str(over.get("issuer", ""))) or notice.issuer_of_notice(lines, title) \
        or extract.extract_issuer(lines)
    issued_on = _parse_date(str(over["issued_on"])) if "issued_on" in over else (
        signed[1] if signed else extract.extract_date(lines))
    number = normalize_text(str(over.get("doc_number", ""))) or notice.doc_number(lines)
    effective_on = _parse_date(str(over["effective_on"]), "effective_on") if "effective_on" in over \
        else notice.effective_on(cleaned.text, issued_on)
    valid_until = _parse_date(str(over["valid_until"]), "valid_until") if "valid_until" in over \
        else notice.valid_until(cleaned.text, effective_on or issued_on)
    region = _parse_region(str(over["region"])) if "region" in over else extract.extract_region(issuer, title)
    measures = [m.as_dict() for m in extract.extract_measures(lines)]
    codes = [resolve_industry(v, field="industries") for v in _list(over["industries"])] if "industries" in over \
        else extract.extract_industries(cleaned.text)
    audiences = _list(over["audiences"]) if "audiences" in over else extract.extract_audiences(cleaned.text)
    doc_type = str(over.get("doc_type") or extract.classify(title, cleaned.text, doc_number=number))
    check_tags(codes, audiences, doc_type)
    url = str(over.get("url", "")).strip()
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError("原文链接应以 http:// 或 https:// 开头", field="url", code="url_format")
    if len(title) > 200:
        raise ValidationError("标题不能超过200个字", field="title", code="too_long")
    return Policy(
        title=title, text=cleaned.text, original_text=raw_text, issuer=issuer[:200], issued_on=issued_on,
        doc_number=number[:64], effective_on=effective_on, valid_until=valid_until,
        region_code=region, doc_type=doc_type, source=normalize_text(str(over.get("source", "")))[:200], url=url,
        summary=str(over.get("summary") or extract.summarize(lines, title)), measures=measures, industries=codes,
        audiences=audiences, dropped=[{"line": d.line, "reason": d.reason} for d in cleaned.dropped],
        content_hash=content_hash(cleaned.text),
    )


def ingest_text(uow: UnitOfWork, embedder: object | None, *, actor: User | None, text: str,
                overrides: Mapping[str, Any] | None = None, file_name: str = "", file_type: str = "paste",
                origin: str = "paste", external_id: str | None = None, allow_existing: bool = False) -> IngestResult:
    """Clean, extract and store one policy; a text already in the library is refused (or returned)."""
    if origin not in TRUSTED_ORIGINS:
        _check_admin(actor)
    policy = prepare(text, overrides)
    with uow:
        existing = uow.repo(PolicyRepository).by_hash(policy.content_hash)
        if existing is not None:
            if not allow_existing:
                raise Conflict(f"这份文本已收录过：《{existing.title}》", code="duplicate_policy")
            assert existing.id is not None
            return IngestResult(existing.id, existing.title, _dropped_counts(existing), len(existing.measures), True)
        now = utcnow()
        policy.file_name, policy.file_type, policy.origin, policy.external_id = file_name[:255], file_type, origin, external_id
        policy.created_by, policy.created_at, policy.updated_at = actor.id if actor else None, now, now
        uow.repo(PolicyRepository).add(policy)
        try:
            uow.commit()
        except IntegrityError:  # the same text ingested at the same moment by someone else
            raise Conflict("这份文本刚刚已被收录", code="duplicate_policy") from None
        assert policy.id is not None
        result = IngestResult(policy.id, policy.title, _dropped_counts(policy), len(policy.measures))
    if embedder is not None:
        _embed(uow, embedder, [policy])
    return result


def ingest_file(uow: UnitOfWork, embedder: object | None, *, actor: User | None, name: str, data: bytes,
                overrides: Mapping[str, Any] | None = None, origin: str = "upload") -> IngestResult:
    """Read a TXT/HTML/DOCX/PDF file and ingest it; an unreadable file stores nothing."""
    if origin not in TRUSTED_ORIGINS:
        _check_admin(actor)
    text, kind = read_policy_file(name, data)
    return ingest_text(uow, embedder, actor=actor, text=text, overrides=overrides, file_name=name, file_type=kind,
                       origin=origin)


def _dropped_counts(policy: Policy) -> dict[str, int]:
    return dict(Counter(d["reason"] for d in policy.dropped))


def _embed(uow: UnitOfWork, embedder: object, policies: list[Policy]) -> None:
    """Semantic search needs passage embeddings. They are derived data the indexing job rebuilds,
    so a failure here is logged and the stored policy stands."""
    try:
        with uow:
            embed_documents(uow, embedder, KIND, [as_document(p) for p in policies])
            uow.commit()
    except Exception:
        log.exception("embedding policies %s failed; `techbridge index build` will retry", [p.id for p in policies])


def as_document(policy: Policy) -> Document:
    """What search ranks: the title and the measures' headings (the substance, in a passage or two
    even when a long text passes the embedded-passage cap), then the text that contains the measures."""
    headings = "；".join(m["title"] for m in policy.measures)
    assert policy.id is not None
    return Document(policy.id, policy.title, join_sentences([policy.title, headings]) + "。\n" + policy.text)


def load_documents(uow: UnitOfWork) -> list[Document]:
    """The indexing job's view of the library (registered in bootstrap)."""
    return [as_document(p) for p in uow.repo(PolicyRepository).list()]


def get(uow: UnitOfWork, policy_id: int) -> Policy:
    with uow:
        policy = uow.repo(PolicyRepository).get(policy_id)
        if policy is None:
            raise NotFound("政策不存在")
        return policy


def update(uow: UnitOfWork, embedder: object | None, *, actor: User, policy_id: int, raw: Mapping[str, Any]) -> None:
    """Correct what extraction got wrong: title, issuer, date, region, type, source, tags."""
    _check_admin(actor)
    with uow:
        policy = uow.repo(PolicyRepository).get(policy_id)
        if policy is None:
            raise NotFound("政策不存在")
        title = normalize_text(str(raw.get("title", "")))
        if not title:
            raise ValidationError("请填写标题", field="title", code="required")
        codes = [resolve_industry(v, field="industries") for v in _list(raw.get("industries"))]
        audiences, doc_type = _list(raw.get("audiences")), str(raw.get("doc_type") or policy.doc_type)
        check_tags(codes, audiences, doc_type)
        policy.title, policy.issuer = title[:200], normalize_text(str(raw.get("issuer", "")))[:200]
        policy.issued_on = _parse_date(str(raw.get("issued_on") or ""))
        policy.doc_number = normalize_text(str(raw.get("doc_number", "")))[:64]
        policy.effective_on = _parse_date(str(raw.get("effective_on") or ""), "effective_on")
        policy.valid_until = _parse_date(str(raw.get("valid_until") or ""), "valid_until")
        if policy.valid_until and policy.valid_until < (policy.effective_on or policy.issued_on or date.min):
            raise ValidationError("有效期不能早于施行日期", field="valid_until", code="validity_order")
        policy.region_code = _parse_region(str(raw.get("region") or "jjj"))
        policy.doc_type, policy.industries, policy.audiences = doc_type, codes, audiences
        policy.source = normalize_text(str(raw.get("source", "")))[:200]
        policy.updated_at = utcnow()
        uow.commit()
    if embedder is not None:
        _embed(uow, embedder, [policy])


def delete(uow: UnitOfWork, *, actor: User, policy_id: int) -> str:
    _check_admin(actor)
    with uow:
        policy = uow.repo(PolicyRepository).get(policy_id)
        if policy is None:
            raise NotFound("政策不存在")
        title = policy.title
        uow.repo(PolicyRepository).delete(policy)
        forget_vectors(uow, KIND, policy_id)
        uow.commit()
    return title
