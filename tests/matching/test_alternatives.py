import numpy as np

from matching.alternatives import alternatives
from matching.candidates import Arcs


def _arcs(rows, cols, scores):
    r, c, s = (np.array(x) for x in (rows, cols, scores))
    return Arcs(r.astype(np.int64), c.astype(np.int64), s.astype(float), s.astype(float))


def test_alternatives_skip_the_assigned_arc_and_rank_from_one():
    a = _arcs([0, 0, 0, 0, 1, 1], [1, 2, 3, 4, 1, 2], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    idx, rank = alternatives(a, np.array([1, 4]), 2)
    assert list(zip(a.rows[idx].tolist(), a.cols[idx].tolist(), rank.tolist())) == [(0, 1, 1), (0, 3, 2), (1, 2, 1)]
    assert alternatives(a, np.array([], dtype=np.int64), 0)[0].size == 0
