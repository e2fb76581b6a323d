"""Labels and help texts of the product's vocabularies (vta/vocabulary.py) in the page's language."""
from __future__ import annotations

from typing import Any

from jinja2 import Environment

from api.web import i18n
from vta import vocabulary
from vta.vocabulary import Vocabulary


def label(vocab: Vocabulary, code: str | None) -> str:
    return vocab.label(code, i18n.current()) if code else ""


def tag_label(code: str) -> str:
    return label(vocabulary.adaptation_tags(), code)


def tag_help(code: str) -> str:
    """What the adaptation means at work, in plain words (the wording an employer may see)."""
    term = next((t for t in vocabulary.adaptation_tags().terms if t.code == code), None)
    return (term.extra.get("help_sv") or "") if term else ""


def adaptation_tags() -> list[dict[str, Any]]:
    return [{"code": t.code, "label": label(vocabulary.adaptation_tags(), t.code), "help": t.extra.get("help_sv") or "",
             "work_level": bool(t.extra.get("work_level"))} for t in vocabulary.adaptation_tags().terms]


def reason_codes(applies_to: str) -> list[dict[str, str]]:
    vocab = vocabulary.reason_codes(applies_to)
    return [{"code": code, "label": label(vocab, code)} for code in vocab.codes]


def reason_label(code: str | None) -> str:
    return label(vocabulary.reason_codes(), code)


def install(env: Environment) -> None:
    env.globals.update(label=label, V=vocabulary, tag_label=tag_label, tag_help=tag_help,
                       adaptation_tags=adaptation_tags, reason_codes=reason_codes, reason_label=reason_label)
