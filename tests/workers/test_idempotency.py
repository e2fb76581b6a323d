"""Every background job, run twice, leaves the database exactly as running it once did (arq runs a
job at least once; the reconciler may enqueue it again). Compared: every row of every table.
On SQLite and on PostgreSQL (the `settings` fixture is parametrised over both)."""
from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from tests.workers.worlds import diff, seed_world, snapshot, tiny_world
from vta.demo_world import demo_world


@pytest.fixture(scope="session")
def shared_encoder() -> Any:
    """The real default model, loaded once for the whole session."""
    import matching

    return matching.default_encoder(None)


@pytest.fixture
async def ctx(settings: Any) -> Any:
    from vta.tasks import Context

    context = Context(settings)
    yield context
    await context.close()


@pytest.fixture
def match_ctx(ctx: Any, shared_encoder: Any) -> Any:
    ctx.__dict__["encoder"] = shared_encoder  # the cached_property, filled with the shared model
    return ctx


async def _create_run(ctx: Any) -> str:
    from vta.principal import Principal
    from vta.services.runs import create_run
    from vta.uow import transaction

    async with transaction(ctx.sessionmaker, None) as session:
        run = await create_run(session, Principal(user_id=None, role="admin"))
    return str(run.id)


async def _proposals(ctx: Any, run_id: str) -> list[tuple]:
    from vta.models import Proposal

    async with ctx.sessionmaker() as session:
        rows = (await session.execute(select(Proposal.participant_id, Proposal.need_id, Proposal.kind, Proposal.rank,
                                             Proposal.score).where(Proposal.run_id == uuid.UUID(run_id)))).all()
    return sorted((str(p), str(n), k, r, str(s)) for p, n, k, r, s in rows)


async def _run(ctx: Any, run_id: str) -> Any:
    from vta.models import MatchRun

    async with ctx.sessionmaker() as session:
        return await session.get(MatchRun, uuid.UUID(run_id))


async def test_run_match_twice(settings: Any, match_ctx: Any) -> None:
    ctx = match_ctx
    from vta.models import MatchRun, Proposal
    from vta.tasks import run_match

    await seed_world(settings.database_url, demo_world())
    run_id = await _create_run(ctx)
    assert await run_match(ctx, run_id) == "succeeded"
    once = await snapshot(settings.database_url)
    assert len(once["proposals"]) > 0
    assert await run_match(ctx, run_id) == "succeeded"
    assert diff(once, await snapshot(settings.database_url)) == {}

    # A worker killed mid-run leaves the run 'running' with no proposals (they are written in the
    # same transaction as 'succeeded'). Running the job again redoes it whole: the same proposals.
    first = await _proposals(ctx, run_id)
    async with ctx.sessionmaker() as session, session.begin():
        await session.execute(delete(Proposal).where(Proposal.run_id == uuid.UUID(run_id)))
        await session.execute(update(MatchRun).where(MatchRun.id == uuid.UUID(run_id))
                              .values(status="running", progress=0.4, proposal_count=0))
    assert await run_match(ctx, run_id) == "succeeded"
    assert await _proposals(ctx, run_id) == first
    run = await _run(ctx, run_id)
    assert (run.status, run.attempts, run.proposal_count, run.progress) == ("succeeded", 2, len(first), 1.0)


async def test_run_match_twice_at_the_same_time(settings: Any, match_ctx: Any) -> None:
    """Two executions of one run racing (a reconciler and a worker): one result, nothing doubled."""
    ctx = match_ctx
    from vta.models import Proposal
    from vta.tasks import run_match

    await seed_world(settings.database_url, tiny_world())
    run_id = await _create_run(ctx)
    outcomes = await asyncio.gather(run_match(ctx, run_id), run_match(ctx, run_id))
    assert "succeeded" in outcomes and set(outcomes) <= {"succeeded", "superseded"}, outcomes
    run = await _run(ctx, run_id)
    rows = await _proposals(ctx, run_id)
    assert run.status == "succeeded" and run.proposal_count == len(rows) > 0
    assert len({(p, n) for p, n, *_ in rows}) == len(rows)
    async with ctx.sessionmaker() as session:
        total = (await session.execute(select(func.count()).select_from(Proposal))).scalar()
    assert total == len(rows)


