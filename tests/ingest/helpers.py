from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def shared() -> Path:
    env = os.environ.get("DETENTE_SHARED")
    if env:
        return Path(env)
    from detente.eval.base import shared_dir

    return shared_dir()


def shared_path(*parts: str) -> Path:
    p = shared().joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared data not found: {p} (set DETENTE_SHARED to the shared/ folder)")
    return p
