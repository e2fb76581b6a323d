"""Learning from review, bounded and explained.

A coordinator's rejection blocks its pair (constraints/blocked.py); its reason also changes what
the next run proposes around it:
- `too_far`: the person's travel tolerance drops just below the nearest distance rejected as too
  far, never below MIN_TOLERANCE of what they said themselves;
- `poor_task_fit`, `skills_mismatch`: needs in the rejected need's occupation group are proposed
  less often to that person (the review component falls by STEP per rejection, to 0 at most);
- an employer's decline for those reasons teaches the same about its need: people in the declined
  person's occupation group are proposed less often for it.
Occupation groups are the ones recognised when the proposal was made (its explanation), so the
reviews need no taxonomy of their own. Every change is quoted in the explanations it touches."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from matching.model import Participant

TOO_FAR_FACTOR = 0.9
MIN_TOLERANCE = 0.5
STEP = 0.5
TASK_REASONS = frozenset({"poor_task_fit", "skills_mismatch"})
COORDINATOR, EMPLOYER = "coordinator", "employer"


@dataclass(frozen=True, slots=True)
class Review:
    """One decided proposal: who decided (COORDINATOR rejected, EMPLOYER declined) and why, with
    the distance and the top occupation groups (ssyk, label) its explanation recorded."""

    participant_id: str
    need_id: str
    reason_code: str
    by: str
    distance_km: float | None = None
    participant_group: tuple[str, str] | None = None
    need_group: tuple[str, str] | None = None


class Feedback:
    def __init__(self, reviews: Iterable[Review]) -> None:
        self.too_far: dict[str, float] = {}
        self.person_groups: dict[str, dict[str, tuple[int, str]]] = {}  # pid -> ssyk -> (count, label)
        self.need_groups: dict[str, dict[str, tuple[int, str]]] = {}  # nid -> ssyk -> (count, label)
        for r in reviews:
            if r.reason_code == "too_far" and r.distance_km is not None and r.by == COORDINATOR:
                self.too_far[r.participant_id] = min(r.distance_km, self.too_far.get(r.participant_id, r.distance_km))
            elif r.reason_code in TASK_REASONS:
                # a coordinator learns about the person (the need's group), an employer about its
                # need (the person's group)
                target, key, group = ((self.person_groups, r.participant_id, r.need_group) if r.by == COORDINATOR
                                      else (self.need_groups, r.need_id, r.participant_group))
                if group is not None:
                    seen = target.setdefault(key, {})
                    count, _ = seen.get(group[0], (0, group[1]))
                    seen[group[0]] = (count + 1, group[1])
        self.notes: dict[str, list[dict]] = {}

    def __bool__(self) -> bool:
        return bool(self.too_far or self.person_groups or self.need_groups)

    @property
    def learns_groups(self) -> bool:
        return bool(self.person_groups or self.need_groups)

    def adjust(self, participants: Sequence[Participant]) -> list[Participant]:
        """Participants with their travel tolerance lowered where a coordinator said too far."""
        out = []
        for p in participants:
            km = self.too_far.get(p.id)
            if km is not None:
                lowered = max(MIN_TOLERANCE * p.max_travel_km, min(p.max_travel_km, TOO_FAR_FACTOR * km))
                if lowered < p.max_travel_km:
                    self.notes[p.id] = [{"reason_code": "too_far", "effect": "travel_tolerance",
                                         "from_km": round(p.max_travel_km, 1), "to_km": round(lowered, 1),
                                         "text": f"Travel tolerance lowered from {p.max_travel_km:.0f} km to "
                                                 f"{lowered:.0f} km: a proposal {km:.0f} km away was rejected as too far."}]
                    p = replace(p, max_travel_km=lowered)
            out.append(p)
        return out

    def values(self, p_ids: Sequence[str], n_ids: Sequence[str], p_top: Sequence[str | None],
               n_top: Sequence[str | None]) -> np.ndarray:
        """The review component of pairs (1: nothing learnt), from each side's top group."""
        out = np.ones(len(p_ids))
        for i, (p, n, pg, ng) in enumerate(zip(p_ids, n_ids, p_top, n_top)):
            hits = self._hits(p, n, pg, ng)
            if hits:
                out[i] = max(0.0, 1.0 - STEP * sum(h[0] for h in hits))
        return out

    def _hits(self, p: str, n: str, pg: str | None, ng: str | None) -> list[tuple[int, str, str]]:
        hits = []
        if ng is not None and ng in self.person_groups.get(p, {}):
            count, label = self.person_groups[p][ng]
            hits.append((count, COORDINATOR, label))
        if pg is not None and pg in self.need_groups.get(n, {}):
            count, label = self.need_groups[n][pg]
            hits.append((count, EMPLOYER, label))
        return hits

    def explain(self, p: str, n: str, pg: str | None, ng: str | None) -> list[dict]:
        if p not in self.notes and p not in self.person_groups and n not in self.need_groups:
            return []  # most pairs: nothing learnt about either side
        out = list(self.notes.get(p, ()))
        for count, by, label in self._hits(p, n, pg, ng):
            who = ("a coordinator rejected needs in this occupation group for this person" if by == COORDINATOR
                   else "the employer declined people in this occupation group for this need")
            out.append({"reason_code": "task_fit", "effect": "proposed_less_often", "group": label, "count": count,
                        "text": f"Proposed less often because {who} ({label}, {count} time{'s' if count > 1 else ''})."})
        return out
