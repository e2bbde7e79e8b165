"""What every scorer returns, and where the gold data lives.

A scorer is a module in ``detente.eval`` with a function
``run(shared: Path, *, limit: int | None = None) -> EvalResult``; ``detente eval <set>``
calls it and prints ``EvalResult.figures``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
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


def overlap_pairs(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of overlapping ``(start, end)`` spans, greatest overlap
    first (ties: earlier in ``first``, then in ``second``); ``(i, j)`` index pairs in the
    order they were taken."""
    candidates: list[tuple[int, int, int]] = []
    for i, (fs, fe) in enumerate(first):
        for j, (ss, se) in enumerate(second):
            overlap = min(fe, se) - max(fs, ss)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    candidates.sort()
    used_first: set[int] = set()
    used_second: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            out.append((i, j))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def failure_notes(counts: dict[str, int], failures: Sequence[str], what: str = "item(s)") -> list[str]:
    """The note (and ``predict_errors`` count) for items the predictor failed on, scored as
    empty; none when it failed on none."""
    if not failures:
        return []
    counts["predict_errors"] = len(failures)
    return [f"predictor failed on {len(failures)} {what}, scored as empty: {'; '.join(failures[:3])}"]


def split_set_name(name: str, split: str) -> str:
    """The eval set that scores a gold set's ``split``: ``name`` for test, else ``name_<split>``."""
    return name if split == "test" else f"{name}_{split}"
