"""Consent gates disclosure (domain.md 8.2.5, reliability.md A4/A5, JO 3507-2017).

An employer sees a participant only with an active share_with_employers consent, and then only the
display name, skills and work-level adaptation tags: never goals, interests, experience or any
health wording. Withdrawal takes effect on the next request. Every disclosure is recorded with
who saw whom, when, and under which consent.
"""
from __future__ import annotations

import uuid

from sqlalchemy import select, text

from tests.security.world import CANARY, World, add_candidate
from vta import reference
from vta.models import Consent, Disclosure

# What an employer may see of a candidate: the proposal and need it concerns, and the extract.
ALLOWED_KEYS = {"proposal_id", "need_id", "need_title", "display_name", "skills", "adaptations", "hours_max"}
NEVER = (f"mål {CANARY}", f"intresse {CANARY}", f"erfarenhet {CANARY}")


def health_wording() -> list[str]:
    """The labels and wordings of the tags that are never shown to an employer (they reveal health)."""
    out = []
    for tag in reference.adaptation_tags():
        if not tag.get("work_level"):
            out += [tag["code"], tag["label_sv"], tag["employer_wording_sv"]]
    return out


async def _candidate(world: World, name: str, **kw: object) -> tuple[str, str]:
    from vta.services.participants import AdaptationIn

    fields = dict(display_name=name, goals=NEVER[0], interests=NEVER[1], experience=NEVER[2],
                  skills=["truckkort", "disk"],
                  adaptation_needs=[AdaptationIn("written_instructions"), AdaptationIn("sius_support"),
                                    AdaptationIn("reduced_hours", required=False)])
    fields.update(kw)
    return await add_candidate(world.db, world, "A1", "coord-a@test.se", **fields)


async def _disclosures(world: World, participant_id: str) -> list[Disclosure]:
    async with world.db() as session:
        return list((await session.execute(select(Disclosure).where(
            Disclosure.participant_id == uuid.UUID(participant_id)).order_by(Disclosure.at))).scalars())


async def _active_consent(world: World, participant_id: str) -> uuid.UUID | None:
    async with world.db() as session:
        return (await session.execute(select(Consent.id).where(
            Consent.participant_id == uuid.UUID(participant_id), Consent.scope == "share_with_employers",
            Consent.withdrawn_at.is_(None)))).scalar()


async def test_employer_sees_only_the_consented_work_level_extract(world: World) -> None:
    api = world.api
    pid, prop = await _candidate(world, "Kim Samtycke")
    no_consent, _ = await _candidate(world, "Lo Utan", consent=False)
    stats_only, _ = await _candidate(world, "Mo Statistik", consent=False)
    await api.call("coordA", "POST", f"/participants/{stats_only}/consents", 201, json={"scope": "statistics"})

    r = await api.call("empA1", "GET", "/employer/candidates", 200)
    assert r.headers["cache-control"] == "no-store"
    items = r.json()["items"]
    for item in items:
        assert set(item) <= ALLOWED_KEYS, set(item) - ALLOWED_KEYS
        assert set(item["adaptations"]) <= reference.work_level_codes()
    mine = [i for i in items if i["proposal_id"] == prop]
    assert len(mine) == 1
    assert mine[0]["display_name"] == "Kim Samtycke" and mine[0]["skills"] == ["truckkort", "disk"]
    assert mine[0]["adaptations"] == ["reduced_hours", "written_instructions"]  # sius_support: never
    body = r.text
    for secret in [*NEVER, CANARY, "Lo Utan", "Mo Statistik", *health_wording()]:
        assert secret not in body, secret

    # Recorded: who saw whom, when, under which consent; nothing for those never shown.
    rows = await _disclosures(world, pid)
    assert len(rows) == 1
    d = rows[0]
    assert d.consent_id == await _active_consent(world, pid) and d.proposal_id == uuid.UUID(prop)
    assert str(d.employer_id) == world.tenants["A1"].ids["employer"] and d.at is not None
    async with world.db() as session:
        emp = (await session.execute(text("SELECT id FROM users WHERE email = 'emp-a1@test.se'"))).scalar()
    assert str(d.user_id).replace("-", "") == str(emp).replace("-", "")
    assert await _disclosures(world, no_consent) == [] and await _disclosures(world, stats_only) == []
    # Each listing is a disclosure of its own.
    await api.call("empA1", "GET", "/employer/candidates", 200)
    assert len(await _disclosures(world, pid)) == 2


async def test_withdrawal_takes_effect_on_the_next_request(world: World) -> None:
    api = world.api
    pid, prop = await _candidate(world, "Nour Återkallar")
    assert prop in {i["proposal_id"] for i in (await api.call("empA1", "GET", "/employer/candidates", 200)).json()["items"]}
    first_consent = await _active_consent(world, pid)

    await api.call("coordA", "DELETE", f"/participants/{pid}/consents/share_with_employers", 204)
    r = await api.call("empA1", "GET", "/employer/candidates", 200)
    assert prop not in r.text and "Nour" not in r.text
    missing = str(uuid.uuid4())
    for action, body in (("accept", {"start_date": "2027-02-01"}), ("decline", {"reason_code": "hours_mismatch"})):
        got = await api.call("empA1", "POST", f"/employer/candidates/{prop}/{action}", json=body)
        ref = await api.call("empA1", "POST", f"/employer/candidates/{missing}/{action}", json=body)
        assert got.status_code == ref.status_code == 404 and got.content == ref.content
    assert len(await _disclosures(world, pid)) == 1  # nothing disclosed after the withdrawal

    # A new consent is a new record; what is shown from now on is shown under it.
    await api.call("coordA", "POST", f"/participants/{pid}/consents", 201, json={"scope": "share_with_employers"})
    second_consent = await _active_consent(world, pid)
    assert second_consent not in (None, first_consent)
    assert prop in (await api.call("empA1", "GET", "/employer/candidates", 200)).text
    rows = await _disclosures(world, pid)
    assert [r.consent_id for r in rows] == [first_consent, second_consent]
    # The consent history stays: the withdrawn consent keeps its time of withdrawal.
    export = (await api.call("coordA", "GET", f"/participants/{pid}/export", 200)).json()
    assert [c["withdrawn_at"] is not None for c in export["consents"]] == [True, False]
    assert [d["consent_id"] for d in export["disclosures"]] == [str(first_consent), str(second_consent)]


async def test_employer_never_reads_coordinator_notes_or_the_profile(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    note = f"Koordinatorns anteckning {CANARY}"
    await api.call("coordA", "POST", f"/placements/{a1['placement']}/checkpoints/{a1['checkpoint']}/complete", 200,
                   json={"notes": note, "rating": 4})
    assert note in (await api.call("coordA", "GET", f"/placements/{a1['placement']}", 200)).text
    seen = await api.call("empA1", "GET", f"/placements/{a1['placement']}", 200)
    assert CANARY not in seen.text and seen.json()["checkpoints"]  # the schedule, not the notes
    participant = seen.json()["participant_id"]
    for path in (f"/participants/{participant}", f"/participants/{participant}/export"):
        await api.call("empA1", "GET", path, 403)
