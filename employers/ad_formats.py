"""The two job-ad formats we read, checked with msgspec so a malformed ad is refused with a message
that names the field, and brought to one shape (`Ad`):
- a JobSearch API hit (`headline`, `description.text`, `occupation`, `must_have`, ...),
- the Platsbanken import format of data/jobtech/ads_sample_*.json (`annonsrubrik`, `annonstext`,
  `yrkesroll`, `arbetsplatsadress`, ...).
Unknown fields are ignored: both formats carry much we do not use."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec
from msgspec import Struct

from vta.errors import InvalidInput


# --- JobSearch API (jobsearch.api.jobtechdev.se, a hit of /search or /ad/{id}) ------------------

class _Concept(Struct):
    label: str | None = None
    legacy_ams_taxonomy_id: str | None = None


class _Description(Struct):
    text: str


class _Requirements(Struct):
    skills: list[_Concept] = []
    languages: list[_Concept] = []


class _Scope(Struct):
    min: float | None = None
    max: float | None = None


class _Address(Struct):
    municipality: str | None = None
    municipality_code: str | None = None
    street_address: str | None = None
    postcode: str | None = None
    city: str | None = None
    coordinates: list[float | None] | None = None  # [longitude, latitude]


class JobSearchAd(Struct):
    headline: str
    description: _Description
    occupation: _Concept | None = None
    occupation_group: _Concept | None = None
    must_have: _Requirements | None = None
    nice_to_have: _Requirements | None = None
    working_hours_type: _Concept | None = None
    scope_of_work: _Scope | None = None
    workplace_address: _Address | None = None
    number_of_vacancies: int | None = None
    driving_license_required: bool | None = None


# --- the Platsbanken import format --------------------------------------------------------------

class _Code(Struct):
    varde: str | None = None
    namn: str | None = None


class _Weighted(Struct):
    namn: str
    vikt: int | None = None


class _Adress(Struct):
    gatuadress: str | None = None
    postnr: str | None = None
    postort: str | None = None
    kommun: _Code | None = None
    latitud: str | None = None
    longitud: str | None = None


class ImportAd(Struct, rename="camel"):
    annonsrubrik: str
    annonstext: str
    yrkesroll: _Code | None = None
    kompetenser: list[_Weighted] = []
    sprak: list[_Weighted] = []
    korkort: list[_Code] = []
    arbetstid_typ: _Code | None = None
    antal_platser: int | None = None
    arbetsplatsadress: _Adress | None = None


# --- the one shape ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    text: str  # as the ad writes it ("Brunnbyvägen 48, 74147 KNIVSTA")
    municipality_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Ad:
    headline: str
    text: str
    occupation_label: str | None = None  # the ad's own occupation (name or group)
    occupation_ssyk: str | None = None  # the ad's own occupation group code, when it gives one
    must_skills: list[str] = field(default_factory=list)
    nice_skills: list[str] = field(default_factory=list)
    swedish: str | None = None  # "must" | "nice" | None: how the ad asks for Swedish
    full_time: bool | None = None
    scope_percent: tuple[float, float] | None = None
    vacancies: int | None = None
    driving_licence: bool = False
    place: Place | None = None


def _convert(ad: dict[str, Any], shape: type[Struct]) -> Any:
    try:
        return msgspec.convert(ad, shape)
    except msgspec.ValidationError as exc:  # "Expected `str`, got `int` - at `$.headline`"
        raise InvalidInput(f"The ad is malformed: {str(exc).replace('$', 'ad')}.") from None


def _float(value: Any, bound: float = 180.0) -> float | None:
    """A coordinate, or None for what is none (text, out of range)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -bound <= number <= bound else None


def _joined(*parts: str | None) -> str:
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _is_swedish(label: str | None) -> bool:
    return (label or "").strip().lower() in ("svenska", "swedish")


def read_ad(ad: Any) -> Ad:
    """Either format -> Ad; InvalidInput (422) with what is wrong otherwise."""
    if not isinstance(ad, dict):
        raise InvalidInput("The ad must be a JSON object (a JobSearch hit or an ad in the import format).")
    if "annonsrubrik" in ad or "annonstext" in ad:
        out = _from_import(_convert(ad, ImportAd))
    elif "headline" not in ad:
        raise InvalidInput("The ad has no headline (JobSearch format) and no annonsrubrik (import format).")
    elif "description" in ad and not isinstance(ad["description"], dict):
        raise InvalidInput("The ad's description must be an object with the ad's text in description.text.")
    else:
        out = _from_jobsearch(_convert(ad, JobSearchAd))
    if out.scope_percent and not all(0 < p <= 100 for p in out.scope_percent):
        raise InvalidInput("The ad's scope_of_work must be percentages of full time, from 1 to 100.")
    if b"\\u0000" in msgspec.json.encode(out):  # PostgreSQL text cannot hold a NUL character
        raise InvalidInput("The ad holds a NUL character (\\u0000).")
    return out


def _from_jobsearch(a: JobSearchAd) -> Ad:
    own = a.occupation_group if a.occupation_group and a.occupation_group.label else a.occupation
    ssyk = a.occupation_group.legacy_ams_taxonomy_id if a.occupation_group else None
    must, nice = a.must_have or _Requirements(), a.nice_to_have or _Requirements()
    swedish = ("must" if any(_is_swedish(x.label) for x in must.languages)
               else "nice" if any(_is_swedish(x.label) for x in nice.languages) else None)
    scope = None
    if a.scope_of_work and a.scope_of_work.max:
        scope = (a.scope_of_work.min or a.scope_of_work.max, a.scope_of_work.max)
    hours = (a.working_hours_type.label or "").lower() if a.working_hours_type else ""
    place = None
    if w := a.workplace_address:
        coords = w.coordinates or []
        lon, lat = (_float(coords[0]), _float(coords[1], 90.0)) if len(coords) == 2 else (None, None)
        place = Place(_joined(w.street_address, " ".join(filter(None, (w.postcode, w.city))), w.municipality),
                      w.municipality_code, lat, lon)
    return Ad(headline=a.headline, text=a.description.text, occupation_label=own.label if own else None,
              occupation_ssyk=ssyk if ssyk and len(ssyk) == 4 and ssyk.isdigit() else None,
              must_skills=[s.label for s in must.skills if s.label], nice_skills=[s.label for s in nice.skills if s.label],
              swedish=swedish, full_time=("heltid" in hours) if hours else None, scope_percent=scope,
              vacancies=a.number_of_vacancies, driving_licence=bool(a.driving_license_required), place=place)


def _from_import(a: ImportAd) -> Ad:
    swedish = next(("must" if (s.vikt or 0) >= 10 else "nice" for s in a.sprak if _is_swedish(s.namn)), None)
    hours = (a.arbetstid_typ.namn or "").lower() if a.arbetstid_typ else ""
    place = None
    if w := a.arbetsplatsadress:
        place = Place(_joined(w.gatuadress, " ".join(filter(None, (w.postnr, w.postort))),
                              w.kommun.namn if w.kommun else None),
                      w.kommun.varde if w.kommun else None, _float(w.latitud, 90.0), _float(w.longitud))
    return Ad(headline=a.annonsrubrik, text=a.annonstext, occupation_label=a.yrkesroll.namn if a.yrkesroll else None,
              must_skills=[k.namn for k in a.kompetenser if (k.vikt or 0) >= 10],
              nice_skills=[k.namn for k in a.kompetenser if (k.vikt or 0) < 10], swedish=swedish,
              full_time=("heltid" in hours) if hours else None, vacancies=a.antal_platser,
              driving_licence=bool(a.korkort), place=place)
