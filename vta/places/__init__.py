"""Swedish places with coordinates, so a person's or workplace's location is chosen by name.

A compact snapshot (package data, ``places.json``) derived from JobTech's ``platser.json``
(2,012 places with kommunkod) and the municipality names of ``taxonomy_to_concept.json``;
source, commit and licence are named in the file itself. Pure stdlib.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Place:
    label: str
    kommunkod: str
    municipality: str
    latitude: float
    longitude: float

    @property
    def name(self) -> str:
        """What a person picks: the place, with its municipality when that says more."""
        return self.label if self.label == self.municipality else f"{self.label}, {self.municipality}"


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    data = json.loads(resources.files(__name__).joinpath("places.json").read_text(encoding="utf-8"))
    return tuple(Place(*row) for row in data["items"])


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Place]:
    return {p.name.casefold(): p for p in all_places()}


def find(name: str) -> Place | None:
    """The place a person picked by its name (as `Place.name` spells it), or None."""
    return _by_name().get(" ".join(name.split()).casefold())


def nearest(latitude: float, longitude: float) -> Place | None:
    """The named place closest to a point (for showing a stored position by name)."""
    places = all_places()
    if not places:
        return None
    return min(places, key=lambda p: (p.latitude - latitude) ** 2 + (p.longitude - longitude) ** 2)
