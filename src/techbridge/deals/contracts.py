"""Technology contracts (技术合同) as registered under 技术合同认定登记, and their validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.money import parse_wan
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.text import normalize_text
from techbridge.kernel.validation import parse_date


class ContractType(StrEnum):
    """The four kinds of technology contract of 民法典 第二十章 (技术服务 includes 技术中介/培训)."""

    DEVELOPMENT = "技术开发"
    TRANSFER = "技术转让"
    LICENSE = "技术许可"
    CONSULTING = "技术咨询"
    SERVICE = "技术服务"


PAYMENT_MODES = ("一次性支付", "分期支付", "提成支付", "入门费加提成", "作价入股", "先使用后付费")
# 技术合同登记编号: year (4) + registering authority's region code (6) + serial (4–8 digits).
_REGISTRATION = re.compile(r"^(\d{4})(\d{6})(\d{4,8})$")


@dataclass(eq=False)
class Contract:
    title: str
    contract_type: str
    amount: Decimal  # 万元
    seller_name: str
    buyer_name: str
    seller_region: str  # GB/T 2260 code
    buyer_region: str
    signed_on: date
    payment_mode: str
    seller_org_id: int | None = None
    buyer_org_id: int | None = None
    industry: str | None = None
    registration_no: str | None = None
    trl: int | None = None  # GB/T 22900 level of the technology at signing, when known
    engagement_id: int | None = None
    source: str = "platform"
    external_id: str | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class ContractInput:
    title: str
    contract_type: str
    amount: Decimal
    seller_name: str
    buyer_name: str
    seller_region: str
    buyer_region: str
    signed_on: date
    payment_mode: str
    industry: str | None
    registration_no: str | None
    trl: int | None = None


def validate_registration_no(value: Any) -> str | None:
    text = re.sub(r"\s", "", str(value or ""))
    if not text:
        return None
    match = _REGISTRATION.match(text)
    if not match or not 1990 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            f"技术合同登记编号“{value}”格式不正确：应为年份4位+登记机构行政区划代码6位+流水号",
            field="registration_no", code="registration_format",
        )
    return text


def _trl(value: Any) -> int | None:
    """The technology's TRL at signing (GB/T 22900-2022 levels 1–9), when the record gives it."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if text.endswith(".0"):  # a spreadsheet number cell
        text = text[:-2]
    if not text.isdigit() or not 1 <= int(text) <= 9:
        raise ValidationError("技术成熟度应为1至9级（GB/T 22900-2022）", field="trl", code="trl_range")
    return int(text)


def validate_contract_input(raw: Mapping[str, Any], *, today: date) -> ContractInput:
    """Validate a contract record (a form, an API body or a registration-record row)."""
    from techbridge.kernel.industries import resolve_industry

    errors: list[ValidationError] = []

    def take(name: str, parse: Any, default: Any = None) -> Any:
        try:
            return parse(raw.get(name))
        except ValidationError as err:
            err.field = name
            errors.append(err)
            return default

    def text(name: str, label: str, min_len: int = 2) -> str:
        value = normalize_text(str(raw.get(name) or ""))
        if len(value) < min_len:
            errors.append(ValidationError(f"请填写{label}", field=name, code="required"))
        return value

    title = text("title", "合同名称", 4)
    kind = str(raw.get("contract_type") or "").strip()
    if kind not in [t.value for t in ContractType]:
        errors.append(ValidationError(f"合同类型应为{'、'.join(t.value for t in ContractType)}之一",
                                      field="contract_type", code="unknown_contract_type"))
    amount = take("amount", lambda v: parse_wan(v, field="amount", allow_negotiable=False))
    if amount is not None and amount <= 0:
        errors.append(ValidationError("成交金额应大于0", field="amount", code="amount_positive"))
    signed_on = take("signed_on", parse_date)
    if signed_on is None and not any(e.field == "signed_on" for e in errors):
        errors.append(ValidationError("请填写签订日期", field="signed_on", code="required"))
    elif signed_on is not None and signed_on > today:
        errors.append(ValidationError("签订日期不能晚于今天", field="signed_on", code="date_in_future"))
    payment = str(raw.get("payment_mode") or "").strip()
    if payment not in PAYMENT_MODES:
        errors.append(ValidationError(f"支付方式应为{'、'.join(PAYMENT_MODES)}之一", field="payment_mode",
                                      code="unknown_payment_mode"))
    industry = take("industry", lambda v: resolve_industry(v) if v else None)
    values = ContractInput(
        title=title, contract_type=kind, amount=amount or Decimal("0"),
        seller_name=text("seller_name", "卖方（让与方）名称"), buyer_name=text("buyer_name", "买方（受让方）名称"),
        seller_region=take("seller_region", lambda v: resolve_region(v, nationwide=True), ""),
        buyer_region=take("buyer_region", lambda v: resolve_region(v, nationwide=True), ""),
        signed_on=signed_on or today, payment_mode=payment, industry=industry,
        registration_no=take("registration_no", validate_registration_no),
        trl=take("trl", _trl),
    )
    if errors:
        raise ValidationErrors(errors)
    return values
