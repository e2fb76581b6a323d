"""GET /match-runs/{id}/unmatched: the participants a run gave no proposal, and why."""
from __future__ import annotations

from tests.api.world import NORRKOPING, employer_body, need_body, participant_body


async def test_unmatched_participants_say_why_and_page_like_other_lists(api) -> None:  # noqa: ANN001
    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(3, "Kök AB"))).json()
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Kök", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 2})).json()
    await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"]))
    people = {}
    for name, over in (("Fits", {}), ("Far", {"latitude": NORRKOPING[0], "longitude": NORRKOPING[1],
                                              "max_travel_km": 5}), ("Quiet", {})):
        people[name] = (await api.call(c, "POST", "/participants", 201, json=participant_body(name, **over))).json()
    for name in ("Fits", "Far"):  # Quiet never consented to share the profile
        await api.call(c, "POST", f"/participants/{people[name]['id']}/consents", 201,
                       json={"scope": "share_with_employers"})
    run = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    assert run["status"] == "succeeded", run

    page = (await api.call(c, "GET", f"/match-runs/{run['id']}/unmatched", 200)).json()
    assert page["total"] == 2 and len(page["items"]) == 2
    by_id = {u["participant_id"]: u for u in page["items"]}
    assert people["Fits"]["id"] not in by_id
    far = by_id[people["Far"]["id"]]
    assert far["reason"] == "no_feasible_need" and far["detail"]["excluded_by"] == {"within_travel_distance": 1}
    assert "within_travel_distance excluded 1" in far["detail"]["text"]
    assert by_id[people["Quiet"]["id"]]["reason"] == "not_eligible"
    assert "Quiet" not in str(page) and "skolköket" not in str(page)  # no name, no free text

    first = (await api.call(c, "GET", f"/match-runs/{run['id']}/unmatched?limit=1", 200)).json()
    second = (await api.call(c, "GET", f"/match-runs/{run['id']}/unmatched?limit=1&offset=1", 200)).json()
    assert first["total"] == second["total"] == 2
    assert {first["items"][0]["participant_id"], second["items"][0]["participant_id"]} == set(by_id)
    for bad in ("limit=0", "limit=201", "offset=-1", "limit=x"):
        assert (await api.call(c, "GET", f"/match-runs/{run['id']}/unmatched?{bad}", 400)).json()["detail"]
    await api.call(c, "GET", "/match-runs/not-an-id/unmatched", 404)
