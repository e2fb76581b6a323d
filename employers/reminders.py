"""Reminders of the employer work, as notifications (sent by the same mailer as checkpoint reminders):

- an interaction's next step, to the coordinator who owns the relationship (or who logged it),
  when its due date is NEXT_STEP_LEAD_DAYS away or has passed;
- a granted support decision that runs out within SUPPORT_LEAD_DAYS, to the participant's
  coordinator (or the relationship owner), so a prolongation can be applied for in time.

Each reminder is made once per subject: its dedup key is unique, so a job that runs twice, or
every hour, notifies once."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from employers.models import Employer, Interaction
from vta.models import Notification, Participant, Placement, SupportDecision

NEXT_STEP_LEAD_DAYS = 1
SUPPORT_LEAD_DAYS = 30
OVERDUE_LOOKBACK_DAYS = 30  # older next steps are history, not reminders


async def _due(session: AsyncSession, today: date) -> list[Notification]:
    notes: list[Notification] = []
    steps = (await session.execute(
        select(Interaction, Employer.name, Employer.relationship_owner_id)
        .join(Employer, Employer.id == Interaction.employer_id)
        .where(Interaction.next_step_due.is_not(None),
               Interaction.next_step_due <= today + timedelta(days=NEXT_STEP_LEAD_DAYS),
               Interaction.next_step_due >= today - timedelta(days=OVERDUE_LOOKBACK_DAYS))
        .order_by(Interaction.next_step_due, Interaction.id))).all()
    for item, employer_name, owner_id in steps:
        notes.append(Notification(
            dedup_key=f"next-step:{item.id}", user_id=owner_id or item.user_id, kind="employer_next_step",
            subject=f"Nästa steg hos {employer_name}: {item.next_step}"[:200],
            body=f"Nästa steg hos {employer_name} ska vara gjort {item.next_step_due.isoformat()}: {item.next_step}"))
    supports = (await session.execute(
        select(SupportDecision, Participant.coordinator_id, Employer.relationship_owner_id)
        .join(Placement, Placement.id == SupportDecision.placement_id)
        .join(Participant, Participant.id == Placement.participant_id)
        .join(Employer, Employer.id == Placement.employer_id)
        .where(SupportDecision.status == "granted", Placement.active, SupportDecision.valid_to >= today,
               SupportDecision.valid_to <= today + timedelta(days=SUPPORT_LEAD_DAYS))
        .order_by(SupportDecision.valid_to, SupportDecision.id))).all()
    for decision, coordinator_id, owner_id in supports:
        notes.append(Notification(
            dedup_key=f"support-expiring:{decision.id}:{decision.valid_to.isoformat()}",
            user_id=coordinator_id or owner_id, kind="support_expiring",
            subject=f"Stödbeslut löper ut {decision.valid_to.isoformat()}: {decision.instrument}",
            body=f"Placering {decision.placement_id}: beslutet om {decision.instrument} gäller till "
                 f"{decision.valid_to.isoformat()}. Ansök om förlängning i tid."))
    return notes


async def make_reminders(sessionmaker: async_sessionmaker[AsyncSession], reader: async_sessionmaker[AsyncSession],
                         today: date) -> int:
    """Create the reminders due on `today`; returns how many are new. Idempotent."""
    async with reader() as session:
        notes = await _due(session, today)
    created = 0
    for note in notes:
        async with sessionmaker() as session:
            try:
                async with session.begin():
                    session.add(note)
                created += 1
            except IntegrityError:
                pass  # made already: the unique dedup key turns a repeat into a no-op
    return created


__all__ = ["NEXT_STEP_LEAD_DAYS", "SUPPORT_LEAD_DAYS", "make_reminders"]
