"""The contract's vocabularies (the product may add values; these must exist)."""
from __future__ import annotations

from functools import lru_cache

PLACEMENT_TYPES = ("work_training", "work_practice", "subsidised_employment", "employment")
SECTORS = ("private", "public", "nonprofit")
SWEDISH_LEVELS = ("none", "basic", "good", "fluent")
CONTRACT_TAGS = ("reduced_hours", "flexible_start", "quiet_environment", "no_heavy_lifting", "written_instructions",
                 "mentor_supervisor", "language_support", "accessible_premises", "near_public_transport",
                 "frequent_breaks", "no_customer_contact", "step_up_hours")


@lru_cache(maxsize=1)
def adaptation_tags() -> frozenset[str]:
    from vta import reference

    return frozenset(CONTRACT_TAGS) | reference.tag_codes()


@lru_cache(maxsize=1)
def work_level_tags() -> frozenset[str]:
    """Tags that may be shown to an employer (with consent): workplace actions, no health wording."""
    from vta import reference

    return reference.work_level_codes()
