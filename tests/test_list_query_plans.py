"""The lists' queries use their indexes (migration 0012): on a real SQLite file and a real
PostgreSQL database migrated to head, the very statements the services build are EXPLAINed.

SQLite: EXPLAIN QUERY PLAN must SEARCH each named index, never SCAN a table, and never sort
(USE TEMP B-TREE FOR ORDER BY) where the index gives the order. PostgreSQL: with sequential
scans switched off (so the answer does not hang on how many rows the planner guesses an empty
table has), the plan must name each index, never fall back to a Seq Scan, and have no Sort node
where the index gives the order. Lists whose scope and order sit on different tables (a
coordinator's needs, placements and support decisions: the association is the employer's) and an
employer's candidates (ordered by the need's title) may sort the few rows their indexes found.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Select, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable

from employers.services import employers_query, needs_query
from employers.support import decisions_query
from vta.db import make_engine
from vta.migrations import upgrade
from vta.principal import Principal
from vta.services.accounts import TOKEN_PRINCIPAL, token_params
from vta.services.deviations import reports_query
from vta.services.notifications import notifications_query
from vta.services.participants import participant_names_query
from vta.services.placements import candidates_query, placements_query
from vta.services.runs import proposals_query, run_people_query


class Explain(Executable, ClauseElement):
    """EXPLAIN of a statement, compiled by the dialect with its own bound values."""

    inherit_cache = False

    def __init__(self, statement: Select) -> None:
        self.statement = statement


@compiles(Explain)
def _explain(element: Explain, compiler, **kw) -> str:  # noqa: ANN001
    prefix = "EXPLAIN QUERY PLAN " if compiler.dialect.name == "sqlite" else "EXPLAIN "
    sql = prefix + compiler.process(element.statement, **kw)
    compiler._result_columns = []  # the rows are the plan's, not the statement's columns
    return sql


ASSOCIATION, EMPLOYER, USER, RUN = (uuid.uuid4() for _ in range(4))
COORDINATOR = Principal(user_id=USER, role="coordinator", association_id=ASSOCIATION, employer_id=None)
EMPLOYER_USER = Principal(user_id=USER, role="employer", association_id=None, employer_id=EMPLOYER)


@dataclass(frozen=True)
class Case:
    statement: Callable[[], Select]
    indexes: tuple[str, ...]
    sorts: bool = False  # whether a sort of the found rows is expected (see the module's docstring)


CASES: dict[str, Case] = {
    "token": Case(lambda: TOKEN_PRINCIPAL.params(token_params("a-token")), ("api_tokens (token_hash)",)),
    "participants": Case(lambda: participant_names_query(COORDINATOR), ("ix_participants_association_id",)),
    "notifications": Case(lambda: notifications_query(COORDINATOR), ("ix_notifications_user_page",)),
    "notifications unread": Case(lambda: notifications_query(COORDINATOR, unread=True),
                                 ("ix_notifications_user_page",)),
    "deviation reports": Case(lambda: reports_query(COORDINATOR), ("ix_deviation_reports_association_page",)),
    "deviation reports by status": Case(lambda: reports_query(COORDINATOR, status="new"),
                                        ("ix_deviation_reports_association_page",)),
    "employers": Case(lambda: employers_query(COORDINATOR), ("ix_employers_association_name",)),
    "needs of an employer": Case(lambda: needs_query(EMPLOYER_USER), ("ix_needs_employer_page",)),
    "needs of an association": Case(lambda: needs_query(COORDINATOR, status="open"),
                                    ("ix_employers_association_name", "ix_needs_employer_page"), sorts=True),
    "placements of an employer": Case(lambda: placements_query(EMPLOYER_USER), ("ix_placements_employer_page",)),
    "placements of an association": Case(lambda: placements_query(COORDINATOR),
                                         ("ix_employers_association_name", "ix_placements_employer_page"),
                                         sorts=True),
    "support decisions expiring": Case(
        lambda: decisions_query(COORDINATOR, expiring_within_days=30, today=date(2026, 12, 5)),
        ("ix_employers_association_name", "ix_placements_employer_page", "ix_support_decisions_placement_id"),
        sorts=True),
    "proposals of a run": Case(lambda: proposals_query(COORDINATOR, RUN, status="proposed"),
                               ("ix_proposals_run_page",)),
    "participants of a run": Case(lambda: run_people_query(COORDINATOR, RUN), ("ix_proposals_run_page",)),
    "candidates": Case(lambda: candidates_query(EMPLOYER_USER), ("ix_proposals_status", "uq_consents_active_scope"),
                       sorts=True),
}


async def _plan(conn: AsyncConnection, statement: Select) -> list[str]:
    return [str(row[-1]) for row in (await conn.execute(Explain(statement))).all()]


def _uses(plan: list[str], dialect: str, index: str) -> bool:
    if index == "api_tokens (token_hash)":  # a UNIQUE column's own index: SQLite names it itself
        return any(re.search(r"SEARCH api_tokens USING (COVERING )?INDEX \w+ \(token_hash=\?\)", line)
                   for line in plan) if dialect == "sqlite" else _uses(plan, dialect, "uq_api_tokens_token_hash")
    if dialect == "sqlite":
        return any(re.search(rf"^SEARCH \w+ USING (COVERING )?INDEX {index} \(", line) for line in plan)
    return any(re.search(rf"(using|on) {index}\b", line) for line in plan)


def _problems(plan: list[str], dialect: str, case: Case) -> list[str]:
    problems = [f"does not use {index}" for index in case.indexes if not _uses(plan, dialect, index)]
    if dialect == "sqlite":
        problems += [f"reads a whole table: {line}" for line in plan if re.match(r"^SCAN \w+", line)]
        sorted_ = [line for line in plan if "TEMP B-TREE" in line]
    else:
        problems += [f"reads a whole table: {line}" for line in plan if "Seq Scan" in line]
        sorted_ = [line for line in plan if re.match(r"^\s*(->\s+)?(Incremental )?Sort\b(?! Key)", line)]
    if sorted_ and not case.sorts:
        problems += [f"sorts instead of reading in index order: {line}" for line in sorted_]
    return problems


@pytest.fixture
async def migrated(empty_database_url: str) -> str:
    await upgrade(empty_database_url)
    return empty_database_url


async def test_list_queries_use_their_indexes(migrated: str) -> None:
    engine = make_engine(migrated)
    try:
        async with engine.connect() as conn:
            dialect = conn.dialect.name
            if dialect == "postgresql":
                await conn.execute(text("SET enable_seqscan = off"))
            failures = {}
            for name, case in CASES.items():
                plan = await _plan(conn, case.statement())
                if problems := _problems(plan, dialect, case):
                    failures[name] = (problems, plan)
    finally:
        await engine.dispose()
    assert not failures, "\n".join(f"{name}: {problems}\n    " + "\n    ".join(plan)
                                   for name, (problems, plan) in failures.items())


async def test_the_check_catches_a_missing_index(migrated: str) -> None:
    """Without its index, a list's plan fails the same check (the check is not vacuous)."""
    engine = make_engine(migrated)
    try:
        async with engine.begin() as conn:
            dialect = conn.dialect.name
            await conn.execute(text("DROP INDEX ix_notifications_user_page"))
            if dialect == "postgresql":
                await conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = await _plan(conn, CASES["notifications"].statement())
            problems = _problems(plan, dialect, CASES["notifications"])
            await conn.rollback()
    finally:
        await engine.dispose()
    assert any("does not use ix_notifications_user_page" in p for p in problems), plan
    assert any("sorts" in p or "whole table" in p for p in problems), plan
