"""Participant and need share at least one placement type."""
from __future__ import annotations

import numpy as np

NAME = "placement_type_shared"


def check(p, n, ctx) -> bool:
    return bool(p.placement_types & n.placement_types)


def mask(chunk) -> np.ndarray:
    pt, nt = chunk.bits("types", "types")
    ok = np.zeros((chunk.size, len(chunk.nb)), dtype=bool)
    for w in range(pt.shape[1]):
        ok |= (pt[:, w, None] & nt[None, :, w]) != 0
    return ok
