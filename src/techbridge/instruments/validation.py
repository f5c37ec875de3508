"""Validation of instrument records and booking requests (forms, API bodies, import rows)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from techbridge.instruments.model import CATEGORIES, WEEKDAY_NAMES, FeeUnit, InstrumentStatus
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.money import parse_amount
from techbridge.kernel.parks import resolve_park
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.text import normalize_text
from techbridge.kernel.validation import parse_phone

MAX_YUAN = Decimal("10000000")  # 1000万元 for one hour or sample is a typo, not a fee
_STATUS_WORDS = {s.label: s.value for s in InstrumentStatus} | {s.value: s.value for s in InstrumentStatus}
_TRUE = ("是", "true", "1", "yes", "on", "y", "支持", "可用")


@dataclass
class InstrumentInput:
    name: str
    category: str
    region_code: str
    capabilities: str
    fee: Decimal
    fee_unit: str
    model: str = ""
    manufacturer: str = ""
    park: str | None = None
    address: str = ""
    specs: list[list[str]] = field(default_factory=list)
    sample_requirements: str = ""
    voucher_eligible: bool = False
    open_weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    open_from: int = 9
    open_until: int = 17
    max_booking_hours: int = 8
    status: str = InstrumentStatus.AVAILABLE.value
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class BookingInput:
    start_local: datetime
    end_local: datetime
    purpose: str
    samples: int
    use_voucher: bool
    contact_phone: str


def parse_yuan(value: Any, *, field: str = "fee") -> Decimal:
    """An amount in 元 with at most two decimals ("350", "1,200.5元", "80元/小时", an Excel 80.5)."""
    if isinstance(value, str):
        value = re.sub(r"(元)?(/|每).*$", "", value.strip())
    amount = parse_amount(value, field=field, unit="元", maximum=MAX_YUAN)
    if amount is None:
        raise ValidationError("请填写收费标准（元）", field=field, code="amount_required")
    return amount


def parse_flag(value: Any) -> bool:
    return value is True or str(value or "").strip().lower() in _TRUE


def parse_weekdays(value: Any) -> list[int]:
    """"周一至周五", "每天", "周一、周三、周五", "1-5" (1 = Monday) or [0, 1, 2] (0 = Monday)."""
    if isinstance(value, list | tuple):
        days = [int(v) for v in value]
        if any(not 0 <= d <= 6 for d in days):
            raise ValidationError("开放日应为 0（周一）到 6（周日）", field="open_weekdays", code="weekdays")
        return sorted(set(days))
    text = str(value or "").strip().replace("星期", "周").replace("～", "至").replace("~", "至").replace("-", "至")
    if text in ("", "工作日"):
        return [0, 1, 2, 3, 4]
    if text in ("每天", "全天", "全周", "7×24", "7x24"):
        return list(range(7))
    names = {n: i for i, n in enumerate(WEEKDAY_NAMES)} | {str(i + 1): i for i in range(7)} | {"周天": 6}
    if "至" in text:
        a, _, b = text.partition("至")
        if a.strip() in names and b.strip() in names and names[a.strip()] <= names[b.strip()]:
            return list(range(names[a.strip()], names[b.strip()] + 1))
    parts = [p for p in re.split(r"[、,，;；\s]+", text) if p]
    if parts and all(p in names for p in parts):
        return sorted({names[p] for p in parts})
    raise ValidationError(f"开放日“{value}”无法识别，请写如“周一至周五”或“周一、周三”", field="open_weekdays",
                          code="weekdays")


def parse_hour(value: Any, *, field: str, default: int) -> int:
    text = str(value if value is not None else "").strip().removesuffix(":00").removesuffix("点")
    if not text:
        return default
    if not text.isdigit() or not 0 <= int(text) <= 24:
        raise ValidationError(f"时间“{value}”应为 0–24 之间的整点", field=field, code="hour_format")
    return int(text)


def parse_specs(value: Any) -> list[list[str]]:
    """Key specifications, one per line as "名称：值" (or a list of pairs)."""
    if isinstance(value, list):
        pairs = [[normalize_text(str(a)), normalize_text(str(b))] for a, b in value]
    else:
        pairs = []
        for line in re.split(r"[\n;；]+", str(value or "")):
            if not line.strip():
                continue
            match = re.match(r"^\s*([^:：]+?)\s*[:：]\s*(.+?)\s*$", line)
            if not match:
                raise ValidationError(f"技术指标“{line.strip()}”应写成“名称：数值”", field="specs", code="spec_format")
            pairs.append([normalize_text(match[1]), normalize_text(match[2])])
    if len(pairs) > 30:
        raise ValidationError("技术指标最多30项", field="specs", code="too_many_specs")
    return pairs


def parse_datetime_local(value: Any, *, field: str) -> datetime:
    """2026-12-01T09:00 (an HTML datetime-local field) or 2026-12-01 09:00, Beijing time."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    text = str(value or "").strip().replace("T", " ")
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2}) (\d{1,2}):(\d{2})(:\d{2})?", text)
    if not match:
        label = "开始时间" if field == "start" else "结束时间"
        raise ValidationError(f"请填写{label}，格式如 2026-12-01 09:00", field=field, code="datetime_format")
    try:
        hour = int(match[4])
        day = datetime(int(match[1]), int(match[2]), int(match[3]))
        if hour == 24 and match[5] == "00":  # "24:00" is the end of the day
            return day + timedelta(days=1)
        return day.replace(hour=hour, minute=int(match[5]))
    except ValueError:
        raise ValidationError(f"时间“{value}”不存在", field=field, code="datetime_format") from None


