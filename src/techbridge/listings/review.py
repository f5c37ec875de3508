"""审核: the review queue as a table a commission clerk works through, and decisions taken in a batch.

The queue holds every listing waiting for review, both kinds, filtered and sorted on the server.
A batch decision approves some listings and sends others back, each with its own reason; it is
checked whole first (a listing sent back without a reason stops the batch before anything
changes), then applied listing by listing, so one that someone else has just reviewed is
reported and skipped instead of failing the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import Organization, User
from techbridge.kernel.errors import DomainError, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.regions import PROVINCES
from techbridge.listings.events import EventBus
from techbridge.listings.model import Listing, ListingStatus
from techbridge.listings.service import change_status, kind_of
from techbridge.storage.uow import UnitOfWork

KINDS = {"achievement": "成果", "demand": "需求"}
SORTS = {"submitted": "提交时间（早→晚）", "-submitted": "提交时间（晚→早）", "title": "名称", "org": "单位",
         "industry": "领域", "region": "地区", "kind": "类型"}
APPROVE, RETURN = "approve", "return"


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""  # "" = both
    industry: str = ""
    province: str = ""  # 110000 / 120000 / 130000, or "other"
    q: str = ""  # words in the title or the organisation's name
    sort: str = "submitted"


@dataclass(frozen=True)
class QueueRow:
    kind: str
    listing: Listing
    org: Organization

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.listing.id}"

    @property
    def submitted_at(self) -> datetime:
        return self.listing.updated_at or self.listing.created_at or datetime.min


@dataclass
class Queue:
    rows: list[QueueRow]
    total: int  # waiting, before the filters
    filters: QueueFilters
    industries: list[str] = field(default_factory=list)  # present in the queue, for the filter


def queue(uow: UnitOfWork, *, viewer: User, filters: QueueFilters) -> Queue:
    """Every listing waiting for review, filtered and sorted."""
    if viewer.role != "admin":
        raise PermissionDenied("只有管理方可以审核")
    with uow:
        waiting: list[tuple[str, Listing]] = []
        for kind in KINDS:
            repo = kind_of(kind).repo(uow)
            waiting += [(kind, x) for x in repo.list(repo.table.c.status == ListingStatus.PENDING_REVIEW)]
        orgs = organizations_by_id(uow, {x.organization_id for _, x in waiting})
    rows = [QueueRow(kind, x, orgs[x.organization_id]) for kind, x in waiting]
    industries = sorted({r.listing.industry for r in rows if r.listing.industry})
    shown = [r for r in rows if _passes(r, filters)]
    key, reverse = _SORT_KEYS.get(filters.sort.lstrip("-"), _SORT_KEYS["submitted"]), filters.sort.startswith("-")
    shown.sort(key=lambda r: (key(r), r.listing.id or 0), reverse=reverse)
    return Queue(shown, len(rows), filters, industries)


def _passes(row: QueueRow, f: QueueFilters) -> bool:
    region = row.listing.region_code or ""
    if f.kind and row.kind != f.kind:
        return False
    if f.industry and row.listing.industry != f.industry:
        return False
    if f.province == "other" and region[:2] in {p[:2] for p in PROVINCES}:
        return False
    if f.province and f.province != "other" and region[:2] != f.province[:2]:
        return False
    words = f.q.strip().split()
    return all(w in row.listing.title or w in row.org.name for w in words)


_SORT_KEYS = {
    "submitted": lambda r: r.submitted_at.isoformat(),
    "title": lambda r: r.listing.title,
    "org": lambda r: r.org.name,
    "industry": lambda r: r.listing.industry or "",
    "region": lambda r: r.listing.region_code or "",
    "kind": lambda r: r.kind,
}


@dataclass(frozen=True)
class Decision:
    kind: str
    listing_id: int
    action: str  # approve | return
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.listing_id}"


@dataclass
class BatchResult:
    approved: list[str] = field(default_factory=list)  # titles
    returned: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (key, why)


def parse_key(key: str) -> tuple[str, int]:
    """"demand:12" → ("demand", 12); anything else is a request error."""
    kind, _, number = key.partition(":")
    if kind not in KINDS or not number.isdigit():
        raise ValidationError(f"无法识别的条目“{key}”", field="pick", code="unknown_item")
    return kind, int(number)


def check(decisions: list[Decision]) -> None:
    """The whole batch is refused when any listing sent back lacks its reason (the field: note-<kind>-<id>)."""
    if not decisions:
        raise ValidationErrors([ValidationError("请先勾选要处理的条目", field="pick", code="nothing_chosen")])
    missing = [ValidationError("退回修改时请写明原因", field=f"note-{d.kind}-{d.listing_id}", code="reason_required")
               for d in decisions if d.action == RETURN and not d.note.strip()]
    if missing:
        raise ValidationErrors(missing)


def decide(uow_factory: Callable[[], UnitOfWork], bus: EventBus | None, *, actor: User,
           decisions: list[Decision]) -> BatchResult:
    """Approve or send back each listing (each in its own transaction, after the batch passed `check`)."""
    check(decisions)
    result = BatchResult()
    for d in decisions:
        target = ListingStatus.PUBLISHED.value if d.action == APPROVE else ListingStatus.DRAFT.value
        try:
            with uow_factory() as uow:
                listing = kind_of(d.kind).repo(uow).get(d.listing_id)
                if listing is None or listing.status != ListingStatus.PENDING_REVIEW:
                    result.skipped.append((d.key, "已不在审核队列中（可能已被其他管理员处理）"))
                    continue
                title = listing.title
                change_status(uow, bus, kind=d.kind, actor=actor, listing_id=d.listing_id, target=target, note=d.note)
        except DomainError as err:
            result.skipped.append((d.key, err.message))
            continue
        (result.approved if d.action == APPROVE else result.returned).append(title)
    return result
