"""Server-rendered pages through the real app: forms, CSRF, review, confidentiality."""

import re

from tests.integration.web.conftest import page_csrf
from tests.support.factories import credit_code, demand_row, make_org, make_user
from tests.support.scenario import cast, publish


def form_login(client, email, password="secret123"):
    token = page_csrf(client)
    r = client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/workspace").text).group(1)


def test_pages_render_in_chinese(client):
    for path in ("/", "/achievements", "/demands", "/login", "/register"):
        r = client.get(path)
        assert r.status_code == 200 and 'lang="zh-CN"' in r.text, path


def test_a_form_post_without_the_csrf_token_is_refused(client):
    client.get("/login")
    r = client.post("/login", data={"email": "a@b.cn", "password": "x"})
    assert r.status_code == 403 and "刷新" in r.text


def test_registration_validates_the_credit_code_beside_the_field(client):
    token = page_csrf(client)
    good = credit_code("91", "130203")
    data = {"csrf_token": token, "role": "seeker", "org_name": "唐山注册测试有限公司", "credit_code": good[:17] + "0",
            "org_type": "企业", "region": "唐山路北区", "display_name": "张经理", "email": "zhang@ts.cn",
            "password": "abc12345", "password2": "abc12345"}
    if good[17] == "0":
        data["credit_code"] = good[:17] + "1"
    r = client.post("/register", data=data)
    assert r.status_code == 422 and "校验位错误" in r.text and 'aria-invalid="true"' in r.text
    r = client.post("/register", data=data | {"credit_code": good}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/workspace"
    assert "张经理" in client.get("/workspace").text


def test_session_cookie_is_httponly_and_samesite_lax(client, platform):
    user = make_user(platform, org_id=make_org(platform))
    token = page_csrf(client)
    r = client.post("/login", data={"email": user.email, "password": "secret123", "csrf_token": token},
                    follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")


def test_the_demand_form_shows_errors_beside_each_field_and_keeps_the_input(client, platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业", region="廊坊"))
    token = form_login(client, seeker.email)
    r = client.post("/demands/new", data={"csrf_token": token, "title": "短", "problem": "太短了", "industry": "",
                                          "budget": "-3", "action": "submit"})
    assert r.status_code == 422
    for message in ("名称至少4个字", "问题与场景至少20个字", "请选择所属领域", "不能为负数"):
        assert message in r.text
    assert 'value="-3"' in r.text


def test_a_draft_is_saved_then_submitted_to_review_and_approved(client, platform):
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业", region="廊坊"))
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门"))
    token = form_login(client, seeker.email)
    data = {k: v for k, v in demand_row().items()} | {"csrf_token": token, "action": "draft"}
    r = client.post("/demands/new", data=data, follow_redirects=False)
    path = r.headers["location"]
    demand_id = int(path.rsplit("/", 1)[1])
    assert "草稿" in client.get(path).text
    client.post(f"/demands/{demand_id}/status", data={"csrf_token": token, "target": "pending_review"})
    client.cookies.clear()
    token = form_login(client, admin.email)
    assert "氢燃料重卡车载储氢减重" in client.get("/review").text
    r = client.post(f"/demands/{demand_id}/status", data={"csrf_token": token, "target": "published", "back": "/review"},
                    follow_redirects=False)
    assert r.headers["location"] == "/review"
    client.cookies.clear()
    assert client.get(path).status_code == 200


def test_a_confidential_demand_is_invisible_to_other_users_everywhere(client, platform):
    c = cast(platform)
    secret = publish(platform, "demand", c.seeker, c.admin, demand_row(title="涉密工艺改造需求", visibility="仅经纪人可见"))
    for who in (None, c.stranger, c.supplier):
        client.cookies.clear()
        if who:
            form_login(client, who.email)
        assert client.get(f"/demands/{secret}").status_code == 404
        assert "涉密工艺改造需求" not in client.get("/demands").text
        assert "涉密工艺改造需求" not in client.get(f"/orgs/{c.seeker.organization_id}").text
        assert client.get(f"/api/v1/demands/{secret}").status_code == 404
        assert all(item["id"] != secret for item in client.get("/api/v1/demands?size=100").json()["items"])
    for who in (c.broker, c.admin, c.seeker):
        client.cookies.clear()
        form_login(client, who.email)
        assert client.get(f"/demands/{secret}").status_code == 200
        assert "涉密工艺改造需求" in client.get("/demands").text


def test_unknown_pages_answer_a_chinese_404(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "没有找到" in r.text


def test_login_page_redirects_back_after_login(client, platform):
    user = make_user(platform, org_id=make_org(platform))
    r = client.get("/workspace", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/workspace"
    token = page_csrf(client)
    r = client.post("/login", data={"email": user.email, "password": "secret123", "csrf_token": token,
                                    "next": "//evil.example"}, follow_redirects=False)
    assert r.headers["location"] == "/workspace"


def test_a_member_adds_a_colleague_who_then_edits_the_organisations_listings(client, platform):
    c = cast(platform)
    token = form_login(client, c.seeker.email)
    r = client.post("/workspace/members", data={"csrf_token": token, "display_name": "李工", "email": "li@ts.cn",
                                                "password": "abc12345"}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post("/workspace/members", data={"csrf_token": token, "display_name": "王", "email": "bad",
                                                "password": "1"}, follow_redirects=True)
    assert "请输入有效的电子邮箱" in r.text
    client.cookies.clear()
    token = form_login(client, "li@ts.cn", "abc12345")
    assert client.get(f"/demands/{c.demand_id}/edit").status_code == 200  # a member of the same organisation


def test_registering_without_the_organisation_name_says_so_beside_the_field_and_keeps_the_password(client):
    token = page_csrf(client)
    data = {"csrf_token": token, "role": "seeker", "org_name": "", "credit_code": credit_code("91", "130203"),
            "org_type": "企业", "region": "唐山路北区", "display_name": "张经理", "email": "zhang2@ts.cn",
            "password": "abc12345", "password2": "abc12345"}
    r = client.post("/register", data=data)
    assert r.status_code == 422
    assert "请填写单位全称" in r.text and 'id="org_name" name="org_name" type="text" value=""' in r.text
    assert r.text.count('value="abc12345"') == 2 and r.headers["cache-control"] == "no-store"
    r = client.post("/register", data=data | {"password2": "abc99999"})
    assert "两次输入的密码不一致" in r.text and 'value="abc12345"' not in r.text


def test_an_enterprise_registering_starts_from_the_enterprise_type_not_a_university(client):
    html = client.get("/register").text
    assert re.search(r'<option value="企业"\s+selected>', html) and 'value="seeker" checked' in html
    html = client.get("/register?role=supplier").text
    assert re.search(r'<option value="高校"\s+selected>', html)


def test_an_enterprise_expresses_interest_from_an_achievement_page_with_its_own_demand(client, platform):
    c = cast(platform)
    client.get(f"/achievements/{c.achievement_id}")
    assert client.get(f"/achievements/{c.achievement_id}/interest").text.count("登录") >= 1  # anonymous: log in first
    token = form_login(client, c.seeker.email)
    assert f'hx-get="/achievements/{c.achievement_id}/interest"' in client.get(f"/achievements/{c.achievement_id}").text
    panel = client.get(f"/achievements/{c.achievement_id}/interest").text
    assert "我有意向" in panel and 'name="demand_id"' in panel and f'value="{c.demand_id}"' in panel
    r = client.post("/engagements", data={"csrf_token": token, "achievement_id": c.achievement_id,
                                           "demand_id": c.demand_id}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/engagements/")
    assert "已在对接" in client.get(f"/achievements/{c.achievement_id}/interest").text


def test_a_university_sees_the_same_offer_on_a_demand_page_and_a_stranger_without_listings_is_told_to_publish(
        client, platform):
    c = cast(platform)
    form_login(client, c.supplier.email)
    assert 'name="achievement_id"' in client.get(f"/demands/{c.demand_id}/interest").text
    client.cookies.clear()
    form_login(client, c.stranger.email)
    assert "发布您的需求" in client.get(f"/achievements/{c.achievement_id}/interest").text


def test_expressing_interest_without_a_pair_is_a_clear_error_not_a_crash(client, platform):
    c = cast(platform)
    token = form_login(client, c.seeker.email)
    r = client.post("/engagements", data={"csrf_token": token, "achievement_id": c.achievement_id, "demand_id": ""})
    assert r.status_code == 422 and "请选择要对接的成果和需求" in r.text


def test_the_achievement_form_asks_for_maturity_and_ip_instead_of_presetting_them(client, platform):
    c = cast(platform)
    token = form_login(client, c.supplier.email)
    html = client.get("/achievements/new").text
    assert re.search(r'<select id="f-trl"[^>]*>\s*<option value="" selected>请选择</option>', html)
    assert re.search(r'<select id="f-ip_status"[^>]*>\s*<option value="" selected>请选择</option>', html)
    r = client.post("/achievements/new", data={"csrf_token": token, "title": "测试成果名称", "trl": "", "ip_status": "",
                                               "summary": "这是一项用于测试表单默认值的成果简介，长度超过二十个字。",
                                               "industry": "hydrogen", "transfer_modes": "许可", "action": "draft"})
    assert r.status_code == 422 and "请选择技术成熟度" in r.text and "请选择知识产权状态" in r.text


def test_a_demand_deadline_in_the_past_is_refused_beside_the_field(client, platform):
    c = cast(platform)
    token = form_login(client, c.seeker.email)
    html = client.get("/demands/new").text
    assert re.search(r'id="f-deadline"[^>]*min="\d{4}-\d{2}-\d{2}"', html, re.S)
    data = demand_row() | {"csrf_token": token, "action": "draft", "deadline": "2020-01-31"}
    r = client.post("/demands/new", data=data)
    assert r.status_code == 422 and "截止日期不能早于今天" in r.text and 'value="2020-01-31"' in r.text
