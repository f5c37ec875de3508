"""Reading a cleaned policy text: title, date, issuing body, region, measures and tags.

Pure functions over the lines `clean_document` kept. Policy documents and the news that
reports them are written to a few conventions — a heading line, a dateline, "XX印发的《…》",
"来源：…", enumerations such as "一是……二是……" or "（一）" — and each function reads one.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from techbridge.kernel.industries import industries
from techbridge.kernel.regions import regions
from techbridge.policies.model import AUDIENCE_TERMS, Measure
from techbridge.policies.notice import is_formality

_END_PUNCT = "。！？；"
_DATE_LINE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_LABELLED_DATE = re.compile(r"(?:发布|印发|成文|发文)(?:日期|时间)[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MONTH_DAY_LEAD = re.compile(r"^(\d{1,2})月(\d{1,2})日(?:至(\d{1,2})日)?")
_YEAR = re.compile(r"(\d{4})年")
_SUBJECT_DOC = re.compile(r"《([^《》]{4,60})》[（(]以下简称")
_DOC_VERB = re.compile(r"审议通过|印发|发布|出台|施行")
_ISSUED_BY = re.compile(
    r"([\u4e00-\u9fff、]{2,40}?(?:部门|委员会|管委会|科委|科技局|科技厅|人民政府|办公厅|办公室|科学技术部|科技部|领导小组|联合办|(?:科学技术|财政|商务|教育|工业和信息化|市场监督管理|知识产权)(?:厅|局)))"
    r"(?:联合|共同)?(?:牵头)?(?:研究)?(?:制定|印发|发布|出台)了?的?《"
)
_REPORTER_FROM = re.compile(r"记者从([^，。、]{2,30}?)(?:了解到|获悉)")
# Metadata rows of government sites: "发布日期：…", "文号：…", "来源：…" — neither titles nor sections.
_META_LINE = re.compile(r"^(?:(?:发布|印发|成文|发文)(?:日期|时间|机构|字号)|文号|索引号|主题分类|来源|作者)")
_SOURCE_LINE = re.compile(r"^来源[:：]\s*([^\s：:]+)")
_AUTHOR_OF = re.compile(r"作者(?:分别)?为([^，。；）)]+?(?:研究院|研究所|研究中心|大学|学院|中心|科学院))")
_LEAD_CLAUSE = re.compile(
    r"^(?:近年来|近期|目前|当前|今年以来|据统计|据了解|同时|此外|例如|一方面|另一方面|通过.{0,10}|截至.*|早在.*|作为.{0,20}|\d{1,2}月\d{1,2}日.*"
    r"|\d{4}年.{0,6}|.{0,14}(?:指出|表示|介绍|强调|认为|说)|.*(?:了解到|获悉)|在.*看来)$"
)
_ORDINALS = "一二三四五六七八九十"
_ITEM_MARK = re.compile(rf"(?:^|(?<=[。；：]))\s*([{_ORDINALS}]{{1,2}})是")
_NUMBERED = re.compile(rf"^(?:[（(][{_ORDINALS}\d]{{1,3}}[)）]|[{_ORDINALS}]{{1,3}}、|\d{{1,2}}\s*[.．、]|第[{_ORDINALS}百]{{1,4}}条)\s*")
# Articles of a 办法 that state its purpose, scope, interpretation or commencement, not a measure.
_FRAME_ARTICLE = re.compile(r"^(?:为(?:了)?.{0,60}(?:制定本|特制定)|本(?:办法|措施|细则|规定)(?:所称|适用|由|自|的)|.{0,20}负责解释)")
_MEASURE_SECTION = re.compile(r"建议|措施|举措|对策")
_NON_MEASURE_SECTION = re.compile(r"现状|案例|经验|启示|背景|成效|问题|挑战|进展")
_MEASURE_VERB = re.compile(
    r"(?<![明必])(?:将|要)(?:持续|在|打造|组织|推动|聚焦|进一步|加快|深入|建设|围绕|完善|提升|加强|开展|实施|构建|发挥|共同)"
    r"|提出|支持|鼓励"
)
_REPORTED = re.compile(r"？|表示|介绍|分析|说|“[^”]{12,}")  # reported speech, not a measure
# A quantified aim: "不少于300项", "100项以上", "力争突破3500亿元" — not "省级以上" or "已培育400余家".
_TARGET = re.compile(r"(?:不少于|不低于|超过|达到|力争|突破)[^，。；\d]{0,6}\d|\d+(?:\.\d+)?\s*[^\d，。；]{0,3}以上")
_SENTENCES = re.compile(r"(?<=[。！？；])")
_GENERIC_ALIASES = {"医院", "软件", "农业", "物流", "电力", "航空", "食品", "海洋", "环保", "节能", "服装", "公路", "铁路"}
_DOC_TITLE_SUFFIX = re.compile(r"(?:措施|办法|意见|方案|通知|规定|细则|规划|决定|指引|若干政策)$")
# A 公文's title (GB/T 9704-2012 §7.3.1) may run long: "XX关于印发《…》的通知" is kept whole.
NOTICE_TITLE = re.compile(r"^.{2,80}?关于.{2,150}的(?:通知|决定|意见|批复|通告|公告|函|通报)$")
MAX_MEASURES = 12
MAX_TITLE = 40


def looks_like_heading(line: str) -> bool:
    """A short line without sentence punctuation: a title or a section heading."""
    line = line.strip()
    return (0 < len(line) <= MAX_TITLE and line[-1] not in _END_PUNCT and line.count("，") <= 1
            and not _DATE_LINE.match(line) and not _META_LINE.match(line))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s.strip()]


def extract_title(lines: list[str]) -> str:
    """The heading line; else the policy the text reports on; else the lead sentence's main clause."""
    if not lines:
        return ""
    if looks_like_heading(lines[0]) or NOTICE_TITLE.search(lines[0]):
        return lines[0]
    head = "\n".join(lines[:3])
    subject = _SUBJECT_DOC.search(head)
    if subject:
        verb = _DOC_VERB.findall(head[max(0, subject.start() - 40): subject.start()])
        return f"《{subject.group(1)}》{verb[-1] if verb else ''}"
    first = sentences(lines[0])[0] if sentences(lines[0]) else lines[0]
    clauses = [c.strip() for c in re.split(r"[，：]", first.rstrip(_END_PUNCT)) if c.strip()]
    main = next((c for c in clauses if not _LEAD_CLAUSE.match(c) and len(c) >= 6), clauses[0] if clauses else first)
    main = re.sub(r"^(?:要|将|需|应)", "", main)
    return main if len(main) <= MAX_TITLE else main[: MAX_TITLE - 1] + "…"


