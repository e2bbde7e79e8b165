"""How far two annotators of the actor gold set agree, by the metric detente is scored with.

The test half of ``actors_gold.yaml`` was annotated a second time, independently and to the
same guideline (``actors_second.yaml``). Scoring the second annotation as if it were
detente's output against the first (the gold :mod:`detente.eval.actors` uses) gives the same
figures for people that detente gets for itself: how much of the metric the task's own
ambiguity takes, a ceiling to read detente's figures against.

The second annotation becomes an :class:`~detente.models.Analysis`: one actor per key (its id
the key), every mention of it, and where either annotator allowed several types or sectors,
one the two share when there is one. A mention the second annotator marked optional counts
only where it meets a gold mention (it is neither required nor wrong for them either).
"""

from __future__ import annotations

from pathlib import Path

from detente.eval import actors as A
from detente.eval.base import EvalResult
from detente.models import Actor, ActorType, Analysis, Article, Span

NAME = "actors_agreement"
SECOND_PATH = Path(__file__).with_name("actors_second.yaml")


def _pick(theirs: frozenset[str], ours: frozenset[str]) -> str | None:
    """One of the second annotator's values, one the gold allows if there is one."""
    shared = sorted(theirs & ours)
    return shared[0] if shared else min(theirs, default=None)


def as_prediction(second: A.GoldDoc, gold: A.GoldDoc) -> Analysis:
    """The second annotation of an article as detente's output would be."""
    actors: dict[str, Actor] = {}
    for m in second.mentions:
        if m.optional and not any(g.start < m.end and m.start < g.end for g in gold.mentions):
            continue
        mine = second.actors[m.key]
        want = next((gold.actors[g.key] for g in gold.mentions if g.start < m.end and m.start < g.end), None)
        actor = actors.get(m.key)
        if actor is None:
            atype = _pick(mine.types, want.types if want else frozenset()) or "organization"
            sector = _pick(mine.sectors, want.sectors if want else frozenset())
            actor = actors[m.key] = Actor(m.key, m.key, _actor_type(atype), mine.country, sector)
        actor.mentions.append(Span(m.start, m.end, m.text))
    return Analysis(Article(text=second.text, published=second.published), actors=list(actors.values()))


def _actor_type(value: str) -> ActorType:
    types: dict[str, ActorType] = {
        "person": "person", "country": "country", "organization": "organization",
        "igo": "igo", "military": "military", "group": "group",
    }
    return types.get(value, "organization")


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    gold = {d.url: d for d in A.load_gold(shared, "test", limit=limit)}
    second = [d for d in A.load_gold(shared, "test", gold_path=SECOND_PATH) if d.url in gold]
    by_text = {d.text: as_prediction(d, gold[d.url]) for d in second}
    docs = [gold[d.url] for d in second]
    result = A.score(docs, lambda text, published: by_text[text], NAME)
    result.notes.append(f"second annotation of {len(docs)} test articles scored against the first")
    return result
