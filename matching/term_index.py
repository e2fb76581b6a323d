"""Vectorised term coverage: participants x needs without a python loop over pairs.

Participants are a sparse query matrix (unit weights summing to 1 per participant). Each need
becomes, per participant-vocabulary unit, its saturated evidence (exact, derived and near forms
found once per vocabulary with rapidfuzz.cdist). Coverage is then a sparse product, computed per
chunk of participants with numpy (bincount), never as a dense participants x vocabulary matrix.
"""
from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from rapidfuzz import distance, fuzz, process, utils

from matching import terms
from matching.terms import Bag

# corpus stop words: a unit in more than DF_TAU of the participants ("arbete" in "få ett arbete
# som passar mig") or of the needs (job-ad boilerplate: "erfarenhet", "kollektivavtal") says
# little about who fits where; its weight fades to 0 for a unit in all of them (sklearn's
# max_df, made smooth). Only with enough texts to estimate it.
DF_TAU = 0.2
DF_MIN_DOCS = 10
MIN_QUERY_WEIGHT = 1e-3  # share below which a unit is dropped from a query


def df_damping(df: int, n_docs: int) -> float:
    if n_docs < DF_MIN_DOCS or df <= 0:
        return 1.0
    return min(1.0, max(0.0, math.log(n_docs / df) / math.log(1.0 / DF_TAU)))


def term_key(unit: str, key: bytes) -> int:
    """A term as a keyed hash (signed 64 bits): how stored document frequencies name a term, so
    that no word of anyone's text is kept readable beside the counts."""
    return int.from_bytes(hashlib.blake2b(unit.encode("utf-8"), key=key, digest_size=8).digest(), "big",
                          signed=True)


@dataclass(frozen=True)
class DocumentFrequency:
    """Document frequency kept by the caller over its whole corpus (the product: all of an
    association's profiles and published needs, updated with every write): per keyed term hash
    (`term_key` with `key`), in how many participant profiles and needs it appears, and how many
    there are. A run reads it instead of counting over its own texts."""

    key: bytes
    participants: Mapping[int, int]
    n_participants: int
    needs: Mapping[int, int]
    n_needs: int

    def participant_count(self, unit: str) -> int:
        return self.participants.get(term_key(unit, self.key), 0)

    def need_count(self, unit: str) -> int:
        return self.needs.get(term_key(unit, self.key), 0)


@dataclass(frozen=True)
class NeedTerms:
    """Evidence of a set of needs, by participant-vocabulary unit (CSR over units)."""

    indptr: np.ndarray  # len(vocabulary) + 1
    cols: np.ndarray  # need column
    vals: np.ndarray  # saturated evidence in [0, 1)
    evidence: tuple[dict[int, float], ...]  # per need: unit id -> raw evidence (for explanations)
    n_needs: int
    damping: dict[int, float]  # unit id -> need-side corpus damping (missing: 1)
    _best: dict = field(default_factory=dict, compare=False)
    _gains: dict = field(default_factory=dict, compare=False)  # explain's per-need numbers
    _table: list = field(default_factory=list, compare=False)  # explain_pairs' evidence table, once

    def best_units(self, col: int, bag: Bag, neighbours: dict) -> dict[int, tuple[str, float]]:
        """Per vocabulary unit, the need unit that gives it the most evidence (cached per need)."""
        hit = self._best.get(col)
        if hit is None:
            top: dict[int, tuple[float, str, float]] = {}
            for v, w in sorted(bag.weights.items()):
                for i, s in neighbours[v]:
                    if i not in top or s * w > top[i][0]:
                        top[i] = (s * w, v, s)
            hit = self._best[col] = {i: (v, s) for i, (_, v, s) in top.items()}
        return hit


