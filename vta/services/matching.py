"""Executing a match run (the background task): load the world, run the engine, store the result.
The request side of a run (create, read, review) lives in vta/services/runs.py."""
from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from decimal import Decimal
from typing import Any

import matching as engine
from matching.encoder import CachedEncoder, cache_key
from matching.review import COORDINATOR, EMPLOYER, Feedback, Review
from matching.text import participant_text
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from employers.models import Employer, Need, Workplace
from vta.db import reader_for, utcnow
from vta.embedding_store import DbVectorStore
from vta.models import Consent, MatchRun, Participant, Placement, Proposal, ProposalEvent, UnmatchedParticipant
from employers import term_counts
from vta.services.runs import MAX_CONTINUATIONS, STOP_WAIT_S
from vta.keys import store_of
from vta.sealed import seal_value
from vta.settings import Settings

log = logging.getLogger("vta.matching")
BLOCKING_STATUSES = ("rejected", "declined")


# --- executing a run (called by the background task) ---------------------------------------

CONFIG_FIELDS = ("w_semantic", "w_terms", "w_adaptations", "w_distance", "w_continuity", "w_occupation", "min_score",
                 "top_k", "alternatives_per_participant")


def match_config(settings: Settings, alternatives: int | None) -> engine.MatchConfig:
    chosen = {f: getattr(settings, f) for f in CONFIG_FIELDS if getattr(settings, f) is not None}
    if alternatives is not None:
        chosen["alternatives_per_participant"] = alternatives
    return engine.MatchConfig(**chosen)


async def load_world(session: AsyncSession, run: MatchRun) -> dict[str, Any]:
    """Plain engine inputs for a run: open needs with free slots, eligible participants, capacities."""
    params = run.params or {}
    need_stmt = (select(Need, Workplace, Employer).join(Workplace, Workplace.id == Need.workplace_id)
                 .join(Employer, Employer.id == Need.employer_id).options(selectinload(Need.tasks))
                 .where(Need.status.in_(("open", "partially_filled"))))
    person_stmt = (select(Participant).options(selectinload(Participant.adaptation_needs),
                                               selectinload(Participant.exclusions))
                   .where(Participant.erased_at.is_(None)))
    if run.association_id is not None:
        need_stmt = need_stmt.where(Employer.association_id == run.association_id)
        person_stmt = person_stmt.where(Participant.association_id == run.association_id)
    if params.get("need_ids") is not None:
        need_stmt = need_stmt.where(Need.id.in_([uuid.UUID(x) for x in params["need_ids"]]))
    if params.get("participant_ids") is not None:
        person_stmt = person_stmt.where(Participant.id.in_([uuid.UUID(x) for x in params["participant_ids"]]))
    need_rows = (await session.execute(need_stmt)).all()
    people = (await session.execute(person_stmt)).scalars().all()

    active = set((await session.execute(select(Placement.participant_id).where(Placement.active))).scalars())
    used = dict((await session.execute(select(Placement.workplace_id, func.count()).where(Placement.active)
                                       .group_by(Placement.workplace_id))).all())
    consenting = set((await session.execute(select(Consent.participant_id).where(
        Consent.scope == "share_with_employers", Consent.withdrawn_at.is_(None)))).scalars())
    decided = (await session.execute(
        select(Proposal.participant_id, Proposal.need_id, Proposal.status, Proposal.reason_code,
               Proposal.explanation).where(Proposal.status.in_(BLOCKING_STATUSES)))).all()
    blocked = {(str(p), str(n)) for p, n, *_ in decided}

    needs, workplaces = [], {}
    for need, wp, employer in need_rows:
        workplaces[str(wp.id)] = engine.Workplace(
            id=str(wp.id), free_supervisor_capacity=max(0, wp.supervisor_capacity - used.get(wp.id, 0)))
        needs.append(engine.Need(
            id=str(need.id), employer_id=str(need.employer_id), workplace_id=str(wp.id), latitude=wp.latitude,
            longitude=wp.longitude, title=need.title, description=need.description,
            tasks=tuple(engine.Task(title=t.title, description=t.description) for t in need.tasks),
            free_slots=max(0, need.slots - need.filled_slots), hours_min=need.hours_min, hours_max=need.hours_max,
            placement_types=frozenset(need.placement_types), adaptations_offered=frozenset(need.adaptations_offered),
            skills=tuple(need.skills), swedish_level_required=need.swedish_level_required,
            driving_licence_required=need.driving_licence_required, is_open=True,
            coordinator_id=str(employer.relationship_owner_id) if employer.relationship_owner_id else None))
    participants = [to_engine_participant(p, p.id in consenting, p.id in active) for p in people]
    # "Without ids: every participant who is not in an active placement".
    participants = [p for p in participants if not p.in_active_placement]
    in_run = {p.id for p in participants} | {n.id for n in needs}
    reviews = [_review(*row) for row in decided if str(row[0]) in in_run or str(row[1]) in in_run]
    return {"participants": participants, "needs": needs, "workplaces": list(workplaces.values()),
            "blocked": frozenset(blocked), "feedback": Feedback(r for r in reviews if r is not None),
            "frequency": await term_counts.frequency(session, run.association_id)}


