"""A proposal's explanation, in words a coordinator can follow (JSON-serialisable)."""
from __future__ import annotations

from matching.constraints import RULE_NAMES
from matching.model import LANGUAGE_SUPPORT, Need, Participant

MAX_TERMS = 8


def explanation(p: Participant, n: Need, *, components: dict[str, dict], score: float,
                matched_terms: list[dict], distance_km: float, semantic_cosine: float,
                term_coverage: float, concepts: list[str] | None = None, occupation: dict | None = None,
                review: list[dict] | None = None) -> dict:
    """`components`: name -> {"value", "weight", "contribution"} (weighted share of the score)."""
    offered = n.adaptations_offered
    preferred = p.preferred_tags
    out = {
        "score": score,
        "components": components,
        "semantic_cosine": semantic_cosine,
        "term_coverage": term_coverage,
        "matched_terms": matched_terms[:MAX_TERMS],
        "adaptations": {
            "required_met": sorted(p.required_tags),  # all of them, or the pair would be infeasible
            "preferred_met": sorted(preferred & offered) if preferred else [],
            "preferred_unmet": sorted(preferred - offered) if preferred else [],
            "language_support": LANGUAGE_SUPPORT in offered,
        },
        "distance_km": distance_km,
        "max_travel_km": float(p.max_travel_km),
        "same_coordinator": p.coordinator_id is not None and p.coordinator_id == n.coordinator_id,
        "constraints_checked": list(RULE_NAMES),
    }
    if concepts is not None:
        out["shared_concepts"] = concepts
    if occupation is not None:
        out["occupation"] = occupation
    if review:
        out["review"] = review  # what earlier rejections and declines changed for this pair
    return out


def occupation_explanation(participant: tuple, need: tuple) -> dict:
    """The occupation groups recognised on each side (Recognised, best first) and how they relate."""
    p_groups, n_groups = {r.ssyk for r in participant}, {r.ssyk for r in need}
    p_fields, n_fields = {r.field for r in participant}, {r.field for r in need}
    relation = ("unknown" if not participant or not need else "same_group" if p_groups & n_groups
                else "same_field" if p_fields & n_fields else "none")
    return {"participant": [r.as_dict() for r in participant], "need": [r.as_dict() for r in need],
            "relation": relation}
