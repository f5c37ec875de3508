"""One 匹配度 for people: the ranking score turned into the chance that the match is right.

The engine's score is a sum of z-scores and factor contributions: it orders candidates well but
means nothing on its own (the same pair could read 66 in one place and 57 in another). Here it is
mapped through an isotonic calibration fitted on labelled pairs — demands the team wrote, each
with the one achievement that answers it (see matching/training.py) — so 匹配度 70 means that about
70 of 100 such pairs were the right answer. Full demands and the few words typed into a search box
score differently, so each has its own curve; both give the same 0–100 scale.
The curves ship as JSON (piecewise linear, read with numpy.interp).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

SHIPPED = "calibration.json"
DEMAND = "demand"  # a whole demand (or achievement) matched against the other side
SEARCH = "search"  # a few words typed into a search box
HIGH_MATCH = 50  # 匹配度 from which a hit is shown as 高度匹配: more likely right than wrong
# Catalogue sizes with their own curves (plus the whole training corpus): a score is a z-score
# within its catalogue, so the same figure is stronger evidence among 25,600 listings than among 200.
CALIBRATION_SIZES = (30, 200, 2000)


def curve_key(kind: str, size: int) -> str:
    """Name of the curve of one query kind fitted in a catalogue of `size` listings."""
    return f"{kind}@{size}"


@dataclass(frozen=True)
class Curve:
    """Non-decreasing points (score → probability) of one isotonic fit."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def probability(self, score: float) -> float:
        if not self.x:
            return 0.0
        return float(np.interp(score, self.x, self.y))


@dataclass(frozen=True)
class Calibration:
    """The curves of each query kind and what they were fitted on."""

    curves: dict[str, Curve]
    meta: dict[str, Any]

    def percent(self, score: float, kind: str = DEMAND, catalogue_size: int | None = None) -> int:
        """匹配度 0–100 of a final ranking score in a catalogue of about catalogue_size listings.

        Without a size, the size the matching service last reported (note_catalogue_size) is used,
        so a score stored with an engagement reads the same as on the recommendation page.
        """
        size = catalogue_size if catalogue_size is not None else _observed.get("size")
        return round(100 * self.curve(kind, size).probability(score))

    def percents(self, scores: np.ndarray, kind: str = DEMAND, catalogue_size: int | None = None) -> np.ndarray:
        """percent() of many scores at once (a library search grades every candidate)."""
        size = catalogue_size if catalogue_size is not None else _observed.get("size")
        curve = self.curve(kind, size)
        if not curve.x:
            return np.zeros(len(scores), dtype=np.int64)
        return np.rint(100 * np.interp(np.asarray(scores, dtype=np.float64), curve.x, curve.y)).astype(np.int64)

    def curve(self, kind: str, catalogue_size: int | None) -> Curve:
        """The curve fitted for the catalogue size nearest (on a log scale) to the one given."""
        sized = {int(k.split("@")[1]): c for k, c in self.curves.items() if k.startswith(kind + "@")}
        if not sized:
            return self.curves[kind]
        if catalogue_size is None:
            return sized[max(sized)]
        target = np.log(max(catalogue_size, 1))
        return sized[min(sized, key=lambda n: abs(np.log(n) - target))]

    def to_json(self) -> str:
        doc = {**self.meta, "curves": {k: {"x": list(c.x), "y": list(c.y)} for k, c in self.curves.items()}}
        return json.dumps(doc, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        doc = json.loads(text)
        curves = {k: Curve(tuple(v["x"]), tuple(v["y"])) for k, v in doc.pop("curves").items()}
        return cls(curves, doc)


# Without a fitted file (a fresh checkout before `techbridge train`), a monotone fallback keeps
# the scale usable: the pre-calibration mapping 1 − e^(−score/2.5) of the fused score.
_FALLBACK_X = tuple(float(x) for x in np.linspace(0.0, 12.0, 25))
FALLBACK = Calibration(
    {k: Curve(_FALLBACK_X, tuple(float(1 - np.exp(-x / 2.5)) for x in _FALLBACK_X)) for k in (DEMAND, SEARCH)},
    {"fitted_on": "fallback"},
)


_observed: dict[str, int] = {}


def note_catalogue_size(size: int) -> None:
    """The achievement catalogue's size in this process (set by the matching service on load)."""
    _observed["size"] = size


@lru_cache(maxsize=4)
def shipped_calibration(model_id: str | None = None) -> Calibration:
    """The calibration shipped in matching/data (for this embedder), else the fallback."""
    path = resources.files("techbridge.matching").joinpath("data", SHIPPED)
    if not path.is_file():
        return FALLBACK
    found = Calibration.from_json(path.read_text(encoding="utf-8"))
    if model_id is not None and found.meta.get("model_id") not in (None, model_id):
        return FALLBACK
    return found
