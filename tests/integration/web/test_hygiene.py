"""Issue 11's reproducers, each pinned: control characters, length limits, formula injection in exports, body
limits, security headers, sessions that end on the server, same-site redirects, and migrations that build exactly
the tables the code declares (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient

from techbridge.bootstrap import Platform, load_tables
from techbridge.listings.exporting import export_listings
from techbridge.listings.model import TEXT_LIMITS
from techbridge.web.app import create_app
from tests.integration.web.conftest import api_login, page_csrf
from tests.support.factories import achievement_row, make_org, make_user

FORMULA = '=HYPERLINK("http://evil.example/x","点击查看详情")'


def _achievement(**overrides: object) -> dict[str, object]:
    row = {k: v for k, v in achievement_row().items() if k not in ("trl", "transfer_modes", "keywords")}
    return row | {"trl": 6, "transfer_modes": ["许可"], "keywords": ["储氢"]} | overrides


def _count(platform: Platform) -> int:
    from sqlalchemy import text

    with platform.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM achievements")).scalar_one())


@pytest.mark.parametrize("bad", ["\x1b[31m高压储氢瓶", "高压\x00储氢瓶", "储氢\x07瓶"])
def test_control_characters_are_refused_at_the_boundary_and_nothing_is_stored(client, platform, bad) -> None:
    token = api_login(client, make_user(platform, org_id=make_org(platform)).email)
    r = client.post("/api/v1/achievements", json=_achievement(title=bad), headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    fields = {f["field"]: f for f in r.json()["error"]["fields"]}
    assert fields["title"]["code"] == "control_characters" and "控制字符" in fields["title"]["message"]
    assert _count(platform) == 0


def test_a_text_over_its_limit_is_a_422_with_the_field_named(client, platform) -> None:
    token = api_login(client, make_user(platform, org_id=make_org(platform)).email)
    too_long = "储" * (TEXT_LIMITS["title"] + 1)
    r = client.post("/api/v1/achievements", json=_achievement(title=too_long), headers={"X-CSRF-Token": token})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "title"
    assert _count(platform) == 0


def test_formulas_typed_by_a_supplier_stay_text_in_every_export_format(client, platform, tmp_path: Path) -> None:
    supplier = make_user(platform, org_id=make_org(platform))
    token = api_login(client, supplier.email)
    r = client.post("/api/v1/achievements", json=_achievement(title=FORMULA, summary="@SUM(1+1) 以及 -2+3 开头的摘要" * 2),
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    statuses = ("draft", "pending_review", "published")
    export_listings(platform.uow(), "achievement", tmp_path / "list.xlsx", statuses=statuses)
    export_listings(platform.uow(), "achievement", tmp_path / "list.csv", statuses=statuses)
    sheet = openpyxl.load_workbook(tmp_path / "list.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    titles = [c.value for c in cells if "HYPERLINK" in str(c.value)]
    assert titles and all(t.startswith("'=") for t in titles), titles
    assert not any(c.data_type == "f" for c in cells)  # no cell is a formula
    with (tmp_path / "list.csv").open(encoding="utf-8-sig") as fh:
        values = [v for row in list(csv.reader(fh))[1:] for v in row]
    assert any(v.startswith("'=HYPERLINK") for v in values) and not any(v.startswith(("=", "+", "-", "@")) for v in values if v)


def test_a_stored_escape_character_no_longer_breaks_the_xlsx_export(platform, tmp_path: Path) -> None:
    """Rows stored before the boundary check (or by a direct import) still export."""
    from sqlalchemy import text

    supplier = make_user(platform, org_id=make_org(platform))
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = api_login(client, supplier.email)
    r = client.post("/api/v1/achievements", json=_achievement(title="高压储氢瓶"), headers={"X-CSRF-Token": token})
    with platform.engine.begin() as conn:
        conn.execute(text("UPDATE achievements SET title = :t WHERE id = :i"), {"t": "高压\x1b储氢瓶", "i": r.json()["id"]})
    export_listings(platform.uow(), "achievement", tmp_path / "list.xlsx", statuses=("draft",))
    sheet = openpyxl.load_workbook(tmp_path / "list.xlsx").worksheets[0]
    assert "高压储氢瓶" in [c.value for row in sheet.iter_rows(min_row=2) for c in row]


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, platform) -> None:
    token = api_login(client, make_user(platform, org_id=make_org(platform)).email)
    r = client.post("/api/v1/achievements", content=b"{" + b" " * (platform.settings.max_request_bytes + 10) + b"}",
                    headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"


def test_every_answer_carries_the_security_headers(client) -> None:
    for path in ("/", "/login", "/api/v1/achievements", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] in ("same-origin", "no-referrer")


def test_logging_out_ends_the_session_on_the_server(client, platform) -> None:
    api_login(client, make_user(platform, org_id=make_org(platform)).email)
    stolen = dict(client.cookies)
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": client.get("/api/v1/auth/me").json().get("csrf_token", "")})
    assert r.status_code in (204, 403)
    if r.status_code == 403:  # the API wants the session's token: take it from a page form
        assert client.post("/logout", data={"csrf_token": page_csrf(client)}).status_code in (200, 303)
    replay = TestClient(client.app, base_url="http://testserver", cookies=stolen)
    assert replay.get("/api/v1/auth/me").status_code == 401  # the old cookie is worth nothing now


def test_changing_the_password_signs_out_every_other_session(platform) -> None:
    user = make_user(platform, org_id=make_org(platform))
    app = create_app(platform=platform)
    laptop, phone = (TestClient(app, base_url="http://testserver") for _ in range(2))
    token = api_login(laptop, user.email)
    api_login(phone, user.email)
    r = laptop.post("/api/v1/auth/password", json={"current_password": "secret123", "new_password": "newsecret456"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 204, r.text
    assert laptop.get("/api/v1/auth/me").status_code == 200  # the one who changed it stays signed in
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert phone.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\r\nSet-Cookie:x"])
def test_after_login_only_same_site_paths_are_followed(client, platform, target: str) -> None:
    user = make_user(platform, org_id=make_org(platform))
    r = client.post(f"/login?next={quote(target)}", data={"email": user.email, "password": "secret123",
                                                    "csrf_token": page_csrf(client), "next": target},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/") and not r.headers["location"].startswith("//")
    assert "evil" not in r.headers["location"]


def test_the_migrations_build_exactly_the_tables_the_code_declares(platform) -> None:
    with platform.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), load_tables())
    assert diff == [], f"migrations and tables.py disagree: {diff}"
