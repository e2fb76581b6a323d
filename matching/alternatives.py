"""Ranked alternatives: each participant's next best candidate needs after the assigned one."""
from __future__ import annotations

import numpy as np

from matching.candidates import Arcs


def alternatives(arcs: Arcs, assigned: np.ndarray, per_participant: int) -> tuple[np.ndarray, np.ndarray]:
    """(arc indices, ranks 1..per_participant) of the best unassigned arcs of each participant.
    `arcs` is ordered by participant and best score first, so order is rank."""
    if per_participant <= 0 or len(arcs) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    keep = np.ones(len(arcs), dtype=bool)
    keep[assigned] = False
    idx = np.nonzero(keep)[0]
    rows = arcs.rows[idx]
    # position of each arc within its participant's run of arcs
    starts = np.r_[0, np.nonzero(np.diff(rows))[0] + 1]
    lengths = np.diff(np.r_[starts, len(rows)])
    pos = np.arange(len(rows)) - np.repeat(starts, lengths)
    take = pos < per_participant
    return idx[take], pos[take] + 1
