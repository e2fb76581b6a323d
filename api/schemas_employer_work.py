"""Request and response shapes of the employer work (api-contract.md, "Additions of v1.2"):
relationship, support decisions, deviation reports, BIP assessments, what would open a need."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta, Struct

from api.schemas import Id, Name, Text

_NO_NUL = r"^[^\x00]*$"
Email = Annotated[str, Meta(min_length=3, max_length=254, pattern=r"^[^\x00@\s]+@[^\x00@\s]+$")]
Phone = Annotated[str, Meta(min_length=3, max_length=40, pattern=r"^\+?[0-9 ()\-]+$")]
Title = Annotated[str, Meta(min_length=1, max_length=100, pattern=_NO_NUL)]


# --- relationship -------------------------------------------------------------------------------

class ContactCreate(Struct):
    name: Name
    title: Title | None = None
    email: Email | None = None
    phone: Phone | None = None


class ContactOut(Struct):
    id: str
    employer_id: str
    name: str
    title: str | None
    email: str | None
    phone: str | None


class InteractionCreate(Struct):
    kind: Literal["visit", "call", "email", "meeting"]
    occurred_on: date
    notes: Text
    next_step: Text | None = None
    next_step_due: date | None = None


class InteractionOut(Struct):
    id: str
    employer_id: str
    kind: str
    occurred_on: date
    notes: str
    next_step: str | None
    next_step_due: date | None
    user_id: str | None
    created_at: str


class RelationshipUpdate(Struct):
    owner_id: Id | None = None
    inclusion_stance: Literal["unknown", "burden", "resource", "environment_relative"] | None = None


class RelationshipOut(Struct):
    employer_id: str
    owner_id: str | None
    inclusion_stance: str
    last_contact_on: date | None


# --- support decisions --------------------------------------------------------------------------

Instrument = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_]+$")]
DecidedBy = Literal["af", "fk", "kommun", "region", "other"]
SupportStatus = Literal["applied", "granted", "rejected"]


class SupportDecisionCreate(Struct):
    instrument: Instrument
    decided_by: DecidedBy
    status: SupportStatus
    applied_on: date
    valid_from: date | None = None
    valid_to: date | None = None
    reference_no: Annotated[str, Meta(max_length=60, pattern=_NO_NUL)] | None = None


class SupportDecisionUpdate(Struct):
    status: SupportStatus | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class SupportDecisionOut(Struct):
    id: str
    placement_id: str
    instrument: str
    decided_by: str
    status: str
    applied_on: date | None
    valid_from: date | None
    valid_to: date | None
    reference_no: str | None


# --- deviation reports --------------------------------------------------------------------------

Code = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
DeviationStatus = Literal["new", "under_review", "raised", "answered", "published"]


class DeviationCreate(Struct):
    category: Code
    involved_orgs: Annotated[list[Literal["af", "fk", "kommun", "region", "other"]], Meta(min_length=1, max_length=5)]
    description: Annotated[str, Meta(min_length=1, max_length=5000, pattern=_NO_NUL)]
    suggested_improvement: Text | None = None


class DeviationMove(Struct):
    status: DeviationStatus
    answer_text: Text | None = None


class DeviationOut(Struct):
    id: str
    status: str
    category: str
    involved_orgs: list[str]
    description: str
    suggested_improvement: str | None
    answer_text: str | None
    created_at: str
    answered_at: str | None


# --- BIP assessments ----------------------------------------------------------------------------

class BipAssessmentCreate(Struct):
    assessed_on: date
    scores: Annotated[dict[Code, int], Meta(min_length=1, max_length=50)]
    respondent: Literal["caseworker", "participant"] = "caseworker"


class BipAssessmentOut(Struct):
    id: str
    participant_id: str
    assessed_on: date
    respondent: str
    indicator_set_version: int
    scores: dict[str, int]
