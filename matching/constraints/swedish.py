"""Swedish level at least the need's requirement, unless the need offers language support."""
from __future__ import annotations

from matching.features import level_have, level_need
from matching.model import LANGUAGE_SUPPORT

NAME = "swedish_level"


def check(p, n, ctx) -> bool:
    if LANGUAGE_SUPPORT in n.adaptations_offered:
        return True
    return level_have(p.swedish_level) >= level_need(n.swedish_level_required)


def mask(chunk):
    return (chunk.col("level") >= chunk.nb.level_required[None, :]) | chunk.nb.language_support[None, :]
