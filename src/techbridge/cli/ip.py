"""Command line of IP records: `techbridge ip import` (patent legal statuses from a spreadsheet).

Registered on the main app in cli/__init__.py. Exit codes as there: 0 成功; 1 数据有误; 2 用法或文件错误.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from techbridge.cli.common import EXIT_DATA, EXIT_USAGE, err_console

ip_app = typer.Typer(help="知识产权：导入专利法律状态（录入或导入，平台不联网实时查询）。", no_args_is_help=True)


@ip_app.command("import")
def ip_import(
    file: Annotated[Path, typer.Argument(help="XLSX 或 CSV（UTF-8 或 GBK）文件，表头：专利号、成果编号、法律状态、核实日期、核实人…")],
    checked_by: Annotated[str, typer.Option("--checked-by", help="表中未填“核实人”的行记为此人")] = "",
) -> None:
    """导入专利法律状态。任一行有误（专利号不在成果上、状态无法识别、核实日期缺失等）时整份不导入。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.cli.services import _finish
    from techbridge.ip.service import import_statuses

    if file.suffix.lower() not in (".xlsx", ".csv"):
        err_console.print("[red]文件应以 .xlsx 或 .csv 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)
    report = import_statuses(bootstrap().uow(), actor=None, path=file, checked_by=checked_by)
    if report.problems:  # all or nothing: list the rows, say nothing changed (no --partial here)
        table = RichTable(title=f"校验未通过的行（共 {report.rejected_rows} 行）")
        for header in ("行号", "列", "原因"):
            table.add_column(header)
        for p in report.problems[:200]:
            table.add_row(str(p.row), p.column or "—", p.message)
        err_console.print(table)
        err_console.print(f"[red]共 {report.total_rows} 行，{report.rejected_rows} 行有误：整份文件未导入，数据库未改动。[/red]")
        raise typer.Exit(EXIT_DATA)
    _finish(report, "专利法律状态")
