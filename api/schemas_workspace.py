"""Request and response shapes of the coordinator's workspace (api-contract.md, v1.1): edits,
list items, undo, notifications and associations. PATCH bodies leave out what does not change."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import (AdaptationIn, Hours, Id, Latitude, Longitude, Name, PlacementType, Short, SwedishLevel,
                         TaskIn, Text)
from vta import vocabulary as v


class ParticipantPatch(Struct, forbid_unknown_fields=True):
    display_name: Name | UnsetType = UNSET
    latitude: Latitude | UnsetType = UNSET
    longitude: Longitude | UnsetType = UNSET
    max_travel_km: Annotated[float, Meta(gt=0, le=2000)] | UnsetType = UNSET
    hours_max: Hours | UnsetType = UNSET
    placement_types: Annotated[list[PlacementType], Meta(min_length=1, max_length=10)] | UnsetType = UNSET
    swedish_level: SwedishLevel | UnsetType = UNSET
    goals: Text | UnsetType = UNSET
    interests: Text | UnsetType = UNSET
    experience: Text | UnsetType = UNSET
    skills: Annotated[list[Short], Meta(max_length=50)] | UnsetType = UNSET
    driving_licence: bool | UnsetType = UNSET
    adaptation_needs: Annotated[list[AdaptationIn], Meta(max_length=50)] | UnsetType = UNSET
    excluded_employer_ids: Annotated[list[Id], Meta(max_length=200)] | UnsetType = UNSET


class NeedPatch(Struct, forbid_unknown_fields=True):
    title: Name | UnsetType = UNSET
    description: Text | UnsetType = UNSET
    tasks: Annotated[list[TaskIn], Meta(max_length=50)] | UnsetType = UNSET
    slots: Annotated[int, Meta(ge=1, le=1000)] | UnsetType = UNSET
    hours_min: Hours | UnsetType = UNSET
    hours_max: Hours | UnsetType = UNSET
    placement_types: Annotated[list[PlacementType], Meta(min_length=1, max_length=10)] | UnsetType = UNSET
    adaptations_offered: Annotated[list[Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]],
                                   Meta(max_length=50)] | UnsetType = UNSET
    skills: Annotated[list[Short], Meta(max_length=50)] | UnsetType = UNSET
    swedish_level_required: SwedishLevel | UnsetType = UNSET
    driving_licence_required: bool | UnsetType = UNSET
    status: Literal[v.NEED_STATUS_SETTABLE] | UnsetType = UNSET  # type: ignore[valid-type]


def changes(patch: Struct) -> dict:
    """The fields a PATCH body names."""
    return {f: getattr(patch, f) for f in patch.__struct_fields__ if getattr(patch, f) is not UNSET}


class ParticipantListItem(Struct):
    id: str
    display_name: str
    coordinator_id: str | None
    swedish_level: str
    hours_max: int
    placement_types: list[str]
    updated_at: str


class ApproveRequest(Struct, forbid_unknown_fields=True):
    # Approving a participant who is already approved elsewhere (or placed) needs a recorded reason.
    override_reason: Annotated[str, Meta(min_length=1, max_length=500, pattern=r"^(?=[^\x00]*\S)[^\x00]*$")] | None = None


class NotificationOut(Struct):
    id: str
    kind: str
    kind_label_sv: str
    subject: str
    body: str
    created_at: str
    read_at: str | None


class AssociationCreate(Struct, forbid_unknown_fields=True):
    name: Name


class AssociationOut(Struct):
    id: str
    name: str


class CoordinatorPlacement(Struct, forbid_unknown_fields=True):
    user_id: Id
