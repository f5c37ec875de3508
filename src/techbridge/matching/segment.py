"""Chinese segmentation for matching: domain dictionary, stopwords, Latin terms kept whole."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import rjieba

# Latin words, numbers with units and mixed codes stay one token: 70MPa, PM2.5, 5G, Cu-Ni, 3.5℃
# (NFKC turns ℃ into °c, hence the unit group).
_UNIT = r"(?:%|‰|°c|°f|°)?"
_LATIN = re.compile(r"[a-z0-9μ]+(?:[.\-+/][a-z0-9μ]+)*" + _UNIT)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_PIECES = re.compile(_LATIN.pattern + r"|[\u3400-\u4dbf\u4e00-\u9fff]+")
_NUMBER_ONLY = re.compile(r"^[0-9.\-+/]+$")

# Function words that carry no topic in any listing; the data file adds posting filler.
_BASE_STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 于 是 有 其 将 把 被 从 由 向 并 而 且 也 就 都 又 该 此 这 那 "
    "之 个 中 上 下 内 外 后 前 时 能 可 会 要 已 还 所 着 过 得 地 但 如 若 则 即 我 我们 你 他 它 "
    "一 一种 一个 一些 进行 通过 采用 利用 使用 基于 具有 以及 并且 对于 关于 其中 目前 可以 能够 "
    "不 没有 无法 没 很 较 更 最 非常 比较 需要 需 希望 问题 方法 研究 技术".split()
)


def normalize(text: str) -> str:
    """Fold full-width characters and case so 'ＰＭ２．５' and 'pm2.5' index alike."""
    return unicodedata.normalize("NFKC", text).lower()


def _data_lines(name: str) -> list[list[str]]:
    """Read a word list shipped in matching/data (jieba format: word [freq [tag]])."""
    path = resources.files("techbridge.matching").joinpath("data", name)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


class Segmenter:
    """Tokenizer shared by indexing and querying so both sides split text the same way."""

    def __init__(
        self,
        terms: Iterable[str | tuple[str, int | None]] = (),
        stopwords: Iterable[str] = (),
        search_mode: bool = True,
    ) -> None:
        self._jieba = rjieba.Jieba()
        for entry in terms:
            word, freq = (entry, None) if isinstance(entry, str) else entry
            word = normalize(word.strip())
            if len(word) > 1:
                self._jieba.add_word(word, freq, None)
        self.stopwords = frozenset(_BASE_STOPWORDS | {normalize(w) for w in stopwords})
        # Search mode also emits the parts of long compounds (复合材料 → 复合, 材料), so a demand
        # that says 材料 still meets a paper that says 复合材料.
        self.search_mode = search_mode

    def tokens(self, text: str) -> list[str]:
        """Split text into index terms, dropping stopwords, punctuation and bare numbers."""
        out: list[str] = []
        for piece in _PIECES.findall(normalize(text)):
            if _LATIN.fullmatch(piece):
                if not _NUMBER_ONLY.match(piece) and piece not in self.stopwords:
                    out.append(piece)
                continue
            words = (
                self._jieba.cut_for_search(piece) if self.search_mode else self._jieba.cut(piece)
            )
            out.extend(w for w in words if w not in self.stopwords)
        return out


def char_bigrams(text: str) -> list[str]:
    """Overlapping CJK character bigrams plus whole Latin tokens, a segmentation-free view."""
    out: list[str] = []
    for piece in _PIECES.findall(normalize(text)):
        if _CJK.fullmatch(piece):
            if len(piece) == 1:
                out.append(piece)
            out.extend(piece[i : i + 2] for i in range(len(piece) - 1))
        elif not _NUMBER_ONLY.match(piece):
            out.append(piece)
    return out


def char_unigrams(text: str) -> list[str]:
    """Single CJK characters plus whole Latin tokens: Chinese paraphrases often share morphemes."""
    out: list[str] = []
    for piece in _PIECES.findall(normalize(text)):
        if _CJK.fullmatch(piece):
            out.extend(piece)
        elif not _NUMBER_ONLY.match(piece):
            out.append(piece)
    return out


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The segmenter with the shipped domain dictionary and stopword lists."""
    entries = _data_lines("terms.txt") + _data_lines("terms_extra.txt")
    terms = [(e[0], int(e[1]) if len(e) > 1 and e[1].isdigit() else None) for e in entries]
    stopwords = [e[0] for e in _data_lines("stopwords.txt")]
    return Segmenter(terms=terms, stopwords=stopwords)
