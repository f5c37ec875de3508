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
