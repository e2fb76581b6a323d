from matching_builders import assert_rule, need, participant, workplace


def test_workplace_needs_free_supervisor_capacity():
    assert_rule("supervisor_capacity", (participant(), need(), [workplace("w1", 1)]),
                (participant(), need(), [workplace("w1", 0)]))


def test_unknown_workplace_has_no_capacity():
    assert_rule("supervisor_capacity", (participant(), need(workplace_id="w1"), [workplace("w1", 2)]),
                (participant(), need(workplace_id="w1"), [workplace("elsewhere", 2)]))
