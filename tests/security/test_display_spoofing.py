"""Names and e-mail addresses (issue 15): bidirectional and zero-width control characters are
refused with a 4xx that says why and nothing is stored; what is stored is NFC."""
from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.api.conftest import PASSWORD, running_app
from tests.security.world import participant_fields, table_fingerprints

SPOOFS = ["Anna\u202eavoK", "Anna\u2066Kova\u2069", "Anna\u200bKova", "Anna\u200dKova", "\ufeffAnna",
          "Anna\u00adKova", "Anna\u2028Kova", "Anna\u0007Kova", "Anna\u061cKova", "Anna\U000e0041Kova"]


@pytest.mark.parametrize("value", SPOOFS)
def test_invisible_characters_are_refused(value: str) -> None:
    from vta.errors import InvalidInput
    from vta.text_rules import clean_email, clean_name

    with pytest.raises(InvalidInput) as refused:
        clean_name(value, "display_name")
    assert refused.value.detail.startswith("display_name contains invisible control characters")
    with pytest.raises(InvalidInput):
        clean_email(value.replace("Kova", "") + "@test.se")


def test_names_are_stored_nfc() -> None:
    from vta.text_rules import clean_email, clean_name

    decomposed = unicodedata.normalize("NFD", "Zoë Åström")
    assert decomposed != "Zoë Åström" and clean_name(f"  {decomposed} ", "display_name") == "Zoë Åström"
    assert clean_email(unicodedata.normalize("NFD", "Åsa@Test.se")) == "åsa@test.se"
    assert clean_name("Nguyễn Thị Minh Khai – بشير", "display_name")  # letters of any script are fine


async def test_the_api_refuses_them_and_stores_nothing(settings: Any, fast_hashing: None) -> None:
    from vta.db import make_engine, make_sessionmaker

    async with running_app(settings) as api:
        engine = make_engine(settings.database_url)
        db = make_sessionmaker(engine)
        try:
            before = await table_fingerprints(db, skip=("audit_events",))
            for value in SPOOFS:
                body = {**_participant_body(), "display_name": value}
                r = await api.call("coord", "POST", "/participants", json=body)
                assert r.status_code in (400, 422) and set(r.json()) == {"detail"}, (value, r.text)
                r = await api.call("admin", "POST", "/users", json={
                    "email": value.replace("Kova", "") + "@test.se", "password": PASSWORD, "role": "coordinator"})
                assert r.status_code in (400, 422) and set(r.json()) == {"detail"}, (value, r.text)
                r = await api.call("coord", "POST", "/employers", json={
                    "name": value, "org_number": "556677-8899", "sector": "private", "csr_partner": False})
                assert r.status_code in (400, 422) and set(r.json()) == {"detail"}, (value, r.text)
            assert await table_fingerprints(db, skip=("audit_events",)) == before
            decomposed = unicodedata.normalize("NFD", "Zoë Åström")
            made = await api.call("coord", "POST", "/participants", 201,
                                  json={**_participant_body(), "display_name": decomposed})
            assert made.json()["display_name"] == "Zoë Åström"
            async with db() as session:  # names are sealed: read them through the model, which opens them
                from sqlalchemy import select

                from vta.models import Participant

                names = list((await session.execute(select(Participant.display_name))).scalars())
            assert names == ["Zoë Åström"]
            await api.call("admin", "POST", "/users", 201, json={
                "email": unicodedata.normalize("NFD", "Åsa@Test.se"), "password": PASSWORD, "role": "coordinator"})
            assert await api.login("åsa@test.se")  # stored NFC and lower case: either spelling logs in
            assert await api.login(unicodedata.normalize("NFD", "ÅSA@test.se"))
        finally:
            await engine.dispose()


def _participant_body() -> dict[str, Any]:
    fields = participant_fields("x")
    fields["adaptation_needs"] = [{"tag": a.tag, "required": a.required} for a in fields["adaptation_needs"]]
    return fields
