"""The workplace is within the participant's travel distance (great circle, haversine)."""
from __future__ import annotations

import numpy as np
from haversine import haversine, haversine_vector

from matching.features import EARTH_RADIUS_KM

NAME = "within_travel_distance"
# the vectorised path compares angle cosines instead of computing each distance: the same
# great circle by another formula, so it keeps a millimetre on the safe side and never admits
# a pair the scalar check refuses
TOLERANCE_KM = 1e-6


def distance_km(p, n) -> float:
    return haversine((p.latitude, p.longitude), (n.latitude, n.longitude))


def pair_distances_km(pairs) -> dict[tuple[str, str], float]:
    """distance_km of many (participant, need) pairs at once, by (participant id, need id)."""
    pairs = list(pairs)
    if not pairs:
        return {}
    km = haversine_vector([(p.latitude, p.longitude) for p, _ in pairs],
                          [(n.latitude, n.longitude) for _, n in pairs]).tolist()
    return {(p.id, n.id): d for (p, n), d in zip(pairs, km)}


def check(p, n, ctx) -> bool:
    d = ctx.distances.get((p.id, n.id))
    return (distance_km(p, n) if d is None else d) <= p.max_travel_km


def mask(chunk) -> np.ndarray:
    # d <= max  <=>  angle <= max / R  <=>  cos(angle) >= cos(max / R)  (angles in [0, pi])
    limit = np.clip((chunk.col("max_km") - TOLERANCE_KM) / EARTH_RADIUS_KM, 0.0, np.pi)
    ok = chunk.dot >= np.cos(limit)
    return ok & (chunk.col("max_km") - TOLERANCE_KM >= 0)
