import numpy as np

from matching.candidates import Arcs, top_k


def _arcs(rows, cols, scores):
    r, c, s = (np.array(x) for x in (rows, cols, scores))
    return Arcs(r.astype(np.int64), c.astype(np.int64), s.astype(float), s.astype(float), {"x": s.astype(float)})


def test_top_k_per_row_best_first_ties_to_lower_column():
    a = top_k(_arcs([1, 0, 0, 0, 1, 0], [5, 3, 1, 2, 4, 0], [0.2, 0.5, 0.5, 0.9, 0.7, 0.1]), 2)
    assert a.rows.tolist() == [0, 0, 1, 1]
    assert a.cols.tolist() == [2, 1, 4, 5]  # 0.9, then the 0.5 tie goes to column 1
    assert a.detail["x"].tolist() == a.scores.tolist()


def test_top_k_is_independent_of_input_order():
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, 20, 300), rng.integers(0, 50, 300)
    scores = rng.integers(0, 5, 300) / 5  # many ties
    key = np.unique(rows * 100 + cols, return_index=True)[1]
    rows, cols, scores = rows[key], cols[key], scores[key]
    a = top_k(_arcs(rows, cols, scores), 3)
    perm = rng.permutation(len(rows))
    b = top_k(_arcs(rows[perm], cols[perm], scores[perm]), 3)
    assert a.rows.tolist() == b.rows.tolist() and a.cols.tolist() == b.cols.tolist()
