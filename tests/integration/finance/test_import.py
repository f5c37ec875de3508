"""基金清单 / 金融产品清单 import on SQLite and PostgreSQL, through the jobs queue: all rows validated first, problems
by row and column in Chinese, nothing written on error; a re-import by 编号 updates and goes back to review."""

from __future__ import annotations

from fastapi.testclient import TestClient

from techbridge.bootstrap import job_handlers
from techbridge.finance import importing
from techbridge.finance.repository import FundRepository, ProductRepository
from techbridge.jobs.repository import JobRepository
from techbridge.jobs.worker import run_pending
from techbridge.kernel.tabular import write_xlsx
from techbridge.web.app import create_app
from tests.integration.finance.conftest import publish

FUNDS = [c.header for c in importing.FUND_COLUMNS]
PRODUCTS = [c.header for c in importing.PRODUCT_COLUMNS]


def row(headers: list[str], example: list[str], **overrides: str) -> list[str]:
    values = dict(zip(headers, example, strict=True))
    values.update(overrides)
    return [values[h] for h in headers]


def fund(**overrides: str) -> list[str]:
    return row(FUNDS, importing.FUND_EXAMPLE, **overrides)


def product(**overrides: str) -> list[str]:
    return row(PRODUCTS, importing.PRODUCT_EXAMPLE, **overrides)


def stored(platform, repo) -> list:
    with platform.uow() as uow:
        return list(uow.repo(repo).list())


def test_a_bad_row_writes_nothing_then_the_fixed_file_imports_and_reimport_updates(platform, market, tmp_path):
    bad = tmp_path / "bad.xlsx"
    write_xlsx(bad, FUNDS, [fund(), fund(编号="F002", 基金名称="冀东新材料基金", **{"单笔下限（万元）": "5000"}),
                            fund(编号="F003"), fund(编号="F001", 基金名称="另一只基金")], sheet_title="基金清单")
    report, written = importing.import_records(platform.uow(), actor=market.investor, path=bad, kind="fund")
    assert [(p.row, p.column) for p in report.problems] == [(3, "单笔下限（万元）"), (4, "基金名称"), (5, "编号")]
    assert "不能大于上限" in report.problems[0].message and "与第2行重复" in report.problems[1].message
    assert not report.committed and written == [] and stored(platform, FundRepository) == []

    good = tmp_path / "good.xlsx"
    write_xlsx(good, FUNDS, [fund(), fund(编号="F002", 基金名称="冀东新材料基金", 关注行业="新材料")], sheet_title="基金清单")
    report, written = importing.import_records(platform.uow(), actor=market.investor, path=good, kind="fund")
    assert (report.created, report.updated, report.problems, len(written)) == (2, 0, [], 2)
    funds = {f.name: f for f in stored(platform, FundRepository)}
    assert funds["冀东新材料基金"].industries == ["new_materials"] and funds["冀东新材料基金"].status == "pending"
    assert funds["燕赵先进制造早期基金"].external_id == "F001"

    publish(platform, market.admin_beijing, "fund", funds["燕赵先进制造早期基金"].id)
    again = tmp_path / "again.xlsx"
    write_xlsx(again, FUNDS, [fund(基金名称="燕赵先进制造早期基金（二期）")], sheet_title="基金清单")  # renamed by 编号
    report, _ = importing.import_records(platform.uow(), actor=market.investor, path=again, kind="fund")
    assert (report.created, report.updated) == (0, 1)
    renamed = {f.external_id: f for f in stored(platform, FundRepository)}["F001"]
    assert renamed.name == "燕赵先进制造早期基金（二期）" and renamed.status == "pending"  # changed: reviewed again


def test_products_import_through_the_job_and_the_upload_page(platform, market, tmp_path):
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": market.bank.email, "password": "secret123"}).json()[
        "csrf_token"]
    template = client.get("/finance/products/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert "金融产品清单" in client.get("/finance/products/import").text

    bad = tmp_path / "products.xlsx"
    write_xlsx(bad, PRODUCTS, [product(), product(编号="P002", 产品名称="知识产权质押贷", 产品类型="信用卡",
                                                  **{"年利率下限（%）": "5", "年利率上限（%）": "4"})], sheet_title="金融产品清单")
    r = client.post("/finance/products/import", data={"csrf_token": token}, follow_redirects=False,
                    files={"file": ("products.xlsx", bad.read_bytes())})
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    run_pending(platform, job_handlers())
    with platform.uow() as uow:
        job = uow.repo(JobRepository).get(int(r.headers["location"].split("/")[-1]))
    assert job.status == "failed" and "整份文件未导入" in job.stage
    assert {(p["row"], p["column"]) for p in job.result["problems"]} == {(3, "产品类型"), (3, "年利率下限（%）")}
    assert "未知的产品类型“信用卡”" in " ".join(p["message"] for p in job.result["problems"])
    assert stored(platform, ProductRepository) == []
    page = client.get(r.headers["location"]).text
    assert "需要修正的行" in page and "信用卡" in page

    good = tmp_path / "good.xlsx"
    write_xlsx(good, PRODUCTS, [product(), product(编号="P002", 产品名称="知识产权质押贷", 产品类型="知识产权质押融资",
                                                   需要质押="是")], sheet_title="金融产品清单")
    r = client.post("/api/v1/finance/imports", data={"kind": "product"}, headers={"X-CSRF-Token": token},
                    files={"file": ("good.xlsx", good.read_bytes())})
    assert r.status_code == 202, r.text
    run_pending(platform, job_handlers())
    status = client.get(r.json()["status_url"]).json()
    assert status["status"] == "done" and (status["result"]["created"], status["result"]["updated"]) == (2, 0)
    products = {p.name: p for p in stored(platform, ProductRepository)}
    assert products["知识产权质押贷"].requires_pledge and products["冀科贷"].status == "pending"

    wrong = client.post("/finance/funds/import", data={"csrf_token": token}, files={"file": ("x.pdf", b"%PDF")})
    assert wrong.status_code == 422 and "请上传 XLSX 或 CSV 文件" in wrong.text
