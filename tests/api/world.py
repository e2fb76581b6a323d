"""A small Swedish world posted through the API, as a coordinator and an employer would."""
from __future__ import annotations

from typing import Any

from vta.demo import _synthetic_orgnr

LINKOPING = (58.4108, 15.6214)
NORRKOPING = (58.5877, 16.1924)


def employer_body(i: int, name: str, csr: bool = False) -> dict[str, Any]:
    return {"name": name, "org_number": _synthetic_orgnr(100 + i), "sector": "private", "csr_partner": csr}


def need_body(workplace_id: str, **over: Any) -> dict[str, Any]:
    body = {
        "workplace_id": workplace_id, "title": "Köksbiträde", "description": "Lunchrestaurang med 200 gäster om dagen.",
        "tasks": [{"title": "Diska och plocka in i diskmaskinen", "description": "Disk efter lunchen."},
                  {"title": "Skala och hacka grönsaker", "description": "Förberedelser inför lunch."}],
        "slots": 1, "hours_min": 10, "hours_max": 30, "placement_types": ["work_training", "employment"],
        "adaptations_offered": ["quiet_environment", "written_instructions", "mentor_supervisor"],
        "skills": ["Disk", "Matlagning"], "swedish_level_required": "basic", "driving_licence_required": False,
    }
    body.update(over)
    return body


def participant_body(name: str, **over: Any) -> dict[str, Any]:
    body = {
        "display_name": name, "latitude": LINKOPING[0] + 0.01, "longitude": LINKOPING[1], "max_travel_km": 20,
        "hours_max": 25, "placement_types": ["work_training"], "goals": "Jag vill jobba med mat.",
        "interests": "Jag lagar gärna mat hemma och bakar bröd till familjen.",
        "experience": "Har hjälpt till i skolköket under praktik.", "skills": ["matlagning", "bakning"],
        "swedish_level": "good", "driving_licence": False,
        "adaptation_needs": [{"tag": "written_instructions", "required": True}], "excluded_employer_ids": [],
    }
    body.update(over)
    return body
