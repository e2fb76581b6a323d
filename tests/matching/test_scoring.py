"""Each score component: its value function, and its effect through the engine (two needs that
differ only in that component must rank the better one first)."""
from dataclasses import replace

import numpy as np
import pytest
from matching_builders import need, participant, workplace

from matching import AdaptationNeed, MatchConfig, match, scoring

CFG = MatchConfig()


def test_semantic_value_maps_floor_and_ceiling():
    assert scoring.semantic_value(CFG.semantic_floor, CFG) == 0
    assert scoring.semantic_value(CFG.semantic_ceiling, CFG) == 1
    assert scoring.semantic_value(-0.9, CFG) == 0 and scoring.semantic_value(0.99, CFG) == 1
    mid = (CFG.semantic_floor + CFG.semantic_ceiling) / 2
    assert scoring.semantic_value(mid, CFG) == pytest.approx(0.5)


def test_terms_value_saturates_at_ceiling():
    assert scoring.terms_value(0.0, CFG) == 0
    assert scoring.terms_value(CFG.terms_ceiling / 2, CFG) == pytest.approx(0.5)
    assert scoring.terms_value(0.9, CFG) == 1


def test_adaptations_value_is_share_of_preferences_met():
    assert scoring.adaptations_value(frozenset({"a", "b"}), frozenset({"a", "c"})) == 0.5
    assert scoring.adaptations_value(frozenset({"a"}), frozenset()) == 0
    assert scoring.adaptations_value(frozenset(), frozenset()) == 1  # nothing asked: nothing missing


def test_distance_value_prefers_closer():
    assert scoring.distance_value(0.0, 20.0) == 1
    assert scoring.distance_value(10.0, 20.0) == 0.5
    assert scoring.distance_value(20.0, 20.0) == 0
    assert np.allclose(scoring.distance_value(np.array([0.0, 5.0]), np.array([10.0, 10.0])), [1, 0.5])


def test_continuity_value_needs_the_same_known_coordinator():
    assert scoring.continuity_value("c1", "c1") == 1
    assert scoring.continuity_value("c1", "c2") == 0
    assert scoring.continuity_value(None, None) == 0


def test_total_is_a_weighted_mean_in_unit_range():
    values = {"semantic": 1.0, "terms": 0.5, "adaptations": 1.0, "distance": 0.0, "continuity": 0.0,
              "occupation": 1.0, "review": 1.0}
    cfg = MatchConfig(w_semantic=1, w_terms=1, w_adaptations=0, w_distance=2, w_continuity=0, w_occupation=1,
                      w_review=0)
    assert scoring.total(values, cfg) == pytest.approx((1 + 0.5 + 1) / 5)
    assert scoring.relevance(1.0, 0.5, cfg, 1.0) == pytest.approx(2.5 / 3)


def test_occupation_value_same_group_above_same_field_above_none():
    assert scoring.occupation_value(1.0, 1.0) == 1.0
    assert scoring.occupation_value(0.0, 1.0) == scoring.FIELD_VALUE
    assert scoring.occupation_value(0.0, 0.0) == 0.0
    assert scoring.occupation_value(np.array([1.0, 0.0]), np.array([1.0, 1.0])).tolist() == [1.0, 0.5]
    # nothing recognised on one side: neither like nor unlike
    assert scoring.occupation_value(0.0, 0.0, 0.0) == scoring.UNKNOWN_VALUE
    assert scoring.occupation_value(1.0, 1.0, 0.5) == pytest.approx(0.5 + 0.5 * scoring.UNKNOWN_VALUE)


def _ranking(p, needs, config=MatchConfig(min_score=0, min_relevance=0, assignment_relative_relevance=0),
             encoder=None):
    from matching import HashingEncoder

    wps = [workplace(n.workplace_id) for n in needs]
    result = match([p], needs, wps, encoder=encoder or HashingEncoder(), config=config)
    ordered = sorted(result.proposals, key=lambda x: -x.score)
    return [x.need_id for x in ordered], {x.need_id: x for x in result.proposals}


def test_closer_workplace_scores_higher():
    ids, props = _ranking(participant(max_travel_km=50),
                          [need("near", workplace_id="w1", latitude=58.42), need("far", workplace_id="w2", latitude=58.7)])
    assert ids[0] == "near"
    assert props["near"].explanation["components"]["distance"]["value"] > props["far"].explanation["components"]["distance"]["value"]


