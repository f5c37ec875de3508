"""Use cases of the shared instruments catalogue: records, search and matching, the availability calendar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from techbridge.accounts.directory import get_organization, organizations_by_id
from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.rules import admin_covers
from techbridge.instruments.model import HOUR, Booking, BookingStatus, Instrument, InstrumentStatus
from techbridge.instruments.repository import BookingRepository, InstrumentRepository
from techbridge.instruments.validation import validate_instrument_input
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied, ValidationError
from techbridge.kernel.regions import PROVINCES
from techbridge.listings import service as registry
from techbridge.matching.documents import Document, RankedDocument, embed_documents, rank_documents
from techbridge.matching.relevance import relevant
from techbridge.storage.uow import UnitOfWork

KIND = "instrument"  # the document kind under which instrument embeddings are stored


@dataclass
class InstrumentQuery:
    q: str = ""
    demand_id: int | None = None  # match against a demand's text instead of q
    category: str = ""
    province: str = ""
    park: str = ""
    voucher: bool = False
    page: int = 1
    size: int = 20


@dataclass
class InstrumentCard:
    instrument: Instrument
    org: Organization
    hit: RankedDocument | None = None
    relevance: float | None = None  # 0..1 (services/service_ranking.py)


@dataclass
class InstrumentPage:
    items: list[InstrumentCard]
    total: int
    page: int
    size: int
    query_text: str = ""
    demand_title: str = ""
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class CalendarCell:
    start: datetime  # Beijing time
    state: str  # closed | past | free | requested | approved | mine
    booking_id: int | None = None
    note: str = ""


@dataclass
class Calendar:
    instrument_id: int
    week_start: date
    hours: list[int]
    days: list[date]
    rows: list[list[CalendarCell]]  # one row per hour, one cell per day

    @property
    def previous(self) -> date:
        return self.week_start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.week_start + timedelta(days=7)


# ---------------------------------------------------------------- records


def may_manage(user: User | None, instrument: Instrument) -> bool:
    """Members of the owning organisation and admins of its region manage an instrument and its bookings."""
    return user is not None and (admin_covers(user, instrument.region_code) or
                                 (user.organization_id is not None and user.organization_id == instrument.organization_id))


def save_instrument(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], instrument_id: int | None = None,
                    embedder: Any = None) -> int:
    """Create or update an instrument record of the actor's organisation (an admin names the organisation).

    With an embedder the record is embedded at once (as for expert profiles).
    """
    data = validate_instrument_input(raw)
    with uow:
        now = utcnow()
        if instrument_id is None:
            org_id = actor.organization_id
            if actor.role == Role.ADMIN and raw.get("organization_id"):
                org_id = int(str(raw["organization_id"]))
            if org_id is None or get_organization(uow, org_id) is None:
                raise ValidationError("请先关联所属单位，再登记仪器", field="organization_id", code="organization_required")
            instrument = Instrument(name="", category="", organization_id=org_id, region_code="", capabilities="",
                                    fee=data.fee, created_at=now, updated_at=now)
            uow.repo(InstrumentRepository).add(instrument)
        else:
            found = uow.repo(InstrumentRepository).get(instrument_id)
            if found is None:
                raise NotFound("仪器不存在")
            if not may_manage(actor, found):
                raise PermissionDenied("只有仪器所属单位的成员或管理方可以修改仪器信息")
            instrument = found
        for name, value in vars(data).items():
            setattr(instrument, name, value)
        instrument.updated_at = now
        uow.flush()
        assert instrument.id is not None
        uow.commit()
    if embedder is not None:
        with uow:
            embed_documents(uow, embedder, KIND, [Document(instrument.id, instrument.name, instrument.full_text())])
            uow.commit()
    return instrument.id


def get_instrument(uow: UnitOfWork, instrument_id: int) -> tuple[Instrument, Organization]:
    with uow:
        instrument = uow.repo(InstrumentRepository).get(instrument_id)
        if instrument is None:
            raise NotFound("仪器不存在")
        org = get_organization(uow, instrument.organization_id)
        assert org is not None
        return instrument, org


# ---------------------------------------------------------------- search and matching


def instrument_documents(uow: UnitOfWork) -> list[Document]:
    """The loader registered for kind "instrument": every instrument in service as rankable text."""
    with uow:
        c = uow.repo(InstrumentRepository).table.c
        rows = uow.repo(InstrumentRepository).list(c.status != InstrumentStatus.RETIRED.value)
        return [Document(i.id, i.name, i.full_text()) for i in rows if i.id is not None]


def search(uow: UnitOfWork, embedder: Any, query: InstrumentQuery, *, viewer: User | None = None) -> InstrumentPage:
    """Filter the catalogue; rank it by the engine for a need written in words ("需要做XX检测") or a demand."""
    with uow:
        text, demand_title = query.q.strip(), ""
        if query.demand_id is not None:
            demand = registry.get_listing(uow, kind="demand", viewer=viewer, listing_id=query.demand_id)
            text, demand_title = demand.full_text(), demand.title
        c = uow.repo(InstrumentRepository).table.c
        found = [i for i in uow.repo(InstrumentRepository).list(c.status != InstrumentStatus.RETIRED.value, order_by=c.id)
                 if _passes(i, query)]
        facets = _facets(found)
        hits: dict[int, tuple[RankedDocument, float]] = {}
        if text:
            docs = [Document(i.id, i.name, i.full_text()) for i in found if i.id is not None]
            kept = relevant(rank_documents(uow, embedder, KIND, text, docs, k=len(docs)))
            hits = {r.id: (r, score) for r, score in kept}
            by_id = {i.id: i for i in found}
            found = [by_id[r.id] for r, _ in kept]
        start = (query.page - 1) * query.size
        chosen = found[start : start + query.size]
        orgs = organizations_by_id(uow, [i.organization_id for i in chosen])
        items = [InstrumentCard(i, orgs[i.organization_id], *hits.get(i.id or 0, (None, None))) for i in chosen]
        return InstrumentPage(items, len(found), query.page, query.size, text[:80], demand_title, facets)


def _passes(instrument: Instrument, query: InstrumentQuery) -> bool:
    if query.category and instrument.category != query.category:
        return False
    if query.province and instrument.region_code[:2] != query.province[:2]:
        return False
    if query.park and instrument.park != query.park:
        return False
    return not (query.voucher and not instrument.voucher_eligible)


def _facets(found: list[Instrument]) -> dict[str, list[tuple[str, int]]]:
    provinces = Counter(i.region_code[:2] + "0000" for i in found)
    return {
        "category": Counter(i.category for i in found).most_common(),
        "province": [(code, provinces[code]) for code in PROVINCES if provinces[code]],
        "voucher": [("1", sum(1 for i in found if i.voucher_eligible))],
    }


# ---------------------------------------------------------------- availability calendar


def week_of(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


def calendar(uow: UnitOfWork, *, instrument_id: int, week_start: date, viewer: User | None,
             now: datetime | None = None) -> Calendar:
    """One week of hourly slots (Beijing time) with what is open, taken, pending or past."""
    now_local = (now or utcnow()) + BEIJING
    week_start = week_of(week_start)
    days = [week_start + timedelta(days=i) for i in range(7)]
    with uow:
        instrument = uow.repo(InstrumentRepository).get(instrument_id)
        if instrument is None:
            raise NotFound("仪器不存在")
        first = datetime.combine(week_start, datetime.min.time())
        bookings = uow.repo(BookingRepository).holding(instrument_id, first - BEIJING, first + timedelta(days=7) - BEIJING)
        manager = may_manage(viewer, instrument)
    hours = list(range(instrument.open_from, instrument.open_until))
    rows = [[_cell(instrument, datetime.combine(d, datetime.min.time()) + h * HOUR, bookings, viewer, manager, now_local)
             for d in days] for h in hours]
    return Calendar(instrument_id, week_start, hours, days, rows)


def _cell(instrument: Instrument, start: datetime, bookings: list[Booking] | Any, viewer: User | None, manager: bool,
          now_local: datetime) -> CalendarCell:
    taken = next((b for b in bookings if b.start_local <= start < b.end_local), None)
    if taken is not None:
        mine = viewer is not None and taken.requester_id == viewer.id
        state = "mine" if mine else taken.status
        note = BookingStatus(taken.status).label + ("（我的预约）" if mine else "")
        return CalendarCell(start, state, taken.id if (mine or manager) else None, note)
    if not instrument.open_at(start):
        return CalendarCell(start, "closed", note="不开放")
    if start < now_local:
        return CalendarCell(start, "past", note="已过")
    return CalendarCell(start, "free", note="可预约")
