"""The authorization matrix: every route the app registers × every method × every demo role, on the demo data,
against one table of expected outcomes (tests/integration/web/authz_matrix.py).

Each cell is what the role gets when it asks: `Y` it may (an answer, a form, or a validation error about what it
sent), `N` it may not (401/403/404, or sent to the login page). Reads use the sampler's first value for each
path parameter (the role's own record where it has one); changes send an empty form or JSON body with a valid
CSRF token, so an allowed change answers with a validation error and nothing is half-done. Any 5xx fails.

A route missing from the table fails with its observed row, for a person to check and add: a new route cannot
ship without someone deciding who may use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from techbridge.bootstrap import Platform
from techbridge.config import Settings
from techbridge.web.app import create_app
from tests.integration.web.authz_matrix import EXPECTED, ROLES
from tests.support.crawl_samples import Samples
from tests.support.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
ALLOWED = {400, 409, 410, 413, 415, 422}  # the request reached the use case and was refused on its content


@pytest.fixture(scope="module")
def matrix_platform(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Platform:
    """Its own copy of the demo: the change requests below write (or try to)."""
    import shutil

    from techbridge.bootstrap import bootstrap
    from techbridge.demo.load import load_demo

    root = tmp_path_factory.mktemp("matrix")
    shutil.copyfile(sqlite_template, root / "techbridge.db")
    platform = bootstrap(Settings(database_url=f"sqlite:///{root / 'techbridge.db'}", data_dir=root / "var"))
    load_demo(platform)
    return platform


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route, pages and API, from the app's router."""
    found = set()
    for route in iter_route_contexts(app.routes):
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method, route.path))
    return sorted(found, key=lambda r: (r[1], r[0]))


def outcome(response: httpx.Response) -> str:
    status = response.status_code
    if status >= 500:
        return "E"
    if status in (401, 403, 404, 423):  # 423: signing in is locked, whoever asks
        return "N"
    if 300 <= status < 400:
        return "N" if urlsplit(response.headers.get("location", "")).path == "/login" else "Y"
    return "Y" if status < 300 or status in ALLOWED else f"?{status}"


def sign_in(client: TestClient, account: DemoAccount) -> str:
    """Sign in through the API (the same session serves pages); returns the session's CSRF token."""
    if account.anonymous:
        html = client.get("/login").text
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    r = client.post("/api/v1/auth/login", json={"email": account.email, "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def url_for(path: str, samples: Samples) -> str | None:
    chosen: dict[str, str] = {}
    for name in _PARAM.findall(path):
        values = samples(path, name, chosen)
        if not values:
            return None
        chosen[name] = values[0]
    return _PARAM.sub(lambda m: chosen[m.group(1)], path)


def observe(app: FastAPI, platform: Platform) -> dict[tuple[str, str], str]:
    """The whole matrix as the app answers it today: route → one letter per role, in ROLES order."""
    table = routes(app)
    cells: dict[tuple[str, str], list[str]] = {r: [] for r in table}
    by_role = {a.role: a for a in DEMO_ACCOUNTS}
    for role in ROLES:
        account = by_role[role]
        client = TestClient(app, base_url="http://testserver", follow_redirects=False, raise_server_exceptions=False)
        csrf = sign_in(client, account)
        samples = Samples(platform.engine, account.email)
        for method, path in table:
            url = url_for(path, samples)
            if url is None:
                cells[(method, path)].append("-")  # no record to ask about: the crawler reports unfillable routes
                continue
            api = path.startswith("/api/")
            if method == "GET":
                response = client.get(url)
            elif api:
                response = client.request(method, url, json={}, headers={"X-CSRF-Token": csrf})
            else:
                response = client.request(method, url, data={"csrf_token": csrf}, headers={"HX-Request": "false"})
            cells[(method, path)].append(outcome(response))
            if method != "GET" and not account.anonymous and client.get("/api/v1/auth/me").status_code != 200:
                csrf = sign_in(client, account)  # the request signed the role out (logout): sign in again
    return {route: "".join(letters) for route, letters in cells.items()}


def test_every_route_for_every_role_is_what_the_table_says(matrix_platform: Platform) -> None:
    assert [a.role for a in DEMO_ACCOUNTS] == list(ROLES), "the table's columns must be every demo role"
    app = create_app(platform=matrix_platform)
    observed = observe(app, matrix_platform)
    errors = [f"{m} {p}: {row}" for (m, p), row in observed.items() if "E" in row or "?" in row]
    assert not errors, "server errors or unexpected statuses:\n" + "\n".join(errors)
    missing = [f'    "{m} {p}": "{row}",' for (m, p), row in observed.items() if f"{m} {p}" not in EXPECTED]
    assert not missing, ("routes without an entry in authz_matrix.py — check who may use them, then add:\n"
                         + "\n".join(missing))
    stale = sorted(set(EXPECTED) - {f"{m} {p}" for m, p in observed})
    assert not stale, f"entries for routes that no longer exist: {stale}"
    wrong = [f"{key}: expected {EXPECTED[key]}, got {row}" for (m, p), row in observed.items()
             if EXPECTED[key := f"{m} {p}"] != row]
    assert not wrong, "cells that differ from the table (columns: " + " ".join(ROLES) + "):\n" + "\n".join(wrong)
