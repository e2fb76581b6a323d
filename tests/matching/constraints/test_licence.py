from matching_builders import assert_rule, need, participant


def test_licence_required_only_when_the_need_says_so():
    assert_rule("driving_licence", (participant(driving_licence=False), need(driving_licence_required=False)),
                (participant(driving_licence=False), need(driving_licence_required=True)))
    assert_rule("driving_licence", (participant(driving_licence=True), need(driving_licence_required=True)),
                (participant(driving_licence=False), need(driving_licence_required=True)))
