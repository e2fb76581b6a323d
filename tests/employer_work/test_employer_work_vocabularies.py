"""GET /vocabularies also serves the employer work's codes (api-contract v1.2), labelled."""
from __future__ import annotations

from vta import reference
from vta.vocabulary import all_vocabularies


def test_the_four_lists_of_v12_are_served_with_labels() -> None:
    served = all_vocabularies()
    for name in ("support_instruments", "bip_indicators", "deviation_categories", "interaction_kinds"):
        assert served[name], name
        for term in served[name]:
            assert term["code"] and term["label_sv"] and term["label_en"], (name, term)
    assert {t["code"] for t in served["interaction_kinds"]} == {"visit", "call", "email", "meeting"}
    assert {t["code"] for t in served["support_instruments"]} == {i["code"] for i in reference.support_instruments()}
    sius = next(t for t in served["support_instruments"] if t["code"] == "SIUS")
    assert sius["decided_by"] == ["af"] and sius["active"] is True
    bip = {t["code"]: t for t in served["bip_indicators"]}
    assert len(bip) == 11 and bip["cooperation"]["scale"] == {"min": 1, "max": 5}
    assert [t["code"] for t in served["deviation_statuses"]] == ["new", "under_review", "raised", "answered",
                                                                 "published"]
