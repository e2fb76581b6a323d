"""Administration: associations (samordningsförbund) and the coordinators placed in them."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas import UserOut
from api.schemas_workspace import AssociationCreate, AssociationOut, CoordinatorPlacement
from vta.principal import Principal
from vta.services import associations as svc


class AssociationController(Controller):
    path = "/associations"
    tags = ["administration"]

    @post("/", summary="Create an association (admin)")
    async def create(self, data: AssociationCreate, session: AsyncSession, who: Principal) -> Response[AssociationOut]:
        a = await svc.create_association(session, who, data.name)
        return Response(AssociationOut(id=str(a.id), name=a.name), status_code=201,
                        headers={"Location": f"/api/v1/associations/{a.id}"})

    @get("/", summary="List associations (admin)")
    async def list_associations(self, session: AsyncSession, who: Principal, limit: Limit = 50,
                                offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_associations(session, who, page)
        return listed([AssociationOut(id=str(a.id), name=a.name) for a in rows], total, page)

    @post("/{association_id:str}/coordinators", status_code=200, summary="Place a coordinator in an association (admin)")
    async def place(self, association_id: str, data: CoordinatorPlacement, session: AsyncSession,
                    who: Principal) -> UserOut:
        user = await svc.place_coordinator(session, who, association_id, data.user_id)
        return UserOut(id=str(user.id), email=user.email, role=user.role)
