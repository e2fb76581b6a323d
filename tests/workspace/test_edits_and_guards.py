"""Edits (PATCH), undo (withdraw) and the guards: each a clear 4xx with nothing stored."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from tests.security.world import World, add_candidate, table_fingerprints
from vta.db import utcnow
from employers.models import Need
from vta.models import AuditEvent, Checkpoint, Embedding, Proposal, ProposalEvent


async def test_rectifying_a_participant_reencodes_the_changed_text(world: World) -> None:
    api, pid = world.api, world.tenants["A1"].ids["participant"]
    async with world.db() as session, session.begin():  # a cached vector of the old text
        session.add(Embedding(key="model:oldhash", owner_id=uuid.UUID(pid), dim=1, vector=b"\0\0\0\0"))
    before = (await api.call("coordA", "GET", f"/participants/{pid}", 200)).json()
    after = (await api.call("coordA", "PATCH", f"/participants/{pid}", 200,
                            json={"goals": "Jag vill arbeta i lager.", "hours_max": 20,
                                  "adaptation_needs": [{"tag": "quiet_environment", "required": False}]})).json()
    assert after["goals"] == "Jag vill arbeta i lager." and after["hours_max"] == 20
    assert after["adaptation_needs"] == [{"tag": "quiet_environment", "required": False}]
    assert after["display_name"] == before["display_name"] and after["skills"] == before["skills"]
    async with world.db() as session:
        # the old text's vector is gone (the re-encoding job may already have stored the new one)
        assert (await session.execute(select(Embedding).where(Embedding.key == "model:oldhash"))).first() is None
        assert (await session.execute(select(AuditEvent).where(AuditEvent.action == "rectify",
                                                               AuditEvent.subject_id == pid))).scalar()
    # The re-encoding job runs in the background and may store its vector at any moment: embeddings
    # are left out of the comparison of what refused edits changed.
    unchanged = await table_fingerprints(world.db, skip=("audit_events", "embeddings"))
    for bad in ({"hours_max": "20"}, {"swedish_level": "perfect"}, {"display_name": " "}, {"unknown": 1},
                {"hours_max": None}, {"excluded_employer_ids": [world.tenants["B"].ids["employer"]]}):
        r = await api.call("coordA", "PATCH", f"/participants/{pid}", json=bad)
        assert 400 <= r.status_code < 500 and r.json()["detail"], (bad, r.text)
    assert await table_fingerprints(world.db, skip=("audit_events", "embeddings")) == unchanged


async def test_a_need_is_edited_paused_closed_and_reopened(world: World) -> None:
    api, nid = world.api, world.tenants["A1"].ids["need"]
    edited = (await api.call("empA1", "PATCH", f"/needs/{nid}", 200,
                             json={"title": "Diskare", "tasks": [{"title": "Diska", "description": ""}]})).json()
    assert edited["title"] == "Diskare" and [t["title"] for t in edited["tasks"]] == ["Diska"]
    assert edited["employer_name"] == "A1 AB"
    paused = (await api.call("coordA", "PATCH", f"/needs/{nid}", 200, json={"status": "paused"})).json()
    assert paused["status"] == "paused"
    # a paused need is not matched, takes no approval and shows no candidates
    assert (await api.call("empA1", "GET", "/employer/candidates", 200)).json()["items"] == []
    await api.call("coordA", "POST", f"/proposals/{world.tenants['A1'].ids['proposal_proposed']}/approve", 409)
    assert (await api.call("coordA", "PATCH", f"/needs/{nid}", 200, json={"status": "closed"})).json()["status"] == "closed"
    reopened = (await api.call("coordA", "PATCH", f"/needs/{nid}", 200, json={"status": "open"})).json()
    assert reopened["status"] == "partially_filled"  # one of its three slots is taken
    await api.call("coordA", "PATCH", f"/needs/{nid}", 400, json={"status": "filled"})
    r = await api.call("coordA", "PATCH", f"/needs/{nid}", json={"hours_min": 35, "hours_max": 20})
    assert r.status_code == 422
    await api.call("csrA1", "PATCH", f"/needs/{nid}", 403, json={"title": "X"})


async def test_withdrawing_an_approval_until_the_employer_accepts(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    out = (await api.call("coordA", "POST", f"/proposals/{a1['proposal_approved']}/withdraw", 200)).json()
    assert out["status"] == "withdrawn" and out["status_label_sv"] == "Godkännande återkallat"
    assert (await api.call("empA1", "GET", "/employer/candidates", 200)).json()["items"] == []
    await api.call("coordA", "POST", f"/proposals/{a1['proposal_approved']}/withdraw", 409)
    await api.call("empA1", "POST", f"/employer/candidates/{a1['proposal_approved']}/accept", 409,
                   json={"start_date": utcnow().date().isoformat()})
    async with world.db() as session:
        accepted = (await session.execute(select(Proposal.id).where(
            Proposal.need_id == uuid.UUID(a1["need"]), Proposal.status == "accepted"))).scalar_one()
        events = (await session.execute(select(ProposalEvent.to_status).where(
            ProposalEvent.proposal_id == uuid.UUID(a1["proposal_approved"])))).scalars().all()
    assert events == ["withdrawn"]
    r = await api.call("coordA", "POST", f"/proposals/{accepted}/withdraw", 409)
    assert "accepted" in r.json()["detail"]


async def test_start_dates_in_the_past_or_far_ahead_are_refused(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    today = utcnow().date()
    for bad in ((today - timedelta(days=1)).isoformat(), "1900-01-01", "9999-12-31",
                (today + timedelta(days=400)).isoformat()):
        r = await api.call("empA1", "POST", f"/employer/candidates/{a1['proposal_approved']}/accept",
                           json={"start_date": bad})
        assert r.status_code == 422 and "start_date" in r.json()["detail"], (bad, r.text)
    placed = (await api.call("empA1", "POST", f"/employer/candidates/{a1['proposal_approved']}/accept", 201,
                             json={"start_date": (today + timedelta(days=30)).isoformat()})).json()
    assert placed["placement_id"]


async def test_one_participant_approved_for_one_need_unless_overridden(world: World) -> None:
    api, a1, a2 = world.api, world.tenants["A1"].ids, world.tenants["A2"].ids
    # A1's approved candidate gets a second proposal, for A2's need
    async with world.db() as session, session.begin():
        approved = await session.get(Proposal, uuid.UUID(a1["proposal_approved"]))
        second = Proposal(run_id=uuid.UUID(a2["run"]), participant_id=approved.participant_id,
                          need_id=uuid.UUID(a2["need"]), kind="assignment", rank=1, score=approved.score,
                          explanation={}, status="proposed")
        session.add(second)
        await session.flush()
        second_id = str(second.id)
    r = await api.call("coordA", "POST", f"/proposals/{second_id}/approve", 409)
    assert "override_reason" in r.json()["detail"]
    ok = (await api.call("coordA", "POST", f"/proposals/{second_id}/approve", 200,
                         json={"override_reason": "Två korta praktiker, överenskommet med deltagaren."})).json()
    assert ok["status"] == "approved" and ok["comment"].startswith("override:")
    await api.call("coordA", "POST", f"/proposals/{a1['proposal_proposed']}/approve", 400,
                   json={"override_reason": "   "})


async def test_a_filled_need_shows_no_candidates(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    _pid, other = await add_candidate(world.db, world, "A1", world.emails["coordA"], display_name="Sista")
    await api.call("coordA", "PATCH", f"/needs/{a1['need']}", 200, json={"slots": 2})
    await api.call("empA1", "POST", f"/employer/candidates/{a1['proposal_approved']}/accept", 201,
                   json={"start_date": utcnow().date().isoformat()})
    assert (await api.call("empA1", "GET", "/employer/candidates", 200)).json()["items"] == []
    async with world.db() as session:
        assert (await session.get(Need, uuid.UUID(a1["need"]))).status == "filled"
        assert (await session.get(Proposal, uuid.UUID(other))).status == "expired"
    await api.call("coordA", "PATCH", f"/needs/{a1['need']}", 409, json={"slots": 1})


async def test_checkpoints_keep_each_sides_entry_and_wait_for_the_calendar(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    placement = (await api.call("coordA", "GET", f"/placements/{a1['placement']}", 200)).json()
    first = placement["checkpoints"][0]  # pre_start, due a week before today's start
    far = next(c for c in placement["checkpoints"] if c["kind"] == "week_3")  # due in 21 days
    r = await api.call("coordA", "POST", f"/placements/{a1['placement']}/checkpoints/{far['id']}/complete", 409,
                       json={})
    assert "can be completed from" in r.json()["detail"]
    url = f"/placements/{a1['placement']}/checkpoints/{first['id']}/complete"
    mine = (await api.call("coordA", "POST", url, 200, json={"notes": "Koordinatorns anteckning", "rating": 4})).json()
    assert mine["status"] == "done" and mine["notes"] == "Koordinatorns anteckning"
    theirs = (await api.call("empA1", "POST", url, 200, json={"notes": "Arbetsgivarens anteckning", "rating": 5})).json()
    assert [e["side"] for e in theirs["entries"]] == ["employer"] and theirs["notes"] == "Arbetsgivarens anteckning"
    await api.call("empA1", "POST", url, 409, json={"notes": "igen"})
    seen = (await api.call("coordA", "GET", f"/placements/{a1['placement']}", 200)).json()["checkpoints"][0]
    assert {(e["side"], e["notes"], e["rating"]) for e in seen["entries"]} == {
        ("coordinator", "Koordinatorns anteckning", 4), ("employer", "Arbetsgivarens anteckning", 5)}
    assert all(e["author_id"] and e["written_at"] for e in seen["entries"])
    employer_view = (await api.call("empA1", "GET", f"/placements/{a1['placement']}", 200)).json()["checkpoints"][0]
    assert "Koordinatorns" not in str(employer_view)
    async with world.db() as session:
        assert (await session.get(Checkpoint, uuid.UUID(first["id"]))).status == "done"


async def test_phases_do_not_run_ahead_of_the_calendar(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    for step in ("ready_to_start", "introduction"):  # the placement starts today
        await api.call("coordA", "POST", f"/placements/{a1['placement']}/status", 200, json={"status": step})
    r = await api.call("coordA", "POST", f"/placements/{a1['placement']}/status", 409, json={"status": "follow_up"})
    assert "ahead of the calendar" in r.json()["detail"]
