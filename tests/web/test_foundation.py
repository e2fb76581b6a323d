"""Layout, languages and each role's start page (issue 11, step 1)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
START = {  # the start page's heading and the navigation each role gets
    "coordA": ("Din översikt", ["Deltagare", "Behov", "Matchning", "Placeringar"]),
    "empA1": ("Välkommen, A1 AB", ["Behov", "Kandidater", "Placeringar"]),
    "csrA1": ("Ert bidrag i siffror", []),
    "admin": ("Administration", ["Användare", "Deltagare"]),
}


async def test_each_role_lands_on_a_start_page_of_its_own(pages: Any) -> None:
    browser, world = pages
    for who, (heading, nav) in START.items():
        await browser.login(world.emails[who])
        body = (await browser.get("/")).text
        assert f"<h1>{heading}</h1>" in body, (who, body[:3000])
        menu = body.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0] if nav else ""
        for item in nav:
            assert f">{item}</a>" in menu, (who, item)
        assert world.emails[who] in body and 'lang="sv"' in body
    # the coordinator sees the proposal waiting in its association, and no other association's
    await browser.login(world.emails["coordA"])
    body = (await browser.get("/")).text
    assert "Köksbiträde A1" in body and "Köksbiträde B" not in body
    await browser.login(world.emails["empA1"])
    body = (await browser.get("/")).text
    assert "Köksbiträde A1" in body and "Köksbiträde A2" not in body


async def test_english_on_request_and_back(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    r = await browser.post("/language", {"lang": "en", "next": "/"})
    assert r.headers["location"] == "/"
    body = (await browser.get("/")).text
    assert 'lang="en"' in body and "<h1>Your overview</h1>" in body and ">Participants</a>" in body
    # an outside address is never followed
    assert (await browser.post("/language", {"lang": "sv", "next": "//evil.example/"})).headers["location"] == "/"
    assert "<h1>Din översikt</h1>" in (await browser.get("/")).text


async def test_pages_need_a_signed_in_user(pages: Any) -> None:
    browser, _ = pages
    browser.client.cookies.clear()
    for path in ("/", "/participants", "/needs/new", "/candidates", "/admin/users"):
        r = await browser.client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/login", path


def test_every_template_string_has_an_english_translation() -> None:
    msgids = {m[2] if isinstance(m[2], str) else m[2][0]
              for m in extract_from_dir(str(ROOT / "api" / "templates"), method_map=[("**.html", "jinja2")])}
    with (ROOT / "api/translations/en/LC_MESSAGES/messages.po").open("rb") as f:
        catalogue = read_po(f)
    missing = sorted(m for m in msgids if not catalogue.get(m) or not catalogue.get(m).string)
    assert len(msgids) > 100 and not missing, missing
    compiled = ROOT / "api/translations/en/LC_MESSAGES/messages.mo"
    assert compiled.exists(), "run `make install` (pybabel compile -d api/translations)"
