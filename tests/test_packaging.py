"""Packaging (issue 15): a non-editable install of the package can run `vta serve` on a fresh
database (the migrations ship inside it); tests that need the shared folder fail, not skip, when
VTA_REQUIRE_SERVICES=1."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.live_server import http, live_server, token

ROOT = Path(__file__).resolve().parents[1]


def _tree(dest: Path) -> Path:
    """The project's own files (tracked or new, not ignored): what a clone or a source archive holds."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src, out = ROOT / name, dest / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the work tree
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            out.symlink_to(src.readlink())
        else:
            shutil.copy2(src, out)
    return dest


@pytest.mark.slow
def test_a_non_editable_install_serves_a_fresh_database(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("vta-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    # The dependencies (torch and all) come from this interpreter's environment; only vta is new.
    site = next((venv / "lib").glob("python*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "python"), "-c", "import vta; print(vta.__file__)"],
                               cwd=tmp_path, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert installed.stdout.startswith(str(site)), installed  # not the source tree
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = {"PYTHONPATH": "", "VTA_DATABASE_URL": f"sqlite+aiosqlite:///{run_dir / 'fresh.db'}"}
    made = subprocess.run([str(venv / "bin" / "vta"), "users", "create", "--email", "ops@test.se", "--password",
                           "tre glada ankor badar", "--role", "admin"], cwd=run_dir, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **env}, timeout=120)
    assert made.returncode == 0, made.stderr
    with live_server(run_dir, env, vta=str(venv / "bin" / "vta")) as base:
        assert http(f"{base}/health")[0] == 200
        assert token(base, "ops@test.se", "tre glada ankor badar")


def test_tests_that_need_the_shared_folder_fail_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests import conftest

    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", True)
    with pytest.raises(pytest.fail.Exception):
        conftest.shared_file("matching-dev/world.json")
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", False)
    with pytest.raises(pytest.skip.Exception):
        conftest.shared_file("matching-dev/world.json")
    (tmp_path / "here.json").write_text("{}")
    assert conftest.shared_file("here.json") == tmp_path / "here.json"
    # ...and no test skips on the shared folder in a way of its own
    own_skips = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "tests").rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"pytest\.skip\(|skipif", line) and re.search(r"shared|SHARED", line) and path.name != "conftest.py"
                 and path.name != "test_packaging.py"]
    assert not own_skips, own_skips
