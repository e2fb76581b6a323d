"""Participants: profile, adaptation needs, consents, export and erasure."""
from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import selectinload

from employers.models import Employer
from employers import term_counts
from employers.services import scope_employers
from vta import audit
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.keys import store_of
from vta.models import (AdaptationNeed, AuditEvent, Checkpoint, CheckpointEntry, Consent, Disclosure, Embedding,
                        EmployerExclusion, Participant, ParticipantLanguage, Placement, Proposal,
                        ProposalEvent, SupportDecision)
from vta.models.participants import ERASED_NAME
from vta.models.progression import BipAssessment
from vta.principal import SYSTEM, Principal
from vta.services.encoding import defer_encoding
from vta.text_rules import clean_name
from vta.vocabulary import (CONSENT_SCOPES, GENDERS, INCOME_SOURCES, PLACEMENT_TYPES, SUS_OCCUPATIONS, SWEDISH_LEVELS,
                            adaptation_tags)

log = logging.getLogger("vta.participants")


@dataclass(frozen=True, slots=True)
class AdaptationIn:
    tag: str
    required: bool = True


def scope_participants(stmt: Select, who: Principal) -> Select:
    if who.role in ("admin", "system"):
        return stmt
    if who.role == "coordinator":
        return stmt.where(Participant.association_id == who.association_id)
    return stmt.where(False)  # employers and CSR partners never read participants directly


async def create_participant(session: AsyncSession, who: Principal, *, display_name: str, latitude: float,
                             longitude: float, max_travel_km: float, hours_max: int, placement_types: Sequence[str],
                             goals: str, interests: str, experience: str, skills: Sequence[str],
                             swedish_level: str, driving_licence: bool, adaptation_needs: Sequence[AdaptationIn],
                             excluded_employer_ids: Sequence[str], gender: str | None = None,
                             birth_year: int | None = None, income_source: str | None = None,
                             occupation: str | None = None) -> Participant:
    who.require("admin", "coordinator")
    SWEDISH_LEVELS.check(swedish_level, "swedish_level")
    PLACEMENT_TYPES.check_all(placement_types, "placement_types")
    adaptation_tags().check_all([a.tag for a in adaptation_needs], "adaptation_needs")
    if len({a.tag for a in adaptation_needs}) != len(adaptation_needs):
        raise InvalidInput("adaptation_needs names a tag twice.")
    excluded = []
    for raw in excluded_employer_ids:
        try:
            excluded.append(uuid.UUID(str(raw)))
        except ValueError:
            raise InvalidInput(f"excluded_employer_ids: {raw!r} is not an employer id.") from None
    if excluded:
        # Only employers the caller can see: an answer must not tell whether another tenant's id exists.
        found = set((await session.execute(scope_employers(select(Employer.id).where(Employer.id.in_(excluded)),
                                                           who))).scalars())
        if found != set(excluded):
            raise InvalidInput("excluded_employer_ids names an employer that does not exist.")
    association_id = who.association_id
    if association_id is None:
        from vta.services.accounts import default_association

        association_id = (await default_association(session)).id
    participant = Participant(
        association_id=association_id, coordinator_id=who.user_id if who.role == "coordinator" else None,
        display_name=clean_name(display_name, "display_name"), latitude=latitude, longitude=longitude, max_travel_km=max_travel_km,
        hours_max=hours_max, placement_types=sorted(set(placement_types)), goals=goals, interests=interests,
        experience=experience, skills=[s.strip() for s in skills if s.strip()], swedish_level=swedish_level,
        driving_licence=driving_licence,
        adaptation_needs=[AdaptationNeed(tag=a.tag, required=a.required) for a in adaptation_needs],
        exclusions=[EmployerExclusion(employer_id=e) for e in sorted(set(excluded))],
        **follow_up_fields(gender=gender, birth_year=birth_year, income_source=income_source, occupation=occupation),
    )
    session.add(participant)
    await session.flush()
    await term_counts.track_participant(session, participant)
    await audit.record(session, who, "create", "participant", participant.id)
    defer_encoding(session, "participant", participant.id)
    return participant


