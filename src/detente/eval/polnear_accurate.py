"""PolNeAR, read with the accurate attribution tagger (``DETENTE_TAGGER=accurate``).

The same gold, split and scorer as :mod:`detente.eval.polnear`; the predictions come from a
pipeline whose attribution tagger is the fine-tuned transformer
(:mod:`detente.nlp.attribution_trf`) instead of the fast spaCy one. Skipped (not failed)
where the transformer's libraries or weights are not installed.
"""

from __future__ import annotations

from pathlib import Path

from detente.eval.base import EvalResult
from detente.eval.polnear import load_split, polnear_root, score_with_tagger

NAME = "polnear_accurate"


def run(shared: Path, *, limit: int | None = None, split: str = "dev") -> EvalResult:
    try:
        from detente.nlp import attribution_trf

        tagger = attribution_trf.load()
        if tagger is None:
            return EvalResult(
                NAME, {}, notes=[f"skipped: no transformer weights in {attribution_trf.model_dir()}"]
            )
    except (ImportError, OSError) as exc:
        return EvalResult(NAME, {}, notes=[f"skipped: the accurate tagger is not installed ({exc})"])
    gold = load_split(polnear_root(shared), split, limit=limit)
    result = score_with_tagger(gold, "accurate", NAME)
    result.notes.append(f"split={split}; tagger=accurate; precision={tagger.precision}")
    return result
