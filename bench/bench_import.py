"""Import speed for 10,000-row supply lists (CSV and XLSX) on SQLite, against a baseline.

Run: .venv/bin/python bench/bench_import.py [--rows 10000] [--database-url URL]
The baseline in the same run is reading the same file without validating or storing it, so the
ratio shows what validation and storage cost on top of parsing.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from techbridge.bootstrap import bootstrap
from techbridge.config import Settings
from techbridge.kernel.tabular import read_table, write_csv, write_xlsx
from techbridge.listings.columns import ACHIEVEMENT_COLUMNS
from techbridge.listings.exporting import export_listings
from techbridge.listings.importing import import_file
from techbridge.storage.migrate import upgrade


def synthetic_rows(n: int) -> tuple[list[str], list[list[str]]]:
    """Rows built from the demo achievements with varied titles, spread over 40 organisations."""
    from techbridge.kernel.codes import uscc_check_char

    demo = json.loads(files("techbridge.demo").joinpath("data/achievements.json").read_text(encoding="utf-8"))
    rng = random.Random(7)
    orgs = []
    for i in range(40):
        body = f"12110108{i:09d}"
        orgs.append((f"基准测试大学{i}", body + uscc_check_char(body)))
    headers = [c.header for c in ACHIEVEMENT_COLUMNS]
    rows = []
    for i in range(n):
        a = demo[i % len(demo)]
        org = orgs[i % len(orgs)]
        values = {
            "编号": f"BENCH-{i}", "来源": "bench", "成果名称": f"{a['title']}（第{i}号改进型）",
            "成果简介": a["summary"], "技术指标与创新点": a.get("highlights", ""), "应用场景": a.get("applications", ""),
            "所属领域": a["industry"], "关键词": "、".join(a.get("keywords", [])), "技术成熟度": str(a["trl"]),
            "知识产权": "、".join(a.get("patents", [])), "知识产权状态": a.get("ip_status", "无"),
            "转化方式": "、".join(a["transfer_modes"]), "参考价格(万元)": a.get("asking_price_wan") or "面议",
            "单位名称": org[0], "统一社会信用代码": org[1], "单位类型": "高校",
            "所在地区": rng.choice(["海淀", "昌平", "朝阳", "大兴", "怀柔"]),
            "联系人": "张老师", "联系电话": "010-62345678", "电子邮箱": "tt@example.edu.cn",
            "可见范围": "公开", "状态": "已发布", "所在园区": "",
        }
        rows.append([values[h] for h in headers])
    return headers, rows


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tb-bench-"))
    headers, rows = synthetic_rows(args.rows)
    write_csv(tmp / "list.csv", headers, rows)
    write_xlsx(tmp / "list.xlsx", headers, rows, sheet_title="成果供给清单")
    print(f"{args.rows} rows; files in {tmp}")
    print(f"{'file':<6} {'parse only (s)':>15} {'import (s)':>11} {'re-import (s)':>14} {'ratio':>6}")
    for fmt in ("csv", "xlsx"):
        url = args.database_url or f"sqlite:///{tmp}/bench-{fmt}.db"
        upgrade(url)
        platform = bootstrap(Settings(database_url=url, data_dir=tmp / "var"))
        path = tmp / f"list.{fmt}"
        parse = timed(lambda: read_table(path))  # noqa: B023
        report_box = {}
        first = timed(lambda: report_box.setdefault("r", import_file(platform.uow(), None, path)))  # noqa: B023
        report = report_box["r"]
        assert report.ok and report.created == args.rows, (report.file_error, report.problems[:3])
        again = timed(lambda: import_file(platform.uow(), None, path))  # noqa: B023
        print(f"{fmt:<6} {parse:>15.2f} {first:>11.2f} {again:>14.2f} {first / parse:>6.1f}")
        platform.close()
    exported = tmp / "export.xlsx"
    platform = bootstrap(Settings(database_url=f"sqlite:///{tmp}/bench-csv.db", data_dir=tmp / "var"))
    print(f"export of {args.rows} rows to XLSX: {timed(lambda: export_listings(platform.uow(), 'achievement', exported)):.2f} s")


if __name__ == "__main__":
    main()
