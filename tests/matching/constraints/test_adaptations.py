from matching_builders import assert_rule, need, needs_adaptation, participant

from matching import AdaptationNeed


def test_required_adaptations_must_all_be_offered():
    offered = frozenset({"quiet_environment", "reduced_hours"})
    both = (AdaptationNeed("quiet_environment", True), AdaptationNeed("reduced_hours", True))
    assert_rule("required_adaptations_offered",
                (participant(adaptation_needs=both), need(adaptations_offered=offered)),
                (participant(adaptation_needs=both + needs_adaptation("no_heavy_lifting")),
                 need(adaptations_offered=offered)))


def test_preferred_adaptations_are_not_a_hard_rule():
    assert_rule("required_adaptations_offered",
                (participant(adaptation_needs=needs_adaptation("no_heavy_lifting", required=False)), need()),
                (participant(adaptation_needs=needs_adaptation("no_heavy_lifting", required=True)), need()))


def test_more_than_64_tags_still_checked():
    # tag vocabularies beyond one 64-bit word use several words
    many = frozenset(f"tag_{i}" for i in range(100))
    assert_rule("required_adaptations_offered",
                (participant(adaptation_needs=needs_adaptation("tag_99")), need(adaptations_offered=many)),
                (participant(adaptation_needs=needs_adaptation("tag_99")),
                 need(adaptations_offered=many - {"tag_99"})))
