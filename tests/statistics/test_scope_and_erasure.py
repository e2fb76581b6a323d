"""Whose placements a caller counts, the follow-up fields on a participant, and statistics that
survive the erasure of the people behind them (both databases)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from tests.api.world import participant_body
from tests.statistics.histories import ADMIN, Story, add_stories, employer
from vta.models import Association, Participant
from vta.principal import Principal
from vta.services import statistics
from vta.services.participants import erase_by_id

TODAY = date.today()


async def test_a_coordinator_counts_only_the_own_association(db: Any) -> None:
    async with db() as session, session.begin():
        _e, need = await employer(session, "Hemma", 1)  # in the default association, made first
        other = Association(name="Samordningsförbundet Annat")
        session.add(other)
        await session.flush()
        _f, need_b = await employer(session, "Borta", 2, association_id=other.id)
        await add_stories(session, need, [Story(start=TODAY - timedelta(days=30)) for _ in range(6)])
        await add_stories(session, need_b, [Story(start=TODAY - timedelta(days=30)) for _ in range(8)],
                          association_id=other.id)
        home = (await session.execute(select(Association).where(Association.id != other.id))).scalar_one()
        mine = await statistics.association_statistics(session, Principal(None, "coordinator", home.id))
        theirs = await statistics.association_statistics(session, Principal(None, "coordinator", other.id))
        everyone = await statistics.association_statistics(session, ADMIN)
    assert (mine["total"]["started"], theirs["total"]["started"], everyone["total"]["started"]) == (6, 8, 14)
    assert [e["employer_name"] for e in mine["by_employer"]] == ["Hemma"]


async def test_statistics_survive_erasure_and_the_person_does_not(db: Any) -> None:
    async with db() as session, session.begin():
        e, need = await employer(session, "Kanten", 1)
        placements = await add_stories(session, need, [
            Story(start=TODAY - timedelta(days=400 + i), ended=TODAY - timedelta(days=20), outcome="employment",
                  gender="woman", birth_year=1990, income_source="forsorjningsstod", occupation="job_seeker",
                  registered=TODAY - timedelta(days=500)) for i in range(12)])
        before = await statistics.association_statistics(session, ADMIN)
        for p in placements[:7]:
            await erase_by_id(session, p.participant_id)
    async with db() as session, session.begin():
        after = await statistics.association_statistics(session, ADMIN)
        erased = (await session.execute(select(Participant).where(Participant.erased_at.is_not(None)))).scalars().all()
    assert after == before
    assert before["by_gender"][0] == {"gender": "woman", "started": 12}
    assert before["total"]["median_days_to_first_placement"] is not None
    assert len(erased) == 7 and all((p.gender, p.birth_year, p.income_source, p.occupation) == (None,) * 4
                                    for p in erased)


async def test_follow_up_fields_through_the_api(api: Any) -> None:
    body = participant_body("Sara", gender="woman", birth_year=1991, income_source="a_kassa", occupation="job_seeker")
    made = (await api.call("coord", "POST", "/participants", 201, json=body)).json()
    assert (made["gender"], made["birth_year"], made["income_source"], made["occupation"]) == (
        "woman", 1991, "a_kassa", "job_seeker")
    for bad in ({"gender": "f"}, {"birth_year": 1850}, {"income_source": "lottery"}, {"occupation": 3}):
        r = await api.call("coord", "POST", "/participants", json=participant_body("Fel", **bad))
        assert r.status_code == 400 and "detail" in r.json(), (bad, r.text)
    plain = (await api.call("coord", "POST", "/participants", 201, json=participant_body("Utan"))).json()
    assert plain["gender"] is None and plain["birth_year"] is None