def follow_up_fields(**given: Any) -> dict[str, Any]:
    """The optional follow-up fields (domain.md §6), checked against their vocabularies."""
    for name, vocabulary in (("gender", GENDERS), ("income_source", INCOME_SOURCES), ("occupation", SUS_OCCUPATIONS)):
        if given.get(name) is not None:
            vocabulary.check(given[name], name)
    return given


async def get_participant(session: AsyncSession, who: Principal, participant_id: object, *,
                          action: str = "read", lists: bool = True) -> Participant:
    """The living participant, audited as `action`. `lists`: with its adaptation needs and
    exclusions loaded (a caller that only shows them reads them with participant_lists)."""
    who.require("admin", "coordinator")
    pid = parse_id(participant_id, "Participant")
    stmt = select(Participant).where(Participant.id == pid, Participant.erased_at.is_(None))
    if lists:
        stmt = stmt.options(selectinload(Participant.adaptation_needs), selectinload(Participant.exclusions))
    participant = (await session.execute(scope_participants(stmt, who))).scalar()
    if participant is None:
        raise NotFound("Participant")
    await audit.record(session, who, action, "participant", participant.id)
    return participant


# What a participant's page or answer lists, as plain rows in constant statements: loaded as ORM
# objects (selectinload) they cost more than the rest of the read.
_ADAPTATIONS_OF = select(AdaptationNeed.tag, AdaptationNeed.required).where(
    AdaptationNeed.participant_id == bindparam("pid"))
_EXCLUSIONS_OF = select(EmployerExclusion.employer_id).where(EmployerExclusion.participant_id == bindparam("pid"))
_CONSENTS_OF = select(Consent.scope).where(Consent.participant_id == bindparam("pid"), Consent.withdrawn_at.is_(None))


@dataclass(frozen=True)
class ParticipantLists:
    adaptation_needs: list[Any]  # rows with tag and required
    excluded_employer_ids: list[uuid.UUID]
    consents: list[str]  # the scopes consented to now


async def participant_lists(session: AsyncSession, participant_id: uuid.UUID) -> ParticipantLists:
    """Read after get_participant, which checked the caller's scope and audited the read."""
    values = {"pid": participant_id}
    return ParticipantLists(adaptation_needs=list(await session.execute(_ADAPTATIONS_OF, values)),
                            excluded_employer_ids=list((await session.execute(_EXCLUSIONS_OF, values)).scalars()),
                            consents=sorted((await session.execute(_CONSENTS_OF, values)).scalars()))


async def active_consent(session: AsyncSession, participant_id: uuid.UUID, scope: str) -> Consent | None:
    return (await session.execute(select(Consent).where(
        Consent.participant_id == participant_id, Consent.scope == scope, Consent.withdrawn_at.is_(None)))).scalar()


async def give_consent(session: AsyncSession, who: Principal, participant_id: object, scope: str,
                       document_ref: str | None = None) -> Consent:
    participant = await get_participant(session, who, participant_id, action="consent_give", lists=False)
    existing = await active_consent(session, participant.id, scope)
    if existing is not None:  # giving twice is the same as giving once
        return existing
    consent = Consent(participant_id=participant.id, scope=scope, given_by=who.user_id, document_ref=document_ref)
    session.add(consent)
    try:
        await session.flush()
    except IntegrityError:  # the partial unique index caught a concurrent give
        raise Conflict("Consent was given by another request at the same moment.") from None
    return consent


async def withdraw_consent(session: AsyncSession, who: Principal, participant_id: object, scope: str) -> None:
    if scope not in CONSENT_SCOPES:
        raise NotFound("Consent")
    participant = await get_participant(session, who, participant_id, action="consent_withdraw", lists=False)
    await session.execute(update(Consent).where(
        Consent.participant_id == participant.id, Consent.scope == scope, Consent.withdrawn_at.is_(None),
    ).values(withdrawn_at=utcnow()))


def _row(obj: Any, *fields: str) -> dict[str, Any]:
    out = {}
    for f in fields:
        v = getattr(obj, f)
        out[f] = v if v is None or isinstance(v, (str, int, float, bool, list, dict)) else str(v)
    return out


