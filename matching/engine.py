"""The pipeline: texts -> embeddings and terms -> hard rules -> scores -> top-k arcs -> joint
assignment -> alternatives -> explanations -> independent check.

The participant side (embeddings, term queries, rule arrays) is a ParticipantIndex that can be
built once and reused: `score_need` scores one new need against it without touching the rest."""
from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from matching import scoring, threads
from matching.alternatives import alternatives
from matching.candidates import Arcs, top_k
from matching.constraints import feasible_mask
from matching.encoder import Encoder
from matching.explain import MAX_TERMS, explanation, occupation_explanation
from matching.features import Chunk, Codebooks, NeedBlock, ParticipantBlock
from matching.model import ALTERNATIVE, ASSIGNMENT, Candidate, MatchConfig, MatchResult, Need, Participant, \
    Proposal, Workplace
from matching.occupations import Profiles
from matching.review import Feedback
from matching.solver import solve
from matching.unmatched import reasons as unmatched_reasons
from matching.term_index import DocumentFrequency, NeedTerms, TermIndex
from matching.terms import Analyzer, Bag
from matching.text import need_occupation_text, need_text, participant_occupation_text, participant_text
from matching.validate import validate

Progress = Callable[[float], None]


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building many small acyclic objects (bags,
    explanations): each collection would walk every live object of the world, again and again.
    Reference counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # what was built is long-lived (an index, a result): hand it straight to the oldest
            # generation instead of having the next collection walk all of it on the way there.
            # Not when objects were frozen on purpose (e.g. before a fork): unfreeze would undo it.
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class EngineError(RuntimeError):
    """The engine caught itself producing an invalid result (a bug, never bad input)."""


def _centre(vectors: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Subtract the side's mean and renormalise: what every text shares is not evidence."""
    out = vectors.astype(np.float32) - mean.astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def _mean(vectors: np.ndarray) -> np.ndarray:
    """The side's mean, shrunk by n / (n + 1): a set of one is not centred into nothing, and a
    few texts do not define what "everyone shares"."""
    n = len(vectors)
    if not n:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0, dtype=np.float32)
    return vectors.mean(axis=0) * (n / (n + 1))


def _unique_sorted(items: Iterable, kind: str) -> tuple:
    out = tuple(sorted(items, key=lambda x: x.id))
    ids = [x.id for x in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate {kind} ids")
    return out


@dataclass
class ParticipantIndex:
    """Everything about a set of participants that does not depend on the needs."""

    participants: tuple[Participant, ...]
    books: Codebooks
    block: ParticipantBlock
    analyzer: Analyzer
    bags: tuple[Bag, ...]
    terms: TermIndex
    embeddings: np.ndarray  # encoder output, one normalised row per participant
    centred: np.ndarray
    model_id: str
    occupations: Profiles | None  # recognised occupation groups, with a taxonomy that has them
    # need-side references of the latest full run (embedding mean, term damping): score_need
    # scores a new need with them, on the same scale as that run
    need_mean: np.ndarray | None = None
    need_damping: dict[int, float] | None = None
    row: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, participants: Iterable[Participant], *, encoder: Encoder, taxonomy=None,
              embeddings: np.ndarray | None = None, progress: Progress | None = None,
              frequency: DocumentFrequency | None = None) -> ParticipantIndex:
        """`embeddings` (rows in participant id order) skips encoding, e.g. cached vectors.
        `progress(x)` gets the share of texts encoded so far. `frequency`: stored document
        frequencies of the whole corpus (otherwise counted over these participants and the run's needs)."""
        with _gc_paused():
            return cls._build(participants, encoder, taxonomy, embeddings, progress, frequency)

    @classmethod
    def _build(cls, participants, encoder, taxonomy, embeddings, progress, frequency) -> ParticipantIndex:
        ps = _unique_sorted(participants, "participant")
        books = Codebooks()
        analyzer = Analyzer.shared(taxonomy)
        texts = [participant_text(p) for p in ps]
        bags = tuple(analyzer.bag(t) for t in texts)
        if embeddings is None:
            embeddings = _encode(encoder, texts, progress) if ps else np.zeros((0, 1), np.float32)
        embeddings = np.asarray(embeddings, dtype=np.float32)
        occupations = _occupations(taxonomy, [participant_occupation_text(p) for p in ps])
        return cls(participants=ps, books=books, block=ParticipantBlock.build(ps, books), analyzer=analyzer,
                   bags=bags, terms=TermIndex(bags, frequency), embeddings=embeddings,
                   centred=_centre(embeddings, _mean(embeddings)), model_id=encoder.model_id,
                   occupations=occupations, row={p.id: i for i, p in enumerate(ps)})

    @cached_property
    def occupation_dense(self) -> tuple[np.ndarray, np.ndarray] | None:
        occ = getattr(self.analyzer.taxonomy, "occupations", None)
        if self.occupations is None or occ is None:
            return None
        return self.occupations.dense(len(occ.group_ids), len(occ.fields))

    def same_participants(self, participants: Sequence[Participant]) -> bool:
        mine, row = self.participants, self.row
        return len(participants) == len(mine) and all(  # usually the very same objects
            (i := row.get(p.id)) is not None and (mine[i] is p or mine[i] == p) for p in participants)


