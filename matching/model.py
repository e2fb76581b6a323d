"""Plain data the engine takes and gives: frozen, hashable, no behaviour beyond light checks."""
from __future__ import annotations

from dataclasses import dataclass, field

SWEDISH_LEVELS = ("none", "basic", "good", "fluent")  # ordered, lowest first
LANGUAGE_SUPPORT = "language_support"  # an offered adaptation that waives the Swedish level
ASSIGNMENT = "assignment"
ALTERNATIVE = "alternative"


@dataclass(frozen=True, slots=True)
class Task:
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class AdaptationNeed:
    tag: str
    required: bool


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    latitude: float
    longitude: float
    max_travel_km: float
    hours_max: int
    placement_types: frozenset[str]
    goals: str
    interests: str
    experience: str
    skills: tuple[str, ...]
    swedish_level: str
    driving_licence: bool
    adaptation_needs: tuple[AdaptationNeed, ...] = ()
    excluded_employer_ids: frozenset[str] = frozenset()
    has_consent: bool = True  # active share_with_employers consent
    in_active_placement: bool = False
    coordinator_id: str | None = None
    # derived once (rules and explanations read them for every pair); a tag listed both ways
    # counts as required only
    required_tags: frozenset[str] = field(init=False, repr=False, compare=False)
    preferred_tags: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        required = frozenset(a.tag for a in self.adaptation_needs if a.required)
        object.__setattr__(self, "required_tags", required)
        object.__setattr__(self, "preferred_tags",
                           frozenset(a.tag for a in self.adaptation_needs if not a.required) - required)


@dataclass(frozen=True, slots=True)
class Need:
    id: str
    employer_id: str
    workplace_id: str
    latitude: float
    longitude: float
    title: str
    description: str
    tasks: tuple[Task, ...]
    free_slots: int
    hours_min: int
    hours_max: int
    placement_types: frozenset[str]
    adaptations_offered: frozenset[str]
    skills: tuple[str, ...]
    swedish_level_required: str
    driving_licence_required: bool
    is_open: bool = True
    coordinator_id: str | None = None  # the coordinator who owns the employer relationship


@dataclass(frozen=True, slots=True)
class Workplace:
    id: str
    free_supervisor_capacity: int


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights and thresholds. Component values are all in [0, 1]; the score is their weighted
    sum divided by the sum of weights, so it is in [0, 1] whatever the weights."""

    # the default English model reads Swedish poorly: Swedish term evidence carries the most
    # (a Swedish or multilingual model deserves a larger w_semantic)
    w_semantic: float = 0.1
    w_terms: float = 0.55
    w_adaptations: float = 0.08
    w_distance: float = 0.1
    w_continuity: float = 0.07
    # same recognised occupation group (1) > same field (0.5) > none; only with a taxonomy that
    # knows the occupation hierarchy (otherwise its weight is 0)
    w_occupation: float = 0.2
    # what review taught (review.py): 1 unless a rejection or decline lowered the pair's group;
    # only when there is something learnt (otherwise its weight is 0)
    w_review: float = 0.15
    min_score: float = 0.1
    # relevance (semantic and terms alone, weighted) below which a pair is not proposed even if
    # distance or continuity lift its score: a near employer is no reason for an unrelated job
    min_relevance: float = 0.08
    # an assignment needs at least this share of the participant's best relevance (alternatives
    # do not): better no assignment than one far from what fits the person
    assignment_relative_relevance: float = 0.75
    top_k: int = 20
    alternatives_per_participant: int = 3
    # centred cosine at which the semantic component is 0 and 1
    semantic_floor: float = 0.0
    semantic_ceiling: float = 0.4
    terms_ceiling: float = 0.3  # term coverage at which the terms component is 1
    chunk_elements: int = 1 << 21  # participant x need cells scored at once, per thread (bounds memory)
    threads: int = 0  # chunks scored side by side (threads.py); 0: one per available core, 1: none
    cost_scale: int = 1_000_000  # score -> integer flow cost
    self_check: bool = True  # re-check every proposal with validate() before returning

    def __post_init__(self) -> None:
        weights = (self.w_semantic, self.w_terms, self.w_adaptations, self.w_distance, self.w_continuity,
                   self.w_occupation, self.w_review)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")
        if self.top_k < 1 or self.alternatives_per_participant < 0:
            raise ValueError("top_k must be >= 1 and alternatives_per_participant >= 0")
        if self.terms_ceiling <= 0 or self.chunk_elements < 1 or self.cost_scale < 1:
            raise ValueError("terms_ceiling, chunk_elements and cost_scale must be positive")
        if self.threads < 0:
            raise ValueError("threads must be >= 0")
        if not self.semantic_floor < self.semantic_ceiling:
            raise ValueError("semantic_floor must be below semantic_ceiling")

    @property
    def weight_sum(self) -> float:
        return (self.w_semantic + self.w_terms + self.w_adaptations + self.w_distance + self.w_continuity
                + self.w_occupation + self.w_review)


@dataclass(frozen=True, slots=True)
class Proposal:
    participant_id: str
    need_id: str
    kind: str  # ASSIGNMENT | ALTERNATIVE
    rank: int  # 1 = best within (participant, kind)
    score: float
    explanation: dict = field(hash=False)  # JSON-serialisable


@dataclass(frozen=True, slots=True)
class Candidate:
    """A feasible participant for one need (score_need), best first."""

    participant_id: str
    need_id: str
    score: float
    explanation: dict = field(hash=False)


@dataclass(frozen=True, slots=True)
class MatchResult:
    proposals: tuple[Proposal, ...]
    stats: dict = field(hash=False, compare=False)  # timings differ run to run
    # participants without any proposal and why (unmatched.py), JSON-serialisable
    unmatched: tuple[dict, ...] = field(default=(), hash=False)

    def assignments(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if p.kind == ASSIGNMENT)

    def alternatives(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if p.kind == ALTERNATIVE)
