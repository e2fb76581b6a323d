"""Follow-up statistics of placements as one protected table (pure: records in, figures out).

Rows are quarters, from the first placement to today, plus a total; columns are placements
started, active at the quarter's end, ended by outcome and still placed after 90/180/365 days.
Beside it, all-time breakdowns by employer, gender and age band, and SUS's income source and
occupation at start and at exit. Every cell and every relation a reader knows between them (sums,
the flow from one quarter to the next, retention chains) go into one `suppression.Table`, so the
protection holds for the whole answer. A date range only chooses which quarter rows are returned:
a quarter's figures and the totals are the same whatever range is asked, so two answers can never
be subtracted to show what either hides.
"""
from __future__ import annotations

import statistics as pystats
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vta.follow_up import (AGE_BANDS, GENDERS, INCOME_SOURCES, NOT_RECORDED, OCCUPATIONS, WORK_OR_STUDIES)
from vta.vocabulary import OUTCOMES
from vta.suppression import MIN_COUNT, Table, protect

RETENTION = {"90_days": 90, "180_days": 180, "365_days": 365}
FLOW = ("started", "active", *(f"ended.{o}" for o in OUTCOMES))
QUARTER_COLUMNS = (*FLOW, *(f"retention.{k}" for k in RETENTION))
TOTAL = "total"


@dataclass(frozen=True, slots=True)
class Record:
    """One placement as statistics see it: dates, outcome and the coarse categories copied at
    start and exit. The participant id is a pseudonym (it survives erasure, nothing else does)."""

    participant_id: str
    employer_id: str
    start: date
    end: date | None = None  # the day it ended; None while active
    outcome: str | None = None
    gender: str | None = None
    age_band: str | None = None
    income_start: str | None = None
    occupation_start: str | None = None
    income_exit: str | None = None
    occupation_exit: str | None = None
    days_to_start: int | None = None


