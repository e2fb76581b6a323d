"""BIP assessments (vta/services/bip.py): only under the bip_assessment consent, scores checked
against the indicator set, erased with the participant."""
from __future__ import annotations

from typing import Any

from tests.security.world import count
from vta.services.bip import indicator_set


def test_indicator_set_is_versioned_reference_data() -> None:
    cat = indicator_set()
    codes = [i["code"] for i in cat["items"]]
    assert cat["version"] >= 1 and len(codes) == 11 == len(set(codes))
    assert cat["scale"]["min"] < cat["scale"]["max"]
    assert next(i for i in cat["items"] if i["code"] == "caseworker_belief")["respondents"] == ["caseworker"]


async def test_assessments_need_consent_and_valid_scores(world: Any) -> None:
    api, pid = world.api, world.tenants["A1"].ids["participant"]
    url = f"/participants/{pid}/bip-assessments"
    first = {"assessed_on": "2026-09-01", "scores": {"cooperation": 2, "job_search_behaviour": 1}}
    r = await api.call("coordA", "POST", url, 409, json=first)
    assert "bip_assessment" in r.json()["detail"]
    await api.call("coordA", "POST", f"/participants/{pid}/consents", 201, json={"scope": "bip_assessment"})
    for bad, status in (({"scores": {"cooperation": 9}}, 422), ({"scores": {"charisma": 3}}, 422),
                        ({"scores": {}}, 400), ({"scores": {"cooperation": "high"}}, 400),
                        ({"scores": {"caseworker_belief": 3}, "respondent": "participant"}, 422),
                        ({"assessed_on": "2999-01-01"}, 422)):
        r = await api.call("coordA", "POST", url, json={**first, **bad})
        assert r.status_code == status, (bad, r.text)
    assert await count(world.db, "SELECT count(*) FROM bip_assessments") == 0
    await api.call("coordA", "POST", url, 201, json={"assessed_on": "2026-12-01", "scores": {"cooperation": 4}})
    made = (await api.call("coordA", "POST", url, 201, json=first)).json()
    assert made["indicator_set_version"] == 1 and made["respondent"] == "caseworker"
    listed = (await api.call("coordA", "GET", url, 200)).json()["items"]
    assert [a["assessed_on"] for a in listed] == ["2026-09-01", "2026-12-01"]  # by date
    # in the export, gone after erasure, and the withdrawn consent stops new ones
    assert len((await api.call("coordA", "GET", f"/participants/{pid}/export", 200)).json()["bip_assessments"]) == 2
    await api.call("coordA", "DELETE", f"/participants/{pid}/consents/bip_assessment", 204)
    await api.call("coordA", "POST", url, 409, json=first)
    await api.call("coordA", "DELETE", f"/participants/{pid}", 204)
    assert await count(world.db, "SELECT count(*) FROM bip_assessments") == 0
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'bip_assessment'") == 2
