"""The participant is not already in an active placement."""
from __future__ import annotations

NAME = "participant_not_placed"
SIDE = "participant"  # reads the participant only


def check(p, n, ctx) -> bool:
    return not p.in_active_placement


def mask(chunk):
    return ~chunk.col("placed")
