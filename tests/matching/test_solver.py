"""Properties of the joint assignment on random small worlds (hypothesis)."""
import itertools
import random
from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_builders import need, participant, workplace

from matching import (
    AdaptationNeed,
    Context,
    HashingEncoder,
    MatchConfig,
    ParticipantIndex,
    feasible,
    match,
    score_need,
    validate,
)
from matching.model import ASSIGNMENT

WORDS = ["lager", "truck", "städning", "kök", "matlagning", "tvätt", "bilar", "butik", "kassa", "odling"]
TAGS = ["quiet_environment", "reduced_hours", "language_support", "no_heavy_lifting"]
TYPES = ["work_training", "employment", "work_practice"]
LEVELS = ["none", "basic", "good", "fluent"]
ENC = HashingEncoder(dim=64)


@st.composite
def worlds(draw):
    n_w = draw(st.integers(1, 3))
    wps = [workplace(f"w{i}", draw(st.integers(0, 3))) for i in range(n_w)]
    needs = []
    for j in range(draw(st.integers(1, 5))):
        needs.append(need(
            f"n{j}", employer_id=f"e{draw(st.integers(0, 2))}", workplace_id=f"w{draw(st.integers(0, n_w))}",
            latitude=58.4 + draw(st.floats(0, 0.3)), longitude=15.6 + draw(st.floats(0, 0.3)),
            title=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))), description="",
            tasks=(), skills=tuple(draw(st.lists(st.sampled_from(WORDS), max_size=2))),
            free_slots=draw(st.integers(0, 3)), hours_min=draw(st.sampled_from([10, 20, 30])),
            placement_types=frozenset(draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2))),
            adaptations_offered=frozenset(draw(st.lists(st.sampled_from(TAGS), max_size=3))),
            swedish_level_required=draw(st.sampled_from(LEVELS)), driving_licence_required=draw(st.booleans()),
            is_open=draw(st.booleans()) or draw(st.booleans()), coordinator_id=draw(st.sampled_from([None, "c1", "c2"]))))
    people = []
    for i in range(draw(st.integers(1, 7))):
        people.append(participant(
            f"p{i}", latitude=58.4 + draw(st.floats(0, 0.3)), longitude=15.6 + draw(st.floats(0, 0.3)),
            max_travel_km=draw(st.sampled_from([5.0, 20.0, 60.0])), hours_max=draw(st.sampled_from([10, 20, 40])),
            placement_types=frozenset(draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2))),
            interests=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3))), experience="", goals="",
            skills=tuple(draw(st.lists(st.sampled_from(WORDS), max_size=2))),
            swedish_level=draw(st.sampled_from(LEVELS)), driving_licence=draw(st.booleans()),
            adaptation_needs=tuple(AdaptationNeed(t, draw(st.booleans()))
                                   for t in draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))),
            excluded_employer_ids=frozenset(draw(st.lists(st.sampled_from(["e0", "e1"]), max_size=1))),
            has_consent=draw(st.booleans()) or draw(st.booleans()), in_active_placement=draw(st.booleans()) and draw(st.booleans()),
            coordinator_id=draw(st.sampled_from([None, "c1", "c2"]))))
    blocked = {(p.id, n.id) for p in people for n in needs if draw(st.integers(0, 5)) == 0}
    config = MatchConfig(min_score=draw(st.sampled_from([0.0, 0.2])), min_relevance=draw(st.sampled_from([0.0, 0.1])),
                         assignment_relative_relevance=draw(st.sampled_from([0.0, 0.75])),
                         top_k=draw(st.integers(1, 6)), alternatives_per_participant=draw(st.integers(0, 3)))
    return people, needs, wps, frozenset(blocked), config


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(worlds())
def test_every_proposal_is_valid_and_feasible(world):
    people, needs, wps, blocked, config = world
    result = match(people, needs, wps, encoder=ENC, config=config, blocked_pairs=blocked)
    assert validate(result, people, needs, wps, config, blocked) == []
    ctx = Context.of(wps, blocked)
    ps, ns = {p.id: p for p in people}, {n.id: n for n in needs}
    for pr in result.proposals:
        assert feasible(ps[pr.participant_id], ns[pr.need_id], ctx) == []
        assert (pr.participant_id, pr.need_id) not in blocked


