from matching_builders import assert_rule, need, participant


def test_participant_must_cover_the_minimum_hours():
    assert_rule("hours_fit", (participant(hours_max=20), need(hours_min=20)),
                (participant(hours_max=19), need(hours_min=20)))
