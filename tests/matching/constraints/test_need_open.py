from matching_builders import assert_rule, need, participant


def test_need_must_be_open():
    assert_rule("need_open_with_free_slots", (participant(), need(is_open=True)), (participant(), need(is_open=False)))


def test_need_must_have_a_free_slot():
    assert_rule("need_open_with_free_slots", (participant(), need(free_slots=1)), (participant(), need(free_slots=0)))
