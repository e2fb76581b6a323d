"""Match runs, their proposals with status history, and the embedding cache."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (BigInteger, CheckConstraint, Float, ForeignKey, Index, Integer, LargeBinary, Numeric, String,
                        Text, UniqueConstraint, select)
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, CreatedMixin, IdMixin, utcnow
from vta.sealed import Sealed, SealedJSON, owner_by
from vta.vocabulary import PROPOSAL_KINDS, PROPOSAL_STATUSES, RUN_STATUSES


class MatchRun(IdMixin, CreatedMixin, Base):
    __tablename__ = "match_runs"
    __table_args__ = (CheckConstraint(RUN_STATUSES.sql_in("status"), name="status_known"),)
    association_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associations.id"), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    proposal_count: Mapped[int] = mapped_column(Integer, default=0)
    # The request as given (need_ids, participant_ids, alternatives_per_participant).
    params: Mapped[dict] = mapped_column(default=dict)
    # Weights, model id and solver version actually used, for reproducibility.
    model_versions: Mapped[dict] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    enqueued_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Proposal(IdMixin, CreatedMixin, Base):
    __tablename__ = "proposals"
    __sealed_owner__ = "participant_id"  # the explanation quotes the person's words
    __table_args__ = (UniqueConstraint("run_id", "participant_id", "need_id"),
                      CheckConstraint(PROPOSAL_STATUSES.sql_in("status"), name="status_known"),
                      CheckConstraint(PROPOSAL_KINDS.sql_in("kind"), name="kind_known"),
                      # a run's proposals are read a page at a time in this order (vta.services.runs)
                      Index("ix_proposals_run_page", "run_id", "participant_id", "kind", "rank", "id"))
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    need_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("needs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    explanation: Mapped[dict] = mapped_column(SealedJSON(dict), default=dict)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    reason_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    comment: Mapped[str | None] = mapped_column(Sealed(), nullable=True)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)


class UnmatchedParticipant(IdMixin, CreatedMixin, Base):
    """A participant a run gave no proposal, and why (matching/unmatched.py): no free text, only
    the reason, rule names, counts and the sentence built from them."""

    __tablename__ = "unmatched_participants"
    __table_args__ = (UniqueConstraint("run_id", "participant_id"),)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"))
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict] = mapped_column(default=dict)


class ProposalEvent(IdMixin, Base):
    """Status history of a proposal: every decision with who, when and why."""

    __tablename__ = "proposal_events"
    __sealed_owner__ = owner_by(lambda e: select(Proposal.participant_id).where(Proposal.id == e.proposal_id))
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    comment: Mapped[str | None] = mapped_column(Sealed(), nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Embedding(Base):
    """Vectors cached by (model id, text hash); owner_id lets erasure find a person's vectors."""

    __tablename__ = "embeddings"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, index=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TermDocument(Base):
    """The terms of one profile or published need, as keyed hashes (employers/term_counts.py):
    what an edit or erasure takes back from the counts. Gone when the person is erased or the need
    closed."""
    __tablename__ = "term_documents"
    __table_args__ = (CheckConstraint("kind IN ('participant', 'need')", name="kind_known"),)
    doc_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    association_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("associations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    terms: Mapped[list] = mapped_column(default=list)  # signed 64-bit term hashes


class TermCount(Base):
    """Document frequency: in how many of an association's profiles or published needs a term
    (a keyed hash, never the word) appears. Rows at 0 are deleted."""
    __tablename__ = "term_counts"
    association_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    term: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer)
