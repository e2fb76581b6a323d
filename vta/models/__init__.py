"""The core's tables in one place. The employer side's tables live in `employers.models`, which
sits above the core and imports it; Alembic imports both to see the whole metadata."""
from vta.db import Base
from vta.models.accounts import ApiToken, Association, LoginThrottle, User
from vta.models.matching import (Embedding, MatchRun, Proposal, ProposalEvent, TermCount, TermDocument,
                                 UnmatchedParticipant)
from vta.models.participants import (AdaptationNeed, Consent, EmployerExclusion,
                                     Participant, ParticipantLanguage)
from vta.models.placements import Checkpoint, CheckpointEntry, DeviationReport, Placement, SupportDecision
from vta.models.progression import BipAssessment
from vta.models.records import AuditEvent, Disclosure, Notification
from vta.models.reference import ReferenceItem, TaxonomyConcept
from vta.models.web import WebSession
from vta.sealed import install as _install_sealing

_install_sealing(Base)

__all__ = [
    "AdaptationNeed", "ApiToken", "Association", "AuditEvent", "BipAssessment",
    "Checkpoint", "CheckpointEntry", "Consent", "DeviationReport", "Disclosure", "Embedding",
    "EmployerExclusion", "LoginThrottle", "MatchRun",
    "Notification", "Participant", "ParticipantLanguage", "Placement", "Proposal", "ProposalEvent",
    "ReferenceItem", "SupportDecision", "TaxonomyConcept", "TermCount", "TermDocument", "UnmatchedParticipant",
    "User", "WebSession",
]
