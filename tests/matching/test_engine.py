import numpy as np
import pytest
from matching_builders import FIXTURES, load_json, need, participant, workplace

import matching.engine as engine
from matching import EngineError, HashingEncoder, MatchConfig, ParticipantIndex, match, score_need
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
