"""The participant can work at least the need's minimum weekly hours."""
from __future__ import annotations

NAME = "hours_fit"


def check(p, n, ctx) -> bool:
    return p.hours_max >= n.hours_min


def mask(chunk):
    return chunk.col("hours_max") >= chunk.nb.hours_min[None, :]
