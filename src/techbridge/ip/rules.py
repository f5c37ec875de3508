"""Patent records as pure rules: kind from the number, term, annuity deadlines, and warnings.

Sources: 《专利法》第四十二条 (terms from the filing date: 发明 20 years, 实用新型 10 years, 外观设计 15 years for
applications from 2021-06-01); 《专利法实施细则》(2023) on annuities: the fee for each following year is due before
the previous year ends (the filing-date anniversary), with six months' grace against a late fee, after which the
patent lapses. Legal status is entered or imported by people and never fetched live (the platform has no internet):
every record carries who checked it and when, and an old check is itself a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from techbridge.kernel.errors import ValidationError


class LegalStatus(StrEnum):
    VALID = "有效"
    PENDING = "审中"
    REJECTED = "驳回"
    LAPSED = "失效"
    EXPIRED = "届满"


DEAD = {LegalStatus.REJECTED, LegalStatus.LAPSED, LegalStatus.EXPIRED}
KINDS = {"1": "发明", "8": "发明", "2": "实用新型", "9": "实用新型", "3": "外观设计"}
TERMS = {"发明": 20, "实用新型": 10, "外观设计": 15}
DESIGN_15_FROM = date(2021, 6, 1)  # 外观设计 filed before this date: 10 years
GRACE_MONTHS = 6
ANNUITY_NOTICE_DAYS = 60
STALE_CHECK_DAYS = 90
_NUMBER = re.compile(r"^(?:ZL)?(\d{4})([12389])(\d{7})\.?([\dX])$")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


def patent_kind(number: str) -> str:
    """The kind from a 13-digit application number (2021 1 1212367.6: year, kind digit, serial, check)."""
    match = _NUMBER.match(number.strip().upper().replace(" ", ""))
    if not match:
        raise ValidationError(f"专利号“{number}”格式不正确（应为如202111212367.6的13位申请号）", field="number",
                              code="patent_number")
    return KINDS[match.group(2)]


def term_end(kind: str, filed: date) -> date:
    years = TERMS[kind]
    if kind == "外观设计" and filed < DESIGN_15_FROM:
        years = 10
    return add_months(filed, 12 * years) if filed.month != 2 or filed.day != 29 else date(filed.year + years, 2, 28)


@dataclass(frozen=True)
class Annuity:
    due: date  # the filing-date anniversary before which the next year's fee is paid
    grace_end: date  # last day to pay with the late fee
    year: int  # the patent year the fee is for (1 = the filing year)


def next_annuity(filed: date, paid_through_year: int) -> Annuity:
    """The next fee after `paid_through_year` patent years have been paid."""
    if paid_through_year < 1:
        raise ValidationError("已缴年费年度应不少于1", field="paid_through_year", code="paid_year")
    due = add_months(filed, 12 * paid_through_year)
    return Annuity(due, add_months(due, GRACE_MONTHS), paid_through_year + 1)


@dataclass(frozen=True)
class Licence:
    licensee: str
    exclusive: bool  # 独占 or 排他 许可
    until: date | None


@dataclass(frozen=True)
class Warning:
    level: str  # 严重 | 提醒
    message: str


def warnings(*, number: str, status: str, filed: date | None, paid_through_year: int | None, checked_on: date | None,
             licences: Sequence[Licence], pledged: bool, buyer: str | None, today: date,
             annuity_due: date | None = None) -> list[Warning]:
    """What the achievement page and the pipeline should say about one patent on `today`.

    `annuity_due` is the deadline entered by hand when the filing date or the paid years are unknown.
    """
    found: list[Warning] = []
    kind = patent_kind(number)
    if LegalStatus(status) in DEAD:
        found.append(Warning("严重", f"专利{number}法律状态为“{status}”，不能作为有效专利转让或许可"))
    if filed is None and annuity_due is not None and LegalStatus(status) == LegalStatus.VALID:
        found.extend(_annuity_warnings(number, Annuity(annuity_due, add_months(annuity_due, GRACE_MONTHS), 0), today))
    if filed is not None and LegalStatus(status) == LegalStatus.VALID:
        if today >= term_end(kind, filed):
            found.append(Warning("严重", f"专利{number}已于{term_end(kind, filed).isoformat()}保护期届满"))
        elif paid_through_year is not None:
            found.extend(_annuity_warnings(number, next_annuity(filed, paid_through_year), today))
        elif annuity_due is not None:
            found.extend(_annuity_warnings(number, Annuity(annuity_due, add_months(annuity_due, GRACE_MONTHS), 0), today))
    for licence in licences:
        live = licence.until is None or licence.until >= today
        if licence.exclusive and live and licence.licensee != (buyer or ""):
            found.append(Warning("严重", f"专利{number}已独占/排他许可给{licence.licensee}"
                                       f"{'（至' + licence.until.isoformat() + '）' if licence.until else ''}，不能再许可他人"))
    if pledged:
        found.append(Warning("提醒", f"专利{number}已质押，转让须经质权人同意"))
    if checked_on is None or (today - checked_on).days > STALE_CHECK_DAYS:
        found.append(Warning("提醒", f"专利{number}的法律状态{'从未核实' if checked_on is None else '已超过' + str(STALE_CHECK_DAYS) + '天未核实'}"
                                   "（平台不联网查询，请以国家知识产权局公布信息为准）"))
    return found


def _annuity_warnings(number: str, annuity: Annuity, today: date) -> list[Warning]:
    which = f"第{annuity.year}年" if annuity.year else "下一年度"
    if annuity.due <= today <= annuity.grace_end:
        return [Warning("严重", f"专利{number}{which}年费已于{annuity.due.isoformat()}到期未缴，"
                              f"须在{annuity.grace_end.isoformat()}前补缴并缴纳滞纳金，否则专利权终止")]
    if today > annuity.grace_end:
        return [Warning("严重", f"专利{number}年费逾期超过{GRACE_MONTHS}个月，专利权可能已终止，请核实法律状态")]
    if (annuity.due - today).days <= ANNUITY_NOTICE_DAYS:
        return [Warning("提醒", f"专利{number}{which}年费将于{annuity.due.isoformat()}到期")]
    return []


def open_licence_problems(*, number: str, status: str, kind: str, licences: Sequence[Licence], pledged_without_consent: bool,
                          annuity_overdue: bool, has_evaluation_report: bool, term_end_on: date | None,
                          licence_until: date | None, today: date) -> list[str]:
    """Why a patent may not be put under an open licence (专利法 第五十条、第五十一条; 专利法实施细则(2023) 第八十五条、
    第八十六条); an empty list when it may."""
    found: list[str] = []
    if LegalStatus(status) != LegalStatus.VALID:
        found.append(f"专利{number}法律状态为“{status}”：开放许可声明应在授予专利权后、专利权有效期内提出（实施细则第八十五条）")
    for licence in licences:
        if licence.exclusive and (licence.until is None or licence.until >= today):
            found.append(f"专利{number}处于对{licence.licensee}的独占或排他许可有效期内，不得实行开放许可（实施细则第八十六条第一项）")
    if annuity_overdue:
        found.append(f"专利{number}未按规定缴纳年费，不得实行开放许可（实施细则第八十六条第三项）")
    if pledged_without_consent:
        found.append(f"专利{number}已质押且未取得质权人同意，不得实行开放许可（实施细则第八十六条第四项）")
    if kind in ("实用新型", "外观设计") and not has_evaluation_report:
        found.append(f"{kind}专利{number}提出开放许可声明应当提供专利权评价报告（专利法第五十条）")
    if term_end_on is not None and licence_until is not None and licence_until > term_end_on:
        found.append(f"开放许可期限不能超过专利{number}的保护期（至{term_end_on.isoformat()}）")
    return found
