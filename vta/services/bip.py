"""BIP/SKAPA progression assessments (domain.md §3), every three months per participant, only
under an active `bip_assessment` consent. The indicator set is versioned reference data
(vta/reference/bip_indicators.json); scores are checked against it. Never a gate for matching."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from vta import audit, reference
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput
from vta.listing import Page, fetch_page
from vta.models import BipAssessment
from vta.principal import Principal
from vta.services.participants import active_consent, get_participant

CONSENT_SCOPE = "bip_assessment"
RESPONDENTS = ("caseworker", "participant")


def indicator_set() -> dict:
    """{"version", "scale": {"min", "max"}, "items": [...]} of the current indicator set."""
    return reference.load("bip_indicators")


def check_scores(scores: dict[str, int], respondent: str) -> None:
    cat = indicator_set()
    low, high = cat["scale"]["min"], cat["scale"]["max"]
    known = {i["code"]: i for i in cat["items"]}
    if not scores:
        raise InvalidInput("scores must hold at least one indicator.")
    unknown = sorted(set(scores) - set(known))
    if unknown:
        raise InvalidInput(f"scores has unknown indicators: {', '.join(unknown)} (see GET /vocabularies).")
    for code, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(f"scores.{code} must be a whole number from {low} to {high}.")
        if respondent not in known[code]["respondents"]:
            raise InvalidInput(f"scores.{code} is answered by the {' or '.join(known[code]['respondents'])}, "
                               f"not the {respondent}.")


async def add_assessment(session: AsyncSession, who: Principal, participant_id: object, *, assessed_on: date,
                         scores: dict[str, int], respondent: str = "caseworker") -> BipAssessment:
    participant = await get_participant(session, who, participant_id, action="bip_assess")
    if respondent not in RESPONDENTS:
        raise InvalidInput(f"respondent must be one of {', '.join(RESPONDENTS)}.")
    if assessed_on > utcnow().date() + timedelta(days=1):
        raise InvalidInput("assessed_on must not be in the future.")
    check_scores(scores, respondent)
    consent = await active_consent(session, participant.id, CONSENT_SCOPE)
    if consent is None:
        raise Conflict("The participant has not consented to BIP assessments (scope bip_assessment).")
    item = BipAssessment(participant_id=participant.id, assessed_on=assessed_on, respondent=respondent,
                         indicator_set_version=int(indicator_set()["version"]), scores=dict(sorted(scores.items())),
                         consent_id=consent.id, created_by=who.user_id)
    session.add(item)
    await session.flush()
    await audit.record(session, who, "create", "bip_assessment", item.id, participant=str(participant.id),
                       consent=str(consent.id))
    return item


async def list_assessments(session: AsyncSession, who: Principal, participant_id: object,
                           page: Page) -> tuple[list[BipAssessment], int]:
    """Oldest first, so a chart reads left to right."""
    participant = await get_participant(session, who, participant_id, action="bip_read")
    return await fetch_page(session, select(BipAssessment).where(BipAssessment.participant_id == participant.id)
                            .order_by(BipAssessment.assessed_on, BipAssessment.created_at, BipAssessment.id), page)


__all__ = ["CONSENT_SCOPE", "RESPONDENTS", "add_assessment", "check_scores", "indicator_set", "list_assessments"]
