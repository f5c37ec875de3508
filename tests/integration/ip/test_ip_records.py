"""IP records through the services and pages, on SQLite and PostgreSQL: status with who and when, licences,
pledges, warnings, and an all-or-nothing import."""

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from techbridge.ip import service as ip
from techbridge.kernel.errors import PermissionDenied, ValidationErrors
from techbridge.web.app import create_app
from tests.integration.trading.test_web import login, page_csrf
from tests.support.factories import achievement_row
from tests.support.scenario import cast, publish

TODAY = date(2026, 12, 4)
INVENTION, UTILITY = "202111212367.6", "202222307814.2"


@pytest.fixture
def owned(platform):
    c = cast(platform)
    aid = publish(platform, "achievement", c.supplier, c.admin,
                  achievement_row(title="IV型储氢气瓶缠绕成型", patents=f"{INVENTION}、{UTILITY}", ip_status="已授权"))
    return c, aid


def status(platform, actor, aid, **over):
    raw = {"number": INVENTION, "status": "有效", "checked_on": "2026-12-01", "checked_by": "李知识",
           "filed_on": "2021-11-12", "paid_through_year": "6", **over}
    return ip.record_status(platform.uow(), actor=actor, achievement_id=aid, raw=raw, today=TODAY)


def test_a_recorded_status_names_who_checked_it_and_when_and_the_next_annuity(platform, owned):
    c, aid = owned
    status(platform, c.supplier, aid)
    v = ip.achievement_ip(platform.uow(), viewer=None, achievement_id=aid, today=TODAY)
    first = next(p for p in v.patents if p.number == INVENTION)
    assert first.record.status == "有效" and first.record.checked_by == "李知识"
    assert first.record.annuity_due == date(2027, 11, 12) and first.term_end == date(2041, 11, 12)
    unrecorded = next(p for p in v.patents if p.number == UTILITY)
    assert unrecorded.record is None and any("从未核实" in w.message for w in unrecorded.warnings)
    assert "不联网" in v.notice and not v.may_edit


def test_a_lapsed_patent_and_an_exclusive_licence_elsewhere_are_serious_warnings(platform, owned):
    c, aid = owned
    status(platform, c.supplier, aid, number=UTILITY, status="失效", filed_on="2022-09-01", paid_through_year="")
    record_id = status(platform, c.supplier, aid)
    ip.add_licence(platform.uow(), actor=c.supplier, record_id=record_id,
                   raw={"licensee": "保定某氢能装备公司", "kind": "独占许可", "until": "2029-12-31"})
    serious = ip.warnings_for(platform.uow(), achievement_id=aid, buyer="唐山测试重工有限公司", today=TODAY)
    text = " ".join(w.message for w in serious)
    assert "失效" in text and "独占" in text and "保定某氢能装备公司" in text
    # the licensee itself is not warned about its own licence
    mine = ip.warnings_for(platform.uow(), achievement_id=aid, buyer="保定某氢能装备公司", today=TODAY)
    assert not any("独占" in w.message for w in mine)


def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(platform, owned):
    c, aid = owned
    with pytest.raises(ValidationErrors) as err:
        status(platform, c.supplier, aid, number="202310636828.5", status="快失效了", checked_on="2027-01-01")
    fields = {e.field for e in err.value.errors}
    assert fields >= {"number", "status", "checked_on"}
    assert all(e.message for e in err.value.errors)
    with pytest.raises(PermissionDenied):
        status(platform, c.seeker, aid)
    assert all(p.record is None for p in ip.achievement_ip(platform.uow(), viewer=None, achievement_id=aid).patents)


