"""Participants and needs as column arrays, for the vectorised constraint and score paths."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from haversine import haversine

from matching.model import LANGUAGE_SUPPORT, SWEDISH_LEVELS, Need, Participant, Workplace

# the great-circle radius the haversine package uses, read from it so both paths agree
EARTH_RADIUS_KM = haversine((0.0, 0.0), (0.0, 180.0)) / math.pi
UNKNOWN_LEVEL_HAVE = -1  # an unknown participant level satisfies nothing
UNKNOWN_LEVEL_NEED = len(SWEDISH_LEVELS)  # an unknown requirement is met by nobody


def level_have(level: str) -> int:
    return SWEDISH_LEVELS.index(level) if level in SWEDISH_LEVELS else UNKNOWN_LEVEL_HAVE


def level_need(level: str) -> int:
    return SWEDISH_LEVELS.index(level) if level in SWEDISH_LEVELS else UNKNOWN_LEVEL_NEED


class Codebook:
    """Grows a stable name -> index map; sets become multi-word uint64 bit rows."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def encode(self, sets: Sequence[Iterable[str]]) -> np.ndarray:
        # bit positions follow first sight (set iteration order may vary between processes);
        # only the set semantics reach results, never the positions
        index = self.index
        masks = []
        for s in sets:
            m = 0
            for name in s:
                i = index.get(name)
                if i is None:
                    i = index[name] = len(index)
                m |= 1 << i
            masks.append(m)
        words = max(1, -(-len(index) // 64))
        out = np.zeros((len(masks), words), dtype=np.uint64)
        for w in range(words):
            out[:, w] = np.array([(m >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for m in masks], dtype=np.uint64)
        return out


def small_ints(values: Iterable[int]) -> np.ndarray:
    """int16 when every value fits, else int64: the rules compare these for every cell of a chunk,
    and a narrow type makes that several times faster."""
    out = np.array(list(values), dtype=np.int64)
    info = np.iinfo(np.int16)
    fits = out.size == 0 or (info.min <= out.min() and out.max() <= info.max)
    return out.astype(np.int16) if fits else out


def pad_words(bits: np.ndarray, words: int) -> np.ndarray:
    return bits if bits.shape[1] == words else np.pad(bits, ((0, 0), (0, words - bits.shape[1])))


def unit_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def distances_km(p_xyz: np.ndarray, n_xyz: np.ndarray) -> np.ndarray:
    """Great-circle distances (rows x cols), float64. Same sphere as haversine(); agrees with it to
    well under a metre (checked in tests)."""
    return EARTH_RADIUS_KM * np.arccos(np.clip(p_xyz @ n_xyz.T, -1.0, 1.0))


@dataclass(frozen=True)
class Codebooks:
    tags: Codebook = field(default_factory=Codebook)
    types: Codebook = field(default_factory=Codebook)
    coordinators: dict[str, int] = field(default_factory=dict)

    def coordinator(self, cid: str | None) -> int:
        return -1 if cid is None else self.coordinators.setdefault(cid, len(self.coordinators))


@dataclass(frozen=True)
class ParticipantBlock:
    ids: tuple[str, ...]
    xyz: np.ndarray
    max_km: np.ndarray
    hours_max: np.ndarray
    types: np.ndarray
    required: np.ndarray
    preferred: np.ndarray
    preferred_count: np.ndarray
    level: np.ndarray
    licence: np.ndarray
    consent: np.ndarray
    placed: np.ndarray
    coordinator: np.ndarray
    excluded: tuple[frozenset[str], ...]
    has_exclusions: np.ndarray

    @classmethod
    def build(cls, participants: Sequence[Participant], books: Codebooks) -> ParticipantBlock:
        ps = participants
        req = [p.required_tags for p in ps]
        pref = [p.preferred_tags for p in ps]
        tag_bits = books.tags.encode(req + pref)
        return cls(
            ids=tuple(p.id for p in ps),
            xyz=unit_xyz(np.array([p.latitude for p in ps], float), np.array([p.longitude for p in ps], float)),
            max_km=np.array([p.max_travel_km for p in ps], float),
            hours_max=small_ints(p.hours_max for p in ps),
            types=books.types.encode([p.placement_types for p in ps]),
            required=tag_bits[: len(ps)],
            preferred=tag_bits[len(ps):],
            preferred_count=np.array([len(s) for s in pref], np.int64),
            level=np.array([level_have(p.swedish_level) for p in ps], np.int8),  # -1..3
            licence=np.array([p.driving_licence for p in ps], bool),
            consent=np.array([p.has_consent for p in ps], bool),
            placed=np.array([p.in_active_placement for p in ps], bool),
            coordinator=np.array([books.coordinator(p.coordinator_id) for p in ps], np.int64),
            excluded=tuple(p.excluded_employer_ids for p in ps),
            has_exclusions=np.array([bool(p.excluded_employer_ids) for p in ps], bool),
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class NeedBlock:
    ids: tuple[str, ...]
    employer_ids: tuple[str, ...]
    workplace_ids: tuple[str, ...]
    xyz: np.ndarray
    hours_min: np.ndarray
    types: np.ndarray
    offered: np.ndarray
    level_required: np.ndarray
    language_support: np.ndarray
    licence_required: np.ndarray
    is_open: np.ndarray
    free_slots: np.ndarray
    supervisor_capacity: np.ndarray  # free capacity of the need's workplace; 0 when unknown
    coordinator: np.ndarray

    @classmethod
    def build(cls, needs: Sequence[Need], workplaces: Mapping[str, Workplace], books: Codebooks) -> NeedBlock:
        ns = needs
        return cls(
            ids=tuple(n.id for n in ns),
            employer_ids=tuple(n.employer_id for n in ns),
            workplace_ids=tuple(n.workplace_id for n in ns),
            xyz=unit_xyz(np.array([n.latitude for n in ns], float), np.array([n.longitude for n in ns], float)),
            hours_min=small_ints(n.hours_min for n in ns),
            types=books.types.encode([n.placement_types for n in ns]),
            offered=books.tags.encode([n.adaptations_offered for n in ns]),
            level_required=np.array([level_need(n.swedish_level_required) for n in ns], np.int8),  # 0..4
            language_support=np.array([LANGUAGE_SUPPORT in n.adaptations_offered for n in ns], bool),
            licence_required=np.array([n.driving_licence_required for n in ns], bool),
            is_open=np.array([n.is_open for n in ns], bool),
            free_slots=np.array([n.free_slots for n in ns], np.int64),
            supervisor_capacity=np.array(
                [workplaces[n.workplace_id].free_supervisor_capacity if n.workplace_id in workplaces else 0
                 for n in ns], np.int64),
            coordinator=np.array([books.coordinator(n.coordinator_id) for n in ns], np.int64),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def employer_columns(self) -> dict[str, np.ndarray]:
        cols: dict[str, list[int]] = {}
        for j, e in enumerate(self.employer_ids):
            cols.setdefault(e, []).append(j)
        return {e: np.array(c, dtype=np.int64) for e, c in cols.items()}


class Chunk:
    """Some participant rows (an index array) against all needs; shared, lazily computed arrays."""

    def __init__(self, pb: ParticipantBlock, rows: np.ndarray, nb: NeedBlock,
                 blocked: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.pb, self.nb = pb, nb
        self.rows = np.asarray(rows, dtype=np.int64)
        # (participant rows sorted, need columns) of pairs rejected before
        self.blocked = blocked if blocked is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        self._dot: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.rows)

    def col(self, name: str) -> np.ndarray:
        """A participant attribute for the chunk rows, shaped (rows, 1) to broadcast against needs."""
        return getattr(self.pb, name)[self.rows][:, None]

    @property
    def dot(self) -> np.ndarray:
        """Cosines of the central angles between participants and workplaces (float64)."""
        if self._dot is None:
            self._dot = self.pb.xyz[self.rows] @ self.nb.xyz.T
        return self._dot

    def distance_at(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Great-circle km for chosen (chunk row, need column) cells; same formula as distances_km."""
        return EARTH_RADIUS_KM * np.arccos(np.clip(self.dot[r, c], -1.0, 1.0))

    def bits(self, p_name: str, n_name: str) -> tuple[np.ndarray, np.ndarray]:
        """Participant (chunk rows) and need bit rows of one codebook, same word count; one word
        is narrowed to the smallest unsigned type that holds it (less memory traffic per cell)."""
        p, n = getattr(self.pb, p_name)[self.rows], getattr(self.nb, n_name)
        words = max(p.shape[1], n.shape[1])
        p, n = pad_words(p, words), pad_words(n, words)
        if words == 1:
            top = int(max(p.max(initial=0), n.max(initial=0)))
            for dtype in (np.uint8, np.uint16, np.uint32):
                if top <= np.iinfo(dtype).max:
                    return p.astype(dtype), n.astype(dtype)
        return p, n
