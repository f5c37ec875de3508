"""JSON API: errors, sessions, CSRF, listings CRUD and review, imports — over the real app factory."""

from tests.integration.web.conftest import api_login
from tests.support.factories import achievement_row, credit_code, demand_row, make_org, make_user
from tests.support.scenario import cast

ACH = {k: v for k, v in achievement_row().items() if k not in ("trl", "transfer_modes", "keywords")} | {
    "trl": 7, "transfer_modes": ["许可", "合作开发"], "keywords": ["储氢", "碳纤维"]}


def test_errors_have_one_shape_with_chinese_messages(client):
    r = client.get("/api/v1/achievements/999999")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found" and "不存在" in r.json()["error"]["message"]
    r = client.get("/api/v1/achievements?page=0")
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "page"


def test_writes_need_a_session(client):
    r = client.post("/api/v1/achievements", json=ACH)
    assert r.status_code == 401 and r.json()["error"]["code"] == "login_required"


def test_a_cookie_session_without_the_csrf_token_cannot_write(client, platform):
    user = make_user(platform, org_id=make_org(platform))
    api_login(client, user.email)
    r = client.post("/api/v1/achievements", json=ACH)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"


def test_a_supplier_creates_submits_and_an_admin_publishes(client, platform):
    supplier = make_user(platform, org_id=make_org(platform))
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    token = api_login(client, supplier.email)
    r = client.post("/api/v1/achievements", json=ACH | {"submit": True, "asking_price": "1800.5"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["status"], body["asking_price"], body["trl_label"][:2]) == ("pending_review", "1800.50", "7级")
    assert body["contact"] is not None  # the owner sees the contact block
    listing_id = body["id"]
    r = client.post(f"/api/v1/achievements/{listing_id}/status", json={"target": "published"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    token = api_login(client, admin.email)
    r = client.post(f"/api/v1/achievements/{listing_id}/status", json={"target": "published"},
                    headers={"X-CSRF-Token": token})
    assert r.json()["status"] == "published"
    client.cookies.clear()
    public = client.get(f"/api/v1/achievements/{listing_id}").json()
    assert public["contact"] is None and public["region_name"] == "北京市昌平区"


def test_invalid_fields_come_back_as_a_field_list(client, platform):
    supplier = make_user(platform, org_id=make_org(platform))
    token = api_login(client, supplier.email)
    r = client.post("/api/v1/achievements", json=ACH | {"region": "火星", "asking_price": "-5", "industry": "炼金术"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    fields = {f["field"]: f["message"] for f in r.json()["error"]["fields"]}
    assert set(fields) == {"region", "asking_price", "industry"}
    assert "不能为负数" in fields["asking_price"]


def test_a_seeker_account_cannot_publish_achievements(client, platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业"))
    token = api_login(client, seeker.email)
    r = client.post("/api/v1/achievements", json=ACH, headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and "成果方" in r.json()["error"]["message"]


def test_only_the_owners_organisation_edits(client, platform):
    c = cast(platform)
    token = api_login(client, c.stranger.email)
    r = client.patch(f"/api/v1/demands/{c.demand_id}", json={"title": "被别人改掉的需求标题"},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    token = api_login(client, c.seeker.email)
    r = client.patch(f"/api/v1/demands/{c.demand_id}", json={"title": "氢燃料重卡储氢瓶组轻量化"},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["title"] == "氢燃料重卡储氢瓶组轻量化"
    assert r.json()["status"] == "pending_review"  # an edited listing goes back to review


def test_listing_search_pages_with_totals_and_facets(client, platform):
    c = cast(platform)
    r = client.get("/api/v1/demands?size=1").json()
    assert (r["total"], r["pages"], len(r["items"])) == (1, 1, 1)
    assert {f["value"] for f in r["facets"]["industry"]} == {"hydrogen"}
    assert client.get("/api/v1/demands?province=110000").json()["total"] == 0
    assert c.demand_id == r["items"][0]["id"]


def test_login_locks_the_account_after_repeated_failures(client, platform):
    user = make_user(platform, org_id=make_org(platform))
    for _ in range(4):
        r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong-pass1"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "login_failed"
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong-pass1"})
    assert r.json()["error"]["code"] == "account_locked"
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
    assert r.json()["error"]["code"] == "account_locked"  # even the right password waits out the lockout


def _run_jobs(platform):
    from techbridge.bootstrap import job_handlers
    from techbridge.jobs.worker import run_pending

    return run_pending(platform, job_handlers())


def test_an_import_is_queued_and_a_bad_file_changes_nothing(client, platform):
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    csv_text = ("成果名称,成果简介,所属领域,技术成熟度,转化方式,单位名称,统一社会信用代码,所在地区\n"
                f"超薄质子交换膜制备技术,采用增强型全氟磺酸树脂与膨体聚四氟乙烯复合，膜厚降至8微米。,氢能,6,许可,测试大学甲,{credit_code('12')},海淀\n"
                f"固态储氢合金罐,钛铁系储氢合金在常温下可逆吸放氢，体积储氢密度高于高压气瓶。,氢能,11,许可,测试大学甲,{credit_code('12')},海淀\n")
    files = {"file": ("list.csv", csv_text.encode("gbk"), "text/csv")}
    token = api_login(client, admin.email)
    r = client.post("/api/v1/imports", files=files, data={"kind": "achievement"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    status_url = r.json()["status_url"]
    assert client.get(status_url).json()["status"] == "queued"
    assert _run_jobs(platform) == 1
    job = client.get(status_url).json()
    assert job["status"] == "failed" and job["result"]["rejected_rows"] == 1
    assert job["result"]["problems"][0]["row"] == 3
    assert client.get("/api/v1/achievements").json()["total"] == 0
    r = client.post("/api/v1/imports", files=files, data={"kind": "achievement", "partial": "true"},
                    headers={"X-CSRF-Token": token})
    _run_jobs(platform)
    job = client.get(r.json()["status_url"]).json()
    assert job["status"] == "done" and job["result"]["created"] == 1 and job["percent"] == 100


def test_a_member_imports_only_its_own_organisations_list_and_it_goes_to_review(client, platform):
    org = make_org(platform, name="测试大学乙")
    supplier = make_user(platform, org_id=org)
    token = api_login(client, supplier.email)
    other = ("成果名称,成果简介,所属领域,技术成熟度,转化方式,单位名称,统一社会信用代码,所在地区\n"
             f"超薄质子交换膜制备技术,采用增强型全氟磺酸树脂与膨体聚四氟乙烯复合，膜厚降至8微米。,氢能,6,许可,别的大学,{credit_code('13')},海淀\n")
    r = client.post("/api/v1/imports", files={"file": ("a.csv", other.encode(), "text/csv")},
                    data={"kind": "achievement"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 202
    _run_jobs(platform)
    job = client.get(r.json()["status_url"]).json()
    assert job["status"] == "failed" and "只能导入本单位" in job["result"]["problems"][0]["message"]
    assert client.post("/api/v1/imports", files={"file": ("a.csv", other.encode(), "text/csv")},
                       data={"kind": "demand"}, headers={"X-CSRF-Token": token}).status_code == 403
    own = other.split("别的大学")[0] + ",,海淀\n"  # the organisation columns left empty: it is my own
    r = client.post("/api/v1/imports", files={"file": ("a.csv", own.encode(), "text/csv")},
                    data={"kind": "achievement"}, headers={"X-CSRF-Token": token})
    _run_jobs(platform)
    job = client.get(r.json()["status_url"]).json()
    assert job["status"] == "done" and job["result"]["created"] == 1
    mine = client.get("/api/v1/achievements?status=pending_review").json()
    assert mine["total"] in (0, 1)  # a member's library shows published listings; the import went to review
    with platform.uow() as uow:
        from techbridge.listings.queries import count_pending_review
        assert count_pending_review(uow, "achievement") == 1


def test_someone_elses_job_does_not_exist_for_you(client, platform):
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    token = api_login(client, admin.email)
    r = client.post("/api/v1/imports", files={"file": ("a.csv", "成果名称\n某成果\n".encode(), "text/csv")},
                    data={"kind": "achievement"}, headers={"X-CSRF-Token": token})
    url = r.json()["status_url"]
    stranger = make_user(platform, org_id=make_org(platform))
    api_login(client, stranger.email)
    assert client.get(url).status_code == 404


def test_openapi_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/demands/{listing_id}" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_demand_create_through_the_api(client, platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业", region="廊坊"))
    token = api_login(client, seeker.email)
    body = {k: v for k, v in demand_row().items() if k not in ("expected_trl", "cooperation_modes")}
    r = client.post("/api/v1/demands", json=body | {"expected_trl": 7, "cooperation_modes": ["合作开发"],
                                                     "deadline": "2027-06-30", "visibility": "brokers_only"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert (r.json()["visibility"], r.json()["budget"], r.json()["deadline"]) == ("brokers_only", "500.00", "2027-06-30")
