"""Participants, consents, export and erasure (coordinators and admins only)."""
from __future__ import annotations

from litestar import Controller, Response, delete, get, patch, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, Query, listed, page_of
from api.schemas import AdaptationOut, ConsentCreate, ConsentOut, ParticipantCreate, ParticipantOut
from api.schemas_workspace import ParticipantListItem, ParticipantPatch, changes
from vta.models import Participant
from vta.principal import Principal
from vta.services import participants as svc


async def participant_out(session: AsyncSession, p: Participant) -> ParticipantOut:
    lists = await svc.participant_lists(session, p.id)
    return ParticipantOut(
        id=str(p.id), display_name=p.display_name, latitude=p.latitude, longitude=p.longitude,
        max_travel_km=p.max_travel_km, hours_max=p.hours_max, placement_types=list(p.placement_types),
        goals=p.goals, interests=p.interests, experience=p.experience, skills=list(p.skills),
        swedish_level=p.swedish_level, driving_licence=p.driving_licence,
        adaptation_needs=[AdaptationOut(tag=a.tag, required=a.required) for a in lists.adaptation_needs],
        excluded_employer_ids=[str(e) for e in lists.excluded_employer_ids], consents=lists.consents,
        gender=p.gender, birth_year=p.birth_year, income_source=p.income_source, occupation=p.occupation)


class ParticipantController(Controller):
    path = "/participants"
    tags = ["participants"]

    @post("/", summary="Register a participant's work-oriented profile")
    async def create(self, data: ParticipantCreate, session: AsyncSession, who: Principal) -> Response[ParticipantOut]:
        p = await svc.create_participant(
            session, who, display_name=data.display_name, latitude=data.latitude, longitude=data.longitude,
            max_travel_km=data.max_travel_km, hours_max=data.hours_max, placement_types=data.placement_types,
            goals=data.goals, interests=data.interests, experience=data.experience, skills=data.skills,
            swedish_level=data.swedish_level, driving_licence=data.driving_licence,
            adaptation_needs=[svc.AdaptationIn(tag=a.tag, required=a.required) for a in data.adaptation_needs],
            excluded_employer_ids=data.excluded_employer_ids, gender=data.gender, birth_year=data.birth_year,
            income_source=data.income_source, occupation=data.occupation)
        p = await svc.get_participant(session, who, p.id, lists=False)
        return Response(await participant_out(session, p), status_code=201,
                        headers={"Location": f"/api/v1/participants/{p.id}"})

    @get("/", summary="List participants (coordinator: own association), searched by name")
    async def list_participants(self, session: AsyncSession, who: Principal, q: Query | None = None,
                                limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_participants(session, who, page, q=q)
        return listed([ParticipantListItem(
            id=str(p.id), display_name=p.display_name, coordinator_id=str(p.coordinator_id) if p.coordinator_id else None,
            swedish_level=p.swedish_level, hours_max=p.hours_max, placement_types=list(p.placement_types),
            updated_at=p.updated_at.isoformat()) for p in rows], total, page)

    @patch("/{participant_id:str}", summary="Correct any field of the profile (rectification)")
    async def update(self, participant_id: str, data: ParticipantPatch, session: AsyncSession,
                     who: Principal) -> ParticipantOut:
        fields = changes(data)
        if "adaptation_needs" in fields:
            fields["adaptation_needs"] = [svc.AdaptationIn(tag=a.tag, required=a.required)
                                          for a in fields["adaptation_needs"]]
        return await participant_out(session, await svc.update_participant(session, who, participant_id, fields))

    @get("/{participant_id:str}", summary="Read a participant")
    async def read(self, participant_id: str, session: AsyncSession, who: Principal) -> ParticipantOut:
        return await participant_out(session, await svc.get_participant(session, who, participant_id, lists=False))

    @post("/{participant_id:str}/consents", summary="Record a consent")
    async def give_consent(self, participant_id: str, data: ConsentCreate, session: AsyncSession,
                           who: Principal) -> Response[ConsentOut]:
        c = await svc.give_consent(session, who, participant_id, data.scope, data.document_ref)
        return Response(ConsentOut(id=str(c.id), participant_id=str(c.participant_id), scope=c.scope,
                                   given_at=c.given_at.isoformat()), status_code=201)

    @delete("/{participant_id:str}/consents/{consent_scope:str}", status_code=204, summary="Withdraw a consent")
    async def withdraw_consent(self, participant_id: str, consent_scope: str, session: AsyncSession,
                               who: Principal) -> None:
        await svc.withdraw_consent(session, who, participant_id, consent_scope)

    @get("/{participant_id:str}/export", summary="Everything held about the person")
    async def export(self, participant_id: str, session: AsyncSession, who: Principal) -> dict:
        return await svc.export_participant(session, who, participant_id)

    @delete("/{participant_id:str}", status_code=204, summary="Erase the person's personal data")
    async def erase(self, participant_id: str, session: AsyncSession, who: Principal) -> None:
        await svc.erase_participant(session, who, participant_id)
