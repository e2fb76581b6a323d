"""GET /statistics/placements(.csv, .xlsx) and GET /csr/report.pdf through the real app, on both
databases: the same protected rows in every format, and the contract's status codes."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import openpyxl
from pypdf import PdfReader

from tests.statistics.histories import Story, add_stories, employer
from vta.placement_statistics import csv_rows

TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


async def seed(db: Any) -> dict[str, str]:
    """A CSR partner with 30 placements over two years (some quarters with 1-4 of something), and a
    second employer with 3."""
    async with db() as session, session.begin():
        big, need = await employer(session, "Solgläntan Omsorg", 1)
        small, need2 = await employer(session, "Lilla Verkstaden", 2, csr=False)
        stories = [Story(start=ago(700 - 20 * i), gender="woman" if i % 3 else "man", birth_year=1980 + i,
                         income_source="forsorjningsstod" if i % 2 else "a_kassa", occupation="job_seeker",
                         registered=ago(760 - 20 * i)) for i in range(12)]
        stories += [Story(start=ago(500 - 10 * i), ended=ago(300 - 10 * i), outcome="employment", gender="woman",
                          birth_year=1995, income_source="forsorjningsstod") for i in range(9)]
        stories += [Story(start=ago(400), ended=ago(100), outcome=o) for o in ("studies", "studies", "job_seeker")]
        stories += [Story(start=TODAY - timedelta(days=i)) for i in range(6)]
        await add_stories(session, need, stories)
        await add_stories(session, need2, [Story(start=ago(200)) for _ in range(3)])
    return {"big": str(big.id), "small": str(small.id)}


async def test_the_same_rows_as_json_csv_and_excel(api: Any, db: Any) -> None:
    await seed(db)
    answer = (await api.call("coord", "GET", "/statistics/placements", 200)).json()
    assert answer["items"] and answer["total"]["started"] == 33
    assert answer["suppressed"], "small groups exist, so something is hidden"
    flat = [v for row in answer["items"] for v in (row["started"], row["active"], *row["ended"].values())]
    assert all(v is None or v == 0 or v >= 5 for v in flat)
    employers = {e["employer_name"]: e["started"] for e in answer["by_employer"]}
    assert employers["Lilla Verkstaden"] is None  # 3 placements
    header, rows = csv_rows(answer)
    expected = [[("" if v is None else str(v)) for v in row] for row in rows]

    r = await api.call("coord", "GET", "/statistics/placements.csv", 200)
    assert r.headers["content-type"].startswith("text/csv")
    got = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert got == [header, *expected]

    r = await api.call("coord", "GET", "/statistics/placements.xlsx", 200)
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == [header, *expected]


async def test_a_range_chooses_quarters_and_bad_ranges_are_refused(api: Any, db: Any) -> None:
    await seed(db)
    whole = (await api.call("coord", "GET", "/statistics/placements", 200)).json()
    first = whole["items"][2]["quarter"]
    year, q = int(first[:4]), int(first[-1])
    start = date(year, 3 * q - 2, 1)
    part = (await api.call("coord", "GET", f"/statistics/placements?from={start}&to={TODAY}", 200)).json()
    assert part["items"] == whole["items"][2:] and part["total"] == whole["total"]
    for query, status in (("from=2026-13-01", 400), ("to=yesterday", 400), (f"from={TODAY}&to={ago(1)}", 422)):
        r = await api.call("coord", "GET", f"/statistics/placements?{query}", status)
        assert "detail" in r.json()


async def test_roles(api: Any, db: Any) -> None:
    ids = await seed(db)
    await api.create_user("csr@solglantan.se", "csr", ids["big"])
    await api.create_user("chef@verkstaden.se", "employer", ids["small"])
    for path in ("/statistics/placements", "/statistics/placements.csv", "/statistics/placements.xlsx"):
        await api.call("csr", "GET", path, 403)
        await api.call("chef", "GET", path, 403)
        await api.call("admin", "GET", path, 200)
    await api.call("coord", "GET", "/csr/report.pdf", 403)
    await api.call("chef", "GET", "/csr/report.pdf", 403)
    r = await api.client.get("/api/v1/statistics/placements")
    assert r.status_code == 401


async def test_the_csr_report_is_a_swedish_pdf_with_the_partners_figures(api: Any, db: Any) -> None:
    ids = await seed(db)
    await api.create_user("csr@solglantan.se", "csr", ids["big"])
    r = await api.call("csr", "GET", "/csr/report.pdf", 200)
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages).split())
    summary = (await api.call("csr", "GET", "/csr/summary", 200)).json()
    assert "Effektrapport: Solgläntan Omsorg" in text and "Samordningsförbund" in text
    assert "Startade placeringar" in text and "Avslutade placeringar efter utfall" in text
    started = summary["placements_started"]
    assert f"Startade placeringar {'–' if started is None else started}" in text
    assert "– = dolt" in text  # the partner's small groups are hidden in the report too
    assert "Lilla Verkstaden" not in text
    admin = await api.call("admin", "GET", f"/csr/report.pdf?employer_id={ids['big']}", 200)
    assert admin.content.startswith(b"%PDF")
