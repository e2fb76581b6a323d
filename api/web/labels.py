"""Labels and help texts of our own catalogues (vta/reference) in the page's language.

The catalogues carry their Swedish and English labels themselves; the labels of the contract's
fixed vocabularies are template strings in `templates/_labels.html`, translated like every other.
"""
from __future__ import annotations

from typing import Any

from jinja2 import Environment

from api.web import i18n
from vta import reference


def _label(item: dict[str, Any] | None, code: str) -> str:
    if item is None:
        return code
    return item.get(f"label_{i18n.current()}") or item.get("label_sv") or code


def tag_label(code: str) -> str:
    return _label(reference.adaptation_tag(code), code)


def tag_help(code: str) -> str:
    """What the adaptation means at work, in plain words (the wording an employer may see)."""
    item = reference.adaptation_tag(code) or {}
    return item.get("employer_wording_sv", "")


def adaptation_tags() -> list[dict[str, Any]]:
    return [{"code": t["code"], "label": _label(t, t["code"]), "help": t.get("employer_wording_sv", ""),
             "work_level": bool(t.get("work_level"))} for t in reference.adaptation_tags()]


def reason_codes(applies_to: str) -> list[dict[str, str]]:
    return [{"code": r["code"], "label": _label(r, r["code"])} for r in reference.reason_codes(applies_to)]


def reason_label(code: str | None) -> str:
    if not code:
        return ""
    found = next((r for r in reference.reason_codes() if r["code"] == code), None)
    return _label(found, code)


def install(env: Environment) -> None:
    env.globals.update(tag_label=tag_label, tag_help=tag_help, adaptation_tags=adaptation_tags,
                       reason_codes=reason_codes, reason_label=reason_label)
