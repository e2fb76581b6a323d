"""Small-count protection for every count that leaves the coordinators' own case pages.

A published table is a set of named cells and the linear relations a reader knows hold between
them (a total is the sum of its parts, people active at the end of a quarter are those active
before plus those started minus those ended, those still placed after a year are no more than
those after six months...). Every count is non-negative.

- Primary suppression: a count from 1 to 4 is hidden.
- Secondary suppression: more cells are hidden until no hidden cell is determined by the published
  cells and the relations, and every small count could still take at least `PROTECTION` values
  (checked with a linear programme, the way an attacker would solve for it). A lone hidden cell in
  a sum, a hidden cell next to published zeros, or a pattern that only a system of equations
  reveals, all fail that check.
- `check_group`: a filter may not single out a group of 1-4 people, nor leave 1-4 outside it.

Pure functions: plain dicts in, a set of hidden cell names out.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from vta.errors import InvalidInput

MIN_COUNT = 5  # counts from 1 to MIN_COUNT - 1 are never shown
PROTECTION = 5  # a hidden cell must stay uncertain over at least this many values
_BIG = 10**7  # no count reaches this; bounds the programme so "unbounded" needs no special case
_EPS = 1e-6
_TRIES = 12  # single cells tried before falling back to the largest one

Relation = Mapping[str, int]  # coefficient per cell: sum(coef * cell) == 0 (or <= 0)


@dataclass
class Table:
    values: dict[str, int]
    equal: list[Relation] = field(default_factory=list)  # sum(coef * cell) == 0
    at_most: list[Relation] = field(default_factory=list)  # sum(coef * cell) <= 0

    def add_sum(self, total: str, parts: Iterable[str]) -> None:
        """`total` == the sum of `parts` (a part may appear more than once)."""
        relation: dict[str, int] = {total: -1}
        for part in parts:
            relation[part] = relation.get(part, 0) + 1
        self.equal.append(relation)

    def add_at_most(self, small: str, large: str) -> None:
        self.at_most.append({small: 1, large: -1})


def is_small(value: int) -> bool:
    return 1 <= value < MIN_COUNT


def intervals(table: Table, hidden: set[str], cells: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """The smallest and largest value each hidden cell (or those of `cells`) can take, given every
    published cell and every relation: what someone who knows the rules can work out."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    x = {k: solver.NumVar(0, _BIG, k) for k in hidden}
    for relations, is_equal in ((table.equal, True), (table.at_most, False)):
        for rel in relations:
            if not any(k in hidden for k in rel):
                continue
            lhs = sum(c * x[k] for k, c in rel.items() if k in hidden)
            known = sum(c * table.values[k] for k, c in rel.items() if k not in hidden)
            solver.Add(lhs == -known if is_equal else lhs <= -known)
    out: dict[str, tuple[float, float]] = {}
    objective = solver.Objective()
    for k in sorted(hidden if cells is None else cells):
        bounds = []
        for maximise in (False, True):
            objective.Clear()
            objective.SetCoefficient(x[k], 1)
            objective.SetOptimizationDirection(maximise)
            if solver.Solve() != pywraplp.Solver.OPTIMAL:  # cannot happen for true values; be safe
                bounds.append(0.0 if not maximise else float(_BIG))
            else:
                bounds.append(x[k].solution_value())
        out[k] = (bounds[0], bounds[1])
    return out


def needed(value: int) -> float:
    """How wide a hidden cell's interval must stay: a small count must be lost among at least
    `PROTECTION` values; any other hidden figure must at least not be determined."""
    return PROTECTION if is_small(value) else 1


def _weak(table: Table, hide: set[str], cells: Iterable[str] | None = None) -> list[str]:
    return [k for k, (lo, hi) in intervals(table, hide, cells).items() if hi - lo < needed(table.values[k]) - _EPS]


def _neighbours(table: Table, cells: Iterable[str]) -> set[str]:
    cells = set(cells)
    return {k for rel in (*table.equal, *table.at_most) if cells & rel.keys() for k in rel} - cells


def protect(table: Table, hidden: Iterable[str] = (), frozen: Iterable[str] = (),
            precious: Iterable[str] = ()) -> set[str]:
    """The cells to hide: every small count, then small others (greedy) until no hidden cell can
    be worked out, nor a small count narrowed below `PROTECTION` values. `hidden` are cells hidden
    elsewhere (shared with another table); `frozen` cells keep their status (never newly hidden);
    `precious` cells (the totals readers look for first) are hidden only when nothing else will do."""
    frozen, precious = set(frozen), set(precious)
    primary = {k for k, v in table.values.items() if is_small(v) and k not in frozen}
    hide = primary | set(hidden)
    while True:
        weak = _weak(table, hide)
        if not weak:
            return _unhide(table, hide, primary | set(hidden), precious)
        for cell in weak:
            if cell not in _weak(table, hide, [cell]):
                continue  # an earlier addition in this pass already covered it
            free = lambda ks: {k for k in ks if k not in hide and k not in frozen}  # noqa: E731
            # Cheapest first: the smallest non-zero counts near it. Zeros come last: a hidden zero
            # next to a small count still bounds it by that count.
            near = free(_neighbours(table, [cell]))
            nonzero = sorted((k for k in near if table.values[k] > 0),
                             key=lambda k: (k in precious, table.values[k], k))
            for option in nonzero[:_TRIES]:
                if cell not in _weak(table, hide | {option}, [cell]):
                    hide.add(option)
                    break
            else:  # no single cell is enough: hide the largest one, ever further out, and look again
                ring, seen = {cell}, {cell}
                while ring:
                    pool = free(_neighbours(table, ring))
                    pick = [k for k in pool if table.values[k] > 0] or sorted(pool)
                    if pick:
                        hide.add(max(pick, key=lambda k: (k not in precious, table.values[k], k)))
                        break
                    ring = _neighbours(table, ring) - seen
                    seen |= ring
                else:
                    raise ValueError(f"cell {cell} cannot be protected with the cells allowed")


def _unhide(table: Table, hide: set[str], fixed: set[str], precious: set[str]) -> set[str]:
    """Greedy choices overshoot: publish again every secondary cell whose hiding turned out not to
    be needed, the most valuable first (totals, then large counts)."""
    for cell in sorted(hide - fixed, key=lambda k: (k not in precious, -table.values[k], k)):
        if not _weak(table, hide - {cell}):
            hide = hide - {cell}
    return hide


def check_group(size: int, parent_size: int, what: str = "This filter") -> None:
    """Refuse a filter that isolates 1-4 people, or leaves 1-4 people of the parent outside it
    (the two answers, subtracted, would show them)."""
    if is_small(size) or is_small(parent_size - size):
        raise InvalidInput(f"{what} would single out fewer than {MIN_COUNT} people, so it is not shown.")


def published(values: Mapping[str, int], hide: set[str]) -> dict[str, int | None]:
    return {k: (None if k in hide else v) for k, v in values.items()}


__all__ = ["MIN_COUNT", "PROTECTION", "Table", "check_group", "intervals", "is_small", "protect", "published"]