def _review(participant_id: uuid.UUID, need_id: uuid.UUID, status: str, reason_code: str | None,
            explanation: dict | None) -> Review | None:
    """What a rejection (coordinator) or decline (employer) can teach, with the distance and the
    occupation groups its proposal's explanation recorded."""
    if not reason_code:
        return None
    expl = explanation or {}
    occupation = expl.get("occupation") or {}

    def top(side: str) -> tuple[str, str] | None:
        found = occupation.get(side) or []
        return (str(found[0]["ssyk"]), str(found[0]["label"])) if found else None

    distance = expl.get("distance_km")
    return Review(str(participant_id), str(need_id), reason_code, COORDINATOR if status == "rejected" else EMPLOYER,
                  distance_km=float(distance) if isinstance(distance, int | float) else None,
                  participant_group=top("participant"), need_group=top("need"))


def to_engine_participant(p: Participant, has_consent: bool, in_active_placement: bool) -> engine.Participant:
    return engine.Participant(
        id=str(p.id), latitude=p.latitude, longitude=p.longitude, max_travel_km=p.max_travel_km,
        hours_max=p.hours_max, placement_types=frozenset(p.placement_types), goals=p.goals, interests=p.interests,
        experience=p.experience, skills=tuple(p.skills), swedish_level=p.swedish_level,
        driving_licence=p.driving_licence,
        adaptation_needs=tuple(engine.AdaptationNeed(tag=a.tag, required=a.required) for a in p.adaptation_needs),
        excluded_employer_ids=frozenset(str(e.employer_id) for e in p.exclusions), has_consent=has_consent,
        in_active_placement=in_active_placement, coordinator_id=str(p.coordinator_id) if p.coordinator_id else None)


