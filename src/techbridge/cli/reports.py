"""数据看板 commands: the monthly PDF report, list exports, technology-contract records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from techbridge.cli.common import EXIT_DATA, EXIT_USAGE, console, err_console
from techbridge.cli.common import platform as _platform

report_app = typer.Typer(help="报告：平台运行月报（PDF）与成果、需求、对接清单（XLSX）。", no_args_is_help=True)
contracts_app = typer.Typer(help="技术合同：导入技术合同认定登记记录。", no_args_is_help=True)


@report_app.command("monthly")
def report_monthly(
    month: Annotated[str, typer.Option(help="月份，如 2026-10")],
    output: Annotated[Path, typer.Option(help="输出的 PDF 文件")] = Path("report.pdf"),
) -> None:
    """生成某月的平台运行月报（中文 PDF）：概况、年度目标、技术流向、对接漏斗、重点匹配、停滞对接。"""
    from techbridge.insight import reports
    from techbridge.kernel.errors import ValidationError

    try:
        first = reports.parse_month(month)
    except ValidationError as err:
        err_console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(EXIT_USAGE) from None
    output.write_bytes(reports.render_pdf(reports.monthly(_platform().uow, first)))
    console.print(f"{first.year}年{first.month}月月报已写入 {output}")


@report_app.command("lists")
def report_lists(output_dir: Annotated[Path, typer.Option(help="输出目录")] = Path("清单")) -> None:
    """导出成果供给清单、技术需求清单和对接清单（XLSX）。"""
    from techbridge.insight import reports

    written = reports.export_lists(_platform(), output_dir)
    for path, result in written.values():
        if isinstance(result, int):
            console.print(f"{path}：{result} 条")
        else:
            err_console.print(f"[yellow]{path.name} 未生成：{result}[/yellow]")


@contracts_app.command("import")
def contracts_import(
    file: Annotated[Path, typer.Argument(help="技术合同登记记录：CSV（UTF-8 或 GBK）或 XLSX")],
    partial: Annotated[bool, typer.Option("--partial", help="只导入有效的行，被拒绝的行连同原因写入另一个文件")] = False,
    source: Annotated[str, typer.Option(help="数据来源标识；没有登记编号的记录按“来源+编号”更新")] = "import",
) -> None:
    """导入技术合同。任何一行有误时默认整份文件都不导入；按登记编号更新，重复导入不会新增。"""
    from techbridge.deals.contract_import import import_contract_file

    report = import_contract_file(_platform().uow(), file, source=source, partial=partial)
    if report.file_error:
        err_console.print(f"[red]无法导入：{report.file_error}[/red]")
        raise typer.Exit(EXIT_USAGE)
    for p in report.problems[:200]:
        err_console.print(f"第{p.row}行 {p.column or ''}：{p.message}")
    if not report.committed:
        err_console.print(f"[red]共 {report.total_rows} 行，{report.rejected_rows} 行有误：整份文件未导入，数据库未改动。"
                          "修正后重新导入，或使用 --partial 只导入有效的行。[/red]")
        raise typer.Exit(EXIT_DATA)
    console.print(f"技术合同导入完成：共 {report.total_rows} 行，新增 {report.created}，更新 {report.updated}，"
                  f"未变化 {report.unchanged}，拒绝 {report.rejected_rows}。")
    if report.rejects_file:
        console.print(f"被拒绝的行及原因已写入：{report.rejects_file}")
    if report.problems:
        raise typer.Exit(EXIT_DATA)
