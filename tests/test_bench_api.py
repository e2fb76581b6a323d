"""`vta bench api` against a real server: the short run CI makes. It fails on errors, never on timings
(these machines are shared; timings are for the README, measured on purpose)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN_URL, create_pg_database, drop_pg_database
from vta.bench_api import (WRITE_ROUTES, WRITE_WEIGHTS, Material, Result, World, _writes, hot_frames,
                           material_needed, summarise, write_plan)

VTA = str(Path(sys.executable).with_name("vta"))
pytestmark = pytest.mark.slow


def _bench(*args: str) -> dict:
    done = subprocess.run([VTA, "bench", "api", "--seconds", "3", "--rate", "20", "--write-rate", "5", "--json",
                           *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check(report: dict) -> None:
    assert report["all"]["errors"] == 0
    assert report["all"]["requests"] == 3 * 20 + 3 * 5
    # every route of the mix was called and answered as a success
    assert {"GET /needs", "GET /needs/{id}", "GET /participants/{id}", "GET /employer/candidates",
            *WRITE_ROUTES.values()} <= set(report["routes"])
    for route, stats in report["routes"].items():
        assert all(status.startswith("2") for status in stats["statuses"]), (route, stats["statuses"])
    # each kind of write happened, every one answered 2xx: approvals, the employers' accepts (with
    # the token of the need's employer), checkpoints completed, consents, new participants
    assert set(report["writes"]) == set(WRITE_WEIGHTS)
    for kind, done in report["writes"].items():
        assert done["sent"] >= 1 and done["ok"] == done["sent"], (kind, done)
    assert report["prepared"]["checkpoints"] >= 1 and report["prepared"]["proposals_to_approve"] >= 1


def test_short_bench_on_sqlite_with_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile.txt"
    report = _bench("--profile", str(profile))
    _check(report)
    assert profile.exists() and report["profile"]["hot_frames"], "the profile names where the time went"


@pytest.mark.postgres
def test_short_bench_on_postgresql_with_two_processes() -> None:
    asyncio.run(drop_pg_database(asyncio.run(create_pg_database())))  # skips (fails in CI) if unreachable
    _check(_bench("--database", "postgresql", "--postgres-url", PG_ADMIN_URL, "--workers", "2"))


def test_summary_counts_server_errors_and_broken_connections_not_refusals() -> None:
    result = Result()
    for latency, status in [(0.010, "200"), (0.020, "404"), (0.030, "503"), (0.040, "ConnectError")]:
        result.latencies["GET /x"].append(latency)
        result.statuses["GET /x"][status] += 1
    summary = summarise(result, seconds=2)
    assert summary["routes"]["GET /x"]["errors"] == 2
    assert summary["all"]["rate"] == 2.0
    assert summary["all"]["max_ms"] == 40.0


def test_write_plan_has_every_kind_in_a_short_run_and_the_shares_in_a_long_one() -> None:
    assert set(write_plan(12)) == set(WRITE_WEIGHTS)
    assert write_plan(600) == {"approve": 150, "accept": 150, "complete": 150, "consent": 100, "new participant": 50}
    needed = material_needed(write_plan(600))
    assert needed["placements"] * 5 >= 151 and needed["to_approve"] == 151 and needed["approved_before"] >= 75


def test_an_empty_pool_sends_a_consent_write_and_counts_it() -> None:
    import random

    material = Material()
    world = World(participant_ids=["p1"], need_ids=["n1"], employer_need_ids=["n1"])
    makers = dict(zip(WRITE_WEIGHTS, (make for _, make in _writes(world, material, random.Random(0)))))
    for kind in ("approve", "accept", "complete"):
        op = makers[kind]()
        assert op.kind == "consent" and "/consents" in op.path
    assert material.fell_back == {"approve": 1, "accept": 1, "complete": 1}


def test_an_approved_proposal_is_accepted_next_with_the_token_of_its_needs_employer() -> None:
    import random

    from vta.bench_api import Candidate, employer_role

    before, fresh = Candidate("prop-1", "need-1", "emp-1"), Candidate("prop-2", "need-2", "emp-2")
    material = Material(approved_before=deque([before]), to_approve=deque([fresh]))
    world = World(participant_ids=["p1"], need_ids=["n1"], employer_need_ids=["n1"],
                  tokens={employer_role("emp-1"): "t1", employer_role("emp-2"): "t2"})
    makers = dict(zip(WRITE_WEIGHTS, (make for _, make in _writes(world, material, random.Random(0)))))
    approve = makers["approve"]()
    assert approve.path.endswith("/proposals/prop-2/approve") and approve.role == "coordinator"
    approve.after("200")
    first, second = makers["accept"](), makers["accept"]()
    assert first.path.endswith("/candidates/prop-2/accept") and first.role == employer_role("emp-2")
    assert second.path.endswith("/candidates/prop-1/accept") and second.role == employer_role("emp-1")
    assert first.body == {"start_date": datetime.now(timezone.utc).date().isoformat()}  # the server's today
    assert not material.fell_back


def test_hot_frames_are_shares_of_busy_time_per_function(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("process 1;main (vta/cli.py:10);get_need (employers/services.py:139) 3\n"
                   "process 1;main (vta/cli.py:10);get_need (employers/services.py:140) 1\n"
                   "process 1;EpollSelector.select (selectors.py:468) 100\n")
    frames = {f["frame"]: f["share"] for f in hot_frames(raw)}
    assert frames == {"main (vta/cli.py)": 1.0, "get_need (employers/services.py)": 1.0}
