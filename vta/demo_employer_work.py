"""Load the demo world's employer work (vta/demo_world.py EMPLOYER_WORK) through the services:
relationships, drafts of the needs analysis, an imported job ad, a placement with its support
decisions, deviation reports and BIP assessments."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from employers import relationship, services as needs, support
from employers.ad_import import import_ad
from vta.db import utcnow
from vta.models import MatchRun, Proposal, User
from vta.principal import Principal
from vta.services import accounts, bip, deviations, participants, placements


async def load_employer_work(session: AsyncSession, work: dict[str, Any], ids: dict[str, dict[str, Any]],
                             coordinator: Principal, today: date | None = None) -> None:
    today = today or utcnow().date()
    for rel in work.get("relationships", []):
        eid = ids["employers"][rel["employer"]]
        await relationship.set_relationship(session, coordinator, eid, owner_id=str(coordinator.user_id),
                                            inclusion_stance=rel["inclusion_stance"])
        for c in rel["contacts"]:
            await relationship.add_contact(session, coordinator, eid, name=c["name"], title=c.get("title"),
                                           email=c.get("email"), phone=c.get("phone"))
        for i in rel["interactions"]:
            due = i.get("next_step_due_in")
            await relationship.log_interaction(
                session, coordinator, eid, kind=i["kind"], occurred_on=today - timedelta(days=i["days_ago"]),
                notes=i["notes"], next_step=i.get("next_step"),
                next_step_due=today + timedelta(days=due) if due is not None else None)
    for d in work.get("drafts", []):
        by = coordinator if d["by"] is None else await _principal(session, d["by"])
        await needs.create_need(
            session, by, workplace_id=ids["workplaces"][d["workplace"]], title=d["title"], description=d["description"],
            tasks=[needs.TaskIn(title=t["title"], description=t.get("description", ""), core=t["core"],
                                adaptable=t["adaptable"]) for t in d["tasks"]],
            slots=1, hours_min=d["hours"][0], hours_max=d["hours"][1], placement_types=d["placement_types"],
            adaptations_offered=d["adaptations_offered"], skills=d["skills"], swedish_level_required="basic",
            driving_licence_required=False, status="draft")
    for a in work.get("imported_ads", []):
        await import_ad(session, coordinator, ids["workplaces"][a["workplace"]], a["ad"])
    for pl in work.get("placements", []):
        pid, nid = ids["participants"][pl["participant"]], ids["needs"][pl["need"]]
        run = MatchRun(association_id=coordinator.association_id, created_by=coordinator.user_id,
                       status="succeeded", progress=1.0, proposal_count=1, params={}, finished_at=utcnow())
        session.add(run)
        await session.flush()
        proposal = Proposal(run_id=run.id, participant_id=pid, need_id=nid, kind="assignment", rank=1,
                            score=Decimal("0.6"), explanation={}, status="approved", decided_by=coordinator.user_id,
                            decided_at=utcnow())
        session.add(proposal)
        await session.flush()
        placement = await placements.accept_candidate(session, await _principal(session, pl["employer_user"]), proposal.id,
                                                      today + timedelta(days=pl["start_in_days"]))
        for s in pl.get("support", []):
            await support.record_decision(
                session, coordinator, placement.id, instrument=s["instrument"], decided_by=s["decided_by"],
                status=s["status"], applied_on=today - timedelta(days=s["applied_days_ago"]),
                valid_from=today + timedelta(days=s["valid_from_in"]) if "valid_from_in" in s else None,
                valid_to=today + timedelta(days=s["valid_to_in"]) if "valid_to_in" in s else None)
    for d in work.get("deviation_reports", []):
        report = await deviations.create_report(session, coordinator, category=d["category"],
                                                involved_orgs=d["involved_orgs"], description=d["description"],
                                                suggested_improvement=d.get("suggested_improvement"))
        for status in d.get("moves", []):
            await deviations.move_report(session, coordinator, report.id, status,
                                         d.get("answer_text") if status == "answered" else None)
    consented: set[Any] = set()
    for a in work.get("bip_assessments", []):
        pid = ids["participants"][a["participant"]]
        if pid not in consented:
            await participants.give_consent(session, coordinator, pid, bip.CONSENT_SCOPE)
            consented.add(pid)
        await bip.add_assessment(session, coordinator, pid, assessed_on=today - timedelta(days=a["days_ago"]),
                                 scores=a["scores"])



async def _principal(session: AsyncSession, email: str) -> Principal:
    return accounts.principal_of((await session.execute(select(User).where(User.email == email))).scalar_one())


__all__ = ["load_employer_work"]
