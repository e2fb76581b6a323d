"""The same data gives the same proposals, scores, explanations and unmatched reasons in every
process. Python salts its string hashes per process (PYTHONHASHSEED), so a set of strings, or a
dict filled from one, is iterated in another order in each; a float sum or a tie taken in that
order changes the results in the last bits, and a rounding (a confidence, a best fit) can then
carry that into what a coordinator sees.

The world is the benchmark's synthetic one, with the shipped taxonomy and some review feedback,
plus participants whose occupation texts sum their evidence to a value on a rounding boundary
(found in larger synthetic worlds): an order-dependent sum shows there."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ("0", "1")

# (skills, experience): recognised as several occupation groups whose evidence totals a round
# number only in exact arithmetic
BOUNDARY_TEXTS = (
    (("tacka", "akademiker", "eddie"), "sånger kopplingen perfekta"),
    (("komiker", "grabben", "väll"), "less framtiden utvecklare"),
    (("driver", "skämmas", "driva"), "miljard kopplingar generellt"),
    (("lagom", "driver", "kopplingar"), "konkret önskat miljard"),
    (("omvärlden", "tidpunkt", "utvecklare"), "fixa komiker inser"),
    (("hälften", "kopplingar", "fartyg"), "driver förlorare önskat"),
    (("ringt", "komiker", "utvecklare"), "tillåter såldes älska"),
    (("driver", "hälften", "konsekvenser"), "laddade kopplingar generellt"),
    (("inbrott", "driver", "stämma"), "bistånd driver kopplingar"),
    (("stämma", "driver", "parkering"), "driva kopplingar stämma"),
    (("kopplingar", "laddade", "driver"), "stämma inbrott knäpp"),
    (("christer", "komiker", "inkomst"), "less utvecklare såldes"),
    (("komiker", "utvecklare", "grabben"), "behandlas tillåter fixa"),
    (("driver", "kopplingar", "händelse"), "kommenterar driver pratade"),
    (("komiker", "inkomst", "grabben"), "lejon fixa utvecklare"),
    (("älska", "komiker", "lejon"), "hamburgare traditionellt utvecklare"),
    (("stack", "utvecklare", "älska"), "komiker stack älska"),
)


def outcome() -> dict:
    """Everything a run shows, for one world (run in a child process)."""
    from matching import MatchConfig
    from matching.bench import NoEncoder, OneVector, TYPES, _feedback, synthetic_world
    from matching.engine import ParticipantIndex, match, score_need
    from matching.taxonomy import Taxonomy
    from vta.reference.jobtech import snapshot_data

    ps, ns, wps, blocked, p_vec, n_vec = synthetic_world(240, 120, seed=2)
    # the boundary texts on participants who may take most needs, so that they get proposals
    texts = dict(enumerate(BOUNDARY_TEXTS))
    ps = tuple(dataclasses.replace(
        p, skills=texts[i][0], experience=texts[i][1], placement_types=frozenset(TYPES), max_travel_km=80.0,
        hours_max=40, swedish_level="fluent", driving_licence=True, adaptation_needs=(), has_consent=True,
        in_active_placement=False) if i in texts else p for i, p in enumerate(ps))
    snapshot = snapshot_data()
    taxonomy = Taxonomy.from_snapshot(snapshot)
    feedback = _feedback(ps, ns, sorted(snapshot["groups"]), 2)
    index = ParticipantIndex.build(ps, encoder=NoEncoder(), embeddings=p_vec, taxonomy=taxonomy)
    out = {}
    for name, config in (("default", MatchConfig()),
                         ("permissive", MatchConfig(min_score=0.0, min_relevance=0.0,
                                                    assignment_relative_relevance=0.0))):
        result = match(ps, ns, wps, encoder=NoEncoder(), config=config, blocked_pairs=blocked, index=index,
                       need_embeddings=n_vec, taxonomy=taxonomy, feedback=feedback)
        out[name] = {"proposals": [[p.participant_id, p.need_id, p.kind, p.rank, p.score] for p in result.proposals],
                     "explanations": [p.explanation for p in result.proposals],
                     "unmatched": list(result.unmatched)}
    added = dataclasses.replace(ns[0], id="added")
    out["score_need"] = [[c.participant_id, c.score, c.explanation] for c in score_need(
        added, index, workplaces=wps, encoder=OneVector(n_vec[0]), blocked_pairs=blocked, taxonomy=taxonomy)]
    return out


def _run(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _first_difference(a, b, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only on one side"
            found = _first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
    elif a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


def test_results_do_not_depend_on_the_process_hash_seed():
    runs = {seed: _run(seed) for seed in SEEDS}
    first = runs[SEEDS[0]]
    # the world is one where there is something to compare
    assert first["default"]["proposals"] and first["default"]["unmatched"] and first["score_need"]
    assert any(e.get("occupation", {}).get("participant") for e in first["permissive"]["explanations"])
    for seed in SEEDS[1:]:
        diff = _first_difference(first, runs[seed])
        assert diff is None, f"PYTHONHASHSEED {SEEDS[0]} and {seed} differ at {diff}"


if __name__ == "__main__":
    sys.stdout.write(json.dumps(outcome()))
