"""Putting Chinese sentences together and cutting them short without breaking them.

`join_sentences` joins fields into one text with exactly one 。 between them (a field that
already ends a sentence gets no second one); `excerpt` shortens a text for a card or a line,
preferring a sentence or clause boundary, never cutting inside a number or a Latin word, and
marking the cut with the Chinese ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ELLIPSIS = "…"
_SENTENCE_END = "。！？!?；;"
_CLAUSE_END = "，,、：:"
# Inside a "word" that must not be cut: digits with their decimal point, Latin letters, units.
_WORD_CHAR = re.compile(r"[0-9A-Za-z.%‰℃°±~～/-]")
_TRAILING = "，,、：:；;（(“‘《 "


def join_sentences(parts: Iterable[str | None], sep: str = "。") -> str:
    """Non-empty parts joined as sentences: "甲。乙" — and "甲。乙" again when 甲 already ends with 。."""
    out = ""
    for part in parts:
        text = (part or "").strip()
        if not text:
            continue
        if out and out[-1] not in _SENTENCE_END:
            out += sep
        out += text
    return out


def excerpt(text: str | None, limit: int) -> str:
    """`text` shortened to at most `limit` characters (the ellipsis included) at a natural boundary."""
    text = re.sub(r"\s+", " ", (text or "").strip())
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ELLIPSIS))
    head = text[:room]
    floor = room * 3 // 5  # a boundary this far in still leaves a useful excerpt
    for enders in (_SENTENCE_END, _CLAUSE_END):
        cut = max(head.rfind(ch) for ch in enders)
        if cut + 1 >= floor:
            return head[: cut + 1].rstrip(_TRAILING) + ELLIPSIS
    # No boundary: step back out of a number or Latin word the cut would split ("1.8|6 kg").
    end = room
    if _WORD_CHAR.match(text[end]):
        while end > floor and _WORD_CHAR.match(text[end - 1]):
            end -= 1
    return text[:end].rstrip(_TRAILING + ".") + ELLIPSIS
