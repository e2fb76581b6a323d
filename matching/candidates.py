"""Candidate arcs: the top-k feasible, good-enough needs of each participant, picked per chunk
(never a dense participants x needs matrix for the whole world)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Arcs:
    """Participant row, need column and score of each candidate pair, ordered by participant,
    then best score first, then need column (needs are sorted by id: ties go to the lower id).
    `detail` carries per-arc arrays (component values, cosine, distance...) for explanations."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    relevance: np.ndarray
    detail: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, idx: np.ndarray) -> Arcs:
        return Arcs(self.rows[idx], self.cols[idx], self.scores[idx], self.relevance[idx],
                    {k: v[idx] for k, v in self.detail.items()})

    @classmethod
    def concat(cls, parts: list[Arcs]) -> Arcs:
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("rows", "cols", "scores", "relevance")),
                   {k: np.concatenate([p.detail[k] for p in parts]) for k in parts[0].detail})


def top_k(arcs: Arcs, k: int) -> Arcs:
    """Per participant row, the k best arcs; ties go to the lower column. Result is ordered."""
    order = np.lexsort((arcs.cols, -arcs.scores, arcs.rows))
    rows = arcs.rows[order]
    starts = np.r_[0, np.nonzero(np.diff(rows))[0] + 1] if len(rows) else np.zeros(0, np.int64)
    pos = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    return arcs.take(order[pos < k])
