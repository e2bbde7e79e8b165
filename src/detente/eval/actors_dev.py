"""The actor gold set's development half (:mod:`detente.eval.actors`, ``split: dev``).

Its errors may be read, and rules written from them that are true of news in general;
the ``actors`` set (the test half) is only scored.
"""

from __future__ import annotations

from pathlib import Path

from detente.eval import actors
from detente.eval.base import EvalResult


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    return actors.run(shared, limit=limit, split="dev")
