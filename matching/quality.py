"""Quality measures on a labelled world (shared/matching-dev/README.md):

- violations: proposals (either kind) that break a hard rule; must be 0
- capacity_breaches: needs over their slots, workplaces over supervisor capacity, participants
  with two assignments; must be 0
- conditional_precision: among assigned participants who have a feasible in-domain need, the
  share assigned in their domain (`assigned_share` says how many of them got an assignment)
- optimum_ratio: in-domain assignments / the most in-domain assignments slots allow (max flow)
- hit: share of participants with a feasible in-domain need who see one among their assignment
  and alternatives
- random_baseline: share of in-domain pairs among all feasible pairs
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
from ortools.graph.python import max_flow

from matching.constraints import Context, feasible
from matching.encoder import Encoder
from matching.engine import match
from matching.model import ASSIGNMENT, MatchConfig
from matching.world import World, load_world


def _max_in_domain(world: World, pairs: list[tuple[str, str]]) -> int:
    """Most in-domain assignments the slots allow: participant (1) -> need (slots) -> workplace."""
    if not pairs:
        return 0
    ps = sorted({p for p, _ in pairs})
    ns = sorted({n for _, n in pairs})
    need = {n.id: n for n in world.needs}
    wps = sorted({need[n].workplace_id for n in ns})
    cap = {w.id: w.free_supervisor_capacity for w in world.workplaces}
    node = {("p", x): i + 2 for i, x in enumerate(ps)}
    node.update({("n", x): len(node) + 2 + i for i, x in enumerate(ns)})
    node.update({("w", x): len(node) + 2 + i for i, x in enumerate(wps)})
    flow = max_flow.SimpleMaxFlow()
    for p in ps:
        flow.add_arc_with_capacity(0, node[("p", p)], 1)
    for p, n in pairs:
        flow.add_arc_with_capacity(node[("p", p)], node[("n", n)], 1)
    for n in ns:
        flow.add_arc_with_capacity(node[("n", n)], node[("w", need[n].workplace_id)], need[n].free_slots)
    for w in wps:
        flow.add_arc_with_capacity(node[("w", w)], 1, max(0, cap.get(w, 0)))
    flow.solve(0, 1)
    return int(flow.optimal_flow())


def evaluate_world(world: Mapping | World, encoder: Encoder, taxonomy=None,
                   config: MatchConfig = MatchConfig(), frequency=None) -> dict:
    """`frequency`: stored document frequencies (term_index.DocumentFrequency), as a product run
    reads them; without, they are counted over the world's texts."""
    w = world if isinstance(world, World) else load_world(world)
    result = match(w.participants, w.needs, w.workplaces, encoder=encoder, config=config, taxonomy=taxonomy,
                   frequency=frequency)
    ctx = Context.of(w.workplaces)
    pdom, ndom = w.participant_domain, w.need_domain
    feasible_pairs = [(p.id, n.id) for p in w.participants for n in w.needs if not feasible(p, n, ctx)]
    in_domain = [(p, n) for p, n in feasible_pairs if pdom[p] == ndom[n]]
    eligible = {p for p, _ in in_domain}
    ps = {p.id: p for p in w.participants}
    ns = {n.id: n for n in w.needs}

    violations = sum(1 for pr in result.proposals if feasible(ps[pr.participant_id], ns[pr.need_id], ctx))
    assigned = {pr.participant_id: pr.need_id for pr in result.proposals if pr.kind == ASSIGNMENT}
    per_p = Counter(pr.participant_id for pr in result.proposals if pr.kind == ASSIGNMENT)
    per_n = Counter(assigned.values())
    per_w = Counter(ns[n].workplace_id for n in assigned.values())
    cap = {x.id: x.free_supervisor_capacity for x in w.workplaces}
    breaches = (sum(c > 1 for c in per_p.values()) + sum(c > ns[n].free_slots for n, c in per_n.items())
                + sum(c > cap.get(x, 0) for x, c in per_w.items()))
    seen: dict[str, set[str]] = {}
    for pr in result.proposals:
        seen.setdefault(pr.participant_id, set()).add(pr.need_id)
    eligible_assigned = [p for p in eligible if p in assigned]
    correct = sum(pdom[p] == ndom[assigned[p]] for p in eligible_assigned)
    in_domain_assigned = sum(pdom[p] == ndom[n] for p, n in assigned.items())
    best = _max_in_domain(w, in_domain)
    return {
        "participants": len(w.participants), "needs": len(w.needs),
        "proposals": len(result.proposals), "assignments": len(assigned),
        "violations": violations, "capacity_breaches": breaches,
        "conditional_precision": correct / len(eligible_assigned) if eligible_assigned else None,
        "assigned_share": len(eligible_assigned) / len(eligible) if eligible else 0.0,
        "optimum_ratio": in_domain_assigned / best if best else 1.0,
        "hit": (sum(any(pdom[p] == ndom[n] for n in seen.get(p, ())) for p in eligible) / len(eligible)
                if eligible else 0.0),
        "random_baseline": len(in_domain) / len(feasible_pairs) if feasible_pairs else 0.0,
        "mean_score": float(np.mean([pr.score for pr in result.proposals])) if result.proposals else 0.0,
    }
