"""Fixtures for the store tests: a database path and the hand-built sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.models import Analysis
from tests.store.store_samples import a1, a2, a3


@pytest.fixture
def sample() -> list[Analysis]:
    return [a1(), a2(), a3()]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"
