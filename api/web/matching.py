"""Match runs: start one, watch its progress, review its proposals (approve, reject with a reason)."""
from __future__ import annotations

from collections import defaultdict

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, pager, see_other
from vta.listing import Page
from vta.services import overview
from vta.services import runs as svc

FINISHED = ("succeeded", "failed")


@get("/match-runs")
async def run_list(viewer: Viewer, session: AsyncSession) -> Template:
    runs, _total = await svc.list_runs(session, viewer.who, Page(limit=20))
    return page("runs.html", viewer=viewer, runs=runs)


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


PEOPLE_PER_PAGE = 25  # each with an explanation and alternatives: a page stays readable


@get("/match-runs/{run_id:str}")
async def run_page(run_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None,
                   offset: int = 0) -> Template:
    run = await svc.get_run(session, viewer.who, run_id)
    groups: dict = {}
    people: dict = {}
    needs: dict = {}
    paging = None
    if run.status == "succeeded":
        views, total = await svc.list_run_by_person(session, viewer.who, run.id,
                                                    Page(limit=PEOPLE_PER_PAGE, offset=offset))
        proposals = [v.proposal for v in views]
        people = {v.proposal.participant_id: v.participant_name for v in views}
        _, needs = await overview.names(session, viewer.who, set(), {p.need_id for p in proposals})
        by_person = defaultdict(lambda: {"assignment": None, "alternatives": []})
        for p in proposals:
            if p.kind == "assignment":
                by_person[p.participant_id]["assignment"] = p
            else:
                by_person[p.participant_id]["alternatives"].append(p)
        groups = dict(sorted(by_person.items(), key=lambda kv: people.get(kv[0], "")))
        paging = pager(f"/match-runs/{run.id}", {}, offset, len(groups), total, size=PEOPLE_PER_PAGE)
    return page("run.html", viewer=viewer, run=run, groups=groups, people=people, needs=needs, done=done,
                pager=paging, offset=offset)


async def _back(request: Request, run_id: object, done: str, participant_id: object) -> Redirect:
    """Back to the page of the run the decision was made on, at the person decided about."""
    back = (await form_data(request)).get("offset")
    at = f"offset={int(back)}&" if isinstance(back, str) and back.isdigit() and int(back) > 0 else ""
    return see_other(f"/match-runs/{run_id}?{at}done={done}#p-{participant_id}")


@post("/proposals/{proposal_id:str}/approve")
async def proposal_approve(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    p = await svc.approve(session, viewer.who, proposal_id)
    return await _back(request, p.run_id, "approved", p.participant_id)


@post("/proposals/{proposal_id:str}/reject")
async def proposal_reject(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    data = await form_data(request)
    reason = data.get("reason_code") if isinstance(data.get("reason_code"), str) else ""
    comment = data.get("comment") if isinstance(data.get("comment"), str) else ""
    p = await svc.reject(session, viewer.who, proposal_id, reason, comment.strip()[:2000] or None)
    return await _back(request, p.run_id, "rejected", p.participant_id)


@post("/proposals/{proposal_id:str}/withdraw")
async def proposal_withdraw(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    p = await svc.withdraw(session, viewer.who, proposal_id)
    return await _back(request, p.run_id, "withdrawn", p.participant_id)


ROUTES = [run_list, run_new, run_start, run_progress, run_page, proposal_approve, proposal_reject, proposal_withdraw]
