"""What the scalar rules need beyond the pair itself."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from matching.model import Workplace


@dataclass(frozen=True)
class Context:
    workplaces: Mapping[str, Workplace] = field(default_factory=dict)
    blocked_pairs: frozenset[tuple[str, str]] = frozenset()  # (participant_id, need_id) rejected before

    @classmethod
    def of(cls, workplaces: Iterable[Workplace], blocked_pairs: Iterable[tuple[str, str]] = ()) -> Context:
        return cls({w.id: w for w in workplaces}, frozenset((str(p), str(n)) for p, n in blocked_pairs))
