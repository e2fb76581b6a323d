"""The CSR partner's printable impact report: HTML from a template, PDF by WeasyPrint (tagged,
PDF/UA), charts from vta.charts. Rendering is CPU work and runs off the event loop."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from vta.charts import HIDDEN_MARK, placement_charts

TEMPLATES = Path(__file__).parent / "templates" / "reports"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)))


def _fmt(v: int | None) -> str:
    return HIDDEN_MARK if v is None else str(v)


def _pct(v: float | None) -> str:
    return HIDDEN_MARK if v is None else f"{round(v * 100)} %"


def report_html(context: dict[str, Any]) -> str:
    answer = context["answer"]
    return _env.get_template("csr_report.html").render(
        **context, total=answer["total"], charts=placement_charts(answer, "report"), fmt=_fmt, pct=_pct)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this route needs

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/ua-1")


async def report_pdf(context: dict[str, Any]) -> bytes:
    return await asyncio.to_thread(_pdf, report_html(context))
