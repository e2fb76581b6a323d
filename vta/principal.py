"""Who is calling: the authenticated user as the services see it."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from vta.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID | None
    role: str  # admin | coordinator | employer | csr | system
    association_id: uuid.UUID | None = None
    employer_id: uuid.UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "coordinator", "system")

    def require(self, *roles: str) -> None:
        if self.role not in roles and self.role != "system":
            raise Forbidden()


SYSTEM = Principal(user_id=None, role="system")
