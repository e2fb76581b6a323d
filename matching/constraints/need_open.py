"""The need is open and has a free slot."""
from __future__ import annotations

NAME = "need_open_with_free_slots"
SIDE = "need"  # reads the need (and its workplace) only


def check(p, n, ctx) -> bool:
    return n.is_open and n.free_slots > 0


def mask(chunk):
    return (chunk.nb.is_open & (chunk.nb.free_slots > 0))[None, :]
