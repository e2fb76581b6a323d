"""A need that requires a driving licence gets only participants who have one."""
from __future__ import annotations

NAME = "driving_licence"


def check(p, n, ctx) -> bool:
    return p.driving_licence or not n.driving_licence_required


def mask(chunk):
    return chunk.col("licence") | ~chunk.nb.licence_required[None, :]