async def export_participant(session: AsyncSession, who: Principal, participant_id: object) -> dict[str, Any]:
    """Everything held about the person (GDPR art. 15/20): the profile, adaptation needs, consent
    history, proposals with their explanations, placements and follow-up, support decisions,
    every disclosure to an employer (who, when, under which consent) and the access log."""
    p = await get_participant(session, who, participant_id, action="export")
    q = session.execute
    consents = (await q(select(Consent).where(Consent.participant_id == p.id).order_by(Consent.given_at))).scalars()
    proposals = (await q(select(Proposal).where(Proposal.participant_id == p.id).order_by(Proposal.created_at))).scalars()
    placements = (await q(select(Placement).where(Placement.participant_id == p.id))).scalars().all()
    placement_ids = [pl.id for pl in placements]
    checkpoints = (await q(select(Checkpoint).where(Checkpoint.placement_id.in_(placement_ids))
                           .order_by(Checkpoint.due_date))).scalars() if placements else []
    entries: dict[uuid.UUID, list[CheckpointEntry]] = {}
    if placements:
        for e in (await q(select(CheckpointEntry).join(Checkpoint, Checkpoint.id == CheckpointEntry.checkpoint_id)
                          .where(Checkpoint.placement_id.in_(placement_ids))
                          .order_by(CheckpointEntry.written_at))).scalars():
            entries.setdefault(e.checkpoint_id, []).append(e)
    supports = (await q(select(SupportDecision).where(SupportDecision.placement_id.in_(placement_ids)))).scalars() \
        if placements else []
    disclosures = (await q(select(Disclosure).where(Disclosure.participant_id == p.id).order_by(Disclosure.at))).scalars()
    bip = (await q(select(BipAssessment).where(BipAssessment.participant_id == p.id)
                   .order_by(BipAssessment.assessed_on))).scalars()
    languages = (await q(select(ParticipantLanguage).where(ParticipantLanguage.participant_id == p.id))).scalars()
    accesses = (await q(select(AuditEvent).where(AuditEvent.subject_type == "participant",
                                                 AuditEvent.subject_id == str(p.id)).order_by(AuditEvent.at))).scalars()
    return {
        "participant": _row(p, "id", "display_name", "latitude", "longitude", "max_travel_km", "hours_max",
                            "placement_types", "goals", "interests", "experience", "skills", "swedish_level",
                            "driving_licence", "gender", "birth_year", "income_source", "occupation", "created_at",
                            "updated_at"),
        "adaptation_needs": [_row(a, "tag", "required", "employer_visible_wording", "parameters")
                             for a in p.adaptation_needs],
        "excluded_employer_ids": [str(e.employer_id) for e in p.exclusions],
        "languages": [_row(lang, "language", "level") for lang in languages],
        "consents": [_row(c, "id", "scope", "given_at", "withdrawn_at", "document_ref") for c in consents],
        "proposals": [_row(pr, "id", "run_id", "need_id", "kind", "rank", "score", "status", "reason_code",
                           "comment", "explanation", "created_at") for pr in proposals],
        "placements": [_row(pl, "id", "need_id", "employer_id", "start_date", "status", "outcome", "end_reason",
                            "ended_at") for pl in placements],
        "checkpoints": [{**_row(c, "id", "placement_id", "kind", "due_date", "status", "notes", "rating"),
                         "entries": [_row(e, "side", "author_role", "written_at", "notes", "rating")
                                     for e in entries.get(c.id, [])]} for c in checkpoints],
        "support_decisions": [_row(d, "id", "placement_id", "instrument", "decided_by_org", "status", "valid_from",
                                   "valid_to", "reference_no") for d in supports],
        "bip_assessments": [_row(b, "id", "assessed_on", "respondent", "indicator_set_version", "scores")
                            for b in bip],
        "disclosures": [_row(d, "at", "employer_id", "user_id", "consent_id", "proposal_id") for d in disclosures],
        "access_log": [_row(e, "at", "user_id", "role", "action", "outcome") for e in accesses],
    }


