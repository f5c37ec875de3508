"""Parsing an IP record from a form, an API body or an import row (pure; every problem reported at once)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from techbridge.ip.model import LicenceKind
from techbridge.ip.rules import LegalStatus, next_annuity, patent_kind
from techbridge.kernel.codes import validate_application_number
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.money import parse_wan
from techbridge.kernel.validation import Collector, parse_date

STATUS_ALIASES = {"有效": "有效", "授权": "有效", "专利权维持": "有效", "审中": "审中", "实审": "审中", "公开": "审中",
                  "驳回": "驳回", "失效": "失效", "终止": "失效", "未缴年费终止": "失效", "放弃": "失效", "无效": "失效",
                  "届满": "届满", "期限届满": "届满"}


def parse_number(value: Any) -> str:
    return validate_application_number(str(value or ""))


def parse_status(value: Any) -> str:
    text = str(value or "").strip()
    found = STATUS_ALIASES.get(text)
    if found is None:
        raise ValidationError(f"法律状态“{text}”无法识别，应为{'、'.join(s.value for s in LegalStatus)}之一",
                              code="legal_status")
    return found


def _year(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise ValidationError("已缴年费年度应为1至20之间的整数", code="paid_year")
    return int(text)


@dataclass(frozen=True)
class StatusInput:
    number: str
    kind: str
    status: str
    checked_on: date
    checked_by: str
    filed_on: date | None
    paid_through_year: int | None
    annuity_due: date | None
    note: str


def validate_status(raw: Mapping[str, Any], *, patents: Sequence[str], today: date,
                    default_checked_by: str = "") -> StatusInput:
    """A legal-status record of one of `patents` (the numbers validated on the achievement)."""
    c = Collector(raw)
    number = c.take("number", parse_number) or ""
    if number and number not in patents:
        c.errors.append(ValidationError(f"专利号{number}不在该成果登记的专利中（{'、'.join(patents) or '无'}）",
                                        field="number", code="number_not_on_achievement"))
    status = c.take("status", parse_status) or ""
    checked_on = c.take("checked_on", parse_date)
    if checked_on is None and not any(e.field == "checked_on" for e in c.errors):
        c.errors.append(ValidationError("请填写核实日期（在国家知识产权局查询法律状态的日期）", field="checked_on",
                                        code="required"))
    elif checked_on is not None and checked_on > today:
        c.errors.append(ValidationError("核实日期不能晚于今天", field="checked_on", code="date_in_future"))
    checked_by = c.text("checked_by", "核实人", required=not default_checked_by, max_len=64) or default_checked_by
    filed_on = c.take("filed_on", parse_date)
    if filed_on is not None and filed_on > today:
        c.errors.append(ValidationError("申请日不能晚于今天", field="filed_on", code="date_in_future"))
    paid = c.take("paid_through_year", _year)
    due = c.take("annuity_due", parse_date)
    note = c.text("note", "备注", required=False, max_len=500)
    c.raise_if_any()
    if due is None and filed_on is not None and paid is not None:
        due = next_annuity(filed_on, paid).due
    assert checked_on is not None
    return StatusInput(number, patent_kind(number), status, checked_on, checked_by, filed_on, paid, due, note)


@dataclass(frozen=True)
class LicenceInput:
    licensee: str
    kind: str
    start_on: date | None
    until: date | None
    note: str


def validate_licence(raw: Mapping[str, Any]) -> LicenceInput:
    c = Collector(raw)
    licensee = c.text("licensee", "被许可人", required=True, max_len=200)
    kind = str(c.value("kind") or "")
    if kind not in {k.value for k in LicenceKind}:
        c.errors.append(ValidationError(f"许可类型应为{'、'.join(k.value for k in LicenceKind)}之一", field="kind",
                                        code="licence_kind"))
    start, until = c.take("start_on", parse_date), c.take("until", parse_date)
    if start and until and until < start:
        c.errors.append(ValidationError("许可截止日期不能早于开始日期", field="until", code="until_before_start"))
    note = c.text("note", "备注", required=False, max_len=500)
    c.raise_if_any()
    return LicenceInput(licensee, kind, start, until, note)


@dataclass(frozen=True)
class PledgeInput:
    pledgee: str
    amount: Decimal | None
    registered_on: date | None
    until: date | None
    open_licence_consent: bool
    note: str


def validate_pledge(raw: Mapping[str, Any]) -> PledgeInput:
    c = Collector(raw)
    pledgee = c.text("pledgee", "质权人", required=True, max_len=200)
    amount = c.take("amount", lambda v: parse_wan(v, field="amount", allow_negotiable=True))
    if amount is not None and amount <= 0:
        c.errors.append(ValidationError("担保金额应大于0万元", field="amount", code="amount_not_positive"))
    registered, until = c.take("registered_on", parse_date), c.take("until", parse_date)
    if registered and until and until < registered:
        c.errors.append(ValidationError("质押截止日期不能早于登记日期", field="until", code="until_before_start"))
    consent = str(c.value("open_licence_consent") or "").lower() in ("1", "true", "on", "yes", "是")
    note = c.text("note", "备注", required=False, max_len=500)
    c.raise_if_any()
    return PledgeInput(pledgee, amount, registered, until, consent, note)