class _Gated:
    """The real encoder, held at a gate: lets a test decide when an attempt of a run may go on."""

    def __init__(self, inner: Any) -> None:
        import threading

        self.inner, self.model_id = inner, inner.model_id
        self.started, self.gate = threading.Event(), threading.Event()

    def encode(self, texts: list[str]) -> Any:
        self.started.set()
        assert self.gate.wait(60)
        return self.inner.encode(texts)


async def test_a_stale_attempt_never_overwrites_a_finished_run(settings: Any, match_ctx: Any) -> None:
    """Attempt 1 stalls (a worker that froze, then resumed); attempt 2 finishes and the coordinator
    approves a proposal; then attempt 1 wakes up: it must write nothing (no proposal replaced, no
    approval lost)."""
    from vta.principal import Principal
    from vta.services.runs import approve
    from vta.tasks import Context, run_match
    from vta.uow import transaction

    ctx = match_ctx
    await seed_world(settings.database_url, tiny_world())
    run_id = await _create_run(ctx)
    stalled = Context(settings)
    gated = stalled.__dict__["encoder"] = _Gated(ctx.encoder)
    try:
        first = asyncio.create_task(run_match(stalled, run_id))
        assert await asyncio.to_thread(gated.started.wait, 30)
        assert await run_match(ctx, run_id) == "succeeded"
        before = await _proposals(ctx, run_id)
        from vta.models import Proposal

        async with ctx.sessionmaker() as session:
            chosen = (await session.execute(select(Proposal.id).where(Proposal.run_id == uuid.UUID(run_id))
                                            .order_by(Proposal.id).limit(1))).scalar()
        async with transaction(ctx.sessionmaker, None) as session:
            await approve(session, Principal(user_id=None, role="admin"), str(chosen))
        state = await snapshot(settings.database_url)
        gated.gate.set()
        assert await first == "superseded"
    finally:
        gated.gate.set()
        await stalled.close()
    assert diff(state, await snapshot(settings.database_url)) == {}
    assert await _proposals(ctx, run_id) == before
    run = await _run(ctx, run_id)
    assert (run.status, run.attempts) == ("succeeded", 2)


@pytest.mark.redis
async def test_reconcile_twice(settings: Any, ctx: Any, redis_url: str) -> None:
    from vta.models import MatchRun
    from vta.queue import QUEUE_NAME, ArqQueue
    from vta.tasks import reconcile

    waiting = await _create_run(ctx)  # its job was lost: queued in the database only
    given_up = await _create_run(ctx)  # interrupted three times already, long ago
    fresh = await _create_run(ctx)  # its job is on its way: not touched
    long_ago = datetime_ago(minutes=10)
    async with ctx.sessionmaker() as session, session.begin():
        await session.execute(update(MatchRun).where(MatchRun.id == uuid.UUID(waiting)).values(enqueued_at=long_ago))
        await session.execute(update(MatchRun).where(MatchRun.id == uuid.UUID(given_up)).values(
            status="running", attempts=3, started_at=long_ago, enqueued_at=long_ago))
    ctx.queue = ArqQueue(redis_url)
    try:
        assert await reconcile(ctx) == 1
        once = await snapshot(settings.database_url)
        assert await reconcile(ctx) == 0  # the job is already in the queue: not enqueued twice
        assert diff(once, await snapshot(settings.database_url)) == {}
    finally:
        await ctx.queue.close()
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    try:
        assert [x.decode() for x in await client.zrange(QUEUE_NAME, 0, -1)] == [f"match-run:{waiting}"]
    finally:
        await client.aclose()
    run = await _run(ctx, given_up)
    assert run.status == "failed" and "interrupted 3 times" in run.error, run.error
    assert (await _run(ctx, fresh)).status == "queued"


def datetime_ago(**delta: float) -> Any:
    from vta.db import utcnow

    return utcnow() - timedelta(**delta)


