"""Command line of the 交易大厅: `techbridge trading notices FILE` exports the public notices.

Registered on the main app in cli/__init__.py. Exit codes as there: 0 成功; 2 用法或文件错误.
What is exported is what the hall shows anyone: the reserve price of an auction stays hidden.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from techbridge.cli.common import EXIT_USAGE, console, err_console

trading_app = typer.Typer(help="交易大厅：导出公示、挂牌、竞价与开放许可信息。", no_args_is_help=True)

HEADERS = ["编号", "成果标的", "交易方式", "状态", "价格（万元）", "公示开始", "公示截止", "竞价截止（北京时间）",
           "成交价（万元）", "结果", "交易链接"]


@trading_app.command("notices")
def notices(
    file: Annotated[Path, typer.Argument(help="导出文件：.xlsx 或 .csv（UTF-8 带 BOM，Excel 可直接打开）")],
    include_finished: Annotated[bool, typer.Option("--all", help="同时导出已成交、流拍和已撤牌的条目")] = False,
) -> None:
    """导出交易大厅的公示信息（底价不导出），供报送或在其他渠道同步公示。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.kernel.clock import to_beijing
    from techbridge.kernel.tabular import write_csv, write_xlsx
    from techbridge.trading.model import FINISHED, OUTCOME_LABELS, Outcome, TradeMode, TradeStatus
    from techbridge.trading.service import hall

    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        err_console.print("[red]文件应以 .xlsx 或 .csv 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)
    listings = [x for x in hall(bootstrap().uow()) if include_finished or x.status not in FINISHED]
    rows = [[x.id, x.title, TradeMode(x.mode).label, TradeStatus(x.status).label, x.price, x.notice_start, x.notice_end,
             to_beijing(x.auction_end).strftime("%Y-%m-%d %H:%M") if x.auction_end else "", x.final_price or "",
             OUTCOME_LABELS[Outcome(x.outcome)] if x.outcome else "", f"/trading/{x.id}"] for x in listings]
    if suffix == ".xlsx":
        write_xlsx(file, HEADERS, rows, sheet_title="交易公示")
    else:
        write_csv(file, HEADERS, rows)
    console.print(f"已导出 {len(rows)} 条交易公示到 {file}")