async def erase_participant(session: AsyncSession, who: Principal, participant_id: object) -> uuid.UUID:
    """Remove the person's personal data everywhere; keep a bare pseudonymous id for statistics."""
    who.require("admin", "coordinator")
    # The row lock before anything is read or audited: concurrent erasures of one person queue
    # here, and each later one finds the person already erased (PostgreSQL re-checks the WHERE
    # after the wait; SQLite writers are serialised) and answers 404 without an erase audit row.
    locked = scope_participants(select(Participant.id).where(
        Participant.id == parse_id(participant_id, "Participant"), Participant.erased_at.is_(None)), who)
    if (await session.execute(locked.with_for_update())).scalar() is None:
        raise NotFound("Participant")
    p = await get_participant(session, who, participant_id, action="erase")
    await _scrub(session, p.id)
    audit.after_commit(session, lambda engine=session.bind, pid=p.id: destroy_key(engine, who, pid))
    audit.after_commit(session, lambda engine=session.bind: wipe_write_ahead_log(engine))
    return p.id


def _text_hashes(p: Participant) -> set[str]:
    """Hashes of the texts the matching engine embeds for this person (embedding cache keys end with one)."""
    try:
        from matching.text import participant_text, text_hash
    except ImportError:  # pragma: no cover - the engine is part of the install
        return set()
    texts = {participant_text(p), p.goals, p.interests, p.experience, ", ".join(p.skills)}
    return {text_hash(t) for t in texts if t and t.strip()}


async def _scrub(session: AsyncSession, pid: uuid.UUID) -> None:
    # The row lock first: a vector being stored for this person waits, or is seen and deleted below.
    person = (await session.execute(select(Participant).where(Participant.id == pid).with_for_update())).scalar()
    hashes = _text_hashes(person) if person is not None else set()
    await session.execute(delete(AdaptationNeed).where(AdaptationNeed.participant_id == pid))
    await session.execute(delete(EmployerExclusion).where(EmployerExclusion.participant_id == pid))
    await session.execute(delete(ParticipantLanguage).where(ParticipantLanguage.participant_id == pid))
    await session.execute(delete(BipAssessment).where(BipAssessment.participant_id == pid))
    await term_counts.forget(session, pid)
    # Embeddings of personal text are personal data: by owner, and by the hash of each text.
    await session.execute(delete(Embedding).where(or_(
        Embedding.owner_id == pid, *[Embedding.key.endswith(f":{h}") for h in sorted(hashes)])))
    await session.execute(update(Consent).where(Consent.participant_id == pid, Consent.withdrawn_at.is_(None))
                          .values(withdrawn_at=utcnow()))
    await session.execute(update(Consent).where(Consent.participant_id == pid).values(document_ref=None))
    # Proposal explanations quote matched words from the person's texts; comments are free text.
    proposal_ids = select(Proposal.id).where(Proposal.participant_id == pid).scalar_subquery()
    await session.execute(update(ProposalEvent).where(ProposalEvent.proposal_id.in_(proposal_ids))
                          .values(comment=None))
    await session.execute(update(Proposal).where(Proposal.participant_id == pid)
                          .values(explanation={}, comment=None))
    # Open proposals can no longer go anywhere; decided ones keep their status (history, statistics).
    await session.execute(update(Proposal).where(Proposal.participant_id == pid,
                                                 Proposal.status.in_(("proposed", "approved")))
                          .values(status="expired"))
    placement_ids = select(Placement.id).where(Placement.participant_id == pid).scalar_subquery()
    await session.execute(update(Checkpoint).where(Checkpoint.placement_id.in_(placement_ids)).values(notes=None))
    checkpoint_ids = select(Checkpoint.id).where(Checkpoint.placement_id.in_(placement_ids)).scalar_subquery()
    await session.execute(update(CheckpointEntry).where(CheckpointEntry.checkpoint_id.in_(checkpoint_ids))
                          .values(notes=None))
    await session.execute(update(SupportDecision).where(SupportDecision.placement_id.in_(placement_ids))
                          .values(reference_no=None))
    await session.execute(update(Placement).where(Placement.participant_id == pid).values(end_reason=None))
    await session.execute(update(Participant).where(Participant.id == pid).values(
        display_name=ERASED_NAME, goals="", interests="", experience="", skills=[], placement_types=[],
        latitude=0.0, longitude=0.0, max_travel_km=1.0, hours_max=1, swedish_level="none", driving_licence=False,
        gender=None, birth_year=None, income_source=None, occupation=None, erased_at=utcnow()))
    # The texts above are sealed under the person's key: their old copies (the SQLite write-ahead
    # log while a reader holds it, PostgreSQL's dead row versions and pg_wal, backups) become
    # unreadable when the key is destroyed, after this transaction commits (destroy_key). The
    # overwrites still matter in between. secure_delete zeroes freed space in the SQLite file, and
    # the write-ahead log is wiped after the commit (wipe_write_ahead_log).


