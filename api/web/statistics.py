"""Follow-up statistics as pages: the coordinators' statistics page (with its CSV and Excel
exports) and the CSR partner's dashboard (with its PDF report). Every figure comes protected from
vta.services.statistics; the charts are vta.charts' SVG with the same numbers as a table beside."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from litestar import Response, get
from litestar.response import Template
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from api.reports import report_pdf
from api.web.common import Viewer, page
from vta.charts import placement_charts
from vta.errors import InvalidInput
from vta.exports import to_csv, to_xlsx
from vta.follow_up import AGE_BANDS, GENDERS, INCOME_SOURCES, OCCUPATIONS, label
from vta.placement_statistics import RETENTION, csv_rows
from vta.services import statistics as svc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date (YYYY-MM-DD).") from None


def _charts(answer: dict, prefix: str) -> list[dict]:
    # Markup: the SVG and table are built by vta.charts, which escapes every text it draws.
    return [{"title": c.title, "svg": Markup(c.svg), "table": Markup(c.table)} for c in placement_charts(answer, prefix, width=480)]


async def _answer(viewer: Viewer, session: AsyncSession, start: str | None, end: str | None) -> dict:
    return await svc.association_statistics(session, viewer.who, _day(start, "from"), _day(end, "to"))


def _query(start: str | None, end: str | None) -> str:
    """The chosen period for the export links (the same rows as the page)."""
    chosen = {k: v for k, v in (("start", start), ("end", end)) if v}
    return "?" + urlencode(chosen) if chosen else ""


@get("/statistics")
async def statistics_page(viewer: Viewer, session: AsyncSession, start: str | None = None,
                          end: str | None = None) -> Template:
    viewer.who.require("coordinator", "admin")
    answer = await _answer(viewer, session, start, end)  # a bad date: a 422 page before anything is read
    return page("statistics.html", viewer=viewer, answer=answer, total=answer["total"],
                charts=_charts(answer, "stat"), retention=list(RETENTION), start=start or "", end=end or "",
                query=_query(start, end),
                names={"gender": GENDERS, "age_band": AGE_BANDS, "income_source": INCOME_SOURCES,
                       "occupation": OCCUPATIONS}, sus_label=label)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@get("/statistics/placements.csv")
async def statistics_csv(viewer: Viewer, session: AsyncSession, start: str | None = None,
                         end: str | None = None) -> Response[bytes]:
    header, rows = csv_rows(await _answer(viewer, session, start, end))
    return Response(to_csv(header, rows), media_type="text/csv; charset=utf-8", headers=_attachment("placeringar.csv"))


@get("/statistics/placements.xlsx")
async def statistics_xlsx(viewer: Viewer, session: AsyncSession, start: str | None = None,
                          end: str | None = None) -> Response[bytes]:
    header, rows = csv_rows(await _answer(viewer, session, start, end))
    return Response(to_xlsx(header, rows), media_type=XLSX, headers=_attachment("placeringar.xlsx"))


async def csr_start(viewer: Viewer, session: AsyncSession) -> Template:
    """The CSR partner's start page: the summary, its charts, and why some figures show as "–"."""
    summary, answer = await svc.csr_dashboard(session, viewer.who)
    return page("start_csr.html", viewer=viewer, summary=summary, charts=_charts(answer, "csr"))


@get("/csr/report.pdf")
async def csr_report_pdf(viewer: Viewer, session: AsyncSession) -> Response[bytes]:
    viewer.who.require("csr")
    context = await svc.csr_report(session, viewer.who)
    return Response(await report_pdf(context), media_type="application/pdf", headers=_attachment("effektrapport.pdf"))


ROUTES = [statistics_page, statistics_csv, statistics_xlsx, csr_report_pdf]