def quarter_of(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    out, q = [], first
    while q <= last:
        out.append(q)
        year, n = int(q[:4]), int(q[-1])
        q = f"{year + (n == 4)}-Q{1 if n == 4 else n + 1}"
    return out


@dataclass
class Layout:
    quarters: list[str]
    breakdowns: dict[str, list[str]] = field(default_factory=dict)  # dimension -> categories
    sus: dict[str, list[str]] = field(default_factory=dict)  # e.g. income_source.start -> codes


def _end_quarter(r: Record) -> str | None:
    # A placement ended before its start date counts as ending in its start quarter, so that
    # every quarter's flow (active before + started - ended = active after) holds.
    return None if r.end is None else max(quarter_of(r.end), quarter_of(r.start))


def build(records: Sequence[Record], today: date, employer_names: dict[str, str] | None = None) -> tuple[Table, Layout]:
    """Every figure as a cell named `row.column` and every relation between them."""
    last = max([quarter_of(today), *(quarter_of(r.start) for r in records),
                *(q for r in records if (q := _end_quarter(r)))])
    quarters = quarters_between(min((quarter_of(r.start) for r in records), default=last), last)
    values: dict[str, int] = {}
    t = Table(values)
    for q in quarters:
        values |= dict.fromkeys((f"{q}.{c}" for c in QUARTER_COLUMNS), 0)
    for r in records:
        sq, eq = quarter_of(r.start), _end_quarter(r)
        values[f"{sq}.started"] += 1
        if eq is not None:
            values[f"{eq}.ended.{r.outcome}"] += 1
        lasted = ((r.end or today) - r.start).days
        for key, days in RETENTION.items():
            if lasted >= days:
                values[f"{sq}.retention.{key}"] += 1
        for q in quarters:
            if sq <= q and (eq is None or eq > q):
                values[f"{q}.active"] += 1
    # The total row: sums over the quarters; active now is the last quarter's active.
    for c in QUARTER_COLUMNS:
        if c != "active":
            values[f"{TOTAL}.{c}"] = sum(values[f"{q}.{c}"] for q in quarters)
            t.add_sum(f"{TOTAL}.{c}", [f"{q}.{c}" for q in quarters])
    values[f"{TOTAL}.active"] = values[f"{quarters[-1]}.active"]
    t.add_sum(f"{TOTAL}.active", [f"{quarters[-1]}.active"])
    ended = [f"ended.{o}" for o in OUTCOMES]
    previous = None
    for row in (*quarters, TOTAL):
        if row == TOTAL:  # started == active + ended, over all time
            t.equal.append({f"{row}.started": 1, f"{row}.active": -1, **{f"{row}.{e}": -1 for e in ended}})
        else:  # active after == active before + started - ended
            rel = {f"{row}.active": -1, f"{row}.started": 1, **{f"{row}.{e}": -1 for e in ended}}
            if previous is not None:
                rel[f"{previous}.active"] = 1
            t.equal.append(rel)
            previous = row
        chain = [f"{row}.retention.{k}" for k in reversed(RETENTION)] + [f"{row}.started"]
        for small, large in zip(chain, chain[1:]):
            t.add_at_most(small, large)
    layout = Layout(quarters)
    # All-time breakdowns of the placements started; each sums to the total. (Only started: a
    # full flow per category multiplies the small cells, and with them what must be hidden.)
    dimensions: dict[str, tuple[list[str], Any]] = {
        "gender": ([*GENDERS, NOT_RECORDED], lambda r: r.gender),
        "age_band": ([*AGE_BANDS, NOT_RECORDED], lambda r: r.age_band),
    }
    if employer_names is not None:
        dimensions = {"employer": (sorted(employer_names, key=lambda e: (employer_names[e], e)),
                                   lambda r: r.employer_id), **dimensions}
    for dim, (categories, key) in dimensions.items():
        counts = Counter(key(r) if key(r) in categories else NOT_RECORDED for r in records)
        cats = [cat for cat in categories if dim != "employer" or counts[cat]]
        layout.breakdowns[dim] = cats
        for cat in cats:
            values[f"{dim}:{cat}.started"] = counts[cat]
        t.add_sum(f"{TOTAL}.started", [f"{dim}:{cat}.started" for cat in cats])
    # SUS: income source and occupation at start (every placement) and at exit (ended ones).
    for name, codes, start_key, exit_key in (
            ("income_source", INCOME_SOURCES, lambda r: r.income_start, lambda r: r.income_exit),
            ("occupation", OCCUPATIONS, lambda r: r.occupation_start, lambda r: r.occupation_exit)):
        cats = [*codes, NOT_RECORDED]
        for when, key, rows, total in (("start", start_key, records, [f"{TOTAL}.started"]),
                                       ("exit", exit_key, [r for r in records if r.end is not None],
                                        [f"{TOTAL}.{e}" for e in ended])):
            counts = Counter(key(r) if key(r) in codes else NOT_RECORDED for r in rows)
            cells = [f"{name}.{when}:{cat}" for cat in cats]
            for cat, cell in zip(cats, cells):
                values[cell] = counts[cat]
            t.equal.append({**dict.fromkeys(cells, 1), **dict.fromkeys(total, -1)})
            layout.sus[f"{name}.{when}"] = cats
    return t, layout


def _share(row: dict[str, Any], whole: bool = False) -> float | None:
    """Share of those who ended that left for work or studies, from published figures only. Over
    all time the number ended is also started minus active, so a hidden small outcome elsewhere
    does not hide the share."""
    ended = row["ended"]
    work = [ended[o] for o in WORK_OR_STUDIES]
    if any(v is None for v in work):
        return None
    if all(v is not None for v in ended.values()):
        out_of = sum(ended.values())
    elif whole and row["started"] is not None and row["active"] is not None:
        out_of = row["started"] - row["active"]
    else:
        return None
    return round(sum(work) / out_of, 3) if out_of else None


def _row(shown: dict[str, int | None], prefix: str, columns: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        head, _, tail = c.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = shown[f"{prefix}.{c}"]
        else:
            out[head] = shown[f"{prefix}.{c}"]
    return out


def median_days_to_first_placement(records: Sequence[Record]) -> float | None:
    """Median days from registration to a person's first placement; only over 5 people or more."""
    first: dict[str, Record] = {}
    for r in sorted(records, key=lambda r: r.start):
        first.setdefault(r.participant_id, r)
    days = [r.days_to_start for r in first.values() if r.days_to_start is not None]
    return float(pystats.median(days)) if len(days) >= MIN_COUNT else None


def report(records: Sequence[Record], today: date, period: tuple[date | None, date | None] = (None, None),
           employer_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The protected answer: quarter rows within `period`, the all-time total and breakdowns, and
    the names of every hidden figure (`suppressed`)."""
    table, layout = build(records, today, employer_names)
    hide = protect(table, precious={k for k in table.values if k.startswith(f"{TOTAL}.")})
    shown: dict[str, int | None] = {k: (None if k in hide else v) for k, v in table.values.items()}
    low = quarter_of(period[0]) if period[0] else ""
    high = quarter_of(period[1]) if period[1] else "9999"
    chosen = [q for q in layout.quarters if low <= q <= high] if records else []
    items = []
    for q in chosen:
        row = {"quarter": q, **_row(shown, q, QUARTER_COLUMNS)}
        items.append(row | {"share_work_or_studies": _share(row)})
    total = _row(shown, TOTAL, QUARTER_COLUMNS)
    total |= {"share_work_or_studies": _share(total, whole=True),
              "median_days_to_first_placement": median_days_to_first_placement(records)}
    out: dict[str, Any] = {"items": items, "total": total}
    for dim, cats in layout.breakdowns.items():
        out[f"by_{dim}"] = [{dim if dim != "employer" else "employer_id": cat,
                             **({"employer_name": employer_names[cat]} if dim == "employer" and employer_names else {}),
                             "started": shown[f"{dim}:{cat}.started"]} for cat in cats]
    for name in ("income_source", "occupation"):
        out[name] = {when: [{"code": cat, "count": shown[f"{name}.{when}:{cat}"]}
                            for cat in layout.sus[f"{name}.{when}"]] for when in ("start", "exit")}
    visible = set(chosen) | {TOTAL}
    out["suppressed"] = sorted(k for k in hide if k.partition(".")[0] not in layout.quarters
                               or k.partition(".")[0] in visible)
    return out


def csv_rows(answer: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The quarter rows and the total as one flat table (CSV and Excel): hidden figures are empty."""
    header = ["quarter", "started", "active", *(f"ended_{o}" for o in OUTCOMES),
              *(f"retention_{k}" for k in RETENTION), "share_work_or_studies"]
    rows = []
    for row in [*answer["items"], {"quarter": TOTAL, **answer["total"]}]:
        rows.append([row["quarter"], row["started"], row["active"], *(row["ended"][o] for o in OUTCOMES),
                     *(row["retention"][k] for k in RETENTION), row["share_work_or_studies"]])
    return header, rows
