"""The real app factory over the `platform` fixture (SQLite and PostgreSQL), driven by an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from techbridge.web.app import create_app


@pytest.fixture
def client(platform) -> Iterator[TestClient]:
    """Without the lifespan: no background index worker, so every index update happens in-line
    and tests are deterministic (the browser tests exercise the worker)."""
    yield TestClient(create_app(platform=platform), base_url="http://testserver")


def api_login(client: TestClient, email: str, password: str = "secret123") -> str:
    """Log in through the API; returns the CSRF token to send with writes."""
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def page_csrf(client: TestClient) -> str:
    """Visit a page to get the anonymous session and read its CSRF token from the form."""
    import re

    html = client.get("/login").text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
