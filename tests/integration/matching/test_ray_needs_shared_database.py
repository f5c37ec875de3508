"""`--ray` refuses a SQLite database: workers on other nodes could not reach the file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["index", "build"], ["match", "list", "out.xlsx"], ["jobs", "run", "--only", "matches"]])
def test_every_ray_command_refuses_a_sqlite_database_with_a_usage_exit(sqlite_platform, tmp_path, command):
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": sqlite_platform.settings.database_url}
    done = subprocess.run([sys.executable, "-m", "techbridge.cli", *command, "--ray", "auto"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "PostgreSQL" in done.stderr
    assert not (tmp_path / "out.xlsx").exists()
