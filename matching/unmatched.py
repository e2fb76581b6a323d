"""Why a participant got no proposal: which rule excluded how many needs (each need counted once,
under the first rule it breaks, in the order of constraints.RULES), or that no need that passes
every rule fits well enough, or that the ones that fit went to others."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from matching.constraints import RULES
from matching.features import Chunk

NOT_ELIGIBLE = "not_eligible"  # no consent to share, or already in a placement
NO_FEASIBLE_NEED = "no_feasible_need"
BELOW_MINIMUM_FIT = "below_minimum_fit"
TAKEN = "fitting_needs_taken"
NO_NEEDS = "no_open_needs"


def reasons(block, rows: np.ndarray, need_block, blocked,
            best_fit: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], min_relevance: float,
            step: int = 1 << 20) -> list[dict]:
    """One entry per row of `rows` (participant rows with no proposal). `best_fit(rows)` gives,
    per row, the best relevance over the needs it may take and whether any of them clears both
    the relevance and the score minimum."""
    out: list[dict] = []
    n_needs = len(need_block)
    size = max(1, step // max(1, n_needs))
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        counts = {}
        ok = np.ones((len(part), n_needs), dtype=bool)
        if n_needs:
            chunk = Chunk(block, part, need_block, blocked)
            left = np.full(len(part), n_needs)
            for rule in RULES:  # what a rule excludes: the needs left before it less those left after
                ok &= rule.mask(chunk)
                now = np.count_nonzero(ok, axis=1)
                counts[rule.NAME] = left - now
                left = now
        feasible = left if n_needs else np.zeros(len(part), np.int64)
        with_needs = part[feasible > 0]
        best, clears = best_fit(with_needs) if len(with_needs) else (np.zeros(0), np.zeros(0, bool))
        best_of = dict(zip(with_needs.tolist(), zip(best.tolist(), clears.tolist())))
        for i, row in enumerate(part.tolist()):
            excluded = {name: int(c[i]) for name, c in counts.items() if c[i]}
            entry = {"row": row, "excluded_by": excluded, "feasible_needs": int(feasible[i])}
            if not n_needs:
                entry.update(reason=NO_NEEDS, text="There were no open needs with free places in this run.")
            elif not block.consent[row] or block.placed[row]:
                entry.update(reason=NOT_ELIGIBLE, text="Not matched: no consent to share the profile with "
                             "employers, or already in an active placement.")
            elif not feasible[i]:
                top = sorted(excluded.items(), key=lambda t: (-t[1], t[0]))[:3]
                entry.update(reason=NO_FEASIBLE_NEED, text="Every need breaks a rule: " + ", ".join(
                    f"{name} excluded {count}" for name, count in top) + ".")
            elif not best_of[row][1]:
                fit = max(0.0, best_of[row][0])
                entry.update(reason=BELOW_MINIMUM_FIT, best_relevance=round(fit, 4),
                             text=f"{int(feasible[i])} needs pass every rule, but none fits well enough "
                                  f"(best fit {fit:.2f}, minimum {min_relevance:.2f}).")
            else:
                entry.update(reason=TAKEN, best_relevance=round(best_of[row][0], 4),
                             text=f"{int(feasible[i])} needs pass every rule and fit, but their places went to "
                                  "people they fit better.")
            out.append(entry)
    return out
