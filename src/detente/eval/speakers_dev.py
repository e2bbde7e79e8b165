"""The speaker gold set's development half (:mod:`detente.eval.speakers`, ``split: dev``).

Its errors may be read, and rules written from them that are true of news in general;
the ``speakers`` set (the test half) is only scored.
"""

from __future__ import annotations

from pathlib import Path

from detente.eval import speakers
from detente.eval.base import EvalResult


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    return speakers.run(shared, limit=limit, split="dev")
