"""Our own small, versioned reference catalogues (package data under ``vta/reference/*.json``).

Each file is ``{"version": int, "valid_from": "YYYY-MM-DD", "items": [...]}`` and every item
has a ``code``. Catalogues:

- ``adaptation_tags``: functional adaptation tags (domain.md 5.1), with the wording an employer
  may see (``employer_wording_sv``), whether the tag may be shown to an employer at all
  (``work_level``) and whether it is special-category data (``special_category``).
- ``support_instruments``: AF/FK/kommun/Region instruments (domain.md 5). No amounts or
  durations: rules change, so ``notes_en`` says to verify them.
- ``checkpoint_templates``: follow-up schedules (domain.md 11.3). ``offset_days`` counts from
  the placement start when ``on_end`` is false and from the end date when it is true.
- ``deviation_categories``: Lex Heller report categories (domain.md 7), with labels.
- ``bip_indicators``: the BIP/SKAPA indicator set (domain.md 3) with its answer ``scale`` and
  who may answer each indicator (``respondents``).
- ``reason_codes``: reasons for coordinator rejection, employer/participant decline and early
  placement end (``applies_to``).

Pure stdlib. Files are read once and cached; every public function returns fresh copies, so
callers may mutate what they get.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

CATALOGUES = ("adaptation_tags", "support_instruments", "checkpoint_templates", "reason_codes",
              "deviation_categories", "bip_indicators")

COORDINATOR_REJECT = "coordinator_reject"
EMPLOYER_DECLINE = "employer_decline"
PARTICIPANT_DECLINE = "participant_decline"
PLACEMENT_END_EARLY = "placement_end_early"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@lru_cache(maxsize=None)
def _read(name: str) -> dict[str, Any]:
    if not _NAME.match(name):
        raise ValueError(f"invalid catalogue name: {name!r}")
    resource = resources.files(__name__).joinpath(f"{name}.json")
    if not resource.is_file():
        raise KeyError(f"unknown reference catalogue: {name!r}")
    data = json.loads(resource.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"reference catalogue {name!r} has no items list")
    return data


def load(name: str) -> dict[str, Any]:
    """The whole catalogue ``name`` (``{"version", "valid_from", "items"}``), as a fresh copy."""
    return copy.deepcopy(_read(name))


def items(name: str) -> list[dict[str, Any]]:
    return copy.deepcopy(_read(name)["items"])


def version(name: str) -> int:
    return int(_read(name)["version"])


# Adaptation tags -------------------------------------------------------------------------

def adaptation_tags() -> list[dict[str, Any]]:
    return items("adaptation_tags")


@lru_cache(maxsize=None)
def tag_codes() -> frozenset[str]:
    return frozenset(t["code"] for t in _read("adaptation_tags")["items"])


def work_level_tags() -> list[dict[str, Any]]:
    """Tags that may be shown to an employer (as ``employer_wording_sv``) when consent exists."""
    return [t for t in adaptation_tags() if t.get("work_level")]


@lru_cache(maxsize=None)
def work_level_codes() -> frozenset[str]:
    return frozenset(t["code"] for t in _read("adaptation_tags")["items"] if t.get("work_level"))


def adaptation_tag(code: str) -> dict[str, Any] | None:
    for t in _read("adaptation_tags")["items"]:
        if t["code"] == code:
            return copy.deepcopy(t)
    return None


# Support instruments ---------------------------------------------------------------------

def support_instruments(active_only: bool = False) -> list[dict[str, Any]]:
    return [i for i in items("support_instruments") if i.get("active", True) or not active_only]


# Checkpoint templates --------------------------------------------------------------------

def checkpoint_template(name: str = "default") -> dict[str, Any]:
    """The template with ``code == name``; its ``checkpoints`` are sorted start-relative first."""
    for t in _read("checkpoint_templates")["items"]:
        if t["code"] == name:
            return copy.deepcopy(t)
    raise KeyError(f"unknown checkpoint template: {name!r}")


def start_checkpoints(name: str = "default") -> list[dict[str, Any]]:
    """Checkpoints created with a new placement (offset from the start date), in due order."""
    cps = [c for c in checkpoint_template(name)["checkpoints"] if not c.get("on_end")]
    return sorted(cps, key=lambda c: c["offset_days"])


def end_checkpoints(name: str = "default") -> list[dict[str, Any]]:
    """Checkpoints created when a placement ends (offset from the end date), in due order."""
    cps = [c for c in checkpoint_template(name)["checkpoints"] if c.get("on_end")]
    return sorted(cps, key=lambda c: c["offset_days"])


# Reason codes ----------------------------------------------------------------------------

def reason_codes(applies_to: str | None = None) -> list[dict[str, Any]]:
    """Reason codes, optionally only those for one use (e.g. ``"coordinator_reject"``)."""
    return [r for r in items("reason_codes") if applies_to is None or applies_to in r["applies_to"]]


@lru_cache(maxsize=None)
def reason_code_set(applies_to: str | None = None) -> frozenset[str]:
    return frozenset(r["code"] for r in _read("reason_codes")["items"]
                     if applies_to is None or applies_to in r["applies_to"])


def clear_cache() -> None:
    """Forget what was read (for tests that swap files)."""
    for fn in (_read, tag_codes, work_level_codes, reason_code_set):
        fn.cache_clear()


__all__ = [
    "CATALOGUES", "COORDINATOR_REJECT", "EMPLOYER_DECLINE", "PARTICIPANT_DECLINE", "PLACEMENT_END_EARLY",
    "load", "items", "version", "adaptation_tags", "tag_codes", "work_level_tags", "work_level_codes",
    "adaptation_tag", "support_instruments", "checkpoint_template", "start_checkpoints", "end_checkpoints",
    "reason_codes", "reason_code_set", "clear_cache",
]
