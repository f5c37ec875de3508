"""Money as Decimal with two decimals — the one parser every form, API and importer uses.

Amounts arrive as text a person typed ("350.5万", "1,200.00", "面议"), as Decimal, or as a
number a spreadsheet stored (an Excel cell holding 45.5 is read as the binary float 45.5).
A float is taken by its shortest decimal spelling (`Decimal(str(x))`, so 45.5 is 45.5 and
0.1 + 0.2 is 0.30000000000000004), then rounded to the cent; only a value that really has a
third decimal (45.678, not binary noise) is refused with a clear message.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from techbridge.kernel.errors import ValidationError

CENT = Decimal("0.01")
MAX_WAN = Decimal("100000000")  # 1万亿元: larger is a typo, not a price
MAX_YUAN = Decimal("100000000")  # an hourly or per-sample fee above 1亿元 is a typo
NEGOTIABLE = ("面议", "议价", "协商", "待定", "")
# A binary float carries at most 17 significant digits: a difference from the cent this small
# relative to the amount is representation noise, not a fraction of a cent someone wrote.
_FLOAT_NOISE = Decimal("1e-9")


def exact_decimal(value: object, *, places: int = 2, field: str, label: str) -> Decimal:
    """A number (text, int, Decimal or spreadsheet float) as Decimal with `places` decimals.

    Raises ValidationError (code number_format / number_precision) for anything else.
    """
    step = Decimal(1).scaleb(-places)
    if isinstance(value, bool):
        raise ValidationError(f"{label}应为数字", field=field, code="number_format")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{label}应为有效数字", field=field, code="number_format")
        amount = Decimal(str(value))
        tolerance = _FLOAT_NOISE * max(Decimal(1), abs(amount))
    else:
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(f"{label}“{value}”不是有效数字", field=field, code="number_format") from None
        if not amount.is_finite():
            raise ValidationError(f"{label}“{value}”不是有效数字", field=field, code="number_format")
        tolerance = Decimal(0)
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP)
    if abs(amount - rounded) > tolerance:
        raise ValidationError(f"{label}最多保留{places}位小数，收到“{value}”", field=field, code="number_precision")
    return rounded


def parse_amount(value: object, *, field: str, unit: str, maximum: Decimal) -> Decimal | None:
    """An amount in `unit` ("万元" or "元") with two decimals; None when the cell says nothing or 面议."""
    if value is None:
        return None
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        text: object = value
    else:
        text = str(value).strip().replace(",", "").replace("，", "").removesuffix(unit)
        if unit == "万元":
            text = str(text).removesuffix("万")
        if str(text).strip() in NEGOTIABLE:
            return None
    try:
        amount = exact_decimal(text, field=field, label="金额")
    except ValidationError as err:
        if err.code == "number_precision":
            raise ValidationError(f"金额最多保留两位小数（单位：{unit}），收到“{value}”", field=field,
                                  code="amount_precision") from None
        raise ValidationError(f"金额“{value}”不是有效数字（单位：{unit}）", field=field, code="amount_format") from None
    if amount < 0:
        raise ValidationError(f"金额不能为负数，收到“{value}”", field=field, code="amount_negative")
    if amount > maximum:
        raise ValidationError(f"金额“{value}”{unit}超出合理范围", field=field, code="amount_too_large")
    return amount


def parse_wan(value: object, *, field: str = "price", allow_negotiable: bool = True) -> Decimal | None:
    """An amount in 万元 ("350", "350.5万", "1,200.00", 350, an Excel 45.5) as Decimal(…, 2 places).

    Returns None for 面议 (or an empty cell) when allowed.
    """
    amount = parse_amount(value, field=field, unit="万元", maximum=MAX_WAN)
    if amount is None and not allow_negotiable:
        raise ValidationError("请填写金额（万元）", field=field, code="amount_required")
    return amount


def format_wan(amount: Decimal | None) -> str:
    """"350.00万元", or "面议" when no amount is given."""
    if amount is None:
        return "面议"
    return f"{amount:,.2f}万元"
