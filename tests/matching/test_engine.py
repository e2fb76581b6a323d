import gc
import json

import numpy as np
import pytest
from matching_builders import FIXTURES, load_json, need, participant, workplace

import matching.engine as engine
from matching import EngineError, HashingEncoder, MatchConfig, ParticipantIndex, match, score_need, scoring
from matching.bench import NoEncoder, synthetic_world
from matching.candidates import Arcs
from matching.constraints import feasible_mask
from matching.explain import MAX_TERMS, explanation
from matching.features import Chunk
from matching.taxonomy import Taxonomy
from matching.world import load_world


class Counting:
    model_id = "counting"

    def __init__(self):
        self.texts: list[str] = []
        self.inner = HashingEncoder(dim=64)

    def encode(self, texts):
        self.texts += texts
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def world_b():
    return load_world(load_json(FIXTURES / "world_b.json"))


def test_match_on_a_world(world_b):
    w = world_b
    result = match(w.participants, w.needs, w.workplaces, encoder=HashingEncoder())
    kinds = {p.kind for p in result.proposals}
    assert kinds <= {"assignment", "alternative"} and "assignment" in kinds
    assert result.stats["participants"] == 30 and result.stats["needs"] == 12
    assert result.stats["assignments"] == len(result.assignments())
    assert set(result.stats["seconds"]) >= {"score", "solve", "explain", "validate", "total"}


def test_progress_is_reported_in_order(world_b):
    w = world_b
    seen = []
    match(w.participants, w.needs, w.workplaces, encoder=HashingEncoder(), config=MatchConfig(chunk_elements=24),
          progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0 <= x <= 1 for x in seen)
    assert len(seen) > 10  # per chunk, not only per stage


def test_progress_moves_while_a_large_world_is_encoded(monkeypatch):
    """Encoding dominates a large run: progress must move during it, not sit at 0 for minutes."""
    monkeypatch.setattr(engine, "ENCODE_CHUNK", 4)
    people = [participant(f"p{i}", goals=f"arbete {i}") for i in range(10)]
    enc, seen = Counting(), []
    match(people, [need("n1")], [workplace("w1")], encoder=enc, progress=seen.append)
    during = [x for x in seen if 0 < x < 0.15]
    assert len(during) >= 2 and during == sorted(during), seen
    assert len(enc.texts) == 11  # each text encoded once, in chunks


def test_a_progress_callback_that_raises_stops_encoding_within_one_chunk(monkeypatch):
    """How a stopped match run ends its engine thread: its progress callback raises."""
    monkeypatch.setattr(engine, "ENCODE_CHUNK", 4)
    people = [participant(f"p{i}", goals=f"arbete {i}") for i in range(12)]
    enc = Counting()

    class Stopped(Exception):
        pass

    def progress(x):
        if len(enc.texts) >= 8:  # the budget runs out after the second chunk
            raise Stopped

    with pytest.raises(Stopped):
        match(people, [need("n1")], [workplace("w1")], encoder=enc, progress=progress)
    assert len(enc.texts) == 8  # two chunks of 4, not the other 4 texts


def test_index_and_need_vectors_skip_encoding(world_b):
    w = world_b
    enc = Counting()
    index = ParticipantIndex.build(w.participants, encoder=enc)
    assert len(enc.texts) == 30
    vectors = enc.inner.encode([engine.need_text(n) for n in sorted(w.needs, key=lambda n: n.id)])
    enc.texts.clear()
    first = match(w.participants, w.needs, w.workplaces, encoder=enc, index=index, need_embeddings=vectors)
    assert enc.texts == []
    again = match(w.participants, w.needs, w.workplaces, encoder=enc)  # no index: everything encoded
    assert len(enc.texts) == 30 + 12
    assert first.proposals == again.proposals


def test_score_need_encodes_and_scores_only_the_new_need(world_b, config):
    w = world_b
    enc = Counting()
    index = ParticipantIndex.build(w.participants, encoder=enc)
    match(w.participants, w.needs, w.workplaces, encoder=enc, index=index)
    enc.texts.clear()
    new = need("N-new", workplace_id=w.workplaces[0].id, latitude=63.83, longitude=20.26, title="Städare",
               description="Städning av kontor och trapphus.", free_slots=2, hours_min=10,
               placement_types=frozenset({"work_training", "work_practice", "employment", "subsidised_employment"}),
               adaptations_offered=frozenset({"language_support", "mentor_supervisor"}))
    cands = score_need(new, index, workplaces=w.workplaces, encoder=enc, config=config, limit=5)
    assert len(enc.texts) == 1
    assert 0 < len(cands) <= 5
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert cands[0].explanation["score"] == pytest.approx(cands[0].score, abs=1e-4)
    blocked = {(cands[0].participant_id, "N-new")}
    again = score_need(new, index, workplaces=w.workplaces, encoder=enc, config=config, blocked_pairs=blocked, limit=5)
    assert cands[0].participant_id not in {c.participant_id for c in again}


