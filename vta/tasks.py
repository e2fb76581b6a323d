"""Background task functions: take ids, open their own session, call the same services as the API.

Every task is idempotent: arq runs a job at least once, and the reconciler may enqueue again, so
running a task twice leaves the database as running it once (tests/workers/test_idempotency.py).
The same functions run in-process (the embedded default) or under `vta worker` (arq); they never
import the queue library: follow-up work goes through `Context.queue` (vta.queue).

Test hook (honoured only when set; never set it in production): VTA_TEST_SLOW_ENCODE_SECONDS=x
makes the encoder sleep x seconds per encode call, so a match run lasts long enough for the crash
tests to kill the worker in the middle of it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from vta.db import make_engine, make_reader, make_sessionmaker, utcnow
from vta.models import MatchRun, Notification
from vta.queue import Job
from vta.services import encoding as encoding_service
from vta.services import matching as matching_service
from vta.services import notifications
from vta.services import runs as runs_service
from vta.services.runs import (ENCODE_TIMEOUT_S, ENQUEUE_GRACE_S, RUN_MATCH_MAX_ATTEMPTS, STALE_AFTER_S, job_timeout,
                               run_budget)
from vta.settings import Settings

log = logging.getLogger("vta.tasks")

SEND_NOTIFICATIONS_JOB_ID = "send-notifications"
SLOW_ENCODE_ENV = "VTA_TEST_SLOW_ENCODE_SECONDS"


class _SlowEncoder:
    """Test hook only (VTA_TEST_SLOW_ENCODE_SECONDS): the real encoder, slowed down per call."""

    def __init__(self, inner: Any, delay: float) -> None:
        self.inner, self.delay = inner, delay
        self.model_id = inner.model_id

    def encode(self, texts: list[str]) -> Any:
        time.sleep(self.delay)  # runs in the engine's worker thread, never on the event loop
        return self.inner.encode(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Context:
    """What every task needs, built once per process."""

    def __init__(self, settings: Settings, engine: AsyncEngine | None = None, *, matches: bool = True) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self.sessionmaker: async_sessionmaker[AsyncSession] = make_sessionmaker(self.engine)
        self.reader: async_sessionmaker[AsyncSession] = make_reader(self.engine)
        self.queue: Any = None  # set by whoever runs the tasks (to enqueue follow-up work)
        if matches:  # a process that runs matching builds the shipped taxonomy before the first run needs it
            from vta.services.taxonomy import warm_up

            warm_up()

    @cached_property
    def model_encoder(self) -> Any:
        import matching

        return matching.default_encoder(self.settings.embedding_model)

    @cached_property
    def encoder(self) -> Any:
        """The match runs' encoder (slowed only by the test hook)."""
        delay = float(os.environ.get(SLOW_ENCODE_ENV) or 0)
        return _SlowEncoder(self.model_encoder, delay) if delay > 0 else self.model_encoder

    @cached_property
    def taxonomy(self) -> Any:
        return None  # loaded by load_taxonomy() before runs when concepts were imported

    async def close(self) -> None:
        for task in list(_pending):  # hand-overs not yet made: the reconciler makes them after a restart
            task.cancel()
        await self.engine.dispose()


def _ctx(ctx: Any) -> Context:
    return ctx["vta"] if isinstance(ctx, dict) else ctx


async def _enqueue(c: Context, job: Job) -> bool:
    return await c.queue.enqueue_safely(job) if c.queue is not None else False


# --- match runs ------------------------------------------------------------------------------

