"""Lex Heller deviation reports (domain.md §7): where cooperation between authorities failed.

A report holds no personal data about participants: a personnummer (also inside free text,
checked with python-stdnum) or the name of a participant of the association is refused with a
422 that says why. Handling follows SCÖ's flow: new -> under_review -> raised -> answered ->
published; patterns are counts per category and quarter."""
from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum.se import personnummer

from vta import audit
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import DeviationReport, Participant
from vta.principal import Principal
from vta.vocabulary import AUTHORITIES, DEVIATION_STATUSES, deviation_categories

NEXT = dict(zip(DEVIATION_STATUSES.codes, DEVIATION_STATUSES.codes[1:]))  # one step at a time
# 6 or 8 digits, an optional -, + or space, 4 digits; not glued to other digits
_PNR_CANDIDATE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?(\d{4})(?!\d)")
_WORD = re.compile(r"\w+")


def holds_personnummer(text: str) -> bool:
    return any(personnummer.is_valid(m.group(0)) for m in _PNR_CANDIDATE.finditer(text))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def names_in(text: str, names: Iterable[str]) -> bool:
    """True when a whole name (all its words, in order) occurs in the text, whatever the case."""
    words = _words(text)
    grams: dict[int, set[tuple[str, ...]]] = {}
    for name in names:
        key = tuple(_words(name))
        if not key:
            continue
        if len(key) not in grams:
            grams[len(key)] = {tuple(words[i:i + len(key)]) for i in range(len(words) - len(key) + 1)}
        if key in grams[len(key)]:
            return True
    return False


async def _participant_names(session: AsyncSession, association_id: uuid.UUID | None) -> list[str]:
    stmt = select(Participant.display_name).where(Participant.erased_at.is_(None))
    if association_id is not None:
        stmt = stmt.where(Participant.association_id == association_id)
    return list((await session.execute(stmt)).scalars())


async def check_free_text(session: AsyncSession, association_id: uuid.UUID | None, **texts: str | None) -> None:
    """Refuse personal data in any of the given texts (field name -> text)."""
    present = {k: v for k, v in texts.items() if v}
    for field, text in present.items():
        if holds_personnummer(text):
            raise InvalidInput(f"{field} holds a personnummer. A deviation report describes how cooperation "
                               "failed and must not contain personal data: remove the number.")
    names = await _participant_names(session, association_id) if present else []
    for field, text in present.items():
        if names_in(text, names):
            raise InvalidInput(f"{field} names a participant. A deviation report must not contain personal data: "
                               "write about the situation without the person's name.")


def _scope(stmt: Select, who: Principal) -> Select:
    who.require("admin", "coordinator")
    if who.role == "coordinator":
        return stmt.where(DeviationReport.association_id == who.association_id)
    return stmt


async def create_report(session: AsyncSession, who: Principal, *, category: str, involved_orgs: list[str],
                        description: str, suggested_improvement: str | None) -> DeviationReport:
    who.require("admin", "coordinator")
    deviation_categories().check(category, "category")
    if not involved_orgs:
        raise InvalidInput(f"involved_orgs must name at least one of {AUTHORITIES.valid()}.")
    AUTHORITIES.check_all(involved_orgs, "involved_orgs")
    if not description.strip():
        raise InvalidInput("description must say what happened.")
    await check_free_text(session, who.association_id, description=description,
                          suggested_improvement=suggested_improvement)
    report = DeviationReport(reported_by=who.user_id, association_id=who.association_id, category=category,
                             involved_orgs=sorted(set(involved_orgs)), description=description.strip(),
                             suggested_improvement=(suggested_improvement or "").strip() or None, status="new")
    session.add(report)
    await session.flush()
    await audit.record(session, who, "create", "deviation_report", report.id)
    return report


async def get_report(session: AsyncSession, who: Principal, report_id: object) -> DeviationReport:
    rid = parse_id(report_id, "Deviation report")
    report = (await session.execute(_scope(select(DeviationReport).where(DeviationReport.id == rid), who))).scalar()
    if report is None:
        raise NotFound("Deviation report")
    return report


def reports_query(who: Principal, *, status: str | None = None, category: str | None = None) -> Select:
    """Newest first: a coordinator's association read backwards along
    ix_deviation_reports_association_page (association_id, created_at, id)."""
    stmt = _scope(select(DeviationReport), who)
    if status is not None:
        stmt = stmt.where(DeviationReport.status == DEVIATION_STATUSES.check(status, "status"))
    if category is not None:
        deviation_categories().check(category, "category")
        stmt = stmt.where(DeviationReport.category == category)
    return stmt.order_by(DeviationReport.created_at.desc(), DeviationReport.id.desc())


async def list_reports(session: AsyncSession, who: Principal, page: Page, *, status: str | None = None,
                       category: str | None = None) -> tuple[list[DeviationReport], int]:
    """Newest first."""
    return await fetch_page(session, reports_query(who, status=status, category=category), page)


async def move_report(session: AsyncSession, who: Principal, report_id: object, to_status: str,
                      answer_text: str | None = None) -> DeviationReport:
    """One step along the flow; `answered` needs the answer. A step that lost a race is a 409."""
    report = await get_report(session, who, report_id)
    DEVIATION_STATUSES.check(to_status, "status")
    if NEXT.get(report.status) != to_status:
        raise Conflict(f"A report that is {report.status} cannot become {to_status}"
                       + (f"; its next step is {NEXT[report.status]}." if report.status in NEXT else "."))
    values: dict[str, object] = {"status": to_status, "updated_at": utcnow()}
    if to_status == "answered":
        if not (answer_text or "").strip():
            raise InvalidInput("answer_text is needed to mark a report answered.")
        await check_free_text(session, report.association_id, answer_text=answer_text)
        values.update(answer_text=answer_text.strip(), answered_at=utcnow())

    moved = await session.execute(update(DeviationReport).where(DeviationReport.id == report.id,
                                                                DeviationReport.status == report.status)
                                  .values(**values))
    if moved.rowcount != 1:
        raise Conflict("The report changed meanwhile; reload and try again.")
    await session.refresh(report)
    await audit.record(session, who, "move", "deviation_report", report.id, to=to_status)
    return report


def quarter(at: datetime) -> str:
    return f"{at.year}-Q{(at.month - 1) // 3 + 1}"


async def patterns(session: AsyncSession, who: Principal) -> list[dict[str, object]]:
    """Reports per category and quarter (of reporting), oldest quarter first."""
    rows = (await session.execute(_scope(select(DeviationReport.category, DeviationReport.created_at),
                                         who))).all()
    counts = Counter((quarter(at), category) for category, at in rows)
    return [{"quarter": q, "category": c, "count": n} for (q, c), n in sorted(counts.items())]


__all__ = ["NEXT", "check_free_text", "create_report", "get_report",
           "holds_personnummer", "list_reports", "move_report", "names_in", "patterns", "quarter"]
