"""The score of a feasible pair: a weighted sum of components, each in [0, 1].

- semantic: cosine of the two texts' embeddings after centring each side on its mean (removes
  what all profiles / all needs share, which for a small model on Swedish is most of the cosine),
  mapped from [semantic_floor, semantic_ceiling] to [0, 1];
- terms: Swedish term coverage (terms.py), mapped from [0, terms_ceiling] to [0, 1];
- adaptations: share of the participant's preferred (not required) adaptations the need offers;
  1 when there are none, so having preferences never lowers a score by itself;
- distance: 1 at the workplace door, 0 at the participant's max travel distance;
- continuity: 1 when the participant's coordinator also owns the employer relationship;
- occupation: how far the recognised occupation groups agree (occupations.py): 1 for the same
  group, 0.5 for the same field, 0 otherwise (weighted by how each side's guesses spread);
- review: 1, lowered where a coordinator's rejection or an employer's decline taught that the
  pair's occupation group does not suit (review.py).

The total is divided by the sum of weights, so it stays in [0, 1] for any weights. Relevance is
the same over semantic and terms only: a pair must be relevant by content, not only near.
"""
from __future__ import annotations

import numpy as np

from matching.model import MatchConfig

COMPONENTS = ("semantic", "terms", "adaptations", "distance", "continuity", "occupation", "review")
RELEVANCE = ("semantic", "terms", "occupation")  # the components that say the work fits
FIELD_VALUE = 0.5  # the occupation value of the same field in another group
UNKNOWN_VALUE = 0.25  # ...and of a pair where one side names no occupation we recognise


def weights(config: MatchConfig) -> dict[str, float]:
    return {"semantic": config.w_semantic, "terms": config.w_terms, "adaptations": config.w_adaptations,
            "distance": config.w_distance, "continuity": config.w_continuity, "occupation": config.w_occupation,
            "review": config.w_review}


def _clip01(x):
    # plain floats stay plain (explanations score one pair at a time); arrays stay arrays
    return min(1.0, max(0.0, x)) if isinstance(x, float) else np.clip(x, 0.0, 1.0)


def semantic_value(cosine, config: MatchConfig):
    return _clip01((cosine - config.semantic_floor) / (config.semantic_ceiling - config.semantic_floor))


def terms_value(coverage, config: MatchConfig):
    return _clip01(coverage / config.terms_ceiling)


def adaptations_value(preferred: frozenset[str], offered: frozenset[str]) -> float:
    return len(preferred & offered) / len(preferred) if preferred else 1.0


def distance_value(distance_km, max_km):
    if isinstance(distance_km, float):
        return _clip01(1.0 - distance_km / max(float(max_km), 1e-9))
    return _clip01(1.0 - distance_km / np.maximum(max_km, 1e-9))


def continuity_value(participant_coordinator: str | None, need_coordinator: str | None) -> float:
    return float(participant_coordinator is not None and participant_coordinator == need_coordinator)


def total(values: dict, config: MatchConfig):
    """Weighted mean of the components (other keys in `values` are ignored)."""
    w = weights(config)
    return sum(w[c] * values[c] for c in COMPONENTS) / config.weight_sum


def occupation_value(same_group, same_field, certainty=1.0):
    """From the overlap of the two sides' group and field distributions (each in [0, 1]), blended
    towards UNKNOWN_VALUE as far as the recognition is uncertain: a profile that names no
    occupation is neither like nor unlike any need."""
    agreement = same_group + FIELD_VALUE * np.maximum(0.0, np.subtract(same_field, same_group))
    value = _clip01(certainty * agreement + (1.0 - np.asarray(certainty)) * UNKNOWN_VALUE)
    return float(value) if np.ndim(value) == 0 else value


def relevance(semantic, terms, config: MatchConfig, occupation=0.0, certainty=1.0):
    """How well the work fits, from content alone. The occupation counts as far as both sides were
    recognised (`certainty`, as in occupation_value): an unrecognised side is no evidence either
    way, so its pairs are judged by semantic and terms alone, as without a taxonomy (the score's
    neutral UNKNOWN_VALUE would otherwise lift every unrelated pair over the minimum)."""
    w_occupation = config.w_occupation * np.asarray(certainty, dtype=float)
    denom = config.w_semantic + config.w_terms + w_occupation
    evidence = np.subtract(occupation, (1.0 - np.asarray(certainty, dtype=float)) * UNKNOWN_VALUE)
    out = np.divide(config.w_semantic * semantic + config.w_terms * terms + config.w_occupation * evidence,
                    denom, out=np.ones_like(np.asarray(denom + semantic, dtype=float)), where=denom > 0)
    return float(out) if np.ndim(out) == 0 else out


def cell_values(chunk, r: np.ndarray, c: np.ndarray, cosine: np.ndarray, coverage: np.ndarray,
                config: MatchConfig, occupation: np.ndarray | None = None,
                review: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Component values of chosen (chunk row, need column) cells, as 1-D float64 arrays."""
    pref, off = chunk.bits("preferred", "offered")
    met = np.zeros(len(r), dtype=np.int64)
    for w in range(pref.shape[1]):
        met += np.bitwise_count(pref[r, w] & off[c, w])
    count = chunk.pb.preferred_count[chunk.rows[r]]
    pc = chunk.pb.coordinator[chunk.rows[r]]
    distance_km = chunk.distance_at(r, c)
    return {
        "semantic": semantic_value(cosine.astype(np.float64), config),  # float64 from here on
        "terms": terms_value(coverage, config),
        "adaptations": np.where(count > 0, met / np.maximum(count, 1), 1.0),
        "distance": distance_value(distance_km, chunk.pb.max_km[chunk.rows[r]]),
        "continuity": ((pc == chunk.nb.coordinator[c]) & (pc >= 0)).astype(np.float64),
        "occupation": np.zeros(len(r)) if occupation is None else occupation,
        "review": np.ones(len(r)) if review is None else review,
        "distance_km": distance_km,  # not a component: carried for the explanation
    }
