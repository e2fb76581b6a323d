"""BIP indicator assessments on a participant's own page: the progression as an SVG chart with the
same numbers as a table, and a form for a new assessment (only under the bip_assessment consent).
A refused assessment comes back on the form with its message and the scores kept."""
from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.response import Redirect, Template
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from vta.charts import Series, bar_chart, data_table
from vta.errors import Conflict, InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import bip
from vta.services.participants import active_consent, get_participant
from vta.vocabulary import bip_indicators


def _chart(assessments: list, indicators) -> dict | None:  # noqa: ANN001
    if not assessments:
        return None
    codes = [t.code for t in indicators.terms if any(t.code in a.scores for a in assessments)]
    labels = [indicators.label(c, "sv") for c in codes]
    series = [Series(a.assessed_on.isoformat(), [a.scores.get(c) for c in codes]) for a in assessments[-4:]]
    title = "BIP-indikatorer över tid"
    return {"svg": Markup(bar_chart("bip", title, "Skattning 1-5 per indikator, en stapel per bedömningstillfälle "
                                    "(de fyra senaste).", labels, series, width=720, note="")),
            "table": Markup(data_table(title, labels, series, "Indikator"))}


@get("/participants/{participant_id:str}/bip")
async def bip_page(participant_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    return await _bip_page(viewer, session, participant_id, done=done)


async def _bip_page(viewer: Viewer, session: AsyncSession, participant_id: str, *, done: str | None = None,
                    form: Form | None = None, problem: str = "", status: int = 200) -> Template:
    viewer.who.require("admin", "coordinator")
    assessments, _ = await bip.list_assessments(session, viewer.who, participant_id, Page(limit=MAX_LIMIT))
    participant = await get_participant(session, viewer.who, participant_id, action="bip_read")
    consent = await active_consent(session, participant.id, bip.CONSENT_SCOPE)
    indicators = bip_indicators()
    caseworker = [t for t in indicators.terms if "caseworker" in t.extra["respondents"]]
    return page("bip.html", status=status, viewer=viewer, participant=participant, assessments=assessments,
                consent=consent, chart=_chart(assessments, indicators), indicators=indicators, caseworker=caseworker,
                today=date.today(), done=done, data=form.data if form else {}, errors=form.errors if form else {},
                problem=problem)


@post("/participants/{participant_id:str}/bip")
async def bip_add(participant_id: str, request: Request, viewer: Viewer,
                  session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    assessed_on = form.day("assessed_on")
    scores = {}
    for t in bip_indicators().terms:
        raw = form.text(f"score_{t.code}", required=False, max_len=2)
        if raw and not raw.isdigit():
            form.errors[f"score_{t.code}"] = "number"
        elif raw:
            scores[t.code] = int(raw)
    if not form.ok:
        return await _bip_page(viewer, session, participant_id, form=form, status=422)
    try:
        item = await bip.add_assessment(session, viewer.who, participant_id, assessed_on=assessed_on,  # type: ignore[arg-type]
                                        scores=scores)
    except (InvalidInput, Conflict) as exc:  # out of range, or no consent (409): why, on the form
        await session.rollback()
        return await _bip_page(viewer, session, participant_id, form=form, problem=exc.detail, status=exc.status)
    return see_other(f"/participants/{item.participant_id}/bip?done=created")


ROUTES = [bip_page, bip_add]
