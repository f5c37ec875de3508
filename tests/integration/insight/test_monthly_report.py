"""The monthly report renders as a PDF whose first page, turned into a picture, is not blank."""

import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from techbridge.insight import reports
from tests.integration.insight.fixture import build


@pytest.fixture
def report(sqlite_platform):
    build(sqlite_platform)
    return reports.monthly(sqlite_platform.uow, date(2025, 6, 1))


def test_the_monthly_report_gathers_the_months_figures(report):
    assert report.title == "京津冀科技成果转化供需对接平台 2025年6月运行月报"
    assert (report.activity.contracts, report.activity.flow_contracts) == (1, 1)  # C2 on 1 June
    assert report.year_activity.flow_amount == Decimal("150.50")  # C1 + C2; C3 is signed in July
    assert [m.label for m in report.months][-1] == "2025-06" and len(report.months) == 12
    assert {m.achievement_title for m in report.stalled} >= {"PEM电解水制氢系统"}  # En4: idle since March


def test_the_monthly_report_is_a_pdf_in_chinese_that_renders(report, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils not installed: run `make system-deps`")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reports.render_pdf(report))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "运行月报" in text and "年度目标进展" in text  # the CJK glyphs map back to text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(1 for v in image.get_flattened_data() if v < 160)
    assert dark > 0.01 * image.width * image.height, "page 1 of the report is blank"


def test_every_figure_of_a_monthly_report_ends_with_its_month(report):
    # C3 (海淀 → 丰南) is signed on 1 July: neither June's page 1 nor the year-to-June flows may count it
    assert report.flows.total_count == report.year_activity.flow_contracts == 2
    assert report.flows.total_amount == report.year_activity.flow_amount == Decimal("150.50")


def test_a_months_target_progress_counts_nothing_published_after_it(sqlite_platform):
    build(sqlite_platform)
    may = reports.monthly(sqlite_platform.uow, date(2025, 5, 1))
    demands = next(t for t in may.targets if t.kind == "tjhb_demands")
    assert demands.actual == 1  # D1 (January); D2 is published on 10 June
