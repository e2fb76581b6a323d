"""Why participants got no proposal in a match run (stored with the run by execute_run)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from vta import audit
from vta.errors import NotFound
from vta.ids import parse_id
from vta.models import MatchRun, Participant, UnmatchedParticipant
from vta.principal import Principal


async def list_unmatched(session: AsyncSession, who: Principal, run_id: object, *, limit: int = 50,
                         offset: int = 0) -> tuple[list[UnmatchedParticipant], int]:
    """A page of the run's unmatched participants (erased people left out) and their total."""
    who.require("admin", "coordinator")
    rid = parse_id(run_id, "Match run")
    run = select(MatchRun.id).where(MatchRun.id == rid)
    if who.role == "coordinator":  # runs are scoped like every id: another association's is a 404
        run = run.where(MatchRun.association_id == who.association_id)
    if (await session.execute(run)).scalar() is None:
        raise NotFound("Match run")
    live = (select(UnmatchedParticipant).join(Participant, Participant.id == UnmatchedParticipant.participant_id)
            .where(UnmatchedParticipant.run_id == rid, Participant.erased_at.is_(None)))
    total = (await session.execute(select(func.count()).select_from(live.subquery()))).scalar_one()
    rows = (await session.execute(live.order_by(UnmatchedParticipant.reason, UnmatchedParticipant.participant_id)
                                  .limit(limit).offset(offset))).scalars().all()
    await audit.record(session, who, "read", "match_run_unmatched", rid, count=len(rows))
    return list(rows), total
