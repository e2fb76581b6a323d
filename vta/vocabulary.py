"""Every code the product knows, defined once, each with its Swedish and English label.

Schemas, models (check constraints), services, the CLI and `GET /vocabularies` all build on this
module. Where one of our reference catalogues (vta/reference) already describes a code (adaptation
tags, reason codes, checkpoint kinds), the terms are built from it, so the two never disagree.
The matching engine keeps its own ordered copy of the Swedish levels (it imports nothing from
vta); tests/test_vocabulary.py holds the two equal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from vta import reference
from vta.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    label_sv: str
    label_en: str
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. help_sv, applies_to

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label_sv": self.label_sv, "label_en": self.label_en, **self.extra}


class Vocabulary:
    """An ordered set of codes (the order is meaningful where it matters, e.g. Swedish levels)."""

    def __init__(self, name: str, terms: list[Term] | tuple[Term, ...]) -> None:
        self.name = name
        self.terms = tuple(terms)
        self.codes: tuple[str, ...] = tuple(t.code for t in self.terms)
        if len(set(self.codes)) != len(self.codes):
            raise ValueError(f"vocabulary {name} names a code twice")
        self._by_code = {t.code: t for t in self.terms}

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):  # noqa: ANN204
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def label(self, code: str, lang: str = "sv") -> str:
        term = self._by_code.get(code)
        if term is None:
            return code
        return term.label_sv if lang == "sv" else term.label_en

    def valid(self) -> str:
        return ", ".join(self.codes)

    def check(self, value: str, field_name: str) -> str:
        """The value itself, or a 422 that names the valid values."""
        if value not in self._by_code:
            raise InvalidInput(f"{field_name} must be one of {self.valid()} (got {str(value)[:40]!r}).")
        return value

    def check_all(self, values: list[str] | tuple[str, ...], field_name: str) -> list[str]:
        """Sorted distinct values, or a 422 that names the unknown ones and the valid values."""
        unknown = sorted(set(values) - set(self.codes))
        if unknown:
            raise InvalidInput(f"{field_name} has unknown values: {', '.join(u[:40] for u in unknown)}; "
                               f"valid values are {self.valid()}.")
        return sorted(set(values))

    def sql_in(self, column: str) -> str:
        """A CHECK constraint body limiting `column` to these codes."""
        return f"{column} IN ({', '.join(repr(c) for c in self.codes)})"

    def as_list(self) -> list[dict[str, Any]]:
        return [t.as_dict() for t in self.terms]


def _v(name: str, *rows: tuple[str, str, str]) -> Vocabulary:
    return Vocabulary(name, [Term(c, sv, en) for c, sv, en in rows])


PLACEMENT_TYPES = _v(
    "placement_types",
    ("work_training", "Arbetsträning", "Work training"),
    ("work_practice", "Arbetspraktik", "Work practice"),
    ("subsidised_employment", "Subventionerad anställning", "Subsidised employment"),
    ("employment", "Anställning", "Employment"),
)
SWEDISH_LEVELS = _v(  # ordered, lowest first
    "swedish_levels",
    ("none", "Ingen svenska", "No Swedish"),
    ("basic", "Grundläggande svenska", "Basic Swedish"),
    ("good", "God svenska", "Good Swedish"),
    ("fluent", "Flytande svenska", "Fluent Swedish"),
)
SECTORS = _v(
    "sectors",
    ("private", "Privat sektor", "Private sector"),
    ("public", "Offentlig sektor", "Public sector"),
    ("nonprofit", "Idéburen sektor", "Non-profit sector"),
)
OUTCOMES = _v(
    "outcomes",
    ("employment", "Anställning", "Employment"),
    ("subsidised_employment", "Subventionerad anställning", "Subsidised employment"),
    ("studies", "Studier", "Studies"),
    ("other_programme", "Annan insats", "Other programme"),
    ("job_seeker", "Arbetssökande", "Job seeker"),
    ("ended_early", "Avbruten i förtid", "Ended early"),
)
# Follow-up fields of a participant (domain.md §6, SUS practice), optional, for statistics.
GENDERS = _v(
    "genders",
    ("woman", "Kvinna", "Woman"),
    ("man", "Man", "Man"),
    ("other", "Annat", "Other"),
)
INCOME_SOURCES = _v(  # SUS: the main income source (försörjning) at start and at exit
    "income_sources",
    ("a_kassa", "A-kassa", "Unemployment insurance"),
    ("aktivitetsstod", "Aktivitetsstöd", "Activity support"),
    ("utvecklingsersattning", "Utvecklingsersättning", "Development allowance"),
    ("etableringsersattning", "Etableringsersättning", "Establishment allowance"),
    ("sjukpenning", "Sjukpenning", "Sickness benefit"),
    ("rehabiliteringspenning", "Rehabiliteringspenning", "Rehabilitation benefit"),
    ("sjukersattning", "Sjukersättning", "Sickness compensation"),
    ("aktivitetsersattning", "Aktivitetsersättning", "Activity compensation"),
    ("forsorjningsstod", "Försörjningsstöd", "Social assistance"),
    ("wages", "Lön/egen försörjning", "Wages/own income"),
    ("study_allowance", "Studiemedel", "Student finance"),
    ("other", "Annan", "Other"),
    ("none", "Ingen", "None"),
)
SUS_OCCUPATIONS = _v(  # SUS: what the person does at start and at exit
    "sus_occupations",
    ("working", "Arbetar", "Working"),
    ("studying", "Studerar", "Studying"),
    ("job_seeker", "Arbetssökande", "Job seeker"),
    ("none", "Ingen sysselsättning", "None of these"),
)
CONSENT_SCOPES = _v(
    "consent_scopes",
    ("share_with_employers", "Dela uppgifter med arbetsgivare", "Share with employers"),
    ("statistics", "Statistik", "Statistics"),
    ("bip_assessment", "BIP-bedömning", "BIP assessment"),
)
ROLES = _v(
    "roles",
    ("admin", "Administratör", "Administrator"),
    ("coordinator", "Arbetsgivarkoordinator", "Employer coordinator"),
    ("employer", "Arbetsgivare", "Employer"),
    ("csr", "CSR-partner", "CSR partner"),
)
NEED_STATUSES = _v(
    "need_statuses",
    ("open", "Öppet", "Open"),
    ("partially_filled", "Delvis tillsatt", "Partly filled"),
    ("filled", "Tillsatt", "Filled"),
    ("paused", "Pausat", "Paused"),
    ("closed", "Stängt", "Closed"),
    ("draft", "Utkast", "Draft"),  # a needs analysis not yet published: never matched
)
NEED_STATUS_SETTABLE = ("open", "paused", "closed")  # what PATCH /needs/{id} may set; the rest follow slots
MATCHABLE_NEED_STATUSES = ("open", "partially_filled")  # "only open needs are matched" (with free slots)
RUN_STATUSES = _v(
    "run_statuses",
    ("queued", "I kö", "Queued"),
    ("running", "Pågår", "Running"),
    ("succeeded", "Klar", "Succeeded"),
    ("failed", "Misslyckades", "Failed"),
)
PROPOSAL_KINDS = _v(
    "proposal_kinds",
    ("assignment", "Förslag", "Assignment"),
    ("alternative", "Alternativ", "Alternative"),
)
PROPOSAL_STATUSES = _v(
    "proposal_statuses",
    ("proposed", "Föreslagen", "Proposed"),
    ("approved", "Godkänd av koordinator", "Approved"),
    ("rejected", "Avvisad av koordinator", "Rejected"),
    ("withdrawn", "Godkännande återkallat", "Approval withdrawn"),
    ("accepted", "Antagen av arbetsgivaren", "Accepted by the employer"),
    ("declined", "Avböjd av arbetsgivaren", "Declined by the employer"),
    ("expired", "Inaktuell", "Expired"),
)
PLACEMENT_STATUSES = _v(
    "placement_statuses",
    ("agreeing", "Överenskommelse", "Agreeing"),
    ("ready_to_start", "Redo att starta", "Ready to start"),
    ("introduction", "Introduktion", "Introduction"),
    ("follow_up", "Uppföljning", "Follow-up"),
    ("on_hold", "Vilande", "On hold"),
    ("completed", "Avslutad", "Completed"),
    ("ended_early", "Avbruten i förtid", "Ended early"),
)
CHECKPOINT_STATUSES = _v(  # "overdue" is derived from the due date, never stored
    "checkpoint_statuses",
    ("scheduled", "Planerad", "Scheduled"),
    ("done", "Genomförd", "Done"),
    ("overdue", "Försenad", "Overdue"),
    ("skipped", "Utgick", "Skipped"),
)
STORED_CHECKPOINT_STATUSES = ("scheduled", "done", "skipped")
NOTIFICATION_KINDS = _v(
    "notification_kinds",
    ("checkpoint_due", "Uppföljning att göra", "Checkpoint due"),
    ("checkpoint_overdue", "Uppföljning försenad", "Checkpoint overdue"),
    ("candidate_accepted", "Kandidat antagen av arbetsgivaren", "Candidate accepted"),
    ("candidate_declined", "Kandidat avböjd av arbetsgivaren", "Candidate declined"),
    ("proposals_waiting", "Förslag väntar på granskning", "Proposals waiting for review"),
    ("employer_next_step", "Nästa steg hos arbetsgivare", "Next step with an employer"),
    ("support_expiring", "Stödbeslut löper snart ut", "Support decision runs out soon"),
)
# The employer work (api-contract v1.2).
INTERACTION_KINDS = _v(
    "interaction_kinds",
    ("visit", "Besök", "Visit"),
    ("call", "Samtal", "Call"),
    ("email", "E-post", "E-mail"),
    ("meeting", "Möte", "Meeting"),
)
INCLUSION_STANCES = _v(  # domain.md 2.1; internal to coordinators
    "inclusion_stances",
    ("unknown", "Okänd", "Unknown"),
    ("burden", "Belastning", "Burden"),
    ("resource", "Resurs", "Resource"),
    ("environment_relative", "Miljörelativ", "Environment-relative"),
)
AUTHORITIES = _v(
    "authorities",
    ("af", "Arbetsförmedlingen", "Public Employment Service"),
    ("fk", "Försäkringskassan", "Social Insurance Agency"),
    ("kommun", "Kommunen", "Municipality"),
    ("region", "Regionen", "Region"),
    ("other", "Annan", "Other"),
)
SUPPORT_DECISION_STATUSES = _v(
    "support_decision_statuses",
    ("applied", "Ansökt", "Applied for"),
    ("granted", "Beviljat", "Granted"),
    ("rejected", "Avslaget", "Rejected"),
)
DEVIATION_STATUSES = _v(  # the handling flow of domain.md 7, in order
    "deviation_statuses",
    ("new", "Ny", "New"),
    ("under_review", "Under utredning", "Under review"),
    ("raised", "Lyft i beredningsgruppen", "Raised"),
    ("answered", "Besvarad", "Answered"),
    ("published", "Publicerad", "Published"),
)

# Labels of the checkpoint kinds our templates use (their purpose comes from the template).
_CHECKPOINT_LABELS = {
    "pre_start": ("Före start", "Before the start"), "day_1": ("Första dagen", "First day"),
    "day_3": ("Dag 3", "Day 3"), "week_1": ("Vecka 1", "Week 1"), "week_2": ("Vecka 2", "Week 2"),
    "week_3": ("Vecka 3", "Week 3"), "week_4": ("Vecka 4", "Week 4"), "month_2": ("Månad 2", "Month 2"),
    "month_3": ("Månad 3", "Month 3"), "month_6": ("Månad 6", "Month 6"), "month_9": ("Månad 9", "Month 9"),
    "month_12": ("Månad 12", "Month 12"), "exit": ("Avslut", "Exit"),
    "post_exit_3m": ("3 månader efter avslut", "3 months after exit"),
    "post_exit_6m": ("6 månader efter avslut", "6 months after exit"),
    "post_exit_12m": ("12 månader efter avslut", "12 months after exit"),
}


class _Catalogues:
    """The vocabularies built from the reference catalogues, read once on first use."""

    @cached_property
    def adaptation_tags(self) -> Vocabulary:
        # help_sv: the plain wording the catalogue already has for what the workplace does.
        return Vocabulary("adaptation_tags", [
            Term(t["code"], t["label_sv"], t["label_en"],
                 {"help_sv": t.get("employer_wording_sv"), "work_level": bool(t.get("work_level"))})
            for t in reference.adaptation_tags()])

    @cached_property
    def reason_codes(self) -> Vocabulary:
        return Vocabulary("reason_codes", [Term(r["code"], r["label_sv"], r["label_en"],
                                                {"applies_to": list(r["applies_to"])})
                                           for r in reference.reason_codes()])

    @cached_property
    def checkpoint_kinds(self) -> Vocabulary:
        seen: dict[str, Term] = {}
        for template in reference.items("checkpoint_templates"):
            for cp in template["checkpoints"]:
                sv, en = _CHECKPOINT_LABELS.get(cp["kind"], (cp["kind"], cp["kind"]))
                seen.setdefault(cp["kind"], Term(cp["kind"], sv, en, {"help_sv": cp.get("purpose_sv")}))
        return Vocabulary("checkpoint_kinds", list(seen.values()))

    @cached_property
    def support_instruments(self) -> Vocabulary:
        return Vocabulary("support_instruments", [
            Term(i["code"], i["name_sv"], i["name_en"],
                 {"decided_by": sorted(g.lower() for g in i.get("granted_by", [])), "active": i.get("active", True),
                  "version": reference.version("support_instruments")})
            for i in reference.support_instruments()])

    @cached_property
    def bip_indicators(self) -> Vocabulary:
        cat = reference.load("bip_indicators")
        return Vocabulary("bip_indicators", [
            Term(i["code"], i["label_sv"], i["label_en"],
                 {"respondents": list(i["respondents"]), "sourced": i["sourced"], "scale": dict(cat["scale"]),
                  "version": cat["version"]})
            for i in cat["items"]])

    @cached_property
    def deviation_categories(self) -> Vocabulary:
        return Vocabulary("deviation_categories", [Term(c["code"], c["label_sv"], c["label_en"])
                                                   for c in reference.items("deviation_categories")])

    def reasons_for(self, applies_to: str) -> Vocabulary:
        return Vocabulary(f"reason_codes ({applies_to})",
                          [t for t in self.reason_codes.terms if applies_to in t.extra["applies_to"]])


CATALOGUES = _Catalogues()


def adaptation_tags() -> Vocabulary:
    return CATALOGUES.adaptation_tags


def reason_codes(applies_to: str | None = None) -> Vocabulary:
    return CATALOGUES.reason_codes if applies_to is None else CATALOGUES.reasons_for(applies_to)


def checkpoint_kinds() -> Vocabulary:
    return CATALOGUES.checkpoint_kinds


def support_instruments() -> Vocabulary:
    return CATALOGUES.support_instruments


def bip_indicators() -> Vocabulary:
    return CATALOGUES.bip_indicators


def deviation_categories() -> Vocabulary:
    return CATALOGUES.deviation_categories


def work_level_tags() -> frozenset[str]:
    """Tags that may be shown to an employer (with consent): workplace actions, no health wording."""
    return frozenset(t.code for t in adaptation_tags().terms if t.extra["work_level"])


def all_vocabularies() -> dict[str, list[dict[str, Any]]]:
    """What GET /vocabularies serves: the contract's seven lists first, then the statuses."""
    fixed = {"placement_types": PLACEMENT_TYPES, "adaptation_tags": adaptation_tags(),
             "swedish_levels": SWEDISH_LEVELS, "sectors": SECTORS, "reason_codes": reason_codes(),
             "checkpoint_kinds": checkpoint_kinds(), "outcomes": OUTCOMES}
    more = (CONSENT_SCOPES, ROLES, NEED_STATUSES, RUN_STATUSES, PROPOSAL_KINDS, PROPOSAL_STATUSES,
            PLACEMENT_STATUSES, CHECKPOINT_STATUSES, NOTIFICATION_KINDS,
            support_instruments(), bip_indicators(), deviation_categories(), INTERACTION_KINDS,
            INCLUSION_STANCES, AUTHORITIES, SUPPORT_DECISION_STATUSES, DEVIATION_STATUSES,
            GENDERS, INCOME_SOURCES, SUS_OCCUPATIONS)
    return {**{k: v.as_list() for k, v in fixed.items()}, **{v.name: v.as_list() for v in more}}


# Which vocabulary a request field holds: validation errors name its valid values (api/errors.py).
FIELDS: dict[str, Any] = {
    "placement_types": PLACEMENT_TYPES, "swedish_level": SWEDISH_LEVELS, "swedish_level_required": SWEDISH_LEVELS,
    "sector": SECTORS, "outcome": OUTCOMES, "scope": CONSENT_SCOPES, "role": ROLES,
    "inclusion_stance": INCLUSION_STANCES, "decided_by": AUTHORITIES,
    "gender": GENDERS, "income_source": INCOME_SOURCES, "occupation": SUS_OCCUPATIONS,
}
