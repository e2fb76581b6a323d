"""Tenant isolation census (reliability.md A1/A7, ASVS 8.2.2, 8.4.1).

Every route of the app that takes an id is called, as every role, with another tenant's ids:
each answer must be a 404 with exactly the body a missing id gets (or the 403 the contract gives a
role that may not make the call at all), and no row of any table may change. A route that takes an
id and has no entry here fails the suite, so a new route cannot skip the census.
"""
from __future__ import annotations

import inspect
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from litestar.routes import HTTPRoute

from tests.security.world import World, count, table_fingerprints

ROLES = ("admin", "coordinator", "employer", "csr")
IGNORED_METHODS = {"OPTIONS", "HEAD"}


@dataclass(frozen=True)
class Entry:
    ids: dict[str, str]                      # path or query parameter -> key of Tenant.ids
    body: dict[str, Any] | None = None       # a valid body, so the id check is what decides
    forbidden: frozenset[str] = frozenset()  # roles the contract refuses the call (403)
    fixed: dict[str, str] = field(default_factory=dict)  # non-id path parameters
    query: bool = False                      # the ids travel in the query string


P = "/api/v1"
NOT_EMPLOYER = frozenset({"employer", "csr"})
NOT_ADMIN = frozenset({"coordinator", "employer", "csr"})
CENSUS: dict[tuple[str, str], Entry] = {
    ("GET", f"{P}/employers/{{employer_id:str}}"): Entry({"employer_id": "employer"}, forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/employers/{{employer_id:str}}/workplaces"): Entry(
        {"employer_id": "employer"}, {"name": "Filial", "latitude": 58.4, "longitude": 15.6, "supervisor_capacity": 1},
        forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/needs/{{need_id:str}}"): Entry({"need_id": "need"}, forbidden=frozenset({"csr"})),
    ("GET", f"{P}/participants/{{participant_id:str}}"): Entry({"participant_id": "participant"},
                                                              forbidden=NOT_EMPLOYER),
    ("DELETE", f"{P}/participants/{{participant_id:str}}"): Entry({"participant_id": "participant"},
                                                                 forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/participants/{{participant_id:str}}/export"): Entry({"participant_id": "participant"},
                                                                     forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/participants/{{participant_id:str}}/consents"): Entry(
        {"participant_id": "participant"}, {"scope": "statistics"}, forbidden=NOT_EMPLOYER),
    ("DELETE", f"{P}/participants/{{participant_id:str}}/consents/{{consent_scope:str}}"): Entry(
        {"participant_id": "participant"}, forbidden=NOT_EMPLOYER, fixed={"consent_scope": "share_with_employers"}),
    ("GET", f"{P}/match-runs/{{run_id:str}}"): Entry({"run_id": "run"}, forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/match-runs/{{run_id:str}}/proposals"): Entry({"run_id": "run"}, forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/match-runs/{{run_id:str}}/unmatched"): Entry({"run_id": "run"}, forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/approve"): Entry({"proposal_id": "proposal_proposed"},
                                                                 forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/reject"): Entry(
        {"proposal_id": "proposal_proposed"}, {"reason_code": "poor_task_fit", "comment": "x"},
        forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/employer/candidates/{{proposal_id:str}}/accept"): Entry(
        {"proposal_id": "proposal_approved"}, {"start_date": "2027-01-10"},
        forbidden=frozenset({"coordinator", "csr"})),
    ("POST", f"{P}/employer/candidates/{{proposal_id:str}}/decline"): Entry(
        {"proposal_id": "proposal_approved"}, {"reason_code": "hours_mismatch"},
        forbidden=frozenset({"coordinator", "csr"})),
    ("GET", f"{P}/placements/{{placement_id:str}}"): Entry({"placement_id": "placement"},
                                                          forbidden=frozenset({"csr"})),
    ("POST", f"{P}/placements/{{placement_id:str}}/checkpoints/{{checkpoint_id:str}}/complete"): Entry(
        {"placement_id": "placement", "checkpoint_id": "checkpoint"}, {"notes": "x", "rating": 3},
        forbidden=frozenset({"csr"})),
    ("POST", f"{P}/placements/{{placement_id:str}}/status"): Entry(
        {"placement_id": "placement"}, {"status": "ready_to_start"}, forbidden=frozenset({"csr"})),
    ("POST", f"{P}/placements/{{placement_id:str}}/end"): Entry(
        {"placement_id": "placement"}, {"outcome": "employment"}, forbidden=frozenset({"csr"})),
    **{(m, f"{P}/employers/{{employer_id:str}}/{what}"): Entry({"employer_id": "employer"}, body,
                                                             forbidden=NOT_EMPLOYER)
       for m, what, body in (("POST", "contacts", {"name": "Kim Kontakt"}), ("GET", "contacts", None),
                             ("POST", "interactions", {"kind": "call", "occurred_on": "2026-12-01", "notes": "x"}),
                             ("GET", "interactions", None), ("GET", "relationship", None),
                             ("PUT", "relationship", {"inclusion_stance": "resource"}))},
    ("POST", f"{P}/placements/{{placement_id:str}}/support-decisions"): Entry(
        {"placement_id": "placement"}, {"instrument": "SIUS", "decided_by": "af", "status": "applied",
                                        "applied_on": "2026-12-01"}, forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/placements/{{placement_id:str}}/support-decisions"): Entry({"placement_id": "placement"},
                                                                            forbidden=NOT_EMPLOYER),
    ("PATCH", f"{P}/support-decisions/{{decision_id:str}}"): Entry(
        {"decision_id": "support_decision"}, {"status": "granted"}, forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/deviation-reports/{{report_id:str}}"): Entry({"report_id": "deviation_report"},
                                                              forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/deviation-reports/{{report_id:str}}/status"): Entry(
        {"report_id": "deviation_report"}, {"status": "under_review"}, forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/participants/{{participant_id:str}}/bip-assessments"): Entry(
        {"participant_id": "participant"}, {"assessed_on": "2026-12-01", "scores": {"cooperation": 3}},
        forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/participants/{{participant_id:str}}/bip-assessments"): Entry({"participant_id": "participant"},
                                                                              forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/needs/{{need_id:str}}/openers"): Entry({"need_id": "need"}, forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/workplaces/{{workplace_id:str}}/openers"): Entry({"workplace_id": "workplace"},
                                                                  forbidden=NOT_EMPLOYER),
    # The coordinator's workspace (v1.1).
    ("GET", f"{P}/employers/{{employer_id:str}}/workplaces"): Entry({"employer_id": "employer"},
                                                                   forbidden=frozenset({"csr"})),
    ("PATCH", f"{P}/needs/{{need_id:str}}"): Entry({"need_id": "need"}, {"title": "Diskare"},
                                                  forbidden=frozenset({"csr"})),
    ("GET", f"{P}/needs"): Entry({"employer_id": "employer", "workplace_id": "workplace"}, query=True,
                                 forbidden=frozenset({"csr"})),
    ("PATCH", f"{P}/participants/{{participant_id:str}}"): Entry({"participant_id": "participant"},
                                                                {"hours_max": 20}, forbidden=NOT_EMPLOYER),
    ("POST", f"{P}/proposals/{{proposal_id:str}}/withdraw"): Entry({"proposal_id": "proposal_approved"},
                                                                  forbidden=NOT_EMPLOYER),
    ("GET", f"{P}/placements"): Entry({"participant_id": "participant", "need_id": "need"}, query=True,
                                      forbidden=frozenset({"csr"})),
    ("POST", f"{P}/notifications/{{notification_id:str}}/read"): Entry({"notification_id": "notification"}),
    ("POST", f"{P}/associations/{{association_id:str}}/coordinators"): Entry(
        {"association_id": "association"}, {"user_id": str(uuid.UUID(int=1))},
        forbidden=frozenset({"coordinator", "employer", "csr"})),
    # An admin names the employer in the query; a CSR user's own employer is used whatever the query
    # says (checked separately below), so only the refusals and the admin's missing id are walked.
    ("POST", f"{P}/users/{{user_id:str}}/unlock"): Entry({"user_id": "user"}, forbidden=NOT_ADMIN),
    ("POST", f"{P}/users/{{user_id:str}}/deactivate"): Entry({"user_id": "user"}, forbidden=NOT_ADMIN),
    ("GET", f"{P}/csr/summary"): Entry({"employer_id": "employer"}, query=True,
                                       forbidden=frozenset({"coordinator", "employer"})),
    ("GET", f"{P}/csr/report.pdf"): Entry({"employer_id": "employer"}, query=True,
                                          forbidden=frozenset({"coordinator", "employer"})),
}
# Routes with a path parameter that is not an id of anything a tenant owns.
EXEMPT = {
    ("GET", "/static/{file_path:path}"): "public static files (no tenant data)",
    ("GET", "/schema/{path:str}"): "the API's own documentation",
}
# The pages (signed in by web session, not by token) over the same scoped services: walked by
# tests/web/test_web_census.py, which fails for a page route that is neither there nor here.
WEB = "web page: tests/web/test_web_census.py"
EXEMPT.update({(m, p): WEB for m, p in (
    ("GET", "/participants/{participant_id:str}"), ("POST", "/participants/{participant_id:str}/consent"),
    ("GET", "/needs/{need_id:str}"), ("GET", "/match-runs/{run_id:str}"),
    ("GET", "/match-runs/{run_id:str}/progress"), ("POST", "/proposals/{proposal_id:str}/approve"),
    ("POST", "/proposals/{proposal_id:str}/reject"), ("POST", "/proposals/{proposal_id:str}/withdraw"),
    ("POST", "/candidates/{proposal_id:str}/accept"),
    ("POST", "/candidates/{proposal_id:str}/decline"), ("GET", "/placements/{placement_id:str}"),
    ("POST", "/placements/{placement_id:str}/move"), ("POST", "/placements/{placement_id:str}/checkpoints/{checkpoint_id:str}/complete"),
    ("GET", "/employers/{employer_id:str}"), ("POST", "/employers/{employer_id:str}/contacts"),
    ("POST", "/employers/{employer_id:str}/interactions"), ("POST", "/employers/{employer_id:str}/relationship"),
    ("GET", "/needs/{need_id:str}/openers"), ("GET", "/deviations/{report_id:str}"),
    ("POST", "/deviations/{report_id:str}/move"), ("GET", "/placements/{placement_id:str}/support"),
    ("POST", "/placements/{placement_id:str}/support"), ("GET", "/participants/{participant_id:str}/bip"),
    ("POST", "/participants/{participant_id:str}/bip"),
    ("GET", "/participants/{participant_id:str}/edit"), ("POST", "/participants/{participant_id:str}"),
    ("GET", "/needs/{need_id:str}/edit"), ("POST", "/needs/{need_id:str}"), ("POST", "/needs/{need_id:str}/status"),
    ("POST", "/notifications/{notification_id:str}/read"))})
# Callers and whose ids they try. The admin is global: it only gets ids that do not exist.
CALLERS = [  # (token, role, own tenant, foreign tenant)
    ("coordA", "coordinator", "A1", "B"),
    ("coordB", "coordinator", "B", "A1"),
    ("empA2", "employer", "A2", "A1"),   # another employer in the same association
    ("empB", "employer", "B", "A1"),     # an employer in another association
    ("csrB", "csr", "B", "A1"),
    ("admin", "admin", None, None),
]


def id_params(app: Any) -> dict[tuple[str, str], set[str]]:
    """Every (method, path) of the app with the names of the parameters that carry an id: every
    path parameter, and every handler parameter named *_id or *_ids (query strings)."""
    found: dict[tuple[str, str], set[str]] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(set(handler.http_methods) - IGNORED_METHODS):
                names = set(route.path_parameters)
                signature = inspect.signature(handler.fn)
                names |= {n for n in signature.parameters if re.search(r"_ids?$", n)}
                if names:
                    found[(method, route.path)] = names
    return found


def test_every_route_with_an_id_has_a_census_entry(settings: Any) -> None:
    from api.app import create_app

    routes = id_params(create_app(settings))
    missing = sorted(set(routes) - set(CENSUS) - set(EXEMPT))
    assert not missing, f"routes that take an id but have no census entry: {missing}"
    stale = sorted(set(CENSUS) - set(routes))
    assert not stale, f"census entries for routes that no longer exist: {stale}"
    for key, entry in CENSUS.items():
        assert set(entry.ids) | set(entry.fixed) == routes[key], f"{key}: census covers {entry.ids}, route has {routes[key]}"


def _url(path: str, entry: Entry, values: dict[str, str]) -> str:
    url = path
    for name, value in {**entry.fixed, **values}.items():
        url = re.sub(r"\{" + name + r":[a-z]+\}", value, url)
    if entry.query:
        url = path + "?" + "&".join(f"{k}={v}" for k, v in values.items())
    return url[len(P):]


def _variants(entry: Entry, own: dict[str, str] | None, foreign: dict[str, str] | None) -> list[tuple[dict, dict]]:
    """(probe ids, the same with the foreign ids replaced by ids that do not exist)."""
    missing = {name: str(uuid.uuid4()) for name in entry.ids}
    if foreign is None:
        return [(missing, missing)]
    out = [({n: foreign[k] for n, k in entry.ids.items()}, missing)]
    if own is not None and len(entry.ids) > 1:  # one foreign id among the caller's own
        for swapped in entry.ids:
            probe = {n: (foreign[k] if n == swapped else own[k]) for n, k in entry.ids.items()}
            out.append((probe, {**probe, swapped: missing[swapped]}))
    return out


async def test_census_other_tenants_ids_are_404_like_missing_ones(world: World) -> None:
    api, sm = world.api, world.db
    before = await table_fingerprints(sm, skip=("audit_events",))
    audit_before = await count(sm, "SELECT count(*) FROM audit_events")
    calls, failures = 0, []
    for (method, path), entry in CENSUS.items():
        for token, role, own_t, foreign_t in CALLERS:
            if entry.query and role == "csr":
                continue  # the CSR user's own employer is always used (below)
            own = world.tenants[own_t].ids if own_t else None
            foreign = world.tenants[foreign_t].ids if foreign_t else None
            for probe, missing in _variants(entry, own, foreign):
                kw = {"json": entry.body} if entry.body is not None else {}
                got = await api.call(token, method, _url(path, entry, probe), **kw)
                ref = await api.call(token, method, _url(path, entry, missing), **kw)
                calls += 2
                expect = 403 if role in entry.forbidden else 404
                if (got.status_code, ref.status_code) != (expect, expect) or got.content != ref.content:
                    failures.append(f"{token} {method} {path} {probe}: {got.status_code} {got.text!r} "
                                    f"vs missing {ref.status_code} {ref.text!r}, expected {expect}")
    assert not failures, "\n".join(failures)
    assert calls > 150
    after = await table_fingerprints(sm, skip=("audit_events",))
    changed = [t for t in before if before[t] != after[t]]
    assert not changed, f"rows changed by refused calls: {changed}"
    # Every refusal left exactly one audit row of its own (and nothing else was written).
    refusals = await count(sm, "SELECT count(*) FROM audit_events WHERE outcome IN ('denied', 'not_found')")
    assert await count(sm, "SELECT count(*) FROM audit_events") - audit_before == calls == refusals


async def test_csr_summary_ignores_another_employers_id(world: World) -> None:
    api = world.api
    own = (await api.call("csrB", "GET", "/csr/summary", 200)).json()
    other = (await api.call("csrB", "GET", f"/csr/summary?employer_id={world.tenants['A1'].ids['employer']}",
                            200)).json()
    assert own == other and own["employer_id"] == world.tenants["B"].ids["employer"]


async def test_csr_report_ignores_another_employers_id(world: World) -> None:
    api = world.api
    own = await api.call("csrB", "GET", "/csr/report.pdf", 200)
    other = await api.call("csrB", "GET", f"/csr/report.pdf?employer_id={world.tenants['A1'].ids['employer']}", 200)
    assert b"B AB" in _pdf_text(own.content) and _pdf_text(own.content) == _pdf_text(other.content)


def _pdf_text(pdf: bytes) -> bytes:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).encode()


