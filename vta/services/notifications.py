"""Notifications a person reads in the app (and gets by e-mail through the pluggable mailer):
checkpoint due or overdue, candidate accepted or declined, proposals waiting for review.

Every notification has a dedup key (purpose, subject, day or run), so a job or request that runs
twice notifies once. Bodies name needs and checkpoints, never a participant: they leave the
system by e-mail.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from employers.models import Employer, Need
from vta.db import reader_for, utcnow
from vta.errors import NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import Checkpoint, Notification, Participant, Placement, Proposal, User
from vta.principal import Principal
from vta.vocabulary import NOTIFICATION_KINDS, checkpoint_kinds

DUE_AHEAD = timedelta(days=2)  # "checkpoint due" goes out this long before the due date


async def notify(session: AsyncSession, user_id: uuid.UUID | None, kind: str, dedup_key: str, subject: str,
                 body: str = "") -> bool:
    """Store a notification unless one with the same key exists. True when it was stored."""
    NOTIFICATION_KINDS.check(kind, "kind")
    if user_id is None:
        return False
    if (await session.execute(select(Notification.id).where(Notification.dedup_key == dedup_key))).first():
        return False
    session.add(Notification(dedup_key=dedup_key[:200], user_id=user_id, kind=kind, subject=subject[:200],
                             body=body))
    await session.flush()
    return True


async def _responsible(session: AsyncSession, participant_id: uuid.UUID, employer_id: uuid.UUID) -> uuid.UUID | None:
    """The participant's coordinator, else the coordinator who owns the employer relationship."""
    coordinator = (await session.execute(select(Participant.coordinator_id).where(
        Participant.id == participant_id))).scalar()
    if coordinator is not None:
        return coordinator
    return (await session.execute(select(Employer.relationship_owner_id).where(Employer.id == employer_id))).scalar()


async def candidate_answered(session: AsyncSession, proposal: Proposal, need: Need, kind: str) -> None:
    recipient = await _responsible(session, proposal.participant_id, need.employer_id)
    verb = "antagen" if kind == "candidate_accepted" else "avböjd"
    await notify(session, recipient, kind, f"{kind}:{proposal.id}", f"Kandidat {verb}: {need.title}",
                 f"Arbetsgivaren har {'antagit' if kind == 'candidate_accepted' else 'avböjt'} en kandidat "
                 f"till behovet \"{need.title}\" (förslag {proposal.id}).")


async def proposals_waiting(session: AsyncSession, run_id: uuid.UUID) -> int:
    """After a run: one notification to each coordinator whose participants got proposals to review."""
    rows = (await session.execute(
        select(Participant.coordinator_id, func.count()).join(Proposal, Proposal.participant_id == Participant.id)
        .where(Proposal.run_id == run_id, Proposal.status == "proposed", Participant.coordinator_id.is_not(None))
        .group_by(Participant.coordinator_id))).all()
    sent = 0
    for coordinator, count in rows:
        sent += await notify(session, coordinator, "proposals_waiting", f"proposals:{run_id}:{coordinator}",
                             f"{count} förslag väntar på granskning",
                             f"Matchningen {run_id} gav {count} förslag för dina deltagare.")
    return sent


async def checkpoint_reminders(sessionmaker: async_sessionmaker[AsyncSession], on: date) -> int:
    """Daily: 'due' once per checkpoint when it is at most two days away, 'overdue' once per
    checkpoint per day after its due date, to the responsible coordinator. Returns how many it made.
    One transaction per notification, so one failure costs one reminder, not the day's."""
    async with reader_for(sessionmaker)() as session:
        rows = (await session.execute(
            select(Checkpoint, Placement.participant_id, Placement.employer_id)
            .join(Placement, Placement.id == Checkpoint.placement_id)
            .where(Checkpoint.status == "scheduled", Checkpoint.due_date <= on + DUE_AHEAD, Placement.active)
            .order_by(Checkpoint.due_date, Checkpoint.id))).all()
    created = 0
    for cp, participant_id, employer_id in rows:
        label = checkpoint_kinds().label(cp.kind)
        if cp.due_date < on:
            kind, key = "checkpoint_overdue", f"overdue:{cp.id}:{on.isoformat()}"
            subject = f"Uppföljning försenad: {label} (förfallodag {cp.due_date.isoformat()})"
        else:
            kind, key = "checkpoint_due", f"due:{cp.id}"
            subject = f"Uppföljning att göra: {label} (förfallodag {cp.due_date.isoformat()})"
        async with sessionmaker() as session:
            try:
                async with session.begin():
                    recipient = await _responsible(session, participant_id, employer_id)
                    made = await notify(session, recipient, kind, key, subject,
                                        f"Placering {cp.placement_id}: uppföljningen {label} ska göras "
                                        f"senast {cp.due_date.isoformat()}.")
                    if made and kind == "checkpoint_overdue":
                        await session.execute(update(Checkpoint).where(Checkpoint.id == cp.id)
                                              .values(reminded_on=on))
                created += made
            except IntegrityError:
                pass  # made by a concurrent run: the unique dedup key keeps it to one
    return created


async def unsent(sessionmaker: async_sessionmaker[AsyncSession]) -> list[tuple[Notification, str | None]]:
    async with reader_for(sessionmaker)() as session:
        return [tuple(r) for r in (await session.execute(  # type: ignore[misc]
            select(Notification, User.email).outerjoin(User, User.id == Notification.user_id)
            .where(Notification.sent_at.is_(None)).order_by(Notification.created_at))).all()]


async def claim(sessionmaker: async_sessionmaker[AsyncSession], note_id: uuid.UUID, *, release: bool = False) -> bool:
    """Claim an unsent notification for sending (a conditional update: two senders never both get
    it), or give a claim back after a failed send."""
    async with sessionmaker() as session, session.begin():
        if release:
            await session.execute(update(Notification).where(Notification.id == note_id).values(sent_at=None))
            return True
        claimed = await session.execute(update(Notification).where(
            Notification.id == note_id, Notification.sent_at.is_(None)).values(sent_at=utcnow()))
        return claimed.rowcount == 1


# --- the reader's side ---------------------------------------------------------------------------

def notifications_query(who: Principal, *, unread: bool | None = None) -> Select:
    """The caller's own notifications, newest first: one user's rows read backwards along
    ix_notifications_user_page (user_id, created_at, id), read or not filtered on the way."""
    stmt = select(Notification).where(Notification.user_id == who.user_id).order_by(
        Notification.created_at.desc(), Notification.id.desc())
    if unread is not None:
        stmt = stmt.where(Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None))
    return stmt


async def list_notifications(session: AsyncSession, who: Principal, page: Page, *,
                             unread: bool | None = None) -> tuple[list[Notification], int]:
    """The caller's own notifications, newest first."""
    return await fetch_page(session, notifications_query(who, unread=unread), page)


async def mark_read(session: AsyncSession, who: Principal, notification_id: object) -> Notification:
    nid = parse_id(notification_id, "Notification")
    note = (await session.execute(select(Notification).where(Notification.id == nid,
                                                             Notification.user_id == who.user_id))).scalar()
    if note is None:
        raise NotFound("Notification")
    if note.read_at is None:  # reading twice keeps the first time
        await session.execute(update(Notification).where(Notification.id == nid, Notification.read_at.is_(None))
                              .values(read_at=utcnow()))
        await session.refresh(note)
    return note
