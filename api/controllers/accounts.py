"""Login and user administration."""
from __future__ import annotations

from litestar import Controller, Request, post
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from api.client_address import client_address
from api.schemas import TokenRequest, TokenResponse, UserCreate, UserOut
from vta import audit
from vta.ids import parse_id
from vta.principal import Principal
from vta.services import accounts


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/token", opt={"public": True}, status_code=200, summary="Exchange e-mail and password for a token")
    async def token(self, data: TokenRequest, session: AsyncSession, state: State, request: Request) -> TokenResponse:
        token = await accounts.issue_token(session, state.settings, data.email, data.password,
                                           client_address(request))
        return TokenResponse(access_token=token)


class UserController(Controller):
    path = "/users"
    tags = ["users"]

    @post("/", summary="Create a user (admin)")
    async def create(self, data: UserCreate, session: AsyncSession, who: Principal) -> UserOut:
        who.require("admin")
        user = await accounts.create_user(
            session, email=data.email, password=data.password, role=data.role,
            employer_id=parse_id(data.employer_id, "Employer") if data.employer_id else None)
        # Who granted which access is part of the access-control record (never the password).
        await audit.record(session, who, "create", "user", user.id, role=user.role,
                           employer_id=str(user.employer_id) if user.employer_id else None)
        return UserOut(id=str(user.id), email=user.email, role=user.role,
                       employer_id=str(user.employer_id) if user.employer_id else None)

    @post("/{user_id:str}/unlock", status_code=200, summary="End a user's login delays (admin)")
    async def unlock(self, user_id: str, session: AsyncSession, who: Principal) -> UserOut:
        user = await accounts.unlock_user(session, who, user_id)
        return UserOut(id=str(user.id), email=user.email, role=user.role,
                       employer_id=str(user.employer_id) if user.employer_id else None)