async def test_ids_in_bodies_are_scoped_too(world: World) -> None:
    """Ids that travel in a body: a foreign one gets exactly what a missing one gets."""
    api, a1, b = world.api, world.tenants["A1"].ids, world.tenants["B"].ids
    from tests.api.world import need_body, participant_body

    sm = world.db
    before = await table_fingerprints(sm, skip=("audit_events",))
    for token, foreign in (("empA2", a1), ("empB", a1), ("coordB", a1), ("coordA", b)):
        got = await api.call(token, "POST", "/needs", json=need_body(foreign["workplace"]))
        ref = await api.call(token, "POST", "/needs", json=need_body(str(uuid.uuid4())))
        assert got.status_code == ref.status_code == 404 and got.content == ref.content, (token, got.text)
    for token, foreign in (("coordB", a1), ("coordA", b)):
        for field_name, key in (("need_ids", "need"), ("participant_ids", "participant")):
            got = await api.call(token, "POST", "/match-runs", json={field_name: [foreign[key]]})
            ref = await api.call(token, "POST", "/match-runs", json={field_name: [str(uuid.uuid4())]})
            assert got.status_code == ref.status_code == 422 and got.content == ref.content, (token, got.text)
    for token, foreign in (("coordB", a1), ("coordA", b)):  # an employer to exclude, of another association
        got = await api.call(token, "POST", "/participants",
                             json=participant_body("Ulla", excluded_employer_ids=[foreign["employer"]]))
        ref = await api.call(token, "POST", "/participants",
                             json=participant_body("Ulla", excluded_employer_ids=[str(uuid.uuid4())]))
        assert got.status_code == ref.status_code == 422 and got.content == ref.content, (token, got.text)
    assert await table_fingerprints(sm, skip=("audit_events",)) == before


