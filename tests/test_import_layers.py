"""The layers contract in pyproject.toml holds, names every module of vta/, and fails when a lower
layer imports a higher one (checked on a copy of the sources with one upward import added)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("vta", "matching", "employers", "api", "workers")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return contract["layers"]


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_module_of_vta_has_a_layer() -> None:
    named = {m.strip() for layer in _layers() for m in layer.replace("|", ":").split(":")}
    modules = {f"vta.{p.stem}" for p in (ROOT / "vta").glob("*.py") if p.stem != "__init__"}
    modules |= {f"vta.{p.parent.name}" for p in (ROOT / "vta").glob("*/__init__.py")}
    assert modules - named == set(), "a module of vta/ that no layer names is not checked"


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed beside this Python")
def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=lambda folder, names: [n for n in names if not (n.endswith(".py") or (Path(folder) / n).is_dir())])
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert _lint(tmp_path).returncode == 0

    relationship = tmp_path / "employers" / "relationship.py"
    relationship.write_text(relationship.read_text(encoding="utf-8") + "\nfrom vta.services import runs  # upward\n",
                            encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "layers: nothing imports upward BROKEN" in result.stdout
    assert "employers.relationship -> vta.services.runs" in result.stdout
