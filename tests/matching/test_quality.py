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


def _evaluate(encoder, name: str, with_taxonomy: bool) -> dict:
    if (name, with_taxonomy) not in _RESULTS:
        path = WORLDS[name]
        for needed in [path, TAXONOMY] if with_taxonomy else [path]:
            if needed.is_relative_to(SHARED):  # skips locally, fails with VTA_REQUIRE_SERVICES=1
                shared_file(str(needed.relative_to(SHARED)))
        world = json.loads(path.read_text(encoding="utf-8"))
        _RESULTS[name, with_taxonomy] = evaluate_world(world, encoder, _taxonomy() if with_taxonomy else None)
    return _RESULTS[name, with_taxonomy]


@pytest.mark.slow
@pytest.mark.parametrize("with_taxonomy", [False, True], ids=["plain", "taxonomy"])
@pytest.mark.parametrize("name", list(WORLDS))
def test_quality_bar_with_the_default_model(real_encoder, name, with_taxonomy):
    r = _evaluate(real_encoder, name, with_taxonomy)
    assert r["violations"] == 0 and r["capacity_breaches"] == 0
    assert r["conditional_precision"] >= 0.85, r  # at most one wrong assignment in a world this small
    assert r["hit"] >= 0.75, r
    assert r["conditional_precision"] > 3 * r["random_baseline"]


@pytest.mark.slow
@pytest.mark.parametrize("with_taxonomy", [False, True], ids=["plain", "taxonomy"])
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
