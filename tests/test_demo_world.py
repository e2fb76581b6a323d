"""The demo world (vta.demo_world): valid, self-consistent, and showing the hard rules at work."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from haversine import haversine
from stdnum.se import orgnr

from vta import reference
from vta.demo_world import demo_world

PLACEMENT_TYPES = {"work_training", "work_practice", "subsidised_employment", "employment"}
LEVELS = ["none", "basic", "good", "fluent"]
SECTORS = {"private", "public", "nonprofit"}
ROLES = {"admin", "coordinator", "employer", "csr"}
# Kommunkod -> approximate centre of the main town.
MUNICIPALITIES = {
    "0580": (58.4108, 15.6214),  # Linköping
    "0581": (58.5877, 16.1924),  # Norrköping
    "0583": (58.5371, 15.0365),  # Motala
    "0586": (58.3236, 15.1286),  # Mjölby
    "0513": (57.9870, 15.6330),  # Kinda (Kisa)
    "0561": (58.2019, 16.0020),  # Åtvidaberg
}
HEALTH_WORDS = re.compile(
    r"diagnos|adhd|autism|asperger|depression|ångest|psykisk|psykiatr|sjukdom|sjukskriv|sjukskriven|"
    r"funktionsnedsätt|funktionshinder|handikapp|utbränd|utmattning|smärta|medicin|missbruk|besvär|"
    r"rehabilitering|diagnoser|bipolär|schizofreni|epilepsi|whiplash",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def world():
    return demo_world()


def _by_key(items):
    return {item["key"]: item for item in items}


def _distance_km(participant, workplace):
    return haversine((participant["latitude"], participant["longitude"]),
                     (workplace["latitude"], workplace["longitude"]))


def _blockers(world, participant, need):
    """Every hard rule (architecture/domain 11.4) the pair breaks; empty = feasible."""
    workplaces = _by_key(world["workplaces"])
    workplace = workplaces[need["workplace"]]
    out = set()
    if _distance_km(participant, workplace) > participant["max_travel_km"]:
        out.add("distance")
    if need["hours_min"] > participant["hours_max"]:
        out.add("hours")
    if not set(participant["placement_types"]) & set(need["placement_types"]):
        out.add("placement_type")
    required = {a["tag"] for a in participant["adaptation_needs"] if a["required"]}
    if not required <= set(need["adaptations_offered"]):
        out.add("adaptation")
    if (LEVELS.index(participant["swedish_level"]) < LEVELS.index(need["swedish_level_required"])
            and "language_support" not in need["adaptations_offered"]):
        out.add("language")
    if need["driving_licence_required"] and not participant["driving_licence"]:
        out.add("licence")
    if workplace["employer"] in participant["excluded_employers"]:
        out.add("excluded")
    return out


def test_deterministic_and_copied():
    first = demo_world()
    first["participants"].clear()
    first["employers"][0]["name"] = "changed"
    assert demo_world() == demo_world()
    assert demo_world()["participants"]
    assert demo_world()["employers"][0]["name"] != "changed"


def test_size(world):
    assert 8 <= len(world["employers"]) <= 14
    assert 10 <= len(world["workplaces"]) <= 16
    assert 14 <= len(world["needs"]) <= 20
    assert 35 <= len(world["participants"]) <= 45
    assert len(set(world["truth"]["need_domain"].values())) >= 8
    assert len(set(world["truth"]["participant_domain"].values())) >= 8


def test_keys_unique(world):
    keys = [x["key"] for kind in ("employers", "workplaces", "needs", "participants") for x in world[kind]]
    assert len(keys) == len(set(keys))


def test_every_reference_key_resolves(world):
    employers, workplaces = _by_key(world["employers"]), _by_key(world["workplaces"])
    needs, participants = _by_key(world["needs"]), _by_key(world["participants"])
    for w in world["workplaces"]:
        assert w["employer"] in employers, w["key"]
    for n in world["needs"]:
        assert n["workplace"] in workplaces, n["key"]
    for p in world["participants"]:
        for e in p["excluded_employers"]:
            assert e in employers, (p["key"], e)
    for u in world["users"]:
        assert u["employer"] is None or u["employer"] in employers, u["email"]
    assert set(world["truth"]["need_domain"]) == set(needs)
    assert set(world["truth"]["participant_domain"]) == set(participants)
    # every employer has a workplace, every workplace a need
    assert {w["employer"] for w in world["workplaces"]} == set(employers)
    assert {n["workplace"] for n in world["needs"]} == set(workplaces)


def test_org_numbers_valid_and_unique(world):
    numbers = [e["org_number"] for e in world["employers"]]
    for number in numbers:
        assert re.fullmatch(r"\d{6}-\d{4}", number), number
        assert orgnr.is_valid(number), number
    assert len(set(numbers)) == len(numbers)


def test_org_number_check_catches_a_typo():
    number = demo_world()["employers"][0]["org_number"]
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not orgnr.is_valid(broken)


def test_employers(world):
    for e in world["employers"]:
        assert e["name"].strip() and e["sector"] in SECTORS and isinstance(e["csr_partner"], bool)
    assert any(e["csr_partner"] for e in world["employers"])
    assert {e["sector"] for e in world["employers"]} == SECTORS


def test_workplaces_in_their_municipality(world):
    for w in world["workplaces"]:
        assert w["municipality_code"] in MUNICIPALITIES, w["key"]
        assert isinstance(w["supervisor_capacity"], int) and w["supervisor_capacity"] >= 0
        centre = MUNICIPALITIES[w["municipality_code"]]
        assert haversine(centre, (w["latitude"], w["longitude"])) < 20, w["key"]
    assert set(MUNICIPALITIES) == {w["municipality_code"] for w in world["workplaces"]}


def test_needs_follow_the_contract(world):
    for n in world["needs"]:
        assert n["title"].strip() and n["description"].strip()
        assert len(n["tasks"]) >= 2, n["key"]
        for t in n["tasks"]:
            assert t["title"].strip() and t["description"].strip()
        assert isinstance(n["slots"], int) and n["slots"] >= 1
        assert 1 <= n["hours_min"] <= n["hours_max"] <= 40, n["key"]
        assert n["placement_types"] and set(n["placement_types"]) <= PLACEMENT_TYPES
        assert n["swedish_level_required"] in LEVELS
        assert isinstance(n["driving_licence_required"], bool)
        assert n["skills"] and all(isinstance(s, str) and s for s in n["skills"])


def test_participants_follow_the_contract(world):
    for p in world["participants"]:
        assert re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ]\.", p["display_name"]), p["display_name"]
        assert 57.6 < p["latitude"] < 59.0 and 14.4 < p["longitude"] < 17.0, p["key"]
        assert p["max_travel_km"] > 0
        assert 1 <= p["hours_max"] <= 40
        assert p["placement_types"] and set(p["placement_types"]) <= PLACEMENT_TYPES
        assert p["swedish_level"] in LEVELS
        assert isinstance(p["driving_licence"], bool) and isinstance(p["consent"], bool)
        for field in ("goals", "interests", "experience"):
            assert p[field].strip(), (p["key"], field)
        assert p["skills"]
        tags = [a["tag"] for a in p["adaptation_needs"]]
        assert len(tags) == len(set(tags)), p["key"]
        assert all(isinstance(a["required"], bool) for a in p["adaptation_needs"])


def test_every_adaptation_tag_used_exists(world):
    known = reference.tag_codes()
    for n in world["needs"]:
        assert set(n["adaptations_offered"]) <= known, n["key"]
        assert len(n["adaptations_offered"]) == len(set(n["adaptations_offered"]))
    for p in world["participants"]:
        assert {a["tag"] for a in p["adaptation_needs"]} <= known, p["key"]


def test_free_text_in_work_terms(world):
    for p in world["participants"]:
        for field in ("goals", "interests", "experience"):
            assert not HEALTH_WORDS.search(p[field]), (p["key"], field, p[field])
        for s in p["skills"]:
            assert not HEALTH_WORDS.search(s), (p["key"], s)


def test_participant_texts_are_not_copies_of_need_texts(world):
    def words(text):
        return set(re.findall(r"\w{4,}", text.lower()))

    need_texts = []
    for n in world["needs"]:
        need_texts.append(" ".join([n["title"], n["description"], *(t["title"] + " " + t["description"]
                                                                  for t in n["tasks"])]))
    for p in world["participants"]:
        text = p["interests"] + " " + p["experience"]
        for n in world["needs"]:
            for t in n["tasks"]:
                assert not re.search(rf"\b{re.escape(t['title'].lower())}\b", text.lower()), (p["key"], t["title"])
        pw = words(text)
        for nt in need_texts:
            nw = words(nt)
            assert len(pw & nw) / len(pw | nw) < 0.25, p["key"]


def test_every_consenting_participant_can_reach_a_need(world):
    workplaces = _by_key(world["workplaces"])
    for p in world["participants"]:
        if not p["consent"]:
            continue
        reachable = [n["key"] for n in world["needs"]
                     if _distance_km(p, workplaces[n["workplace"]]) <= p["max_travel_km"]]
        assert reachable, f"{p['key']} cannot reach any need"


def test_most_consenting_participants_have_a_feasible_need(world):
    consenting = [p for p in world["participants"] if p["consent"]]
    domain = world["truth"]
    feasible = in_domain = 0
    for p in consenting:
        ok = [n for n in world["needs"] if not _blockers(world, p, n)]
        feasible += bool(ok)
        in_domain += any(domain["need_domain"][n["key"]] == domain["participant_domain"][p["key"]] for n in ok)
    assert feasible >= 0.8 * len(consenting)
    assert in_domain >= 0.6 * len(consenting)


def test_demo_shows_the_constraints(world):
    """Each hard rule blocks at least one in-domain pair of a consenting participant."""
    domain = world["truth"]
    seen = Counter()
    for p in world["participants"]:
        if not p["consent"]:
            continue
        for n in world["needs"]:
            if domain["need_domain"][n["key"]] == domain["participant_domain"][p["key"]]:
                seen.update(_blockers(world, p, n))
    assert {"distance", "hours", "placement_type", "adaptation", "language", "licence", "excluded"} <= set(seen)
    participants = world["participants"]
    assert sum(not p["consent"] for p in participants) >= 3
    assert any(p["consent"] and any(a["required"] for a in p["adaptation_needs"]) for p in participants)
    assert any(not p["adaptation_needs"] for p in participants)
    # someone lives far from the towns yet can still reach something
    workplaces = _by_key(world["workplaces"])
    assert any(p["consent"] and min(_distance_km(p, w) for w in workplaces.values()) > 20 for p in participants)


def test_capacity_is_plausible(world):
    slots = sum(n["slots"] for n in world["needs"])
    consenting = sum(p["consent"] for p in world["participants"])
    assert 0 < slots < consenting, "more candidates than slots, so the solver has to choose"


def test_users(world):
    users = world["users"]
    employers = _by_key(world["employers"])
    emails = [u["email"] for u in users]
    assert len(emails) == len(set(emails))
    roles = Counter(u["role"] for u in users)
    assert set(roles) <= ROLES
    assert roles["admin"] == 1 and roles["coordinator"] >= 2 and roles["employer"] >= 2 and roles["csr"] >= 1
    admin = next(u for u in users if u["role"] == "admin")
    assert admin["email"] == "admin@demo.vta.se" and admin["password"] == "demo-admin-2026"
    for u in users:
        assert re.fullmatch(r"[a-z0-9.]+@demo\.vta\.se", u["email"]), u["email"]
        assert len(u["password"]) >= 12
        if u["role"] in {"employer", "csr"}:
            assert u["employer"] in employers, u["email"]
        else:
            assert u["employer"] is None
        if u["role"] == "csr":
            assert employers[u["employer"]]["csr_partner"] is True
    assert len({u["employer"] for u in users if u["role"] == "employer"}) >= 2
