"""The codes of the product with their Swedish and English labels (vta/vocabulary.py)."""
from __future__ import annotations

from litestar import get

from vta.principal import Principal
from vta.vocabulary import all_vocabularies


@get("/vocabularies", tags=["vocabularies"], summary="Every code with its Swedish and English label")
async def vocabularies(who: Principal) -> dict:
    return all_vocabularies()
