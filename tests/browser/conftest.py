"""Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`)
against a real `vta serve` over a SQLite file with the demo world loaded.

Chromium is required in CI like PostgreSQL: without it these tests skip locally and fail when
VTA_REQUIRE_SERVICES=1 (`.ci/run` installs it with apt-get when it is missing). The tests use
Playwright's sync API in plain (sync) test functions, so they never meet pytest-asyncio's loop.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable
from tests.live_server import live_server, run

CHROMIUM = os.environ.get("VTA_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORDS = {"admin": "demo-admin-2026", "coordinator": "demo-coordinator-2026",
                  "employer": "demo-employer-2026", "csr": "demo-csr-2026"}
USERS = {"admin": "admin@demo.vta.se", "coordinator": "koordinator.linkoping@demo.vta.se",
         "employer": "lingonet@demo.vta.se", "csr": "csr.solglantan@demo.vta.se"}
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser")
    loaded = run(tmp, "demo", timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    with live_server(tmp) as base:
        yield base


# Package scope, not session: while sync_playwright() is open it keeps an event loop running in
# the main thread, and every async test after it would fail to start its own.
@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        unavailable("Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--disable-gpu", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


class Tab:
    """A page of one browser context, with the problems the page reported along the way."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.console_errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def go(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return response

    def login(self, role: str, email: str | None = None) -> None:
        self.go("/login")
        self.page.get_by_label("E-post").fill(email or USERS[role])
        self.page.get_by_label("Lösenord").fill(DEMO_PASSWORDS[role])
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url(self.base + "/")

    def axe(self) -> list[dict[str, Any]]:
        """axe-core (served by us) on the current page: the serious and critical WCAG 2.1 A/AA findings."""
        self.page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = self.page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def tab(chromium: Any, server: str) -> Iterator[Tab]:
    context = chromium.new_context(locale="sv-SE", viewport=DESKTOP, base_url=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Tab(page, server)
    context.close()
