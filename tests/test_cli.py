"""The `vta` command line as an operator uses it: real processes, a real SQLite file."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SHARED

VTA = str(Path(sys.executable).with_name("vta"))


def run(tmp_path: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "VTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    env.pop("VTA_REDIS_URL", None)
    return subprocess.run([VTA, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)


def one_clear_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    err = result.stderr.strip().splitlines()
    assert err and err[-1].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for w in words:
        assert w in err[-1], err[-1]


def test_users_create_and_its_errors(tmp_path: Path) -> None:
    ok = run(tmp_path, "users", "create", "--email", "Ada@Example.se", "--password", "long-enough-pw",
             "--role", "admin")
    assert ok.returncode == 0, ok.stderr
    assert "Created admin ada@example.se" in ok.stdout
    one_clear_error(run(tmp_path, "users", "create", "--email", "ada@example.se", "--password", "long-enough-pw",
                        "--role", "coordinator"), "already exists")
    one_clear_error(run(tmp_path, "users", "create", "--email", "e@x.se", "--password", "long-enough-pw",
                        "--role", "employer"), "employer_id is required")
    one_clear_error(run(tmp_path, "users", "create", "--email", "e@x.se", "--password", "short", "--role", "admin"),
                    "at least 8")
    bad_role = run(tmp_path, "users", "create", "--email", "e@x.se", "--password", "long-enough-pw", "--role", "king")
    assert bad_role.returncode != 0 and "Traceback" not in bad_role.stderr


def test_import_taxonomy(tmp_path: Path) -> None:
    source = SHARED / "data" / "jobtech" / "taxonomy_to_concept.json"
    if not source.exists():
        pytest.skip("shared/data/jobtech is not beside the repository")
    result = run(tmp_path, "import", "taxonomy", str(source))
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split("Imported ")[1].split()[0])
    expected = sum(len(v) for v in json.loads(source.read_text()).values())
    assert 0 < count <= expected and count > 10_000
    one_clear_error(run(tmp_path, "import", "taxonomy", str(tmp_path / "missing.json")), "No file")
    (tmp_path / "bad.json").write_text("{not json")
    one_clear_error(run(tmp_path, "import", "taxonomy", str(tmp_path / "bad.json")), "not JSON")
    (tmp_path / "wrong.json").write_text(json.dumps({"skill": {"1": {"label": "x"}}}))
    one_clear_error(run(tmp_path, "import", "taxonomy", str(tmp_path / "wrong.json")), "conceptId")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, data: bytes | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_demo_then_serve(tmp_path: Path) -> None:
    """What `make run` does: load the demo world, serve it, and a demo user obtains a token."""
    demo = run(tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "admin@demo.vta.se" in demo.stdout and "Loaded the demo world" in demo.stdout
    assert "already loaded" in run(tmp_path, "demo").stdout  # a second load changes nothing
    port = _free_port()
    env = {**os.environ, "VTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    env.pop("VTA_REDIS_URL", None)
    proc = subprocess.Popen([VTA, "serve", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(f"{base}/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not become ready")
        status, body = _get(f"{base}/api/v1/auth/token", json.dumps(
            {"email": "koordinator.linkoping@demo.vta.se", "password": "demo-coordinator-2026"}).encode())
        assert status == 200 and json.loads(body)["token_type"] == "bearer"
        status, page = _get(f"{base}/schema")
        assert status == 200 and b"/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
        assert b"cdn." not in page and b"unpkg" not in page  # no CDN at run time
        assert _get(f"{base}/static/vendor/swagger-ui/swagger-ui-bundle.js")[0] == 200
        status, schema = _get(f"{base}/schema/openapi.json")
        assert status == 200 and "/api/v1/match-runs" in json.loads(schema)["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