class TermIndex:
    def __init__(self, bags: Sequence[Bag], frequency: DocumentFrequency | None = None) -> None:
        """`frequency`: stored document frequencies; without them they are counted over `bags`."""
        df = Counter(u for bag in bags for u in bag.weights)
        self.units: list[str] = sorted(df)
        self.unit_id: dict[str, int] = {u: i for i, u in enumerate(self.units)}
        self.frequency = frequency
        if frequency is None:
            self.damping = {u: df_damping(c, len(bags)) for u, c in df.items()}
        else:
            self.damping = {u: df_damping(frequency.participant_count(u), frequency.n_participants) for u in df}
        self.bags = tuple(bags)
        # every participant's query (`query`) as CSR rows: unit ids and weights
        self.q_indptr, self.q_units, self.q_vals = self._queries(self.bags)
        self._by_start: dict[str, list[int]] = {}
        for i, u in enumerate(self.units):
            self._by_start.setdefault(u[:2], []).append(i)
        self._neighbours: dict[str, tuple[tuple[int, float], ...]] = {}

    def query(self, bag: Bag) -> dict[str, float]:
        """A participant's unit weights after corpus damping, summing to 1."""
        damping = self.damping
        w = {u: x * damping.get(u, 1.0) for u, x in bag.weights.items()}
        total = sum(w.values())
        if total <= 0:
            return {}
        cut = MIN_QUERY_WEIGHT * total
        q = {u: x for u, x in w.items() if x >= cut}
        total = sum(q.values())
        return {u: x / total for u, x in q.items()}

    def _queries(self, bags: Sequence[Bag]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`query` of every bag at once, as CSR (indptr, unit ids, weights): the same products,
        cuts and quotients elementwise, each sum over the same values in the same order."""
        lens = np.fromiter((len(b.weights) for b in bags), dtype=np.int64, count=len(bags))
        count = int(lens.sum())
        units = np.fromiter(map(self.unit_id.__getitem__, itertools.chain.from_iterable(b.weights for b in bags)),
                            dtype=np.int64, count=count)
        x = np.fromiter(itertools.chain.from_iterable(b.weights.values() for b in bags), dtype=np.float64,
                        count=count)
        damping = np.array([self.damping.get(u, 1.0) for u in self.units], dtype=np.float64)
        w = x * damping[units]
        bag = np.repeat(np.arange(len(bags), dtype=np.int64), lens)
        total = np.array(_sums(w.tolist(), lens.tolist()))
        keep = np.nonzero((total[bag] > 0) & (w >= MIN_QUERY_WEIGHT * total[bag]))[0]
        w, bag, units = w[keep], bag[keep], units[keep]
        kept = np.bincount(bag, minlength=len(bags))
        q = w / np.array(_sums(w.tolist(), kept.tolist()))[bag]
        return np.concatenate([[0], np.cumsum(kept)]).astype(np.int64), units, q

    @cached_property
    def queries(self) -> list[dict[str, float]]:
        """Each participant's query (`query`), unit -> weight."""
        units, vals, bounds = self.units, self.q_vals.tolist(), self.q_indptr.tolist()
        ids = self.q_units.tolist()
        return [{units[i]: x for i, x in zip(ids[a:b], vals[a:b])} for a, b in zip(bounds, bounds[1:])]

    @cached_property
    def _query_ids(self) -> list[dict[int, float]]:
        vals, bounds, ids = self.q_vals.tolist(), self.q_indptr.tolist(), self.q_units.tolist()
        return [dict(zip(ids[a:b], vals[a:b])) for a, b in zip(bounds, bounds[1:])]

    # ------------------------------------------------------------------ need side

    def _find_neighbours(self, units: list[str]) -> None:
        """Vocabulary units each need unit meets (itself, derivations, near spellings)."""
        new = [u for u in units if u not in self._neighbours]
        by_start: dict[str, list[str]] = {}
        for u in new:
            by_start.setdefault(u[:2], []).append(u)
        for start, queries in by_start.items():
            found: dict[str, dict[int, float]] = {q: {} for q in queries}
            for q in queries:
                if q in self.unit_id:
                    found[q][self.unit_id[q]] = 1.0
            cand = self._by_start.get(start, [])
            if cand:
                choices = [self.units[i] for i in cand]
                shared = process.cdist(queries, choices, scorer=distance.Prefix.similarity,
                                       processor=utils.default_process, score_cutoff=terms.MIN_PART,
                                       dtype=np.int32)
                for a, b in zip(*np.nonzero(shared)):
                    q, c = queries[a], choices[b]
                    if q != c and terms.derived(q, c, int(shared[a, b])):
                        found[q][cand[b]] = terms.DERIVED_SIM
                long_q = [q for q in queries if len(q) >= terms.TYPO_MIN_LEN]
                long_c = [(i, c) for i, c in zip(cand, choices) if len(c) >= terms.TYPO_MIN_LEN]
                if long_q and long_c:
                    near = process.cdist(long_q, [c for _, c in long_c], scorer=fuzz.ratio,
                                         processor=utils.default_process, score_cutoff=terms.TYPO_CUTOFF,
                                         dtype=np.uint8)
                    for a, b in zip(*np.nonzero(near)):
                        q, (i, c) = long_q[a], long_c[b]
                        if q != c:
                            found[q].setdefault(i, terms.TYPO_SIM)  # a derivation keeps its value
            for q in queries:
                self._neighbours[q] = tuple(sorted(found[q].items()))

    def evidence(self, bag: Bag) -> dict[int, float]:
        """Unit id -> summed similarity x weight of the need's units that meet it."""
        self._find_neighbours(list(bag.weights))
        ev: dict[int, float] = {}
        for v, w in bag.weights.items():
            for i, s in self._neighbours[v]:
                ev[i] = ev.get(i, 0.0) + s * w
        return ev

    def need_terms(self, bags: Sequence[Bag], damping: dict[int, float] | None = None) -> NeedTerms:
        """Evidence of the needs per vocabulary unit. `damping` (from an earlier, larger run)
        keeps a single added need on that run's scale; by default it is estimated here."""
        self._find_neighbours(sorted({u for b in bags for u in b.weights}))
        evidence = tuple(self.evidence(b) for b in bags)
        if damping is None:
            damping = self._need_damping(bags, evidence)
        col, unit, raw = _flat(evidence)
        # damping x saturated evidence, the same arithmetic as terms.saturate, need by need
        vals = _by_unit(damping, len(self.units))[unit] * (raw / (raw + terms.SATURATION))
        order = np.lexsort((col, unit))
        indptr = np.zeros(len(self.units) + 1, dtype=np.int64)
        np.add.at(indptr, unit + 1, 1)
        return NeedTerms(np.cumsum(indptr), col[order], vals[order], evidence, len(bags), damping)

    def _need_damping(self, bags: Sequence[Bag], evidence: Sequence[dict[int, float]]) -> dict[int, float]:
        """Need-side corpus damping per vocabulary unit: the share of needs with evidence for it,
        counted over these needs, or read from the stored frequencies (there per need unit: a
        vocabulary unit takes the count of the most frequent need unit that meets it)."""
        frequency = self.frequency
        if frequency is None:
            df = Counter(i for ev in evidence for i in ev)
            n_docs = len(bags)
        else:
            df, n_docs = {}, frequency.n_needs
            for v in {u for b in bags for u in b.weights}:
                c = frequency.need_count(v)
                if c:
                    for i, _ in self._neighbours[v]:
                        if c > df.get(i, 0):
                            df[i] = c
        return {i: d for i, c in df.items() if (d := df_damping(c, n_docs)) < 1.0}

    def scores(self, rows: np.ndarray, nt: NeedTerms) -> np.ndarray:
        """Coverage (len(rows) x needs, float64) for the given participant rows."""
        rows = np.asarray(rows, dtype=np.int64)
        n = nt.n_needs
        a, lens_q = self.q_indptr[rows], np.diff(self.q_indptr)[rows]
        total_q = int(lens_q.sum())
        if total_q == 0 or n == 0:
            return np.zeros((len(rows), n))
        # the query entries of these rows, without a python loop
        entry = np.repeat(a - (np.cumsum(lens_q) - lens_q), lens_q) + np.arange(total_q, dtype=np.int64)
        units, q = self.q_units[entry], self.q_vals[entry]
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lens_q)
        starts = nt.indptr[units]
        lens = nt.indptr[units + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return np.zeros((len(rows), n))
        # every (query entry, need posting) pair of the same unit
        pos = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total, dtype=np.int64)
        flat = np.repeat(local * n, lens) + nt.cols[pos]
        out = np.bincount(flat, weights=np.repeat(q, lens) * nt.vals[pos], minlength=len(rows) * n)
        return out.reshape(len(rows), n)

    def explain(self, row: int, nt: NeedTerms, col: int, need_bag: Bag) -> tuple[float, list[tuple]]:
        """Scalar coverage of one pair from the same numbers as `scores`, with the matched terms
        as (gain, participant unit, best need unit, similarity), best first."""
        q = self._query_ids[row]
        need = nt._gains.get(col)
        if need is None:  # per need, once: (damping, saturated evidence, unit, best need unit, similarity)
            evidence = nt.evidence[col]
            best = nt.best_units(col, need_bag, self._neighbours) if evidence else {}
            units, damping = self.units, nt.damping
            need = nt._gains[col] = {i: (damping.get(i, 1.0), terms.saturate(e), units[i], *best[i])
                                     for i, e in evidence.items()}
        common = q.keys() & need.keys()  # usually a handful of units
        if not common:
            return 0.0, []
        found = [(q[i] * d * s, u, v, sim) for i in common for d, s, u, v, sim in (need[i],)]
        found.sort(key=_by_gain)
        return sum(g for g, *_ in found), found

    def explain_pairs(self, rows: np.ndarray, cols: np.ndarray, nt: NeedTerms, need_bags: Sequence[Bag],
                      limit: int) -> list[tuple[float, list[tuple]]]:
        """`explain` of many pairs, each pair's terms cut to its best `limit`: the same numbers
        (each gain the same product, each sum over the same gains in the same order), with the
        units the two sides share found by one numpy join instead of pair by pair."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        keys, damping, saturated = self._evidence_table(nt)
        n_units = len(self.units)
        lens = np.diff(self.q_indptr)[rows]
        total = int(lens.sum())
        # every query entry of every pair's participant, against the pair's need
        pair = np.repeat(np.arange(len(rows), dtype=np.int64), lens)
        entry = np.repeat(self.q_indptr[rows] - (np.cumsum(lens) - lens), lens) + np.arange(total, dtype=np.int64)
        unit = self.q_units[entry]
        key = cols[pair] * n_units + unit
        at = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
        hit = np.nonzero(keys[at] == key)[0] if len(keys) else np.zeros(0, dtype=np.int64)
        pair, unit, at = pair[hit], unit[hit], at[hit]
        gain = self.q_vals[entry[hit]] * damping[at] * saturated[at]
        # by pair, then best gain first, then unit (ids follow the units' sorted order: _by_gain)
        order = np.lexsort((unit, -gain, pair))
        pair, unit, gain = pair[order], unit[order], gain[order]
        bounds = np.searchsorted(pair, np.arange(len(rows) + 1)).tolist()
        gains, unit_ids, units, neighbours = gain.tolist(), unit.tolist(), self.units, self._neighbours
        out = []
        for a, b, col in zip(bounds, bounds[1:], cols.tolist()):
            if a == b:
                out.append((0.0, []))
                continue
            best = nt.best_units(col, need_bags[col], neighbours)
            cut = min(b, a + limit)
            out.append((sum(gains[a:b]), [(g, units[i], *best[i]) for g, i in zip(gains[a:cut], unit_ids[a:cut])]))
        return out

    def _evidence_table(self, nt: NeedTerms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every need's evidence as arrays sorted by key (need column x vocabulary size + unit
        id): key, need-side damping and saturated evidence (the numbers `explain` reads)."""
        if not nt._table:
            col, unit, raw = _flat(nt.evidence)
            key = col * len(self.units) + unit
            order = np.argsort(key, kind="stable")
            unit, raw = unit[order], raw[order]
            nt._table.append((key[order], _by_unit(nt.damping, len(self.units))[unit],
                              raw / (raw + terms.SATURATION)))
        return nt._table[0]


def _sums(values: list[float], lens: list[int]) -> list[float]:
    """Python's sum of consecutive runs of `values` (of the given lengths), left to right."""
    out, start = [], 0
    for n in lens:
        out.append(sum(values[start:start + n]))
        start += n
    return out


def _flat(evidence: Sequence[dict[int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Need column, unit id and raw evidence of every entry, need by need in dict order."""
    lens = np.fromiter((len(ev) for ev in evidence), dtype=np.int64, count=len(evidence))
    count = int(lens.sum())
    unit = np.fromiter(itertools.chain.from_iterable(evidence), dtype=np.int64, count=count)
    raw = np.fromiter(itertools.chain.from_iterable(ev.values() for ev in evidence), dtype=np.float64, count=count)
    return np.repeat(np.arange(len(evidence), dtype=np.int64), lens), unit, raw


def _by_unit(damping: Mapping[int, float], n_units: int) -> np.ndarray:
    """Need-side damping as an array over the vocabulary (1 where there is none)."""
    out = np.ones(n_units)
    known = [(i, d) for i, d in damping.items() if 0 <= i < n_units]
    if known:
        out[[i for i, _ in known]] = [d for _, d in known]
    return out


def _by_gain(t: tuple) -> tuple:
    return -t[0], t[1]
