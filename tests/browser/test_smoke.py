"""The browser starts, signs in through the real login form, and the page runs our own script."""
from __future__ import annotations

from typing import Any


def test_chromium_signs_in_and_htmx_loads(tab: Any) -> None:
    tab.login("coordinator")
    assert tab.page.locator("h1").inner_text() == "Din översikt"
    assert tab.page.evaluate("() => typeof htmx !== 'undefined' && htmx.version.startsWith('2.')")
    assert tab.console_errors == []
