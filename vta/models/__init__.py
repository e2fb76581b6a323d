"""Every table, imported in one place so Alembic and the app see the whole metadata."""
from employers.models import (CsrAgreement, Employer, EmployerContact, Interaction, Need, NeedTask,
                              Supervisor, Workplace)
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

__all__ = [
    "AdaptationNeed", "ApiToken", "Association", "AuditEvent", "BipAssessment",
    "Checkpoint", "CheckpointEntry", "Consent", "CsrAgreement", "DeviationReport", "Disclosure", "Embedding", "Employer",
    "EmployerContact", "EmployerExclusion", "Interaction", "LoginThrottle", "MatchRun", "Need", "NeedTask",
    "Notification", "Participant", "ParticipantLanguage", "Placement", "Proposal", "ProposalEvent",
    "ReferenceItem", "Supervisor", "SupportDecision", "TaxonomyConcept", "TermCount", "TermDocument",
    "UnmatchedParticipant", "User", "WebSession",
    "Workplace",
]
