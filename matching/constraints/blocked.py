"""A pair a coordinator rejected before is not proposed again."""
from __future__ import annotations

import numpy as np

NAME = "not_rejected_before"


def check(p, n, ctx) -> bool:
    return (p.id, n.id) not in ctx.blocked_pairs


def mask(chunk) -> np.ndarray:
    ok = np.ones((chunk.size, len(chunk.nb)), dtype=bool)
    b_rows, b_cols = chunk.blocked  # participant rows and need columns of blocked pairs
    if len(b_rows):
        # find each blocked row's position in the chunk, if any
        order = np.argsort(chunk.rows, kind="stable")
        rows = chunk.rows[order]
        pos = np.clip(np.searchsorted(rows, b_rows), 0, chunk.size - 1)
        hit = rows[pos] == b_rows
        ok[order[pos[hit]], b_cols[hit]] = False
    return ok
