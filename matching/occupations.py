"""Occupation recognition: a text -> ranked SSYK-4 occupation groups with a confidence.

Built from the taxonomy's occupation names, each linked to its group (and the group to its
field). A real job ad names its occupation in the title, often with words its body never
repeats ("Distriktsläkare", "Javautvecklare", "Nanny"), so recognition reads the title first:
- a label is found when all its content words occur (lemmas: "sjuksköterskor" is
  "sjuksköterska"; "Lärare i förskola" needs "lärare" and "förskola");
- Swedish compounds are head-final, so a word that ends in a label word is that occupation with a
  qualifier ("operationssjuksköterska" contains "sjuksköterska"; "javautvecklare" ends in
  "utvecklare", which votes for the groups of all labels with that head: mostly software);
- English titles and common variants map to Swedish label words (ENGLISH, VARIANTS).
Evidence in the title counts TITLE times more than in the body; a group's confidence is its share
of all evidence plus an "unknown" share, so one mention deep in a body is a weak guess."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matching import terms

TITLE = 3.0  # evidence weight of a title word next to a body word
UNKNOWN = 1.0  # evidence a text needs to be more than a guess
HEAD_SHARE = 0.5  # a compound whose head is a label word: evidence that its groups share
MIN_HEAD = 4  # shortest label word that may be the head of a compound
MAX_CACHED_TEXTS = 100_000  # recognitions kept (then forgotten all at once)
TOP = 3  # groups kept per text
QUALIFIED = 1.5  # a label whose qualifier the text also has ("Kock, storhushåll")
STOP = frozenset("i och av för inom med m fl mfl den det en ett på till som vid övrig övriga the of and".split())

# English occupation words (ads and CVs in English) -> a Swedish label word of the taxonomy
ENGLISH = {
    "developer": "utvecklare", "programmer": "programmerare", "engineer": "ingenjör", "nurse": "sjuksköterska",
    "doctor": "läkare", "physician": "läkare", "teacher": "lärare", "cook": "kock", "cleaner": "städare",
    "driver": "chaufför", "electrician": "elektriker", "carpenter": "snickare", "accountant": "redovisningsekonom",
    "assistant": "assistent", "consultant": "konsult", "salesperson": "säljare", "seller": "säljare",
    "sales": "säljare", "waiter": "servitör", "waitress": "servitris", "receptionist": "receptionist",
    "mechanic": "mekaniker", "welder": "svetsare", "painter": "målare", "plumber": "rörmokare",
    "designer": "designer", "architect": "arkitekt", "lawyer": "jurist", "economist": "ekonom",
    "analyst": "analytiker", "tester": "testare", "researcher": "forskare", "scientist": "forskare",
    "chemist": "kemist", "physicist": "fysiker", "biologist": "biolog", "pharmacist": "apotekare",
    "dentist": "tandläkare", "psychologist": "psykolog", "nanny": "barnvakt", "babysitter": "barnvakt",
    "cashier": "kassapersonal", "guard": "väktare", "baker": "bagare", "butcher": "slaktare",
    "hairdresser": "frisör", "gardener": "trädgårdsarbetare", "janitor": "fastighetsskötare",
    "caretaker": "vaktmästare", "recruiter": "rekryterare", "technician": "tekniker", "operator": "operatör",
    "assembler": "montör", "fitter": "montör", "packer": "packare", "warehouse": "lagerarbetare",
    "manager": "chef", "director": "direktör", "secretary": "sekreterare", "translator": "översättare",
    "interpreter": "tolk", "journalist": "journalist", "photographer": "fotograf", "pilot": "pilot",
    "firefighter": "brandman", "police": "polis", "social": "socialsekreterare", "caregiver": "vårdbiträde",
    "therapist": "terapeut", "physiotherapist": "fysioterapeut", "midwife": "barnmorska",
    "librarian": "bibliotekarie", "bartender": "bartender", "dishwasher": "diskare", "farmer": "lantbrukare",
    "jewelry": "guldsmed", "jeweller": "guldsmed", "jeweler": "guldsmed", "shop": "butikssäljare",
    "store": "butikssäljare", "retail": "butikssäljare", "tax": "skatterådgivare", "hr": "personalhandläggare",
    "software": "mjukvaruutvecklare", "support": "supporttekniker", "logistics": "logistiker",
}
# Swedish titles the taxonomy does not list under that name
VARIANTS = {
    "nanny": "barnvakt", "barnflicka": "barnvakt", "ortoped": "specialistläkare", "kirurg": "specialistläkare",
    "psykiater": "specialistläkare", "anestesiolog": "specialistläkare", "radiolog": "specialistläkare",
    "onkolog": "specialistläkare", "kardiolog": "specialistläkare", "neurolog": "specialistläkare",
    "gynekolog": "specialistläkare", "urolog": "specialistläkare", "geriatriker": "specialistläkare",
    "distriktsläkare": "specialistläkare", "allmänläkare": "specialistläkare", "doktorand": "forskare",
    "pedagog": "förskollärare", "lokalvårdare": "städare", "diskare": "diskare", "lagerarbetare": "lagerarbetare",
}


@dataclass(frozen=True, slots=True)
class Recognised:
    ssyk: str
    label: str
    field: str
    confidence: float

    def as_dict(self) -> dict:
        return {"ssyk": self.ssyk, "label": self.label, "field": self.field, "confidence": self.confidence}


@lru_cache(maxsize=200_000)
def _key(word: str) -> str:
    return terms.lemma(word)


def _content(text: str) -> list[str]:
    return [_key(w) for w in terms.words(text) if len(w) >= 2 and w not in STOP]


class OccupationIndex:
    """Occupation names with their groups and fields (the taxonomy's hierarchy)."""

    def __init__(self, occupations: Iterable[tuple[str, str]], groups: Mapping[str, tuple[str, str]]) -> None:
        """`occupations`: (label, ssyk); `groups`: ssyk -> (group label, field label)."""
        self.groups = dict(groups)
        self.fields = sorted({f for _, f in self.groups.values()})
        self.group_ids = sorted(self.groups)
        self.group_row = {g: i for i, g in enumerate(self.group_ids)}
        self.field_row = {f: i for i, f in enumerate(self.fields)}
        # one entry per label variant ("Träarbetare/Snickare" is two): its content words
        single: dict[str, set[str]] = {}
        multi: dict[str, list[tuple[frozenset[str], str]]] = {}
        # "Kock, à la carte": the words after the comma qualify the head
        variants = [(v.split(",")[0], v.partition(",")[2], s, 1.0) for label, s in occupations
                    for v in label.split("/")]
        # a group's own label names its members too ("Kockar och kallskänkor"), a little less
        # surely; "Ekonomi- och finanschefer": a part ending in a hyphen is a fragment
        variants += [(part, "", s, 0.8) for s, (label, _) in self.groups.items()
                     for part in label.split(",")[0].split(" och ") if not part.strip().endswith("-")]
        self._weight: dict[tuple[str, str], float] = {}
        self._qualifiers: dict[tuple[str, str], frozenset[str]] = {}
        for head, qualifier, ssyk, weight in variants:
            keys = _content(head)
            if not keys:
                continue
            if len(keys) == 1:
                single.setdefault(keys[0], set()).add(ssyk)
                self._weight[keys[0], ssyk] = max(self._weight.get((keys[0], ssyk), 0.0), weight)
                if qualifier:
                    self._qualifiers[keys[0], ssyk] = self._qualifiers.get((keys[0], ssyk), frozenset()) | frozenset(
                        k for k in _content(qualifier) if len(k) >= 3)
            else:
                multi.setdefault(keys[0], []).append((frozenset(keys), ssyk))
        self._single = {k: tuple(sorted(v)) for k, v in single.items()}
        self._multi = multi
        # compound heads of label words ("utvecklare" of "systemutvecklare"), each with the share
        # of the labels that have it per group: a new compound with that head votes by them
        votes: dict[str, dict[str, float]] = {}
        for key, groups in self._single.items():
            parts = terms.split_compound(key)
            for head in dict.fromkeys((key, _key(parts[-1]))) if parts else (key,):  # no set: a fixed order
                if len(head) >= MIN_HEAD:
                    for g in groups:
                        votes.setdefault(head, {})[g] = votes.setdefault(head, {}).get(g, 0.0) + 1.0
        self._votes = {h: {g: n / sum(v.values()) for g, n in v.items()} for h, v in votes.items()}
        self._head_cache: dict[str, str | None] = {}
        self._recognised: dict[tuple[str, str], tuple[Recognised, ...]] = {}

    @classmethod
    def from_snapshot(cls, data: Mapping) -> OccupationIndex:
        """From the shipped snapshot: {"fields": [..], "groups": {ssyk: [label, field index]},
        "occupations": [[label, ssyk], ..]}."""
        fields = data["fields"]
        return cls(((o[0], o[1]) for o in data["occupations"]),
                   {s: (g[0], fields[g[1]]) for s, g in data["groups"].items()})

    @classmethod
    def from_hierarchy(cls, hierarchy: Sequence[Mapping]) -> OccupationIndex:
        """From JobTech `occupation_hierarchy.json` entries."""
        return cls(((o["occupation"], o["group"]["ssyk"]) for o in hierarchy),
                   {o["group"]["ssyk"]: (o["group"]["label"], o["field"]["label"]) for o in hierarchy})

    def _head(self, word: str) -> str | None:
        """The longest label word a compound ends in ("javautvecklare" -> "utvecklare")."""
        if word not in self._head_cache:
            votes = self._votes  # the longest suffix of the word that is a head
            self._head_cache[word] = next((word[i:] for i in range(len(word) - MIN_HEAD + 1) if word[i:] in votes),
                                          None)
        return self._head_cache[word]

    def _word_groups(self, word: str, context: frozenset[str]) -> list[tuple[str, float]]:
        """(ssyk, evidence) one word gives; a label word in many groups shares its evidence
        among them, and a group whose label qualifier ("Provningsingenjör, maskin") occurs in
        the text (`context`) takes more of it."""
        word = VARIANTS.get(word, ENGLISH.get(word, word))
        key = _key(word)
        if key not in self._single:
            head = self._head(key)
            return [] if head is None else [(g, HEAD_SHARE * v) for g, v in self._votes[head].items()]
        found = self._single[key]
        share = 1.0 / math.sqrt(len(found))
        return [(s, share * self._weight[key, s] * (QUALIFIED if self._qualifiers.get((key, s), frozenset()) & context
                                                    else 1.0)) for s in found]

    def _evidence(self, text: str, weight: float, into: dict[str, float], context: frozenset[str]) -> None:
        keys = _content(text)
        present = set(keys)
        seen: dict[str, float] = {}
        # each word once, in the text's order: a set's order changes with the process's string
        # hashing, and so would the order (and float rounding) of the sums made from `seen`
        for w in dict.fromkeys(keys):
            for s, e in self._word_groups(w, context):
                seen[s] = max(seen.get(s, 0.0), e)
            for combo, s in self._multi.get(w, ()):
                if combo <= present:
                    seen[s] = max(seen.get(s, 0.0), 1.0 + 0.2 * (len(combo) - 1))
        for s, e in seen.items():
            into[s] = into.get(s, 0.0) + weight * e

    def recognise(self, title: str, body: str = "") -> tuple[Recognised, ...]:
        """Up to TOP groups, most likely first; confidences sum to less than 1. Kept per text: a
        worker's runs read mostly the same texts again."""
        hit = self._recognised.get((title, body))
        if hit is None:
            if len(self._recognised) >= MAX_CACHED_TEXTS:
                self._recognised.clear()
            hit = self._recognised[title, body] = self._recognise(title, body)
        return hit

    def _recognise(self, title: str, body: str) -> tuple[Recognised, ...]:
        evidence: dict[str, float] = {}
        context = frozenset(_content(title + "\n" + body))
        self._evidence(title, TITLE, evidence, context)
        if body:
            body_ev: dict[str, float] = {}
            for line in body.splitlines():
                self._evidence(line, 1.0, body_ev, context)
            for s, e in body_ev.items():  # many mentions add up slowly
                evidence[s] = evidence.get(s, 0.0) + math.log1p(e)
        if not evidence:
            return ()
        total = math.fsum(evidence.values()) + UNKNOWN  # exact: the same whatever the order
        best = sorted(evidence.items(), key=lambda t: (-t[1], t[0]))[:TOP]
        return tuple(Recognised(s, self.groups[s][0], self.groups[s][1], round(e / total, 3))
                     for s, e in best if s in self.groups)


@dataclass(frozen=True)
class Profiles:
    """Recognised groups and fields of many texts as (n, TOP) arrays (-1: none), with the square
    roots of each text's normalised confidences: the overlap of two texts' distributions is then
    a sum of products (the Bhattacharyya coefficient; 1 for the same single group)."""

    found: tuple[tuple[Recognised, ...], ...]
    certainty: np.ndarray  # summed confidence of each text's groups (0: nothing recognised)
    groups: np.ndarray
    group_w: np.ndarray
    fields: np.ndarray
    field_w: np.ndarray
    # texts with the same recognitions have the same rows: kind[i] numbers the distinct ones,
    # first[k] is the first text of kind k (its representative)
    kind: np.ndarray
    first: np.ndarray

    @classmethod
    def build(cls, index: OccupationIndex, found: Sequence[tuple[Recognised, ...]]) -> Profiles:
        n = len(found)
        groups, fields = np.full((n, TOP), -1, np.int32), np.full((n, TOP), -1, np.int32)
        group_w, field_w = np.zeros((n, TOP)), np.zeros((n, TOP))
        for i, rec in enumerate(found):
            total = sum(r.confidence for r in rec)
            if total <= 0:
                continue
            by_field: dict[int, float] = {}
            for j, r in enumerate(rec):
                groups[i, j], group_w[i, j] = index.group_row[r.ssyk], math.sqrt(r.confidence / total)
                f = index.field_row[r.field]
                by_field[f] = by_field.get(f, 0.0) + r.confidence / total
            for j, (f, p) in enumerate(sorted(by_field.items())):
                fields[i, j], field_w[i, j] = f, math.sqrt(p)
        certainty = np.array([min(1.0, sum(r.confidence for r in rec)) for rec in found], dtype=np.float64)
        kinds: dict[tuple[Recognised, ...], int] = {}
        kind = np.fromiter((kinds.setdefault(rec, len(kinds)) for rec in found), dtype=np.int64, count=n)
        first = np.unique(kind, return_index=True)[1].astype(np.int64)  # kinds are numbered in order
        return cls(tuple(found), certainty, groups, group_w, fields, field_w, kind, first)

    def dense(self, n_groups: int, n_fields: int) -> tuple[np.ndarray, np.ndarray]:
        """The same weights as dense rows (texts x groups, texts x fields), built once per side."""
        rows = np.arange(len(self.groups))[:, None]
        g = np.zeros((len(self.groups), n_groups + 1), np.float32)  # the last column takes the -1 pads
        f = np.zeros((len(self.fields), n_fields + 1), np.float32)
        g[rows, self.groups] = self.group_w
        f[rows, self.fields] = self.field_w
        g[:, -1] = 0
        f[:, -1] = 0
        return g, f

    def overlap(self, other: Profiles, r: np.ndarray, c: np.ndarray,
                dense: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(same group, same field, certainty) of cells (row r of self, row c of other); the
        certainty of a pair is the geometric mean of both sides' certainties. With `dense` (this
        side's dense()) it gathers TOP values per cell instead of comparing TOP x TOP ids."""
        g, f = dense if dense is not None else self.dense(int(max(self.groups.max(initial=0),
                                                                   other.groups.max(initial=0))) + 1,
                                                          int(max(self.fields.max(initial=0),
                                                                   other.fields.max(initial=0))) + 1)
        same_group = np.zeros(len(r))
        same_field = np.zeros(len(r))
        for k in range(other.groups.shape[1]):
            same_group += g[r, other.groups[c, k]] * other.group_w[c, k]
            same_field += f[r, other.fields[c, k]] * other.field_w[c, k]
        return np.minimum(same_group, 1.0), np.minimum(same_field, 1.0), np.sqrt(self.certainty[r] * other.certainty[c])
