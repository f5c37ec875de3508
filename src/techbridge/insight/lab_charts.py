"""ECharts options for the 转化链条 page, built from lab_to_factory's result. Every data item's `key` is its
own drill-down path (app.js follows a key that starts with "/")."""

from __future__ import annotations

from typing import Any

from techbridge.insight.charts import BLUE, FONT, GREEN, ORANGE, TEAL
from techbridge.insight.lab_to_factory import ChainLine, FacilityFigure, ServiceGain, StepFigure


def chain(lines: list[ChainLine]) -> dict[str, Any]:
    """签约 → 落地 → 投产 side by side for each province or park."""
    names = [x.short for x in lines]
    series = []
    for index, (label, colour) in enumerate((("签约", BLUE), ("落地", ORANGE), ("投产", GREEN))):
        series.append({"name": label, "type": "bar", "barMaxWidth": 26, "itemStyle": {"color": colour},
                       "label": {"show": True, "position": "top"},
                       "data": [{"value": x.steps[index].value, "key": x.steps[index].drill} for x in lines]})
    return {"textStyle": FONT, "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": ["签约", "落地", "投产"], "top": 0},
            "grid": {"left": 40, "right": 20, "top": 36, "bottom": 70 if len(lines) > 3 else 40},
            "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "fontSize": 11, "rotate":
                                                                        28 if len(lines) > 3 else 0}},
            "yAxis": {"type": "value", "minInterval": 1}, "series": series}


def steps(figures: list[StepFigure]) -> dict[str, Any]:
    return {"textStyle": FONT, "color": [TEAL], "tooltip": {"trigger": "axis", "formatter": "{b}<br>中位数 {c} 个月"},
            "grid": {"left": 40, "right": 20, "top": 20, "bottom": 30},
            "xAxis": {"type": "category", "data": [f.label for f in figures]},
            "yAxis": {"type": "value", "name": "月"},
            "series": [{"type": "bar", "barMaxWidth": 40, "label": {"show": True, "position": "top", "formatter": "{c} 个月"},
                        "data": [{"value": f.median_months, "key": f.drill} for f in figures]}]}


def utilisation(figures: list[FacilityFigure]) -> dict[str, Any]:
    items = list(reversed(figures))
    return {"textStyle": FONT, "color": [BLUE], "tooltip": {"trigger": "axis", "formatter": "{b}<br>档期利用率 {c}%"},
            "grid": {"left": 190, "right": 40, "top": 10, "bottom": 20},
            "xAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "yAxis": {"type": "category", "data": [f.name for f in items], "axisLabel": {"width": 180, "overflow": "truncate"}},
            "series": [{"type": "bar", "barMaxWidth": 22, "label": {"show": True, "position": "right", "formatter": "{c}%"},
                        "data": [{"value": round(f.utilisation * 100, 1), "key": f.drill} for f in items]}]}


def gains(figures: list[ServiceGain]) -> dict[str, Any]:
    items = list(reversed(figures))
    return {"textStyle": FONT, "color": [ORANGE],
            "tooltip": {"trigger": "axis", "formatter": "{b}<br>平均提升 {c} 级"},
            "grid": {"left": 190, "right": 40, "top": 10, "bottom": 20},
            "xAxis": {"type": "value", "minInterval": 1, "name": "级"},
            "yAxis": {"type": "category", "data": [g.name for g in items], "axisLabel": {"width": 180, "overflow": "truncate"}},
            "series": [{"type": "bar", "barMaxWidth": 22, "label": {"show": True, "position": "right"},
                        "data": [{"value": round(g.mean_gain, 1), "key": g.drill} for g in items]}]}
