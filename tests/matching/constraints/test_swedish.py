from matching_builders import assert_rule, need, participant


def test_level_must_reach_the_requirement():
    assert_rule("swedish_level", (participant(swedish_level="good"), need(swedish_level_required="good")),
                (participant(swedish_level="basic"), need(swedish_level_required="good")))
    assert_rule("swedish_level", (participant(swedish_level="fluent"), need(swedish_level_required="good")),
                (participant(swedish_level="none"), need(swedish_level_required="basic")))


def test_language_support_waives_the_level():
    support = frozenset({"language_support"})
    assert_rule("swedish_level",
                (participant(swedish_level="none"), need(swedish_level_required="fluent", adaptations_offered=support)),
                (participant(swedish_level="none"), need(swedish_level_required="fluent")))


def test_unknown_levels_never_pass_without_support():
    assert_rule("swedish_level", (participant(swedish_level="good"), need(swedish_level_required="basic")),
                (participant(swedish_level="native?"), need(swedish_level_required="none")))
