"""Command line: `techbridge --help`. Commands stay thin: parse, call one service, print.

One module per area; this one assembles the app. Exit codes: 0 成功; 1 数据有误（有行被拒绝，
或校验未通过）; 2 用法或文件错误; 3 环境问题（数据库不可用等）.
"""

from __future__ import annotations

import typer

from techbridge.cli import ip, library, matching, registry, reports, services, trading

app = typer.Typer(
    help="京津冀科技成果转化供需对接平台（TechBridge）命令行工具。\n\n"
    "退出码：0 成功；1 数据有误（有行被拒绝）；2 用法或文件错误；3 环境问题。",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(registry.db_app, name="db")
app.command("import")(registry.import_cmd)
app.command("export")(registry.export_cmd)
app.command("demo")(registry.demo_cmd)
app.command("serve")(registry.serve_cmd)
app.add_typer(matching.index_app, name="index")
app.command("eval")(matching.eval_cmd)
app.command("train")(matching.train_cmd)
app.add_typer(matching.match_app, name="match")
app.add_typer(matching.jobs_app, name="jobs")
app.add_typer(reports.report_app, name="report")
app.add_typer(reports.contracts_app, name="contracts")
app.add_typer(library.policies_app, name="policies")
app.add_typer(library.challenges_app, name="challenges")
app.add_typer(services.experts_app, name="experts")
app.add_typer(services.instruments_app, name="instruments")
app.add_typer(ip.ip_app, name="ip")
app.add_typer(trading.trading_app, name="trading")
