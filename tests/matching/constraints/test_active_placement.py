from matching_builders import assert_rule, need, participant


def test_participant_in_an_active_placement_is_not_proposed():
    assert_rule("participant_not_placed", (participant(in_active_placement=False), need()),
                (participant(in_active_placement=True), need()))
