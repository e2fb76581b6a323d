"""Bad input: a clear 4xx with a JSON detail, never a 5xx, and nothing stored."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.api.world import employer_body, need_body, participant_body


async def _count(settings, model) -> int:  # noqa: ANN001
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    async with make_sessionmaker(engine)() as s:
        n = (await s.execute(select(func.count()).select_from(model))).scalar_one()
    await engine.dispose()
    return n


BAD_PARTICIPANTS = [
    {"hours_max": "many"},
    {"hours_max": 41},
    {"max_travel_km": 0},
    {"max_travel_km": -5},
    {"latitude": 123.0},
    {"swedish_level": "excellent"},
    {"placement_types": ["volunteering"]},
    {"placement_types": []},
    {"adaptation_needs": [{"tag": "unknown_tag", "required": True}]},
    {"display_name": ""},
    {"display_name": "Nul\x00byte"},
    {"goals": "x" * 6000},
    {"excluded_employer_ids": ["not-an-id"]},
    {"excluded_employer_ids": ["7f8c2b1e-0000-4000-8000-000000000000"]},
]


@pytest.mark.parametrize("change", BAD_PARTICIPANTS, ids=[next(iter(c)) + str(i) for i, c in enumerate(BAD_PARTICIPANTS)])
async def test_bad_participant_is_refused(api, settings, change) -> None:  # noqa: ANN001
    from vta.models import Participant

    r = await api.call("coord", "POST", "/participants", json=participant_body("X", **change))
    assert 400 <= r.status_code < 500, r.text
    assert isinstance(r.json()["detail"], str) and "Traceback" not in r.text
    assert await _count(settings, Participant) == 0


async def test_bad_employer_and_need(api, settings) -> None:  # noqa: ANN001
    from employers.models import Employer, Need

    for org in ("123456-7890", "abc", "556036-0794"):
        r = await api.call("coord", "POST", "/employers", json={**employer_body(1, "A"), "org_number": org})
        assert r.status_code in (400, 422), r.text
    r = await api.call("coord", "POST", "/employers", json={**employer_body(1, "A"), "sector": "crown"})
    assert r.status_code == 400
    assert await _count(settings, Employer) == 0
    e = (await api.call("coord", "POST", "/employers", 201, json=employer_body(1, "A"))).json()
    await api.call("coord", "POST", "/employers", 409, json=employer_body(1, "Again"))
    wp = (await api.call("coord", "POST", f"/employers/{e['id']}/workplaces", 201,
                         json={"name": "W", "latitude": 58.4, "longitude": 15.6, "supervisor_capacity": 1})).json()
    for change in ({"slots": 0}, {"hours_min": 30, "hours_max": 10}, {"hours_max": 60},
                   {"adaptations_offered": ["teleportation"]}, {"swedish_level_required": "x"},
                   {"tasks": "diska"}, {"slots": 2**40}):
        r = await api.call("coord", "POST", "/needs", json=need_body(wp["id"], **change))
        assert r.status_code in (400, 422), (change, r.text)
    r = await api.call("coord", "POST", "/needs", json=need_body("00000000-0000-4000-8000-000000000000"))
    assert r.status_code == 404
    assert await _count(settings, Need) == 0


async def test_body_over_one_megabyte_is_413(api) -> None:  # noqa: ANN001
    r = await api.call("coord", "POST", "/participants", json=participant_body("Big", goals="x" * 1_100_000))
    assert r.status_code == 413
    r = await api.client.post("/api/v1/participants", content=b"{" + b" " * 1_200_000 + b"}",
                              headers={**api.h("coord"), "Content-Type": "application/json"})
    assert r.status_code == 413


async def test_malformed_json_and_auth(api) -> None:  # noqa: ANN001
    r = await api.client.post("/api/v1/participants", content=b"{not json", headers={
        **api.h("coord"), "Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"]
    assert (await api.client.get("/api/v1/needs/x")).status_code == 401
    assert (await api.client.get("/api/v1/needs/x", headers={"Authorization": "Bearer nope"})).status_code == 401
    r = await api.client.post("/api/v1/auth/token", json={"email": "coord@test.se", "password": "wrong-password"})
    assert r.status_code == 401
    assert (await api.call("coord", "GET", "/needs/not-a-uuid")).status_code == 404
