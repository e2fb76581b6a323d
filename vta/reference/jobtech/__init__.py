"""The JobTech taxonomy snapshot shipped in the package (built by `make_snapshot.py` beside this
file): occupations with their groups and fields, and skills. Core reference data, so that the
employer side (ad import) and the use cases read the same snapshot; `vta.services.taxonomy` adds
the labels an operator imported."""
from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

_built: dict[str, Any] = {}
_building = threading.Lock()


@lru_cache(maxsize=1)
def snapshot_data() -> dict[str, Any]:
    """The shipped snapshot: {"source", "version", "license", "fields", "groups", "occupations", "skills"}."""
    raw = resources.files(__name__).joinpath("jobtech_taxonomy.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw).decode("utf-8"))


def snapshot_taxonomy() -> Any:
    """The engine's Taxonomy from the shipped snapshot (built once per process)."""
    import matching

    with _building:
        if "snapshot" not in _built:
            _built["snapshot"] = matching.Taxonomy.from_snapshot(snapshot_data())
    return _built["snapshot"]


def warm_up() -> None:
    """Build the snapshot taxonomy in a background thread, once per process."""
    if "snapshot" not in _built and not _building.locked():
        threading.Thread(target=snapshot_taxonomy, name="vta-taxonomy", daemon=True).start()
