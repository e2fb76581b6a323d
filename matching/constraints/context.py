"""What the scalar rules need beyond the pair itself."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from matching.model import Workplace


@dataclass(frozen=True)
class Context:
    workplaces: Mapping[str, Workplace] = field(default_factory=dict)
    blocked_pairs: frozenset[tuple[str, str]] = frozenset()  # (participant_id, need_id) rejected before
    # great-circle km of (participant_id, need_id) pairs computed beforehand in one vectorised
    # haversine call (a checker of many pairs); pairs missing here are computed one by one
    distances: Mapping[tuple[str, str], float] = field(default_factory=dict)

    @classmethod
    def of(cls, workplaces: Iterable[Workplace], blocked_pairs: Iterable[tuple[str, str]] = (),
           distances: Mapping[tuple[str, str], float] | None = None) -> Context:
        return cls({w.id: w for w in workplaces}, frozenset((str(p), str(n)) for p, n in blocked_pairs),
                   distances or {})