def _occupations(taxonomy, texts: list[tuple[str, str]]) -> Profiles | None:
    index = getattr(taxonomy, "occupations", None)
    return None if index is None else Profiles.build(index, [index.recognise(t, b) for t, b in texts])


def _effective(config: MatchConfig, index: ParticipantIndex, feedback: Feedback | None = None) -> MatchConfig:
    """Without recognised occupations the occupation component has no weight, and without anything
    learnt from review neither has the review component (scores stay as they were)."""
    if index.occupations is None and config.w_occupation:
        config = replace(config, w_occupation=0.0)
    if not feedback and config.w_review:
        config = replace(config, w_review=0.0)
    return config


def _top_groups(profiles: Profiles, occupations) -> list[str | None]:
    """Each text's most likely group (ssyk), None where nothing was recognised."""
    ids = occupations.group_ids
    return [ids[g] if g >= 0 else None for g in profiles.groups[:, 0].tolist()]


@dataclass
class _Needs:
    needs: tuple[Need, ...]
    block: NeedBlock
    bags: tuple[Bag, ...]
    terms: NeedTerms
    centred: np.ndarray
    mean: np.ndarray
    occupations: Profiles | None
    feedback: Feedback | None = None
    # review flags and top groups, both sides (only with feedback)
    p_flag: np.ndarray | None = None
    n_flag: np.ndarray | None = None
    p_top: list = field(default_factory=list)
    n_top: list = field(default_factory=list)


# texts per encoder call: progress moves during long encodings, and a caller whose progress
# callback raises (a stopped run) stops the engine within one chunk
ENCODE_CHUNK = 32


def _encode(encoder: Encoder, texts: list[str], progress: Progress | None) -> np.ndarray:
    """Encode in chunks, reporting the share done: encoding a large world takes minutes."""
    if progress is None or len(texts) <= ENCODE_CHUNK:
        return encoder.encode(texts)
    parts = []
    for start in range(0, len(texts), ENCODE_CHUNK):
        parts.append(np.asarray(encoder.encode(texts[start:start + ENCODE_CHUNK]), dtype=np.float32))
        progress(min(len(texts), start + ENCODE_CHUNK) / len(texts))
    return np.concatenate(parts)


def _prepare_needs(index: ParticipantIndex, needs: Sequence[Need], workplaces: Mapping[str, Workplace],
                   encoder: Encoder, mean: np.ndarray | None, embeddings: np.ndarray | None = None,
                   damping: dict[int, float] | None = None, progress: Progress | None = None,
                   feedback: Feedback | None = None) -> _Needs:
    texts = [need_text(n) for n in needs]
    if embeddings is None:
        embeddings = _encode(encoder, texts, progress) if needs else np.zeros((0, index.embeddings.shape[1]), np.float32)
    embeddings = np.asarray(embeddings, dtype=np.float32)
    mean = _mean(embeddings) if mean is None else mean
    bags = tuple(index.analyzer.bag(t) for t in texts)
    occupations = _occupations(index.analyzer.taxonomy, [need_occupation_text(n) for n in needs])
    out = _Needs(tuple(needs), NeedBlock.build(needs, workplaces, index.books), bags,
                 index.terms.need_terms(bags, damping), _centre(embeddings, mean), mean, occupations)
    if feedback and feedback.learns_groups and occupations is not None and index.occupations is not None:
        occ = getattr(index.analyzer.taxonomy, "occupations", None)
        out.feedback = feedback
        out.p_flag = np.array([p.id in feedback.person_groups for p in index.participants], bool)
        out.n_flag = np.array([n.id in feedback.need_groups for n in needs], bool)
        out.p_top, out.n_top = _top_groups(index.occupations, occ), _top_groups(occupations, occ)
    elif feedback:
        out.feedback = feedback  # travel notes only
    return out


