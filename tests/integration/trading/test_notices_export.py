"""`techbridge trading notices` exports what the hall shows anyone, never the hidden reserve price."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.integration.trading.conftest import list_auction
from tests.support.scenario import cast


@pytest.fixture
def sqlite_market(sqlite_platform):
    c = cast(sqlite_platform)
    return sqlite_platform, list_auction(sqlite_platform, c, reserve="987")


def run(platform, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": platform.settings.database_url}
    return subprocess.run([sys.executable, "-m", "techbridge.cli", "trading", "notices", *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_notices_export_as_xlsx_without_the_reserve(sqlite_market, tmp_path: Path):
    platform, listing_id = sqlite_market
    done = run(platform, str(tmp_path / "notices.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "已导出 1 条" in done.stdout
    rows = list(openpyxl.load_workbook(tmp_path / "notices.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "成果标的", "交易方式", "状态")
    assert rows[1][0] == listing_id and rows[1][2] == "竞价" and rows[1][3] in ("公示中", "竞价中")
    assert "987" not in " ".join(str(v) for row in rows for v in row if v is not None)


def test_a_wrong_file_kind_is_refused_with_usage_exit_code(sqlite_market, tmp_path: Path):
    platform, _ = sqlite_market
    refused = run(platform, str(tmp_path / "notices.pdf"))
    assert refused.returncode == 2 and ".xlsx" in refused.stderr
