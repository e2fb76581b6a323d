"""Document frequency over each association's corpus: in how many of its participants' profiles
and of its published needs (not drafts, not closed) each term appears. Kept up to date in the
transaction of every write that changes a text (create, edit, close or reopen, erasure: one call
each) and read by match runs instead of counting over the run's own texts
(matching.term_index.DocumentFrequency), so what every ad of the association says weighs nothing
whichever needs a run takes.

Terms come from people's own texts (health, history) and stay only as keyed hashes: blake2b
keyed with a key derived from the application secret. Nothing stored here reads back as a word,
so erasing (crypto-shredding) a person's text leaves no readable copy of it behind, and a
dictionary attack needs the secret. A lost or changed secret makes the stored hashes useless:
runs notice (the key check row is missing) and count over their own texts until the next start
recounts (`recount_if_stale`).

It lives on the employer side's layer, below the use cases of both sides (employers.services and
vta.services.participants call it) and above the core tables it counts.
"""
from __future__ import annotations

import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from matching.term_index import DocumentFrequency, term_key
from matching.terms import Analyzer
from matching.text import need_text, participant_text
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from employers.models import Employer, Need
from vta.models import Participant, TermCount, TermDocument
from vta.settings import get_settings

log = logging.getLogger("vta.term_counts")
PARTICIPANT, NEED = "participant", "need"
OUTSIDE_CORPUS = ("draft", "closed")  # needs whose words do not count: never published, or done with
KEY_CHECK = "key"  # the kind of the row that tells whether the counts were made with this key
_CHUNK = 1000  # rows per statement (bounds its parameters)


@lru_cache(maxsize=1)
def hash_key() -> bytes:
    """The term-hash key: derived from the application secret, never stored."""
    secret = get_settings().resolved_secret().encode("utf-8")
    return hashlib.blake2b(secret, digest_size=32, person=b"vta.term_counts").digest()


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    # without a taxonomy: the counts must not change when one is imported (a run's taxonomy may
    # split a few compounds otherwise; those parts count as unseen)
    return Analyzer()


def terms_of(text: str, key: bytes) -> list[int]:
    """The text's distinct terms (matching units) as sorted keyed hashes."""
    return sorted({term_key(u, key) for u in _analyzer().bag(text).weights})


def participant_terms(p: Any, key: bytes) -> list[int]:
    return [] if p.erased_at is not None else terms_of(participant_text(p), key)


def need_terms(n: Any, key: bytes) -> list[int]:
    return [] if n.status in OUTSIDE_CORPUS else terms_of(need_text(n), key)


def _insert(session: AsyncSession):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def _set(session: AsyncSession, doc_id: uuid.UUID, association_id: uuid.UUID, kind: str,
               terms: Sequence[int]) -> None:
    """Make the stored terms of one document `terms` ([]: not in the corpus), moving the counts by
    the difference."""
    doc = (await session.execute(select(TermDocument).where(TermDocument.doc_id == doc_id).with_for_update()
                                 .execution_options(populate_existing=True))).scalar()
    before = set(doc.terms) if doc is not None else set()
    after = set(terms)
    if doc is not None and (doc.association_id != association_id or doc.kind != kind):
        await _set(session, doc_id, doc.association_id, doc.kind, [])  # moved: out of the old corpus first
        doc, before = None, set()
    if after:
        if doc is None:
            session.add(TermDocument(doc_id=doc_id, association_id=association_id, kind=kind, terms=sorted(after)))
        elif before != after:
            doc.terms = sorted(after)
    elif doc is not None:
        await session.delete(doc)
    await session.flush()
    delta = {t: 1 for t in after - before} | {t: -1 for t in before - after}
    if not delta:
        return
    key = hash_key()
    rows = [{"association_id": association_id, "kind": kind, "term": t, "count": d} for t, d in sorted(delta.items())]
    rows.append({"association_id": association_id, "kind": KEY_CHECK, "term": term_key(KEY_CHECK, key), "count": 0})
    insert = _insert(session)
    for start in range(0, len(rows), _CHUNK):
        # one statement, rows in term order: concurrent writers lock the counts in the same order
        stmt = insert(TermCount).values(rows[start:start + _CHUNK])
        await session.execute(stmt.on_conflict_do_update(
            index_elements=["association_id", "kind", "term"], set_={"count": TermCount.count + stmt.excluded.count}))
    gone = sorted(before - after)
    for start in range(0, len(gone), _CHUNK):
        await session.execute(delete(TermCount).where(
            TermCount.association_id == association_id, TermCount.kind == kind,
            TermCount.term.in_(gone[start:start + _CHUNK]), TermCount.count <= 0))


async def track_participant(session: AsyncSession, p: Participant) -> None:
    """After a participant is created or edited: their profile's terms count."""
    await _set(session, p.id, p.association_id, PARTICIPANT, participant_terms(p, hash_key()))


async def forget(session: AsyncSession, doc_id: uuid.UUID) -> None:
    """A participant's terms no longer count (erasure)."""
    doc = (await session.execute(select(TermDocument.association_id, TermDocument.kind)
                                 .where(TermDocument.doc_id == doc_id))).first()
    if doc is not None:
        await _set(session, doc_id, doc.association_id, doc.kind, [])


