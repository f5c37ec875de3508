"""Use cases of instrument bookings: request, approve or reject, cancel, complete with a usage record.

Every change first takes the instrument's row lock (`InstrumentRepository.lock`), as the first
statement of its transaction, then reads what is booked. Two requests for the same slot are
therefore serialised by the database itself — PostgreSQL's row lock, SQLite's write lock —
and whichever comes second sees the first and is refused, in every web worker and process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from techbridge.accounts.directory import get_organization, get_user, users_by_id
from techbridge.accounts.model import Organization, User
from techbridge.instruments.model import (
    Booking,
    BookingStatus,
    Instrument,
    UsageRecord,
    check_cancel,
    check_decision,
    check_slot,
    check_usage,
    estimate_fee,
)
from techbridge.instruments.repository import BookingRepository, InstrumentRepository
from techbridge.instruments.service import may_manage
from techbridge.instruments.validation import parse_yuan, validate_booking_input
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.kernel.money import exact_decimal
from techbridge.kernel.snippets import excerpt, join_sentences
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.storage.uow import UnitOfWork


@dataclass
class BookingView:
    booking: Booking
    instrument: Instrument
    owner: Organization
    requester: User
    usage: UsageRecord | None
    is_manager: bool
    is_requester: bool


@dataclass
class BookingRow:
    booking: Booking
    instrument: Instrument
    requester_name: str


def request_booking(uow: UnitOfWork, *, actor: User, instrument_id: int, raw: Mapping[str, Any],
                    now: datetime | None = None) -> int:
    """Ask for a slot; it is held at once, or refused if any part of it is already held."""
    data = validate_booking_input(raw)
    now = now or utcnow()
    with uow:
        if not uow.repo(InstrumentRepository).lock(instrument_id):
            raise NotFound("仪器不存在")
        instrument = uow.repo(InstrumentRepository).get(instrument_id)
        assert instrument is not None and actor.id is not None
        hours = check_slot(instrument, data.start_local, data.end_local, now_local=now + BEIJING)
        if data.use_voucher and not instrument.voucher_eligible:
            raise ValidationError("该仪器不在创新券支持范围内，不能申请使用创新券", field="use_voucher",
                                  code="voucher_not_eligible")
        start, end = data.start_local - BEIJING, data.end_local - BEIJING
        clash = uow.repo(BookingRepository).holding(instrument_id, start, end)
        if clash:
            raise Conflict(f"所选时段与已有预约（{clash[0].slot_label()}，{BookingStatus(clash[0].status).label}）重叠，"
                           "该时段已被占用，请在日历中选择其他空闲时段", code="slot_taken")
        booking = Booking(instrument_id, actor.id, start, end, data.purpose, samples=data.samples,
                          use_voucher=data.use_voucher, contact_phone=data.contact_phone or actor.phone,
                          estimated_fee=estimate_fee(instrument, data.start_local, hours, data.samples),
                          requester_org_id=actor.organization_id, created_at=now, updated_at=now)
        uow.repo(BookingRepository).add(booking)
        uow.flush()
        assert booking.id is not None
        notify(uow, members_of(uow, instrument.organization_id), kind=NotificationKind.BOOKING, exclude=actor.id,
               title=f"新的仪器预约申请：{instrument.name}",
               body=join_sentences([f"{actor.display_name} 申请 {booking.slot_label()} 使用，内容：{excerpt(data.purpose, 80)}",
                                    "请及时审批。"]),
               link=f"/bookings/{booking.id}")
        uow.commit()
        return booking.id


def _locked(uow: UnitOfWork, booking_id: int) -> tuple[Booking, Instrument]:
    if not uow.repo(InstrumentRepository).lock_for_booking(booking_id):
        raise NotFound("预约不存在")
    booking = uow.repo(BookingRepository).get(booking_id)
    assert booking is not None
    instrument = uow.repo(InstrumentRepository).get(booking.instrument_id)
    assert instrument is not None
    return booking, instrument


def decide(uow: UnitOfWork, *, actor: User, booking_id: int, approve: bool, note: str = "",
           now: datetime | None = None) -> str:
    """The owner approves or rejects a pending request; the requester is told."""
    now = now or utcnow()
    with uow:
        booking, instrument = _locked(uow, booking_id)
        if not may_manage(actor, instrument):
            raise PermissionDenied("只有仪器所属单位的成员或本地区的管理方可以审批预约")
        status = check_decision(booking, approve=approve, note=note, now=now)
        booking.status, booking.decided_by, booking.decided_at = status.value, actor.id, now
        booking.decision_note, booking.updated_at = note.strip()[:500], now
        verdict = "已批准" if approve else "未获批准"
        why = "" if approve else f"原因：{note.strip()[:80]}"
        notify(uow, [booking.requester_id], kind=NotificationKind.BOOKING, title=f"仪器预约{verdict}：{instrument.name}",
               body=f"您申请的 {booking.slot_label()} {verdict}。{why}", link=f"/bookings/{booking_id}")
        uow.commit()
        return status.value


def cancel(uow: UnitOfWork, *, actor: User, booking_id: int, reason: str = "", now: datetime | None = None) -> None:
    """Cancel a held slot (the requester before it starts; the owner with a reason); the slot is free again."""
    now = now or utcnow()
    with uow:
        booking, instrument = _locked(uow, booking_id)
        by_requester = actor.id == booking.requester_id
        check_cancel(booking, by_owner=may_manage(actor, instrument), by_requester=by_requester, reason=reason, now=now)
        booking.status, booking.cancelled_by = BookingStatus.CANCELLED.value, actor.id
        booking.cancel_reason, booking.updated_at = reason.strip()[:500], now
        told = members_of(uow, instrument.organization_id) if by_requester else [booking.requester_id]
        notify(uow, told, kind=NotificationKind.BOOKING, exclude=actor.id, title=f"仪器预约已取消：{instrument.name}",
               body=f"{booking.slot_label()} 的预约已被{actor.display_name}取消。{reason.strip()[:80]}",
               link=f"/bookings/{booking_id}")
        uow.commit()


def complete(uow: UnitOfWork, *, actor: User, booking_id: int, raw: Mapping[str, Any],
             now: datetime | None = None) -> None:
    """The owner records what was used and charged (元); the booking is then completed."""
    now = now or utcnow()
    hours = _decimal(raw.get("hours_used"), "hours_used", "实际机时")
    samples_text = str(raw.get("samples") or "0").strip()
    if not samples_text.isdigit():
        raise ValidationError("样品数应为非负整数", field="samples", code="samples_format")
    fee = parse_yuan(raw.get("fee_charged"), field="fee_charged")
    voucher_raw = raw.get("voucher_amount")
    voucher = parse_yuan(voucher_raw, field="voucher_amount") if str(voucher_raw or "").strip() else Decimal("0.00")
    with uow:
        booking, instrument = _locked(uow, booking_id)
        if not may_manage(actor, instrument):
            raise PermissionDenied("只有仪器所属单位的成员或管理方可以登记使用记录")
        check_usage(booking, hours_used=hours, samples=int(samples_text), fee_charged=fee, voucher_amount=voucher,
                    voucher_eligible=instrument.voucher_eligible, now=now)
        uow.repo(BookingRepository).add_usage(UsageRecord(booking_id, hours, int(samples_text), fee, voucher,
                                           str(raw.get("note") or "").strip()[:1000], actor.id, now))
        booking.status, booking.updated_at = BookingStatus.COMPLETED.value, now
        uow.commit()


def _decimal(value: Any, field: str, label: str) -> Decimal:
    if value is None or str(value).strip() == "":
        raise ValidationError(f"请填写{label}（数字）", field=field, code="number_format")
    return exact_decimal(value, field=field, label=label)


def view(uow: UnitOfWork, *, viewer: User, booking_id: int) -> BookingView:
    """A booking as its requester or the instrument's owner sees it (nobody else)."""
    with uow:
        booking = uow.repo(BookingRepository).get(booking_id)
        instrument = uow.repo(InstrumentRepository).get(booking.instrument_id) if booking else None
        if booking is None or instrument is None:
            raise NotFound("预约不存在")
        manager, mine = may_manage(viewer, instrument), viewer.id == booking.requester_id
        if not (manager or mine):
            raise NotFound("预约不存在或无权查看")
        owner = get_organization(uow, instrument.organization_id)
        requester = get_user(uow, booking.requester_id)
        assert owner is not None and requester is not None
        return BookingView(booking, instrument, owner, requester, uow.repo(BookingRepository).usage(booking_id), manager, mine)


def mine(uow: UnitOfWork, *, user: User) -> tuple[list[BookingRow], list[BookingRow]]:
    """(bookings I asked for, bookings of my organisation's instruments), soonest first."""
    with uow:
        asked = list(uow.repo(BookingRepository).for_requester(user.id)) if user.id is not None else []
        received = list(uow.repo(BookingRepository).for_owner(user.organization_id)) if user.organization_id is not None else []
        instruments = uow.repo(InstrumentRepository).get_many({b.instrument_id for b in asked + received})
        people = users_by_id(uow, {b.requester_id for b in received})
        return ([BookingRow(b, instruments[b.instrument_id], user.display_name) for b in asked],
                [BookingRow(b, instruments[b.instrument_id], people[b.requester_id].display_name if b.requester_id in
                            people else "") for b in received])
