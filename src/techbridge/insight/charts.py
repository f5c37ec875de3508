"""ECharts options for 数据看板, built from the analytics results the API also returns.

Amounts stay Decimal everywhere else; they become floats here only because a chart needs
numbers to draw. Every data item carries a `key` that app.js puts into the chart's drill URL.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from techbridge.insight.analytics import ConversionReport, FlowReport, YearlySeries
from techbridge.insight.chains import ChainFigure
from techbridge.insight.funnel import FunnelReport

BLUE, TEAL, ORANGE, RED, GREY, GREEN = "#1f5fad", "#0f8b8d", "#d9822b", "#c0392b", "#8a96a3", "#3c8d40"
FONT = {"fontFamily": "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"}
YI = Decimal("10000")  # 万元 in one 亿元


def _num(value: Decimal | None, scale: Decimal = Decimal("1")) -> float | None:
    return None if value is None else round(float(value / scale), 2)


def sankey(report: FlowReport, *, measure: str = "amount", top: int = 40) -> dict[str, Any]:
    """北京 districts on the left, Tianjin districts and Hebei cities on the right."""
    flows = sorted(report.flows, key=lambda f: -(f.amount if measure == "amount" else f.count))[:top]
    nodes: dict[str, dict[str, Any]] = {}
    for f in flows:
        nodes.setdefault(f.seller_label, {"name": f.seller_label, "key": f"{f.seller}>", "depth": 0,
                                          "itemStyle": {"color": BLUE}})
        colour = TEAL if f.buyer.startswith("12") else ORANGE
        nodes.setdefault(f.buyer_label, {"name": f.buyer_label, "key": f">{f.buyer}", "depth": 1,
                                         "itemStyle": {"color": colour}})
    unit = "万元" if measure == "amount" else "份"
    links: list[dict[str, Any]] = [{"source": f.seller_label, "target": f.buyer_label, "key": f.key,
              "value": _num(f.amount) if measure == "amount" else f.count} for f in flows]
    year = f"&year={report.filters.year}" if report.filters.year else ""
    for x in report.landings:  # the 落地 layer: keys are whole drill-down URLs (app.js follows them as they are)
        colour = TEAL if x.node.startswith("12") else ORANGE
        nodes.setdefault(x.node_label, {"name": x.node_label, "key": f">{x.node}", "depth": 1,
                                        "itemStyle": {"color": colour}})
        name = f"落地·{x.park_short}"
        nodes.setdefault(name, {"name": name, "key": f"/dashboard/landings?park={x.park}{year}", "depth": 2,
                                "itemStyle": {"color": GREEN}})
        links.append({"source": x.node_label, "target": name, "key": f"/dashboard/landings?node={x.node}&park={x.park}{year}",
                      "value": _num(x.amount) if measure == "amount" else x.count,
                      "lineStyle": {"color": GREEN, "opacity": 0.45}})
    return {
        "textStyle": FONT,
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} " + unit + (
            "（落地层为投资额）" if report.landings and measure == "amount" else
            "（落地层为项目数）" if report.landings else "")},
        "series": [{"type": "sankey", "data": list(nodes.values()), "links": links, "nodeAlign": "justify",
                    "left": 96, "right": 160 if report.landings else 110, "top": 10, "bottom": 10, "nodeGap": 10,
                    "emphasis": {"focus": "adjacency"}, "lineStyle": {"color": "gradient", "opacity": 0.35},
                    "levels": [{"depth": 0, "label": {"position": "left"}}],
                    "label": {"fontSize": 12}}],
    }


def yearly(series: YearlySeries) -> dict[str, Any]:
    """Platform contracts (万元, bars, right axis) beside the official figure (亿元, points, left axis)."""
    years = [str(p.year) for p in series.points]
    return {
        "textStyle": FONT, "color": [BLUE, ORANGE],
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["平台登记合同（万元）", "官方统计（亿元）"], "top": 0},
        "grid": {"left": 60, "right": 70, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": years},
        "yAxis": [{"type": "value", "name": "亿元", "position": "left"},
                  {"type": "value", "name": "万元", "position": "right", "splitLine": {"show": False}}],
        "series": [
            {"name": "平台登记合同（万元）", "type": "bar", "yAxisIndex": 1, "barMaxWidth": 28,
             "data": [{"value": _num(p.amount), "key": str(p.year)} for p in series.points]},
            # markers only: the published figures are single years, nothing is known between them
            {"name": "官方统计（亿元）", "type": "line", "yAxisIndex": 0, "connectNulls": False, "symbolSize": 12, "showAllSymbol": True,
             "label": {"show": True, "position": "top", "formatter": "{c}亿元"},
             "data": [{"value": _num(p.official, YI), "key": str(p.year)} for p in series.points]},
        ],
    }


def conversion_by_year(report: ConversionReport) -> dict[str, Any]:
    rows = report.by_year
    return {
        "textStyle": FONT, "color": [TEAL],
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "top": 20, "bottom": 30},
        "xAxis": {"type": "category", "data": [r.label for r in rows]},
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [{"type": "bar", "barMaxWidth": 28, "label": {"show": True, "position": "top", "formatter": "{c}%"},
                    "data": [{"value": round((r.amount_share or 0) * 100, 1), "key": r.key} for r in rows]}],
    }


def funnel(report: FunnelReport) -> dict[str, Any]:
    data = [{"name": s.label, "value": s.reached, "key": s.stage} for s in report.stages]
    return {
        "textStyle": FONT, "color": [BLUE, "#2f6fbd", "#3f80c8", TEAL, "#2c9a8f", "#4aa88f", ORANGE, "#c9702a"],
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 个对接"},
        "series": [{"type": "funnel", "sort": "none", "left": "10%", "width": "80%", "top": 10, "bottom": 10,
                    "minSize": "8%", "gap": 2, "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                    "data": data}],
    }


def reasons(report: FunnelReport) -> dict[str, Any]:
    items = list(reversed(report.reasons))  # largest on top
    return {
        "textStyle": FONT, "color": [RED],
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 100, "right": 30, "top": 10, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [r.reason for r in items]},
        "series": [{"type": "bar", "barMaxWidth": 22, "label": {"show": True, "position": "right"},
                    "data": [{"value": r.count, "key": r.reason} for r in items]}],
    }


def chains_overview(chains: list[ChainFigure]) -> dict[str, Any]:
    """Supply and demand per chain; a click opens that chain's map."""
    items = list(reversed(chains))
    names = [c.name for c in items]
    return {
        "textStyle": FONT, "color": [BLUE, ORANGE],
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["成果（供给）", "需求"], "top": 0},
        "grid": {"left": 150, "right": 30, "top": 30, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": names, "axisLabel": {"fontSize": 11, "interval": 0}},
        "series": [
            {"name": "成果（供给）", "type": "bar", "data": [{"value": c.supply, "key": c.industry} for c in items]},
            {"name": "需求", "type": "bar", "data": [{"value": c.demand, "key": c.industry} for c in items]},
        ],
    }


