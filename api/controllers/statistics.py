"""Follow-up statistics (coordinators: own association; admins) as JSON, CSV and Excel, and the
CSR partner's printable impact report. Every figure has been through vta.suppression."""
from __future__ import annotations

from datetime import date

from litestar import Controller, Response, get
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.reports import report_pdf
from vta.exports import to_csv, to_xlsx
from vta.placement_statistics import csv_rows
from vta.principal import Principal
from vta.services import statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
From = QueryParameter(name="from", default=None, description="first day (YYYY-MM-DD); quarters that contain it on")
To = QueryParameter(name="to", default=None, description="last day (YYYY-MM-DD)")


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


class StatisticsController(Controller):
    path = "/statistics"
    tags = ["statistics"]

    @get("/placements", summary="Placements by quarter with totals and breakdowns; small counts hidden")
    async def placements(self, session: AsyncSession, who: Principal, start: date | None = From,
                         end: date | None = To) -> dict:
        return await statistics.association_statistics(session, who, start, end)

    @get("/placements.csv", summary="The same quarter rows as CSV (hidden figures are empty)",
         media_type="text/csv; charset=utf-8")
    async def placements_csv(self, session: AsyncSession, who: Principal, start: date | None = From,
                             end: date | None = To) -> Response[bytes]:
        header, rows = csv_rows(await statistics.association_statistics(session, who, start, end))
        return Response(to_csv(header, rows), media_type="text/csv; charset=utf-8",
                        headers=_attachment("placeringar.csv"))

    @get("/placements.xlsx", summary="The same quarter rows as an Excel workbook", media_type=XLSX)
    async def placements_xlsx(self, session: AsyncSession, who: Principal, start: date | None = From,
                              end: date | None = To) -> Response[bytes]:
        header, rows = csv_rows(await statistics.association_statistics(session, who, start, end))
        return Response(to_xlsx(header, rows), media_type=XLSX, headers=_attachment("placeringar.xlsx"))


class CsrReportController(Controller):
    path = "/csr"
    tags = ["csr"]

    @get("/report.pdf", summary="The partner's printable impact report (Swedish, PDF)", media_type="application/pdf")
    async def report(self, session: AsyncSession, who: Principal, employer_id: str | None = None) -> Response[bytes]:
        context = await statistics.csr_report(session, who, employer_id)
        return Response(await report_pdf(context), media_type="application/pdf",
                        headers=_attachment("effektrapport.pdf"))
