"""PolNeAR **train**, read by the statement rules alone (no attribution tagger).

The check for a change to the rules or to ``cues.yaml``: all 840 train articles, ten times
the 84 held out from training, and clean, because no trained model is in play (both taggers
learnt from these articles, so with either one the figures would flatter it). The same gold
and scorer as :mod:`detente.eval.polnear`; its floors guard the rules against regressions
that the taggers would hide on dev. Tune here, measure on dev.
"""

from __future__ import annotations

from pathlib import Path

from detente.eval.base import EvalResult
from detente.eval.polnear import load_split, polnear_root, score_with_tagger

NAME = "polnear_rules"


def run(shared: Path, *, limit: int | None = None, split: str = "train") -> EvalResult:
    gold = load_split(polnear_root(shared), split, limit=limit)
    result = score_with_tagger(gold, "off", NAME)
    result.notes.append(f"split={split}; tagger=off (rules alone)")
    return result