async def run_match(ctx: Any, run_id: str) -> str:
    """Execute one match run. Idempotent (vta.services.matching.execute_run): a finished run is left
    alone, an interrupted one is redone whole. A run that overruns its budget, or whose embedding
    model cannot be loaded, is recorded as failed with a reason the coordinator can read."""
    c = _ctx(ctx)
    rid = uuid.UUID(run_id)
    budget = run_budget(c.settings)
    try:
        encoder = c.encoder
    except Exception as exc:  # noqa: BLE001 - a configuration error: retrying cannot help
        log.exception("no encoder for match run %s", run_id)
        await _fail_run(c, rid, "The match run could not start: the embedding model could not be loaded "
                                f"({type(exc).__name__}). Ask the administrator to check VTA_EMBEDDING_MODEL.")
        return "failed"
    from vta.services.taxonomy import load_taxonomy

    # built once per process (a few seconds), outside the run's budget
    taxonomy = await load_taxonomy(c.reader)
    scope = asyncio.timeout(budget)
    try:
        async with scope:
            status = await matching_service.execute_run(c.sessionmaker, run_id, settings=c.settings,
                                                        encoder=encoder, taxonomy=taxonomy)
        if status == "succeeded":
            await _proposals_waiting(c, rid)
        return status
    except TimeoutError:
        if not scope.expired():
            raise
        if await matching_service.continue_encoding(c.sessionmaker, rid):
            log.info("match run %s is still encoding after %.0f s; it continues in a new job", run_id, budget)
            # Once this job has ended and freed its id; the reconciler would also pick it up.
            _later(1.0, lambda: _enqueue(c, Job("run_match", runs_service.run_job_id(rid), {"run_id": run_id})))
            return "continued"
        log.warning("match run %s overran its %.0f s budget", run_id, budget)
        await _fail_run(c, rid, f"The match run took longer than {budget:.0f} seconds and was stopped. "
                                "Start a smaller run (fewer needs or participants).")
        return "failed"


async def _proposals_waiting(c: Context, run_id: uuid.UUID) -> None:
    try:
        async with c.sessionmaker() as session, session.begin():
            made = await notifications.proposals_waiting(session, run_id)
    except Exception:  # noqa: BLE001 - the run itself is done; a lost notice must not fail it
        log.exception("could not notify about the proposals of run %s", run_id)
        return
    if made:
        await _enqueue(c, Job("send_notifications", SEND_NOTIFICATIONS_JOB_ID))


_pending: set[asyncio.Task[Any]] = set()


def _later(delay: float, make: Any) -> None:
    """Await `make()` after `delay` seconds, in the background (a reference is kept until it is done)."""
    async def run() -> None:
        await asyncio.sleep(delay)
        await make()

    task = asyncio.get_running_loop().create_task(run())
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _fail_run(c: Context, run_id: uuid.UUID, error: str, *, started_before: Any = None) -> bool:
    """Record a run as failed unless it has finished meanwhile."""
    stmt = update(MatchRun).where(MatchRun.id == run_id, MatchRun.status.in_(("queued", "running")))
    if started_before is not None:
        stmt = stmt.where(MatchRun.started_at < started_before)
    async with c.sessionmaker() as session, session.begin():
        result = await session.execute(stmt.values(status="failed", finished_at=utcnow(), error=error))
    return result.rowcount == 1


async def reconcile(ctx: Any) -> int:
    """Periodic: the database holds every intent, the queue may have lost it (Redis restarted, a worker
    killed). Re-enqueue queued runs and interrupted running runs (their job ids are deterministic, so
    a job still in the queue is not duplicated); give up on runs interrupted too often; and make sure
    unsent notifications get a sender. Returns how many runs it enqueued."""
    c = _ctx(ctx)
    now = utcnow()
    # Nothing runs longer than the job timeout: a run started before this is not running any more.
    stale = now - timedelta(seconds=job_timeout(c.settings) + STALE_AFTER_S)
    async with c.reader() as session:
        runs = (await session.execute(
            select(MatchRun.id, MatchRun.status, MatchRun.started_at, MatchRun.enqueued_at, MatchRun.attempts)
            .where(MatchRun.status.in_(("queued", "running"))).order_by(MatchRun.created_at))).all()
        unsent = (await session.execute(select(exists().where(Notification.sent_at.is_(None))))).scalar()
    count = 0
    for run_id, status, started_at, enqueued_at, attempts in runs:
        interrupted = status == "running" and (started_at is None or started_at < stale)
        if interrupted and attempts >= RUN_MATCH_MAX_ATTEMPTS:
            if await _fail_run(c, run_id, f"The match run was interrupted {attempts} times (the background worker "
                                          "stopped or restarted) and was given up. Start a new run.",
                               started_before=stale):
                log.warning("match run %s given up after %d attempts", run_id, attempts)
            continue
        # A moment's grace for the request's own enqueue (a second enqueue would be harmless anyway:
        # the job id is deterministic and the run idempotent).
        waiting = status == "queued" and (enqueued_at is None or enqueued_at < now - timedelta(seconds=ENQUEUE_GRACE_S))
        if (waiting or interrupted) and await _enqueue(
                c, Job("run_match", runs_service.run_job_id(run_id), {"run_id": str(run_id)})):
            count += 1
    if unsent:
        await _enqueue(c, Job("send_notifications", SEND_NOTIFICATIONS_JOB_ID))
    return count