@SETTINGS
@given(worlds())
def test_capacities_are_never_exceeded(world):
    people, needs, wps, blocked, config = world
    result = match(people, needs, wps, encoder=ENC, config=config, blocked_pairs=blocked)
    assigned = [pr for pr in result.proposals if pr.kind == ASSIGNMENT]
    ns = {n.id: n for n in needs}
    cap = {w.id: w.free_supervisor_capacity for w in wps}
    per_p, per_n, per_w = {}, {}, {}
    for pr in assigned:
        per_p[pr.participant_id] = per_p.get(pr.participant_id, 0) + 1
        per_n[pr.need_id] = per_n.get(pr.need_id, 0) + 1
        w = ns[pr.need_id].workplace_id
        per_w[w] = per_w.get(w, 0) + 1
    assert all(c == 1 for c in per_p.values())
    assert all(c <= ns[n].free_slots for n, c in per_n.items())
    assert all(c <= cap[w] for w, c in per_w.items())
    alts = {}
    for pr in result.proposals:
        if pr.kind != ASSIGNMENT:
            alts.setdefault(pr.participant_id, []).append(pr.rank)
    assert all(sorted(r) == list(range(1, len(r) + 1)) and len(r) <= config.alternatives_per_participant
               for r in alts.values())


@SETTINGS
@given(worlds(), st.randoms(use_true_random=False))
def test_same_input_same_output_in_any_order(world, rnd):
    people, needs, wps, blocked, config = world
    first = match(people, needs, wps, encoder=ENC, config=config, blocked_pairs=blocked)
    shuffled = [list(x) for x in (people, needs, wps)]
    for x in shuffled:
        rnd.shuffle(x)
    again = match(*shuffled, encoder=ENC, config=config, blocked_pairs=set(blocked))
    assert first.proposals == again.proposals  # explanations included


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_assignment_is_optimal(world):
    """The flow's total score equals a brute-force optimum over all feasible pairs (no top-k
    cut, no relative gate): slots, supervisor capacity and one need per participant."""
    people, needs, wps, blocked, config = world
    config = replace(config, top_k=len(needs) + 1, assignment_relative_relevance=0.0)
    index = ParticipantIndex.build(people, encoder=ENC)
    result = match(people, needs, wps, encoder=ENC, config=config, blocked_pairs=blocked, index=index)
    got = sum(pr.score for pr in result.proposals if pr.kind == ASSIGNMENT)
    # every pair's score, via score_need on the same index (same centring as the run)
    score = {}
    for n in needs:
        for c in score_need(n, index, workplaces=wps, encoder=ENC, config=config, blocked_pairs=blocked, limit=100):
            score[(c.participant_id, n.id)] = c.score
    options = [[None] + [n for n in needs if (p.id, n.id) in score] for p in people]
    cap = {w.id: w.free_supervisor_capacity for w in wps}
    best = 0.0
    for choice in itertools.product(*options):
        chosen = [(p, n) for p, n in zip(people, choice) if n is not None]
        if any(sum(1 for _, m in chosen if m is n) > n.free_slots for n in needs):
            continue
        if any(sum(1 for _, m in chosen if m.workplace_id == w) > c for w, c in cap.items()):
            continue
        best = max(best, sum(score[(p.id, n.id)] for p, n in chosen))
    assert abs(got - best) < 1e-4 * max(1, len(people))  # integer costs round scores at 1e-6


def test_score_need_matches_the_run():
    rng = random.Random(3)
    people = [participant(f"p{i}", interests=" ".join(rng.sample(WORDS, 3)), max_travel_km=60) for i in range(12)]
    # enough needs for need-side damping: score_need must reuse the run's, not estimate its own
    needs = [need(f"n{j}", workplace_id="w1", title=" ".join(rng.sample(WORDS, 2)), free_slots=5,
                  description="Vi erbjuder kollektivavtal.") for j in range(12)]
    wps = [workplace("w1", 10)]
    config = MatchConfig(min_score=0, min_relevance=0, top_k=12, alternatives_per_participant=12)
    index = ParticipantIndex.build(people, encoder=ENC)
    result = match(people, needs, wps, encoder=ENC, config=config, index=index)
    assert index.need_damping  # "kollektivavtal" in every need
    seen = {(pr.participant_id, pr.need_id): pr.score for pr in result.proposals}
    for n in needs:
        for c in score_need(n, index, workplaces=wps, encoder=ENC, config=config, limit=100):
            assert np.isclose(seen[(c.participant_id, n.id)], c.score)
