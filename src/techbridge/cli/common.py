"""What every command module shares: consoles, exit codes, the platform, progress bars."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from techbridge.bootstrap import Platform, bootstrap

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3
TABLES = (".xlsx", ".csv", ".jsonl")

console = Console()
err_console = Console(stderr=True)


def platform() -> Platform:
    return bootstrap()


def progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                    console=err_console, transient=False)
