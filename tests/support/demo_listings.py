"""A few hundred published listings with real texts: the demo's achievements and demands, imported."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from techbridge.kernel.tabular import write_csv
from techbridge.listings.importing import import_file
from tests.support.factories import credit_code


def _joined(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value or "")


def _rows(kind: str) -> list[dict[str, str]]:
    items = json.loads(files("techbridge.demo").joinpath(f"data/{kind}s.json").read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    rows = []
    for item in items:
        org = item["org"]
        codes.setdefault(org, credit_code())
        row = {key: _joined(value) for key, value in item.items()
               if key not in {"org", "contact", "published_on", "status", "visibility", "park", "asking_price_wan",
                              "budget_wan", "deadline"}}
        price = item.get("asking_price_wan" if kind == "achievement" else "budget_wan")
        row.update({"org_name": f"演示单位-{org}", "credit_code": codes[org], "org_type": "企业", "region": "海淀",
                    "asking_price" if kind == "achievement" else "budget": str(price or "")})
        rows.append(row)
    return rows


def import_demo_listings(platform: Any, folder: Path) -> int:
    """Import and publish every demo achievement and demand (no events: nothing is embedded)."""
    total = 0
    for kind in ("achievement", "demand"):
        rows = _rows(kind)
        headers = sorted({key for row in rows for key in row})
        path = folder / f"{kind}s.csv"
        write_csv(path, headers, [[row.get(h, "") for h in headers] for row in rows])
        report = import_file(platform.uow(), None, path, kind=kind)
        assert report.ok, (report.file_error, report.problems[:3])
        total += report.created
    return total
