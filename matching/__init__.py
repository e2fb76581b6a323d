"""Pure matching engine: plain data in, plain data out (no web, database or queue imports).

    index = ParticipantIndex.build(participants, encoder=enc, taxonomy=tax)   # optional, reusable
    result = match(participants, needs, workplaces, encoder=enc, blocked_pairs=rejected, index=index)
    problems = validate(result, participants, needs, workplaces, config, rejected)   # [] = valid
    cands = score_need(new_need, index, workplaces=workplaces, encoder=enc)        # one need only

Pipeline (engine.py): texts (text.py) -> embeddings (encoder.py, cached by model and text hash)
and Swedish terms (terms.py, term_index.py, optional taxonomy.py) -> hard rules (constraints/)
-> scores (scoring.py) -> top-k arcs (candidates.py) -> min-cost flow (solver.py) ->
alternatives (alternatives.py) -> explanations (explain.py) -> independent check (validate.py).
"""
from matching.constraints import RULE_NAMES, Context, feasible
from matching.encoder import (
    CachedEncoder,
    Encoder,
    HashingEncoder,
    InMemoryVectorStore,
    SentenceTransformerEncoder,
    VectorStore,
    default_encoder,
)
from matching.engine import EngineError, ParticipantIndex, match, score_need
from matching.model import SWEDISH_LEVELS, AdaptationNeed, Candidate, MatchConfig, MatchResult, Need, Participant, \
    Proposal, Task, Workplace
from matching.taxonomy import Taxonomy
from matching.term_index import DocumentFrequency, term_key
from matching.validate import validate

__all__ = [
    "RULE_NAMES", "SWEDISH_LEVELS", "AdaptationNeed", "CachedEncoder", "Candidate", "Context", "DocumentFrequency", "Encoder",
    "EngineError", "HashingEncoder", "InMemoryVectorStore", "MatchConfig", "MatchResult", "Need", "Participant",
    "ParticipantIndex", "Proposal", "SentenceTransformerEncoder", "Task", "Taxonomy", "VectorStore", "Workplace",
    "default_encoder", "feasible", "match", "score_need", "term_key", "validate",
]
