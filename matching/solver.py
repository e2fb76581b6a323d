"""Joint assignment as a min-cost flow (OR-Tools SimpleMinCostFlow), optimal and fast.

source -> participant (cap 1) -> need (cap 1 per candidate arc, cost = -score) -> workplace
(cap = the need's free slots) -> sink (cap = the workplace's free supervisor capacity), plus a
source -> sink bypass so anyone may stay unassigned. Minimising cost maximises the summed score.
Only nodes that carry a candidate arc are built; arcs are added in a fixed order, so the same
input always gives the same flow."""
from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.candidates import Arcs


class SolverError(RuntimeError):
    pass


def solve(arcs: Arcs, need_slots: np.ndarray, need_workplace: np.ndarray, workplace_capacity: np.ndarray,
          cost_scale: int) -> np.ndarray:
    """Assigned arc indices (into `arcs`), at most one per participant row."""
    if len(arcs) == 0:
        return np.zeros(0, dtype=np.int64)
    p_rows, p_node = np.unique(arcs.rows, return_inverse=True)
    n_cols, n_node = np.unique(arcs.cols, return_inverse=True)
    w_ids, w_node = np.unique(need_workplace[n_cols], return_inverse=True)
    n_p, n_n, n_w = len(p_rows), len(n_cols), len(w_ids)
    source, sink = 0, 1
    p_base, n_base = 2, 2 + n_p
    w_base = n_base + n_n
    tails = np.concatenate([
        np.full(n_p, source), p_base + p_node, n_base + np.arange(n_n), w_base + np.arange(n_w), [source]])
    heads = np.concatenate([
        p_base + np.arange(n_p), n_base + n_node, w_base + w_node, np.full(n_w, sink), [sink]])
    caps = np.concatenate([
        np.ones(n_p), np.ones(len(arcs)), need_slots[n_cols], workplace_capacity[w_ids], [n_p]])
    costs = np.concatenate([
        np.zeros(n_p), -np.rint(arcs.scores * cost_scale), np.zeros(n_n), np.zeros(n_w), [0]])
    flow = min_cost_flow.SimpleMinCostFlow()
    first = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), np.maximum(caps, 0).astype(np.int64), costs.astype(np.int64))
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), np.array([n_p, -n_p], dtype=np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    pair_arcs = first[n_p:n_p + len(arcs)]
    return np.nonzero(flow.flows(pair_arcs) > 0)[0].astype(np.int64)
