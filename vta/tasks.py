"""Background task functions: take ids, open their own session, call the same services as the API.

Every task is idempotent: arq runs a job at least once, and the reconciler may enqueue again.
The same functions run in-process (the embedded default) or under `vta worker` (arq).
"""
from __future__ import annotations

import logging
from datetime import timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from employers.models import Employer
from vta.db import make_engine, make_sessionmaker, utcnow
from vta.models import Checkpoint, MatchRun, Notification, Participant, Placement, User
from vta.services import matching as matching_service
from vta.services.participants import erase_by_id
from vta.settings import Settings

log = logging.getLogger("vta.tasks")


class Context:
    """What every task needs, built once per process."""

    def __init__(self, settings: Settings, engine: AsyncEngine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self.sessionmaker: async_sessionmaker[AsyncSession] = make_sessionmaker(self.engine)
        self.queue: Any = None  # set by whoever runs the tasks (to enqueue follow-up work)

    @cached_property
    def encoder(self) -> Any:
        import matching

        return matching.default_encoder(self.settings.embedding_model)

    @cached_property
    def taxonomy(self) -> Any:
        return None  # loaded by load_taxonomy() before runs when concepts were imported

    async def close(self) -> None:
        await self.engine.dispose()


def _ctx(ctx: Any) -> Context:
    return ctx["vta"] if isinstance(ctx, dict) else ctx


async def run_match(ctx: Any, run_id: str) -> str:
    c = _ctx(ctx)
    from vta.services.taxonomy import load_taxonomy

    taxonomy = await load_taxonomy(c.sessionmaker)
    return await matching_service.execute_run(c.sessionmaker, run_id, settings=c.settings, encoder=c.encoder,
                                              taxonomy=taxonomy)


async def reconcile(ctx: Any) -> int:
    """Re-enqueue runs whose job was lost (Redis down, worker killed): the database holds the intent."""
    c = _ctx(ctx)
    stale = utcnow() - timedelta(seconds=c.settings.job_timeout_seconds + 15)
    async with c.sessionmaker() as session:
        runs = (await session.execute(select(MatchRun.id, MatchRun.status, MatchRun.started_at, MatchRun.enqueued_at)
                                      .where(MatchRun.status.in_(("queued", "running"))))).all()
    count = 0
    for run_id, status, started_at, enqueued_at in runs:
        due = (status == "queued" and (enqueued_at is None or enqueued_at < utcnow() - timedelta(seconds=5))) or (
            status == "running" and (started_at is None or started_at < stale))
        if due and c.queue is not None:
            from vta.queue import Job

            if await c.queue.enqueue_safely(Job("run_match", matching_service.run_job_id(run_id),
                                                {"run_id": str(run_id)})):
                count += 1
    return count


async def checkpoint_reminders(ctx: Any) -> int:
    """Daily: one notification per overdue checkpoint to the responsible coordinator (once per day)."""
    c = _ctx(ctx)
    today = utcnow().date()
    created = 0
    async with c.sessionmaker() as session:
        rows = (await session.execute(
            select(Checkpoint, Placement, Employer.relationship_owner_id, Participant.coordinator_id)
            .join(Placement, Placement.id == Checkpoint.placement_id)
            .join(Employer, Employer.id == Placement.employer_id)
            .join(Participant, Participant.id == Placement.participant_id)
            .where(Checkpoint.status == "scheduled", Checkpoint.due_date < today, Placement.active))).all()
    for cp, placement, owner_id, coordinator_id in rows:
        recipient = coordinator_id or owner_id
        async with c.sessionmaker() as session:
            try:
                async with session.begin():
                    session.add(Notification(
                        dedup_key=f"overdue:{cp.id}:{today.isoformat()}", user_id=recipient, kind="checkpoint_overdue",
                        subject=f"Uppföljning försenad: {cp.kind} (förfallodag {cp.due_date.isoformat()})",
                        body=f"Placering {placement.id}: uppföljningen {cp.kind} skulle ha gjorts {cp.due_date}."))
                    await session.execute(update(Checkpoint).where(Checkpoint.id == cp.id).values(reminded_on=today))
                created += 1
            except IntegrityError:
                pass  # already reminded today: the unique dedup key makes a second run a no-op
    await send_notifications(c)
    return created


async def send_notifications(c: Context) -> int:
    """Deliver unsent notifications through the mailer (log-only by default), marking each sent."""
    from vta.mailer import get_mailer

    mailer = get_mailer(c.settings)
    sent = 0
    async with c.sessionmaker() as session:
        rows = (await session.execute(select(Notification, User.email).outerjoin(User, User.id == Notification.user_id)
                                      .where(Notification.sent_at.is_(None)))).all()
    for note, email in rows:
        async with c.sessionmaker() as session, session.begin():
            claimed = await session.execute(update(Notification).where(Notification.id == note.id,
                                                                       Notification.sent_at.is_(None))
                                            .values(sent_at=utcnow()))
            if claimed.rowcount == 1:
                await mailer.send(email, note.subject, note.body)
                sent += 1
    return sent


async def retention(ctx: Any) -> int:
    """Erase participants whose last placement ended longer ago than the retention period."""
    c = _ctx(ctx)
    cutoff = utcnow() - timedelta(days=c.settings.retention_days)
    async with c.sessionmaker() as session:
        ended = select(Placement.participant_id).where(Placement.active.is_(False), Placement.ended_at < cutoff)
        recent = select(Placement.participant_id).where((Placement.active) | (Placement.ended_at >= cutoff))
        ids = (await session.execute(select(Participant.id).where(
            Participant.erased_at.is_(None), Participant.id.in_(ended), Participant.id.not_in(recent)))).scalars().all()
    for pid in ids:
        async with c.sessionmaker() as session, session.begin():
            await erase_by_id(session, pid)
    if ids:
        log.info("retention erased %d participants", len(ids))
    return len(ids)


TASKS = {"run_match": run_match, "reconcile": reconcile, "checkpoint_reminders": checkpoint_reminders,
         "retention": retention}
