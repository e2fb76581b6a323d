"""Every adaptation the participant requires is offered by the need."""
from __future__ import annotations

import numpy as np

NAME = "required_adaptations_offered"


def check(p, n, ctx) -> bool:
    return p.required_tags <= n.adaptations_offered


def mask(chunk) -> np.ndarray:
    req, off = chunk.bits("required", "offered")
    ok = np.ones((chunk.size, len(chunk.nb)), dtype=bool)
    for w in range(req.shape[1]):  # one 64-tag word at a time: 2-D arrays only
        ok &= (req[:, w, None] & ~off[None, :, w]) == 0
    return ok