async def destroy_key(engine: AsyncEngine, who: Principal, pid: uuid.UUID) -> bool:
    """Crypto-shredding, once the erasure has committed: destroy the person's key, then say so in
    an audit row of its own (its time is when the key went). After the commit, never before: a
    rolled-back erasure must not leave a living person's data unreadable. If the process dies in
    between, the retention job finds the erased person's key and destroys it (destroy_erased_keys)."""
    from vta.db import make_sessionmaker
    from vta.uow import transaction

    destroyed = await asyncio.to_thread(store_of(engine.dialect).destroy, pid)
    async with transaction(make_sessionmaker(engine), None) as session:
        await audit.record(session, who, "key_destroyed", "participant", pid, key_existed=destroyed)
    return destroyed


async def destroy_erased_keys(engine: AsyncEngine) -> int:
    """Destroy the keys of people erased earlier whose key is still there (a crash between the
    erasure's commit and the key's destruction, an erasure by the retention job). Idempotent."""
    from vta.db import make_reader

    holders = await asyncio.to_thread(store_of(engine.dialect).owners)
    if not holders:
        return 0
    async with make_reader(engine)() as session:
        erased = set((await session.execute(select(Participant.id).where(Participant.erased_at.is_not(None))))
                     .scalars())
    for pid in sorted(holders & erased):
        await destroy_key(engine, SYSTEM, pid)
    return len(holders & erased)


async def wipe_write_ahead_log(engine: AsyncEngine, attempts: int = 60) -> bool:
    """SQLite: copy the write-ahead log into the database file and truncate it to zero bytes, so
    erased values survive neither in the log nor (secure_delete=ON) in freed pages. True when done.

    A truncating checkpoint needs a moment with no reader holding an older snapshot. Each attempt
    asks once without waiting (a wait would block the event loop, and with it this process's own
    readers), with a pause between attempts in which nothing is held. If the database stays busy
    throughout, the next erasure or the daily retention job finishes the job. PostgreSQL keeps no
    such file the application reaches."""
    if engine.dialect.name != "sqlite":
        return True
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection  # outside any transaction, as a checkpoint must be
        for _ in range(attempts):
            cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = (await cursor.fetchone())[0]
            await cursor.close()
            if not busy:
                return True
            await asyncio.sleep(0.05)
    log.warning("the write-ahead log stayed busy; erased values leave it at the next checkpoint")
    return False


async def erase_by_id(session: AsyncSession, pid: uuid.UUID) -> None:
    """Erasure without a caller (the retention job)."""
    await _scrub(session, pid)


# --- the coordinator's list and rectification (GDPR art. 16) -------------------------------------

def name_matches(q: str, name: str) -> bool:
    """The one place that searches participants by name: a substring, any case."""
    return q.strip().casefold() in name.casefold()


def participant_names_query(who: Principal) -> Select:
    """The ids and sealed names of the caller's living participants, through
    ix_participants_association_id. No index on the name: it is sealed per person (vta/sealed.py),
    so the database could only order ciphertext; the name search and order happen in Python."""
    return scope_participants(select(Participant.id, Participant.display_name)
                              .where(Participant.erased_at.is_(None)), who)


