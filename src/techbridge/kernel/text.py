"""Chinese text normalisation at ingest.

Two entry points:
- `normalize_text` for a field a person typed (title, summary…): script, width, pinyin
  glosses, punctuation, whitespace;
- `clean_document` for crawled documents (news, policies): the same per line, plus dropping
  web spam, navigation, teaser lists and footers, reporting every dropped line with its reason.

The caller keeps the text as submitted beside the normalised form; nothing here mutates it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from techbridge.kernel.errors import ValidationError

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A pinyin gloss after a character: 領(lǐng), 領（lǐng）, or a damaged "?qiáng)". A tone mark
# is required, so genuine parenthesised Latin text such as (MRP) or (SOS) is kept.
_PINYIN_GLOSS = re.compile(
    rf"(?<![A-Za-z])[(（]?\s*[a-zü]*[{_TONE_VOWELS}][a-zü{_TONE_VOWELS}]*\s*[)）](?![A-Za-z])"
)
# ASCII punctuation between Chinese characters becomes its full-width Chinese form.
_ASCII_TO_CN = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A comma after a Chinese character, or before one, is never a thousands separator.
_CN_PUNCT_BETWEEN = re.compile(
    rf"(?:(?<=[{_CJK}”’）》])\s*([,;:?!])\s*|\s*([,;:?!])\s*(?=[{_CJK}“‘（《]))"
)
_CN_PAREN = re.compile(rf"\(([^()]*[{_CJK}][^()]*)\)")
_CN_PERIOD = re.compile(rf"(?<=[{_CJK}”）])\.(?=[{_CJK}“（]|\s|$)")
# Crawl damage: stray HTML tags ("配置?!?/p>") and a sentence end mis-decoded as "?!?".
_HTML_REMNANT = re.compile(r"</?(?:p|br|div|span|strong|em|b|i|font)\b[^<>]{0,40}>|(?<=[?!])/p>", re.I)
_DAMAGED_STOP = re.compile(r"\?!\?")
_SPACES = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]+")


@cache
def _t2s() -> Any:
    import opencc  # heavy dictionary load: only when first needed

    # tw2s rather than t2s: crawled Traditional pages are mostly machine-converted mainland
    # text, and tw2s renders the particle 著 as 着 (標誌著 → 标志着) where t2s leaves 著.
    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC); Simplified text passes unchanged."""
    return str(_t2s().convert(text))


