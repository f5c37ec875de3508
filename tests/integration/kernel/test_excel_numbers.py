"""Spreadsheets as people save them: amounts typed as Excel numbers (45.5, 1500, 120.5) import exactly into
every list — achievements, demands, contracts, instruments — and a real third decimal is a row problem."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from techbridge.deals.contract_import import HEADERS as CONTRACT_HEADERS
from techbridge.deals.contract_import import import_contract_file
from techbridge.deals.repository import ContractRepository
from techbridge.instruments import spreadsheets as instruments_io
from techbridge.instruments.repository import InstrumentRepository
from techbridge.listings.importing import import_file
from techbridge.listings.repository import AchievementRepository, DemandRepository
from tests.support.factories import credit_code, make_org

CODE = credit_code("12", "110108")


def xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A workbook written the way Excel stores it: numbers as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


ACHIEVEMENT_HEADERS = ["编号", "成果名称", "成果简介", "所属领域", "技术成熟度", "转化方式", "参考价格(万元)", "单位名称",
                       "统一社会信用代码", "所在地区", "联系人", "联系电话"]


def achievement(number: int, price: object) -> list[object]:
    return [f"X-{number}", f"高效低铂燃料电池膜电极制备技术第{number}代",
            "采用超薄增强型质子交换膜与有序化催化层，铂载量降至0.2毫克每平方厘米，额定功率密度1.2瓦每平方厘米。",
            "氢能", 6, "许可、合作开发", price, "京华测试大学", CODE, "海淀", "张老师", "010-62345678"]


def test_an_achievement_list_priced_with_excel_numbers_imports_to_the_cent(platform, tmp_path):
    path = xlsx(tmp_path / "成果供给清单.xlsx", ACHIEVEMENT_HEADERS,
                [achievement(1, 45.5), achievement(2, 300), achievement(3, 0.1 + 0.2)])
    report = import_file(platform.uow(), platform.bus, path)
    assert report.ok and report.created == 3, report.problems or report.file_error
    with platform.uow() as uow:
        stored = uow.repo(AchievementRepository).by_external_ids("import", ["X-1", "X-2", "X-3"])
        assert [stored[k].asking_price for k in ("X-1", "X-2", "X-3")] == [Decimal("45.50"), Decimal("300.00"),
                                                                            Decimal("0.30")]


def test_an_amount_with_a_third_decimal_is_a_row_problem_not_a_crash(platform, tmp_path):
    path = xlsx(tmp_path / "成果供给清单.xlsx", ACHIEVEMENT_HEADERS, [achievement(1, 45.5), achievement(2, 45.678)])
    report = import_file(platform.uow(), platform.bus, path)
    assert not report.committed
    assert [(p.row, p.column) for p in report.problems] == [(3, "参考价格(万元)")]
    assert "两位小数" in report.problems[0].message and "45.678" in report.problems[0].message


def test_a_demand_list_with_an_excel_number_budget_imports(platform, tmp_path):
    headers = ["需求名称", "问题与场景", "所属领域", "预算(万元)", "单位名称", "统一社会信用代码", "所在地区", "单位类型"]
    row = ["氢燃料重卡车载储氢减重", "现有35兆帕储氢瓶组过重，整车载货量下降，需要减重20%以上且满足车载安全标准的储氢方案。",
           "氢能", 120.5, "唐山测试重工有限公司", credit_code("91", "130203"), "唐山路北区", "企业"]
    report = import_file(platform.uow(), platform.bus, xlsx(tmp_path / "技术需求清单.xlsx", headers, [row]))
    assert report.ok, report.problems or report.file_error
    with platform.uow() as uow:
        [demand] = uow.repo(DemandRepository).list()
        assert demand.budget == Decimal("120.50")


def test_a_contract_register_with_excel_number_amounts_imports(platform, tmp_path):
    make_org(platform, name="测试理工大学")
    row = ["", "", "2025110108000001", "储氢瓶缠绕工艺技术许可合同", "技术许可", 120.5, "测试理工大学", "海淀",
           "唐山冀东测试公司", "唐山路北", "2025-03-08", "分期支付", "氢能"]
    report = import_contract_file(platform.uow(), xlsx(tmp_path / "合同.xlsx", list(CONTRACT_HEADERS), [row]))
    assert report.committed, report.problems
    with platform.uow() as uow:
        assert uow.repo(ContractRepository).by_registration_no("2025110108000001").amount == Decimal("120.50")


def test_an_instrument_list_with_an_excel_number_fee_imports(platform, tmp_path):
    make_org(platform, name="燕都测试大学", region="海淀")
    headers = ["编号", "仪器名称", "仪器类别", "所属单位", "所在地区", "检测服务能力", "主要技术指标", "收费标准(元)", "计费单位"]
    row = ["I-1", "3米法电波暗室", "电磁兼容与电学测试", "燕都测试大学", "丰台", "车载电子零部件辐射发射和辐射抗扰度测试",
           "频率范围：30 MHz–18 GHz", 1500.5, "小时"]
    report = instruments_io.import_instruments(platform.uow(), xlsx(tmp_path / "仪器.xlsx", headers, [row]))
    assert report.committed, report.problems
    with platform.uow() as uow:
        [instrument] = uow.repo(InstrumentRepository).list()
        assert instrument.fee == Decimal("1500.50")
