"""基金清单 import from XLSX: all rows validated first, problems by row and column, nothing written on error."""

from __future__ import annotations

from techbridge.finance import importing
from techbridge.finance.repository import FundRepository
from techbridge.kernel.tabular import write_xlsx

HEADERS = list(importing.COLUMNS)


def row(**overrides: str) -> list[str]:
    values = dict(zip(HEADERS, importing.EXAMPLE, strict=True))
    values.update(overrides)
    return [values[h] for h in HEADERS]


def funds(platform) -> list:
    with platform.uow() as uow:
        return list(uow.repo(FundRepository).list())


def test_a_bad_row_writes_nothing_then_the_fixed_file_imports_and_reimport_updates(platform, market, tmp_path):
    bad = tmp_path / "bad.xlsx"
    write_xlsx(bad, HEADERS, [row(), row(基金名称="冀东新材料基金", **{"单笔下限（万元）": "5000"}),
                              row(基金名称="燕赵先进制造早期基金")], sheet_title="基金清单")
    result = importing.import_funds(platform.uow(), actor=market.investor, path=bad)
    assert [(p.row, p.column) for p in result.problems] == [(3, "单笔下限（万元）"), (4, "基金名称")]
    assert "不能大于上限" in result.problems[0].message and "与第2行重复" in result.problems[1].message
    assert funds(platform) == []

    good = tmp_path / "good.xlsx"
    write_xlsx(good, HEADERS, [row(), row(基金名称="冀东新材料基金", 关注行业="新材料")], sheet_title="基金清单")
    result = importing.import_funds(platform.uow(), actor=market.investor, path=good)
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    stored = {f.name: f for f in funds(platform)}
    assert stored["冀东新材料基金"].industries == ["new_materials"] and stored["冀东新材料基金"].status == "pending"
    assert str(stored["燕赵先进制造早期基金"].ticket_max) == "2000.00"

    result = importing.import_funds(platform.uow(), actor=market.investor, path=good)
    assert (result.created, result.updated) == (0, 2) and len(funds(platform)) == 2


def test_the_template_and_the_upload_page(platform, market, tmp_path):
    from fastapi.testclient import TestClient

    from techbridge.web.app import create_app

    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": market.investor.email, "password": "secret123"}).json()[
        "csrf_token"]
    template = client.get("/finance/funds/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    r = client.post("/finance/funds/import", data={"csrf_token": token},
                    files={"file": ("基金清单.xlsx", template.content, "application/octet-stream")})
    assert r.status_code == 200 and "新增 1 只" in r.text
    r = client.post("/finance/funds/import", data={"csrf_token": token}, files={"file": ("x.txt", b"abc", "text/plain")})
    assert r.status_code == 422 and "请上传 XLSX 或 CSV 文件" in r.text
