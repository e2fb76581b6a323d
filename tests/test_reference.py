"""Our own reference catalogues (vta/reference/*.json) and their loader."""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest

from vta import reference

CONTRACT_TAGS = {
    "reduced_hours", "flexible_start", "quiet_environment", "no_heavy_lifting", "written_instructions",
    "mentor_supervisor", "language_support", "accessible_premises", "near_public_transport",
    "frequent_breaks", "no_customer_contact", "step_up_hours",
}
# Tags that reveal a disability indirectly (domain.md 8.1): never shown to an employer as a tag.
INDIRECT_DISABILITY_TAGS = {"sius_support", "assistive_device", "personal_assistant_at_work"}
HEALTH_WORDS = re.compile(
    r"diagnos|adhd|autism|asperger|depression|ångest|psykisk|psykiatr|sjukdom|sjukskriv|"
    r"funktionsnedsätt|funktionshinder|handikapp|utbränd|utmattning|smärta|medicin|missbruk|besvär",
    re.IGNORECASE,
)
ORGS = {"AF", "FK", "KOMMUN", "REGION"}
APPLICANTS = {"EMPLOYER", "PARTICIPANT", "STAFF"}
PLACEMENT_TYPES = {"work_training", "work_practice", "subsidised_employment", "employment"}
DEFAULT_SCHEDULE = [
    ("pre_start", -7), ("day_1", 0), ("day_3", 3), ("week_1", 7), ("week_2", 14), ("week_3", 21),
    ("week_4", 28), ("month_2", 56), ("month_3", 91), ("month_6", 182), ("month_9", 273), ("month_12", 365),
]
WHO = {"participant", "coordinator", "supervisor", "sius"}
USES = {reference.COORDINATOR_REJECT, reference.EMPLOYER_DECLINE, reference.PARTICIPANT_DECLINE,
        reference.PLACEMENT_END_EARLY}
LOWER_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")


@pytest.mark.parametrize("name", reference.CATALOGUES)
def test_catalogue_envelope(name):
    data = reference.load(name)
    assert set(data) >= {"version", "valid_from", "items"}
    assert isinstance(data["version"], int) and data["version"] >= 1
    dt.date.fromisoformat(data["valid_from"])
    assert data["items"], name
    codes = [item["code"] for item in data["items"]]
    assert len(codes) == len(set(codes)), f"duplicate codes in {name}"
    assert reference.version(name) == data["version"]


@pytest.mark.parametrize("name", reference.CATALOGUES)
def test_catalogues_ship_as_package_data(name):
    assert resources.files("vta.reference").joinpath(f"{name}.json").is_file()


# Adaptation tags -------------------------------------------------------------------------

def test_every_contract_tag_exists():
    assert CONTRACT_TAGS <= reference.tag_codes()


def test_tag_fields():
    for tag in reference.adaptation_tags():
        assert LOWER_SNAKE.match(tag["code"]), tag["code"]
        for field in ("label_sv", "label_en", "employer_wording_sv"):
            assert isinstance(tag[field], str) and tag[field].strip(), (tag["code"], field)
        assert isinstance(tag["work_level"], bool) and isinstance(tag["special_category"], bool)
        assert len(tag["code"]) <= 60


def test_employer_wording_is_a_workplace_action_without_health_words():
    for tag in reference.adaptation_tags():
        assert not HEALTH_WORDS.search(tag["employer_wording_sv"]), tag["code"]
        assert not HEALTH_WORDS.search(tag["label_sv"]), tag["code"]


def test_written_instructions_wording():
    assert reference.adaptation_tag("written_instructions")["employer_wording_sv"] == \
        "Skriftliga instruktioner och checklistor"


def test_work_level_tags():
    codes = reference.work_level_codes()
    assert CONTRACT_TAGS <= codes, "every contract tag can be shown to an employer with consent"
    assert INDIRECT_DISABILITY_TAGS <= reference.tag_codes()
    assert not (INDIRECT_DISABILITY_TAGS & codes)
    for code in INDIRECT_DISABILITY_TAGS:
        assert reference.adaptation_tag(code)["special_category"] is True
    assert {t["code"] for t in reference.work_level_tags()} == codes
    assert all(t["work_level"] for t in reference.work_level_tags())


def test_unknown_tag_is_none():
    assert reference.adaptation_tag("no_such_tag") is None


# Support instruments ---------------------------------------------------------------------

def test_support_instruments():
    instruments = reference.support_instruments()
    codes = {i["code"] for i in instruments}
    assert {"WAGE_SUBSIDY_DEVELOPMENT", "WAGE_SUBSIDY_EMPLOYMENT", "WAGE_SUBSIDY_SECURITY",
            "PUBLIC_SHELTERED_WORK", "NEW_START_JOB", "INTRODUCTION_JOB", "ASSISTIVE_DEVICE_GRANT",
            "PERSONAL_ASSISTANT_GRANT", "SIUS", "SUPERVISOR_SUPPORT"} <= codes
    for i in instruments:
        assert UPPER_SNAKE.match(i["code"]) and len(i["code"]) <= 40, i["code"]
        assert i["name_sv"].strip() and i["name_en"].strip()
        assert i["granted_by"] and set(i["granted_by"]) <= ORGS, i["code"]
        assert i["applicant"] and set(i["applicant"]) <= APPLICANTS, i["code"]
        assert set(i["placement_types"]) <= PLACEMENT_TYPES, i["code"]
        assert "verify" in i["notes_en"].lower(), i["code"]