def _safe_date(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def extract_date(lines: list[str]) -> date | None:
    """A dateline near the top or bottom, a labelled date, or a lead "5月12日" with its year.

    A month and day whose year the text does not state give no date: guessing a year
    would put a policy in the wrong period.
    """
    edges = lines[:6] + lines[-4:]
    for line in edges:
        m = _DATE_LINE.match(line.strip())
        if m:
            return _safe_date(*m.groups())
    text = "\n".join(lines)
    m = _LABELLED_DATE.search(text)
    if m:
        return _safe_date(*m.groups())
    if lines:
        lead = sentences(lines[0])[0] if sentences(lines[0]) else lines[0]
        md, year = _MONTH_DAY_LEAD.match(lead), _YEAR.search(lead)
        if md and year:
            return _safe_date(year.group(1), md.group(1), md.group(3) or md.group(2))
    return None


def extract_issuer(lines: list[str]) -> str:
    """Who issued or published it: the body that issued the policy named, the reporter's source,
    the "来源：" line, or the authors' institution."""
    text = "\n".join(lines)
    m = _ISSUED_BY.search(text)
    if m:
        body = re.split(r"审议通过|通过|由|经|会同|，", m.group(1))[-1]
        if len(body) >= 2:
            return body
    m = _REPORTER_FROM.search(text)
    if m:
        return m.group(1)
    for line in lines[:8]:
        m = _SOURCE_LINE.match(line)
        if m:
            return m.group(1)
    m = _AUTHOR_OF.search(text)
    return m.group(1) if m else ""


def region_in(name: str) -> str | None:
    """The most specific 京津冀 division a name mentions ("河北省保定市科技局" → 保定)."""
    table = regions()
    found: list[tuple[int, int, str]] = []  # (level rank, position, code)
    rank = {"province": 0, "city": 1, "county": 2}
    for candidate, code in table.by_name.items():
        if len(candidate) < 2 or candidate.isdigit():
            continue
        pos = name.find(candidate)
        region = table.by_code[code]
        if pos >= 0 and region.in_jjj:
            found.append((rank[region.level], -pos, code))
    return max(found)[2] if found else None


def extract_region(issuer: str, title: str) -> str | None:
    """The region a policy applies to: its issuer's, else the one its title names; None = 京津冀."""
    for name in (issuer, title):
        if "京津冀" in name or "三地" in name:
            return None
        code = region_in(name)
        if code:
            return code
    return None


def extract_targets(text: str) -> tuple[str, ...]:
    """Quantified targets such as "提供北京科技成果不少于400项"."""
    out = []
    for clause in re.split(r"[，。；、：]", text):
        if _TARGET.search(clause) and "已" not in clause and len(clause) <= 40:
            out.append(clause.strip())
    return tuple(out)


def _measure(text: str, section: str) -> Measure:
    text = text.strip()
    first = (sentences(text)[0] if sentences(text) else text).rstrip(_END_PUNCT)
    clauses = [c for c in re.split(r"[，：]", first) if c.strip()]
    lead = 0
    while lead < len(clauses) - 1 and _LEAD_CLAUSE.match(clauses[lead].strip()):
        lead += 1
    title = "，".join(clauses[lead:]).strip()
    if len(title) > 20:  # a heading reads better as the sentence's first clause (if it says enough)
        parts = re.split(r"[，；]", title)
        title = parts[0] if len(parts[0]) >= 8 or len(parts) == 1 else f"{parts[0]}，{parts[1]}"
        title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    return Measure(title, text, section, extract_targets(text))


def _enumerated(lines: list[str]) -> list[Measure]:
    """Items of "一是……二是……" runs and long numbered lines, each with its section heading."""
    items: list[Measure] = []
    top, sub = "", ""
    for line in lines:
        if is_formality(line):
            continue
        numbered = _NUMBERED.match(line)
        if looks_like_heading(line):
            if line.startswith(("（", "(")):
                sub = line
            else:
                top, sub = line, ""
            continue
        section = " / ".join(s for s in (top, sub) if s)
        marks = list(_ITEM_MARK.finditer(line))
        if len(marks) >= 2:
            for i, mark in enumerate(marks):
                end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
                items.append(_measure(line[mark.end():end], section))
        elif numbered and not _FRAME_ARTICLE.search(line[numbered.end():]):
            items.append(_measure(line[numbered.end():], section))
    return items


def extract_measures(lines: list[str]) -> list[Measure]:
    """The measures as items: enumerated ones (preferring recommendation/measure sections),
    else the sentences that announce an action, targets first."""
    items = _enumerated(lines)
    wanted = [m for m in items if _MEASURE_SECTION.search(m.section)]
    if wanted:
        items = wanted
    else:
        items = [m for m in items if not _NON_MEASURE_SECTION.search(m.section)]
    if items:
        return items[:MAX_MEASURES]
    found: list[Measure] = []
    for line in lines[1:]:
        if is_formality(line):
            continue
        for sentence in sentences(line):
            if 15 <= len(sentence) <= 180 and not _REPORTED.search(sentence) and (
                    _MEASURE_VERB.search(sentence) or extract_targets(sentence)):
                found.append(_measure(sentence, ""))
    found.sort(key=lambda m: 0 if m.targets else 1)  # stable: document order within each group
    return found[:MAX_MEASURES]


def extract_industries(text: str, limit: int = 6) -> list[str]:
    """Industry chains the text names: by name, or by an alias it uses at least twice."""
    counts: Counter[str] = Counter()
    for code, industry in industries().items():
        named = text.count(industry.name)
        aliases = sum(text.count(a) for a in industry.aliases if len(a) >= 2 and a not in _GENERIC_ALIASES
                      and a != industry.name)
        if named or aliases >= 2:
            counts[code] = named * 2 + aliases
    return [code for code, _ in counts.most_common(limit)]


def extract_audiences(text: str) -> list[str]:
    """Kinds of organisation the text addresses (高校, 企业, 技术转移机构 …)."""
    return [a for a, terms in AUDIENCE_TERMS.items() if any(t in text for t in terms)]


def classify(title: str, text: str, *, doc_number: str = "") -> str:
    """政策文件, 政策解读, 研究文章 or 新闻资讯, from how the text presents itself (a 文号 makes it a 文件)."""
    if doc_number or (_DOC_TITLE_SUFFIX.search(title.strip("《》")) and not title.startswith("《")):
        return "政策文件"
    if re.search(r"作者(?:分别)?为", text):
        return "研究文章"
    if re.search(r"《[^《》]*(?:措施|办法|意见|方案|规划)》", text[:600]):
        return "政策解读"
    return "新闻资讯"


def summarize(lines: list[str], title: str, limit: int = 160) -> str:
    """The lead of the text: its first sentences after the title, date and credit lines."""
    body = [ln for ln in lines if ln != title and not _DATE_LINE.match(ln) and not _META_LINE.match(ln)
            and not looks_like_heading(ln) and not is_formality(ln)]
    body = [_NUMBERED.sub("", ln, count=1) if ln.startswith("第") else ln for ln in body]
    out = ""
    for sentence in sentences(" ".join(body[:3])):
        if len(out) + len(sentence) > limit:
            break
        out += sentence
    return out or (body[0][: limit - 1] + "…" if body else "")
