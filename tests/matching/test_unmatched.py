"""Why a participant got no proposal: the rule that excluded how many needs, or no fit."""
import json

from matching_builders import need, participant, workplace

from matching import HashingEncoder, MatchConfig, match


def _unmatched(people, needs, config=MatchConfig()):
    wps = {n.workplace_id for n in needs}
    result = match(people, needs, [workplace(w) for w in wps], encoder=HashingEncoder(), config=config)
    json.dumps(result.unmatched)
    return {u["participant_id"]: u for u in result.unmatched}, result


def test_each_unmatched_participant_says_which_rules_excluded_how_many_needs():
    needs = [need("n1", workplace_id="w1"), need("n2", workplace_id="w2", hours_min=35),
             need("n3", workplace_id="w3", latitude=60.0)]
    people = [participant("far", max_travel_km=1.0, hours_max=30), participant("ok"),
              participant("no-consent", has_consent=False)]
    got, result = _unmatched(people, needs)
    assert "ok" in {p.participant_id for p in result.proposals} and "ok" not in got
    far = got["far"]
    assert far["reason"] == "no_feasible_need" and far["feasible_needs"] == 0
    # n2 counts under hours (checked before distance), n1 and n3 under distance: each need once
    assert far["excluded_by"] == {"hours_fit": 1, "within_travel_distance": 2}
    assert "excluded" in far["text"]
    assert got["no-consent"]["reason"] == "not_eligible"
    assert result.stats["unmatched"] == 2


def test_a_feasible_but_unrelated_need_is_below_the_minimum_fit():
    people = [participant("p", interests="Jag älskar att måla tavlor.", experience="Konstnär.", skills=("akvarell",))]
    needs = [need("n", title="Svetsare", description="Svetsning av stål.", tasks=(), skills=("MIG-svets",))]
    got, _ = _unmatched(people, needs, MatchConfig(min_relevance=0.9))
    assert got["p"]["reason"] == "below_minimum_fit" and got["p"]["feasible_needs"] == 1
    assert "minimum 0.90" in got["p"]["text"]


def test_needs_taken_by_others():
    needs = [need("n1", workplace_id="w1", free_slots=1)]
    got, result = _unmatched([participant("a"), participant("b")], needs,
                             MatchConfig(alternatives_per_participant=0))
    assert len(result.proposals) == 1
    (left,) = got.values()
    assert left["reason"] == "fitting_needs_taken"
