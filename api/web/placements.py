"""The employer's candidates (accept with a start date, decline with a reason) and placements with
their checkpoints (complete one; the employer answers how it is going, 1-5)."""
from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.controllers.placements import checkpoint_out
from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from vta.errors import InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import overview
from vta.services import placements as svc


@get("/candidates")
async def candidate_list(viewer: Viewer, session: AsyncSession, done: str | None = None,
                         error: str | None = None) -> Template:
    candidates, _total = await svc.list_candidates(session, viewer.who, Page(limit=MAX_LIMIT))
    return page("candidates.html", viewer=viewer, candidates=candidates,
                today=svc.today(), done=done, errors={"start_date": error} if error == "date" else {})


@post("/candidates/{proposal_id:str}/accept")
async def candidate_accept(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    form = Form(await form_data(request))
    try:
        start = date.fromisoformat(form.text("start_date", max_len=10))
    except ValueError:
        start = None
    if start is None or start < svc.today():  # the list again, with the date's error message
        return see_other(f"/candidates?error=date#c-{proposal_id}")
    placement = await svc.accept_candidate(session, viewer.who, proposal_id, start)
    return see_other(f"/placements/{placement.id}?done=accepted")


@post("/candidates/{proposal_id:str}/decline")
async def candidate_decline(proposal_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    form = Form(await form_data(request))
    await svc.decline_candidate(session, viewer.who, proposal_id, form.text("reason_code", max_len=40))
    return see_other("/candidates?done=declined")


@get("/placements")
async def placement_list(viewer: Viewer, session: AsyncSession) -> Template:
    return page("placements.html", viewer=viewer, rows=await overview.list_placements(session, viewer.who))


@get("/placements/board")
async def placement_board(viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    """Active placements by phase; each card moves with a select and a button (keyboard, no drag)."""
    viewer.who.require("admin", "coordinator")
    rows = await overview.list_placements(session, viewer.who)
    phases = [s for s in svc.TRANSITIONS if s not in svc.ENDED]
    columns = {phase: [r for r in rows if r[0].status == phase] for phase in phases}
    moves = {s: [t for t in phases if t in to] for s, to in svc.TRANSITIONS.items()}
    return page("board.html", viewer=viewer, phases=phases, columns=columns, moves=moves, done=done)


@post("/placements/{placement_id:str}/move")
async def placement_move(placement_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    form = Form(await form_data(request))
    placement = await svc.move_placement(session, viewer.who, placement_id, form.text("status", max_len=30))
    return see_other(f"/placements/board?done=moved#card-{placement.id}")


@get("/placements/{placement_id:str}")
async def placement_page(placement_id: str, viewer: Viewer, session: AsyncSession,
                         done: str | None = None) -> Template:
    placement = await svc.get_placement(session, viewer.who, placement_id)
    people, needs = await overview.names(session, viewer.who, {placement.participant_id}, {placement.need_id})
    rows = await svc.checkpoints_of(session, placement.id)
    entries = await svc.entries_of(session, viewer.who, [c.id for c in rows])  # only what the caller may read
    checkpoints = [checkpoint_out(c, viewer.who, entries.get(c.id, [])) for c in rows]
    return page("placement.html", viewer=viewer, placement=placement, person=people.get(placement.participant_id, ""),
                need=needs.get(placement.need_id), checkpoints=checkpoints, done=done)


@post("/placements/{placement_id:str}/checkpoints/{checkpoint_id:str}/complete")
async def checkpoint_complete(placement_id: str, checkpoint_id: str, request: Request, viewer: Viewer,
                              session: AsyncSession) -> Redirect:
    form = Form(await form_data(request))
    notes = form.text("notes", required=False, max_len=5000) or None
    rating = form.number("rating", 1, 5) if form.data.get("rating") else None
    if not form.ok:
        raise InvalidInput("rating must be from 1 to 5.")
    await svc.complete_checkpoint(session, viewer.who, placement_id, checkpoint_id, notes, rating)
    return see_other(f"/placements/{placement_id}?done=completed#c-{checkpoint_id}")


ROUTES = [candidate_list, candidate_accept, candidate_decline, placement_list, placement_board, placement_move,
          placement_page, checkpoint_complete]
