"""The follow-up fields statistics group by (domain.md §6, SUS practice): their codes, Swedish
labels, and the age band a birth year falls in. Optional on a participant: "not recorded" is a
category of its own in every table."""
from __future__ import annotations

from datetime import date

from vta import vocabulary

# Code -> Swedish label, from the one vocabulary (vta/vocabulary.py).
GENDERS = {t.code: t.label_sv for t in vocabulary.GENDERS.terms}
INCOME_SOURCES = {t.code: t.label_sv for t in vocabulary.INCOME_SOURCES.terms}
OCCUPATIONS = {t.code: t.label_sv for t in vocabulary.SUS_OCCUPATIONS.terms}
AGE_BANDS = {"16-24": "16-24 år", "25-34": "25-34 år", "35-44": "35-44 år", "45-54": "45-54 år", "55-64": "55-64 år",
             "65+": "65 år och äldre"}
NOT_RECORDED = "not_recorded"
OUTCOME_LABELS = {t.code: t.label_sv for t in vocabulary.OUTCOMES.terms}
WORK_OR_STUDIES = ("employment", "subsidised_employment", "studies")


def age_band(birth_year: int | None, on: date) -> str | None:
    if birth_year is None:
        return None
    age = on.year - birth_year
    for band in AGE_BANDS:
        low, _, high = band.partition("-")
        if band.endswith("+") or int(low) <= age <= int(high):
            return band if age >= 16 else None
    return None


def label(code: str | None, labels: dict[str, str]) -> str:
    return "Ej registrerat" if code in (None, NOT_RECORDED) else labels.get(code, code)
