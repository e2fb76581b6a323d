"""schemathesis against the live OpenAPI schema (reliability.md C1-fast, C2), on SQLite and PostgreSQL:
a real `vta serve` process (with Redis, as deployed next to `vta worker`), a coordinator's bearer
token, generated requests for every operation, and 0 server errors. The longer run for the README
is the command in RUN_LONG below."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.api.conftest import PASSWORD

BIN = Path(sys.executable).parent
# The fast run in the suite (about 30 s per dialect on 2 cores).
# Besides "no 5xx": every status, content type, header and body the server sends is the one the
# OpenAPI document promises.
FAST = ["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
        "response_schema_conformance,response_headers_conformance", "--phases", "examples,coverage,fuzzing",
        "--max-examples", "6", "--generation-deterministic", "--seed", "20261124", "--workers", "2", "--request-timeout", "30",
        "--max-time", "25"]


def fast_for(database_url: str) -> list[str]:
    """SQLite has one writer at a time: one schemathesis worker there, two on PostgreSQL."""
    if "sqlite" in database_url:
        i = FAST.index("--workers")
        return [*FAST[:i + 1], "1", *FAST[i + 2:]]
    return FAST


# The longer run (documented in the README with its result).
RUN_LONG = ("st run http://127.0.0.1:8000/schema/openapi.json -H \"Authorization: Bearer $COORD_TOKEN\" "
            "--checks all --phases examples,coverage,fuzzing,stateful --max-examples 200 --seed 12345 "
            "--workers 2 --report junit --report-dir out/st")


@contextmanager
def serve(database_url: str, workdir: Path, redis_url: str | None = None) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VTA_")}
    # the server reads the participants the test sealed: the same key store (vta serve refuses another)
    env.update(VTA_DATABASE_URL=database_url, VTA_SECRET_FILE=str(workdir / "secret"),
               VTA_KEYSTORE_PATH=os.environ["VTA_KEYSTORE_PATH"])
    if redis_url:
        env["VTA_REDIS_URL"] = redis_url
    log = (workdir / "serve.log").open("w")  # a pipe nobody reads would stall the server
    proc = subprocess.Popen([str(BIN / "vta"), "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=workdir,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((workdir / "serve.log").read_text()[-3000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def bearer(base: str, email: str) -> str:
    req = urllib.request.Request(f"{base}/api/v1/auth/token", data=json.dumps(
        {"email": email, "password": PASSWORD}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["access_token"]


async def test_schemathesis_finds_no_server_error_or_undocumented_answer(database_url: str, db: Any, tmp_path: Path,
                                                  private_redis: str) -> None:
    """The server runs as in production with a worker: match runs go to Redis (no worker drains them
    here), so the API is fuzzed without the matching engine running inside the server process."""
    from tests.security.world import build_world

    await build_world(db)  # tenants with real ids, users with real passwords
    with serve(database_url, tmp_path, private_redis) as base:
        token = bearer(base, "coord-a@test.se")
        started = time.monotonic()
        result = subprocess.run(
            [str(BIN / "st"), "run", f"{base}/schema/openapi.json", "-H", f"Authorization: Bearer {token}",
             *fast_for(database_url), "--report", "junit", "--report-junit-path", str(tmp_path / "junit.xml")],
            capture_output=True, text=True, timeout=240, cwd=tmp_path)
        seconds = time.monotonic() - started
    out = result.stdout + result.stderr
    log = (tmp_path / "serve.log").read_text()
    trace = log.find("Traceback")
    problems = [line for line in log.splitlines() if "HTTP/1.1" not in line and re.search(
        r"ERROR|WARNING|Traceback|unavailable|failed", line)]
    excerpt = "\n".join(problems[:60]) + ("\n" + log[trace:trace + 4000] if trace >= 0 else "")
    assert result.returncode == 0, out[-5000:] + "\n--- server log ---\n" + excerpt
    tested = [line.strip() for line in out.splitlines() if "Tested:" in line or "generated" in line]
    assert tested, out[-3000:]
    junit = (tmp_path / "junit.xml").read_text()
    assert 'failures="0"' in junit and 'errors="0"' in junit, junit[:2000]
    assert trace < 0 and "unexpected error" not in log, excerpt
    print(f"schemathesis: {seconds:.0f} s; " + "; ".join(tested))
