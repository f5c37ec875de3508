"""Checksummed national codes: 统一社会信用代码 and Chinese patent numbers.

Pure functions; each raises `ValidationError` with a Chinese message a user can act on.
"""

from __future__ import annotations

import re

from techbridge.kernel.errors import ValidationError

# GB 32100-2015: the 31 characters allowed, in value order (no I, O, Z, S, V).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
# GB 32100-2015 §5: weight of position i is 3^i mod 31.
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(raw: str) -> str:
    """Validate a 统一社会信用代码 and return it upper-cased and stripped."""
    code = (raw or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位", field="credit_code", code="uscc_length")
    bad = [c for c in code if c not in _USCC_VALUE]
    if bad:
        raise ValidationError(
            f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、Z、S、V）",
            field="credit_code",
            code="uscc_charset",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）",
            field="credit_code",
            code="uscc_region",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"统一社会信用代码校验位错误：最后一位应为“{expected}”，实际为“{code[17]}”",
            field="credit_code",
            code="uscc_checksum",
        )
    return code


# CNIPA application numbers since 2003: YYYY + type (1 invention, 2 utility model,
# 3 design, 8 PCT invention, 9 PCT utility model) + 7-digit serial, '.', check digit.
_APPLICATION_RE = re.compile(r"^(?:CN)?(\d{4})([12389])(\d{7})\.?([0-9X])$")
_APPLICATION_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
PATENT_TYPES = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "PCT发明", "9": "PCT实用新型"}


def application_check_digit(first12: str) -> str:
    """Return the check digit of a 12-digit CNIPA application number."""
    total = sum(int(d) * w for d, w in zip(first12, _APPLICATION_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def validate_application_number(raw: str) -> str:
    """Validate a patent application number (e.g. 202310123456.7); return it canonical."""
    text = (raw or "").strip().upper().replace(" ", "").replace("ZL", "")
    match = _APPLICATION_RE.match(text)
    if not match:
        raise ValidationError(
            f"专利申请号“{raw}”格式不正确，应为12位数字加校验位，如 202310123456.7",
            field="patents",
            code="patent_application_format",
        )
    year, kind, serial, check = match.groups()
    first12 = year + kind + serial
    if not 1985 <= int(year) <= 2100:
        raise ValidationError(
            f"专利申请号“{raw}”的申请年份不正确", field="patents", code="patent_application_year"
        )
    expected = application_check_digit(first12)
    if check != expected:
        raise ValidationError(
            f"专利申请号“{raw}”校验位错误：应为“{expected}”",
            field="patents",
            code="patent_application_checksum",
        )
    return f"{first12}.{check}"


# Publication numbers: CN + 7–9 digits + kind code (A/B/C invention, U/Y utility model,
# S design, optionally followed by a digit).
_PUBLICATION_RE = re.compile(r"^CN(\d{7,9})([ABCUYS]\d?)$")


def validate_publication_number(raw: str) -> str:
    """Validate a patent publication/grant number such as CN114081026A."""
    text = (raw or "").strip().upper().replace(" ", "")
    if not _PUBLICATION_RE.match(text):
        raise ValidationError(
            f"专利公开(公告)号“{raw}”格式不正确，应如 CN114081026A",
            field="patents",
            code="patent_publication_format",
        )
    return text


def validate_patent_number(raw: str) -> str:
    """Accept either an application number or a publication number; return canonical form."""
    text = (raw or "").strip().upper().replace(" ", "")
    body = text.removeprefix("CN").removeprefix("ZL")
    if "." in body or body.rstrip("X").isdigit():
        return validate_application_number(text)
    return validate_publication_number(text)


def patent_type(number: str) -> str:
    """Chinese patent type of a canonical application or publication number."""
    if number.startswith("CN"):
        kind = number[-2] if number[-1].isdigit() else number[-1]
        return {"A": "发明", "B": "发明", "C": "发明", "U": "实用新型", "Y": "实用新型", "S": "外观设计"}[kind]
    return PATENT_TYPES[number[4]]