def test_same_coordinator_scores_higher():
    ids, _ = _ranking(participant(coordinator_id="c1"),
                      [need("a", workplace_id="w1", coordinator_id="c2"), need("b", workplace_id="w2", coordinator_id="c1")])
    assert ids[0] == "b"


def test_preferred_adaptation_met_scores_higher():
    p = participant(adaptation_needs=(AdaptationNeed("quiet_environment", False),))
    ids, props = _ranking(p, [need("a", workplace_id="w1"),
                              need("b", workplace_id="w2", adaptations_offered=frozenset({"quiet_environment"}))])
    assert ids[0] == "b"
    assert props["b"].explanation["adaptations"]["preferred_met"] == ["quiet_environment"]
    assert props["a"].explanation["adaptations"]["preferred_unmet"] == ["quiet_environment"]


def test_term_evidence_scores_higher():
    cfg = MatchConfig(w_semantic=0, min_score=0, min_relevance=0, assignment_relative_relevance=0)
    p = participant(interests="Jag har packat beställningar på ett lager.", skills=("truck",))
    ids, props = _ranking(p, [need("a", workplace_id="w1", title="Lagerarbetare", skills=("Truckkort",)),
                              need("b", workplace_id="w2", title="Frisör", skills=("Hårvård",))], cfg)
    assert ids[0] == "a" and props["a"].explanation["components"]["terms"]["value"] > 0


class Axes:
    """Texts mapped to fixed directions: the semantic component alone decides."""

    model_id = "axes"

    def encode(self, texts):
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0 if "alpha" in t else 1] = 1.0
        return out


def test_semantic_similarity_scores_higher():
    cfg = MatchConfig(w_terms=0, min_score=0, min_relevance=0, assignment_relative_relevance=0)
    p = participant(interests="alpha", experience="", goals="", skills=())
    ids, props = _ranking(p, [need("a", workplace_id="w1", title="beta", description="", tasks=(), skills=()),
                              need("b", workplace_id="w2", title="alpha", description="", tasks=(), skills=())],
                          cfg, encoder=Axes())
    assert ids[0] == "b"
    assert props["b"].explanation["semantic_cosine"] > props["a"].explanation["semantic_cosine"]


def test_weights_change_the_order():
    # the same pair of needs ranks the other way when distance outweighs continuity
    p = participant(coordinator_id="c1", max_travel_km=50)
    needs = [need("near", workplace_id="w1", latitude=58.42), need("mine", workplace_id="w2", latitude=58.7, coordinator_id="c1")]
    by_distance = MatchConfig(w_distance=1, w_continuity=0.01, min_score=0, min_relevance=0, assignment_relative_relevance=0)
    by_continuity = MatchConfig(w_distance=0.01, w_continuity=1, min_score=0, min_relevance=0, assignment_relative_relevance=0)
    assert _ranking(p, needs, by_distance)[0][0] == "near"
    assert _ranking(p, needs, by_continuity)[0][0] == "mine"


def test_min_score_and_relevance_filter_proposals():
    p = participant(interests="alpha", experience="", goals="", skills=())
    needs = [need("b", title="beta", description="", tasks=(), skills=())]
    none_pass = MatchConfig(min_score=0.99)
    assert _ranking(p, needs, none_pass)[0] == []
    irrelevant = MatchConfig(min_score=0, min_relevance=0.5, assignment_relative_relevance=0)
    assert _ranking(p, needs, irrelevant, encoder=Axes())[0] == []


def test_an_unrecognised_occupation_is_no_evidence_of_relevance():
    cfg = MatchConfig()
    plain = replace(cfg, w_occupation=0.0)
    # nothing recognised on one side: judged by semantic and terms alone, as without a taxonomy
    unknown = scoring.occupation_value(0.0, 0.0, 0.0)
    assert scoring.relevance(0.5, 0.1, cfg, unknown, 0.0) == pytest.approx(scoring.relevance(0.5, 0.1, plain))
    # recognised: the same group lifts relevance, another field lowers it
    assert scoring.relevance(0.5, 0.1, cfg, 1.0, 1.0) > scoring.relevance(0.5, 0.1, plain) > \
        scoring.relevance(0.5, 0.1, cfg, 0.0, 1.0)
