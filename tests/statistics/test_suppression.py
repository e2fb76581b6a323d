"""Property tests of the suppression module: random tables, and an attacker that solves the
published figures for every hidden cell (tests/statistics/attack.py)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.statistics.attack import recovered
from vta.errors import InvalidInput
from vta.suppression import PROTECTION, Table, check_group, intervals, protect, published


def two_way(cells: list[list[int]]) -> tuple[Table, list[dict[str, int]]]:
    """Rows by columns with row totals, column totals and the grand total, all published."""
    values: dict[str, int] = {}
    n_rows, n_cols = len(cells), len(cells[0])
    for r in range(n_rows):
        for c in range(n_cols):
            values[f"{r}:{c}"] = cells[r][c]
        values[f"{r}:T"] = sum(cells[r])
    for c in range(n_cols):
        values[f"T:{c}"] = sum(row[c] for row in cells)
    values["T:T"] = sum(map(sum, cells))
    table = Table(values)
    for r in range(n_rows):
        table.add_sum(f"{r}:T", [f"{r}:{c}" for c in range(n_cols)])
    for c in range(n_cols):
        table.add_sum(f"T:{c}", [f"{r}:{c}" for r in range(n_rows)])
    table.add_sum("T:T", [f"{r}:T" for r in range(n_rows)])
    table.add_sum("T:T", [f"T:{c}" for c in range(n_cols)])
    return table, table.equal


# Small tables full of small counts and zeros: the hard case.
counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
tables = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 6).flatmap(
    lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))


# More for a nightly run (reliability.md E7: 5,000): VTA_PROPERTY_EXAMPLES=5000.
EXAMPLES = int(os.environ.get("VTA_PROPERTY_EXAMPLES", "150"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_cell_of_a_random_table_can_be_worked_out(cells: list[list[int]]) -> None:
    table, equations = two_way(cells)
    hide = protect(table)
    shown = published(table.values, hide)
    assert all(v is None or v == 0 or v >= 5 for v in shown.values()), shown
    # Solve the published figures for every hidden cell, as a reader could: none is determined,
    # and no small count is even pinned to fewer than PROTECTION values.
    assert recovered(shown, equations, width=PROTECTION, truth=table.values) == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=8), st.integers(0, 12))
def test_a_flow_with_an_inequality_chain_keeps_hidden_cells_wide(parts: list[int], extra: int) -> None:
    """started == active + the outcomes; still placed after 12 months <= after 6 <= after 3 <= started."""
    values = {"started": sum(parts) + extra, "active": extra, **{f"o{i}": v for i, v in enumerate(parts)}}
    r3 = min(values["started"], extra + 3)
    values |= {"r3": r3, "r6": max(r3 - 2, 0), "r12": max(r3 - 5, 0)}
    table = Table(values)
    table.add_sum("started", ["active", *[f"o{i}" for i in range(len(parts))]])
    for small, large in (("r12", "r6"), ("r6", "r3"), ("r3", "started")):
        table.add_at_most(small, large)
    shown = published(values, protect(table))
    assert recovered(shown, table.equal, table.at_most, width=PROTECTION, truth=values) == {}


def test_the_issue_example_cannot_be_undone_by_subtraction() -> None:
    """9 started, 5 active, 4 ended in employment, every other outcome 0: hiding employment alone
    lets anyone compute 9 - 5 - 0 = 4."""
    values = {"started": 9, "active": 5, "employment": 4, "studies": 0, "job_seeker": 0, "ended_early": 0}
    table = Table(values)
    table.add_sum("started", ["active", "employment", "studies", "job_seeker", "ended_early"])
    naive = published(values, {"employment"})
    assert recovered(naive, table.equal, width=1) == {"employment": (4.0, 4.0)}  # the attack works...
    shown = published(values, protect(table))
    assert shown["employment"] is None
    assert recovered(shown, table.equal, width=PROTECTION, truth=values) == {}  # ...and no longer does


def test_hidden_zeros_do_not_count_as_protection() -> None:
    """4 + 0 = 4 with both hidden still tells the reader the cell is at most 4."""
    table = Table({"total": 4 + 7, "a": 4, "b": 0, "c": 7})
    table.add_sum("total", ["a", "b", "c"])
    hide = protect(table)
    assert "c" in hide or "total" in hide
    lo, hi = intervals(table, hide)["a"]
    assert hi - lo >= PROTECTION


def test_shared_cells_keep_the_status_another_table_gave_them() -> None:
    table = Table({"total": 12, "x": 3, "y": 9})
    table.add_sum("total", ["x", "y"])
    hide = protect(table, frozen={"total"})
    assert "total" not in hide and {"x", "y"} <= hide


@pytest.mark.parametrize(("size", "parent", "refused"), [
    (0, 20, False), (5, 20, False), (15, 20, False), (20, 20, False), (1, 20, True), (4, 20, True),
    (16, 20, True), (19, 20, True), (3, 3, True)])
def test_a_filter_may_not_isolate_fewer_than_five(size: int, parent: int, refused: bool) -> None:
    if refused:
        with pytest.raises(InvalidInput):
            check_group(size, parent)
    else:
        check_group(size, parent)
