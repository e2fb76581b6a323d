"""Outgoing e-mail behind a small interface; the default only logs (no SMTP configured)."""
from __future__ import annotations

import logging
from typing import Protocol

from vta.settings import Settings

log = logging.getLogger("vta.mail")


class Mailer(Protocol):
    async def send(self, to: str | None, subject: str, body: str) -> None: ...


class LogMailer:
    async def send(self, to: str | None, subject: str, body: str) -> None:
        log.info("mail to %s: %s", to or "(no recipient)", subject)


def get_mailer(_settings: Settings) -> Mailer:
    return LogMailer()
