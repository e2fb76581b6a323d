"""The `vta` command line as an operator uses it: real processes, a real SQLite file."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import shared_file
from tests.live_server import http, live_server, run, token


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
                    "at least 12")
    bad_role = run(tmp_path, "users", "create", "--email", "e@x.se", "--password", "long-enough-pw", "--role", "king")
    assert bad_role.returncode != 0 and "Traceback" not in bad_role.stderr


def test_import_taxonomy(tmp_path: Path) -> None:
    source = shared_file("data/jobtech/taxonomy_to_concept.json")
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


def test_demo_then_serve(tmp_path: Path) -> None:
    """What `make run` does: load the demo world, serve it, and a demo user obtains a token."""
    demo = run(tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "admin@demo.vta.se" in demo.stdout and "Loaded the demo world" in demo.stdout
    assert "already loaded" in run(tmp_path, "demo").stdout  # a second load changes nothing
    with live_server(tmp_path) as base:
        assert token(base, "koordinator.linkoping@demo.vta.se", "demo-coordinator-2026")
        status, page = http(f"{base}/schema")
        assert status == 200 and b"/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
        assert b"cdn." not in page and b"unpkg" not in page  # no CDN at run time
        assert http(f"{base}/static/vendor/swagger-ui/swagger-ui-bundle.js")[0] == 200
        status, schema = http(f"{base}/schema/openapi.json")
        assert status == 200 and "/api/v1/match-runs" in json.loads(schema)["paths"]