async def execute_run(sessionmaker: async_sessionmaker[AsyncSession], run_id: str, *, settings: Settings,
                      encoder: engine.Encoder, taxonomy: Any = None) -> str:
    """Run a match to completion. Idempotent: a finished run is left alone, a half-done one is redone whole."""
    rid = uuid.UUID(run_id)
    async with sessionmaker() as session, session.begin():
        run = await session.get(MatchRun, rid)
        if run is None:
            return "missing"
        if run.status in ("succeeded", "failed"):
            return run.status
        # A continued run (see continue_encoding) keeps the progress it had: progress never goes back.
        run.status, run.started_at, run.attempts = "running", utcnow(), run.attempts + 1
        attempt, params, start = run.attempts, dict(run.params or {}), float(run.progress or 0.0)
    # Only this attempt may finish the run: one that was overtaken or given up writes nothing.
    ours = (MatchRun.id == rid, MatchRun.status == "running", MatchRun.attempts == attempt)
    progress: _ProgressWriter | None = None
    try:
        async with reader_for(sessionmaker)() as session:  # one consistent snapshot, no write lock
            world = await load_world(session, run)
        config = match_config(settings, params.get("alternatives_per_participant"))
        progress = _ProgressWriter(sessionmaker, rid, start)
        stop = threading.Event()
        loop = asyncio.get_running_loop()
        owners = {cache_key(encoder.model_id, participant_text(p)): uuid.UUID(p.id)
                  for p in world["participants"]}
        cached = CachedEncoder(encoder, DbVectorStore(sessionmaker, loop, owners))

        def on_progress(value: float) -> None:
            if stop.is_set():  # the run was stopped (its budget ran out): end the engine's thread too
                raise RunStopped
            loop.call_soon_threadsafe(progress.set, value)

        writer = asyncio.create_task(progress.run())
        engine_thread = asyncio.ensure_future(asyncio.to_thread(
            engine.match, world["participants"], world["needs"], world["workplaces"], encoder=cached,
            config=config, blocked_pairs=world["blocked"], taxonomy=taxonomy, progress=on_progress,
            feedback=world["feedback"], frequency=world["frequency"]))
        # a stopped thread ends with RunStopped after we have moved on: that is expected, not news
        engine_thread.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            result = await asyncio.shield(engine_thread)
        except asyncio.CancelledError:
            # Stopped: let the engine's thread end (at its next check) before the run is handed on,
            # so a continuation never encodes beside it.
            stop.set()
            await asyncio.wait({engine_thread}, timeout=STOP_WAIT_S)
            raise
        finally:
            stop.set()
            writer.cancel()
        problems = engine.validate(result, world["participants"], world["needs"], world["workplaces"], config,
                                   blocked_pairs=world["blocked"])
        if problems:  # never store a result that breaks a rule; say why instead
            raise RuntimeError("the result failed its independent check: " + "; ".join(problems[:3]))
        # Everything that costs CPU (ids, sealing each explanation for its person) before the write
        # transaction: on SQLite the write lock is held by whoever commits, and every request
        # that writes (an audit row is a write) waits for it.
        store = store_of(sessionmaker.kw["bind"].dialect)
        now = utcnow()
        proposal_rows = [{"id": uuid.uuid4(), "run_id": rid, "participant_id": uuid.UUID(p.participant_id),
                          "need_id": uuid.UUID(p.need_id), "kind": p.kind, "rank": p.rank,
                          "score": Decimal(str(round(p.score, 4))), "status": "proposed", "created_at": now,
                          "explanation": seal_value(store, uuid.UUID(p.participant_id), p.explanation)}
                         for p in result.proposals]
        unmatched_rows = [{"id": uuid.uuid4(), "run_id": rid, "participant_id": uuid.UUID(u["participant_id"]),
                           "reason": u["reason"], "created_at": now,
                           "detail": {k: v for k, v in u.items() if k not in ("participant_id", "reason")}}
                          for u in result.unmatched]
        async with sessionmaker() as session, session.begin():
            # The conditional update first: it locks the run row, so a second finisher waits and then writes nothing.
            done = await session.execute(update(MatchRun).where(*ours).values(status="succeeded"))
            if done.rowcount != 1:
                return "superseded"
            # Nobody erased during the run gets a proposal (its explanation quotes their words). The rows
            # are share-locked (erasure takes them exclusively), so one of the two always sees the other;
            # shared locks never block each other or inserts elsewhere. Taken before the proposals are
            # touched, in id order: the same order as erasure, so nothing deadlocks.
            people = sorted({r["participant_id"] for r in proposal_rows} | {r["participant_id"] for r in unmatched_rows})
            live: set[uuid.UUID] = set()
            for start in range(0, len(people), 1000):  # bound the statement's parameters
                live.update((await session.execute(select(Participant.id).where(
                    Participant.id.in_(people[start:start + 1000]), Participant.erased_at.is_(None))
                    .order_by(Participant.id).with_for_update(read=True))).scalars())
            await session.execute(delete(Proposal).where(Proposal.run_id == rid))
            rows = [r for r in proposal_rows if r["participant_id"] in live]
            if rows:
                await session.execute(insert(Proposal), rows)
                await session.execute(insert(ProposalEvent), [
                    {"id": uuid.uuid4(), "proposal_id": r["id"], "from_status": None, "to_status": "proposed",
                     "at": now} for r in rows])
            await session.execute(delete(UnmatchedParticipant).where(UnmatchedParticipant.run_id == rid))
            unmatched = [r for r in unmatched_rows if r["participant_id"] in live]
            if unmatched:
                await session.execute(insert(UnmatchedParticipant), unmatched)
            await session.execute(update(MatchRun).where(MatchRun.id == rid).values(
                progress=1.0, proposal_count=len(rows), finished_at=utcnow(), error=None,
                model_versions={"embedding_model": getattr(encoder, "model_id", "unknown"),
                                "weights": {k: getattr(config, k) for k in CONFIG_FIELDS},
                                "stats": result.stats}))
        return "succeeded"
    except asyncio.CancelledError:
        if progress is not None:  # how far it got (continue_encoding decides on it)
            await asyncio.shield(progress.flush())
        raise  # stopped (budget or shutdown): the run stays 'running' and is picked up again
    except Exception as exc:
        log.exception("match run %s failed", run_id)
        async with sessionmaker() as session, session.begin():
            await session.execute(update(MatchRun).where(*ours).values(
                status="failed", finished_at=utcnow(), error=_readable(exc)))
        return "failed"


