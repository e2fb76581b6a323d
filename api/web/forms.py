"""Reading the pages' forms: plain values out, and error codes per field (the templates word them).

Only the shape is checked here (present, a number in range, a known place); the rules themselves
stay in the services, whose refusals the pages show as they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vta import places


@dataclass
class Form:
    data: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, key: str, *, required: bool = True, max_len: int = 5000) -> str:
        value = self.data.get(key, "")
        value = value[0] if isinstance(value, list) else value
        value = value.strip() if isinstance(value, str) else ""
        if required and not value:
            self.errors[key] = "required"
        elif len(value) > max_len or "\x00" in value:
            self.errors[key] = "too_long"
        return value

    def number(self, key: str, lo: float, hi: float, *, whole: bool = True) -> Any:
        raw = self.text(key)
        if key in self.errors:
            return None
        try:
            value = int(raw) if whole else float(raw.replace(",", "."))
        except ValueError:
            self.errors[key] = "number"
            return None
        if not lo <= value <= hi:
            self.errors[key] = "range"
            return None
        return value

    def choices(self, key: str, allowed: Any, *, at_least_one: bool = False) -> list[str]:
        raw = self.data.get(key, [])
        chosen = [raw] if isinstance(raw, str) and raw else list(raw) if isinstance(raw, list) else []
        if at_least_one and not chosen:
            self.errors[key] = "choose_one"
        if any(c not in allowed for c in chosen):
            self.errors[key] = "unknown"
        return [c for c in chosen if c in allowed]

    def choice(self, key: str, allowed: Any) -> str:
        value = self.text(key)
        if key not in self.errors and value not in allowed:
            self.errors[key] = "unknown"
        return value

    def optional_choice(self, key: str, allowed: Any) -> str | None:
        """A choice that may be left empty (None), e.g. a follow-up field not recorded."""
        return self.choice(key, allowed) if self.text(key, required=False) else None

    def optional_number(self, key: str, lo: float, hi: float) -> Any:
        return self.number(key, lo, hi) if self.text(key, required=False) else None

    def day(self, key: str, *, required: bool = True) -> date | None:
        """A date as YYYY-MM-DD (what a date input sends)."""
        raw = self.text(key, required=required, max_len=10)
        if not raw or key in self.errors:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.errors[key] = "day"
            return None

    def flag(self, key: str) -> bool:
        return bool(self.data.get(key))

    def place(self, key: str) -> places.Place | None:
        name = self.text(key, max_len=200)
        if key in self.errors:
            return None
        found = places.find(name)
        if found is None:
            self.errors[key] = "place"
        return found

    def words(self, key: str) -> list[str]:
        """A comma-separated list (skills), empty items dropped."""
        return [w.strip() for w in self.text(key, required=False).replace("\n", ",").split(",") if w.strip()]

    @property
    def ok(self) -> bool:
        return not self.errors
