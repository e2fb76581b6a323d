"""Notifications a person reads, and the administration of associations (API and CLI)."""
from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from tests.live_server import run
from tests.security.world import World
from vta.db import utcnow
from vta.models import Notification, Participant, User
from vta.services import notifications


async def test_accepted_and_declined_candidates_notify_the_coordinator(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    before = (await api.call("coordA", "GET", "/notifications", 200)).json()
    await api.call("empA1", "POST", f"/employer/candidates/{a1['proposal_approved']}/decline", 200,
                   json={"reason_code": "hours_mismatch"})
    after = (await api.call("coordA", "GET", "/notifications", 200)).json()
    assert after["total"] == before["total"] + 1
    newest = after["items"][0]
    assert newest["kind"] == "candidate_declined" and "Köksbiträde A1" in newest["subject"]
    assert newest["kind_label_sv"] == "Kandidat avböjd av arbetsgivaren" and newest["read_at"] is None
    assert "Person" not in newest["subject"] + newest["body"]  # no participant's name leaves by e-mail
    read = (await api.call("coordA", "POST", f"/notifications/{newest['id']}/read", 200)).json()
    assert read["read_at"]
    again = (await api.call("coordA", "POST", f"/notifications/{newest['id']}/read", 200)).json()
    assert again["read_at"] == read["read_at"]
    unread = (await api.call("coordA", "GET", "/notifications?unread=true", 200)).json()
    assert newest["id"] not in {n["id"] for n in unread["items"]}
    await api.call("coordB", "POST", f"/notifications/{newest['id']}/read", 404)
    theirs = (await api.call("coordB", "GET", "/notifications", 200)).json()["items"]
    assert theirs and not any("A1" in n["subject"] for n in theirs)  # only B's own (its placement, its test note)


async def test_checkpoint_due_and_proposals_waiting(world: World) -> None:
    a1 = world.tenants["A1"].ids
    today = utcnow().date()
    # the placement starts today: day_1 is due today, pre_start was due a week ago
    made = await notifications.checkpoint_reminders(world.db, today)
    made_again = await notifications.checkpoint_reminders(world.db, today)
    async with world.db() as session:
        kinds = sorted((await session.execute(select(Notification.kind).where(
            Notification.kind.like("checkpoint%")))).scalars())
    assert made >= 3 * 2 and made_again == 0  # three placements: at least pre_start overdue and day_1 due
    assert "checkpoint_due" in kinds and "checkpoint_overdue" in kinds
    async with world.db() as session, session.begin():
        coordinator = (await session.execute(select(Participant.coordinator_id).where(
            Participant.id == uuid.UUID(a1["participant"])))).scalar_one()
        assert await notifications.proposals_waiting(session, uuid.UUID(a1["run"])) == 1
        assert await notifications.proposals_waiting(session, uuid.UUID(a1["run"])) == 0
        note = (await session.execute(select(Notification).where(Notification.kind == "proposals_waiting",
                                                                 Notification.user_id == coordinator)
                                      .order_by(Notification.created_at.desc()))).scalars().first()
    assert note.subject == "1 förslag väntar på granskning"


async def test_an_admin_creates_associations_and_places_coordinators(world: World) -> None:
    api = world.api
    made = (await api.call("admin", "POST", "/associations", 201, json={"name": "Samordningsförbundet Väst"})).json()
    await api.call("admin", "POST", "/associations", 409, json={"name": "Samordningsförbundet  Väst"})
    await api.call("admin", "POST", "/associations", 400, json={"name": "  "})
    await api.call("coordA", "POST", "/associations", 403, json={"name": "X"})
    listed = (await api.call("admin", "GET", "/associations", 200)).json()
    assert "Samordningsförbundet Väst" in [a["name"] for a in listed["items"]]
    async with world.db() as session:
        coord_a = (await session.execute(select(User).where(User.email == world.emails["coordA"]))).scalar_one()
        emp = (await session.execute(select(User).where(User.role == "employer"))).scalars().first()
    await api.call("admin", "POST", f"/associations/{made['id']}/coordinators", 422, json={"user_id": str(emp.id)})
    assert (await api.call("coordA", "GET", "/participants", 200)).json()["total"] == 6
    await api.call("admin", "POST", f"/associations/{made['id']}/coordinators", 200, json={"user_id": str(coord_a.id)})
    # the coordinator now works in the new association: its participants (none yet), not the old ones
    assert (await api.call("coordA", "GET", "/participants", 200)).json()["total"] == 0
    async with world.db() as session:
        assert (await session.execute(select(Participant.id).where(
            Participant.coordinator_id == coord_a.id))).first() is None


def test_associations_on_the_command_line(tmp_path: Path) -> None:
    assert run(tmp_path, "users", "create", "--email", "k@x.se", "--password", "long-enough-pw",
               "--role", "coordinator").returncode == 0
    made = run(tmp_path, "associations", "create", "--name", "Samordningsförbundet Öst")
    assert made.returncode == 0 and "Created association Samordningsförbundet Öst" in made.stdout, made.stderr
    again = run(tmp_path, "associations", "create", "--name", "Samordningsförbundet Öst")
    assert again.returncode != 0 and again.stderr.strip().splitlines()[-1].startswith("Error: ")
    placed = run(tmp_path, "associations", "place", "--email", "k@x.se", "--association", "Samordningsförbundet Öst")
    assert placed.returncode == 0, placed.stderr
    missing = run(tmp_path, "associations", "place", "--email", "k@x.se", "--association", "Finns inte")
    assert missing.returncode != 0 and "No association" in missing.stderr
