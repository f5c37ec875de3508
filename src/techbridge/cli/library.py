"""Command line of the policy library and open calls: `techbridge policies …`, `techbridge challenges …`.

Registered on the main app in cli/__init__.py. Exit codes as there: 0 成功; 1 数据有误; 2 用法或文件错误.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from techbridge.cli.common import EXIT_DATA, EXIT_USAGE, TABLES, console, err_console

policies_app = typer.Typer(help="政策服务：收录政策文件、导出政策清单。", no_args_is_help=True)
challenges_app = typer.Typer(help="揭榜挂帅：导出榜单与揭榜结果。", no_args_is_help=True)


@policies_app.command("ingest")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="政策文件：TXT、HTML、DOCX、PDF，或导出的政策清单（XLSX/CSV/JSONL）")],
    region: Annotated[str, typer.Option(help="适用地区，如 天津、保定；“京津冀”表示三地通用；默认自动判断")] = "",
    source: Annotated[str, typer.Option(help="来源，如 北京市科委官网")] = "",
) -> None:
    """收录政策：自动清洗（繁转简、去拼音、去广告导航），提取标题、机关、日期、举措和标签。文件有误时不收录。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.kernel.errors import DomainError
    from techbridge.policies import service as policies
    from techbridge.policies.spreadsheets import ingest_table

    platform = bootstrap()
    overrides = {k: v for k, v in {"region": region, "source": source}.items() if v}
    failed = False
    for path in paths:
        if not path.is_file():
            err_console.print(f"[red]{path}：找不到文件[/red]")
            raise typer.Exit(EXIT_USAGE)
        try:
            if path.suffix.lower() in TABLES:
                report = ingest_table(platform.uow(), platform.embedder, actor=None, path=path)
                console.print(f"{path.name}：新增 {len(report.created)} 份，已存在 {len(report.existing)} 份")
                for row, message in report.problems:
                    err_console.print(f"[red]  第{row}行：{message}[/red]")
                failed = failed or bool(report.problems)
                continue
            result = policies.ingest_file(platform.uow(), platform.embedder, actor=None, name=path.name,
                                          data=path.read_bytes(), overrides=overrides, origin="import")
        except DomainError as err:
            err_console.print(f"[red]{path.name}：未收录，{err.message}[/red]")
            failed = True
            continue
        dropped = "，".join(f"{k} {n} 行" for k, n in result.dropped.items()) or "无"
        console.print(f"{path.name}：已收录《{result.title}》（编号 {result.policy_id}），举措 {result.measures} 条，清洗掉：{dropped}")
    if failed:
        raise typer.Exit(EXIT_DATA)


@policies_app.command("export")
def export_policies_cmd(output: Annotated[Path, typer.Argument(help="输出文件：.xlsx、.csv 或 .jsonl")]) -> None:
    """导出政策清单（与收录模板一致，修改后可用 policies ingest 重新收录）。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.policies.spreadsheets import export_policies

    if output.suffix.lower() not in TABLES:
        err_console.print("[red]输出文件应以 .xlsx、.csv 或 .jsonl 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)
    count = export_policies(bootstrap().uow(), output)
    console.print(f"已导出 {count} 份政策到 {output}")


@challenges_app.command("export")
def export_challenges_cmd(output: Annotated[Path, typer.Argument(help="输出文件：.xlsx 或 .csv")]) -> None:
    """导出揭榜挂帅清单：每个榜单一行，含方案数、入选团队与得分。"""
    from techbridge.bootstrap import bootstrap
    from techbridge.challenges.views import EXPORT_HEADERS, export_rows
    from techbridge.kernel.tabular import write_csv, write_xlsx

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        err_console.print("[red]输出文件应以 .xlsx 或 .csv 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)
    rows = export_rows(bootstrap().uow())
    if suffix == ".xlsx":
        write_xlsx(output, EXPORT_HEADERS, rows, sheet_title="揭榜挂帅")
    else:
        write_csv(output, EXPORT_HEADERS, rows)
    console.print(f"已导出 {len(rows)} 个榜单到 {output}")