def test_closed_need_or_unavailable_people_are_not_scored(encoder, config):
    people = [participant("p1", has_consent=False), participant("p2", in_active_placement=True), participant("p3")]
    result = match(people, [need("n1"), need("n2", is_open=False)], [workplace()], encoder=encoder, config=config)
    assert result.stats["feasible_pairs"] == 1
    assert {(p.participant_id, p.need_id) for p in result.proposals} == {("p3", "n1")}


def test_empty_inputs(encoder):
    assert match([], [], [], encoder=encoder).proposals == ()
    assert match([participant()], [], [], encoder=encoder).proposals == ()
    assert match([], [need()], [workplace()], encoder=encoder).proposals == ()


def test_duplicate_ids_are_refused(encoder):
    with pytest.raises(ValueError):
        match([participant("p"), participant("p")], [need()], [workplace()], encoder=encoder)


def test_alternatives_exclude_the_assignment_and_follow_the_config(encoder, config):
    p = participant(max_travel_km=100)
    needs = [need(f"n{i}", workplace_id="w1", latitude=58.41 + i / 100) for i in range(6)]
    from dataclasses import replace

    result = match([p], needs, [workplace("w1", 5)], encoder=encoder, config=replace(config, top_k=2,
                                                                                    alternatives_per_participant=4))
    kinds = [(x.kind, x.rank) for x in result.proposals]
    assert kinds == [("assignment", 1)] + [("alternative", r) for r in range(1, 5)]  # top_k grows to fit
    assert len({x.need_id for x in result.proposals}) == 5


def test_self_check_stops_an_invalid_result(monkeypatch, encoder, config):
    # a broken solver that assigns every candidate: the engine must refuse to return it
    monkeypatch.setattr(engine, "solve", lambda arcs, *a, **k: np.arange(len(arcs)))
    needs = [need("n1", workplace_id="w1"), need("n2", workplace_id="w1")]
    with pytest.raises(EngineError):
        match([participant()], needs, [workplace("w1", 5)], encoder=encoder, config=config)


def test_score_need_accepts_plain_participants(world_b, config):
    w = world_b
    index = ParticipantIndex.build(w.participants, encoder=HashingEncoder())
    a = score_need(w.needs[0], index, workplaces=w.workplaces, encoder=HashingEncoder(), config=config)
    b = score_need(w.needs[0], w.participants, workplaces=w.workplaces, encoder=HashingEncoder(), config=config)
    assert [c.participant_id for c in a] == [c.participant_id for c in b] and a


# --- the engine's shortcuts against the plain way of computing the same ---------------------

def _score_every_feasible_pair(index, prepared, rows, blocked, config):
    """engine._score_chunk without its shortcut: every component of every feasible pair, then
    both thresholds."""
    chunk = Chunk(index.block, rows, prepared.block, blocked)
    r, c = np.nonzero(feasible_mask(chunk))
    used = np.unique(c)
    position = np.zeros(len(prepared.needs), dtype=np.int64)
    position[used] = np.arange(len(used))
    cosine = (index.centred[rows] @ prepared.centred[used].T)[r, position[c]].astype(np.float64)
    coverage = index.terms.scores(rows, prepared.terms)[r, c]
    values = scoring.cell_values(chunk, r, c, cosine, coverage, config)
    total = scoring.total(values, config)
    rel = scoring.relevance(values["semantic"], values["terms"], config)
    keep = np.nonzero((total >= config.min_score) & (rel >= config.min_relevance))[0]
    return Arcs(rows[r], c, total, rel, {**values, "cosine": cosine, "coverage": coverage}).take(keep)


