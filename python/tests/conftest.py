"""Shared paths for the binding tests."""

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def everyday() -> Path:
    """The README's everyday task file (34 tasks)."""
    return REPOSITORY / "examples" / "tasks" / "everyday.jsonl"