# --- pre-encoding ------------------------------------------------------------------------------

async def encode_text(ctx: Any, kind: str, entity_id: str) -> int:
    """Embed a new participant's or need's text into the vector cache (vta.services.encoding).
    Idempotent: a cached text is not encoded again. Returns how many texts it encoded."""
    c = _ctx(ctx)
    try:
        encoder = c.model_encoder
    except Exception as exc:  # noqa: BLE001 - a configuration error; the match run reports it readably
        log.warning("pre-encoding skipped: the embedding model could not be loaded (%s)", type(exc).__name__)
        return 0
    async with asyncio.timeout(ENCODE_TIMEOUT_S):  # one text: never a reason to hold a worker long
        return await encoding_service.encode_entity(c.sessionmaker, encoder, kind, entity_id)


# --- reminders and notifications ----------------------------------------------------------------

async def checkpoint_reminders(ctx: Any, on: str | None = None) -> int:
    """Daily: checkpoint due and overdue notifications (vta.services.notifications), then e-mailed
    through the mailer. `on` (ISO date) is the day to remind for; default today (UTC). Returns how
    many notifications it created."""
    c = _ctx(ctx)
    created = await notifications.checkpoint_reminders(c.sessionmaker, date.fromisoformat(on) if on else utcnow().date())
    await send_notifications(c)
    return created


async def employer_reminders(ctx: Any, on: str | None = None) -> int:
    """Daily: reminders of next steps with employers and of support decisions about to run out
    (employers/reminders.py), then sends them. Idempotent. Returns how many it created."""
    from employers.reminders import make_reminders

    c = _ctx(ctx)
    created = await make_reminders(c.sessionmaker, c.reader, date.fromisoformat(on) if on else utcnow().date())
    await send_notifications(c)
    return created


async def send_notifications(ctx: Any) -> int:
    """Deliver unsent notifications through the mailer (log-only by default). Each is claimed by a
    conditional update before it is sent, so two senders never send one twice; a failed send gives
    the claim back so the next run retries it (a process killed between claim and send loses that
    one e-mail: at most once, never twice; the notification itself stays). Returns how many it sent."""
    from vta.mailer import get_mailer

    c = _ctx(ctx)
    mailer = get_mailer(c.settings)
    sent = 0
    for note, email in await notifications.unsent(c.sessionmaker):
        if not await notifications.claim(c.sessionmaker, note.id):
            continue  # another sender has it
        try:
            await mailer.send(email, note.subject, note.body)
        except Exception:  # noqa: BLE001 - give the claim back; the reconciler schedules a retry
            log.exception("sending notification %s failed; it will be retried", note.id)
            await notifications.claim(c.sessionmaker, note.id, release=True)
            continue
        sent += 1
    return sent


# --- retention (owned with the security work) ---------------------------------------------------

async def retention(ctx: Any) -> int:
    """Erase participants whose last placement ended longer ago than `settings.retention_days`
    (vta.services.retention). Idempotent. Returns how many it erased."""
    from vta.services.retention import apply_retention

    c = _ctx(ctx)
    return await apply_retention(c.sessionmaker, c.engine, c.settings)


CPU_BOUND = frozenset({"run_match", "encode_text"})  # in-process, these take turns (vta.queue)
TASKS = {"run_match": run_match, "encode_text": encode_text, "reconcile": reconcile, "checkpoint_reminders": checkpoint_reminders,
         "send_notifications": send_notifications, "retention": retention,
         "employer_reminders": employer_reminders}
