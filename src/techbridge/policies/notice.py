"""Reading the formal parts of a government notice (公文): who issued it, its 文号, when it was signed,
when it takes effect and until when it is valid, and which lines are its address and cover text.

A 科技局/科委 notice follows GB/T 9704-2012 (党政机关公文格式): the issuing body in the title
("XX关于印发《…》的通知") and again in the signature above the date, the 发文字号 such as
"京科发〔2025〕18号" under the title, the 主送机关 line ("各区科委，各有关单位："), and in the
attached 办法 the articles on when it is 施行 and for how long it is 有效. Pure functions over
the lines `clean_document` kept.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_DAY = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
# GB/T 9704-2012 §7.2.4: 发文字号 = 机关代字 + 〔年份〕 + 序号 (brackets vary in plain text).
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号")
_LABELLED_NUMBER = re.compile(r"(?:发文字号|文号|发文号)[:：]\s*(\S+号)")
_LABELLED_ISSUER = re.compile(r"^(?:发文机关|发布机构|发文单位|发布机关)[:：]\s*(.+)$")
_TITLE_ISSUER = re.compile(r"^(.{2,80}?)关于(?:印发|开展|做好|组织|公布|发布|加强|进一步|推进|实施|支持|修订|废止)")
_BODY = r"(?:委员会|管理委员会|管委会|科委|科学技术局|科技局|科学技术厅|科技厅|人民政府|办公厅|办公室|科学技术部|科技部|财政局|财政厅|领导小组|发展和改革委员会|知识产权局)"
_BODY_LINE = re.compile(rf"^(?:[\u4e00-\u9fff（）()]{{2,40}}?{_BODY})(?:[\s、，,]+[\u4e00-\u9fff（）()]{{2,40}}?{_BODY})*$")
_ADDRESSEE = re.compile(r"^各[^。；]{1,80}[：:]$")
_COVER = re.compile(r"^现(?:将|把)《[^》]+》(?:印发|转发)给你们|请(?:结合实际)?认真(?:贯彻|遵照|组织)")
_EFFECTIVE = re.compile(rf"自\s*{_DAY}\s*起(?:施行|执行|实施|生效)")
_EFFECTIVE_ON_ISSUE = re.compile(r"自(?:印发|发布|公布)之日起(?:施行|执行|实施|生效)")
_VALID_UNTIL = re.compile(rf"有效期(?:至|到|截至)\s*{_DAY}")
_VALID_YEARS = re.compile(r"有效期(?:为)?\s*([一二两三四五六七八九十\d]{1,2})\s*年")


def _day(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def doc_number(lines: list[str]) -> str:
    """The notice's own 发文字号: labelled, or a line of its own near the top (not one the text cites)."""
    for line in lines[:12]:
        m = _LABELLED_NUMBER.search(line)
        if m and DOC_NUMBER.fullmatch(m.group(1)):
            return _squeeze(m.group(1))
        if DOC_NUMBER.fullmatch(line.strip()):
            return _squeeze(line)
    return ""


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.strip())


def issuer_of_notice(lines: list[str], title: str) -> str:
    """The issuing body (bodies, for a joint notice): labelled, else named in the title, else the signature."""
    for line in lines[:12]:
        m = _LABELLED_ISSUER.match(line.strip())
        if m:
            return m.group(1).strip()
    m = _TITLE_ISSUER.match(title.strip())
    if m and re.search(_BODY + r"$", m.group(1).strip()):
        return _bodies(m.group(1))
    signed = signature(lines)
    return signed[0] if signed else ""


def _bodies(text: str) -> str:
    """"北京市科学技术委员会 中关村科技园区管理委员会" → joined with 、."""
    parts = [p for p in re.split(r"[\s、，,]+", text.strip()) if p]
    return "、".join(parts)


def signature(lines: list[str]) -> tuple[str, date] | None:
    """The issuing body's signature and the date under it (落款 and 成文日期), wherever the notice ends."""
    for i, line in enumerate(lines):
        if not _BODY_LINE.match(line.strip()):
            continue
        for follower in lines[i + 1 : i + 3]:
            m = re.fullmatch(rf"\s*{_DAY}\s*", follower)
            if m and (signed := _day(*m.groups())):
                return _bodies(line), signed
    return None


def effective_on(text: str, issued_on: date | None) -> date | None:
    """The day it takes effect: "自2025年7月1日起施行", or its issue date for "自印发之日起施行"."""
    m = _EFFECTIVE.search(text)
    if m:
        return _day(*m.groups())
    return issued_on if _EFFECTIVE_ON_ISSUE.search(text) else None


def valid_until(text: str, starts: date | None) -> date | None:
    """The last day it is valid: "有效期至2029年12月31日", or N years from the day it takes effect."""
    m = _VALID_UNTIL.search(text)
    if m:
        return _day(*m.groups())
    m = _VALID_YEARS.search(text)
    if m and starts is not None:
        years = int(m.group(1)) if m.group(1).isdigit() else _CN_DIGITS.get(m.group(1), 0)
        if years:
            try:
                return starts.replace(year=starts.year + years) - timedelta(days=1)
            except ValueError:  # 29 February
                return starts.replace(year=starts.year + years, day=28)
    return None


def is_formality(line: str) -> bool:
    """The address line, the cover sentence and the signature: parts of the form, never a measure."""
    line = line.strip()
    return bool(_ADDRESSEE.match(line) or _COVER.search(line) or _BODY_LINE.match(line) or DOC_NUMBER.fullmatch(line))
