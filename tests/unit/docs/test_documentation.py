"""Every setting and every CLI command is documented in the README (a new user reads only that)."""

from pathlib import Path

import typer.main

from techbridge.cli import app
from techbridge.config import Settings

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands():
    head = README.split("\n## ", 1)[0]
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"TECHBRIDGE_{name.upper()}" in README, f"TECHBRIDGE_{name.upper()} is not in README.md"


def _commands(group: object, prefix: str = "") -> list[str]:
    """Leaf command paths of a click group (typer bundles its own click, so duck-type it)."""
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            names += _commands(command, full + " ")
        else:
            names.append(full)
    return names


def test_every_cli_command_is_documented():
    group = typer.main.get_command(app)
    names = _commands(group)
    assert "db upgrade" in names and "import" in names  # the walk itself works
    for name in names:
        assert f"techbridge {name}" in README, f"`techbridge {name}` is not in README.md"