async def test_lists_never_cross_tenants(world: World) -> None:
    api, t = world.api, world.tenants
    for token, own, others in (("coordA", ("A1", "A2"), ("B",)), ("coordB", ("B",), ("A1", "A2")),
                               ("empA2", ("A2",), ("A1", "B")), ("empB", ("B",), ("A1", "A2"))):
        needs = {n["id"] for n in (await api.call(token, "GET", "/needs", 200)).json()["items"]}
        assert needs == {t[x].ids["need"] for x in own}, token
    for token, own in (("empA2", "A2"), ("empB", "B"), ("empA1", "A1")):
        items = (await api.call(token, "GET", "/employer/candidates", 200)).json()["items"]
        assert {c["need_id"] for c in items} == {t[own].ids["need"]}, token
    await api.call("csrB", "GET", "/needs", 403)
    await api.call("csrB", "GET", "/employer/candidates", 403)


async def test_job_ad_import_scopes_the_workplace_in_its_body(world: World) -> None:
    """POST /needs/import names its workplace in the body: another tenant's is a missing one."""
    api, a1, b = world.api, world.tenants["A1"].ids, world.tenants["B"].ids
    ad = {"headline": "Köksbiträde", "description": {"text": "Disk."}}
    before = await table_fingerprints(world.db, skip=("audit_events",))
    for token, foreign in (("empA2", a1), ("empB", a1), ("coordB", a1), ("coordA", b)):
        got = await api.call(token, "POST", "/needs/import", json={"workplace_id": foreign["workplace"], "ad": ad})
        ref = await api.call(token, "POST", "/needs/import", json={"workplace_id": str(uuid.uuid4()), "ad": ad})
        assert got.status_code == ref.status_code == 404 and got.content == ref.content, (token, got.text)
    assert (await api.call("csrB", "POST", "/needs/import", json={"workplace_id": b["workplace"], "ad": ad})
            ).status_code == 403
    assert await table_fingerprints(world.db, skip=("audit_events",)) == before
