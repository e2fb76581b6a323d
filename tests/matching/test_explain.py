import json

import pytest
from haversine import haversine
from matching_builders import need, participant, workplace

from matching import RULE_NAMES, AdaptationNeed, HashingEncoder, MatchConfig, match
from matching.scoring import COMPONENTS


@pytest.fixture
def proposal():
    p = participant(interests="Har jobbat på ett lager och kört truck.", coordinator_id="c1",
                    adaptation_needs=(AdaptationNeed("mentor_supervisor", True), AdaptationNeed("quiet_environment", False),
                                      AdaptationNeed("written_instructions", False)))
    n = need(title="Lagerarbetare", skills=("Truckkort",), coordinator_id="c1")
    result = match([p], [n], [workplace()], encoder=HashingEncoder(), config=MatchConfig(min_score=0, min_relevance=0))
    (pr,) = result.proposals
    return p, n, pr


def test_explanation_is_json_and_complete(proposal):
    p, n, pr = proposal
    e = json.loads(json.dumps(pr.explanation))
    assert e == pr.explanation
    assert set(e["components"]) == set(COMPONENTS)
    assert e["constraints_checked"] == list(RULE_NAMES)
    assert e["score"] == pytest.approx(pr.score, abs=1e-4)


def test_contributions_add_up_to_the_score(proposal):
    _, _, pr = proposal
    comps = pr.explanation["components"]
    assert sum(c["contribution"] for c in comps.values()) == pytest.approx(pr.score, abs=5e-4)
    for c in comps.values():
        assert 0 <= c["value"] <= 1


def test_explanation_names_terms_adaptations_distance_and_coordinator(proposal):
    p, n, pr = proposal
    e = pr.explanation
    assert {"participant": "lager", "need": "lagerarbetare"}.items() <= e["matched_terms"][0].items() or any(
        m["participant"] == "lager" for m in e["matched_terms"])
    assert any(m["participant"] == "truck" for m in e["matched_terms"])
    assert e["adaptations"]["required_met"] == ["mentor_supervisor"]
    assert e["adaptations"]["preferred_met"] == ["written_instructions"]
    assert e["adaptations"]["preferred_unmet"] == ["quiet_environment"]
    assert e["distance_km"] == pytest.approx(haversine((p.latitude, p.longitude), (n.latitude, n.longitude)), abs=0.01)
    assert e["same_coordinator"] is True and e["components"]["continuity"]["value"] == 1
