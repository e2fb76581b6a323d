"""axe-core on every main page, at desktop and phone width: 0 serious or critical findings.
And no script that someone types into a field ever runs."""
from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, USERS, DEMO_PASSWORDS
from tests.live_server import http, token

MAIN_PAGES = {
    "coordinator": ["/", "/participants", "/participants/new", "/needs", "/needs/new", "/match-runs",
                    "/match-runs/new", "/placements", "/placements/board", "/statistics", "/employers",
                    "/deviations", "/support", "/needs?status=draft", "/needs/import"],
    "employer": ["/", "/needs", "/needs/new", "/needs/import", "/candidates", "/placements"],
    "csr": ["/"],
    "admin": ["/", "/admin/users", "/admin/associations"],
}
NASTY = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">Eva'


def test_login_page_has_no_serious_findings(tab: Any) -> None:
    for size in (DESKTOP, PHONE):
        tab.page.set_viewport_size(size)
        tab.go("/login")
        assert tab.axe() == []


@pytest.mark.parametrize("role", sorted(MAIN_PAGES))
def test_main_pages_have_no_serious_findings(tab: Any, role: str) -> None:
    tab.login(role)
    found = {}
    for size in (DESKTOP, PHONE):
        tab.page.set_viewport_size(size)
        for path in MAIN_PAGES[role]:
            tab.go(path)
            if problems := tab.axe():
                found[f"{path} @{size['width']}"] = problems
            # WCAG 1.4.10: nothing wider than the screen at phone width
            if size is PHONE:
                assert tab.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), path
    assert not found, json.dumps(found, indent=1)
    assert tab.console_errors == []


def test_injected_script_never_runs(tab: Any, server: str) -> None:
    bearer = token(server, USERS["coordinator"], DEMO_PASSWORDS["coordinator"])
    status, body = http(f"{server}/api/v1/participants", {
        "display_name": NASTY, "latitude": 58.41, "longitude": 15.62, "max_travel_km": 10, "hours_max": 20,
        "placement_types": ["work_training"], "goals": NASTY, "interests": "", "experience": "", "skills": [NASTY],
        "swedish_level": "good", "driving_licence": False, "adaptation_needs": [], "excluded_employer_ids": []},
        {"Authorization": f"Bearer {bearer}"})
    assert status == 201, body
    pid = json.loads(body)["id"]
    tab.login("coordinator")
    for path in ("/", "/participants", f"/participants/{pid}"):
        tab.go(path)
        assert tab.page.get_by_text(NASTY, exact=False).count() >= 1, path  # shown as text...
        assert tab.page.evaluate("() => window.__pwned") is None, path  # ...never run
        assert tab.page.locator("img[src=x]").count() == 0
    assert tab.console_errors == []
