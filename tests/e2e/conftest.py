"""Browser tests: a live server on the demo data and a real headless Chromium (Playwright).

The server runs in a subprocess on a fresh SQLite file migrated by Alembic and loaded with the
demo data. Every test gets a new browser context (no shared cookies); any request a page makes
to a host other than the server fails the test. Screenshots go to tests/e2e/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
DEMO_PASSWORD = "techbridge2026"

SETUP_TIMEOUT = 1800  # the first test also pays for migrating, loading the demo and building the index


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.timeout(SETUP_TIMEOUT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate, load the demo data, build the index, serve; yield the base URL."""
    root = tmp_path_factory.mktemp("live")
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": f"sqlite:///{root}/techbridge.db",
           "TECHBRIDGE_DATA_DIR": str(root / "var"), "TECHBRIDGE_SECRET_KEY": "e2e-secret"}
    cli = [sys.executable, "-m", "techbridge.cli"]
    for args in (["db", "upgrade"], ["demo"], ["index", "build"]):
        done = subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"`techbridge {' '.join(args)}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    port = _free_port()
    log = (root / "server.log").open("w")
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError(f"server did not start; log: {(root / 'server.log').read_text()[-3000:]}")
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not installed: run `make system-deps`")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, live_server: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page; fails the test if it loads anything from outside the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",  # type: ignore[attr-defined]
                                  base_url=live_server)
    context.set_default_timeout(20_000)
    outside: list[str] = []
    pg = context.new_page()
    local = (live_server, "data:", f"blob:{live_server}")  # blob: URLs are the page's own in-memory objects
    pg.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    yield pg
    context.close()
    assert not outside, f"page loaded resources from outside the server: {outside[:5]}"


def shoot(page: object, name: str) -> Path:
    """Save a full-page screenshot for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def login(page: object, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")  # type: ignore[attr-defined]
    page.get_by_label("电子邮箱").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("密码").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="登录").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/workspace")  # type: ignore[attr-defined]
