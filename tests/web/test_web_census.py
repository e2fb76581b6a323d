"""Tenant isolation of the pages: every page route that takes an id, as every role, with another
tenant's ids, answers exactly as for an id that does not exist (404, or 403 for a role that may
never make the call), and changes no row. A page route missing here fails the suite."""
from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

from tests.security.test_census import CALLERS, WEB, EXEMPT, id_params
from tests.security.world import table_fingerprints

PAGES: dict[tuple[str, str], tuple[dict[str, str], dict[str, str]]] = {  # -> (param -> world id key, form)
    ("GET", "/participants/{participant_id:str}"): ({"participant_id": "participant"}, {}),
    ("POST", "/participants/{participant_id:str}/consent"): ({"participant_id": "participant"}, {"give": "no"}),
    ("GET", "/participants/{participant_id:str}/edit"): ({"participant_id": "participant"}, {}),
    ("POST", "/participants/{participant_id:str}"): ({"participant_id": "participant"}, {"display_name": "x"}),
    ("GET", "/needs/{need_id:str}"): ({"need_id": "need"}, {}),
    ("GET", "/needs/{need_id:str}/edit"): ({"need_id": "need"}, {}),
    ("POST", "/needs/{need_id:str}"): ({"need_id": "need"}, {"title": "x"}),
    ("POST", "/needs/{need_id:str}/status"): ({"need_id": "need"}, {"status": "paused"}),
    ("GET", "/match-runs/{run_id:str}"): ({"run_id": "run"}, {}),
    ("GET", "/match-runs/{run_id:str}/progress"): ({"run_id": "run"}, {}),
    ("POST", "/proposals/{proposal_id:str}/approve"): ({"proposal_id": "proposal_proposed"}, {}),
    ("POST", "/proposals/{proposal_id:str}/reject"): ({"proposal_id": "proposal_proposed"},
                                                      {"reason_code": "poor_task_fit", "comment": "x"}),
    ("POST", "/proposals/{proposal_id:str}/withdraw"): ({"proposal_id": "proposal_approved"}, {}),
    ("POST", "/candidates/{proposal_id:str}/accept"): ({"proposal_id": "proposal_approved"},
                                                       {"start_date": "2099-01-10"}),
    ("POST", "/candidates/{proposal_id:str}/decline"): ({"proposal_id": "proposal_approved"},
                                                        {"reason_code": "hours_mismatch"}),
    ("POST", "/notifications/{notification_id:str}/read"): ({"notification_id": "notification"}, {}),
    ("GET", "/placements/{placement_id:str}"): ({"placement_id": "placement"}, {}),
    ("POST", "/placements/{placement_id:str}/move"): ({"placement_id": "placement"}, {"status": "ready_to_start"}),
    ("POST", "/placements/{placement_id:str}/checkpoints/{checkpoint_id:str}/complete"): (
        {"placement_id": "placement", "checkpoint_id": "checkpoint"}, {"notes": "x", "rating": "3"}),
    ("GET", "/employers/{employer_id:str}"): ({"employer_id": "employer"}, {}),
    ("POST", "/employers/{employer_id:str}/contacts"): ({"employer_id": "employer"}, {"name": "Kim"}),
    ("POST", "/employers/{employer_id:str}/interactions"): ({"employer_id": "employer"},
                                                            {"kind": "call", "occurred_on": "2026-01-05", "notes": "x"}),
    ("POST", "/employers/{employer_id:str}/relationship"): ({"employer_id": "employer"},
                                                            {"inclusion_stance": "resource"}),
    ("GET", "/needs/{need_id:str}/openers"): ({"need_id": "need"}, {}),
    ("GET", "/deviations/{report_id:str}"): ({"report_id": "deviation_report"}, {}),
    ("POST", "/deviations/{report_id:str}/move"): ({"report_id": "deviation_report"}, {"status": "under_review"}),
    ("GET", "/placements/{placement_id:str}/support"): ({"placement_id": "placement"}, {}),
    ("POST", "/placements/{placement_id:str}/support"): ({"placement_id": "placement"}, {
        "instrument": "SIUS", "decided_by": "af", "status": "applied", "applied_on": "2026-01-05"}),
    ("GET", "/participants/{participant_id:str}/bip"): ({"participant_id": "participant"}, {}),
    ("POST", "/participants/{participant_id:str}/bip"): ({"participant_id": "participant"}, {
        "assessed_on": "2026-01-05", "score_job_search_behaviour": "3"}),
}
TOKEN = re.compile(r'name="_csrf_token" value="[^"]*"')


def test_every_page_with_an_id_is_walked(settings: Any) -> None:
    from api.app import create_app

    pages = {k for k, v in EXEMPT.items() if v == WEB}
    routes = {k for k in id_params(create_app(settings)) if not k[1].startswith(("/api/", "/static/", "/schema"))}
    assert routes == pages == set(PAGES), (routes ^ set(PAGES), pages ^ set(PAGES))


async def test_other_tenants_ids_look_like_missing_ones_on_every_page(pages: Any) -> None:
    browser, world = pages
    skip = ("audit_events", "web_sessions")
    # The app's daily reminder job runs once at start-up (it marks checkpoints reminded and writes
    # notifications): wait until it has, so only the calls below could change a row.
    before = await table_fingerprints(world.db, skip=skip)
    for _ in range(40):
        await asyncio.sleep(0.5)
        now = await table_fingerprints(world.db, skip=skip)
        if now == before and now["notifications"][0] > 0:
            break
        before = now
    failures, calls = [], 0
    for who, role, _own, foreign in CALLERS:
        await browser.login(world.emails[who])
        token = re.search(r'name="_csrf_token" value="([^"]+)"', (await browser.get("/")).text).group(1)
        for (method, path), (ids, form) in PAGES.items():
            answers = []
            for source in ("foreign", "missing"):
                url, used = path, []
                for name, key in ids.items():
                    value = world.tenants[foreign].ids[key] if source == "foreign" and foreign else str(uuid.uuid4())
                    url = re.sub(r"\{" + name + r":[a-z]+\}", value, url)
                    used.append(value)
                if method == "GET":
                    r = await browser.client.get(url)
                else:
                    r = await browser.client.post(url, data={**form, "_csrf_token": token})
                text = TOKEN.sub("", r.text)
                for value in used:  # the page's own address (the language form's return path) aside
                    text = text.replace(value, "ID")
                answers.append((r.status_code, text))
                calls += 1
            (got, body), (ref, ref_body) = answers
            if got != ref or got not in (403, 404) or body != ref_body:
                failures.append(f"{who} {method} {path}: {got} vs missing {ref}")
    assert not failures, "\n".join(failures)
    assert calls > 100
    assert await table_fingerprints(world.db, skip=skip) == before
