"""Audit (reliability.md D2-D4, domain.md 8.2.6): every read and write of personal data leaves a row
with user, role, subject, action, time and outcome; the log is append-only in the database; and if
the row cannot be written, the data is not returned (fail closed)."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from litestar.routes import HTTPRoute
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.security.test_census import IGNORED_METHODS, P
from tests.security.world import CANARY, World, count, participant_fields
from vta.db import utcnow

# Every API route is either audited (action and subject type of the row it must leave) or says why
# it holds no personal data of a participant. A new route without a line here fails the suite.
AUDITED = {
    ("POST", f"{P}/participants"): ("create", "participant"),
    ("GET", f"{P}/participants/{{participant_id:str}}"): ("read", "participant"),
    ("DELETE", f"{P}/participants/{{participant_id:str}}"): ("erase", "participant"),
    ("GET", f"{P}/participants/{{participant_id:str}}/export"): ("export", "participant"),
    ("POST", f"{P}/participants/{{participant_id:str}}/consents"): ("consent_give", "participant"),
    ("DELETE", f"{P}/participants/{{participant_id:str}}/consents/{{consent_scope:str}}"):
        ("consent_withdraw", "participant"),
    ("GET", f"{P}/match-runs/{{run_id:str}}/proposals"): ("read", "match_run_proposals"),
    ("POST", f"{P}/match-runs"): ("create", "match_run"),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/approve"): ("approved", "proposal"),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/reject"): ("rejected", "proposal"),
    ("GET", f"{P}/employer/candidates"): ("disclose", "participant"),
    ("POST", f"{P}/employer/candidates/{{proposal_id:str}}/accept"): ("accept", "placement"),
    ("POST", f"{P}/employer/candidates/{{proposal_id:str}}/decline"): ("declined", "proposal"),
    ("GET", f"{P}/placements/{{placement_id:str}}"): ("read", "placement"),
    ("POST", f"{P}/placements/{{placement_id:str}}/checkpoints/{{checkpoint_id:str}}/complete"):
        ("complete", "checkpoint"),
    ("POST", f"{P}/placements/{{placement_id:str}}/status"): ("move", "placement"),
    ("POST", f"{P}/placements/{{placement_id:str}}/end"): ("end", "placement"),
    ("GET", f"{P}/csr/summary"): ("read", "csr_summary"),
    ("GET", f"{P}/csr/report.pdf"): ("read", "csr_summary"),
    ("GET", f"{P}/statistics/placements"): ("read", "statistics"),
    ("GET", f"{P}/statistics/placements.csv"): ("read", "statistics"),
    ("GET", f"{P}/statistics/placements.xlsx"): ("read", "statistics"),
    ("POST", f"{P}/auth/token"): ("login", "user"),
    ("GET", f"{P}/match-runs/{{run_id:str}}/unmatched"): ("read", "match_run_unmatched"),
    ("POST", f"{P}/placements/{{placement_id:str}}/support-decisions"): ("create", "support_decision"),
    ("GET", f"{P}/placements/{{placement_id:str}}/support-decisions"): ("read", "support_decisions"),
    ("PATCH", f"{P}/support-decisions/{{decision_id:str}}"): ("update", "support_decision"),
    ("GET", f"{P}/support-decisions"): ("read", "support_decisions"),
    ("POST", f"{P}/participants/{{participant_id:str}}/bip-assessments"): ("bip_assess", "participant"),
    ("GET", f"{P}/participants/{{participant_id:str}}/bip-assessments"): ("bip_read", "participant"),
    ("GET", f"{P}/needs/{{need_id:str}}/openers"): ("read", "need_openers"),
    ("GET", f"{P}/workplaces/{{workplace_id:str}}/openers"): ("read", "workplace_openers"),
    ("GET", f"{P}/participants"): ("list", "participant"),
    ("PATCH", f"{P}/participants/{{participant_id:str}}"): ("rectify", "participant"),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/withdraw"): ("withdrawn", "proposal"),
    ("GET", f"{P}/placements"): ("list", "placement"),
}
NOT_PERSONAL = {
    ("POST", f"{P}/users"): "staff accounts, created by an admin (no participant data)",
    # staff accounts too; each leaves a user audit row (tests/security/test_token_revocation.py)
    ("POST", f"{P}/auth/logout"): "staff accounts",
    ("POST", f"{P}/auth/password"): "staff accounts",
    ("POST", f"{P}/users/{{user_id:str}}/deactivate"): "staff accounts",
    ("POST", f"{P}/users/{{user_id:str}}/unlock"): "staff accounts",
    ("POST", f"{P}/employers"): "organisations",
    ("GET", f"{P}/employers/{{employer_id:str}}"): "organisations",
    ("POST", f"{P}/employers/{{employer_id:str}}/workplaces"): "organisations",
    ("GET", f"{P}/needs"): "employers' needs",
    ("POST", f"{P}/needs"): "employers' needs",
    ("POST", f"{P}/needs/import"): "employers' needs (a job ad made into a draft need)",
    ("GET", f"{P}/needs/{{need_id:str}}"): "employers' needs",
    ("GET", f"{P}/match-runs/{{run_id:str}}"): "a run's status and counts",
    ("GET", f"{P}/vocabularies"): "codes and their labels",
    **{(m, f"{P}/employers/{{employer_id:str}}/{what}"): "the employer relationship: organisations and their "
       "staff contacts, no participant data (written and read with audit rows all the same)"
       for m, what in (("POST", "contacts"), ("GET", "contacts"), ("POST", "interactions"), ("GET", "interactions"),
                       ("GET", "relationship"), ("PUT", "relationship"))},
    **{(m, f"{P}/deviation-reports{path}"): "deviation reports hold no personal data (refused on input)"
       for m, path in (("POST", ""), ("GET", ""), ("GET", "/patterns"), ("GET", "/{report_id:str}"),
                       ("POST", "/{report_id:str}/status"))},
    ("GET", f"{P}/match-runs"): "runs' status and counts",
    ("GET", f"{P}/employers"): "organisations",
    ("GET", f"{P}/employers/{{employer_id:str}}/workplaces"): "organisations",
    ("PATCH", f"{P}/needs/{{need_id:str}}"): "employers' needs",
    ("GET", f"{P}/notifications"): "the caller's own notices, which never name a participant",
    ("POST", f"{P}/notifications/{{notification_id:str}}/read"): "the caller's own notices",
    ("GET", f"{P}/associations"): "organisations",
    ("POST", f"{P}/associations"): "organisations",
    ("POST", f"{P}/associations/{{association_id:str}}/coordinators"): "staff accounts",
}


def api_routes(app: Any) -> set[tuple[str, str]]:
    out = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith(P):
            for handler in route.route_handlers:
                out |= {(m, route.path) for m in set(handler.http_methods) - IGNORED_METHODS}
    return out


def test_every_api_route_is_classified(settings: Any) -> None:
    from api.app import create_app

    routes = api_routes(create_app(settings))
    assert not AUDITED.keys() & NOT_PERSONAL.keys()
    assert routes == set(AUDITED) | set(NOT_PERSONAL), (
        f"unclassified: {sorted(routes - set(AUDITED) - set(NOT_PERSONAL))}, "
        f"gone: {sorted(set(AUDITED) | set(NOT_PERSONAL) - routes)}")


async def _rows_since(world: World, n: int) -> list[Any]:
    from sqlalchemy import select

    from vta.models import AuditEvent

    async with world.db() as session:
        rows = (await session.execute(select(AuditEvent))).scalars().all()
    return sorted(rows, key=lambda r: r.at)[n:]


async def _user_id(world: World, email: str) -> str:
    async with world.db() as session:
        return str((await session.execute(text("SELECT id FROM users WHERE email = :e"), {"e": email})).scalar())


def _same_id(a: object, b: object) -> bool:
    return str(a).replace("-", "") == str(b).replace("-", "")


async def test_every_read_and_write_of_personal_data_is_audited(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    new = (await api.call("coordA", "POST", "/participants", 201, json={
        **{k: v for k, v in participant_fields("Oda Granskad").items() if k != "adaptation_needs"},
        "adaptation_needs": [{"tag": "written_instructions", "required": True}]})).json()["id"]
    calls = [  # (caller, method, route, concrete path, body, subject id it must name)
        ("coordA", "GET", f"{P}/participants/{{participant_id:str}}", f"/participants/{new}", None, new),
        ("coordA", "POST", f"{P}/participants/{{participant_id:str}}/consents", f"/participants/{new}/consents",
         {"scope": "share_with_employers"}, new),
        ("coordA", "DELETE", f"{P}/participants/{{participant_id:str}}/consents/{{consent_scope:str}}",
         f"/participants/{new}/consents/share_with_employers", None, new),
        ("coordA", "GET", f"{P}/participants/{{participant_id:str}}/export", f"/participants/{new}/export", None, new),
        ("coordA", "GET", f"{P}/match-runs/{{run_id:str}}/proposals", f"/match-runs/{a1['run']}/proposals", None,
         a1["run"]),
        ("coordA", "POST", f"{P}/proposals/{{proposal_id:str}}/reject", f"/proposals/{a1['proposal_proposed']}/reject",
         {"reason_code": "poor_task_fit"}, a1["proposal_proposed"]),
        ("empA1", "GET", f"{P}/employer/candidates", "/employer/candidates", None, None),
        ("empA1", "POST", f"{P}/employer/candidates/{{proposal_id:str}}/decline",
         f"/employer/candidates/{a1['proposal_approved']}/decline", {"reason_code": "hours_mismatch"},
         a1["proposal_approved"]),
        ("empA1", "GET", f"{P}/placements/{{placement_id:str}}", f"/placements/{a1['placement']}", None,
         a1["placement"]),
        ("coordA", "POST", f"{P}/placements/{{placement_id:str}}/checkpoints/{{checkpoint_id:str}}/complete",
         f"/placements/{a1['placement']}/checkpoints/{a1['checkpoint']}/complete", {"rating": 3}, a1["checkpoint"]),
        ("coordA", "POST", f"{P}/placements/{{placement_id:str}}/status", f"/placements/{a1['placement']}/status",
         {"status": "ready_to_start"}, a1["placement"]),
        ("coordA", "POST", f"{P}/placements/{{placement_id:str}}/end", f"/placements/{a1['placement']}/end",
         {"outcome": "studies"}, a1["placement"]),
        ("csrA1", "GET", f"{P}/csr/summary", "/csr/summary", None, a1["employer"]),
        ("coordA", "GET", f"{P}/match-runs/{{run_id:str}}/unmatched", f"/match-runs/{a1['run']}/unmatched", None,
         a1["run"]),
        ("coordA", "POST", f"{P}/placements/{{placement_id:str}}/support-decisions",
         f"/placements/{a1['placement']}/support-decisions",
         {"instrument": "SIUS", "decided_by": "af", "status": "applied", "applied_on": "2026-12-01"}, None),
        ("coordA", "GET", f"{P}/placements/{{placement_id:str}}/support-decisions",
         f"/placements/{a1['placement']}/support-decisions", None, a1["placement"]),
        ("coordA", "PATCH", f"{P}/support-decisions/{{decision_id:str}}", f"/support-decisions/{a1['support_decision']}",
         {"status": "granted"}, a1["support_decision"]),
        ("coordA", "GET", f"{P}/support-decisions", "/support-decisions?expiring_within_days=30", None, None),
        ("coordA", "POST", f"{P}/participants/{{participant_id:str}}/consents", f"/participants/{new}/consents",
         {"scope": "bip_assessment"}, new),
        ("coordA", "POST", f"{P}/participants/{{participant_id:str}}/bip-assessments",
         f"/participants/{new}/bip-assessments", {"assessed_on": "2026-12-01", "scores": {"cooperation": 3}}, new),
        ("coordA", "GET", f"{P}/participants/{{participant_id:str}}/bip-assessments",
         f"/participants/{new}/bip-assessments", None, new),
        ("coordA", "GET", f"{P}/needs/{{need_id:str}}/openers", f"/needs/{a1['need']}/openers", None, a1["need"]),
        ("coordA", "GET", f"{P}/workplaces/{{workplace_id:str}}/openers", f"/workplaces/{a1['workplace']}/openers",
         None, a1["workplace"]),
        ("csrA1", "GET", f"{P}/csr/report.pdf", "/csr/report.pdf", None, a1["employer"]),
        *[("coordA", "GET", f"{P}/statistics/placements{ext}", f"/statistics/placements{ext}", None, None)
          for ext in ("", ".csv", ".xlsx")],
        ("coordA", "GET", f"{P}/participants", "/participants?q=oda", None, None),
        ("coordA", "PATCH", f"{P}/participants/{{participant_id:str}}", f"/participants/{new}",
         {"goals": "Rättad text."}, new),
        ("coordA", "POST", f"{P}/proposals/{{proposal_id:str}}/withdraw",
         f"/proposals/{world.tenants['A2'].ids['proposal_approved']}/withdraw", None,
         world.tenants["A2"].ids["proposal_approved"]),
        ("coordA", "GET", f"{P}/placements", "/placements", None, None),
        ("coordA", "DELETE", f"{P}/participants/{{participant_id:str}}", f"/participants/{new}", None, new),
    ]
    users = {who: await _user_id(world, world.emails[who]) for who in ("coordA", "empA1", "csrA1")}
    roles = {"coordA": "coordinator", "empA1": "employer", "csrA1": "csr"}
    covered = {("POST", f"{P}/participants")}
    for who, method, route, path, body, subject in calls:
        n = await count(world.db, "SELECT count(*) FROM audit_events")
        kw = {"json": body} if body is not None else {}
        r = await api.call(who, method, path, **kw)
        assert r.status_code < 300, (path, r.text)
        action, subject_type = AUDITED[(method, route)]
        rows = await _rows_since(world, n)
        match = [x for x in rows if x.action == action and x.subject_type == subject_type]
        assert match, (route, rows)
        row = match[0]
        assert _same_id(row.user_id, users[who]) and row.role == roles[who] and row.outcome == "ok", row
        assert subject is None or _same_id(row.subject_id, subject), (route, row)
        assert abs(row.at - utcnow()) < timedelta(minutes=1)
        covered.add((method, route))
    # the disclosures name each participant shown
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE action = 'disclose' "
                                 "AND subject_type = 'participant'") >= 1
    # routes exercised elsewhere: login (every fixture), create run and approve/accept (below)
    assert covered | {("POST", f"{P}/auth/token"), ("POST", f"{P}/match-runs"),
                      ("POST", f"{P}/proposals/{{proposal_id:str}}/approve"),
                      ("POST", f"{P}/employer/candidates/{{proposal_id:str}}/accept")} == set(AUDITED)
    await api.call("coordA", "POST", f"/proposals/{world.tenants['A2'].ids['proposal_proposed']}/approve", 200)
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE action = 'approved'") == 1
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE action = 'login'") >= len(world.emails)


async def test_audit_log_and_disclosures_are_append_only(world: World) -> None:
    api = world.api
    await api.call("empA1", "GET", "/employer/candidates", 200)  # at least one disclosure
    before = {t: await count(world.db, f"SELECT count(*) FROM {t}") for t in ("audit_events", "disclosures")}
    assert all(before.values())
    statements = ["UPDATE audit_events SET outcome = 'forged'", "DELETE FROM audit_events",
                  "UPDATE disclosures SET at = at", "DELETE FROM disclosures"]
    async with world.db() as session:
        if session.bind.dialect.name == "postgresql":
            statements += ["TRUNCATE audit_events", "TRUNCATE disclosures"]
    for sql in statements:
        async with world.db() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                async with session.begin():
                    await session.execute(text(sql))
    after = {t: await count(world.db, f"SELECT count(*) FROM {t}") for t in ("audit_events", "disclosures")}
    assert after == before
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE outcome = 'forged'") == 0


async def _break_audit(world: World) -> None:
    async with world.db() as session, session.begin():
        if session.bind.dialect.name == "sqlite":
            await session.execute(text("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events "
                                       "BEGIN SELECT RAISE(ABORT, 'audit store down'); END"))
        else:
            await session.execute(text("CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS "
                                       "$$ BEGIN RAISE EXCEPTION 'audit store down'; END $$"))
            await session.execute(text("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events "
                                       "FOR EACH ROW EXECUTE FUNCTION audit_down()"))


async def _mend_audit(world: World) -> None:
    async with world.db() as session, session.begin():
        if session.bind.dialect.name == "sqlite":
            await session.execute(text("DROP TRIGGER audit_down"))
        else:
            await session.execute(text("DROP TRIGGER audit_down ON audit_events"))


async def test_no_audit_row_no_data(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    pid = a1["participant"]
    secret = (await api.call("coordA", "GET", f"/participants/{pid}", 200)).json()
    await api.call("coordA", "POST", f"/placements/{a1['placement']}/checkpoints/{a1['checkpoint']}/complete",
                   200, json={"notes": f"anteckning {CANARY}"})
    disclosed = await count(world.db, "SELECT count(*) FROM disclosures")
    people = await count(world.db, "SELECT count(*) FROM participants")
    await _break_audit(world)
    try:
        reads = [("coordA", "GET", f"/participants/{pid}", None), ("coordA", "GET", f"/participants/{pid}/export", None),
                 ("coordA", "GET", f"/placements/{a1['placement']}", None),
                 ("coordA", "GET", f"/match-runs/{a1['run']}/proposals", None),
                 ("empA1", "GET", "/employer/candidates", None),
                 ("coordA", "POST", "/participants", {**participant_fields("Ny Person"), "adaptation_needs": []})]
        for who, method, path, body in reads:
            r = await api.call(who, method, path, **({"json": body} if body else {}))
            assert r.status_code == 503, (path, r.status_code, r.text)
            assert set(r.json()) == {"detail"}
            for leak in (secret["display_name"], secret["goals"], CANARY, "matlagning", "A1 Person"):
                assert leak not in r.text, (path, leak)
        assert await count(world.db, "SELECT count(*) FROM disclosures") == disclosed
        assert await count(world.db, "SELECT count(*) FROM participants") == people
    finally:
        await _mend_audit(world)
    assert (await api.call("coordA", "GET", f"/participants/{pid}", 200)).json()["display_name"] == secret["display_name"]


async def test_refusals_are_audited_with_their_outcome(world: World) -> None:
    api, b = world.api, world.tenants["B"].ids
    before = await count(world.db, "SELECT count(*) FROM audit_events")
    await api.call("coordA", "GET", f"/participants/{b['participant']}", 404)
    await api.call("csrA1", "GET", f"/participants/{b['participant']}", 403)
    rows = await _rows_since(world, before)
    assert [(r.role, r.outcome) for r in rows] == [("coordinator", "not_found"), ("csr", "denied")]
    assert all(_same_id(r.subject_id, b["participant"]) for r in rows)
    assert all(re.match(r"GET /api/v1/participants/", r.action) for r in rows)
    assert uuid.UUID(str(rows[0].user_id))


async def test_granting_access_is_audited(world: World) -> None:
    """A new staff account is a change of who may see what: recorded, without its password."""
    body = {"email": "ny.koordinator@test.se", "password": "a-long-enough-secret", "role": "coordinator"}
    new = (await world.api.call("admin", "POST", "/users", 201, json=body)).json()["id"]
    admin = await _user_id(world, world.emails["admin"])
    async with world.db() as session:
        rows = (await session.execute(text("SELECT user_id, role, subject_id, detail FROM audit_events "
                                           "WHERE action = 'create' AND subject_type = 'user'"))).all()
    assert [(_same_id(r[0], admin), r[1], _same_id(r[2], new)) for r in rows] == [(True, "admin", True)]
    assert "a-long-enough-secret" not in str(rows)
