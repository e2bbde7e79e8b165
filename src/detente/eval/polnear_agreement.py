"""How far PolNeAR's annotators agree with each other, by the metric detente is scored with.

Some PolNeAR articles were annotated twice. Scoring the second annotator's attributions as
if they were predictions (:func:`detente.eval.polnear.as_prediction`: one content span from
first to last segment, the first Source and Cue segment) against the first annotator's (the
gold :mod:`detente.eval.polnear` uses) gives the same figures for people that detente gets
for itself: a ceiling for what the metric can reward. Both splits' doubly annotated articles
count (this measures the data, not a model; nothing is tuned on it).
"""

from __future__ import annotations

from pathlib import Path

from detente.eval.base import EvalResult
from detente.eval.polnear import (
    GoldArticle,
    GoldAttribution,
    as_prediction,
    load_split,
    polnear_root,
    score,
    second_annotations,
)
from detente.models import Analysis, Article

NAME = "polnear_agreement"
SPLITS = ("train", "dev")


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    root = polnear_root(shared)
    gold: list[GoldArticle] = []
    second: dict[str, list[GoldAttribution]] = {}
    for split in SPLITS:
        if not (root / split).is_dir():
            continue
        others = second_annotations(root, split)
        gold.extend(g for g in load_split(root, split) if g.name in others)
        second.update(others)
    if limit is not None:
        gold = gold[:limit]
    by_text = {(g.text, g.published): g.name for g in gold}

    def predict(text: str, published: str | None) -> Analysis:
        quotes = [as_prediction(text, a) for a in second[by_text[(text, published)]]]
        return Analysis(Article(text=text, published=published), quotes=quotes)

    result = score(gold, predict)
    result.name = NAME
    result.notes.append(f"articles annotated twice in {' and '.join(SPLITS)}; second annotator scored against the first")
    return result
