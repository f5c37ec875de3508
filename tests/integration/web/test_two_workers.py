"""Two server processes on one PostgreSQL database, as `techbridge serve --workers 2` runs them: a listing
published through one is found by a search on the other within a second (LISTEN/NOTIFY), and a login,
its CSRF token and the lockout count hold whichever process answers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from techbridge.bootstrap import Platform
from tests.integration.conftest import _postgres_platform
from tests.support.demo_listings import import_demo_listings
from tests.support.factories import achievement_row, make_org, make_user
from tests.support.live import serve

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(120)]
PASSWORD = "secret123"
PROPAGATION_BUDGET = 1.0  # seconds from the publishing request to a hit on the other process


@dataclass
class Pair:
    platform: Platform
    a: str
    b: str
    supplier: str
    admin: str


@pytest.fixture(scope="module")
def pair(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("two-workers")
    platform = _postgres_platform(postgres_url, root)
    import_demo_listings(platform, root)  # a real catalogue for the search to rank in
    supplier = make_user(platform, org_id=make_org(platform)).email
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门")).email
    with ExitStack() as stack:
        a = stack.enter_context(serve(postgres_url, root / "a"))
        b = stack.enter_context(serve(postgres_url, root / "b"))
        yield Pair(platform, a, b, supplier, admin)
    platform.close()


def _login(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _signed_in(base: str, email: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=30)
    r = _login(client, email)
    assert r.status_code == 200, r.text
    return client, r.json()["csrf_token"]


def _found(base: str, query: str, listing_id: int) -> bool:
    r = httpx.get(f"{base}/api/v1/achievements", params={"q": query}, timeout=10)
    assert r.status_code == 200, r.text
    return listing_id in {item["id"] for item in r.json()["items"]}


def test_a_listing_published_through_one_process_is_found_on_the_other_within_a_second(pair: Pair) -> None:
    term = "钙钛矿叠层光伏组件封装"
    row = {k: v for k, v in achievement_row().items() if k not in ("trl", "transfer_modes", "keywords")}
    body = row | {"title": f"{term}及湿热老化测试方法", "trl": 6, "transfer_modes": ["许可"], "keywords": ["钙钛矿"],
                  "submit": True}
    supplier, token = _signed_in(pair.a, pair.supplier)
    r = supplier.post("/api/v1/achievements", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    listing_id = r.json()["id"]
    assert not _found(pair.b, term, listing_id)  # pending review: not in the library anywhere
    admin, token = _signed_in(pair.a, pair.admin)
    sent = time.monotonic()
    r = admin.post(f"/api/v1/achievements/{listing_id}/status", json={"target": "published"},
                   headers={"X-CSRF-Token": token})
    answered = time.monotonic()
    assert r.json()["status"] == "published"
    while not _found(pair.b, term, listing_id) and time.monotonic() - sent < 5:
        time.sleep(0.02)
    found = time.monotonic()
    print(f"\npublished through A, found on B {(found - answered) * 1000:.0f} ms after A answered "
          f"({(found - sent) * 1000:.0f} ms after the request was sent)")
    assert _found(pair.a, term, listing_id)
    # The commit happens while A handles the request; what the publisher waits for is B after A's answer.
    assert found - answered <= PROPAGATION_BUDGET


def test_a_login_on_one_process_holds_on_the_other_with_its_csrf_token(pair: Pair) -> None:
    client, token = _signed_in(pair.a, pair.supplier)
    on_b = httpx.Client(base_url=pair.b, cookies=client.cookies, timeout=30)
    assert on_b.get("/api/v1/auth/me").json()["email"] == pair.supplier
    row = {k: v for k, v in achievement_row().items() if k not in ("trl", "transfer_modes", "keywords")}
    body = row | {"title": "跨进程写入：固态储氢合金粉体", "trl": 5, "transfer_modes": ["许可"], "keywords": ["储氢"]}
    assert on_b.post("/api/v1/achievements", json=body).status_code == 403  # no token: refused on B too
    r = on_b.post("/api/v1/achievements", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text


def test_failed_logins_split_across_processes_lock_the_address(pair: Pair) -> None:
    email = make_user(pair.platform, org_id=make_org(pair.platform)).email
    max_failures = pair.platform.settings.login_max_failures
    statuses = []
    for attempt in range(max_failures):
        with httpx.Client(base_url=(pair.a, pair.b)[attempt % 2], timeout=30) as client:
            statuses.append(_login(client, email, "wrong-guess-9").status_code)
    with httpx.Client(base_url=pair.b, timeout=30) as client:
        right = _login(client, email)
    assert statuses[:-1] == [401] * (max_failures - 1)
    assert right.status_code == 423 and right.json()["error"]["code"] == "account_locked"

