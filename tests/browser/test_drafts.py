"""Drafts in a real browser, on the demo world: a coordinator finds the need an employer started,
completes it with one more task and publishes it; then imports a job ad, first malformed (the
message is on the form, the text kept), then whole (a draft with its recognised occupation)."""
from __future__ import annotations

import json
from typing import Any

AD = {"id": "b-1", "headline": "Diskare till restaurangkök",
      "description": {"text": "Vi söker en diskare.\n\nArbetsuppgifter:\n- Diska porslin och kastruller\n"
                              "- Hålla ordning i diskrummet\n"}}


def test_a_draft_is_completed_and_published_and_an_ad_imported(tab: Any) -> None:
    page = tab.page
    tab.login("coordinator")
    tab.go("/needs")
    page.locator("#status").select_option("draft")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Hjälp vid returstationen").click()
    assert "Det här är ett utkast" in page.content()
    assert tab.axe() == []
    page.get_by_role("link", name="Komplettera").click()
    page.locator("#task_title_1").fill("Sortera returer på hyllor")
    page.locator("#task_adaptable_1").check()
    page.get_by_role("button", name="Spara och publicera").click()
    assert "Behovet är publicerat" in page.content()
    assert "Sortera returer på hyllor" in page.content() and "kan anpassas" in page.content()
    assert page.get_by_role("button", name="Pausa").count() == 1  # published: no longer a draft

    tab.go("/needs/import")
    page.locator("#workplace_id").select_option(label="Restaurang Lingonet AB: Lingonet, Ågatan Linköping")
    page.locator("#ad").fill('{"headline": 7}')
    page.get_by_role("button", name="Importera som utkast").click()
    assert "ad.headline" in page.content() and page.locator("#ad").input_value() == '{"headline": 7}'
    assert tab.axe() == []
    page.locator("#ad").fill(json.dumps(AD, ensure_ascii=False))
    page.get_by_role("button", name="Importera som utkast").click()
    assert "Annonsen är importerad som ett utkast" in page.content()
    assert "<h1>Diskare till restaurangkök</h1>" in page.content() and "SSYK" in page.content()
    # the refused import answers 422 (Chromium logs that status); nothing else went wrong
    assert [e for e in tab.console_errors if "status of 422" not in e] == []
