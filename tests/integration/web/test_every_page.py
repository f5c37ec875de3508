"""Every GET route the app registers, for every role, on the demo data: no 5xx, no template error, no link
to a route that does not exist, nothing loaded from another host (tests/support/crawler.py)."""

from __future__ import annotations

import re
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from techbridge.bootstrap import Platform
from techbridge.web.app import create_app
from tests.support.crawl_samples import Samples
from tests.support.crawler import Crawl, get_routes
from tests.support.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount


@pytest.fixture(scope="module")
def demo_app(demo_platform: Platform) -> FastAPI:
    return create_app(platform=demo_platform)


def log_in(client: TestClient, account: DemoAccount) -> None:
    if account.anonymous:
        return
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"email": account.email, "password": DEMO_PASSWORD, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, f"{account.email} could not log in: {r.status_code}"


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.role)
def test_every_route_and_every_link_works_for(account: DemoAccount, demo_app: FastAPI, demo_platform: Platform) -> None:
    client = TestClient(demo_app, base_url="http://testserver")
    log_in(client, account)
    started = time.perf_counter()
    crawl = Crawl(demo_app, client, account.role, Samples(demo_platform.engine, account.email))
    findings = crawl.run()
    elapsed = time.perf_counter() - started
    routes = {r.path for r in get_routes(demo_app)}
    assert routes <= set(crawl.visited_routes), f"routes never requested: {sorted(routes - set(crawl.visited_routes))}"
    print(f"\n{account.role}: {crawl.requests} requests over {len(routes)} routes in {elapsed:.1f} s")
    assert not findings, "\n" + "\n".join(str(f) for f in findings)
