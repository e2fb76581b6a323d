"""The attacker of the property tests: solves the published figures' linear relations for each
hidden cell with scipy's LP solver (independent of the OR-Tools programme the module uses)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

Relation = Mapping[str, int]


def bounds(values: Mapping[str, int | None], equal: Sequence[Relation],
           at_most: Sequence[Relation] = ()) -> dict[str, tuple[float, float]]:
    """For every cell published as None: the least and the greatest value consistent with the
    published cells, the relations and non-negativity."""
    hidden = sorted(k for k, v in values.items() if v is None)
    if not hidden:
        return {}
    col = {k: i for i, k in enumerate(hidden)}

    def rows(relations: Sequence[Relation]) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b = [], []
        for rel in relations:
            if not any(k in col for k in rel):
                continue
            row = np.zeros(len(hidden))
            known = 0.0
            for k, c in rel.items():
                if k in col:
                    row[col[k]] += c
                else:
                    known += c * values[k]
            a.append(row)
            b.append(-known)
        return (np.array(a), np.array(b)) if a else (None, None)

    a_eq, b_eq = rows(equal)
    a_ub, b_ub = rows(at_most)
    out = {}
    for k in hidden:
        found = []
        for sign in (1, -1):
            c = np.zeros(len(hidden))
            c[col[k]] = sign
            res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(0, 1e7)] * len(hidden),
                          method="highs")
            assert res.status == 0, res.message  # the true values are always a solution
            found.append(sign * res.fun)
        out[k] = (found[0], found[1])
    return out


def recovered(values: Mapping[str, int | None], equal: Sequence[Relation], at_most: Sequence[Relation] = (),
              width: float = 5, truth: Mapping[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """The hidden cells someone can pin down: a small count (1-4, known from `truth`) to fewer than
    `width` values, any other hidden cell to one value. Without `truth` every cell needs `width`."""
    def need(k: str) -> float:
        return width if truth is None or 1 <= truth[k] <= 4 else 1
    return {k: (lo, hi) for k, (lo, hi) in bounds(values, equal, at_most).items() if hi - lo < need(k) - 1e-6}