async def _placement_with_overdue_checkpoints(settings: Any, start: date, *, ended_days_ago: int | None = None) -> Any:
    """A placement (straight into the tables) whose checkpoints fell due since `start`."""
    from employers.models import Need
    from vta.db import make_engine, make_sessionmaker
    from vta.models import Participant, Placement
    from vta.services.accounts import create_user
    from vta.services.placements import schedule_checkpoints

    ids = await seed_world(settings.database_url, demo_world())
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            coordinator = await create_user(session, email=f"k{uuid.uuid4().hex[:6]}@test.se",
                                            password="correct-horse-battery", role="coordinator")
            pid = next(iter(ids["participants"].values()))
            await session.execute(update(Participant).where(Participant.id == pid).values(coordinator_id=coordinator.id))
            need = await session.get(Need, next(iter(ids["needs"].values())))
            placement = Placement(participant_id=pid, need_id=need.id, workplace_id=need.workplace_id,
                                  employer_id=need.employer_id, start_date=start, status="introduction")
            if ended_days_ago is not None:
                placement.active, placement.status, placement.outcome = False, "completed", "employment"
                placement.ended_at = datetime_ago(days=ended_days_ago)
            session.add(placement)
            await session.flush()
            await schedule_checkpoints(session, placement.id, start)
        return coordinator.id, pid
    finally:
        await engine.dispose()


def _mails(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "vta.mail"]


async def test_checkpoint_reminders_twice(settings: Any, ctx: Any, caplog: pytest.LogCaptureFixture) -> None:
    from vta.models import Checkpoint, Notification
    from vta.tasks import checkpoint_reminders

    caplog.set_level(logging.INFO, logger="vta.mail")
    today = date(2026, 3, 2)
    coordinator_id, _ = await _placement_with_overdue_checkpoints(settings, today - timedelta(days=10))
    async with ctx.sessionmaker() as session:
        overdue = (await session.execute(select(func.count()).select_from(Checkpoint)
                                         .where(Checkpoint.due_date < today))).scalar()
    assert overdue >= 2

    assert await checkpoint_reminders(ctx, on=today.isoformat()) == overdue
    once = await snapshot(settings.database_url)
    assert len(_mails(caplog)) == overdue  # e-mailed through the log-only mailer, once each
    assert await checkpoint_reminders(ctx, on=today.isoformat()) == 0
    assert diff(once, await snapshot(settings.database_url)) == {}
    assert len(_mails(caplog)) == overdue, "a second run sent mail again"

    async with ctx.sessionmaker() as session:
        notes = (await session.execute(select(Notification))).scalars().all()
    assert {n.user_id for n in notes} == {coordinator_id}  # to the responsible coordinator
    assert all(n.kind == "checkpoint_overdue" and n.sent_at is not None for n in notes)
    # Still overdue the next day: one more reminder each (the dedup is per checkpoint and day).
    assert await checkpoint_reminders(ctx, on=(today + timedelta(days=1)).isoformat()) == overdue


async def test_send_notifications_twice(settings: Any, ctx: Any, caplog: pytest.LogCaptureFixture) -> None:
    from vta.models import Notification
    from vta.tasks import send_notifications

    caplog.set_level(logging.INFO, logger="vta.mail")
    async with ctx.sessionmaker() as session, session.begin():
        session.add_all([Notification(dedup_key=f"test:{i}", kind="test", subject=f"Ämne {i}", body="Text")
                         for i in range(3)])
    assert await send_notifications(ctx) == 3
    once = await snapshot(settings.database_url)
    assert await send_notifications(ctx) == 0
    assert diff(once, await snapshot(settings.database_url)) == {}
    # two senders at once (two workers): still one mail per notification
    async with ctx.sessionmaker() as session, session.begin():
        session.add_all([Notification(dedup_key=f"test:b{i}", kind="test", subject=f"B {i}") for i in range(5)])
    assert sum(await asyncio.gather(send_notifications(ctx), send_notifications(ctx))) == 5
    subjects = [m.split(": ", 1)[1] for m in _mails(caplog)]
    assert sorted(subjects) == sorted([f"Ämne {i}" for i in range(3)] + [f"B {i}" for i in range(5)])


async def test_retention_twice(settings: Any, ctx: Any) -> None:
    from vta.models import Participant
    from vta.tasks import retention

    _, pid = await _placement_with_overdue_checkpoints(settings, date(2020, 1, 1),
                                                       ended_days_ago=settings.retention_days + 30)
    assert await retention(ctx) == 1
    once = await snapshot(settings.database_url)
    assert await retention(ctx) == 0
    assert diff(once, await snapshot(settings.database_url)) == {}
    async with ctx.sessionmaker() as session:
        assert (await session.get(Participant, pid)).erased_at is not None
