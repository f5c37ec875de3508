"""What the pipeline adds to every template: the stages in order and their Chinese names."""

from __future__ import annotations

from typing import Any

from techbridge.deals.pipeline import FLOW, Stage

FILTERS: dict[str, Any] = {}
GLOBALS: dict[str, Any] = {"FLOW": [s.value for s in FLOW], "stage_label": lambda s: Stage(s).label if s else ""}
