"""The caller's own notifications."""
from __future__ import annotations

from litestar import Controller, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas_workspace import NotificationOut
from vta.models import Notification
from vta.principal import Principal
from vta.services import notifications as svc
from vta.vocabulary import NOTIFICATION_KINDS


def notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(id=str(n.id), kind=n.kind, kind_label_sv=NOTIFICATION_KINDS.label(n.kind),
                           subject=n.subject, body=n.body, created_at=n.created_at.isoformat(),
                           read_at=n.read_at.isoformat() if n.read_at else None)


class NotificationController(Controller):
    path = "/notifications"
    tags = ["notifications"]

    @get("/", summary="The caller's own notifications, newest first")
    async def list_notifications(self, session: AsyncSession, who: Principal, unread: bool | None = None,
                                 limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_notifications(session, who, page, unread=unread)
        return listed([notification_out(n) for n in rows], total, page)

    @post("/{notification_id:str}/read", status_code=200, summary="Mark one of the caller's notifications read")
    async def read(self, notification_id: str, session: AsyncSession, who: Principal) -> NotificationOut:
        return notification_out(await svc.mark_read(session, who, notification_id))
