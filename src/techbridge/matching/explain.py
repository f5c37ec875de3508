"""Explanations as data: shared terms, the best sentence pair, factor contributions, a summary."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

import numpy as np

from techbridge.kernel.snippets import excerpt

from .segment import char_bigrams
from .types import FactorContribution, SentencePair, SharedTerm

# Province-level names for the summary when the caller gives no region table (GB/T 2260).
_PROVINCES = {"11": "北京", "12": "天津", "13": "河北"}
_SNIPPET = 40

# What a shared-term chip must not be: a number or a measurement (98%, 3.5℃, 70mpa), a unit, a
# place name (the caller passes its region table's names) or a word any posting could contain.
_MEASURE = re.compile(r"^[0-9.\-+/%‰°]+[a-zμ°℃%‰]*$|^[0-9]")
UNITS = frozenset(
    "kg g mg t kt m mm cm km um nm l ml m2 m3 mpa kpa pa kw kwh mw w v kv a ma hz khz mhz ghz db rpm h min s "
    "吨 千克 公斤 克 毫克 斤 米 毫米 厘米 公里 千米 微米 纳米 平方米 立方米 亩 公顷 升 毫升 千瓦 兆瓦 瓦 度 伏 安 "
    "赫兹 小时 分钟 秒 天 日 周 月 年 万元 亿元 元 个 台 套 次 倍 项 家 人 条 件 批 吨位 百分点".split()
)
GENERIC = frozenset(
    "一次 一年 每年 每天 目前 现在 现有 公司 企业 我们 本公司 单位 合作 项目 问题 情况 要求 效果 方面 工作 "
    "提高 提升 降低 减少 增加 解决 实现 开展 开发 寻求 希望 需求 技术 方法 方案 研究 生产 产品 应用 系统 "
    "相关 主要 进行 采用 通过 能够 可以 需要 影响 过程 作用 条件 结果 分析 数据 国内 国外 行业 领域 市场 "
    "成本 质量 水平 能力 服务 管理 设备 材料 工艺 环境 发展 建设 较高 较低 大量 部分 全部 显著 明显".split()
)


def informative(word: str, places: Collection[str] = ()) -> bool:
    """True if a shared word says something about the technology (not 一次, 98%, kg, 唐山)."""
    w = word.strip().lower()
    if len(w) < 2 or w in UNITS or w in GENERIC or _MEASURE.match(w):
        return False
    return not any(w == p or (len(p) >= 2 and w in p) for p in places)


def place_words(names: Collection[str]) -> frozenset[str]:
    """Place names and their short forms (河北·唐山市 → 唐山, 滨海新区 → 滨海) for the chip filter."""
    out = set(_PROVINCES.values())
    for name in (part for label in names for part in label.split("·")):
        out.add(name)
        for suffix in ("特别行政区", "自治区", "新区", "省", "市", "区", "县", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.add(name[: -len(suffix)])
    return frozenset(out)


def shared_terms(
    query_words: Sequence[str],
    hit_text: str,
    weight_of: Callable[[str], float],
    limit: int,
    places: Collection[str] = frozenset(_PROVINCES.values()),
) -> tuple[SharedTerm, ...]:
    """Informative query words that occur in the hit, heaviest first, without nested repeats."""
    lowered = hit_text.lower()
    found: dict[str, float] = {}
    for word in dict.fromkeys(query_words):
        if word in lowered and informative(word, places):  # the cheap test first
            found[word] = weight_of(word)
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[SharedTerm] = []
    for word, weight in ranked:
        # "复合材料" already says "材料"; showing both wastes the reader's attention.
        if weight > 0 and not any(word in c.term or c.term in word for c in chosen):
            chosen.append(SharedTerm(word, round(float(weight), 4)))
        if len(chosen) == limit:
            break
    return tuple(chosen)


def best_pair_dense(
    query_sentences: Sequence[str],
    query_vectors: np.ndarray,
    hit_sentences: Sequence[str],
    hit_vectors: np.ndarray,
    center: np.ndarray | None = None,
) -> SentencePair | None:
    """The most similar (query sentence, hit sentence) by cosine of their embeddings.

    Measured around center (the engine's dense similarity), so the figure shown beside the pair
    is on the same scale as the semantic part of the score, not the raw e5 cosine (always ≈ 0.85).
    """
    if not len(query_sentences) or not len(hit_sentences):
        return None
    q, h = np.asarray(query_vectors, np.float32), np.asarray(hit_vectors, np.float32)
    if center is not None:
        q, h = _centred(q, center), _centred(h, center)
    sims = q @ h.T
    i, j = (int(x) for x in np.unravel_index(int(np.argmax(sims)), sims.shape))
    return SentencePair(query_sentences[i], hit_sentences[j], round(float(sims[i, j]), 4))


def _centred(rows: np.ndarray, center: np.ndarray) -> np.ndarray:
    shifted = rows - np.asarray(center, np.float32)
    return shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-6)


def best_pair_lexical(query_sentences: Sequence[str], hit_sentences: Sequence[str]) -> SentencePair | None:
    """Fallback without sentence vectors: the pair sharing most character bigrams (Dice)."""
    best: tuple[float, int, int] = (0.0, -1, -1)
    hit_sets = [set(char_bigrams(h)) for h in hit_sentences]
    for i, q in enumerate(query_sentences):
        qs = set(char_bigrams(q))
        for j, hs in enumerate(hit_sets):
            if qs and hs:
                dice = 2 * len(qs & hs) / (len(qs) + len(hs))
                if dice > best[0]:
                    best = (dice, i, j)
    if best[1] < 0:
        return None
    return SentencePair(query_sentences[best[1]], hit_sentences[best[2]], round(best[0], 4))


def region_label(code: str | None, names: Mapping[str, str]) -> str:
    """A short place name for a GB/T 2260 code: the caller's table, else the province."""
    if not code:
        return ""
    return names.get(code) or names.get(code[:4] + "00") or _PROVINCES.get(code[:2], code)


def summary(
    terms: Sequence[SharedTerm],
    pair: SentencePair | None,
    factors: Sequence[FactorContribution],
    flow: tuple[str, str] | None,
) -> str:
    """One readable Chinese line, e.g. 共同技术要点：储氢、复合材料；最相关描述：…；北京→唐山 京津冀协同."""
    parts: list[str] = []
    if terms:
        parts.append("共同技术要点：" + "、".join(t.term for t in terms))
    if pair is not None:
        text = pair.hit_sentence.strip().rstrip("。；;，,.、")  # the summary adds its own separators
        parts.append("最相关描述：" + excerpt(text, _SNIPPET + 1))
    for f in factors:
        if f.name == "region" and flow is not None and f.value > 0:
            parts.append(f"{flow[0]}→{flow[1]} {f.reason}")
        elif f.value != 0 and f.name != "region":
            parts.append(f.reason)
    return "；".join(parts) if parts else "文本相关"
