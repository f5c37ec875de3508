"""Command line of the talent database and shared instruments: `techbridge experts …`, `techbridge instruments …`.

Registered on the main app in cli/__init__.py. Exit codes as there: 0 成功; 1 数据有误（有行被拒绝）; 2 用法或文件错误.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from techbridge.cli.common import EXIT_DATA, EXIT_USAGE, TABLES, console, err_console

experts_app = typer.Typer(help="人才库：导入、导出技术经理人与专家名单。", no_args_is_help=True)
instruments_app = typer.Typer(help="仪器共享：导入、导出共享仪器清单。", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="XLSX、CSV（UTF-8 或 GBK）或 JSONL 文件")]
SourceOpt = Annotated[str, typer.Option(help="数据来源标识；同一来源下按“编号”更新而不重复新增")]
PartialOpt = Annotated[bool, typer.Option("--partial", help="只导入有效的行，被拒绝的行列出原因")]


@experts_app.command("import")
def experts_import(file: FileArg, source: SourceOpt = "import", partial: PartialOpt = False) -> None:
    """导入人才库名单（表头同导出模板）。证书已过期、编号格式不对等任一行有误时，默认整份不导入。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.talent.spreadsheets import import_experts

    _check_suffix(file)
    report = import_experts(bootstrap().uow(), file, source=source, partial=partial)
    _finish(report, "人才")


@experts_app.command("export")
def experts_export(
    output: Annotated[Path, typer.Argument(help="输出文件：.xlsx、.csv 或 .jsonl")],
    all_profiles: Annotated[bool, typer.Option("--all", help="包括本人设为不公开的档案")] = False,
) -> None:
    """导出人才库名单，格式与导入模板一致（含联系方式，请按隐私要求保管）。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.talent.spreadsheets import export_experts

    _check_suffix(output)
    count = export_experts(bootstrap().uow(), output, include_unlisted=all_profiles)
    console.print(f"已导出 {count} 位专家和技术经理人到 {output}")


@instruments_app.command("import")
def instruments_import(file: FileArg, source: SourceOpt = "import", partial: PartialOpt = False) -> None:
    """导入共享仪器清单（表头同导出模板）；所属单位须已在平台登记。任一行有误时默认整份不导入。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.instruments.spreadsheets import import_instruments

    _check_suffix(file)
    report = import_instruments(bootstrap().uow(), file, source=source, partial=partial)
    _finish(report, "仪器")


@instruments_app.command("export")
def instruments_export(
    output: Annotated[Path, typer.Argument(help="输出文件：.xlsx、.csv 或 .jsonl")],
    all_instruments: Annotated[bool, typer.Option("--all", help="包括已停用的仪器")] = False,
) -> None:
    """导出共享仪器清单，格式与导入模板一致（收费单位：元）。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.instruments.spreadsheets import export_instruments

    _check_suffix(output)
    count = export_instruments(bootstrap().uow(), output, include_retired=all_instruments)
    console.print(f"已导出 {count} 台仪器到 {output}")


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in TABLES:
        err_console.print("[red]文件应以 .xlsx、.csv 或 .jsonl 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)


def _finish(report: object, label: str) -> None:
    from techbridge.kernel.record_io import RecordReport

    assert isinstance(report, RecordReport)
    if report.file_error:
        err_console.print(f"[red]无法导入：{report.file_error}[/red]")
        raise typer.Exit(EXIT_USAGE)
    if report.problems:
        table = RichTable(title=f"校验未通过的行（共 {report.rejected_rows} 行）")
        for header in ("行号", "列", "原因"):
            table.add_column(header)
        for p in report.problems[:200]:
            table.add_row(str(p.row), p.column or "—", p.message)
        err_console.print(table)
    if not report.committed:
        err_console.print(f"[red]共 {report.total_rows} 行，{report.rejected_rows} 行有误：整份文件未导入，数据库未改动。"
                          "修正后重新导入，或使用 --partial 只导入有效的行。[/red]")
        raise typer.Exit(EXIT_DATA)
    console.print(f"{label}导入完成：共 {report.total_rows} 行，新增 {report.created}，更新 {report.updated}，"
                  f"拒绝 {report.rejected_rows}。")
    if report.problems:
        raise typer.Exit(EXIT_DATA)