async def list_participants(session: AsyncSession, who: Principal, page: Any, *,
                            q: str | None = None) -> tuple[list[Participant], int]:
    """Coordinators see their association's participants, admins everyone; by name, then id.

    Names are sealed (vta/sealed.py), so the database can neither search nor sort them: the ids and
    names of the caller's participants are read and opened here, filtered and sorted, and only the
    page's rows are loaded. One association's participants is thousands at most (README: figures)."""
    who.require("admin", "coordinator")
    people = [(name, pid.hex, pid) for pid, name in (await session.execute(participant_names_query(who))).all()
              if not (q and q.strip()) or name_matches(q, name)]
    people.sort()
    ids = [pid for _, _, pid in people[page.offset:page.offset + page.limit]]
    found = {p.id: p for p in (await session.execute(select(Participant).where(Participant.id.in_(ids)))).scalars()} \
        if ids else {}
    rows = [found[pid] for pid in ids if pid in found]
    await audit.record(session, who, "list", "participant", None, count=len(rows), query=bool(q))
    return rows, len(people)


TEXT_FIELDS = ("goals", "interests", "experience", "skills")


async def update_participant(session: AsyncSession, who: Principal, participant_id: object,
                             changes: dict[str, Any]) -> Participant:
    """Change any field of the profile. Changed text counts in the next match run: the vectors of
    the old text are deleted and the new text is encoded in the background."""
    p = await get_participant(session, who, participant_id, action="update")
    fields = sorted(changes)
    if "swedish_level" in changes:
        SWEDISH_LEVELS.check(changes["swedish_level"], "swedish_level")
    if "placement_types" in changes:
        changes["placement_types"] = PLACEMENT_TYPES.check_all(changes["placement_types"], "placement_types")
        if not changes["placement_types"]:
            raise InvalidInput("placement_types must name at least one placement type.")
    if "display_name" in changes:
        changes["display_name"] = changes["display_name"].strip()
    follow_up_fields(**{k: changes[k] for k in ("gender", "income_source", "occupation") if k in changes})
    if "skills" in changes:
        changes["skills"] = [s.strip() for s in changes["skills"] if s.strip()]
    old_hashes = _text_hashes(p)
    if "adaptation_needs" in changes:
        needs = changes.pop("adaptation_needs")
        adaptation_tags().check_all([a.tag for a in needs], "adaptation_needs")
        if len({a.tag for a in needs}) != len(needs):
            raise InvalidInput("adaptation_needs names a tag twice.")
        p.adaptation_needs = [AdaptationNeed(tag=a.tag, required=a.required) for a in needs]
    if "excluded_employer_ids" in changes:
        excluded = await _visible_employers(session, who, changes.pop("excluded_employer_ids"))
        p.exclusions = [EmployerExclusion(employer_id=e) for e in excluded]
    for name, value in changes.items():
        setattr(p, name, value)
    p.updated_at = utcnow()
    await session.flush()
    await term_counts.track_participant(session, p)
    if _text_hashes(p) != old_hashes:
        # The old text's vectors describe what was wrong; the next run must read the new text.
        stale = sorted(old_hashes - _text_hashes(p))
        await session.execute(delete(Embedding).where(or_(
            Embedding.owner_id == p.id, *[Embedding.key.endswith(f":{h}") for h in stale])))
        defer_encoding(session, "participant", p.id, version=f"{utcnow().timestamp():.6f}")
    await audit.record(session, who, "rectify", "participant", p.id, fields=fields)
    return p


async def _visible_employers(session: AsyncSession, who: Principal, raw_ids: Sequence[str]) -> list[uuid.UUID]:
    excluded = []
    for raw in raw_ids:
        try:
            excluded.append(uuid.UUID(str(raw)))
        except ValueError:
            raise InvalidInput(f"excluded_employer_ids: {str(raw)[:40]!r} is not an employer id.") from None
    if excluded:
        found = set((await session.execute(scope_employers(select(Employer.id).where(Employer.id.in_(excluded)),
                                                           who))).scalars())
        if found != set(excluded):
            raise InvalidInput("excluded_employer_ids names an employer that does not exist.")
    return sorted(set(excluded))
