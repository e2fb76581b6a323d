"""Hard rules. A pair that breaks one is never proposed, as assignment or as alternative.

Each rule is a module with NAME, a scalar `check(participant, need, ctx) -> bool` and a
vectorised `mask(chunk) -> bool array` (participant rows x needs, or broadcastable to it).
Both paths are tested against each other. A rule that reads one side only says so with SIDE
("participant" or "need"): a checker of many pairs then checks it once per participant or need."""
from __future__ import annotations

import numpy as np

from matching.constraints import (
    active_placement,
    adaptations,
    blocked,
    consent,
    distance,
    exclusion,
    hours,
    licence,
    need_open,
    placement_types,
    supervisor_capacity,
    swedish,
)
from matching.constraints.context import Context

# cheap participant- or need-only rules first: they empty whole rows/columns early
RULES = (consent, active_placement, need_open, supervisor_capacity, hours, licence, swedish,
         placement_types, adaptations, distance, exclusion, blocked)
RULE_NAMES: tuple[str, ...] = tuple(r.NAME for r in RULES)

__all__ = ["RULES", "RULE_NAMES", "Context", "feasible", "feasible_mask"]


def feasible(p, n, ctx: Context) -> list[str]:
    """Names of the rules the pair breaks; empty when the pair may be proposed."""
    return [r.NAME for r in RULES if not r.check(p, n, ctx)]


def feasible_mask(chunk) -> np.ndarray:
    ok = np.ones((chunk.size, len(chunk.nb)), dtype=bool)
    for rule in RULES:
        ok &= rule.mask(chunk)
        if not ok.any():
            break
    return ok