def _review_values(index: ParticipantIndex, prepared: _Needs, prow: np.ndarray, c: np.ndarray) -> np.ndarray | None:
    """The review component of cells (participant row, need column); only cells whose person or
    need has something learnt are looked at one by one."""
    if prepared.p_flag is None:
        return None
    out = np.ones(len(prow))
    cells = np.nonzero(prepared.p_flag[prow] | prepared.n_flag[c])[0]
    if len(cells):
        ps, ns = index.participants, prepared.needs
        pr, cc = prow[cells].tolist(), c[cells].tolist()
        out[cells] = prepared.feedback.values([ps[i].id for i in pr], [ns[j].id for j in cc],
                                              [prepared.p_top[i] for i in pr], [prepared.n_top[j] for j in cc])
    return out


def _blocked_arrays(index: ParticipantIndex, needs: Sequence[Need], blocked: Iterable[tuple[str, str]]):
    """(participant rows, need columns) of blocked pairs, sorted; pairs outside the run are moot."""
    col = {n.id: j for j, n in enumerate(needs)}
    pairs = sorted((index.row[p], col[n]) for p, n in blocked if p in index.row and n in col)
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    return rows, cols


def _occupation_cells(index: ParticipantIndex, prepared: _Needs, rows: np.ndarray, r: np.ndarray, c: np.ndarray,
                      used: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occupation value, certainty) of cells (chunk row r, need column c; `used`: the columns
    that occur). Texts with the same recognitions score alike: with fewer distinct pairs of
    recognitions than cells, each pair is computed once (the same arithmetic) and the cells
    read theirs."""
    p, n = index.occupations, prepared.occupations
    p_kinds, p_at = np.unique(p.kind[rows], return_inverse=True)
    n_kinds, n_at = np.unique(n.kind[used], return_inverse=True)
    if len(p_kinds) * len(n_kinds) >= len(r):
        same_group, same_field, certainty = p.overlap(n, rows[r], c, index.occupation_dense)
        return scoring.occupation_value(same_group, same_field, certainty), certainty
    same_group, same_field, certainty = p.overlap(n, np.repeat(p.first[p_kinds], len(n_kinds)),
                                                  np.tile(n.first[n_kinds], len(p_kinds)), index.occupation_dense)
    occupation = scoring.occupation_value(same_group, same_field, certainty)
    col_at = np.zeros(len(n.kind), dtype=np.int64)
    col_at[used] = n_at
    cell = (p_at * len(n_kinds))[r] + col_at[c]
    return occupation[cell], certainty[cell]


def _score_chunk(index: ParticipantIndex, prepared: _Needs, rows: np.ndarray, blocked, config: MatchConfig,
                 fit: tuple[np.ndarray, np.ndarray] | None = None):
    """Candidate arcs of some participant rows (the feasible pairs that clear the thresholds)
    and the number of feasible pairs. The rules run first on the whole chunk; scores are then
    computed for the feasible cells only. `fit` (best relevance, whether any need clears both
    minimums; by participant row) is updated for these rows: an unmatched participant's reason."""
    chunk = Chunk(index.block, rows, prepared.block, blocked)
    ok = feasible_mask(chunk)
    n_needs = len(prepared.needs)
    flat = np.flatnonzero(ok)  # flat cell indices: cheaper than a 2-D nonzero
    if not len(flat):
        return Arcs.concat([]), 0
    r, c = np.divmod(flat, n_needs)
    # embeddings only against the needs some row of the chunk may take (rows are grouped by
    # place, so travel distance leaves most needs out)
    used = np.nonzero(ok.any(axis=0))[0]
    position = np.zeros(n_needs, dtype=np.int64)
    position[used] = np.arange(len(used))
    cosine = (index.centred[rows] @ prepared.centred[used].T)[r, position[c]].astype(np.float64)
    coverage = index.terms.scores(rows, prepared.terms).ravel()[flat]
    # relevance needs only the two content numbers and rules out most feasible pairs, so the
    # other components are computed for the few that pass it (same numbers, cell by cell)
    occupation, certainty = np.zeros(len(flat)), 1.0
    if index.occupations is not None and prepared.occupations is not None:
        occupation, certainty = _occupation_cells(index, prepared, rows, r, c, used)
    rel = scoring.relevance(scoring.semantic_value(cosine, config), scoring.terms_value(coverage, config), config,
                            occupation, certainty)
    if fit is not None:  # cells come row by row (flat indices are row-major)
        starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        fit[0][rows[r[starts]]] = np.maximum.reduceat(rel, starts)
    relevant = np.nonzero(rel >= config.min_relevance)[0]
    r, c, cosine, coverage, rel, occupation = (x[relevant] for x in (r, c, cosine, coverage, rel, occupation))
    values = scoring.cell_values(chunk, r, c, cosine, coverage, config, occupation,
                                 _review_values(index, prepared, rows[r], c))
    total = scoring.total(values, config)
    keep = np.nonzero(total >= config.min_score)[0]
    if fit is not None:
        fit[1][rows[r[keep]]] = True
    detail = {**values, "cosine": cosine, "coverage": coverage}
    return Arcs(rows[r], c, total, rel, detail).take(keep), len(flat)


