"""What every scorer returns, and where the gold data lives.

A scorer is a module in ``detente.eval`` with a function
``run(shared: Path, *, limit: int | None = None) -> EvalResult``; ``detente eval <set>``
calls it and prints ``EvalResult.figures``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def shared_dir() -> Path:
    """``$DETENTE_SHARED`` or ``../shared`` beside the repository/working directory."""
    env = os.environ.get("DETENTE_SHARED")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared"


@dataclass
class EvalResult:
    name: str
    figures: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "figures": self.figures, "counts": self.counts, "notes": self.notes}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
