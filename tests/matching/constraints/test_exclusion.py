from matching_builders import assert_rule, need, participant


def test_excluded_employer_is_never_proposed():
    assert_rule("employer_not_excluded",
                (participant(excluded_employer_ids=frozenset({"other"})), need(employer_id="e1")),
                (participant(excluded_employer_ids=frozenset({"other", "e1"})), need(employer_id="e1")))
