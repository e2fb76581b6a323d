"""Read a world in the shape of shared/matching-dev/world.json (api-contract field names, `key`s
standing in for ids) into engine objects."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matching.model import AdaptationNeed, Need, Participant, Task, Workplace


@dataclass(frozen=True, slots=True)
class World:
    participants: tuple[Participant, ...]
    needs: tuple[Need, ...]
    workplaces: tuple[Workplace, ...]
    need_domain: dict[str, str]
    participant_domain: dict[str, str]


def load_world(world: Mapping) -> World:
    workplaces = {w["key"]: w for w in world["workplaces"]}
    needs = tuple(
        Need(
            id=n["key"], employer_id=workplaces[n["workplace"]]["employer"], workplace_id=n["workplace"],
            latitude=workplaces[n["workplace"]]["latitude"], longitude=workplaces[n["workplace"]]["longitude"],
            title=n["title"], description=n.get("description", ""),
            tasks=tuple(Task(t["title"], t.get("description", "")) for t in n.get("tasks", ())),
            free_slots=n["slots"], hours_min=n["hours_min"], hours_max=n["hours_max"],
            placement_types=frozenset(n["placement_types"]), adaptations_offered=frozenset(n["adaptations_offered"]),
            skills=tuple(n.get("skills", ())), swedish_level_required=n["swedish_level_required"],
            driving_licence_required=n["driving_licence_required"], is_open=n.get("status", "open") == "open",
            coordinator_id=n.get("coordinator_id"),
        )
        for n in world["needs"]
    )
    participants = tuple(
        Participant(
            id=p["key"], latitude=p["latitude"], longitude=p["longitude"], max_travel_km=p["max_travel_km"],
            hours_max=p["hours_max"], placement_types=frozenset(p["placement_types"]), goals=p.get("goals", ""),
            interests=p.get("interests", ""), experience=p.get("experience", ""), skills=tuple(p.get("skills", ())),
            swedish_level=p["swedish_level"], driving_licence=p["driving_licence"],
            adaptation_needs=tuple(AdaptationNeed(a["tag"], a["required"]) for a in p.get("adaptation_needs", ())),
            excluded_employer_ids=frozenset(p.get("excluded_employers", p.get("excluded_employer_ids", ()))),
            has_consent=p.get("consent", True), in_active_placement=p.get("in_active_placement", False),
            coordinator_id=p.get("coordinator_id"),
        )
        for p in world["participants"]
    )
    wps = tuple(Workplace(w["key"], w["supervisor_capacity"]) for w in world["workplaces"])
    truth = world.get("truth", {})
    return World(participants, needs, wps, dict(truth.get("need_domain", {})), dict(truth.get("participant_domain", {})))
