"""Job-ad import (POST /needs/import, `vta import ads`): a job ad becomes a draft need for a
coordinator to complete. The occupation is the ad's own when it names one, otherwise recognised
from the headline and text by the engine's occupation recognition (matching/occupations.py) over
the shipped taxonomy snapshot; skills are normalised against the same taxonomy."""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from haversine import haversine
from sqlalchemy.ext.asyncio import AsyncSession

from employers import services
from employers.ad_formats import Ad, read_ad
from employers.models import Need, Workplace
from matching.terms import Analyzer
from vta.errors import InvalidInput
from vta.principal import Principal
from vta.reference.jobtech import snapshot_data, snapshot_taxonomy

FULL_TIME = 40  # hours a week (the needs' upper bound)
MAX_TASKS = 20
MAX_SKILLS = 20
TEXT_LIMIT = 20_000  # characters of ad text kept as the need's description
SAME_PLACE_KM = 1.0  # an ad address farther than this from the workplace is noted in the need
# Bullets of a list, at the start of a line or run into the text ("Arbetsuppgifter:· Driver ...").
BULLET = re.compile(r"[•·●▪◦■]|(?:^|\n)\s*(?:[-*–]|\d{1,2}[.)])\s+")
# The heading of a list of duties (its last sentence): lists of requirements, merits, offers or
# questions to answer in the application are not tasks.
DUTIES = re.compile(r"arbetsuppgift|uppgifter|ansvarsområd|du kommer att|i rollen|i tjänsten|tjänsten innebär|"
                    r"arbetet innebär|du ansvarar|responsibilit|duties|tasks|you will|you.ll do", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """What an ad says, as the fields of a need."""

    title: str
    description: str
    tasks: list[services.TaskIn]
    skills: list[str]
    hours_min: int
    hours_max: int
    slots: int
    swedish_level_required: str
    driving_licence_required: bool
    occupation: services.OccupationIn | None


def duties(text: str) -> list[services.TaskIn]:
    """The items of the ad's bullet lists whose heading names duties ("Arbetsuppgifter:", "Du
    kommer att:"). Deliberately simple: a line-based split; everything stays in the description."""
    out: list[services.TaskIn] = []
    taking = False  # under a heading of duties
    for line in text.splitlines():
        parts = BULLET.split("\n" + line)
        heading, items = parts[0], parts[1:]
        if heading.strip():
            last = re.split(r"[.!?]\s+(?=[A-ZÅÄÖ])", heading.strip())[-1]
            taking = bool(DUTIES.search(last))
        if not taking:
            continue
        for item in items:
            item = " ".join(item.split())
            if len(item) < 4:
                continue
            title, rest = (item, "") if len(item) <= 120 else (item[:item.rfind(" ", 0, 120)] + " …", item)
            out.append(services.TaskIn(title=title, description=rest))
    return out[:MAX_TASKS]


def _hours(ad: Ad) -> tuple[int, int]:
    if ad.scope_percent:
        lo, hi = (max(1, min(FULL_TIME, round(FULL_TIME * p / 100))) for p in ad.scope_percent)
        return min(lo, hi), hi
    if ad.full_time is True:
        return FULL_TIME, FULL_TIME
    if ad.full_time is False:
        return 1, FULL_TIME - 1
    return 1, FULL_TIME  # the ad does not say: the coordinator completes it


def occupation_of(ad: Ad) -> services.OccupationIn | None:
    """The ad's own occupation group when it names one the taxonomy knows, else the group recognised
    from the headline and text (None when nothing fits)."""
    index = snapshot_taxonomy().occupations
    if ad.occupation_ssyk and ad.occupation_ssyk in index.groups:
        return services.OccupationIn(index.groups[ad.occupation_ssyk][0], ad.occupation_ssyk)
    if ad.occupation_label:
        own = _groups_by_label().get(ad.occupation_label.strip().lower())
        if own is None:  # a renamed occupation: recognise its label as a title
            found = index.recognise(ad.occupation_label)
            own = found[0].ssyk if found else None
        if own is not None:
            return services.OccupationIn(index.groups[own][0], own)
    found = index.recognise(ad.headline, ad.text)
    return services.OccupationIn(found[0].label, found[0].ssyk) if found else None


@lru_cache(maxsize=1)
def _groups_by_label() -> dict[str, str]:
    """Occupation names and group labels of the snapshot (lower case) -> their group's SSYK code."""
    data = snapshot_data()
    out = {label.lower(): ssyk for label, ssyk in data["occupations"]}
    out.update({g[0].lower(): s for s, g in data["groups"].items()})
    return out


def normalised_skills(ad: Ad, tasks: list[services.TaskIn]) -> list[str]:
    """The ad's skills spelled as the taxonomy does (kept as written when it has no such label),
    then taxonomy skills named in the headline and the duties (not the whole text, whose
    boilerplate names "Kollektivavtal" and the like)."""
    tax = snapshot_taxonomy()
    skills = frozenset(snapshot_data()["skills"])
    by_lower = {s.lower(): s for s in skills}
    analyzer = Analyzer(tax)
    out: list[str] = []
    for label in [*ad.must_skills, *ad.nice_skills]:
        label = " ".join(label.split())[:100]
        exact = by_lower.get(label.lower())
        if exact:
            out.append(exact)
            continue
        found = [c for c in tax.concepts(analyzer.bag(label).weights) if c in skills]
        out.extend(found[:2] or [label])
    text = "\n".join([ad.headline, *(f"{t.title} {t.description}" for t in tasks)])
    out.extend(c for c in tax.concepts(analyzer.bag(text).weights) if c in skills and len(c) >= 4)
    return [s for s in dict.fromkeys(out) if s.strip()][:MAX_SKILLS]


def _place_note(ad: Ad, workplace: Workplace) -> str:
    p = ad.place
    if p is None or not p.text:
        return ""
    if p.latitude is not None and p.longitude is not None:
        differs = haversine((p.latitude, p.longitude), (workplace.latitude, workplace.longitude)) > SAME_PLACE_KM
    else:
        differs = bool(p.municipality_code and workplace.municipality_code
                       and p.municipality_code != workplace.municipality_code)
    return f"\n\nAnnonsens arbetsplatsadress: {p.text} (inte arbetsplatsen {workplace.name})." if differs else ""


def draft_from_ad(ad: Any, workplace: Workplace) -> Draft:
    """Pure but for the taxonomy (built once per process); CPU work, so callers run it off the loop."""
    a = read_ad(ad)
    title = " ".join(a.headline.split())
    if not title:
        raise InvalidInput("The ad's headline is empty.")
    tasks = duties(a.text)
    hours_min, hours_max = _hours(a)
    return Draft(
        title=title[:200], description=a.text.strip()[:TEXT_LIMIT] + _place_note(a, workplace), tasks=tasks,
        skills=normalised_skills(a, tasks), hours_min=hours_min, hours_max=hours_max,
        slots=max(1, min(1000, a.vacancies or 1)),
        swedish_level_required={"must": "good", "nice": "basic"}.get(a.swedish or "", "basic"),
        driving_licence_required=a.driving_licence, occupation=occupation_of(a))


async def import_ad(session: AsyncSession, who: Principal, workplace_id: object, ad: Any) -> Need:
    """A draft need at the caller's workplace (404 for one the caller may not see)."""
    who.require("admin", "coordinator", "employer")
    workplace = await services.get_workplace(session, who, workplace_id)
    d = await asyncio.to_thread(draft_from_ad, ad, workplace)
    return await services.create_need(
        session, who, workplace_id=workplace.id, title=d.title, description=d.description, tasks=d.tasks,
        slots=d.slots, hours_min=d.hours_min, hours_max=d.hours_max, placement_types=["employment"],
        adaptations_offered=[], skills=d.skills, swedish_level_required=d.swedish_level_required,
        driving_licence_required=d.driving_licence_required, status="draft", occupation=d.occupation)


__all__ = ["Draft", "draft_from_ad", "duties", "import_ad", "normalised_skills", "occupation_of"]
