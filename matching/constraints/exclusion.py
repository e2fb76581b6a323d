"""The need's employer is not on the participant's exclusion list."""
from __future__ import annotations

import numpy as np

NAME = "employer_not_excluded"


def check(p, n, ctx) -> bool:
    return n.employer_id not in p.excluded_employer_ids


def mask(chunk) -> np.ndarray:
    ok = np.ones((chunk.size, len(chunk.nb)), dtype=bool)
    columns = chunk.nb.employer_columns
    excluded = chunk.pb.excluded
    for r in np.nonzero(chunk.pb.has_exclusions[chunk.rows])[0]:
        for employer in excluded[chunk.rows[r]]:
            cols = columns.get(employer)
            if cols is not None:
                ok[r, cols] = False
    return ok
