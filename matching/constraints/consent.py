"""The participant has an active consent to share with employers."""
from __future__ import annotations

NAME = "participant_consent"
SIDE = "participant"  # reads the participant only


def check(p, n, ctx) -> bool:
    return p.has_consent


def mask(chunk):
    return chunk.col("consent")
