"""Registry commands: migrate the database, import and export lists, load the demo, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from techbridge.cli.common import EXIT_DATA, EXIT_ENV, EXIT_USAGE, console, err_console
from techbridge.cli.common import platform as _platform
from techbridge.cli.common import progress as _progress

db_app = typer.Typer(help="数据库：迁移到最新结构。", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="目标版本，默认最新")] = "head") -> None:
    """把数据库迁移到最新结构（SQLite 或 PostgreSQL，由 TECHBRIDGE_DATABASE_URL 决定）。"""
    from techbridge.config import get_settings
    from techbridge.storage.migrate import upgrade

    url = get_settings().database_url
    try:
        upgrade(url, revision)
    except Exception as err:  # the database is the environment: report, don't trace
        err_console.print(f"[red]迁移失败：{err}[/red]")
        raise typer.Exit(EXIT_ENV) from None
    console.print(f"数据库已迁移到 {revision}：{_redact(url)}")


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def import_cmd(
    file: Annotated[Path, typer.Argument(help="要导入的文件：CSV（UTF-8 或 GBK）、XLSX 或 JSONL")],
    kind: Annotated[str | None, typer.Option(help="achievement（成果）或 demand（需求）；默认按表头判断")] = None,
    partial: Annotated[bool, typer.Option("--partial", help="只导入有效的行，被拒绝的行连同原因写入另一个文件")] = False,
    source: Annotated[str, typer.Option(help="数据来源标识；同一来源下按“编号”更新而不重复新增")] = "import",
    status: Annotated[str, typer.Option(help="新条目的状态：published（已发布）或 pending_review（待审核）")] = "published",
    rejects: Annotated[Path | None, typer.Option(help="被拒绝行的输出文件，默认与原文件同目录")] = None,
) -> None:
    """导入成果供给清单或技术需求清单。任何一行有误时默认整份文件都不导入，数据库保持原样。"""
    from techbridge.listings.importing import import_file

    if status not in ("published", "pending_review", "draft"):
        err_console.print("[red]--status 只能是 published、pending_review 或 draft[/red]")
        raise typer.Exit(EXIT_USAGE)
    platform = _platform()
    with _progress() as bar:
        task = bar.add_task(f"导入 {file.name}", total=None)
        report = import_file(
            platform.uow(), platform.bus, file, kind=kind, source=source, partial=partial, status=status,
            rejects_path=rejects, progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _print_import_report(report)
    if report.file_error:
        raise typer.Exit(EXIT_USAGE)
    if report.problems:
        raise typer.Exit(EXIT_DATA)


def _print_import_report(report: object) -> None:
    from techbridge.listings.importing import ImportReport

    assert isinstance(report, ImportReport)
    if report.file_error:
        err_console.print(f"[red]无法导入：{report.file_error}[/red]")
        return
    label = {"achievement": "成果", "demand": "需求"}.get(report.kind, "")
    if report.problems:
        table = RichTable(title=f"校验未通过的行（共 {report.rejected_rows} 行）")
        for header in ("行号", "列", "原因"):
            table.add_column(header)
        for p in report.problems[:200]:
            table.add_row(str(p.row), p.column or "—", p.message)
        err_console.print(table)
        if len(report.problems) > 200:
            err_console.print(f"……另有 {len(report.problems) - 200} 条问题未显示")
    for d in report.near_duplicates[:50]:
        console.print(f"[yellow]提示：第{d.row}行“{d.title}”与{d.where}“{d.other}”非常相似，请确认是否重复[/yellow]")
    if not report.committed:
        err_console.print(f"[red]共 {report.total_rows} 行，{report.rejected_rows} 行有误：整份文件未导入，数据库未改动。"
                          "修正后重新导入，或使用 --partial 只导入有效的行。[/red]")
        return
    console.print(f"{label}导入完成：共 {report.total_rows} 行，新增 {report.created}，更新 {report.updated}，"
                  f"未变化 {report.unchanged}，拒绝 {report.rejected_rows}。")
    if report.rejects_file:
        console.print(f"被拒绝的行及原因已写入：{report.rejects_file}（修正后可直接重新导入）")


def export_cmd(
    output: Annotated[Path, typer.Argument(help="输出文件：.xlsx、.csv 或 .jsonl")],
    kind: Annotated[str, typer.Option(help="achievement（成果供给清单）或 demand（技术需求清单）")] = "achievement",
    encoding: Annotated[str, typer.Option(help="CSV 编码：utf-8-sig（默认，Excel 可直接打开）或 gbk")] = "utf-8-sig",
    all_statuses: Annotated[bool, typer.Option("--all", help="包括草稿、待审核和已归档的条目")] = False,
    confidential: Annotated[bool, typer.Option("--confidential", help="包括“仅经纪人可见”的需求")] = False,
) -> None:
    """导出成果供给清单或技术需求清单，格式与导入模板一致，可修改后重新导入。"""
    from techbridge.listings.exporting import export_listings

    if kind not in ("achievement", "demand"):
        err_console.print("[red]--kind 只能是 achievement 或 demand[/red]")
        raise typer.Exit(EXIT_USAGE)
    if output.suffix.lower() not in (".xlsx", ".csv", ".jsonl"):
        err_console.print("[red]输出文件应以 .xlsx、.csv 或 .jsonl 结尾[/red]")
        raise typer.Exit(EXIT_USAGE)
    statuses = ("draft", "pending_review", "published", "archived") if all_statuses else ("published",)
    count = export_listings(_platform().uow(), kind, output, statuses=statuses,
                            encoding="gb18030" if encoding.lower() in ("gbk", "gb18030") else encoding,
                            include_confidential=confidential)
    console.print(f"已导出 {count} 条到 {output}")


def demo_cmd() -> None:
    """载入演示数据（机构、用户、成果、需求）；可重复执行，不会产生重复条目。"""
    from techbridge.demo.load import load_demo

    platform = _platform()
    summary = load_demo(platform)
    console.print("演示数据已载入：" + "，".join(f"{k} {v}" for k, v in summary.items()))


def serve_cmd(
    host: Annotated[str | None, typer.Option(help="监听地址，默认 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="端口，默认 8000")] = None,
    workers: Annotated[int, typer.Option(min=1, help="工作进程数：多个进程共用一个端口，各自载入已保存的索引")] = 1,
) -> None:
    """启动网站与 API 服务。"""
    import uvicorn

    from techbridge.config import get_settings

    settings = get_settings()
    # each worker process calls the factory itself, loads the saved index and listens for changes
    uvicorn.run("techbridge.web.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                workers=workers)