def _readable(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"The match run could not finish: {text[:300]}"


class RunStopped(Exception):
    """Raised in the engine's thread at its next progress report (at most one encoding chunk away,
    matching.engine.ENCODE_CHUNK) once the run has been stopped."""




ENCODING_DONE = 0.25  # the engine's progress once every text is encoded (matching.engine)


async def continue_encoding(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> bool:
    """A run whose time budget ran out while it was still encoding, and that got further than last
    time, goes back to the queue: the vectors it stored are cached, so the next attempt starts where
    this one stopped. A first run over a large world thus finishes in budget-sized steps, each short
    enough for crash recovery. False when the run must be given up instead."""
    async with sessionmaker() as session, session.begin():
        run = await session.get(MatchRun, run_id)
        if run is None or run.status != "running":
            return False
        params = dict(run.params or {})
        reached, before = float(run.progress or 0.0), float(params.get("encoded_until", 0.0))
        steps = int(params.get("continuations", 0))
        if not (before < reached < ENCODING_DONE) or steps >= MAX_CONTINUATIONS:
            return False
        params.update(encoded_until=reached, continuations=steps + 1)
        result = await session.execute(update(MatchRun).where(
            MatchRun.id == run_id, MatchRun.status == "running", MatchRun.attempts == run.attempts).values(
            status="queued", attempts=run.attempts - 1, params=params, enqueued_at=utcnow()))
        return result.rowcount == 1


class _ProgressWriter:
    """Writes the engine's progress to the run row at most twice a second, off the engine's thread."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, start: float = 0.0) -> None:
        self.sessionmaker, self.run_id = sessionmaker, run_id
        self.value, self.written = start, start

    def set(self, value: float) -> None:
        self.value = max(self.value, min(0.99, float(value)))

    async def run(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            await self.flush()

    async def flush(self) -> None:
        if self.value > self.written:
            value = self.value
            async with self.sessionmaker() as session, session.begin():
                await session.execute(update(MatchRun).where(
                    MatchRun.id == self.run_id, MatchRun.status == "running").values(progress=value))
            self.written = value
