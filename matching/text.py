"""Text normalisation and the one text per participant / need that both encoders and terms read."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from matching.model import Need, Participant

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFC, casefold, single spaces: the same profile always hashes and tokenises the same."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _join(parts: list[str]) -> str:
    # a sentence end between fields keeps the embedding model from reading them as one phrase
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part[-1] in ".!?" else part + ".")
    return " ".join(out)


def participant_text(p: Participant) -> str:
    return _join([p.goals, p.interests, p.experience, ", ".join(p.skills)])


def need_text(n: Need) -> str:
    tasks = []
    for t in n.tasks:
        tasks.append(t.title)
        # many task descriptions only repeat the title; counting it twice would inflate it
        if normalise(t.description).rstrip(".") not in ("", normalise(t.title).rstrip(".")):
            tasks.append(t.description)
    return _join([n.title, n.description, *tasks, ", ".join(n.skills)])