def test_assistive_devices_can_come_from_af_or_fk():
    grant = next(i for i in reference.support_instruments() if i["code"] == "ASSISTIVE_DEVICE_GRANT")
    assert set(grant["granted_by"]) == {"AF", "FK"}


def test_no_amounts_or_durations_hard_coded():
    amount_or_duration = re.compile(
        r"\d[\d\s.,]*\s*(sek|kr|kronor|%|procent|days?|weeks?|months?|years?|dagar|veckor|månader|år)\b",
        re.IGNORECASE)
    forbidden_keys = {"amount", "max_amount", "duration", "max_months", "max_duration", "percent"}
    for i in reference.support_instruments():
        assert not (forbidden_keys & set(i)), i["code"]
        for value in i.values():
            if isinstance(value, str):
                assert not amount_or_duration.search(value), (i["code"], value)


def test_active_only_drops_legacy_instruments():
    active = {i["code"] for i in reference.support_instruments(active_only=True)}
    assert "EXTRA_JOB" in {i["code"] for i in reference.support_instruments()}
    assert "EXTRA_JOB" not in active
    assert "WAGE_SUBSIDY_DEVELOPMENT" in active


# Checkpoint templates --------------------------------------------------------------------

def test_default_template_schedule():
    template = reference.checkpoint_template()
    assert template["code"] == "default"
    start = [c for c in template["checkpoints"] if not c["on_end"]]
    assert [(c["kind"], c["offset_days"]) for c in start] == DEFAULT_SCHEDULE


@pytest.mark.parametrize("name", [t["code"] for t in reference.items("checkpoint_templates")])
def test_template_offsets_unique_and_sorted(name):
    template = reference.checkpoint_template(name)
    kinds = [c["kind"] for c in template["checkpoints"]]
    assert len(kinds) == len(set(kinds))
    for group in (True, False):
        offsets = [c["offset_days"] for c in template["checkpoints"] if c["on_end"] is group]
        assert offsets == sorted(offsets)
        assert len(offsets) == len(set(offsets))
    for c in template["checkpoints"]:
        assert isinstance(c["offset_days"], int)
        assert LOWER_SNAKE.match(c["kind"]) and len(c["kind"]) <= 20, c["kind"]
        assert c["who"] and set(c["who"]) <= WHO, c["kind"]
        assert c["purpose_en"].strip() and c["purpose_sv"].strip()


def test_exit_checkpoint_is_created_on_end():
    template = reference.checkpoint_template("default")
    exit_cp = next(c for c in template["checkpoints"] if c["kind"] == "exit")
    assert exit_cp["on_end"] is True
    assert [c["kind"] for c in reference.end_checkpoints()][0] == "exit"
    assert all(c["on_end"] for c in reference.end_checkpoints())
    assert [(c["kind"], c["offset_days"]) for c in reference.start_checkpoints()] == DEFAULT_SCHEDULE


def test_unknown_template():
    with pytest.raises(KeyError):
        reference.checkpoint_template("nope")


# Reason codes ----------------------------------------------------------------------------

def test_reason_codes():
    for r in reference.reason_codes():
        assert LOWER_SNAKE.match(r["code"]) and len(r["code"]) <= 40, r["code"]
        assert r["applies_to"] and set(r["applies_to"]) <= USES, r["code"]
        assert r["label_sv"].strip() and r["label_en"].strip()
    reject = reference.reason_code_set(reference.COORDINATOR_REJECT)
    decline = reference.reason_code_set(reference.EMPLOYER_DECLINE)
    assert {"poor_task_fit", "too_far", "hours_mismatch", "adaptation_not_feasible", "participant_not_ready",
            "participant_declined", "employer_capacity", "timing", "other"} <= reject
    assert {"poor_task_fit", "hours_mismatch", "adaptation_not_feasible", "employer_capacity", "timing",
            "other"} <= decline
    early = reference.reason_code_set(reference.PLACEMENT_END_EARLY)
    assert {"participant_choice", "health", "employer_ended", "mismatch", "support_not_granted",
            "income_support_conflict", "consent_withdrawn", "other"} <= early
    for use in USES:
        assert "other" in reference.reason_code_set(use)


def test_reason_codes_filter():
    decline = reference.reason_codes(reference.EMPLOYER_DECLINE)
    assert decline and all(reference.EMPLOYER_DECLINE in r["applies_to"] for r in decline)
    assert "participant_not_ready" not in {r["code"] for r in decline}
    assert len(reference.reason_codes()) > len(decline)
    assert reference.reason_codes("nothing") == []


def test_health_reason_is_special_category():
    health = next(r for r in reference.reason_codes() if r["code"] == "health")
    assert health["special_category"] is True


# Loader ----------------------------------------------------------------------------------

def test_load_returns_copies():
    data = reference.load("adaptation_tags")
    data["items"].clear()
    reference.adaptation_tags()[0]["code"] = "mutated"
    reference.checkpoint_template()["checkpoints"].clear()
    assert reference.load("adaptation_tags")["items"]
    assert reference.adaptation_tags()[0]["code"] != "mutated"
    assert reference.checkpoint_template()["checkpoints"]


def test_load_is_cached():
    reference.clear_cache()
    reference.load("reason_codes")
    reference.load("reason_codes")
    assert reference._read.cache_info().hits >= 1


@pytest.mark.parametrize("name", ["../pyproject", "Adaptation_Tags", "", "a/b"])
def test_load_rejects_bad_names(name):
    with pytest.raises(ValueError):
        reference.load(name)


def test_load_unknown_catalogue():
    with pytest.raises(KeyError):
        reference.load("no_such_catalogue")
