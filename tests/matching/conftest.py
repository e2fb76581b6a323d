"""Fixtures for the matching tests; builders live in matching_builders.py (importable from the
subfolders too: this folder is put on sys.path here)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching import HashingEncoder, MatchConfig  # noqa: E402


@pytest.fixture
def encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture
def config() -> MatchConfig:
    # thresholds off: rule and capacity tests must not depend on how relevant the texts are
    return MatchConfig(min_score=0.0, min_relevance=0.0, assignment_relative_relevance=0.0)