def chain_segments(chain: ChainFigure) -> dict[str, Any]:
    """One chain's segments, supply beside demand; the axis names the position of each."""
    segments = list(reversed(chain.segments))
    return {
        "textStyle": FONT, "color": [BLUE, ORANGE],
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["成果（供给）", "需求"], "top": 0},
        "grid": {"left": 150, "right": 30, "top": 30, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [f"{s.position}·{s.name}" for s in segments],
                  "axisLabel": {"interval": 0}},
        "series": [
            {"name": "成果（供给）", "type": "bar", "data": [{"value": s.supply, "key": s.key} for s in segments]},
            {"name": "需求", "type": "bar", "data": [{"value": s.demand, "key": s.key} for s in segments]},
        ],
    }


def finance_funnel(stages: list[tuple[str, str, int, float | None]]) -> dict[str, Any]:
    """The finance funnel 推荐 → 交割; a click lists the deals that reached the stage."""
    return {
        "textStyle": FONT, "color": [BLUE, "#2f6fbd", TEAL, "#2c9a8f", ORANGE],
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 个融资对接"},
        "series": [{"type": "funnel", "sort": "none", "left": "10%", "width": "80%", "top": 10, "bottom": 10,
                    "minSize": "8%", "gap": 2, "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                    "data": [{"name": label, "value": n, "key": key} for key, label, n, _ in stages]}],
    }


def money_bars(rows: list[tuple[str, str, Decimal, int]]) -> dict[str, Any]:
    """万元 closed per region or industry, largest on top; a click lists the closed deals behind the bar."""
    items = list(reversed(rows))
    return {
        "textStyle": FONT, "color": [TEAL],
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 110, "right": 60, "top": 10, "bottom": 20},
        "xAxis": {"type": "value", "name": "万元"},
        "yAxis": {"type": "category", "data": [label for _, label, _, _ in items]},
        "series": [{"type": "bar", "barMaxWidth": 22, "label": {"show": True, "position": "right"},
                    "data": [{"value": _num(amount), "key": key} for key, _, amount, _ in items]}],
    }


def roadshow_conversion(figures: list[Any]) -> dict[str, Any]:
    """Registrations → meetings → signed deals per roadshow (or organiser); a click lists its deals."""
    names = [f.name for f in figures]
    series = [("报名", "registrations", BLUE), ("约见/洽谈", "meetings", TEAL), ("签约/交割", "signed", ORANGE)]
    return {
        "textStyle": FONT, "color": [c for _, _, c in series],
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": [n for n, _, _ in series], "top": 0},
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 60},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "width": 110, "overflow": "break"}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"name": n, "type": "bar", "barMaxWidth": 24,
                    "data": [{"value": getattr(f, attr), "key": str(f.key)} for f in figures]} for n, attr, _ in series],
    }
