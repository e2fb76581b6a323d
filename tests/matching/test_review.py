"""Learning from review: bounded, and explained in the proposals it changes."""
import json

import pytest
from matching_builders import need, participant, workplace

from matching import HashingEncoder, MatchConfig, match
from matching.occupations import OccupationIndex
from matching.review import COORDINATOR, EMPLOYER, MIN_TOLERANCE, Feedback, Review
from matching.taxonomy import Taxonomy

GROUPS = {"5120": ("Kockar och kallskänkor", "Restaurang"), "9412": ("Restaurang- och köksbiträden", "Restaurang"),
          "4321": ("Lagerpersonal", "Lager")}
TAX = Taxonomy(["Kock", "Köksbiträde", "Lagerarbetare"], occupations=OccupationIndex(
    [("Kock", "5120"), ("Köksbiträde", "9412"), ("Lagerarbetare", "4321")], GROUPS))
CONFIG = MatchConfig(min_score=0, min_relevance=0, assignment_relative_relevance=0)


def _world():
    p = participant("p1", experience="Köksbiträde på en restaurang", skills=("matlagning",), max_travel_km=40.0)
    needs = [need("cook", title="Kock", workplace_id="w1"), need("helper", title="Köksbiträde", workplace_id="w2"),
             need("far", title="Köksbiträde", workplace_id="w3", latitude=58.65)]  # about 27 km north
    return p, needs, [workplace("w1"), workplace("w2"), workplace("w3")]


def _scores(feedback=None):
    p, needs, wps = _world()
    result = match([p], needs, wps, encoder=HashingEncoder(), config=CONFIG, taxonomy=TAX, feedback=feedback)
    return {x.need_id: x for x in result.proposals}


def test_too_far_lowers_the_travel_tolerance_within_bounds():
    before = _scores()
    assert "far" in before
    after = _scores(Feedback([Review("p1", "far", "too_far", COORDINATOR, distance_km=27.0)]))
    assert "far" not in after  # 0.9 x 27 km is below 27 km
    note = after["helper"].explanation["review"][0]
    assert note["effect"] == "travel_tolerance" and note["to_km"] == pytest.approx(24.3)
    p, *_ = _world()
    (lowered,) = Feedback([Review("p1", "x", "too_far", COORDINATOR, distance_km=1.0)]).adjust([p])
    assert lowered.max_travel_km == MIN_TOLERANCE * p.max_travel_km  # never below half of what they said


def test_poor_task_fit_lowers_that_group_for_that_person_and_says_why():
    before = _scores()
    fb = Feedback([Review("p1", "old", "poor_task_fit", COORDINATOR, need_group=("5120", "Kockar och kallskänkor"))])
    after = _scores(fb)
    assert after["cook"].score < before["cook"].score
    assert after["helper"].explanation["components"]["review"]["value"] == 1.0
    cook = after["cook"].explanation
    assert cook["components"]["review"]["value"] == 0.5
    assert "Proposed less often" in cook["review"][0]["text"] and "Kockar" in cook["review"][0]["text"]
    json.dumps(cook)


def test_employer_decline_teaches_about_its_need_and_other_reasons_teach_nothing():
    fb = Feedback([Review("p0", "cook", "skills_mismatch", EMPLOYER, participant_group=("9412", "Köksbiträden"))])
    assert _scores(fb)["cook"].explanation["components"]["review"]["value"] == 0.5
    assert not Feedback([Review("p1", "cook", "hours_mismatch", COORDINATOR, need_group=("5120", "Kockar"))])


def test_components_add_up_to_the_score():
    expl = _scores(Feedback([Review("p1", "old", "poor_task_fit", COORDINATOR, need_group=("5120", "Kock"))]))["cook"].explanation
    assert sum(c["contribution"] for c in expl["components"].values()) == pytest.approx(expl["score"], abs=1e-3)
