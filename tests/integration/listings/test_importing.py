"""Importing supply and demand lists: every malformed case is reported per row and stores nothing."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from techbridge.accounts.model import Organization
from techbridge.accounts.repository import OrganizationRepository
from techbridge.listings.exporting import export_listings
from techbridge.listings.importing import import_file
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.repository import AchievementRepository, DemandRepository
from tests.support.factories import credit_code

HEADERS = ["编号", "成果名称", "成果简介", "所属领域", "技术成熟度", "转化方式", "参考价格(万元)",
           "单位名称", "统一社会信用代码", "所在地区", "联系人", "联系电话"]
CODE = credit_code("12", "110108")


def rows(n=3, changes=None):
    out = []
    for i in range(1, n + 1):
        row = [f"X-{i}", f"高效低铂燃料电池膜电极制备技术第{i}代", "采用超薄增强型质子交换膜与有序化催化层，铂载量降至0.2毫克每平方厘米，额定功率密度1.2瓦每平方厘米。",
               "氢能", "6", "许可、合作开发", "300", "京华测试大学", CODE, "海淀", "张老师", "010-62345678"]
        for col, value in (changes or {}).get(i, {}).items():
            row[HEADERS.index(col)] = value
        out.append(row)
    return out


def write_csv(path: Path, data, encoding="utf-8-sig", headers=HEADERS):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(data)
    return path


def write_xlsx(path: Path, data, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path


def counts(platform):
    with platform.engine.connect() as conn:
        return tuple(conn.scalar(select(func.count()).select_from(t)) for t in
                     (Achievement.__table__, Demand.__table__, Organization.__table__))


def run(platform, path, **kwargs):
    return import_file(platform.uow(), platform.bus, path, **kwargs)


def test_a_utf8_csv_imports_and_creates_the_organisation(platform, tmp_path):
    report = run(platform, write_csv(tmp_path / "a.csv", rows()))
    assert report.ok and report.created == 3 and report.kind == "achievement"
    assert counts(platform) == (3, 0, 1)


def test_a_gbk_csv_as_chinese_excel_writes_it_imports(platform, tmp_path):
    report = run(platform, write_csv(tmp_path / "a.csv", rows(), encoding="gbk"))
    assert report.ok and report.created == 3
    with platform.uow() as uow:
        assert uow.repo(AchievementRepository).list()[0].title.startswith("高效低铂燃料电池膜电极")


def test_xlsx_and_jsonl_import(platform, tmp_path):
    assert run(platform, write_xlsx(tmp_path / "a.xlsx", rows(2))).created == 2
    lines = [json.dumps(dict(zip(HEADERS, r, strict=True)), ensure_ascii=False) for r in rows(4)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = run(platform, tmp_path / "a.jsonl")
    assert (report.created, report.unchanged) == (2, 2)


def test_reimporting_the_same_file_changes_nothing(platform, tmp_path):
    path = write_csv(tmp_path / "a.csv", rows())
    run(platform, path)
    with platform.uow() as uow:
        before = [(a.id, a.updated_at) for a in uow.repo(AchievementRepository).list()]
    report = run(platform, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    with platform.uow() as uow:
        assert [(a.id, a.updated_at) for a in uow.repo(AchievementRepository).list()] == before


def test_a_changed_row_updates_its_listing_in_place(platform, tmp_path):
    run(platform, write_csv(tmp_path / "a.csv", rows()))
    report = run(platform, write_csv(tmp_path / "b.csv", rows(3, {2: {"参考价格(万元)": "450"}})))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert counts(platform)[0] == 3


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"统一社会信用代码": CODE[:17] + ("0" if CODE[17] != "0" else "1")}, "统一社会信用代码", "校验位错误"),
        ({"参考价格(万元)": "-20"}, "参考价格(万元)", "不能为负数"),
        ({"所在地区": "上海浦东"}, "所在地区", "无法识别的地区"),
        ({"技术成熟度": "11"}, "技术成熟度", "1至9级"),
        ({"成果名称": ""}, "成果名称", "请填写名称"),
    ],
)
def test_an_invalid_row_rejects_the_whole_file_and_leaves_the_database_unchanged(platform, tmp_path, change, column, message):
    run(platform, write_csv(tmp_path / "seed.csv", rows(1)))
    before = counts(platform)
    report = run(platform, write_csv(tmp_path / "a.csv", rows(3, {2: change})))
    assert not report.committed
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert message in report.problems[0].message
    assert counts(platform) == before


def test_missing_required_columns_are_named(platform, tmp_path):
    headers = [h for h in HEADERS if h not in ("所属领域", "转化方式")]
    data = [[v for h, v in zip(HEADERS, r, strict=True) if h in headers] for r in rows()]
    report = run(platform, write_csv(tmp_path / "a.csv", data, headers=headers))
    assert "缺少必需的列" in report.file_error and "所属领域" in report.file_error and "转化方式" in report.file_error
    assert counts(platform) == (0, 0, 0)


def test_a_file_in_an_unreadable_encoding_is_rejected_with_advice(platform, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x81\x30\xfe\xfe\x80\x80" * 20)
    report = run(platform, path)
    assert "编码" in report.file_error
    assert counts(platform) == (0, 0, 0)


def test_a_big5_file_decodes_to_garbage_headers_and_is_rejected(platform, tmp_path):
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    text = "\n".join(",".join(s2t(c) for c in row) for row in [HEADERS, *rows()])
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("big5", errors="replace"))
    report = run(platform, path)
    assert report.file_error and not report.committed
    assert counts(platform) == (0, 0, 0)


def test_a_truncated_xlsx_is_rejected(platform, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", rows())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    report = run(platform, path)
    assert "损坏" in report.file_error
    assert counts(platform) == (0, 0, 0)


def test_partial_import_keeps_valid_rows_and_writes_the_rejected_ones_for_correction(platform, tmp_path):
    path = write_csv(tmp_path / "a.csv", rows(4, {2: {"技术成熟度": "十"}, 4: {"所在地区": "火星"}}))
    report = run(platform, path, partial=True)
    assert report.committed and report.created == 2 and report.rejected_rows == 2
    assert report.rejects_file == tmp_path / "a.rejected.csv"
    with report.rejects_file.open(encoding="utf-8-sig") as fh:
        rejected = list(csv.DictReader(fh))
    assert [r["编号"] for r in rejected] == ["X-2", "X-4"]
    assert "技术成熟度" in rejected[0]["错误原因"]
    # fix the file and import it again: only the corrected rows are new
    rejected[0]["技术成熟度"], rejected[1]["所在地区"] = "5", "廊坊"
    fixed = write_csv(tmp_path / "fixed.csv", [[r[h] for h in HEADERS] for r in rejected])
    again = run(platform, fixed)
    assert again.ok and again.created == 2
    assert counts(platform)[0] == 4


def test_an_unknown_organisation_without_a_credit_code_is_a_row_error(platform, tmp_path):
    report = run(platform, write_csv(tmp_path / "a.csv", rows(1, {1: {"统一社会信用代码": "", "单位名称": "无名单位"}})))
    assert "尚未注册" in report.problems[0].message


def test_near_duplicate_titles_of_one_organisation_are_reported(platform, tmp_path):
    data = rows(2, {2: {"成果名称": "高效低铂燃料电池膜电极制备技术第1代产品"}})
    report = run(platform, write_csv(tmp_path / "a.csv", data))
    assert report.ok
    assert [(d.row, d.where) for d in report.near_duplicates] == [(3, "文件第2行")]


def test_export_then_import_round_trips_without_changes(platform, tmp_path):
    run(platform, write_csv(tmp_path / "a.csv", rows(3, {1: {"参考价格(万元)": ""}})))
    for name in ("out.xlsx", "out.csv"):
        assert export_listings(platform.uow(), "achievement", tmp_path / name) == 3
        report = run(platform, tmp_path / name)
        assert (report.created, report.updated, report.unchanged) == (0, 0, 3), name


def test_a_demand_list_with_chinese_headers_imports(platform, tmp_path):
    headers = ["需求名称", "需求描述", "所属领域", "预算(万元)", "截止日期", "期望成熟度", "合作方式", "单位名称",
               "统一社会信用代码", "单位类型", "所在地区", "可见范围"]
    data = [["焦炉煤气提氢纯度提升", "我厂焦炉煤气制氢装置产品氢纯度只有99.5%，达不到燃料电池用氢标准，需要提纯工艺改造方案。",
             "氢能", "800", "2027年6月30日", "7", "合作开发", "唐山测试焦化有限公司", credit_code("91", "130203"),
             "企业", "唐山", "仅经纪人可见"]]
    report = run(platform, write_csv(tmp_path / "d.csv", data, headers=headers))
    assert report.ok and report.kind == "demand"
    with platform.uow() as uow:
        demand = uow.repo(DemandRepository).list()[0]
        assert demand.visibility == "brokers_only" and str(demand.deadline) == "2027-06-30"
        assert uow.repo(OrganizationRepository).get(demand.organization_id).org_type == "企业"
