"""The 人才库名单 in and out of XLSX: checked whole, idempotent, on SQLite and PostgreSQL."""

from techbridge.kernel.tabular import read_table, write_xlsx
from techbridge.talent import spreadsheets as talent_io
from techbridge.talent.repository import ExpertRepository

HEADERS = ["编号", "姓名", "类别", "所在地区", "专业领域", "擅长方向与服务", "电子邮箱", "公开项目", "证书编号", "证书有效期至"]
VALID = ["E-001", "赵永刚", "技术经理人", "滨海新区", "高端工业母机、机器人", "数控机床精度保持与国产数控系统替代项目对接",
         "zhao@example.com", "工作单位、电子邮箱", "TJ2022G00031", "2099-03-31"]
EXPIRED = ["E-002", "刘建国", "技术经理人", "武清", "现代农业", "设施蔬菜病虫害绿色防控技术推广", "liu@example.com", "电子邮箱",
           "TJ2021Z00088", "2026-06-30"]


def sheet(tmp_path, *rows):
    path = tmp_path / "人才库.xlsx"
    write_xlsx(path, HEADERS, [list(r) for r in rows], sheet_title="人才库名单")
    return path


def count(platform):
    with platform.uow() as uow:
        return uow.repo(ExpertRepository).count()


def test_a_file_with_an_expired_credential_is_refused_whole_and_nothing_is_stored(platform, tmp_path):
    report = talent_io.import_experts(platform.uow(), sheet(tmp_path, VALID, EXPIRED))
    assert not report.committed and count(platform) == 0
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "证书有效期至") and "已于 2026-06-30 过期" in problem.message


def test_a_partial_import_stores_the_valid_rows_and_reports_the_rest(platform, tmp_path):
    report = talent_io.import_experts(platform.uow(), sheet(tmp_path, VALID, EXPIRED), partial=True)
    assert report.committed and (report.created, report.rejected_rows) == (1, 1) and count(platform) == 1


def test_importing_the_same_file_twice_changes_nothing(platform, tmp_path):
    path = sheet(tmp_path, VALID)
    talent_io.import_experts(platform.uow(), path)
    again = talent_io.import_experts(platform.uow(), path)
    assert (again.created, again.updated, count(platform)) == (0, 1, 1)


def test_the_export_reads_back_in_the_same_template(platform, tmp_path):
    talent_io.import_experts(platform.uow(), sheet(tmp_path, VALID), source="roundtrip")
    out = tmp_path / "导出.xlsx"
    assert talent_io.export_experts(platform.uow(), out) == 1
    table = read_table(out)
    assert table.rows[0]["专业领域"] == "高端工业母机、机器人" and table.rows[0]["发证地区"] == "天津"
    again = talent_io.import_experts(platform.uow(), out, source="roundtrip")
    assert again.committed and (again.created, again.updated) == (0, 1)
