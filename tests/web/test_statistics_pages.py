"""The statistics page (coordinators) and the CSR dashboard: protected figures, charts with their
tables, the exports and the PDF report; each role sees only what it may."""
from __future__ import annotations

import re
from typing import Any

from litestar.testing import AsyncTestClient

from tests.security.conftest import fast_hashing  # noqa: F401 - fixture
from tests.web.conftest import Browser, csrf


async def test_coordinator_statistics_page_and_exports(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    start = (await browser.get("/")).text
    assert 'href="/statistics">Statistik</a>' in start
    body = (await browser.get("/statistics")).text
    assert "<h1>Statistik över placeringar</h1>" in body
    # one placement in the association: its count is hidden, and the page says why
    assert "Påbörjade placeringar</dt><dd><span" in body and "dolt" in body and "Varför vissa siffror" in body
    assert body.count('role="img"') >= 2 and body.count("<svg") == body.count('<table><caption>')
    assert 'href="/statistics/placements.csv"' in body and 'href="/statistics/placements.xlsx"' in body
    assert "<script" not in body.split("</head>", 1)[1]
    chosen = (await browser.get("/statistics?start=2020-01-01&end=2099-12-31")).text
    assert 'href="/statistics/placements.csv?start=2020-01-01&amp;end=2099-12-31"' in chosen
    csv = await browser.get("/statistics/placements.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "attachment" in csv.headers["content-disposition"]
    lines = csv.text.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("quarter;started") and lines[-1].startswith("total;;")
    xlsx = await browser.get("/statistics/placements.xlsx")
    assert xlsx.content[:2] == b"PK"
    # a bad date is a 422 page that says so, not a 500
    assert "<h1" in (await browser.get("/statistics?start=31-12-2025", expect=422)).text
    for who in ("empA1", "csrA1"):
        await browser.login(world.emails[who])
        await browser.get("/statistics", expect=403)
        await browser.get("/statistics/placements.csv", expect=403)


async def test_csr_dashboard_explains_hidden_figures_and_offers_the_report(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["csrA1"])
    body = (await browser.get("/")).text
    assert "<h1>Ert bidrag i siffror</h1>" in body and "Varför vissa siffror visas som" in body
    assert 'href="/csr/report.pdf"' in body and 'role="img"' in body
    started = re.search(r"Påbörjade placeringar</th><td>(.*?)</td>", body).group(1)
    assert "–" in started and "1" not in started  # one placement: hidden, never shown
    pdf = await browser.get("/csr/report.pdf")
    assert pdf.content[:5] == b"%PDF-" and pdf.headers["content-type"] == "application/pdf"
    await browser.login(world.emails["coordA"])
    await browser.get("/csr/report.pdf", expect=403)


async def test_the_demo_partner_lands_on_a_populated_protected_dashboard(settings: Any, database_url: str,
                                                                         fast_hashing: None) -> None:  # noqa: F811
    from api.app import create_app
    from vta.demo import load_demo

    await load_demo(database_url)
    async with AsyncTestClient(create_app(settings), base_url="https://testserver.local", timeout=60) as client:
        client.follow_redirects = False
        token = csrf((await client.get("/login")).text)
        r = await client.post("/login", data={"email": "csr.solglantan@demo.vta.se", "password": "demo-csr-2026",
                                              "_csrf_token": token})
        assert r.status_code == 303
        body = (await Browser(client).get("/")).text
    started = re.search(r"Påbörjade placeringar</th><td>(\d+)</td>", body)
    assert started and int(started.group(1)) >= 50
    assert "<td><span title=\"dolt\">–</span>" in body  # some outcome is protected
    assert body.count('role="img"') >= 2 and "Andel av de avslutade som gick till arbete eller studier" in body
