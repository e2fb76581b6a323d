"""The server-rendered pages: one Router with the signed-in viewer, HTML error pages and templates.

Controllers stay thin: they read the form, call one service, and render or redirect. Every form
is a plain POST that works without JavaScript; htmx only spares a full page load where it helps.
"""
from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from api.web import (admin, bip, deviations, employers, home, matching, needs, notifications, openers,
                     participants, placements, statistics, support)
from api.web.common import HANDLERS, provide_viewer, signed_in, template_config

PAGES = [home.home, home.choose_language, *participants.ROUTES, *needs.ROUTES, *matching.ROUTES,
         *placements.ROUTES, *admin.ROUTES, *notifications.ROUTES, *statistics.ROUTES,
         *employers.ROUTES, *openers.ROUTES, *deviations.ROUTES, *support.ROUTES,
         *bip.ROUTES]


def router() -> Router:
    return Router(path="/", route_handlers=PAGES, guards=[signed_in],
                  dependencies={"viewer": Provide(provide_viewer, sync_to_thread=False)},
                  exception_handlers=HANDLERS, include_in_schema=False)


__all__ = ["router", "template_config"]
