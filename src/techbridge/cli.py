"""Command line: `techbridge --help`. Commands stay thin: parse, call one service, print.

Exit codes: 0 成功; 1 数据有误（有行被拒绝，或校验未通过）; 2 用法或文件错误; 3 环境问题（数据库不可用等）.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from techbridge.bootstrap import Platform, bootstrap
from techbridge.cli_library import challenges_app, policies_app
from techbridge.cli_services import experts_app, instruments_app

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

app = typer.Typer(
    help="京津冀科技成果转化供需对接平台（TechBridge）命令行工具。\n\n"
    "退出码：0 成功；1 数据有误（有行被拒绝）；2 用法或文件错误；3 环境问题。",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
db_app = typer.Typer(help="数据库：迁移到最新结构。", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err_console = Console(stderr=True)


def _platform() -> Platform:
    return bootstrap()


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                    console=err_console, transient=False)


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


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="要导入的文件：CSV（UTF-8 或 GBK）、XLSX 或 JSONL")],
    kind: Annotated[str | None, typer.Option(help="achievement（成果）或 demand（需求）；默认按表头判断")] = None,
    partial: Annotated[bool, typer.Option("--partial", help="只导入有效的行，被拒绝的行连同原因写入另一个文件")] = False,
    source: Annotated[str, typer.Option(help="数据来源标识；同一来源下按“编号”更新而不重复新增")] = "import",
    status: Annotated[str, typer.Option(help="新条目的状态：published（已发布）或 pending_review（待审核）")] = "published",
    rejects: Annotated[Path | None, typer.Option(help="被拒绝行的输出文件，默认与原文件同目录")] = None,
) -> None:
    """导入成果供给清单或技术需求清单。任何一行有误时默认整份文件都不导入，数据库保持原样。"""
    from techbridge.services.importing import import_file

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
    from techbridge.services.importing import ImportReport

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


@app.command("export")
def export_cmd(
    output: Annotated[Path, typer.Argument(help="输出文件：.xlsx、.csv 或 .jsonl")],
    kind: Annotated[str, typer.Option(help="achievement（成果供给清单）或 demand（技术需求清单）")] = "achievement",
    encoding: Annotated[str, typer.Option(help="CSV 编码：utf-8-sig（默认，Excel 可直接打开）或 gbk")] = "utf-8-sig",
    all_statuses: Annotated[bool, typer.Option("--all", help="包括草稿、待审核和已归档的条目")] = False,
    confidential: Annotated[bool, typer.Option("--confidential", help="包括“仅经纪人可见”的需求")] = False,
) -> None:
    """导出成果供给清单或技术需求清单，格式与导入模板一致，可修改后重新导入。"""
    from techbridge.services.exporting import export_listings

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


@app.command("demo")
def demo_cmd() -> None:
    """载入演示数据（机构、用户、成果、需求）；可重复执行，不会产生重复条目。"""
    from techbridge.demo.load import load_demo

    platform = _platform()
    summary = load_demo(platform)
    console.print("演示数据已载入：" + "，".join(f"{k} {v}" for k, v in summary.items()))


index_app = typer.Typer(help="匹配索引：计算并保存向量（派生数据，可随时从数据库重建）。", no_args_is_help=True)
app.add_typer(index_app, name="index")
jobs_app = typer.Typer(help="周期任务（可由 cron 调用）：新匹配提醒、闲置对接提醒、发送邮件。", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
match_app = typer.Typer(help="批量匹配：生成对接清单。", no_args_is_help=True)
app.add_typer(match_app, name="match")
app.add_typer(policies_app, name="policies")
app.add_typer(challenges_app, name="challenges")
app.add_typer(experts_app, name="experts")
app.add_typer(instruments_app, name="instruments")


@index_app.command("build")
def index_build() -> None:
    """为新增或修改过的成果、需求（及人才、仪器、政策）计算向量；已是最新的不重复计算。"""
    from techbridge.services.indexing import build_index

    platform = _platform()
    with _progress() as bar:
        task = bar.add_task("计算向量", total=None)
        counts = build_index(platform, progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print("索引已更新：" + "，".join(f"{k} {v}" for k, v in counts.items()))


@index_app.command("rebuild")
def index_rebuild() -> None:
    """丢弃已保存的向量并全部重新计算（更换模型或切分规则后使用），显示进度。"""
    from techbridge.services.indexing import build_index, drop_listing_vectors

    platform = _platform()
    dropped = drop_listing_vectors(platform)
    console.print(f"已清除 {dropped} 条旧向量")
    with _progress() as bar:
        task = bar.add_task("重新计算向量", total=None)
        counts = build_index(platform, progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print("索引已重建：" + "，".join(f"{k} {v}" for k, v in counts.items()))


@app.command("eval")
def eval_cmd(
    limit: Annotated[int | None, typer.Option(help="只评测前 N 条需求")] = None,
    corpus_sample: Annotated[int | None, typer.Option(help="语料只取金标论文加 N 条随机干扰项")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="把指标写入 JSON 文件")] = None,
) -> None:
    """在开发评测集上并排评测 BM25、稠密向量、RRF 融合与完整引擎（Recall@1/10/50、MRR@10、时延）。"""
    from techbridge.config import get_settings
    from techbridge.matching.evaluate import format_table, run_evaluation

    dev_dir = get_settings().dev_eval_dir
    if not (dev_dir / "corpus.jsonl").exists():
        err_console.print(f"[red]找不到评测集：{dev_dir}（可用 TECHBRIDGE_DEV_EVAL_DIR 指定）[/red]")
        raise typer.Exit(EXIT_USAGE)
    result = run_evaluation(dev_dir, limit=limit, corpus_sample=corpus_sample,
                            report=lambda msg: err_console.print(msg))
    console.print(format_table(result))
    if json_out:
        json_out.write_text(result.to_json(), encoding="utf-8")
        console.print(f"指标已写入 {json_out}")


@jobs_app.command("run")
def jobs_run(
    only: Annotated[str | None, typer.Option(help="只运行一项：matches、idle 或 mail")] = None,
    idle_days: Annotated[int, typer.Option(help="对接闲置超过多少天提醒")] = 14,
    threshold: Annotated[int, typer.Option(help="新匹配提醒的最低匹配度（0–100）")] = 70,
) -> None:
    """运行周期任务：为新增/修改的条目重新匹配并提醒发布方，提醒闲置的对接，发送待发邮件。"""
    from techbridge.services import jobs

    platform = _platform()
    runs = {"matches": lambda: jobs.match_alerts(platform, threshold=threshold),
            "idle": lambda: jobs.idle_alerts(platform, days=idle_days), "mail": lambda: jobs.deliver_mail(platform)}
    if only and only not in runs:
        err_console.print("[red]--only 只能是 matches、idle 或 mail[/red]")
        raise typer.Exit(EXIT_USAGE)
    for name, run in runs.items():
        if only in (None, name):
            report = run()
            console.print(f"{report.name}：处理 {report.processed}，通知 {report.notified} {report.detail}")


@match_app.command("list")
def match_list(
    output: Annotated[Path, typer.Argument(help="对接清单输出文件（.xlsx）")],
    demands: Annotated[Path | None, typer.Option(help="需求清单文件（不给则用平台上全部已发布需求）")] = None,
    k: Annotated[int, typer.Option(help="每条需求列出的成果数")] = 5,
) -> None:
    """批量匹配：把需求清单与成果供给清单逐条匹配，输出对接清单（含匹配度与理由），供路演使用。"""
    from techbridge.services.match_lists import write_match_list

    platform = _platform()
    count = write_match_list(platform, output, demands_file=demands, k=k)
    console.print(f"对接清单已写入 {output}（{count} 条需求）")


@app.command("serve")
def serve_cmd(
    host: Annotated[str | None, typer.Option(help="监听地址，默认 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="端口，默认 8000")] = None,
) -> None:
    """启动网站与 API 服务。"""
    import uvicorn

    from techbridge.config import get_settings

    settings = get_settings()
    uvicorn.run("techbridge.web.app:create_app", factory=True, host=host or settings.host, port=port or settings.port)


# ---------------------------------------------------------------- 数据看板: reports and contract records

report_app = typer.Typer(help="报告：平台运行月报（PDF）与成果、需求、对接清单（XLSX）。", no_args_is_help=True)
app.add_typer(report_app, name="report")
contracts_app = typer.Typer(help="技术合同：导入技术合同认定登记记录。", no_args_is_help=True)
app.add_typer(contracts_app, name="contracts")


@report_app.command("monthly")
def report_monthly(
    month: Annotated[str, typer.Option(help="月份，如 2026-10")],
    output: Annotated[Path, typer.Option(help="输出的 PDF 文件")] = Path("report.pdf"),
) -> None:
    """生成某月的平台运行月报（中文 PDF）：概况、年度目标、技术流向、对接漏斗、重点匹配、停滞对接。"""
    from techbridge.domain.errors import ValidationError
    from techbridge.services import reports

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
    from techbridge.services import reports

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
    from techbridge.services.contract_import import import_contract_file

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


if __name__ == "__main__":
    app()
