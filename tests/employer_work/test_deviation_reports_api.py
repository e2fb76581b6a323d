"""Lex Heller deviation reports (vta/services/deviations.py): no personal data, the handling flow,
patterns per category and quarter."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.security.world import count
from vta.services.deviations import holds_personnummer, names_in, quarter

GOOD = {"category": "income_support_gap", "involved_orgs": ["fk", "kommun"],
        "description": "Försörjningsstödet upphörde samma dag som arbetsträningen började, innan "
                       "aktivitetsstödet kom igång.", "suggested_improvement": "Samordna startdatum."}


@pytest.mark.parametrize("text, expected", [
    ("Personen 19811228-9874 fick vänta", True), ("ring 811228-9874 i morgon", True),
    ("nummer 8112289874.", True), ("org.nr 556812-3417 är arbetsgivaren", False),
    ("ärende 2026-1201 hos FK", False), ("väntade 120 dagar på beslut", False),
    ("19811228-9875 (fel kontrollsiffra)", False)])
def test_personnummer_found_in_free_text(text: str, expected: bool) -> None:
    assert holds_personnummer(text) is expected


def test_names_whole_words_any_case() -> None:
    names = ["Anna Berg", "Ali"]
    assert names_in("Vi träffade ANNA berg på FK.", names)
    assert names_in("Ali fick inget besked", names)
    assert not names_in("Annas bergsklättring", names)
    assert not names_in("Alingsås kommun", names)
    assert quarter(datetime(2026, 12, 4, tzinfo=UTC)) == "2026-Q4" and quarter(datetime(2026, 4, 1)) == "2026-Q2"


async def test_report_flow_and_patterns(world: Any) -> None:
    api = world.api
    r = (await api.call("coordA", "POST", "/deviation-reports", 201, json=GOOD)).json()
    assert r["status"] == "new" and r["category"] == "income_support_gap"
    rid = r["id"]
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 409, json={"status": "raised"})  # skips
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 200, json={"status": "under_review"})
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 200, json={"status": "raised"})
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 422, json={"status": "answered"})
    done = (await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 200,
                           json={"status": "answered", "answer_text": "FK och kommunen inför gemensam startdag."})).json()
    assert done["answer_text"] and done["answered_at"]
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 200, json={"status": "published"})
    await api.call("coordA", "POST", f"/deviation-reports/{rid}/status", 409, json={"status": "published"})
    listed = (await api.call("coordA", "GET", "/deviation-reports", 200)).json()["items"]
    assert listed[0]["id"] == rid and len(listed) == 3  # with the world's two reports of association A
    assert [x["id"] for x in (await api.call("coordA", "GET", "/deviation-reports?status=published",
                                             200)).json()["items"]] == [rid]
    assert len((await api.call("coordB", "GET", "/deviation-reports", 200)).json()["items"]) == 1
    await api.call("coordA", "GET", "/deviation-reports?status=bogus", 400)
    await api.call("coordA", "GET", "/deviation-reports?category=bogus", 422)
    pats = (await api.call("coordA", "GET", "/deviation-reports/patterns", 200)).json()["items"]
    q = quarter(datetime.now(UTC))
    assert pats == [{"quarter": q, "category": "cannot_reach_unit", "count": 2},
                    {"quarter": q, "category": "income_support_gap", "count": 1}]
    await api.call("empA1", "GET", "/deviation-reports", 403)
    await api.call("empA1", "POST", "/deviation-reports", 403, json=GOOD)


async def test_personal_data_is_refused_with_the_reason(world: Any) -> None:
    api = world.api
    before = await count(world.db, "SELECT count(*) FROM deviation_reports")
    r = await api.call("coordA", "POST", "/deviation-reports", 422,
                       json={**GOOD, "description": "Deltagaren (811228-9874) fick inget besked från FK."})
    assert "personnummer" in r.json()["detail"]
    # a participant of the association, by name, in any case
    r = await api.call("coordA", "POST", "/deviation-reports", 422,
                       json={**GOOD, "suggested_improvement": "Ring a1 person 0 direkt när beslutet kommer."})
    assert "names a participant" in r.json()["detail"] and "suggested_improvement" in r.json()["detail"]
    # another association's participant is not known here, so not refused for the name
    await api.call("coordB", "POST", "/deviation-reports", 201,
                   json={**GOOD, "description": "Vi väntade på A1 Person 0 utan besked."})
    for bad, status in (({"category": "weather"}, 422), ({"involved_orgs": []}, 400),
                        ({"involved_orgs": ["nasa"]}, 400), ({"description": ""}, 400)):
        r = await api.call("coordA", "POST", "/deviation-reports", json={**GOOD, **bad})
        assert r.status_code == status, (bad, r.text)
    assert await count(world.db, "SELECT count(*) FROM deviation_reports") == before + 1
