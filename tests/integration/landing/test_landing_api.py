"""Landing records over the JSON API and the XLSX import as a background job (all rows or none), on SQLite and
PostgreSQL."""

import io

from fastapi.testclient import TestClient

from techbridge.bootstrap import job_handlers
from techbridge.jobs.worker import run_pending
from techbridge.kernel.record_io import write_records
from techbridge.landing import service as landing
from techbridge.web.app import create_app
from tests.integration.landing.test_landing import ROW, count, operator  # noqa: F401  (fixture)
from tests.support.factories import make_user


def client_for(platform, user):
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return client, token


def xlsx(tmp_path, rows, name="f.xlsx"):
    path = tmp_path / name
    write_records(path, list(landing.COLUMNS), rows, sheet_title="落地")
    return path.read_bytes()


def row(ext, **over):
    values = dict(ROW, **over)
    return [ext, *[values.get(c.key, "") for c in landing.COLUMNS[1:]]]


def test_the_api_records_lists_and_shows_a_landing_and_refuses_bad_input_with_nothing_written(platform, operator):  # noqa: F811
    client, _ = client_for(platform, operator)
    bad = client.post("/api/v1/landing", json={**ROW, "landed_on": "2999-01-01"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "date_future"
    assert "落地日期不能晚于今天" in bad.json()["error"]["message"]
    assert client.post("/api/v1/landing", json={**ROW, "park": "雄安新区中关村科技园"}).status_code == 403
    assert count(platform) == 0
    made = client.post("/api/v1/landing", json=ROW)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["park"] == "jingjin-zgc-city" and body["stage"] == "producing" and body["investment"] == "12000.00"
    assert client.get(f"/api/v1/landing/{body['id']}").json()["title"] == ROW["title"]
    assert [r["id"] for r in client.get("/api/v1/landing?province=120000&stage=producing").json()] == [body["id"]]
    assert client.get("/api/v1/landing?province=130000").json() == []
    assert client.get("/api/v1/landing/999999").status_code == 404
    chain = client.get("/api/v1/landing-chain").json()
    assert next(p for p in chain["provinces"] if p["key"] == "120000")["landed"] == 1


def test_an_uploaded_file_with_a_bad_row_is_reported_in_chinese_and_imports_nothing(platform, operator, tmp_path):  # noqa: F811
    client, token = client_for(platform, operator)
    content = xlsx(tmp_path, [row("L-1"), row("L-2", jobs="很多"), row("L-3", park="雄安新区中关村科技园")])
    queued = client.post("/api/v1/landing/imports", files={"file": ("落地.xlsx", io.BytesIO(content))})
    assert queued.status_code == 202
    assert run_pending(platform, job_handlers()) == 1
    job = client.get(queued.json()["status_url"]).json()
    assert job["status"] == "failed" and job["result"]["committed"] is False
    problems = {(p["row"], p["column"]): p["message"] for p in job["result"]["problems"]}
    assert problems[(3, "带动就业（人）")] == "带动就业人数应为非负整数"
    assert "运营方" in problems[(4, "")]
    assert count(platform) == 0
    page = client.get(f"/jobs/{queued.json()['job_id']}").text
    assert "整份文件未导入" in page and "带动就业人数应为非负整数" in page


def test_the_import_page_queues_a_good_file_which_creates_once_and_updates_on_reimport(platform, operator, tmp_path):  # noqa: F811
    client, token = client_for(platform, operator)
    content = xlsx(tmp_path, [row("L-1"), row("L-2", title="第二个项目", production_start="")])
    for expected in ({"created": 2, "updated": 0}, {"created": 0, "updated": 2}):
        sent = client.post("/landing/import", data={"csrf_token": token}, files={"file": ("落地.xlsx", content)},
                           follow_redirects=False)
        assert sent.status_code == 303 and sent.headers["location"].startswith("/jobs/")
        run_pending(platform, job_handlers())
        result = client.get("/api/v1/jobs/" + sent.headers["location"].rsplit("/", 1)[1]).json()["result"]
        assert {k: result[k] for k in expected} == expected
    assert count(platform) == 2
    wrong = client.post("/landing/import", data={"csrf_token": token}, files={"file": ("落地.pdf", b"%PDF")})
    assert wrong.status_code == 422 and "请上传 XLSX 或 CSV 文件" in wrong.text


def test_the_template_downloads_and_imports_as_it_is(platform, tmp_path):
    from techbridge.accounts.repository import UserRepository

    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    got = client.get("/landing/template.xlsx")
    assert got.status_code == 200 and got.content[:2] == b"PK"
    (tmp_path / "t.xlsx").write_bytes(got.content)
    admin = make_user(platform, role="admin")
    with platform.uow() as uow:
        admin = uow.repo(UserRepository).get(admin.id)
    assert landing.import_landings(platform.uow(), actor=admin, path=tmp_path / "t.xlsx").created == 1
