"""The 共享仪器清单 in and out of CSV/XLSX: checked whole, idempotent, money in 元."""

from decimal import Decimal

from techbridge.instruments import spreadsheets as instruments_io
from techbridge.instruments.repository import InstrumentRepository
from techbridge.kernel.tabular import read_table, write_csv

HEADERS = ["编号", "仪器名称", "仪器类别", "所属单位", "所在地区", "检测服务能力", "主要技术指标", "收费标准(元)", "计费单位",
           "可用创新券", "开放日", "每日开放起", "每日开放止"]


def row(number, org, **overrides):
    values = {"编号": number, "仪器名称": "3米法电波暗室", "仪器类别": "电磁兼容与电学测试", "所属单位": org,
              "所在地区": "丰台", "检测服务能力": "车载电子零部件辐射发射和辐射抗扰度测试", "主要技术指标": "频率范围：30 MHz–18 GHz",
              "收费标准(元)": "1500", "计费单位": "小时", "可用创新券": "是", "开放日": "周一至周五", "每日开放起": "9",
              "每日开放止": "17"}
    values.update(overrides)
    return [values[h] for h in HEADERS]


def test_an_unknown_owner_or_a_bad_fee_refuses_the_whole_file(platform, lab, tmp_path):
    path = tmp_path / "仪器.csv"
    write_csv(path, HEADERS, [row("I-1", "燕都测试大学"), row("I-2", "不存在的单位"), row("I-3", "燕都测试大学", **{"收费标准(元)": "一千"})])
    report = instruments_io.import_instruments(platform.uow(), path)
    assert not report.committed
    assert [(p.row, p.column) for p in report.problems] == [(3, "所属单位"), (4, "收费标准(元)")]
    with platform.uow() as uow:
        assert uow.repo(InstrumentRepository).count() == 1  # only the lab's own


def test_a_valid_file_is_imported_once_and_reads_back_after_export(platform, lab, tmp_path):
    path = tmp_path / "仪器.csv"
    write_csv(path, HEADERS, [row("I-1", "燕都测试大学")], encoding="gb18030")
    assert instruments_io.import_instruments(platform.uow(), path, source="sheet").created == 1
    assert instruments_io.import_instruments(platform.uow(), path, source="sheet").updated == 1
    with platform.uow() as uow:
        [imported] = [i for i in uow.repo(InstrumentRepository).list() if i.external_id == "I-1"]
        assert imported.fee == Decimal("1500.00") and imported.voucher_eligible and imported.open_weekdays == [0, 1, 2, 3, 4]
    out = tmp_path / "导出.xlsx"
    assert instruments_io.export_instruments(platform.uow(), out) == 2
    exported = read_table(out)
    assert {r["收费标准(元)"] for r in exported.rows} == {"350.00", "1500.00"}
    again = instruments_io.import_instruments(platform.uow(), out, source="sheet")
    assert again.committed and again.updated == 1 and again.created == 1  # the lab's own instrument had no 编号 here