def to_halfwidth(text: str) -> str:
    """Full-width Latin letters, digits and symbols → ASCII; Chinese punctuation is kept."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch in "＋－＝＠＃＄％＆＊／＜＞＾＿｀｜～．":
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def strip_pinyin_glosses(text: str) -> str:
    """領(lǐng)導(dǎo) → 領導: drop pinyin readings crawled pages put after characters."""
    return _PINYIN_GLOSS.sub("", text)


def normalize_punctuation(text: str) -> str:
    """Chinese punctuation between Chinese characters; whitespace collapsed."""
    text = _CN_PUNCT_BETWEEN.sub(lambda m: _ASCII_TO_CN[m.group(1) or m.group(2)], text)
    text = _CN_PAREN.sub(r"（\1）", text)
    text = _CN_PERIOD.sub("。", text)
    return _SPACES.sub(" ", text).strip()


_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def control_characters(text: str) -> list[str]:
    """The control characters of `text` other than line breaks and tabs (NUL, ESC, BEL…), as U+XXXX."""
    found = {f"U+{ord(ch):04X}" for ch in text
             if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs")}
    return sorted(found)


def reject_control_characters(text: str, *, field: str | None = None, label: str = "") -> None:
    """Refuse text carrying invisible control characters: they truncate text (NUL), break exports
    (XLSX refuses them) and hide content from reviewers."""
    found = control_characters(text)
    if found:
        raise ValidationError(f"{label or '内容'}含有不可见的控制字符（{'、'.join(found[:3])}），请删除后重试",
                              field=field, code="control_characters")


def normalize_text(text: str) -> str:
    """Normalise a typed field: NFC, Simplified script, half-width ASCII, no pinyin, clean punctuation."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _HTML_REMNANT.sub("", text)
    text = _DAMAGED_STOP.sub("。", text)
    text = strip_pinyin_glosses(text)
    text = to_simplified(text)
    text = to_halfwidth(text)
    lines = [normalize_punctuation(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- crawled documents

_SPAM_TERMS = (
    "毛片", "黄色网站", "免费视频", "视频在线", "在线观看", "无码", "成人视频", "a级", "av", "偷窥", "女爱",
    "博彩", "赌场", "时时彩", "六合彩", "百家乐", "代开发票", "刷单", "裸聊", "约炮",
)
_NAV_EXACT = {
    "数字报", "小程序", "公众号", "微信", "微博", "客户端", "返回顶部", "打印", "关闭窗口", "分享到", "扫一扫",
    "相关资料图", "（相关资料图）", "阅读提示", "评论被关闭。", "评论被关闭", "更多", "全部", "本月", "上一篇", "下一篇",
}
_NAV_PREFIXES = (
    "编辑：", "责任编辑", "相关阅读", "编辑推荐", "友情链接", "copyright", "版权所有", "主办单位", "visits:",
    "电信与信息服务业务经营许可证", "网站地图", "联系我们", "分享到", "扫码", "来源：中国高新网",
)
_NAV_CONTAINS = ("icp备", "icp证", "all rights reserved", "公网安备")
_FOOTER_START = ("相关阅读", "友情链接", "copyright", "编辑推荐", "版权所有", "visits:")
_BULLETS = ("•", "·", "●", "▪", "◆", "■", "*", "-")


@dataclass(frozen=True)
class DroppedLine:
    line: str
    reason: str  # spam | navigation | teaser_list | footer | noise


@dataclass(frozen=True)
class CleanedDocument:
    text: str
    lines: list[str]
    dropped: list[DroppedLine] = field(default_factory=list)


def is_spam(line: str) -> bool:
    """Keyword-stuffed adult/gambling lines injected into crawled pages."""
    low = line.lower()
    hits = sum(1 for term in _SPAM_TERMS if term in low)
    return hits >= 2


def is_navigation(line: str) -> bool:
    """Site chrome: menus, share buttons, credits, copyright and licence lines."""
    low = line.lower().replace(" ", "")
    if low in _NAV_EXACT or low.strip("()（）") in _NAV_EXACT:
        return True
    if any(low.startswith(p.replace(" ", "")) for p in _NAV_PREFIXES):
        return True
    if any(c in low for c in _NAV_CONTAINS):
        return True
    # "高新视频 更多", "高新热榜 全部本月": short menu rows ending in a menu word
    return len(line) <= 16 and bool(re.search(r"(更多|全部|本月)$", line.strip()))


def _is_noise(line: str) -> bool:
    """Counters and stray symbols left by page templates ("0", "Visits: 130")."""
    return bool(re.fullmatch(r"[\d\s.,:：]*", line)) or line.strip() in {"\xa0", "&nbsp;"}


def _strip_teaser_list(lines: list[str], dropped: list[DroppedLine]) -> list[str]:
    """Drop a leading bullet list of unrelated headlines before the article starts."""
    i = 0
    while i < len(lines) and lines[i].lstrip().startswith(_BULLETS):
        i += 1
    if i >= 3:  # a single bullet line is content; a run of them before the text is a teaser list
        dropped.extend(DroppedLine(line, "teaser_list") for line in lines[:i])
        return lines[i:]
    return lines


def clean_document(raw: str) -> CleanedDocument:
    """Normalise a crawled document and drop spam, navigation, teaser lists and footers."""
    dropped: list[DroppedLine] = []
    lines = [normalize_text(line) for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    lines = _strip_teaser_list(lines, dropped)
    kept: list[str] = []
    in_footer = False
    for line in lines:
        low = line.lower().replace(" ", "")
        if in_footer or low.startswith(_FOOTER_START):
            in_footer = True
            dropped.append(DroppedLine(line, "footer"))
        elif is_spam(line):
            dropped.append(DroppedLine(line, "spam"))
        elif is_navigation(line):
            dropped.append(DroppedLine(line, "navigation"))
        elif _is_noise(line):
            dropped.append(DroppedLine(line, "noise"))
        else:
            kept.append(line)
    return CleanedDocument("\n".join(kept), kept, dropped)
