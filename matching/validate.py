"""Independent re-check of a match result. Uses only the scalar rules (distances from the haversine
package, all pairs in one call) and plain counting, none of the vectorised or solver code, so a
bug there cannot hide itself. Empty list = valid."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from matching.constraints import RULES, Context, feasible
from matching.constraints.distance import pair_distances_km
from matching.model import ALTERNATIVE, ASSIGNMENT, MatchConfig, MatchResult, Need, Participant, Workplace


_PARTICIPANT_RULES = tuple(r for r in RULES if getattr(r, "SIDE", None) == "participant")
_NEED_RULES = tuple(r for r in RULES if getattr(r, "SIDE", None) == "need")
_PAIR_RULES = tuple(r for r in RULES if getattr(r, "SIDE", None) is None)


def _passes(rules, p, n, ctx) -> bool:
    for rule in rules:
        if not rule.check(p, n, ctx):
            return False
    return True


def validate(result: MatchResult, participants: Iterable[Participant], needs: Iterable[Need],
             workplaces: Iterable[Workplace], config: MatchConfig = MatchConfig(),
             blocked_pairs: Iterable[tuple[str, str]] = ()) -> list[str]:
    ps = {p.id: p for p in participants}
    ns = {n.id: n for n in needs}
    wps = list(workplaces)
    found = [(pr, ps.get(pr.participant_id), ns.get(pr.need_id)) for pr in result.proposals]
    ctx = Context.of(wps, blocked_pairs,
                     pair_distances_km((p, n) for _, p, n in found if p is not None and n is not None))
    p_ok: dict[str, bool] = {}  # the one-side rules, once per participant / need
    n_ok: dict[str, bool] = {}
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    per_participant: Counter[str] = Counter()
    per_need: Counter[str] = Counter()
    per_workplace: Counter[str] = Counter()
    alt_ranks: dict[str, list[int]] = {}
    assigned_need: dict[str, str] = {}
    def tag(pr) -> str:  # only for an error: most results have none
        return f"{pr.kind} {pr.participant_id}->{pr.need_id}"

    for pr, p, n in found:
        if p is None or n is None:
            errors.append(f"{tag(pr)}: unknown participant or need")
            continue
        pair = (p.id, n.id)
        if pair in seen:
            errors.append(f"{tag(pr)}: proposed twice")
        seen.add(pair)
        ok = p_ok.get(p.id)
        if ok is None:
            ok = p_ok[p.id] = _passes(_PARTICIPANT_RULES, p, n, ctx)
        if ok:
            ok = n_ok.get(n.id)
            if ok is None:
                ok = n_ok[n.id] = _passes(_NEED_RULES, p, n, ctx)
        if not (ok and _passes(_PAIR_RULES, p, n, ctx)):
            errors.append(f"{tag(pr)}: breaks {', '.join(feasible(p, n, ctx))}")
        if not (math.isfinite(pr.score) and config.min_score <= pr.score <= 1.0 + 1e-9):
            errors.append(f"{tag(pr)}: score {pr.score} outside [min_score, 1]")
        if pr.kind == ASSIGNMENT:
            per_participant[p.id] += 1
            per_need[n.id] += 1
            per_workplace[n.workplace_id] += 1
            assigned_need[p.id] = n.id
            if pr.rank != 1:
                errors.append(f"{tag(pr)}: assignment rank {pr.rank} != 1")
        elif pr.kind == ALTERNATIVE:
            alt_ranks.setdefault(p.id, []).append(pr.rank)
        else:
            errors.append(f"{tag(pr)}: unknown kind")
    errors += [f"participant {pid}: {c} assignments" for pid, c in per_participant.items() if c > 1]
    errors += [f"need {nid}: {c} assignments > {ns[nid].free_slots} free slots"
               for nid, c in per_need.items() if c > ns[nid].free_slots]
    capacity = {w.id: w.free_supervisor_capacity for w in wps}
    errors += [f"workplace {wid}: {c} assignments > supervisor capacity {capacity.get(wid, 0)}"
               for wid, c in per_workplace.items() if c > capacity.get(wid, 0)]
    for pid, ranks in alt_ranks.items():
        if sorted(ranks) != list(range(1, len(ranks) + 1)) or len(ranks) > config.alternatives_per_participant:
            errors.append(f"participant {pid}: alternative ranks {sorted(ranks)}")
    return errors