async def track_need(session: AsyncSession, need: Need) -> None:
    """After a need is created, edited, closed or reopened (its tasks loaded)."""
    association_id = (await session.execute(select(Employer.association_id)
                                            .where(Employer.id == need.employer_id))).scalar_one()
    await _set(session, need.id, association_id, NEED, need_terms(need, hash_key()))


async def frequency(session: AsyncSession, association_id: uuid.UUID | None) -> DocumentFrequency | None:
    """The stored counts of one association (None: all of them), for a run. None when they were
    made with another key (the secret changed; `rebuild` them)."""
    key = hash_key()
    where = [] if association_id is None else [TermCount.association_id == association_id]
    doc_where = [] if association_id is None else [TermDocument.association_id == association_id]
    docs = dict((await session.execute(select(TermDocument.kind, func.count()).where(*doc_where)
                                       .group_by(TermDocument.kind))).all())
    counts = {PARTICIPANT: {}, NEED: {}, KEY_CHECK: {}}
    for kind, term, n in (await session.execute(
            select(TermCount.kind, TermCount.term, func.sum(TermCount.count)).where(*where)
            .group_by(TermCount.kind, TermCount.term))).all():
        counts.setdefault(kind, {})[int(term)] = int(n)
    if docs and term_key(KEY_CHECK, key) not in counts[KEY_CHECK]:
        log.warning("stored term counts were made with another secret: runs count over their own "
                    "texts until the next start of vta serve recounts them")
        return None
    return DocumentFrequency(key, counts[PARTICIPANT], int(docs.get(PARTICIPANT, 0)), counts[NEED],
                             int(docs.get(NEED, 0)))


async def recount_if_stale(database_url: str) -> bool:
    """Recount everything when the stored counts were made with another secret or an association
    with texts has none (after migration 0011, which cannot read sealed texts). `vta serve` and
    `vta db upgrade` call this after migrating. True when it recounted."""
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            stored = set((await session.execute(select(TermDocument.association_id).distinct())).scalars())
            checked = set((await session.execute(select(TermCount.association_id).where(
                TermCount.kind == KEY_CHECK, TermCount.term == term_key(KEY_CHECK, hash_key())))).scalars())
            people = select(Participant.association_id).where(Participant.erased_at.is_(None))
            needs = (select(Employer.association_id).join(Need, Need.employer_id == Employer.id)
                     .where(Need.status.not_in(OUTSIDE_CORPUS)))
            corpus = set((await session.execute(people.union(needs))).scalars())
            if stored <= checked and corpus <= checked:
                return False
            log.warning("term counts are missing or were made with another secret: recounting")
            await rebuild(session)
            return True
    finally:
        await engine.dispose()


def rebuilt_rows(people: Iterable[Any], needs: Iterable[Any], key: bytes) -> tuple[list[dict], list[dict]]:
    """(term_documents rows, term_counts rows) from scratch. `people` have id, association_id,
    erased_at and the profile texts; `needs` id, association_id, status and texts with tasks."""
    docs = [{"doc_id": p.id, "association_id": p.association_id, "kind": PARTICIPANT,
             "terms": participant_terms(p, key)} for p in people]
    docs += [{"doc_id": n.id, "association_id": n.association_id, "kind": NEED, "terms": need_terms(n, key)}
             for n in needs]
    docs = [d for d in docs if d["terms"]]
    counts = Counter((d["association_id"], d["kind"], t) for d in docs for t in d["terms"])
    counts.update({(a, KEY_CHECK, term_key(KEY_CHECK, key)): 0 for a in {d["association_id"] for d in docs}})
    rows = [{"association_id": a, "kind": k, "term": t, "count": n} for (a, k, t), n in sorted(
        counts.items(), key=lambda x: (str(x[0][0]), x[0][1], x[0][2]))]
    return docs, rows


async def rebuild(session: AsyncSession) -> None:
    """Recount everything from the stored texts (after a change of secret, or to check the
    incremental counts)."""
    people = (await session.execute(select(Participant).where(Participant.erased_at.is_(None)))).scalars().all()
    need_rows = (await session.execute(select(Need, Employer.association_id).join(Employer, Employer.id == Need.employer_id)
                                       .options(selectinload(Need.tasks)).where(Need.status.not_in(OUTSIDE_CORPUS)))).all()
    needs = [_WithAssociation(n, a) for n, a in need_rows]
    docs, rows = rebuilt_rows(people, needs, hash_key())
    await session.execute(delete(TermCount))
    await session.execute(delete(TermDocument))
    for start in range(0, len(docs), _CHUNK):
        await session.execute(_insert(session)(TermDocument).values(docs[start:start + _CHUNK]))
    for start in range(0, len(rows), _CHUNK):
        await session.execute(_insert(session)(TermCount).values(rows[start:start + _CHUNK]))


class _WithAssociation:
    """A need read with its employer's association."""

    def __init__(self, need: Need, association_id: uuid.UUID) -> None:
        self._need, self.association_id = need, association_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._need, name)
