"""GET /vocabularies, strict types and error messages that name the valid values (both dialects)."""
from __future__ import annotations

from tests.api.world import employer_body, participant_body


async def test_any_signed_in_user_reads_the_vocabularies(api) -> None:  # noqa: ANN001
    body = (await api.call("coord", "GET", "/vocabularies", 200)).json()
    assert {"placement_types", "adaptation_tags", "swedish_levels", "sectors", "reason_codes", "checkpoint_kinds",
            "outcomes"} <= set(body)
    levels = [t["code"] for t in body["swedish_levels"]]
    assert levels == ["none", "basic", "good", "fluent"]
    tag = next(t for t in body["adaptation_tags"] if t["code"] == "quiet_environment")
    assert tag["label_sv"] == "Lugn arbetsmiljö" and tag["help_sv"]
    # The follow-up fields statistics group by are codes like any other.
    assert [t["code"] for t in body["genders"]] == ["woman", "man", "other"]
    assert {"sjukpenning", "forsorjningsstod"} <= {t["code"] for t in body["income_sources"]}
    assert next(t for t in body["sus_occupations"] if t["code"] == "job_seeker")["label_sv"] == "Arbetssökande"
    r = await api.call("coord", "POST", "/participants", json=participant_body("Anna", income_source="lottery"))
    assert r.status_code == 400 and "forsorjningsstod" in r.json()["detail"], r.text
    r = await api.client.get("/api/v1/vocabularies")
    assert r.status_code == 401


async def test_strings_for_numbers_and_bools_and_blank_names_are_refused(api) -> None:  # noqa: ANN001
    for change in ({"hours_max": "25"}, {"driving_licence": "true"}, {"max_travel_km": "20"},
                   {"display_name": "   "}, {"skills": ["  "]}):
        r = await api.call("coord", "POST", "/participants", json=participant_body("Anna", **change))
        assert r.status_code == 400, (change, r.text)
        assert next(iter(change)) in r.json()["detail"]
    r = await api.call("coord", "POST", "/employers", json={**employer_body(1, "A"), "csr_partner": "false"})
    assert r.status_code == 400 and "csr_partner" in r.json()["detail"]
    r = await api.call("coord", "POST", "/employers", json={**employer_body(1, "   ")})
    assert r.status_code == 400 and "whitespace" in r.json()["detail"]


async def test_an_unknown_code_names_the_valid_values(api) -> None:  # noqa: ANN001
    r = await api.call("coord", "POST", "/participants", json=participant_body("Anna", swedish_level="excellent"))
    assert r.status_code == 400 and "none, basic, good, fluent" in r.json()["detail"], r.text
    r = await api.call("coord", "POST", "/participants",
                       json=participant_body("Anna", adaptation_needs=[{"tag": "bogus_tag", "required": True}]))
    assert r.status_code == 422 and "quiet_environment" in r.json()["detail"], r.text


async def test_a_field_the_contract_lists_is_required(api) -> None:  # noqa: ANN001
    for field in ("goals", "skills", "driving_licence", "adaptation_needs", "excluded_employer_ids"):
        body = {k: v for k, v in participant_body("Anna").items() if k != field}
        r = await api.call("coord", "POST", "/participants", json=body)
        assert r.status_code == 400 and field in r.json()["detail"], (field, r.text)
    body = {k: v for k, v in employer_body(1, "A").items() if k != "csr_partner"}
    assert (await api.call("coord", "POST", "/employers", json=body)).status_code == 400
