"""Importing technology contracts from registration records, on SQLite and PostgreSQL."""

from decimal import Decimal

from techbridge.deals.contract_import import HEADERS, import_contract_file
from techbridge.deals.repository import ContractRepository
from techbridge.kernel.tabular import write_csv, write_xlsx
from tests.support.factories import make_org

GOOD = [
    ["", "", "2025110108000001", "储氢瓶缠绕工艺技术许可合同", "技术许可", "120.50", "测试理工大学", "海淀",
     "唐山冀东测试公司", "唐山路北", "2025-03-08", "分期支付", "氢能"],
    ["", "", "2025110108000002", "巡检机器人联合开发合同", "技术开发", "80", "测试理工大学", "北京市海淀区",
     "天津滨海测试公司", "滨海新区", "2025-04-01", "一次性支付", "机器人"],
    ["R-3", "", "", "设备运维技术服务合同", "技术服务", "12.00", "测试理工大学", "海淀", "沧州测试公司", "沧州",
     "2025-05-20", "一次性支付", ""],
]


def _count(platform) -> int:
    with platform.uow() as uow:
        return uow.repo(ContractRepository).count()


def test_a_good_file_is_imported_and_linked_to_registered_organisations(platform, tmp_path):
    org = make_org(platform, name="测试理工大学")
    path = tmp_path / "合同.csv"
    write_csv(path, HEADERS, GOOD)
    report = import_contract_file(platform.uow(), path)
    assert report.committed and (report.created, report.rejected_rows) == (3, 0)
    with platform.uow() as uow:
        first = uow.repo(ContractRepository).by_registration_no("2025110108000001")
        assert first.amount == Decimal("120.50") and first.buyer_region == "130203" and first.industry == "hydrogen"
        assert first.seller_org_id == org and first.buyer_org_id is None
        assert uow.repo(ContractRepository).by_external_ids("import", ["R-3"])["R-3"].buyer_region == "130900"


def test_importing_the_same_file_twice_changes_nothing(platform, tmp_path):
    path = tmp_path / "合同.xlsx"
    write_xlsx(path, HEADERS, GOOD, sheet_title="技术合同")
    import_contract_file(platform.uow(), path)
    again = import_contract_file(platform.uow(), path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3) and _count(platform) == 3


def test_a_changed_amount_updates_the_contract_with_the_same_registration_number(platform, tmp_path):
    path = tmp_path / "合同.csv"
    write_csv(path, HEADERS, GOOD[:1])
    import_contract_file(platform.uow(), path)
    write_csv(path, HEADERS, [[*GOOD[0][:5], "130.00", *GOOD[0][6:]]])
    report = import_contract_file(platform.uow(), path)
    assert report.updated == 1
    with platform.uow() as uow:
        assert uow.repo(ContractRepository).by_registration_no("2025110108000001").amount == Decimal("130.00")


def test_a_file_with_bad_rows_stores_nothing_and_says_why_in_chinese(platform, tmp_path):
    bad = [
        [*GOOD[0][:4], "技术买卖", *GOOD[0][5:]],  # unknown contract type
        [*GOOD[1][:5], "-5", *GOOD[1][6:]],  # negative amount
        [*GOOD[1][:9], "火星", *GOOD[1][10:]],  # unknown region
    ]
    path = tmp_path / "合同.csv"
    write_csv(path, HEADERS, [*bad, GOOD[2]])
    report = import_contract_file(platform.uow(), path)
    assert not report.committed and report.rejected_rows == 3 and _count(platform) == 0
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert "合同类型" in messages[(2, "合同类型")]
    assert messages[(3, "成交金额(万元)")] == "金额不能为负数，收到“-5”"
    assert "火星" in messages[(4, "买方所在地区")]


def test_partial_import_stores_the_valid_rows_and_writes_the_rejected_ones(platform, tmp_path):
    path = tmp_path / "合同.csv"
    write_csv(path, HEADERS, [GOOD[0], [*GOOD[1][:10], "2099-01-01", *GOOD[1][11:]], GOOD[2]])
    report = import_contract_file(platform.uow(), path, partial=True)
    assert report.committed and report.created == 2 and _count(platform) == 2
    assert report.rejects_file is not None and "签订日期不能晚于今天" in report.rejects_file.read_text(encoding="utf-8-sig")


def test_the_same_contract_twice_in_one_file_is_a_row_problem(platform, tmp_path):
    path = tmp_path / "合同.csv"
    write_csv(path, HEADERS, [GOOD[0], GOOD[0]])
    report = import_contract_file(platform.uow(), path)
    assert not report.committed and report.problems[0].message.startswith("与第2行是同一份合同")


def test_a_file_without_the_required_columns_is_refused_whole(platform, tmp_path):
    path = tmp_path / "合同.csv"
    write_csv(path, ["合同名称", "金额"], [["某合同", "10"]])
    report = import_contract_file(platform.uow(), path)
    assert "缺少必需的列" in report.file_error and _count(platform) == 0
