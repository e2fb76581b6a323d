"""The follow-up fields statistics group by (domain.md §6, SUS practice): their codes, Swedish
labels, and the age band a birth year falls in. Optional on a participant: "not recorded" is a
category of its own in every table."""
from __future__ import annotations

from datetime import date

GENDERS = {"woman": "Kvinna", "man": "Man", "other": "Annat"}
# SUS income sources (försörjning), the main one at start and at exit.
INCOME_SOURCES = {
    "a_kassa": "A-kassa", "aktivitetsstod": "Aktivitetsstöd", "utvecklingsersattning": "Utvecklingsersättning",
    "etableringsersattning": "Etableringsersättning", "sjukpenning": "Sjukpenning",
    "rehabiliteringspenning": "Rehabiliteringspenning", "sjukersattning": "Sjukersättning",
    "aktivitetsersattning": "Aktivitetsersättning", "forsorjningsstod": "Försörjningsstöd",
    "wages": "Lön/egen försörjning", "study_allowance": "Studiemedel", "other": "Annan", "none": "Ingen",
}
# SUS occupation: working, studying, active job seeker, none of these.
OCCUPATIONS = {"working": "Arbetar", "studying": "Studerar", "job_seeker": "Arbetssökande",
               "none": "Ingen sysselsättning"}
AGE_BANDS = {"16-24": "16-24 år", "25-34": "25-34 år", "35-44": "35-44 år", "45-54": "45-54 år", "55-64": "55-64 år",
             "65+": "65 år och äldre"}
NOT_RECORDED = "not_recorded"
OUTCOME_LABELS = {"employment": "Anställning", "subsidised_employment": "Subventionerad anställning",
                  "studies": "Studier", "other_programme": "Annan insats", "job_seeker": "Arbetssökande",
                  "ended_early": "Avbrutet i förtid"}
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
