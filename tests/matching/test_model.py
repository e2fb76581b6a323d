import pytest
from matching_builders import participant

from matching import AdaptationNeed, MatchConfig


def test_required_and_preferred_tags():
    p = participant(adaptation_needs=(AdaptationNeed("quiet_environment", True), AdaptationNeed("reduced_hours", False),
                                      AdaptationNeed("quiet_environment", False)))
    assert p.required_tags == {"quiet_environment"}
    assert p.preferred_tags == {"reduced_hours"}  # listed both ways: required wins


def test_participants_are_hashable_and_compare_by_fields():
    assert participant() == participant() and hash(participant()) == hash(participant())
    assert participant() != participant(hours_max=1)


@pytest.mark.parametrize("kw", [dict(w_semantic=-1), dict(w_semantic=0, w_terms=0, w_adaptations=0, w_distance=0,
                                                                 w_continuity=0, w_occupation=0, w_review=0), dict(top_k=0),
                                dict(alternatives_per_participant=-1), dict(semantic_floor=0.5, semantic_ceiling=0.5),
                                dict(terms_ceiling=0)])
def test_config_rejects_nonsense(kw):
    with pytest.raises(ValueError):
        MatchConfig(**kw)


def test_weight_sum():
    assert MatchConfig(w_semantic=1, w_terms=1, w_adaptations=1, w_distance=1, w_continuity=1,
                       w_occupation=1, w_review=1).weight_sum == 7
