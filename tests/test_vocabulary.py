"""The one vocabulary module: each code once, labelled, agreeing with the engine and the contract."""
from __future__ import annotations

import pytest

import matching
from vta import vocabulary as v
from vta.errors import InvalidInput

CONTRACT = {
    "placement_types": {"work_training", "work_practice", "subsidised_employment", "employment"},
    "adaptation_tags": {"reduced_hours", "flexible_start", "quiet_environment", "no_heavy_lifting",
                        "written_instructions", "mentor_supervisor", "language_support", "accessible_premises",
                        "near_public_transport", "frequent_breaks", "no_customer_contact", "step_up_hours"},
    "swedish_levels": {"none", "basic", "good", "fluent"},
    "sectors": {"private", "public", "nonprofit"},
    "outcomes": {"employment", "subsidised_employment", "studies", "other_programme", "job_seeker", "ended_early"},
}


def test_every_list_is_labelled_and_holds_the_contract_codes() -> None:
    served = v.all_vocabularies()
    for name in ("placement_types", "adaptation_tags", "swedish_levels", "sectors", "reason_codes",
                 "checkpoint_kinds", "outcomes"):
        assert served[name], name
        for term in served[name]:
            assert term["code"] and term["label_sv"] and term["label_en"], (name, term)
            assert term["label_sv"] != term["code"], (name, term)
    for name, codes in CONTRACT.items():
        assert codes <= {t["code"] for t in served[name]}, name
    assert all(t["help_sv"] for t in served["adaptation_tags"])
    assert {"withdrawn", "approved"} <= set(v.PROPOSAL_STATUSES)


def test_the_engine_orders_swedish_levels_as_the_vocabulary_does() -> None:
    assert tuple(matching.SWEDISH_LEVELS) == v.SWEDISH_LEVELS.codes


def test_a_wrong_code_is_refused_naming_the_valid_values() -> None:
    with pytest.raises(InvalidInput) as err:
        v.SWEDISH_LEVELS.check("excellent", "swedish_level")
    assert "none, basic, good, fluent" in err.value.detail
    with pytest.raises(InvalidInput) as err:
        v.PLACEMENT_TYPES.check_all(["volunteering", "employment"], "placement_types")
    assert "volunteering" in err.value.detail and "work_training" in err.value.detail
    assert v.PLACEMENT_TYPES.check_all(["employment", "employment"], "x") == ["employment"]
    assert v.reason_codes("employer_decline").codes != v.reason_codes().codes


def test_a_vocabulary_refuses_a_code_twice() -> None:
    with pytest.raises(ValueError):
        v.Vocabulary("x", [v.Term("a", "A", "A"), v.Term("a", "B", "B")])
