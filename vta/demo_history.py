"""Two years of earlier placements for the demo, so the statistics page and the CSR partners'
dashboards have something to show, protected: some figures shown, small ones hidden.

Deterministic (no randomness) and relative to the day the demo is loaded, so the quarters are
always the last eight. Earlier participants whose placements ended are stored as retention leaves
them: erased, a bare pseudonymous row, with the categories statistics need copied onto each
placement. Those still placed are ordinary participants (no consent to share, so never proposed
to anyone), at a workplace of each employer kept for its earlier engagements, whose need is
closed: matching never counts them against the capacity of the demo's open needs.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Need, Workplace
from vta.db import utcnow
from vta.follow_up import age_band
from vta.models import Participant, Placement
from vta.services.participants import ERASED_NAME

# Employer key -> (placements started per quarter, from 8 quarters ago to the last one; and how many
# started this quarter). Small counts on purpose in a few places: they must be hidden.
PLAN = {"E-solglantan": ([6, 7, 5, 8, 6, 9, 7, 6], 5), "E-lingonet": ([5, 0, 6, 0, 5, 0, 6, 0], 0),
        "E-lagerlogistik": ([0, 5, 0, 7, 0, 5, 0, 6], 0)}
# Outcomes in turn for placements that have ended: work or studies dominate, as in SCÖ's figures.
OUTCOMES = ["employment", "employment", "subsidised_employment", "employment", "studies", "employment",
            "subsidised_employment", "studies", "employment", "job_seeker", "employment", "other_programme",
            "subsidised_employment", "employment", "studies", "ended_early"]
GENDERS = ["woman", "man", "woman", "man", "woman", None, "man", "woman", "other"]
INCOME = ["forsorjningsstod", "a_kassa", "sjukpenning", "aktivitetsersattning", "forsorjningsstod",
          "etableringsersattning", None, "a_kassa"]
INCOME_AFTER = {"employment": "wages", "subsidised_employment": "wages", "studies": "study_allowance"}
OCCUPATION_AFTER = {"employment": "working", "subsidised_employment": "working", "studies": "studying",
                    "job_seeker": "job_seeker"}
FIRST_NAMES = ["Amina", "Johan", "Leila", "Mattias", "Sofia", "Ahmed", "Elin", "Oskar", "Hawa", "Nils"]


def _quarter_start(d: date, back: int) -> date:
    q = (d.year * 4 + (d.month - 1) // 3) - back
    return date(q // 4, 3 * (q % 4) + 1, 1)


def history(today: date) -> list[dict[str, Any]]:
    """Plain records: employer key, dates, outcome (None while active) and the categories."""
    out: list[dict[str, Any]] = []
    n = 0
    for employer, (per_quarter, now) in PLAN.items():
        for back, count in [*((8 - i, c) for i, c in enumerate(per_quarter)), (0, now)]:
            first = _quarter_start(today, back)
            for i in range(count):
                start = min(first + timedelta(days=(i * 11) % 80), today)
                weeks = 14 + (n * 7) % 50  # 3 months to a year
                end = start + timedelta(weeks=weeks)
                ended = end < today - timedelta(days=14) and n % 5 != 0
                outcome = OUTCOMES[n % len(OUTCOMES)] if ended else None
                out.append({"employer": employer, "start": start, "end": end if ended else None, "outcome": outcome,
                            "gender": GENDERS[n % len(GENDERS)], "birth_year": 1968 + (n * 7) % 38,
                            "income_source": INCOME[n % len(INCOME)], "occupation": "job_seeker" if n % 3 else "none",
                            "income_after": INCOME_AFTER.get(outcome or "", "forsorjningsstod") if ended else None,
                            "occupation_after": OCCUPATION_AFTER.get(outcome or "", "none") if ended else None,
                            "registered": start - timedelta(days=20 + (n * 13) % 120),
                            "name": f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {chr(65 + n % 26)}."})
                n += 1
    return out


def _at(d: date) -> datetime:
    return datetime.combine(d, time(10), tzinfo=UTC)


async def load_history(session: AsyncSession, association_id: Any, employer_ids: dict[str, Any]) -> int:
    today = utcnow().date()
    needs: dict[str, Need] = {}
    for key, eid in employer_ids.items():
        if key not in PLAN:
            continue
        wp = Workplace(employer_id=eid, name="Tidigare uppdrag", latitude=58.41, longitude=15.62,
                       supervisor_capacity=40)
        session.add(wp)
        await session.flush()
        need = Need(workplace_id=wp.id, employer_id=eid, title="Tidigare placeringar", slots=200, filled_slots=0,
                    hours_min=10, hours_max=40, placement_types=["work_training"], swedish_level_required="basic",
                    status="closed")
        session.add(need)
        await session.flush()
        needs[key] = need
    records = history(today)
    for r in records:
        need = needs[r["employer"]]
        active = r["end"] is None
        person = Participant(
            association_id=association_id, display_name=r["name"] if active else ERASED_NAME, latitude=58.41,
            longitude=15.62, max_travel_km=10 if active else 1, hours_max=20 if active else 1,
            swedish_level="good" if active else "none", created_at=_at(r["registered"]),
            erased_at=None if active else utcnow(), **({"gender": r["gender"], "birth_year": r["birth_year"],
                                                          "income_source": r["income_source"],
                                                          "occupation": r["occupation"]} if active else {}))
        session.add(person)
        await session.flush()
        session.add(Placement(
            participant_id=person.id, need_id=need.id, workplace_id=need.workplace_id, employer_id=need.employer_id,
            start_date=r["start"], status="follow_up" if active else (
                "ended_early" if r["outcome"] == "ended_early" else "completed"),
            active=active, outcome=r["outcome"], ended_at=None if active else _at(r["end"]),
            stat_gender=r["gender"], stat_age_band=age_band(r["birth_year"], r["start"]),
            stat_income_start=r["income_source"], stat_occupation_start=r["occupation"],
            stat_income_exit=r["income_after"], stat_occupation_exit=r["occupation_after"],
            stat_days_to_start=(r["start"] - r["registered"]).days))
    await session.flush()
    return len(records)