def _unmatched(index: ParticipantIndex, prepared: _Needs, blocked, proposed_rows: np.ndarray,
               config: MatchConfig, fit: tuple[np.ndarray, np.ndarray]) -> tuple[dict, ...]:
    """Why each participant without a proposal got none (unmatched.py), by participant id; `fit`
    is what scoring found for every row (_score_chunk)."""
    rows = np.setdiff1d(np.arange(len(index.participants)), proposed_rows)
    if not len(rows):
        return ()

    def best_fit(some: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return fit[0][some], fit[1][some]

    found = unmatched_reasons(index.block, rows, prepared.block, blocked, best_fit, config.min_relevance)
    ids = index.participants
    return tuple({"participant_id": ids[e.pop("row")].id, **e} for e in found)


def _by_place(index: ParticipantIndex, rows: np.ndarray) -> np.ndarray:
    """Rows ordered along a space-filling (Morton) curve over ~1 km cells: neighbours in the
    order live near each other."""
    if not len(rows):
        return rows
    xyz = index.block.xyz[rows]
    lat = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1, 1)))
    lon = np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0]))
    y = np.clip(((lat + 90) * 100).astype(np.uint64), 0, (1 << 16) - 1)
    x = np.clip(((lon + 180) * 100).astype(np.uint64), 0, (1 << 16) - 1)
    code = np.zeros(len(rows), dtype=np.uint64)
    for bit in range(16):
        code |= ((x >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit)
        code |= ((y >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit + 1)
    return rows[np.lexsort((rows, code))]


def _chunks(rows: np.ndarray, n_cols: int, config: MatchConfig) -> list[np.ndarray]:
    step = max(1, config.chunk_elements // max(1, n_cols))
    return [rows[a:a + step] for a in range(0, len(rows), step)]


def _explanations(index: ParticipantIndex, prepared: _Needs, arcs: Arcs, config: MatchConfig) -> list[dict]:
    """Explanations of the given arcs from the very numbers that scored them (no re-scoring);
    only the matched terms are looked up pair by pair."""
    if not len(arcs):
        return []
    w = scoring.weights(config)
    # per arc, per component: {"value", "weight", "contribution"}, rounded column-wise
    names = scoring.COMPONENTS
    detail = np.array([arcs.detail[c] for c in names])
    weight = [w[c] for c in names]
    values = np.round(detail, 4).T.tolist()
    shares = np.round(np.array(weight)[:, None] * detail / config.weight_sum, 4).T.tolist()
    components = [{c: {"value": v, "weight": x, "contribution": y} for c, v, x, y in zip(names, vs, weight, ys)}
                  for vs, ys in zip(values, shares)]
    numbers = [np.round(arcs.detail[k], r).tolist() for k, r in (("cosine", 4), ("coverage", 4), ("distance_km", 2))]
    scores = np.round(arcs.scores, 4).tolist()
    # the matched terms of all arcs at once; then once per proposal, everything looked up
    # once outside the loop
    matches = index.terms.explain_pairs(arcs.rows, arcs.cols, prepared.terms, prepared.bags, MAX_TERMS)
    participants, needs, p_bags, n_bags = index.participants, prepared.needs, index.bags, prepared.bags
    taxonomy = index.analyzer.taxonomy
    p_occ, n_occ = index.occupations, prepared.occupations
    if p_occ is not None and n_occ is not None:
        p_kind, n_kind = p_occ.kind.tolist(), n_occ.kind.tolist()
    feedback, p_top, n_top = prepared.feedback, prepared.p_top, prepared.n_top
    occ_cache: dict[tuple[int, int], dict] = {}

    def concepts_of(bag: Bag) -> frozenset[str]:
        hit = bag.memo.get("concepts")
        if hit is None:  # a bag belongs to one analyzer, so to one taxonomy
            hit = bag.memo["concepts"] = frozenset(taxonomy.concepts(bag.weights))
        return hit

    out = []
    for row, col, comps, score, cosine, coverage, distance, (total_gain, found) in zip(
            arcs.rows.tolist(), arcs.cols.tolist(), components, scores, *numbers, matches):
        n_bag = n_bags[col]
        total_gain = total_gain or 1.0
        p_surface, n_surface = p_bags[row].surface, n_bag.surface
        matched = [{"participant": p_surface.get(u, u), "need": n_surface.get(v, v), "similarity": s,
                    "share": round(g / total_gain, 3)} for g, u, v, s in found]
        concepts = None
        if taxonomy is not None:
            concepts = sorted(concepts_of(p_bags[row]) & concepts_of(n_bag))
        occupation = None
        if p_occ is not None and n_occ is not None:
            key = (p_kind[row], n_kind[col])  # few distinct pairs of recognitions
            occupation = occ_cache.get(key)
            if occupation is None:
                occupation = occ_cache[key] = occupation_explanation(p_occ.found[row], n_occ.found[col])
        review = None
        if feedback:
            review = feedback.explain(participants[row].id, needs[col].id, p_top[row] if p_top else None,
                                      n_top[col] if n_top else None)
        out.append(explanation(
            participants[row], needs[col], components=comps, score=score, matched_terms=matched,
            distance_km=distance, semantic_cosine=cosine, term_coverage=coverage, concepts=concepts,
            occupation=occupation, review=review))
    return out


def match(participants: Iterable[Participant], needs: Iterable[Need], workplaces: Iterable[Workplace], *,
          encoder: Encoder, config: MatchConfig = MatchConfig(), blocked_pairs: Iterable[tuple[str, str]] = frozenset(),
          taxonomy=None, progress: Progress | None = None, index: ParticipantIndex | None = None,
          need_embeddings: np.ndarray | None = None, feedback: Feedback | None = None,
          frequency: DocumentFrequency | None = None) -> MatchResult:
    """Joint proposal for all participants and needs. `index` reuses a ParticipantIndex built from
    the same participants, encoder model and taxonomy (otherwise it is rebuilt); it keeps this
    run's need-side centring for score_need. `need_embeddings` (rows in need id order) skips
    encoding the needs. `progress(x)` is called with 0..1 at stage boundaries and per chunk.
    `feedback` (review.py) is what earlier rejections and declines taught. `frequency` (term_index.py):
    document frequencies kept over the whole corpus, read instead of counted over this run's texts."""
    with _gc_paused():
        return _match(participants, needs, workplaces, encoder, config, blocked_pairs, taxonomy, progress, index,
                      need_embeddings, feedback, frequency)


def _match(participants, needs, workplaces, encoder, config, blocked_pairs, taxonomy, progress, index,
           need_embeddings, feedback, frequency) -> MatchResult:
    report = progress or (lambda _x: None)
    t0 = time.perf_counter()
    report(0.0)
    ps = _unique_sorted(participants, "participant")
    if feedback:
        adjusted = tuple(feedback.adjust(ps))
        if index is not None and adjusted != ps and index.same_participants(ps):
            # the caller's index stays valid but for the rule columns the review changed
            index = replace(index, participants=adjusted, block=ParticipantBlock.build(adjusted, index.books))
        ps = adjusted
    ns = _unique_sorted(needs, "need")
    wps = list(workplaces)
    wp_map = {w.id: w for w in wps}
    blocked = frozenset((str(a), str(b)) for a, b in blocked_pairs)
    if (index is None or not index.same_participants(ps) or index.model_id != encoder.model_id
            or index.analyzer.taxonomy is not taxonomy or index.terms.frequency is not frequency):
        index = ParticipantIndex.build(ps, encoder=encoder, taxonomy=taxonomy, frequency=frequency,
                                       progress=lambda x: report(0.15 * x))
    config = _effective(config, index, feedback)
    report(0.15)
    # need-level rules shrink the problem (and what is encoded) before any pair is scored
    live = [j for j, n in enumerate(ns) if n.is_open and n.free_slots > 0
            and n.workplace_id in wp_map and wp_map[n.workplace_id].free_supervisor_capacity > 0]
    if need_embeddings is not None:
        need_embeddings = np.asarray(need_embeddings)[live]
    prepared = _prepare_needs(index, [ns[j] for j in live], wp_map, encoder, None, need_embeddings,
                              progress=lambda x: report(0.15 + 0.1 * x), feedback=feedback)
    if live:
        index.need_mean, index.need_damping = prepared.mean, prepared.terms.damping
    report(0.25)
    t_prepared = time.perf_counter()

    k = max(config.top_k, config.alternatives_per_participant + 1)
    blocked_arr = _blocked_arrays(index, prepared.needs, blocked)
    # participant-level rules shrink the problem before any pair is scored; chunks group
    # participants by place so each chunk can reach only some of the needs
    eligible = _by_place(index, np.nonzero(index.block.consent & ~index.block.placed)[0])
    parts, n_feasible = [], 0
    fit = (np.full(len(ps), -1.0), np.zeros(len(ps), bool))  # each chunk writes its own rows
    spans = _chunks(eligible, len(prepared.needs), config) if len(prepared.needs) else []

    def score(rows: np.ndarray) -> tuple[Arcs, int]:
        arcs, feasible_count = _score_chunk(index, prepared, rows, blocked_arr, config, fit)
        return top_k(arcs, k), feasible_count

    n_threads = threads.available(config.threads)
    for i, (arcs, feasible_count) in enumerate(threads.ordered_map(score, spans, n_threads)):
        n_feasible += feasible_count
        parts.append(arcs)
        report(0.25 + 0.55 * (i + 1) / len(spans))
    arcs = Arcs.concat(parts)
    # by participant again: a row's arcs all come from one chunk, already best first, so a
    # stable sort on the row alone keeps that order (much cheaper than a 3-key lexsort)
    arcs = arcs.take(np.argsort(arcs.rows, kind="stable"))
    t_scored = time.perf_counter()

    nb = prepared.block
    wp_index = {w: i for i, w in enumerate(sorted(set(nb.workplace_ids)))}
    need_wp = np.array([wp_index[w] for w in nb.workplace_ids], dtype=np.int64)
    wp_cap = np.array([wp_map[w].free_supervisor_capacity if w in wp_map else 0 for w in sorted(wp_index)],
                      dtype=np.int64)
    # the joint assignment never pushes a participant into a need clearly less relevant than
    # their best one: they rather stay unassigned, and see their options as alternatives
    best = np.zeros(len(ps))
    np.maximum.at(best, arcs.rows, arcs.relevance)
    assignable = np.nonzero(arcs.relevance >= config.assignment_relative_relevance * best[arcs.rows])[0]
    assigned = assignable[solve(arcs.take(assignable), nb.free_slots, need_wp, wp_cap, config.cost_scale)]
    alt_idx, alt_rank = alternatives(arcs, assigned, config.alternatives_per_participant)
    report(0.85)
    t_solved = time.perf_counter()

    # by participant: the assignment first, then the alternatives by rank
    chosen = np.concatenate([assigned, alt_idx])
    is_alt = np.arange(len(chosen)) >= len(assigned)
    rank = np.concatenate([np.ones(len(assigned), np.int64), alt_rank])
    order = np.lexsort((rank, is_alt, arcs.rows[chosen]))
    picked = arcs.take(chosen[order])
    # the reasons of the unmatched are array work: they run beside the explanations (plain Python)
    unmatched_of = threads.beside(lambda: _unmatched(index, prepared, blocked_arr, picked.rows, config, fit),
                                  n_threads)
    explanations = _explanations(index, prepared, picked, config)
    unmatched = unmatched_of()
    proposals = tuple(
        Proposal(ps[row].id, prepared.needs[col].id, ALTERNATIVE if alt else ASSIGNMENT, r, score, expl)
        for row, col, alt, r, score, expl in zip(
            picked.rows.tolist(), picked.cols.tolist(), is_alt[order].tolist(), rank[order].tolist(),
            picked.scores.tolist(), explanations))
    report(0.95)
    t_explained = time.perf_counter()
    result = MatchResult(proposals, {})
    if config.self_check:
        errors = validate(result, ps, ns, wps, config, blocked)
        if errors:
            raise EngineError(f"{len(errors)} invalid proposals, first: {errors[0]}")
    t_done = time.perf_counter()
    stats = {
        "participants": len(ps), "needs": len(ns), "feasible_pairs": n_feasible, "arcs": len(arcs),
        "assignments": len(assigned), "alternatives": len(alt_idx), "model_id": index.model_id,
        "seconds": {"prepare": t_prepared - t0, "score": t_scored - t_prepared, "solve": t_solved - t_scored,
                    "explain": t_explained - t_solved, "validate": t_done - t_explained, "total": t_done - t0},
    }
    stats["unmatched"] = len(unmatched)
    report(1.0)
    return MatchResult(proposals, stats, unmatched)


def score_need(need: Need, participants: ParticipantIndex | Iterable[Participant], *,
               workplaces: Iterable[Workplace], encoder: Encoder, config: MatchConfig = MatchConfig(),
               blocked_pairs: Iterable[tuple[str, str]] = frozenset(), taxonomy=None,
               limit: int | None = None) -> tuple[Candidate, ...]:
    """The feasible participants for one (new) need, best first (at most `limit`, default
    config.top_k). Pass the ParticipantIndex of the latest match() to reuse its participant
    embeddings and scale: adding a need then encodes and scores only that need."""
    index = participants if isinstance(participants, ParticipantIndex) else ParticipantIndex.build(
        participants, encoder=encoder, taxonomy=taxonomy)
    wp_map = {w.id: w for w in workplaces}
    config = _effective(config, index)
    mean = index.need_mean
    if mean is None:
        mean = _mean(index.embeddings)  # no run yet: the participant mean is the best reference
    prepared = _prepare_needs(index, (need,), wp_map, encoder, mean, damping=index.need_damping or {})
    blocked = _blocked_arrays(index, (need,), blocked_pairs)
    eligible = np.nonzero(index.block.consent & ~index.block.placed)[0]
    parts = [_score_chunk(index, prepared, rows, blocked, config)[0] for rows in _chunks(eligible, 1, config)]
    arcs = Arcs.concat(parts)
    ids = np.array([index.participants[r].id for r in arcs.rows.tolist()], dtype=object)
    order = np.lexsort((ids, -arcs.scores))[: (limit if limit is not None else config.top_k)] if len(arcs) else []
    arcs = arcs.take(np.asarray(order, dtype=np.int64))
    explanations = _explanations(index, prepared, arcs, config)
    return tuple(Candidate(index.participants[row].id, need.id, score, expl)
                 for row, score, expl in zip(arcs.rows.tolist(), arcs.scores.tolist(), explanations))
