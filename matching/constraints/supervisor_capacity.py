"""The need's workplace has free supervisor capacity (an unknown workplace has none)."""
from __future__ import annotations

NAME = "supervisor_capacity"
SIDE = "need"  # reads the need (and its workplace) only


def check(p, n, ctx) -> bool:
    w = ctx.workplaces.get(n.workplace_id)
    return w is not None and w.free_supervisor_capacity > 0


def mask(chunk):
    return (chunk.nb.supervisor_capacity > 0)[None, :]
