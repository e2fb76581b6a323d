from matching_builders import assert_rule, need, participant, workplace


def test_rejected_pair_is_never_proposed_again():
    assert_rule("not_rejected_before", (participant("p1"), need("n1"), [workplace()], {("p1", "n2")}),
                (participant("p1"), need("n1"), [workplace()], {("p1", "n1")}))
