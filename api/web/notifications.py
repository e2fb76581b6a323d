"""The signed-in user's own notifications, newest first, a page at a time, each marked as read with a plain form."""
from __future__ import annotations

from litestar import get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, page, pager, see_other
from vta.listing import Page
from vta.services import notifications as svc


@get("/notifications")
async def notification_list(viewer: Viewer, session: AsyncSession, offset: int = 0) -> Template:
    notes, total = await svc.list_notifications(session, viewer.who, Page(offset=offset))
    return page("notifications.html", viewer=viewer, notes=notes,
                pager=pager("/notifications", {}, offset, len(notes), total))


@post("/notifications/{notification_id:str}/read")
async def notification_read(notification_id: str, viewer: Viewer, session: AsyncSession) -> Redirect:
    await svc.mark_read(session, viewer.who, notification_id)
    return see_other("/notifications")


ROUTES = [notification_list, notification_read]
