from matching_builders import assert_rule, need, participant


def test_placement_types_must_intersect():
    assert_rule("placement_type_shared",
                (participant(placement_types=frozenset({"employment", "work_practice"})),
                 need(placement_types=frozenset({"employment"}))),
                (participant(placement_types=frozenset({"work_practice"})),
                 need(placement_types=frozenset({"employment", "subsidised_employment"}))))


def test_empty_types_never_intersect():
    assert_rule("placement_type_shared", (participant(), need()),
                (participant(placement_types=frozenset()), need()))
