"""Schemathesis over the whole OpenAPI document, as three people: anonymous, a supplier and a scoped admin.

Every operation the API declares gets generated requests (valid and invalid) with a fixed seed and a bounded
number of examples; the run fails on any 5xx, on an answer that breaks its declared schema, status code or
content type. A new API route is fuzzed without anyone adding it here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from techbridge.bootstrap import Platform
from techbridge.web.app import create_app
from techbridge.web.security import COOKIE
from tests.integration.conftest import _sqlite_platform
from tests.support.factories import make_org, make_user

EXAMPLES = 12  # per operation and role: the whole run stays well under two minutes here
CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance)


@pytest.fixture(scope="module")
def fuzz_platform(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    platform = _sqlite_platform(sqlite_template, tmp_path_factory.mktemp("fuzz"))
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def app(fuzz_platform: Platform):  # type: ignore[no-untyped-def]
    return create_app(platform=fuzz_platform)


@pytest.fixture(scope="module")
def credentials(app, fuzz_platform: Platform) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Headers that sign each role in (session cookie + CSRF token), made through the API's own login."""
    people = {"supplier": make_user(fuzz_platform, org_id=make_org(fuzz_platform)),
              "admin": make_user(fuzz_platform, role="admin",
                                 org_id=make_org(fuzz_platform, org_type="政府部门"))}
    with fuzz_platform.uow() as uow:  # a Beijing commission's admin: the scoped kind most admins are
        from techbridge.accounts.repository import UserRepository

        admin = uow.repo(UserRepository).get(people["admin"].id)
        assert admin is not None
        admin.region_scope = "110000"
        uow.commit()
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role, user in people.items():
        client = TestClient(app, base_url="http://testserver")
        r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
        assert r.status_code == 200, r.text
        headers[role] = {"Cookie": f"{COOKIE}={client.cookies[COOKIE]}", "X-CSRF-Token": r.json()["csrf_token"]}
    return headers


@pytest.fixture(scope="module")
def operations(app):  # type: ignore[no-untyped-def]
    """Every operation of the app's own OpenAPI document (read from the app, so a new route is included)."""
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 30
    return found


@pytest.mark.timeout(600)
@pytest.mark.parametrize("role", ["anonymous", "supplier", "admin"])
def test_the_api_holds_for(role: str, operations, credentials: dict[str, dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    failures: list[str] = []
    for operation in operations:
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=credentials[role], checks=CHECKS)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as err:  # every operation runs; failures are reported together
            failures.append(f"{operation.label}: {str(err)[:1500]}")
    assert not failures, f"{len(failures)} of {len(operations)} operations fail as {role}:\n" + "\n\n".join(failures)
