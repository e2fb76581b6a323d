"""An optional occupational lexicon built from concept labels (e.g. JobTech occupation names and
skills). Matching is already good without one; with one:
- label words are known compound parts even when general usage rarely has them ("rekond"),
- units that occur in labels (occupations, skills, tools) weigh more than everyday words, the
  more the fewer labels share them: "tvätt" (a few labels) is telling, "arbetare" (hundreds of
  labels: the label set's own idf) says little about which occupation,
- free words are mapped to the concepts whose labels they spell out (fuzzy, so "städnig" still
  finds "Städning"), and explanations name the concepts a pair shares."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
from rapidfuzz import fuzz, process, utils

from matching import terms
from matching.occupations import OccupationIndex

CONCEPT_CUTOFF = 90.0  # rapidfuzz ratio for a free word to stand for a label word
GENERIC_SHARE = 0.002  # words in more labels than this share start to count less...
GENERIC_MIN = 5  # ...and never for fewer labels than this


class Taxonomy:
    def __init__(self, labels: Iterable[str], boost: float = 0.5, occupations: OccupationIndex | None = None) -> None:
        """`occupations`: the occupation hierarchy, when known; it makes recognised occupation
        groups a score component (engine.py)."""
        self.boost = boost
        self.occupations = occupations
        self.labels: tuple[str, ...] = tuple(sorted({lab.strip() for lab in labels if lab and lab.strip()}))
        label_words = [[w for w in terms.words(lab) if len(w) >= terms.MIN_PART] for lab in self.labels]
        self.words: frozenset[str] = frozenset(w for ws in label_words for w in ws)
        self._lemmas = frozenset(terms.lemma(w) for w in self.words)
        # a label's units: its words' units and compound parts (splitting already knows self.words)
        self._label_units: list[frozenset[str]] = []
        by_unit: dict[str, list[int]] = {}
        for i, ws in enumerate(label_words):
            units = frozenset(terms.unit_of(x) for w in ws for x in (w, *terms.split_compound(w, self)))
            self._label_units.append(units)
            for u in units:
                by_unit.setdefault(u, []).append(i)
        self._by_unit = {u: tuple(ix) for u, ix in by_unit.items()}
        # each label under its rarest unit: a text mentions the label only if it has that unit,
        # so concepts() looks at each label once instead of once per unit of it
        by_anchor: dict[str, list[int]] = {}
        for i, units in enumerate(self._label_units):
            if units:
                by_anchor.setdefault(min(units, key=lambda u: (len(by_unit[u]), u)), []).append(i)
        self._by_anchor = {u: tuple(ix) for u, ix in by_anchor.items()}
        self._unit_list = sorted(self._by_unit)
        self._by_start: dict[str, list[str]] = {}
        for u in self._unit_list:
            self._by_start.setdefault(u[:2], []).append(u)
        self._near: dict[str, frozenset[str]] = {}

    @classmethod
    def from_snapshot(cls, data: Mapping, **kw) -> Taxonomy:
        """From the product's shipped snapshot (vta/reference/jobtech): occupation names, group
        and field labels and skills, with the hierarchy for occupation recognition."""
        fields = data["fields"]
        labels = [o[0] for o in data["occupations"]] + [g[0] for g in data["groups"].values()] + list(fields)
        return cls(labels + list(data["skills"]), occupations=OccupationIndex.from_snapshot(data), **kw)

    @classmethod
    def from_jobtech(cls, data: Mapping, types: Iterable[str] = ("occupation-name", "skill"), **kw) -> Taxonomy:
        """From JobTech `taxonomy_to_concept.json`: {type: {id: {"preferredTerm": ...}}}."""
        return cls((e["preferredTerm"] for t in types for e in data.get(t, {}).values()), **kw)

    def __len__(self) -> int:
        return len(self.labels)

    def knows(self, word: str) -> bool:
        return word in self.words or word in self._lemmas

    def is_occupational(self, unit: str) -> bool:
        return unit in self._by_unit

    def weight_factor(self, unit: str) -> float:
        """1 for words no label has; up to 1 + boost for words few labels share, decaying with
        the number of labels that have them (idf over the labels)."""
        df = len(self._by_unit.get(unit, ()))
        if not df:
            return 1.0
        n = len(self.labels)
        rare = max(GENERIC_MIN, n * GENERIC_SHARE)
        if df <= rare:
            return 1.0 + self.boost
        return (1.0 + self.boost) * max(0.0, math.log(n / df)) / math.log(n / rare)

    def concept_units(self, units: Iterable[str]) -> set[str]:
        """Taxonomy units the given units stand for: themselves, or a near spelling (cached per
        unit: explanations ask for the same words over and over)."""
        units = set(units)
        new = [u for u in units if u not in self._near]
        long_new = [u for u in new if u not in self._by_unit and len(u) >= terms.TYPO_MIN_LEN]
        # a typo rarely hits the first two letters (terms.unit_similarity): search those blocks only
        by_start: dict[str, list[str]] = {}
        for u in long_new:
            by_start.setdefault(u[:2], []).append(u)
        for start, queries in by_start.items():
            choices = self._by_start.get(start, [])
            if not choices:
                for u in queries:
                    self._near[u] = frozenset()
                continue
            m = process.cdist(queries, choices, scorer=fuzz.ratio, processor=utils.default_process,
                              score_cutoff=CONCEPT_CUTOFF, dtype=np.uint8)
            for a, row in enumerate(m):
                self._near[queries[a]] = frozenset(choices[j] for j in np.nonzero(row)[0])
        for u in new:
            self._near.setdefault(u, frozenset({u}) if u in self._by_unit else frozenset())
        return set().union(*(self._near[u] for u in units)) if units else set()

    def concepts(self, units: Iterable[str]) -> list[str]:
        """Labels all of whose units occur among `units`: the concepts a text mentions."""
        have = self.concept_units(units)
        hits = [i for u in have for i in self._by_anchor.get(u, ()) if self._label_units[i] <= have]
        return sorted(self.labels[i] for i in hits)
