"""The `encode_text` job as those who ask for it see it: its name, its id, and asking for it once
the transaction commits. The job itself (`vta.services.encoding`) reads participants and needs;
asking for it needs neither, so the employer side can ask without importing the use cases."""
from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from vta.uow import defer

Kind = Literal["participant", "need"]
JOB_NAME = "encode_text"


def encode_job_id(kind: Kind, entity_id: uuid.UUID, version: str | None = None) -> str:
    return f"encode:{kind}:{entity_id}" + (f":{version}" if version else "")


def defer_encoding(session: AsyncSession, kind: Kind, entity_id: uuid.UUID, version: str | None = None) -> None:
    """Encode this entity's text once the creating transaction has committed. An edit passes a
    `version` (e.g. the hash of the new text): arq remembers finished job ids for a while, and the
    edited text must not be taken for the one already encoded."""
    defer(session, JOB_NAME, encode_job_id(kind, entity_id, version), kind=kind, entity_id=str(entity_id))
