"""Quality measures; the slow tests hold the real default model to the quality bar on the shared
development world and on this folder's second and third worlds (other domains, wording and
regions; world_c has job-ad boilerplate and generic goals)."""
import json

import pytest
from matching_builders import FIXTURES, SHARED, load_json, need, participant, workplace

from matching import HashingEncoder
from matching.quality import _max_in_domain, evaluate_world
from matching.world import World
from tests.conftest import shared_file

DEV_WORLD = SHARED / "matching-dev" / "world.json"
TAXONOMY = SHARED / "data" / "jobtech" / "taxonomy_to_concept.json"
KEYS = {"violations", "capacity_breaches", "conditional_precision", "assigned_share", "optimum_ratio", "hit",
        "random_baseline"}


def test_measures_on_the_second_world_with_a_stand_in_encoder():
    r = evaluate_world(load_json(FIXTURES / "world_b.json"), HashingEncoder())
    assert KEYS <= set(r)
    assert r["violations"] == 0 and r["capacity_breaches"] == 0
    for k in ("conditional_precision", "optimum_ratio", "hit", "random_baseline", "assigned_share"):
        assert 0 <= r[k] <= 1
    assert r["conditional_precision"] > r["random_baseline"]


def test_max_in_domain_respects_slots_and_supervisors():
    needs = (need("n1", workplace_id="w1", free_slots=2), need("n2", workplace_id="w1", free_slots=2))
    people = tuple(participant(f"p{i}") for i in range(4))
    w = World(people, needs, (workplace("w1", 3),), {}, {})
    pairs = [(p.id, n.id) for p in people for n in needs]
    assert _max_in_domain(w, pairs) == 3  # four people, four slots, three supervisors
    assert _max_in_domain(w, [("p0", "n1"), ("p1", "n1")]) == 2


@pytest.fixture(scope="module")
def real_encoder():
    from matching.encoder import CachedEncoder, SentenceTransformerEncoder

    return CachedEncoder(SentenceTransformerEncoder())


WORLDS = {"dev-world": DEV_WORLD, "world-b": FIXTURES / "world_b.json", "world-c": FIXTURES / "world_c.json"}
_RESULTS: dict = {}


def _evaluate(encoder, name: str, with_taxonomy) -> dict:
    """`with_taxonomy`: False, True (the imported JobTech labels) or "snapshot" (the shipped one,
    with occupation recognition)."""
    if (name, with_taxonomy) not in _RESULTS:
        path = WORLDS[name]
        for needed in [path, TAXONOMY] if with_taxonomy is True else [path]:
            if needed.is_relative_to(SHARED):  # skips locally, fails with VTA_REQUIRE_SERVICES=1
                shared_file(str(needed.relative_to(SHARED)))
        world = json.loads(path.read_text(encoding="utf-8"))
        tax = _snapshot() if with_taxonomy == "snapshot" else _taxonomy() if with_taxonomy else None
        _RESULTS[name, with_taxonomy] = evaluate_world(world, encoder, tax)
    return _RESULTS[name, with_taxonomy]


TAXONOMIES = pytest.mark.parametrize("with_taxonomy", [False, True, "snapshot"], ids=["plain", "taxonomy", "snapshot"])


@pytest.mark.slow
@TAXONOMIES
@pytest.mark.parametrize("name", list(WORLDS))
def test_quality_bar_with_the_default_model(real_encoder, name, with_taxonomy):
    r = _evaluate(real_encoder, name, with_taxonomy)
    assert r["violations"] == 0 and r["capacity_breaches"] == 0
    assert r["conditional_precision"] >= 0.85, r  # at most one wrong assignment in a world this small
    assert r["hit"] >= 0.75, r
    assert r["conditional_precision"] > 3 * r["random_baseline"]


@pytest.mark.slow
@TAXONOMIES
def test_mean_quality_over_the_worlds(real_encoder, with_taxonomy):
    # all three at 1.0 when this bar was set (0.87 before); 0.9 leaves room for two wrong assignments
    results = [_evaluate(real_encoder, name, with_taxonomy) for name in WORLDS]
    assert sum(r["conditional_precision"] for r in results) / len(results) >= 0.9, results


_TAX = []


def _taxonomy():
    from matching.taxonomy import Taxonomy

    if not _TAX:
        _TAX.append(Taxonomy.from_jobtech(json.loads(TAXONOMY.read_text(encoding="utf-8"))))
    return _TAX[0]


def _snapshot():
    from vta.services.taxonomy import snapshot_taxonomy

    return snapshot_taxonomy()


REAL_ADS = SHARED / "data" / "real-ads-dev" / "ads.json"


def recognition_accuracy(ads: list[dict], occupations) -> tuple[float, float]:
    """Share of ads whose first recognised group (and field) is the one Arbetsförmedlingen gave."""
    from matching.text import need_occupation_text
    from matching.world import load_world
    from make_world_real import build_world

    world = load_world(build_world(ads))
    truth = {a["ad_id"]: a["occupation_group"]["ssyk"] for a in ads}
    group = field = 0
    for n in world.needs:
        found = occupations.recognise(*need_occupation_text(n))
        expected = truth[n.id[1:]]
        group += bool(found) and found[0].ssyk == expected
        field += bool(found) and found[0].field == occupations.groups[expected][1]
    return group / len(world.needs), field / len(world.needs)


@pytest.mark.slow
def test_real_ads_recognition_and_matching(real_encoder):
    """Real Platsbanken ads (not committed; read from the shared folder): each ad is a need and
    describes a participant (fixtures/make_world_real.py). Bars below the measured figures
    (README), so that a change that loses recognition or precision fails."""
    import sys

    shared_file(str(REAL_ADS.relative_to(SHARED)))  # skips locally, fails with VTA_REQUIRE_SERVICES=1
    sys.path.insert(0, str(FIXTURES))
    from make_world_real import build_world

    ads = json.loads(REAL_ADS.read_text(encoding="utf-8"))
    tax = _snapshot()
    group_acc, field_acc = recognition_accuracy(ads, tax.occupations)
    assert group_acc >= 0.55 and field_acc >= 0.65, (group_acc, field_acc)
    world = build_world(ads)
    by_field = dict(world, truth=world["truth_field"])
    plain, with_snapshot = evaluate_world(by_field, real_encoder), evaluate_world(by_field, real_encoder, tax)
    for r in (plain, with_snapshot):
        assert r["violations"] == 0 and r["capacity_breaches"] == 0
    assert with_snapshot["conditional_precision"] >= 0.45, with_snapshot
    assert with_snapshot["conditional_precision"] > plain["conditional_precision"], (plain, with_snapshot)


@pytest.mark.slow
def test_generated_held_out_worlds(real_encoder):
    """30 generated worlds of 58 trades none of the fixture worlds has, five wording styles
    (fixtures/make_worlds_heldout.py). Bars below the measured figures (README): neither the
    shipped snapshot's occupations nor anything else may cost precision there."""
    import sys

    sys.path.insert(0, str(FIXTURES))
    from make_worlds_heldout import worlds

    for tax in (None, _snapshot()):
        results = [evaluate_world(w, real_encoder, tax) for w in worlds(30)]
        assert all(r["violations"] == 0 and r["capacity_breaches"] == 0 for r in results)
        precision = [r["conditional_precision"] or 0.0 for r in results]
        assert sum(precision) / len(precision) >= 0.97 and min(precision) >= 0.85, precision