def test_import_is_all_or_nothing_and_a_reimport_updates(platform, owned, tmp_path: Path):
    c, aid = owned
    bad = tmp_path / "状态.csv"
    bad.write_text(f"专利号,法律状态,核实日期,核实人\n{INVENTION},有效,2026-11-30,王核实\n{UTILITY},不知道,2026-11-30,王核实\n",
                   encoding="utf-8")
    report = ip.import_statuses(platform.uow(), actor=c.supplier, path=bad, today=TODAY)
    assert not report.committed and report.problems[0].row == 3 and "法律状态" in report.problems[0].column
    assert all(p.record is None for p in ip.achievement_ip(platform.uow(), viewer=None, achievement_id=aid).patents)
    good = tmp_path / "状态2.csv"
    good.write_text(f"专利号,成果编号,法律状态,核实日期\n{INVENTION},{aid},有效,2026-11-30\n{UTILITY},,届满,2026-11-30\n",
                    encoding="utf-8")
    report = ip.import_statuses(platform.uow(), actor=None, path=good, checked_by="运营人员", today=TODAY)
    assert report.committed and report.created == 2
    again = ip.import_statuses(platform.uow(), actor=None, path=good, checked_by="运营人员", today=TODAY)
    assert again.created == 0 and again.updated == 2
    v = ip.achievement_ip(platform.uow(), viewer=None, achievement_id=aid, today=TODAY)
    assert {p.record.status for p in v.patents} == {"有效", "届满"}
    assert all(p.record.source == "导入：状态2.csv" and p.record.checked_by == "运营人员" for p in v.patents)


def test_pages_show_the_status_source_and_the_warnings_fragment(platform, owned):
    c, aid = owned
    status(platform, c.supplier, aid, status="失效")
    app = create_app(platform=platform)
    anonymous = TestClient(app, base_url="http://testserver")
    page = anonymous.get(f"/ip/achievements/{aid}")
    assert page.status_code == 200 and "不联网实时查询" in page.text and "李知识" in page.text
    fragment = anonymous.get(f"/ip/achievements/{aid}/warnings")
    assert "失效" in fragment.text and "知识产权提示" in fragment.text
    api = anonymous.get(f"/api/v1/ip/achievements/{aid}").json()
    assert api["patents"][0]["status"] == "失效" and "不联网" in api["notice"]
    owner, _ = login(app, c.supplier)
    token = page_csrf(owner, f"/ip/achievements/{aid}")
    bad = owner.post(f"/ip/achievements/{aid}/status",
                     data={"number": INVENTION, "status": "有效", "checked_on": "", "csrf_token": token})
    assert bad.status_code == 422 and "请填写核实日期" in bad.text
    seeker, token = login(app, c.seeker)
    refused = seeker.post(f"/api/v1/ip/achievements/{aid}/patents", headers={"X-CSRF-Token": token},
                          json={"number": INVENTION, "status": "有效", "checked_on": "2026-12-01"})
    assert refused.status_code == 403 and refused.json()["error"]["code"]


def test_the_cli_imports_all_or_nothing(sqlite_platform, tmp_path: Path):
    import os
    import subprocess
    import sys

    c = cast(sqlite_platform)
    aid = publish(sqlite_platform, "achievement", c.supplier, c.admin,
                  achievement_row(title="IV型储氢气瓶缠绕成型", patents=INVENTION, ip_status="已授权"))
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": sqlite_platform.settings.database_url}
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(f"专利号,法律状态,核实日期\n{INVENTION},半死不活,2026-12-01\n", encoding="utf-8")
    good.write_text(f"专利号,法律状态,核实日期\n{INVENTION},有效,2026-12-01\n", encoding="utf-8")

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "techbridge.cli", "ip", "import", str(path), "--checked-by", "运营人员"],
                              env=env, capture_output=True, text=True, timeout=120)

    refused = run(bad)
    assert refused.returncode == 1 and "数据库未改动" in refused.stderr
    done = run(good)
    assert done.returncode == 0 and "新增 1" in done.stdout
    v = ip.achievement_ip(sqlite_platform.uow(), viewer=None, achievement_id=aid)
    assert v.patents[0].record.checked_by == "运营人员" and v.patents[0].record.source == "导入：good.csv"
