"""matching/openers.py: one relaxed rule at a time, counted on the engine's masks."""
from __future__ import annotations

import dataclasses
import random

from matching.constraints import Context, feasible
from matching.model import AdaptationNeed
from matching.openers import openers
from tests.matching.matching_builders import LINKOPING, need, needs_adaptation, participant, workplace


def _summary(result):
    return [(o.kind, o.change, o.opened) for o in result.openers]


def test_each_single_change_and_its_count():
    n = need(driving_licence_required=True, hours_min=20)
    ps = [participant("ok"),
          participant("quiet1", adaptation_needs=needs_adaptation("quiet_environment")),
          participant("quiet2", adaptation_needs=needs_adaptation("quiet_environment")),
          participant("short", hours_max=10),
          participant("shorter", hours_max=5),
          participant("lang", swedish_level="none"),
          participant("car", driving_licence=False),
          participant("two", hours_max=10, adaptation_needs=needs_adaptation("no_customer_contact")),
          participant("far", latitude=LINKOPING[0] + 3, adaptation_needs=needs_adaptation("quiet_environment")),
          participant("noconsent", has_consent=False, hours_max=10),
          participant("placed", in_active_placement=True, swedish_level="none")]
    result = openers(ps, [n], [workplace()])
    assert result.participants == 11 and result.feasible_now == 1
    assert _summary(result) == [  # most opened first; among equals the smaller concession
        ("adaptation", {"adaptation": "quiet_environment"}, 2),  # not "far": distance still holds
        ("hours", {"hours_min": 5}, 2),
        ("hours", {"hours_min": 10}, 1),  # not "two", who also needs no_customer_contact; nor "noconsent"
        ("language_support", {"language_support": True}, 1),  # not "placed"
        ("driving_licence", {"driving_licence_required": False}, 1),
    ]


def test_need_state_is_set_aside_and_rejections_stay():
    n = need(is_open=False, free_slots=0)
    ps = [participant("a", adaptation_needs=needs_adaptation("quiet_environment")),
          participant("b", adaptation_needs=needs_adaptation("quiet_environment"))]
    result = openers(ps, [n], [workplace(capacity=0)], blocked_pairs=[("b", "n1")])
    assert result.feasible_now == 0
    assert _summary(result) == [("adaptation", {"adaptation": "quiet_environment"}, 1)]


def test_a_workplace_counts_each_participant_once():
    n1, n2 = need("n1", hours_min=20), need("n2", hours_min=25, title="Diskare")
    ps = [participant("a", hours_max=15), participant("b", hours_max=22)]
    result = openers(ps, [n1, n2], [workplace()])
    assert result.feasible_now == 1  # b fits n1
    assert _summary(result) == [("hours", {"hours_min": 15}, 1)]


def test_counts_agree_with_the_scalar_rules_on_random_worlds():
    rng = random.Random(7)
    tags = ["quiet_environment", "no_heavy_lifting", "frequent_breaks", "language_support", "reduced_hours"]
    levels = ["none", "basic", "good", "fluent"]
    for _ in range(20):
        ps = [participant(f"p{i}", latitude=LINKOPING[0] + rng.uniform(-0.3, 0.3), hours_max=rng.randint(5, 40),
                          swedish_level=rng.choice(levels), driving_licence=rng.random() < 0.5,
                          adaptation_needs=tuple(AdaptationNeed(t, rng.random() < 0.7)
                                                 for t in rng.sample(tags, rng.randint(0, 2))),
                          has_consent=rng.random() < 0.9)
              for i in range(40)]
        ns = [need(f"n{j}", hours_min=rng.randint(5, 30), swedish_level_required=rng.choice(levels),
                   driving_licence_required=rng.random() < 0.5,
                   adaptations_offered=frozenset(rng.sample(tags, rng.randint(0, 2))))
              for j in range(rng.randint(1, 3))]
        wps = [workplace()]
        blocked = {(f"p{rng.randrange(40)}", "n0") for _ in range(3)}
        result = openers(ps, ns, wps, blocked_pairs=blocked)
        ctx = Context.of(wps, blocked)

        def feasible_people(needs):
            return {p.id for p in ps for n in needs if not feasible(p, n, ctx)}

        now = feasible_people(ns)
        assert result.feasible_now == len(now)
        for o in result.openers:
            if o.kind == "adaptation":
                changed = [dataclasses.replace(n, adaptations_offered=n.adaptations_offered | {o.change["adaptation"]})
                           for n in ns]
            elif o.kind == "hours":
                changed = [dataclasses.replace(n, hours_min=min(n.hours_min, o.change["hours_min"])) for n in ns]
            elif o.kind == "language_support":
                changed = [dataclasses.replace(n, adaptations_offered=n.adaptations_offered | {"language_support"})
                           for n in ns]
            else:
                changed = [dataclasses.replace(n, driving_licence_required=False) for n in ns]
            assert o.opened == len(feasible_people(changed) - now) > 0, o
