"""Request and response shapes of the public API (api-contract.md). Bounds live here, so bad
input is refused with a 400 before it reaches a service or the database."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from vta import vocabulary as v

# No NUL characters (PostgreSQL text cannot hold them) and a sane length on every string.
_NO_NUL = r"^[^\x00]*$"
_SOMETHING = r"^(?=[^\x00]*\S)[^\x00]*$"  # and not whitespace only (names, titles, skills)
Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=_SOMETHING)]
Text = Annotated[str, Meta(max_length=5000, pattern=_NO_NUL)]
Short = Annotated[str, Meta(min_length=1, max_length=100, pattern=_SOMETHING)]
Id = Annotated[str, Meta(min_length=1, max_length=64, pattern=_NO_NUL)]
Hours = Annotated[int, Meta(ge=1, le=40)]
Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
# Enums come from the one vocabulary module (vta/vocabulary.py).
PlacementType = Literal[v.PLACEMENT_TYPES.codes]  # type: ignore[valid-type]
SwedishLevel = Literal[v.SWEDISH_LEVELS.codes]  # type: ignore[valid-type]
Tag = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
Role = Literal[v.ROLES.codes]  # type: ignore[valid-type]
# Follow-up fields (vta/follow_up.py, domain.md §6): optional, for statistics.
Gender = Literal[v.GENDERS.codes]  # type: ignore[valid-type]
BirthYear = Annotated[int, Meta(ge=1900, le=2015)]
IncomeSource = Literal[v.INCOME_SOURCES.codes]  # type: ignore[valid-type]
Occupation = Literal[v.SUS_OCCUPATIONS.codes]  # type: ignore[valid-type]


class TokenRequest(Struct):
    email: Annotated[str, Meta(min_length=3, max_length=254, pattern=_NO_NUL)]
    password: Annotated[str, Meta(min_length=1, max_length=1000, pattern=_NO_NUL)]


class PasswordChange(Struct):
    current_password: Annotated[str, Meta(min_length=1, max_length=1000, pattern=_NO_NUL)]
    new_password: Annotated[str, Meta(min_length=12, max_length=1000, pattern=_NO_NUL)]  # vta/password_policy.py


class TokenResponse(Struct):
    access_token: str
    token_type: str = "bearer"


class UserCreate(Struct):
    email: Annotated[str, Meta(min_length=3, max_length=254, pattern=r"^[^\x00@\s]+@[^\x00@\s]+$")]
    password: Annotated[str, Meta(min_length=12, max_length=1000, pattern=_NO_NUL)]  # vta/password_policy.py
    role: Role
    employer_id: Id | None = None


class UserOut(Struct):
    id: str
    email: str
    role: str
    employer_id: str | None = None


class EmployerCreate(Struct):
    name: Name
    org_number: Annotated[str, Meta(min_length=10, max_length=13, pattern=_NO_NUL)]
    sector: Literal[v.SECTORS.codes]  # type: ignore[valid-type]
    csr_partner: bool


class EmployerOut(Struct):
    id: str
    name: str
    org_number: str
    sector: str
    csr_partner: bool
    last_contact_on: date | None = None  # in lists: the latest interaction (null if never)


class WorkplaceCreate(Struct):
    name: Name
    latitude: Latitude
    longitude: Longitude
    supervisor_capacity: Annotated[int, Meta(ge=0, le=1000)]
    municipality_code: Annotated[str, Meta(pattern=r"^[0-9]{4}$")] | None = None


class WorkplaceOut(Struct):
    id: str
    employer_id: str
    name: str
    latitude: float
    longitude: float
    municipality_code: str | None
    supervisor_capacity: int


# A field the contract lists is required unless the contract marks it optional ("?").
class TaskIn(Struct):
    title: Name
    description: Text
    core: bool = False  # a core task of the workplace (else supporting)
    adaptable: bool = False  # the employer can adapt how it is done


class NeedCreate(Struct):
    workplace_id: Id
    title: Name
    description: Text
    tasks: Annotated[list[TaskIn], Meta(max_length=50)]
    slots: Annotated[int, Meta(ge=1, le=1000)]
    hours_min: Hours
    hours_max: Hours
    placement_types: Annotated[list[PlacementType], Meta(min_length=1, max_length=10)]
    adaptations_offered: Annotated[list[Tag], Meta(max_length=50)]
    skills: Annotated[list[Short], Meta(max_length=50)]
    swedish_level_required: SwedishLevel
    driving_licence_required: bool
    status: Literal["open", "draft"] = "open"  # a draft is not matched until a PATCH opens it


class TaskOut(Struct):
    title: str
    description: str
    core: bool = False
    adaptable: bool = False


class OccupationOut(Struct):
    label: str
    ssyk: str


class NeedOut(Struct):
    id: str
    status: str
    workplace_id: str
    employer_id: str
    title: str
    description: str
    tasks: list[TaskOut]
    slots: int
    filled_slots: int
    hours_min: int
    hours_max: int
    placement_types: list[str]
    adaptations_offered: list[str]
    skills: list[str]
    swedish_level_required: str
    driving_licence_required: bool
    status_label_sv: str | None = None
    employer_name: str | None = None
    workplace_name: str | None = None
    occupation: OccupationOut | None = None


class AdaptationIn(Struct):
    tag: Tag
    required: bool


class ParticipantCreate(Struct):
    display_name: Name
    latitude: Latitude
    longitude: Longitude
    max_travel_km: Annotated[float, Meta(gt=0, le=2000)]
    hours_max: Hours
    placement_types: Annotated[list[PlacementType], Meta(min_length=1, max_length=10)]
    swedish_level: SwedishLevel
    goals: Text
    interests: Text
    experience: Text
    skills: Annotated[list[Short], Meta(max_length=50)]
    driving_licence: bool
    adaptation_needs: Annotated[list[AdaptationIn], Meta(max_length=50)]
    excluded_employer_ids: Annotated[list[Id], Meta(max_length=200)]
    gender: Gender | None = None
    birth_year: BirthYear | None = None
    income_source: IncomeSource | None = None
    occupation: Occupation | None = None


class AdaptationOut(Struct):
    tag: str
    required: bool


class ParticipantOut(Struct):
    id: str
    display_name: str
    latitude: float
    longitude: float
    max_travel_km: float
    hours_max: int
    placement_types: list[str]
    goals: str
    interests: str
    experience: str
    skills: list[str]
    swedish_level: str
    driving_licence: bool
    adaptation_needs: list[AdaptationOut]
    excluded_employer_ids: list[str]
    consents: list[str]
    gender: str | None = None
    birth_year: int | None = None
    income_source: str | None = None
    occupation: str | None = None


class ConsentCreate(Struct):
    scope: Literal[v.CONSENT_SCOPES.codes]  # type: ignore[valid-type]
    document_ref: Annotated[str, Meta(max_length=100, pattern=_NO_NUL)] | None = None


class ConsentOut(Struct):
    id: str
    participant_id: str
    scope: str
    given_at: str


class MatchRunCreate(Struct):
    need_ids: Annotated[list[Id], Meta(max_length=100_000)] | None = None
    participant_ids: Annotated[list[Id], Meta(max_length=100_000)] | None = None
    alternatives_per_participant: Annotated[int, Meta(ge=0, le=20)] | None = None


class MatchRunOut(Struct):
    id: str
    status: Literal[v.RUN_STATUSES.codes]  # type: ignore[valid-type]
    progress: float
    proposal_count: int
    error: str | None = None
    created_at: str | None = None


class ProposalOut(Struct):
    id: str
    run_id: str
    participant_id: str
    need_id: str
    kind: Literal[v.PROPOSAL_KINDS.codes]  # type: ignore[valid-type]
    rank: int
    score: float
    status: str
    explanation: dict
    reason_code: str | None = None
    comment: str | None = None
    # Names beside the ids, for the coordinator who reviews (v1.1).
    participant_name: str | None = None
    need_title: str | None = None
    employer_name: str | None = None
    workplace_name: str | None = None
    status_label_sv: str | None = None
    kind_label_sv: str | None = None


class RejectRequest(Struct):
    reason_code: Short
    comment: Text | None = None


class AcceptRequest(Struct):
    start_date: date


class DeclineRequest(Struct):
    reason_code: Short


class CandidateOut(Struct):
    proposal_id: str
    need_id: str
    need_title: str
    display_name: str
    skills: list[str]
    adaptations: list[str]
    hours_max: int


class PlacementCreated(Struct):
    placement_id: str


class CheckpointEntryOut(Struct):
    side: Literal["coordinator", "employer"]
    author_id: str | None
    author_role: str
    written_at: str
    notes: str | None
    rating: int | None


class CheckpointOut(Struct):
    id: str
    kind: str
    due_date: date
    status: Literal[v.CHECKPOINT_STATUSES.codes]  # type: ignore[valid-type]
    done_at: str | None = None
    notes: str | None = None  # the caller's own side's entry
    rating: int | None = None
    kind_label_sv: str | None = None
    # The coordinator's and the employer's entries apart, each with author and time (an employer
    # sees only the employer's).
    entries: list[CheckpointEntryOut] = []


class PlacementOut(Struct):
    id: str
    status: str
    participant_id: str
    need_id: str
    employer_id: str
    start_date: date
    outcome: str | None
    checkpoints: list[CheckpointOut]


class CheckpointComplete(Struct):
    notes: Text | None = None
    rating: Annotated[int, Meta(ge=1, le=5)] | None = None


class PlacementEnd(Struct):
    outcome: Literal[v.OUTCOMES.codes]  # type: ignore[valid-type]
    reason: Text | None = None
    income_source: IncomeSource | None = None  # at exit (SUS); else the participant's as recorded
    occupation: Occupation | None = None


class PlacementMove(Struct):
    status: Literal[v.PLACEMENT_STATUSES.codes[:5]]  # type: ignore[valid-type]  (the two ends go through /end)


class UnmatchedOut(Struct):
    """A participant a run gave no proposal: `reason` (no_feasible_need, below_minimum_fit,
    fitting_needs_taken, not_eligible, no_open_needs) and `detail` (excluded_by: rule -> needs,
    feasible_needs, best_relevance, text)."""

    participant_id: str
    reason: str
    detail: dict


def items(values: list) -> dict:
    return {"items": values, "total": len(values)}


__all__ = ["msgspec"]


class NeedImport(Struct):
    """POST /needs/import: a job ad (JobSearch hit or the import format), checked by
    employers/ad_formats.py so a malformed ad gets a 422 that names the field."""
    workplace_id: Id
    ad: object  # any JSON: a non-object ad is a 422 from the service, like every other malformed ad