def validate_instrument_input(raw: Mapping[str, Any]) -> InstrumentInput:
    """Validate an instrument record given with canonical English keys; raise ValidationErrors."""
    errors: list[ValidationError] = []

    def take(name: str, parse: Any, default: Any = None) -> Any:
        try:
            return parse(raw.get(name))
        except ValidationError as err:
            err.field = err.field or name
            errors.append(err)
            return default

    def text(name: str, label: str, *, required: int = 0, limit: int = 2000) -> str:
        value = normalize_text(str(raw.get(name) or ""))
        if len(value) < required:
            errors.append(ValidationError(f"请填写{label}" + (f"（至少{required}个字）" if required > 2 else ""),
                                          field=name, code="required"))
        elif len(value) > limit:
            errors.append(ValidationError(f"{label}不能超过{limit}个字", field=name, code="too_long"))
        return value

    category = str(raw.get("category") or "").strip()
    if category not in CATEGORIES:
        errors.append(ValidationError(f"请选择仪器类别（如：{'、'.join(CATEGORIES[:5])}等）", field="category",
                                      code="unknown_category"))
    unit = str(raw.get("fee_unit") or FeeUnit.HOUR.value).strip().removeprefix("元/").removeprefix("每")
    if unit not in [u.value for u in FeeUnit]:
        errors.append(ValidationError("计费单位应为小时、样或天", field="fee_unit", code="fee_unit"))
    status = _STATUS_WORDS.get(str(raw.get("status") or "available").strip())
    if status is None:
        errors.append(ValidationError("状态应为可预约、维护中或已停用", field="status", code="unknown_status"))
    values = {
        "name": text("name", "仪器名称", required=2, limit=100), "category": category,
        "capabilities": text("capabilities", "检测/服务能力", required=10),
        "model": text("model", "型号", limit=100), "manufacturer": text("manufacturer", "生产厂家", limit=100),
        "address": text("address", "存放地址", limit=200),
        "sample_requirements": text("sample_requirements", "样品要求"),
        "contact_name": text("contact_name", "联系人", limit=60),
        "region_code": take("region", lambda v: resolve_region(str(v or "")), ""),
        "park": take("park", lambda v: resolve_park(str(v)) if str(v or "").strip() else None),
        "fee": take("fee", parse_yuan, Decimal("0")), "fee_unit": unit,
        "specs": take("specs", parse_specs, []),
        "voucher_eligible": parse_flag(raw.get("voucher_eligible")),
        "open_weekdays": take("open_weekdays", parse_weekdays, [0, 1, 2, 3, 4]),
        "open_from": take("open_from", lambda v: parse_hour(v, field="open_from", default=9), 9),
        "open_until": take("open_until", lambda v: parse_hour(v, field="open_until", default=17), 17),
        "max_booking_hours": take("max_booking_hours", _max_hours, 8),
        "status": status or "available",
        "contact_phone": take("contact_phone", parse_phone, ""),
    }
    if values["open_from"] >= values["open_until"]:
        errors.append(ValidationError("每日开放结束时间应晚于开始时间", field="open_until", code="hours_order"))
    if errors:
        raise ValidationErrors(errors)
    return InstrumentInput(**values)


def _max_hours(value: Any) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        return 8
    if not text.isdigit() or not 1 <= int(text) <= 24 * 14:
        raise ValidationError("单次最长预约应为 1–336 小时", field="max_booking_hours", code="max_hours")
    return int(text)


def validate_booking_input(raw: Mapping[str, Any]) -> BookingInput:
    """A booking request: slot (Beijing time), purpose, samples, 创新券 wish, a phone to reach the requester."""
    errors: list[ValidationError] = []
    values: dict[str, Any] = {}
    for name in ("start", "end"):
        try:
            values[f"{name}_local"] = parse_datetime_local(raw.get(name), field=name)
        except ValidationError as err:
            errors.append(err)
    purpose = normalize_text(str(raw.get("purpose") or ""))
    if len(purpose) < 4:
        errors.append(ValidationError("请填写检测/使用内容（至少4个字），方便仪器方评估", field="purpose",
                                      code="purpose_required"))
    elif len(purpose) > 1000:
        errors.append(ValidationError("使用内容不能超过1000个字", field="purpose", code="too_long"))
    samples_text = str(raw.get("samples") or "0").strip()
    if not samples_text.isdigit() or int(samples_text) > 10000:
        errors.append(ValidationError("样品数应为 0–10000 的整数", field="samples", code="samples_format"))
    try:
        phone = parse_phone(raw.get("contact_phone"))
    except ValidationError as err:
        err.field = "contact_phone"
        errors.append(err)
        phone = ""
    if errors:
        raise ValidationErrors(errors)
    return BookingInput(values["start_local"], values["end_local"], purpose, int(samples_text),
                        parse_flag(raw.get("use_voucher")), phone)
