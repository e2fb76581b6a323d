"""`vta import ads PATH --workplace-id ID`: many job ads from one JSON file, each its own draft need
in its own transaction, so a refused ad costs only itself."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from employers import services
from employers.ad_import import import_ad
from vta.errors import DomainError, InvalidInput
from vta.principal import Principal

LISTS = ("hits", "testannonser")  # a JobSearch response; the import format's sample files


def read_ads(path: Path) -> list[Any]:
    """The ads of a JSON file: one ad, a list of ads, or {"hits": [...]} (also {"testannonser": [...]})."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"No file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} is not JSON: {exc}.") from None
    if isinstance(data, dict):
        key = next((k for k in LISTS if k in data), None)
        data = data[key] if key else [data]
    if not isinstance(data, list):
        raise InvalidInput(f"{path} holds neither an ad, a list of ads nor {{\"hits\": [...]}}.")
    return data


def _name(ad: Any, n: int) -> str:
    if isinstance(ad, dict):
        ad = ad.get("_source", ad)  # an Elasticsearch-style hit
        for key in ("id", "annonsId", "headline", "annonsrubrik"):
            if isinstance(ad.get(key), (str, int)) and str(ad[key]).strip():
                return f"ad {n} ({str(ad[key])[:60]})"
    return f"ad {n}"


@dataclass
class Outcome:
    imported: list[str] = field(default_factory=list)  # need ids
    refused: list[tuple[str, str]] = field(default_factory=list)  # (which ad, why)


async def import_ads(sessionmaker: async_sessionmaker[AsyncSession], who: Principal, workplace_id: str,
                     ads: list[Any], on_done: Callable[[str, str | None], None] = lambda name, why: None) -> Outcome:
    """Each ad in its own transaction; `on_done(name, reason refused or None)` after each."""
    async with sessionmaker() as session:
        await services.get_workplace(session, who, workplace_id)  # a wrong id stops the whole import
    out = Outcome()
    for n, ad in enumerate(ads, 1):
        name = _name(ad, n)
        if isinstance(ad, dict) and isinstance(ad.get("_source"), dict):
            ad = ad["_source"]
        try:
            async with sessionmaker() as session, session.begin():
                need = await import_ad(session, who, workplace_id, ad)
            out.imported.append(str(need.id))
            on_done(name, None)
        except DomainError as exc:
            out.refused.append((name, exc.detail))
            on_done(name, exc.detail)
    return out


__all__ = ["Outcome", "import_ads", "read_ads"]
