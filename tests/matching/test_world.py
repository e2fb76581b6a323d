from matching_builders import FIXTURES, load_json

from matching.world import load_world


def test_world_shape_maps_to_engine_objects():
    raw = load_json(FIXTURES / "world_b.json")
    w = load_world(raw)
    assert len(w.participants) == len(raw["participants"]) and len(w.needs) == len(raw["needs"])
    n, raw_n = w.needs[0], raw["needs"][0]
    wp = next(x for x in raw["workplaces"] if x["key"] == raw_n["workplace"])
    assert n.employer_id == wp["employer"] and (n.latitude, n.longitude) == (wp["latitude"], wp["longitude"])
    assert n.free_slots == raw_n["slots"] and n.skills == tuple(raw_n["skills"])
    p, raw_p = w.participants[4], raw["participants"][4]
    assert p.has_consent == raw_p["consent"] is False
    assert p.excluded_employer_ids == frozenset(raw["participants"][2]["excluded_employers"]) or \
        w.participants[2].excluded_employer_ids == frozenset(raw["participants"][2]["excluded_employers"])
    assert w.participant_domain[p.id] == raw["truth"]["participant_domain"][p.id]
