"""`vta bench api` against a real server: the short run CI makes. It fails on errors, never on timings
(these machines are shared; timings are for the README, measured on purpose)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN_URL, create_pg_database, drop_pg_database
from vta.bench_api import Result, hot_frames, summarise

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
            "POST /participants"} <= set(report["routes"])
    for route, stats in report["routes"].items():
        assert all(status.startswith("2") for status in stats["statuses"]), (route, stats["statuses"])


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


def test_hot_frames_are_shares_of_busy_time_per_function(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("process 1;main (vta/cli.py:10);get_need (employers/services.py:139) 3\n"
                   "process 1;main (vta/cli.py:10);get_need (employers/services.py:140) 1\n"
                   "process 1;EpollSelector.select (selectors.py:468) 100\n")
    frames = {f["frame"]: f["share"] for f in hot_frames(raw)}
    assert frames == {"main (vta/cli.py)": 1.0, "get_need (employers/services.py)": 1.0}
