"""Quality measures; the slow test holds the real default model to the quality bar on the shared
development world and on this folder's second world (other domains, wording and region)."""
import json

import pytest
from matching_builders import FIXTURES, SHARED, load_json, need, participant, workplace

from matching import HashingEncoder
from matching.quality import _max_in_domain, evaluate_world
from matching.world import World

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


@pytest.mark.slow
@pytest.mark.parametrize("with_taxonomy", [False, True], ids=["plain", "taxonomy"])
@pytest.mark.parametrize("world_path", [DEV_WORLD, FIXTURES / "world_b.json"], ids=["dev-world", "world-b"])
def test_quality_bar_with_the_default_model(real_encoder, world_path, with_taxonomy):
    if not world_path.is_file() or (with_taxonomy and not TAXONOMY.is_file()):
        pytest.skip(f"shared folder not found at {SHARED} (expected beside the repo)")
    taxonomy = _taxonomy() if with_taxonomy else None
    r = evaluate_world(json.loads(world_path.read_text(encoding="utf-8")), real_encoder, taxonomy)
    assert r["violations"] == 0 and r["capacity_breaches"] == 0
    assert r["conditional_precision"] >= 0.85, r
    assert r["hit"] >= 0.75, r
    assert r["conditional_precision"] > 3 * r["random_baseline"]


_TAX = []


def _taxonomy():
    from matching.taxonomy import Taxonomy

    if not _TAX:
        _TAX.append(Taxonomy.from_jobtech(json.loads(TAXONOMY.read_text(encoding="utf-8"))))
    return _TAX[0]
