"""Money in 万元 with two decimals, as Decimal — never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from techbridge.kernel.errors import ValidationError

CENT = Decimal("0.01")
MAX_WAN = Decimal("100000000")  # 1万亿元: larger is a typo, not a price
NEGOTIABLE = ("面议", "议价", "协商", "待定", "")


def parse_wan(value: object, *, field: str = "price", allow_negotiable: bool = True) -> Decimal | None:
    """Parse an amount in 万元 ("350", "350.5万", "1,200.00", 350) to Decimal(…, 2 places).

    Returns None for 面议 when allowed. Floats are refused so a binary rounding error can
    never reach a stored amount.
    """
    if value is None:
        if allow_negotiable:
            return None
        raise ValidationError("请填写金额（万元）", field=field, code="amount_required")
    if isinstance(value, float):
        raise TypeError("money must not be passed as float; use str or Decimal")
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("万元").removesuffix("万")
    if text in NEGOTIABLE:
        if allow_negotiable:
            return None
        raise ValidationError("请填写金额（万元）", field=field, code="amount_required")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"金额“{value}”不是有效数字（单位：万元）", field=field, code="amount_format") from None
    if not amount.is_finite():
        raise ValidationError(f"金额“{value}”不是有效数字（单位：万元）", field=field, code="amount_format")
    if amount < 0:
        raise ValidationError(f"金额不能为负数，收到“{value}”", field=field, code="amount_negative")
    if amount > MAX_WAN:
        raise ValidationError(f"金额“{value}”万元超出合理范围", field=field, code="amount_too_large")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError(f"金额最多保留两位小数，收到“{value}”", field=field, code="amount_precision")
    return amount.quantize(CENT)


def format_wan(amount: Decimal | None) -> str:
    """"350.00万元", or "面议" when no amount is given."""
    if amount is None:
        return "面议"
    return f"{amount:,.2f}万元"
