"""Match runs: start one, watch its progress, review its proposals (approve, reject with a reason)."""
from __future__ import annotations

from collections import defaultdict

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from vta.services import matching as svc
from vta.services import overview

FINISHED = ("succeeded", "failed")


@get("/match-runs")
async def run_list(viewer: Viewer, session: AsyncSession) -> Template:
    return page("runs.html", viewer=viewer, runs=await overview.list_runs(session, viewer.who))


@get("/match-runs/new")
async def run_new(viewer: Viewer) -> Template:
    viewer.who.require("admin", "coordinator")
    return page("run_new.html", viewer=viewer)


@post("/match-runs")
async def run_start(viewer: Viewer, session: AsyncSession) -> Redirect:
    run = await svc.create_run(session, viewer.who)
    return see_other(f"/match-runs/{run.id}")


@get("/match-runs/{run_id:str}/progress")
async def run_progress(run_id: str, viewer: Viewer, reader: AsyncSession) -> Response:
    """The progress bar alone (htmx polls it); when the run has finished the page reloads whole."""
    run = await svc.get_run(reader, viewer.who, run_id)
    headers = {"HX-Refresh": "true"} if run.status in FINISHED else {}
    return page("_run_progress.html", viewer=viewer, run=run) if not headers else \
        Response(b"", status_code=200, headers=headers)


@get("/match-runs/{run_id:str}")
async def run_page(run_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    run = await svc.get_run(session, viewer.who, run_id)
    groups: dict = {}
    people: dict = {}
    needs: dict = {}
    if run.status == "succeeded":
        proposals = await svc.list_proposals(session, viewer.who, run.id)
        people, needs = await overview.names(session, viewer.who, {p.participant_id for p in proposals},
                                             {p.need_id for p in proposals})
        by_person = defaultdict(lambda: {"assignment": None, "alternatives": []})
        for p in proposals:
            if p.kind == "assignment":
                by_person[p.participant_id]["assignment"] = p
            else:
                by_person[p.participant_id]["alternatives"].append(p)
        groups = dict(sorted(by_person.items(), key=lambda kv: people.get(kv[0], "")))
    return page("run.html", viewer=viewer, run=run, groups=groups, people=people, needs=needs, done=done)


@post("/proposals/{proposal_id:str}/approve")
async def proposal_approve(proposal_id: str, viewer: Viewer, session: AsyncSession) -> Redirect:
    p = await svc.approve(session, viewer.who, proposal_id)
    return see_other(f"/match-runs/{p.run_id}?done=approved#p-{p.participant_id}")


@post("/proposals/{proposal_id:str}/reject")
async def proposal_reject(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    data = await form_data(request)
    reason = data.get("reason_code") if isinstance(data.get("reason_code"), str) else ""
    comment = data.get("comment") if isinstance(data.get("comment"), str) else ""
    p = await svc.reject(session, viewer.who, proposal_id, reason, comment.strip()[:2000] or None)
    return see_other(f"/match-runs/{p.run_id}?done=rejected#p-{p.participant_id}")


ROUTES = [run_list, run_new, run_start, run_progress, run_page, proposal_approve, proposal_reject]
