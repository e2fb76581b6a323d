"""What would open a need: which single change the employer could make (offer an adaptation,
lower the minimum hours, offer language support, drop the driving-licence requirement) would make
the most participants feasible, counted on the engine's own rule masks (constraints/).

Pure: plain engine data in, plain data out. The need's state (open, free slots, supervisor
capacity) is set aside: the question is what its demands shut out, not whether it is open today.
Participant-level rules (consent, an active placement, exclusions, rejected pairs, distance) stay
as they are, so a count is of people who could really be proposed after the change.

    result = openers(participants, needs, workplaces, blocked_pairs=rejected)
    result.feasible_now, [(o.kind, o.change, o.opened) for o in result.openers]

With several needs (a whole workplace) each change is applied to every need, and a participant
counts once, when feasible for at least one of them."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.constraints import feasible_mask
from matching.features import Chunk, Codebooks, NeedBlock, ParticipantBlock
from matching.model import LANGUAGE_SUPPORT, MatchConfig, Need, Participant, Workplace

ADAPTATION, HOURS, LANGUAGE, LICENCE = "adaptation", "hours", "language_support", "driving_licence"
KINDS = (ADAPTATION, HOURS, LANGUAGE, LICENCE)


@dataclass(frozen=True, slots=True)
class Opener:
    kind: str  # one of KINDS
    change: dict  # {"adaptation": tag} | {"hours_min": h} | {"language_support": True} | {"driving_licence_required": False}
    opened: int  # participants feasible after the change who are not feasible now


@dataclass(frozen=True, slots=True)
class Openers:
    participants: int  # participants considered
    feasible_now: int
    openers: tuple[Opener, ...]  # most opened first; only changes that open someone


def _variants(needs: Sequence[Need], participants: Sequence[Participant]) -> list[tuple[str, dict, list[Need]]]:
    """Each single change as (kind, change, the needs with the change applied)."""
    out: list[tuple[str, dict, list[Need]]] = []
    required = sorted({t for p in participants for t in p.required_tags} - {LANGUAGE_SUPPORT})
    for tag in required:
        if any(tag not in n.adaptations_offered for n in needs):
            out.append((ADAPTATION, {"adaptation": tag},
                        [dataclasses.replace(n, adaptations_offered=n.adaptations_offered | {tag}) for n in needs]))
    top = max(n.hours_min for n in needs)
    for h in sorted({p.hours_max for p in participants if 1 <= p.hours_max < top}, reverse=True):
        out.append((HOURS, {"hours_min": h}, [dataclasses.replace(n, hours_min=min(n.hours_min, h)) for n in needs]))
    if any(LANGUAGE_SUPPORT not in n.adaptations_offered for n in needs):
        out.append((LANGUAGE, {"language_support": True},
                    [dataclasses.replace(n, adaptations_offered=n.adaptations_offered | {LANGUAGE_SUPPORT})
                     for n in needs]))
    if any(n.driving_licence_required for n in needs):
        out.append((LICENCE, {"driving_licence_required": False},
                    [dataclasses.replace(n, driving_licence_required=False) for n in needs]))
    return out


def openers(participants: Iterable[Participant], needs: Iterable[Need], workplaces: Iterable[Workplace], *,
            blocked_pairs: Iterable[tuple[str, str]] = (), config: MatchConfig = MatchConfig()) -> Openers:
    ps = tuple(sorted(participants, key=lambda p: p.id))
    # the need's state is set aside (see the module docstring)
    ns = [dataclasses.replace(n, is_open=True, free_slots=max(1, n.free_slots)) for n in sorted(needs, key=lambda n: n.id)]
    if not ns or not ps:
        return Openers(len(ps), 0, ())
    wps = {w.id: dataclasses.replace(w, free_supervisor_capacity=max(1, w.free_supervisor_capacity))
           for w in workplaces}
    for n in ns:
        wps.setdefault(n.workplace_id, Workplace(n.workplace_id, 1))
    variants = [("now", {}, ns), *_variants(ns, ps)]
    columns = [n for _, _, vns in variants for n in vns]  # variant v, need j -> column v * len(ns) + j
    books = Codebooks()
    pb = ParticipantBlock.build(ps, books)
    nb = NeedBlock.build(columns, wps, books)
    row = {p.id: i for i, p in enumerate(ps)}
    col = {n.id: j for j, n in enumerate(ns)}
    pairs = sorted((row[p], v * len(ns) + col[n]) for p, n in blocked_pairs if p in row and n in col
                   for v in range(len(variants)))
    blocked = (np.array([r for r, _ in pairs], np.int64), np.array([c for _, c in pairs], np.int64))
    any_need = np.zeros((len(ps), len(variants)), dtype=bool)
    step = max(1, config.chunk_elements // len(columns))
    for start in range(0, len(ps), step):
        rows = np.arange(start, min(len(ps), start + step), dtype=np.int64)
        ok = feasible_mask(Chunk(pb, rows, nb, blocked))
        any_need[rows] = ok.reshape(len(rows), len(variants), len(ns)).any(axis=2)
    now = any_need[:, 0]
    opened = (any_need[:, 1:] & ~now[:, None]).sum(axis=0)
    found = [Opener(kind, change, int(k)) for (kind, change, _), k in zip(variants[1:], opened.tolist()) if k > 0]
    # ties: the smaller concession first (the higher minimum hours), then by name
    found.sort(key=lambda o: (-o.opened, KINDS.index(o.kind), -o.change.get("hours_min", 0),
                              o.change.get("adaptation", "")))
    return Openers(len(ps), int(now.sum()), tuple(found))


__all__ = ["KINDS", "Opener", "Openers", "openers"]
