"""schemathesis against the live OpenAPI schema of a running server: no input gives a 5xx."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.live_server import live_server, run, token

ST = str(Path(sys.executable).with_name("st"))


def test_no_server_errors_on_generated_requests(tmp_path: Path) -> None:
    assert run(tmp_path, "demo").returncode == 0
    with live_server(tmp_path) as base:
        bearer = token(base, "koordinator.linkoping@demo.vta.se", "demo-coordinator-2026")
        result = subprocess.run(
            [ST, "run", f"{base}/schema/openapi.json", "-H", f"Authorization: Bearer {bearer}",
             "--checks", "not_a_server_error", "--max-examples", "5", "--generation-deterministic",
             "--phases", "coverage,fuzzing", "--max-time", "45"],
            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    tested = [line for line in summary.splitlines() if "Tested:" in line]
    assert tested and int(tested[0].split()[-1]) >= 20, summary  # every operation was exercised
