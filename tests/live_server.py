"""A real `vta serve` process on a free port over a SQLite file, for tests that need a live server."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

VTA = str(Path(sys.executable).with_name("vta"))


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "VTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    env.pop("VTA_REDIS_URL", None)
    return env


def run(tmp_path: Path, *args: str, timeout: int = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([VTA, *args], cwd=tmp_path, env={**cli_env(tmp_path), **(env or {})}, capture_output=True,
                          text=True, timeout=timeout)


def http(url: str, body: dict | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@contextlib.contextmanager
def live_server(tmp_path: Path, env: dict[str, str] | None = None, vta: str = VTA) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The log goes to a file: a pipe nobody reads fills up and stalls the server.
    log = (tmp_path / f"serve-{port}.log").open("w")
    proc = subprocess.Popen([vta, "serve", "--port", str(port)], cwd=tmp_path, env={**cli_env(tmp_path), **(env or {})},
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if http(f"{base}/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not become ready")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def token(base: str, email: str, password: str) -> str:
    status, body = http(f"{base}/api/v1/auth/token", {"email": email, "password": password})
    assert status == 200, body
    return json.loads(body)["access_token"]