def _explain_one_by_one(index, prepared, arcs, config):
    """engine._explanations pair by pair, each number rounded on its own."""
    w, out = scoring.weights(config), []
    tax = index.analyzer.taxonomy
    for i, (row, col) in enumerate(zip(arcs.rows.tolist(), arcs.cols.tolist())):
        gain, found = index.terms.explain(row, prepared.terms, col, prepared.bags[col])
        ps, ns = index.bags[row].surface, prepared.bags[col].surface
        matched = [{"participant": ps.get(u, u), "need": ns.get(v, v), "similarity": s,
                    "share": round(g / (gain or 1.0), 3)} for g, u, v, s in found[:MAX_TERMS]]
        components = {c: {"value": float(np.round(arcs.detail[c][i], 4)), "weight": w[c],
                          "contribution": float(np.round(w[c] * arcs.detail[c][i] / config.weight_sum, 4))}
                      for c in scoring.COMPONENTS}
        concepts = sorted(set(tax.concepts(index.bags[row].weights)) & set(tax.concepts(prepared.bags[col].weights)))
        out.append(explanation(
            index.participants[row], prepared.needs[col], components=components,
            score=float(np.round(arcs.scores[i], 4)), matched_terms=matched,
            distance_km=float(np.round(arcs.detail["distance_km"][i], 2)),
            semantic_cosine=float(np.round(arcs.detail["cosine"][i], 4)),
            term_coverage=float(np.round(arcs.detail["coverage"][i], 4)), concepts=concepts))
    return out


@pytest.fixture(scope="module")
def synthetic():
    ps, ns, wps, blocked, p_vec, n_vec = synthetic_world(300, 120, seed=5)
    words = sorted({w for p in ps[:40] for w in p.skills})
    tax = Taxonomy([w.capitalize() for w in words])
    index = ParticipantIndex.build(ps, encoder=NoEncoder(), embeddings=p_vec, taxonomy=tax)
    prepared = engine._prepare_needs(index, ns, {w.id: w for w in wps}, NoEncoder(), None, n_vec)
    return ps, ns, wps, blocked, n_vec, tax, index, prepared


@pytest.mark.parametrize("thresholds", [{}, {"min_score": 0.0, "min_relevance": 0.0}])
def test_chunk_scores_as_if_every_feasible_pair_were_scored(synthetic, thresholds):
    *_, blocked, _, _, index, prepared = synthetic
    config = MatchConfig(**thresholds)
    blocked_arr = engine._blocked_arrays(index, prepared.needs, blocked)
    rows = engine._by_place(index, np.arange(len(index.participants)))[:200]
    got, _ = engine._score_chunk(index, prepared, rows, blocked_arr, config)
    want = _score_every_feasible_pair(index, prepared, rows, blocked_arr, config)
    assert len(got) > 20
    for field in ("rows", "cols", "scores", "relevance"):
        assert np.array_equal(getattr(got, field), getattr(want, field)), field
    assert list(got.detail) == list(want.detail)
    assert all(np.array_equal(got.detail[k], want.detail[k]) for k in got.detail)


def test_explanations_equal_building_them_one_by_one(synthetic):
    *_, blocked, _, _, index, prepared = synthetic
    config = MatchConfig()
    blocked_arr = engine._blocked_arrays(index, prepared.needs, blocked)
    arcs, _ = engine._score_chunk(index, prepared, np.arange(len(index.participants)), blocked_arr, config)
    got = engine._explanations(index, prepared, arcs, config)
    want = _explain_one_by_one(index, prepared, arcs, config)
    assert len(got) == len(arcs) > 50 and any(e["shared_concepts"] for e in got)
    assert json.dumps(got) == json.dumps(want)  # same numbers, same key order


def test_proposals_by_participant_assignment_first_then_ranked_alternatives(synthetic):
    ps, ns, wps, blocked, n_vec, tax, index, _ = synthetic
    result = match(ps, ns, wps, encoder=NoEncoder(), config=MatchConfig(chunk_elements=4000),
                   blocked_pairs=blocked, taxonomy=tax, index=index, need_embeddings=n_vec)
    keys = [(p.participant_id, p.kind != "assignment", p.rank) for p in result.proposals]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) and result.assignments()
    by_person: dict[str, list] = {}
    for p in result.alternatives():
        by_person.setdefault(p.participant_id, []).append(p.score)
    assert all(s == sorted(s, reverse=True) for s in by_person.values())  # best alternative first


def test_the_garbage_collector_is_left_as_it_was(encoder):
    def run():
        match([participant()], [need()], [workplace()], encoder=encoder)

    frozen = gc.get_freeze_count()
    run()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.freeze()  # objects frozen on purpose (e.g. before a fork) stay frozen
    try:
        frozen = gc.get_freeze_count()
        run()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        run()
        assert not gc.isenabled()
    finally:
        gc.enable()
