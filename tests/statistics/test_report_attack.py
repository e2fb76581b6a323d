"""The whole statistics answer under attack: random placement histories, and a reader who knows
what the figures mean (quarterly flows, totals, breakdowns that add up, retention chains) and
solves for every hidden figure (tests/statistics/attack.py)."""
from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.statistics.attack import recovered
from vta import placement_statistics
from vta.placement_statistics import Record, report
from vta.suppression import PROTECTION
from vta.vocabulary import OUTCOMES as OUTCOME_VOCABULARY

OUTCOMES = tuple(OUTCOME_VOCABULARY)  # hypothesis samples from ordered sequences

TODAY = date(2026, 12, 4)
RET = ("365_days", "180_days", "90_days")


def flatten(answer: dict[str, Any]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for row in [*answer["items"], {"quarter": "total", **answer["total"]}]:
        q = row["quarter"]
        out[f"{q}.started"], out[f"{q}.active"] = row["started"], row["active"]
        out |= {f"{q}.ended.{o}": v for o, v in row["ended"].items()}
        out |= {f"{q}.retention.{k}": v for k, v in row["retention"].items()}
    for dim in ("employer", "gender", "age_band"):
        for row in answer.get(f"by_{dim}", []):
            out[f"{dim}:{row['employer_id' if dim == 'employer' else dim]}"] = row["started"]
    for name in ("income_source", "occupation"):
        for when in ("start", "exit"):
            out |= {f"{name}.{when}:{c['code']}": c["count"] for c in answer[name][when]}
    return out


def relations(answer: dict[str, Any]) -> tuple[list[dict[str, int]], list[dict[str, int]]]:
    """What a reader knows, written from the meaning of the figures (not from the module's table)."""
    quarters = [row["quarter"] for row in answer["items"]]
    equal, at_most = [], []
    previous = None
    for q in quarters:  # active after = active before + started - ended
        rel = {f"{q}.active": -1, f"{q}.started": 1, **{f"{q}.ended.{o}": -1 for o in OUTCOMES}}
        if previous:
            rel[f"{previous}.active"] = 1
        equal.append(rel)
        previous = q
    for col in ("started", *(f"ended.{o}" for o in OUTCOMES), *(f"retention.{k}" for k in RET)):
        equal.append({f"total.{col}": -1, **{f"{q}.{col}": 1 for q in quarters}})
    equal.append({"total.active": -1, f"{quarters[-1]}.active": 1})
    equal.append({"total.started": -1, "total.active": 1, **{f"total.ended.{o}": 1 for o in OUTCOMES}})
    for q in [*quarters, "total"]:
        chain = [f"{q}.retention.{k}" for k in RET] + [f"{q}.started"]
        at_most += [{a: 1, b: -1} for a, b in zip(chain, chain[1:])]
    for dim in ("employer", "gender", "age_band"):
        rows = answer.get(f"by_{dim}", [])
        if rows:
            equal.append({"total.started": -1, **{f"{dim}:{r['employer_id' if dim == 'employer' else dim]}": 1
                                                  for r in rows}})
    for name in ("income_source", "occupation"):
        equal.append({"total.started": -1, **{f"{name}.start:{c['code']}": 1 for c in answer[name]["start"]}})
        equal.append({**{f"total.ended.{o}": -1 for o in OUTCOMES},
                      **{f"{name}.exit:{c['code']}": 1 for c in answer[name]["exit"]}})
    return equal, at_most


@st.composite
def histories(draw: Any) -> list[Record]:
    n = draw(st.integers(1, 45))
    employers = [f"e{i}" for i in range(draw(st.integers(1, 4)))]
    out = []
    for i in range(n):
        start = TODAY - timedelta(days=draw(st.integers(-20, 900)))
        length = draw(st.integers(0, 500))
        ended = draw(st.booleans()) and start + timedelta(days=length) <= TODAY
        out.append(Record(
            participant_id=f"p{draw(st.integers(0, n))}", employer_id=draw(st.sampled_from(employers)), start=start,
            end=start + timedelta(days=length) if ended else None,
            outcome=draw(st.sampled_from(OUTCOMES)) if ended else None,
            gender=draw(st.sampled_from(["woman", "man", None])),
            age_band=draw(st.sampled_from(["16-24", "25-34", "45-54", None])),
            income_start=draw(st.sampled_from(["a_kassa", "forsorjningsstod", "sjukpenning", None])),
            occupation_start=draw(st.sampled_from(["job_seeker", "none", None])),
            income_exit=draw(st.sampled_from(["wages", "a_kassa", None])) if ended else None,
            occupation_exit=draw(st.sampled_from(["working", "studying", None])) if ended else None,
            days_to_start=draw(st.integers(0, 300))))
    return out


@settings(max_examples=max(25, int(os.environ.get("VTA_PROPERTY_EXAMPLES", "0")) // 10), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_no_hidden_figure_of_a_statistics_answer_can_be_worked_out(records: list[Record]) -> None:
    names = {e: e.upper() for e in {r.employer_id for r in records}}
    answer = report(records, TODAY, employer_names=names)
    shown = flatten(answer)
    assert all(v is None or v == 0 or v >= 5 for v in shown.values())
    truth = flatten(_unprotected(records, names))
    assert {k for k, v in shown.items() if v is None} >= {k for k, v in truth.items() if 1 <= v <= 4}
    equal, at_most = relations(answer)
    assert recovered(shown, equal, at_most, width=PROTECTION, truth=truth) == {}


def _unprotected(records: list[Record], names: dict[str, str]) -> dict[str, Any]:
    real = placement_statistics.protect
    placement_statistics.protect = lambda table, **kw: set()
    try:
        return report(records, TODAY, employer_names=names)
    finally:
        placement_statistics.protect = real


def test_a_range_only_chooses_quarter_rows() -> None:
    """Two ranges, two answers: every figure they share is the same, so subtracting shows nothing."""
    records = [Record(f"p{i}", "e", TODAY - timedelta(days=40 * i), None if i % 3 else TODAY - timedelta(days=i),
                      None if i % 3 else "employment") for i in range(1, 25)]
    wide = report(records, TODAY, (date(2024, 1, 1), TODAY))
    narrow = report(records, TODAY, (date(2025, 4, 1), date(2025, 12, 31)))
    assert [r["quarter"] for r in narrow["items"]] == ["2025-Q2", "2025-Q3", "2025-Q4"]
    by_quarter = {r["quarter"]: r for r in wide["items"]}
    assert all(by_quarter[r["quarter"]] == r for r in narrow["items"])
    assert wide["total"] == narrow["total"]


@pytest.mark.parametrize(("born", "band"), [(2011, None), (2010, "16-24"), (1990, "35-44"), (1950, "65+"),
                                            (None, None)])
def test_age_bands(born: int | None, band: str | None) -> None:
    from vta.follow_up import age_band

    assert age_band(born, date(2026, 6, 1)) == band
