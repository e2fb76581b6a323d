from matching_builders import assert_rule, need, participant


def test_participant_needs_an_active_consent():
    assert_rule("participant_consent", (participant(has_consent=True), need()),
                (participant(has_consent=False), need()))
