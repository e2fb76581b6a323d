"""Builders for the matching tests: one feasible base pair that each test bends in one way."""
from __future__ import annotations

import json
from pathlib import Path

from matching import AdaptationNeed, Need, Participant, Task, Workplace

# the repo's parent folder holds shared/ (this file is tests/matching/...: parents[3] is /work)
SHARED = Path(__file__).resolve().parents[3] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LINKOPING = (58.4108, 15.6214)


def participant(id: str = "p1", **kw) -> Participant:
    base = dict(
        id=id, latitude=LINKOPING[0], longitude=LINKOPING[1], max_travel_km=30.0, hours_max=30,
        placement_types=frozenset({"work_training"}), goals="Vill arbeta med händerna.",
        interests="Jag tycker om att laga mat och baka bröd.", experience="Har hjälpt till i ett skolkök.",
        skills=("matlagning",), swedish_level="good", driving_licence=True, adaptation_needs=(),
        excluded_employer_ids=frozenset(), has_consent=True, in_active_placement=False, coordinator_id=None)
    base.update(kw)
    return Participant(**base)


def need(id: str = "n1", **kw) -> Need:
    base = dict(
        id=id, employer_id="e1", workplace_id="w1", latitude=LINKOPING[0] + 0.05, longitude=LINKOPING[1],
        title="Köksbiträde", description="Restaurangkök som lagar lunch.",
        tasks=(Task("Skala grönsaker"), Task("Diska")), free_slots=1, hours_min=20, hours_max=40,
        placement_types=frozenset({"work_training", "employment"}),
        adaptations_offered=frozenset({"mentor_supervisor", "written_instructions"}), skills=("Matlagning",),
        swedish_level_required="basic", driving_licence_required=False, is_open=True, coordinator_id=None)
    base.update(kw)
    return Need(**base)


def workplace(id: str = "w1", capacity: int = 3) -> Workplace:
    return Workplace(id, capacity)


def needs_adaptation(tag: str, required: bool = True) -> tuple[AdaptationNeed, ...]:
    return (AdaptationNeed(tag, required),)


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def rule_verdicts(rule_name: str, p: Participant, n: Need, workplaces=(), blocked=()) -> tuple[bool, bool, bool]:
    """(scalar check, vectorised mask, engine proposes) for one rule on one pair."""
    import numpy as np

    from matching import MatchConfig, match
    from matching.constraints import RULES, Context
    from matching.encoder import HashingEncoder
    from matching.engine import ParticipantIndex, _blocked_arrays, _prepare_needs
    from matching.features import Chunk

    workplaces = tuple(workplaces) or (workplace(n.workplace_id),)
    ctx = Context.of(workplaces, blocked)
    rule = next(r for r in RULES if r.NAME == rule_name)
    scalar = rule.check(p, n, ctx)
    enc = HashingEncoder()
    index = ParticipantIndex.build([p], encoder=enc)
    prepared = _prepare_needs(index, [n], {w.id: w for w in workplaces}, enc, None)
    chunk = Chunk(index.block, np.array([0]), prepared.block, _blocked_arrays(index, [n], ctx.blocked_pairs))
    vector = bool(np.broadcast_to(rule.mask(chunk), (1, 1))[0, 0])
    config = MatchConfig(min_score=0.0, min_relevance=0.0, assignment_relative_relevance=0.0)
    result = match([p], [n], workplaces, encoder=enc, config=config, blocked_pairs=blocked)
    return scalar, vector, bool(result.proposals)


def assert_rule(rule_name: str, ok: tuple, broken: tuple) -> None:
    """The rule passes `ok` (and the engine proposes it) and fails `broken` on both paths, and
    then the engine proposes nothing. Each tuple: (participant, need[, workplaces[, blocked]])."""
    from matching.constraints import Context, feasible

    for pair, expected in ((ok, True), (broken, False)):
        p, n, *rest = pair
        wps = tuple(rest[0]) if rest and rest[0] else (workplace(n.workplace_id),)
        blocked = rest[1] if len(rest) > 1 else ()
        assert rule_verdicts(rule_name, p, n, wps, blocked) == (expected, expected, expected), (rule_name, pair)
        failed = feasible(p, n, Context.of(wps, blocked))
        assert failed == ([] if expected else [rule_name])
