"""Login and user administration."""
from __future__ import annotations

from litestar import Controller, Request, post
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from api.client_address import client_address
from api.deps import bearer_token
from api.schemas import PasswordChange, TokenRequest, TokenResponse, UserCreate, UserOut
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

    @post("/logout", status_code=204, summary="End the bearer token this request carries")
    async def logout(self, request: Request, session: AsyncSession, who: Principal) -> None:
        await accounts.revoke_token(session, who, bearer_token(request))

    @post("/password", status_code=204,
          summary="Change your own password; every token of the account ends (log in again)")
    async def change_password(self, data: PasswordChange, request: Request, session: AsyncSession, state: State,
                              who: Principal) -> None:
        await accounts.change_password(session, state.settings, who, data.current_password, data.new_password,
                                       client_address(request))


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

    @post("/{user_id:str}/deactivate", status_code=200,
          summary="Deactivate a user (admin): its tokens and web sessions end at once")
    async def deactivate(self, user_id: str, session: AsyncSession, who: Principal) -> UserOut:
        user = await accounts.deactivate_user(session, who, user_id)
        return UserOut(id=str(user.id), email=user.email, role=user.role,
                       employer_id=str(user.employer_id) if user.employer_id else None)

    @post("/{user_id:str}/unlock", status_code=200, summary="End a user's login delays (admin)")
    async def unlock(self, user_id: str, session: AsyncSession, who: Principal) -> UserOut:
        user = await accounts.unlock_user(session, who, user_id)
        return UserOut(id=str(user.id), email=user.email, role=user.role,
                       employer_id=str(user.employer_id) if user.employer_id else None)
