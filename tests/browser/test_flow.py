"""The whole way through in a real browser: an employer posts a need, a coordinator runs matching
and approves, the employer accepts, the coordinator completes a checkpoint. Once with the mouse,
once with the keyboard only (Tab to reach, Space/Enter to act, typing to fill)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.browser.conftest import DEMO_PASSWORDS, DESKTOP, USERS, Tab
from tests.live_server import live_server, run

TAGS = ["written_instructions", "quiet_environment", "flexible_start", "mentor_supervisor", "reduced_hours",
        "no_heavy_lifting", "frequent_breaks", "language_support", "step_up_hours"]


class Mouse:
    """Clicks and fills, as most people do."""

    def __init__(self, tab: Tab) -> None:
        self.tab, self.page = tab, tab.page

    def login(self, role: str) -> None:
        self.tab.login(role)

    def fill(self, label_or_css: str, text: str) -> None:
        self.page.locator(label_or_css).fill(text)

    def check(self, css: str) -> None:
        self.page.locator(css).check()

    def press(self, css: str) -> None:
        self.page.locator(css).click()

    def choose(self, css: str, value: str) -> None:
        self.page.locator(css).select_option(value)


class Keyboard(Mouse):
    """Only the keyboard: Tab until the control has focus, then type or press Space/Enter."""

    def focus(self, css: str, limit: int = 400) -> None:
        target = self.page.locator(css).first
        for _ in range(limit):
            if target.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {css}")

    def login(self, role: str) -> None:
        self.tab.go("/login")
        self.fill("#email", USERS[role])
        self.fill("#password", DEMO_PASSWORDS[role])
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(self.tab.base + "/")

    def fill(self, css: str, text: str) -> None:
        self.focus(css)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def check(self, css: str) -> None:
        target = self.page.locator(css)
        if target.get_attribute("type") == "radio":  # Tab enters a radio group at its checked button
            group = f"input[name='{target.get_attribute('name')}']"
            self.focus(f"{group}:checked" if self.page.locator(f"{group}:checked").count() else group)
            self.page.keyboard.press("Space")  # checks the button the group was entered at
            for key in ["ArrowUp"] * 6 + ["ArrowDown"] * 12:
                if target.is_checked():
                    return
                self.page.keyboard.press(key)
            raise AssertionError(f"arrows never reached {css}")
        self.focus(css)
        if not target.is_checked():
            self.page.keyboard.press("Space")

    def press(self, css: str) -> None:
        self.focus(css)
        self.page.keyboard.press("Enter")

    def choose(self, css: str, value: str) -> None:
        self.focus(css)
        select = self.page.locator(css)
        for _ in range(40):
            if select.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} not reachable in {css}")


def post_need(d: Mouse, title: str) -> str:
    d.login("employer")
    d.press("a.button[href='/needs/new']")
    d.fill("#title", title)
    d.fill("#description", "Lunchrestaurang i centrala Linköping.")
    d.fill("#task_title_0", "Diska och plocka undan efter lunchen")
    d.fill("#task_title_1", "Förbereda grönsaker och sallad")
    d.fill("#slots", "3")
    d.fill("#hours_min", "5")
    d.fill("#hours_max", "40")
    for t in ("work_training", "work_practice", "subsidised_employment", "employment"):
        d.check(f"#pt-{t}")
    for tag in TAGS:
        d.check(f"#ao-{tag}")
    d.fill("#skills", "disk, matlagning, köksarbete, servering, städning")
    d.check("#sl-none")
    d.press("form[action='/needs'] button[name=save_as][value=open]")
    d.page.wait_for_url(re.compile(r"/needs/[0-9a-f-]{36}\?done=created"))
    assert d.page.locator("h1").inner_text() == title
    return d.page.url.split("/needs/")[1].split("?")[0]


def run_and_approve(d: Mouse, title: str) -> None:
    d.login("coordinator")
    d.press("a.button[href='/match-runs/new']")
    d.press("form[action='/match-runs'] button")
    d.page.wait_for_url(re.compile(r"/match-runs/[0-9a-f-]{36}$"))
    # the progress bar is polled by htmx; the page reloads with the proposals when the run is done
    d.page.wait_for_selector("section.proposal, .error-summary", timeout=300_000)
    assert d.page.locator(".error-summary").count() == 0
    option = d.page.locator("article.option", has=d.page.locator("h3", has_text=title)).first
    assert option.count() == 1, "no proposal for the new need"
    assert option.locator("ul.why li").count() >= 2  # the explanation in words
    oid = option.get_attribute("id")
    details = d.page.locator(f"details:has(#{oid})")
    if details.count() and not details.first.evaluate("el => el.open"):  # an alternative: open the comparison
        d.press(f"details:has(#{oid}) > summary")
    d.press(f"#{oid} form[action$='/approve'] button")
    d.page.wait_for_url(re.compile(r"done=approved"))
    assert d.page.get_by_text("Förslaget är godkänt").count() == 1


def accept(d: Mouse, title: str) -> str:
    d.login("employer")
    d.press("main a[href='/candidates']")  # the start page's "see the candidates and answer"
    d.page.wait_for_url(re.compile(r"/candidates$"))
    card = d.page.locator("section.proposal", has_text=title).first
    assert card.count() == 1
    proposal = card.get_attribute("id").removeprefix("c-")
    today = date.today().isoformat()
    if isinstance(d, Keyboard):
        d.focus(f"#start-{proposal}")
        # Debian's headless Chromium shows the date field as month/day/year: type it in that order
        d.page.keyboard.type(today[5:7] + today[8:10] + today[:4])
        assert d.page.locator(f"#start-{proposal}").input_value() == today
        d.press(f"form[action='/candidates/{proposal}/accept'] button")
    else:
        d.fill(f"#start-{proposal}", today)
        d.press(f"form[action='/candidates/{proposal}/accept'] button")
    d.page.wait_for_url(re.compile(r"/placements/[0-9a-f-]{36}\?done=accepted"))
    return d.page.url.split("/placements/")[1].split("?")[0]


def complete_checkpoint(d: Mouse, placement: str) -> None:
    d.login("coordinator")
    d.tab.go(f"/placements/{placement}")
    first = d.page.locator("li[id^=c-]").first
    cid = first.get_attribute("id").removeprefix("c-")
    if not first.locator("details").evaluate("el => el.open"):
        d.press(f"#c-{cid} summary")
    d.check(f"#r-{cid}-4")
    d.fill(f"#notes-{cid}", "Bra första samtal med handledaren.")
    d.press(f"#c-{cid} form button")
    d.page.wait_for_url(re.compile(r"done=completed"))
    assert "Genomförd" in d.page.locator(f"#c-{cid} h3").inner_text()
    assert d.page.get_by_text("Bra första samtal med handledaren.").count() == 1


@pytest.fixture
def own_tab(chromium: Any, tmp_path: Any) -> Iterator[Tab]:
    """A demo world of this test's own: the workplace's supervisor capacity is not used up by the other run."""
    assert run(tmp_path, "demo", timeout=300).returncode == 0
    with live_server(tmp_path) as base:
        context = chromium.new_context(locale="sv-SE", viewport=DESKTOP, base_url=base)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield Tab(page, base)
        context.close()


@pytest.mark.parametrize("driver", [Mouse, Keyboard], ids=["mouse", "keyboard"])
def test_need_to_placement_to_checkpoint(own_tab: Tab, driver: type[Mouse]) -> None:
    tab = own_tab
    d = driver(tab)
    title = f"Diskare till lunchen {driver.__name__}"
    post_need(d, title)
    run_and_approve(d, title)
    placement = accept(d, title)
    complete_checkpoint(d, placement)
    assert tab.console_errors == []
