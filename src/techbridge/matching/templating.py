"""What matching adds to every template: a stored ranking score shown as the calibrated 匹配度."""

from __future__ import annotations

from typing import Any

from techbridge.matching.calibration import HIGH_MATCH, shipped_calibration


def match_percent_label(score: float | None) -> str:
    """A stored engine score (e.g. an engagement's) as 匹配度 0–100, or a dash."""
    return "—" if score is None else str(shipped_calibration().percent(score))


FILTERS: dict[str, Any] = {"match_pct": match_percent_label}
GLOBALS: dict[str, Any] = {"HIGH_MATCH": HIGH_MATCH}
