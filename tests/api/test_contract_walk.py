"""The whole contract walked end to end as a coordinator, an employer and a CSR partner would."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.api.world import NORRKOPING, employer_body, need_body, participant_body
from vta.db import utcnow


async def test_walk_from_needs_to_follow_up(api) -> None:  # noqa: ANN001
    c = "coord"
    # --- coordinator registers an employer (a CSR partner), a workplace and a need
    r = await api.call(c, "POST", "/employers", 201, json=employer_body(1, "Restaurang Lingonet AB", csr=True))
    employer = r.json()
    assert (await api.call(c, "GET", f"/employers/{employer['id']}", 200)).json()["name"] == "Restaurang Lingonet AB"
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Lingonet Linköping", "latitude": 58.4108, "longitude": 15.6214,
                               "municipality_code": "0580", "supervisor_capacity": 2})).json()
    need = (await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"]))).json()
    assert need["status"] == "open" and len(need["tasks"]) == 2

    # --- the employer's own user also posts a need through the portal
    await api.create_user("kock@lingonet.se", "employer", employer["id"])
    await api.create_user("csr@lingonet.se", "csr", employer["id"])
    portal_need = (await api.call("kock", "POST", "/needs", 201, json=need_body(
        wp["id"], title="Medarbetare servering", skills=["Servering"],
        tasks=[{"title": "Duka av borden", "description": "Efter lunchrusningen."}]))).json()
    assert (await api.call("kock", "GET", f"/needs/{portal_need['id']}", 200)).json()["title"] == "Medarbetare servering"

    # --- participants: one fits and consents, one has not consented, one needs an adaptation not offered
    fits = (await api.call(c, "POST", "/participants", 201, json=participant_body("Amira K"))).json()
    no_consent = (await api.call(c, "POST", "/participants", 201, json=participant_body("Bo L"))).json()
    needs_lift = (await api.call(c, "POST", "/participants", 201, json=participant_body(
        "Cecilia M", adaptation_needs=[{"tag": "no_heavy_lifting", "required": True}]))).json()
    far = (await api.call(c, "POST", "/participants", 201, json=participant_body(
        "Dan N", latitude=NORRKOPING[0], longitude=NORRKOPING[1], max_travel_km=5))).json()
    for p in (fits, needs_lift, far):
        await api.call(c, "POST", f"/participants/{p['id']}/consents", 201, json={"scope": "share_with_employers"})
    got = (await api.call(c, "GET", f"/participants/{fits['id']}", 200)).json()
    assert got["consents"] == ["share_with_employers"] and got["adaptation_needs"][0]["tag"] == "written_instructions"

    # --- a match run, polled until done
    run = (await api.call(c, "POST", "/match-runs", 202, json={})).json()
    assert run["status"] in ("queued", "running", "succeeded")
    run = await api.wait_run(c, run["id"])
    assert run["status"] == "succeeded", run
    assert run["progress"] == 1.0
    proposals = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
    assert run["proposal_count"] == len(proposals) > 0
    people = {p["participant_id"] for p in proposals}
    # Hard rules: no consent, adaptation not offered and out of reach are never proposed.
    assert people == {fits["id"]}, proposals
    assignment = next(p for p in proposals if p["kind"] == "assignment")
    assert assignment["explanation"] and assignment["score"] > 0

    # --- the coordinator approves; the employer sees a consented, minimal candidate
    approved = (await api.call(c, "POST", f"/proposals/{assignment['id']}/approve", 200)).json()
    assert approved["status"] == "approved"
    await api.call(c, "POST", f"/proposals/{assignment['id']}/approve", 409)  # already decided
    candidates = (await api.call("kock", "GET", "/employer/candidates", 200)).json()["items"]
    assert [x["proposal_id"] for x in candidates] == [assignment["id"]]
    cand = candidates[0]
    assert cand["display_name"] == "Amira K" and cand["adaptations"] == ["written_instructions"]
    body = str(candidates)
    for secret in ("lagar gärna mat", "skolköket", "jobba med mat"):
        assert secret not in body  # never goals, interests or experience

    # --- the employer accepts: a placement with its checkpoints, starting today
    start = utcnow().date()
    placement_id = (await api.call("kock", "POST", f"/employer/candidates/{assignment['id']}/accept", 201,
                                   json={"start_date": start.isoformat()})).json()["placement_id"]
    placement = (await api.call("kock", "GET", f"/placements/{placement_id}", 200)).json()
    kinds = [cp["kind"] for cp in placement["checkpoints"]]
    assert kinds[:4] == ["pre_start", "day_1", "day_3", "week_1"] and "month_12" in kinds
    assert placement["checkpoints"][0]["due_date"] == (start - timedelta(days=7)).isoformat()
    first = placement["checkpoints"][0]
    done = (await api.call(c, "POST", f"/placements/{placement_id}/checkpoints/{first['id']}/complete", 200,
                           json={"notes": "Genomgång av arbetsuppgifter gjord.", "rating": 4})).json()
    assert done["status"] == "done" and done["rating"] == 4
    await api.call(c, "POST", f"/placements/{placement_id}/checkpoints/{first['id']}/complete", 409, json={})
    await api.call(c, "POST", f"/placements/{placement_id}/status", 409, json={"status": "follow_up"})
    for step in ("ready_to_start", "introduction"):
        assert (await api.call(c, "POST", f"/placements/{placement_id}/status", 200,
                               json={"status": step})).json()["status"] == step

    # --- the next run does not propose the placed participant again
    run2 = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    props2 = (await api.call(c, "GET", f"/match-runs/{run2['id']}/proposals", 200)).json()["items"]
    assert fits["id"] not in {p["participant_id"] for p in props2}

    # --- ending records the outcome; the CSR partner sees suppressed aggregates only
    ended = (await api.call(c, "POST", f"/placements/{placement_id}/end", 200,
                            json={"outcome": "employment"})).json()
    assert ended["status"] == "completed" and ended["outcome"] == "employment"
    assert "exit" in [cp["kind"] for cp in ended["checkpoints"]]
    await api.call(c, "POST", f"/placements/{placement_id}/end", 409, json={"outcome": "studies"})
    summary = (await api.call("csr", "GET", "/csr/summary", 200)).json()
    assert summary["placements_started"] is None and "placements_started" in summary["suppressed"]
    assert summary["outcomes"]["employment"] is None and summary["outcomes"]["studies"] == 0
    assert "Amira" not in str(summary)

    # --- role rules: 403 for a call the role may not make
    await api.call("csr", "GET", f"/participants/{fits['id']}", 403)
    await api.call("kock", "POST", "/match-runs", 403, json={})
    await api.call("kock", "POST", "/employers", 403, json=employer_body(9, "X AB"))
    await api.call(c, "GET", "/csr/summary", 403)


async def test_reject_keeps_reason_and_blocks_the_pair(api) -> None:  # noqa: ANN001
    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(2, "Kök AB"))).json()
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Kök", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 1})).json()
    await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"]))
    p = (await api.call(c, "POST", "/participants", 201, json=participant_body("Eva O"))).json()
    await api.call(c, "POST", f"/participants/{p['id']}/consents", 201, json={"scope": "share_with_employers"})
    run = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    prop = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"][0]
    await api.call(c, "POST", f"/proposals/{prop['id']}/reject", 422, json={"reason_code": "no_such_reason"})
    rejected = (await api.call(c, "POST", f"/proposals/{prop['id']}/reject", 200,
                               json={"reason_code": "poor_task_fit", "comment": "Vill hellre arbeta ute."})).json()
    assert rejected["status"] == "rejected" and rejected["reason_code"] == "poor_task_fit"
    run2 = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    again = (await api.call(c, "GET", f"/match-runs/{run2['id']}/proposals", 200)).json()["items"]
    assert (p["id"], prop["need_id"]) not in {(x["participant_id"], x["need_id"]) for x in again}
    # Shown again with its reason on the first run.
    first = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
    assert [x["comment"] for x in first if x["id"] == prop["id"]] == ["Vill hellre arbeta ute."]


async def test_consent_withdrawal_hides_candidate_at_once(api) -> None:  # noqa: ANN001
    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(3, "Café AB"))).json()
    await api.create_user("chef@cafe.se", "employer", employer["id"])
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Café", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 1})).json()
    await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"]))
    p = (await api.call(c, "POST", "/participants", 201, json=participant_body("Fia P"))).json()
    await api.call(c, "POST", f"/participants/{p['id']}/consents", 201, json={"scope": "share_with_employers"})
    run = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    prop = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"][0]
    await api.call(c, "POST", f"/proposals/{prop['id']}/approve", 200)
    assert len((await api.call("chef", "GET", "/employer/candidates", 200)).json()["items"]) == 1
    await api.call(c, "DELETE", f"/participants/{p['id']}/consents/share_with_employers", 204)
    assert (await api.call("chef", "GET", "/employer/candidates", 200)).json()["items"] == []
    await api.call("chef", "POST", f"/employer/candidates/{prop['id']}/accept", 404, json={"start_date": "2027-01-10"})
    await asyncio.sleep(0)
