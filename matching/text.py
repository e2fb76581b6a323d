"""Text normalisation and the one text per participant / need that both encoders and terms read."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from matching.model import Need, Participant

_SPACE = re.compile(r"\s+")

# Term weight of each field (terms.Analyzer.bag). Skills and need titles are short lists of
# occupation words; goals ("a job that suits me", "a permanent position") and need descriptions
# (employer boilerplate: "collective agreement", "you are accurate") tell least about which work.
GOALS, INTERESTS, EXPERIENCE, SKILLS = 0.3, 1.0, 1.0, 1.5
TITLE, DESCRIPTION, TASKS, NEED_SKILLS = 1.5, 0.5, 1.0, 1.5


class FieldText(str):
    """The one text of a profile (what encoders read and hashes cover) that also keeps its fields,
    each with its term weight."""

    fields: tuple[tuple[str, float], ...] = ()


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


def _fields(fields: list[tuple[str, float]]) -> FieldText:
    text = FieldText(_join([f for f, _ in fields]))
    text.fields = tuple((f, w) for f, w in fields if f.strip())
    return text


# Sections of a job ad that describe the employer, the application or the terms rather than the
# work: told by a heading ("Om oss", "Vi erbjuder", "Ansökan", "Lön") or by a paragraph that opens
# that way. Their words weigh ASIDE of the description's weight, until the next heading.
ASIDE = 0.3
_ASIDE = re.compile(
    r"^\W*(om (oss|företaget|arbetsgivaren|verksamheten|bolaget|kommunen|regionen)|vi erbjuder|vad vi erbjuder|"
    r"vi kan erbjuda|erbjudande|förmåner|ansökan|ansök|så ansöker du|hur du ansöker|sista ansökningsdag|"
    r"välkommen med din ansökan|urval|rekryteringsprocess|kontakt|kontaktperson|frågor|för mer information|"
    r"lön|löneform|villkor|anställningsform|omfattning|tillträde|arbetstid|övrig information|övrigt|"
    r"about us|about the company|we offer|what we offer|benefits|how to apply|application|salary|contact)\b",
    re.IGNORECASE)
_HEADING = re.compile(r"^[^.!?]{2,60}:?$")  # a short line without a sentence end


def ad_sections(text: str) -> list[tuple[str, float]]:
    """A need description as (part, factor): 1 for the work, ASIDE for the employer, application
    and terms (a heading's class lasts until the next heading, an opening phrase for its paragraph)."""
    out: list[tuple[str, float]] = []
    heading_factor = 1.0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        opens_aside = bool(_ASIDE.match(stripped))
        if _HEADING.match(stripped):
            heading_factor = ASIDE if opens_aside else 1.0
            out.append((stripped, heading_factor))
        else:
            out.append((stripped, ASIDE if opens_aside else heading_factor))
    return out


def participant_text(p: Participant) -> FieldText:
    return _fields([(p.goals, GOALS), (p.interests, INTERESTS), (p.experience, EXPERIENCE),
                    (", ".join(p.skills), SKILLS)])


def need_text(n: Need) -> FieldText:
    tasks = []
    for t in n.tasks:
        tasks.append(t.title)
        # many task descriptions only repeat the title; counting it twice would inflate it
        if normalise(t.description).rstrip(".") not in ("", normalise(t.title).rstrip(".")):
            tasks.append(t.description)
    text = _fields([(n.title, TITLE), (n.description, DESCRIPTION), *((t, TASKS) for t in tasks),
                    (", ".join(n.skills), NEED_SKILLS)])
    # the terms read the description by section; encoders and hashes read the same text as before
    text.fields = tuple(part for f in text.fields for part in (
        [(s, DESCRIPTION * x) for s, x in ad_sections(f[0])] if f[0] == n.description and f[1] == DESCRIPTION
        else [f]))
    return text


def participant_occupation_text(p: Participant) -> tuple[str, str]:
    """(title, body) for occupation recognition: the skills and the first line of the experience
    name what the person has done ("Undersköterska i hemtjänsten ..."); goals are wishes, not work."""
    first, _, rest = p.experience.strip().partition("\n")
    return ", ".join(p.skills) + "\n" + first, rest + "\n" + p.interests


def need_occupation_text(n: Need) -> tuple[str, str]:
    return n.title, "\n".join([n.description, *(f"{t.title}. {t.description}" for t in n.tasks), ", ".join(n.skills)])
