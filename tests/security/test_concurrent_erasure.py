"""Concurrent erasures of one person (issue 15): one 204, the others 404, one erase audit row.
Against a real server process, as the adversarial pass found it."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD
from tests.live_server import http, live_server, token
from tests.security.world import count, participant_fields


@pytest.mark.slow
async def test_parallel_erasures_of_one_person(settings: Any, db: Any, fast_hashing: None, tmp_path: Path) -> None:
    from vta.services.accounts import create_user

    async with db() as session, session.begin():
        await create_user(session, email="koord@test.se", password=PASSWORD, role="coordinator")
    body = participant_fields("Greta Raderas")
    body["adaptation_needs"] = [{"tag": a.tag, "required": a.required} for a in body["adaptation_needs"]]
    with live_server(tmp_path, {"VTA_DATABASE_URL": settings.database_url}) as base:
        auth = {"Authorization": f"Bearer {token(base, 'koord@test.se', PASSWORD)}"}
        status, made = http(f"{base}/api/v1/participants", body, auth)
        assert status == 201, made
        pid = json.loads(made)["id"]

        def erase(_: int) -> int:
            import urllib.error
            import urllib.request

            req = urllib.request.Request(f"{base}/api/v1/participants/{pid}", method="DELETE", headers=auth)
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = sorted(pool.map(erase, range(8)))
    assert codes == [204] + [404] * 7, codes
    assert await count(db, "SELECT count(*) FROM audit_events WHERE action = 'erase' AND outcome = 'ok' "
                           "AND subject_type = 'participant'") == 1
