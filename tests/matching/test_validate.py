"""validate() must catch every kind of broken result, independently of the solver."""
from dataclasses import replace

import pytest
from matching_builders import need, participant, workplace

from matching import HashingEncoder, MatchConfig, MatchResult, Proposal, match, validate

CFG = MatchConfig(min_score=0.0, min_relevance=0.0, assignment_relative_relevance=0.0)


@pytest.fixture
def world():
    people = [participant("p1"), participant("p2"), participant("p3")]
    needs = [need("n1", free_slots=1), need("n2", workplace_id="w2", free_slots=2)]
    wps = [workplace("w1", 1), workplace("w2", 1)]
    return people, needs, wps


def _prop(p, n, kind="assignment", rank=1, score=0.5):
    return Proposal(p, n, kind, rank, score, {})


def test_a_real_result_is_valid(world):
    result = match(*world, encoder=HashingEncoder(), config=CFG)
    assert result.proposals and validate(result, *world, CFG) == []


@pytest.mark.parametrize("proposals, needle", [
    ([_prop("p1", "n1"), _prop("p2", "n1")], "n1: 2 assignments > 1 free slots"),
    ([_prop("p1", "n2"), _prop("p2", "n2")], "workplace w2: 2 assignments > supervisor capacity 1"),
    ([_prop("p1", "n1"), _prop("p1", "n2")], "participant p1: 2 assignments"),
    ([_prop("p1", "n1", score=0.01)], "outside [min_score, 1]"),
    ([_prop("p1", "n1", score=float("nan"))], "outside [min_score, 1]"),
    ([_prop("p9", "n1")], "unknown participant or need"),
    ([_prop("p1", "n1", kind="maybe")], "unknown kind"),
    ([_prop("p1", "n1", rank=2)], "assignment rank 2"),
    ([_prop("p1", "n1", "alternative", 2)], "alternative ranks [2]"),
    ([_prop("p1", "n1"), _prop("p1", "n1", "alternative", 1)], "proposed twice"),
])
def test_broken_results_are_caught(world, proposals, needle):
    errors = validate(MatchResult(tuple(proposals), {}), *world, replace(CFG, min_score=0.1))
    assert any(needle in e for e in errors), errors


def test_infeasible_and_blocked_pairs_are_caught(world):
    people, needs, wps = world
    people = [replace(people[0], hours_max=1)] + people[1:]
    errors = validate(MatchResult((_prop("p1", "n1"), _prop("p2", "n1", "alternative", 1)), {}), people, needs, wps,
                      CFG, blocked_pairs={("p2", "n1")})
    assert any("p1->n1: breaks hours_fit" in e for e in errors)
    assert any("p2->n1: breaks not_rejected_before" in e for e in errors)


def test_too_many_alternatives_are_caught(world):
    props = tuple(_prop("p1", n, "alternative", r) for r, n in enumerate(["n1", "n2"], 1))
    assert validate(MatchResult(props, {}), *world, replace(CFG, alternatives_per_participant=1))


def test_one_side_rules_and_distances_are_checked_for_every_pair(world):
    """validate checks a participant's own rules once and reuses the answer, and reads distances
    computed for all pairs at once: both must still name the right pairs."""
    people, needs, wps = world
    people = [replace(people[0], has_consent=False), replace(people[1], max_travel_km=1.0)] + people[2:]
    needs = [needs[0], replace(needs[1], is_open=False)]
    props = (_prop("p1", "n1"), _prop("p1", "n2", "alternative", 1), _prop("p2", "n1", "alternative", 1),
             _prop("p3", "n1", "alternative", 1))
    errors = validate(MatchResult(props, {}), people, needs, wps, CFG)
    assert any("p1->n1: breaks participant_consent" in e for e in errors)
    assert any("p1->n2: breaks participant_consent, need_open_with_free_slots" in e for e in errors)
    assert any("p2->n1: breaks within_travel_distance" in e for e in errors)  # 5.6 km away
    assert not any("p3->" in e for e in errors), errors


def test_a_rule_that_says_it_reads_one_side_reads_only_that_side():
    """validate checks a SIDE rule once per participant or need and reuses the answer for every
    pair: a rule that also read the other side would let broken pairs through."""
    import random

    from matching.bench import synthetic_world
    from matching.constraints import RULES, Context

    ps, ns, wps, blocked, *_ = synthetic_world(200, 200, seed=7)
    ctx = Context.of(wps, blocked)
    rng = random.Random(0)
    sided = [r for r in RULES if getattr(r, "SIDE", None)]
    assert {r.SIDE for r in sided} == {"participant", "need"}
    for rule in sided:
        for _ in range(300):
            p, n, other_p, other_n = rng.choice(ps), rng.choice(ns), rng.choice(ps), rng.choice(ns)
            if rule.SIDE == "participant":
                assert rule.check(p, n, ctx) == rule.check(p, other_n, ctx), rule.NAME
            else:
                assert rule.check(p, n, ctx) == rule.check(other_p, n, ctx), rule.NAME
