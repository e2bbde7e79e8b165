"""Speaker gold set: who speaks in the news, and whether detente knows who that is.

Gold: ``speakers_gold.yaml`` beside this module, written by us to the guideline
``docs/speaker-annotation.md``. It holds no article text: each entry names an article of
``shared`` by a source string (:mod:`detente.eval.sources`) and lists its statements,
each as the cue's words and offset, the speaker's words and offset as the text has them
("Mr Kennedy", "the government", "he"), and who the speaker is: a name, a type, an ISO3
country or null, a sector (``a|b``: either is right), ``named`` when the article gives a
person's name, ``generic`` for a group that is no one entity ("analysts"). The scorer
reads each text with :func:`detente.eval.sources.read_source`, checks that every cue and
speaker is where the gold says (a mismatch is an error, not a skip) and analyses it with
its publication date (the entry's ``published`` when the source has none) and URL.

Each entry has a ``split``: ``dev`` is for development (its errors may be read), ``test`` is
only scored. ``speakers`` scores the test half, ``speakers_dev`` the dev half.

A predicted statement is paired with a gold one when their cues overlap; statements left
over are then paired when their speakers' words overlap (one to one, greatest overlap
first). Generic speakers are counted but not scored. Over the other gold statements:

- ``found``: the share paired with a predicted statement;
- ``country_accuracy`` / ``sector_accuracy``: over paired statements, the speaker's actor
  has the gold country (a null country is right only against null) / one of the gold
  sectors (where the gold gives one); a speaker with no actor is wrong;
- ``resolved_accuracy``: over paired statements, the speaker's actor has the right country
  and sector and, for a person the article names, the right name (the gold name's last
  word is a word of the actor's name);
- ``resolved_recall``: statements found *and* resolved, over all gold statements (the
  figure an analyst feels: of the statements in these articles, how many detente puts in
  the right speaker's mouth);
- ``named_resolved`` / ``description_resolved`` / ``pronoun_resolved``: resolved accuracy
  by how the text names the speaker: a name ("Mr Kennedy", "the Foreign Office"), a
  description ("the government", "police", "the company", :func:`actors.is_description`),
  or a pronoun ("he", "it").
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from detente.eval.actors import is_description, is_pronoun
from detente.eval.base import EvalResult, failure_notes, overlap_pairs, split_set_name
from detente.eval.polnear import default_predictor, safe_predict
from detente.eval.sources import read_source
from detente.models import Actor, Analysis, Quote
from detente.nlp.gazetteer import fold

NAME = "speakers"
GOLD_PATH = Path(__file__).with_name("speakers_gold.yaml")
SPLITS = ("dev", "test")
KINDS = ("named", "description", "pronoun")
Predict = Callable[[str, "str | None"], Analysis]


@dataclass(frozen=True)
class GoldStatement:
    cue: tuple[int, int]
    speaker: tuple[int, int]
    speaker_text: str
    name: str
    type: str
    country: str | None
    sectors: frozenset[str]  # empty: the gold gives none
    named: bool = False  # a person the article names (their name is scored)
    generic: bool = False  # a group that is no one entity: counted, not scored
    kind: str = "named"  # how the text names the speaker: named | description | pronoun


@dataclass
class GoldDoc:
    source: str
    split: str
    text: str
    published: str | None
    url: str | None
    statements: list[GoldStatement] = field(default_factory=list)


def speaker_kind(text: str, start: int, article: str) -> str:
    """How the speaker's words name it: ``pronoun``, ``description`` or ``named``."""
    if is_pronoun(text):
        return "pronoun"
    words = text.split()
    if len(words) > 1 and words[0].lower() in {"the", "a", "an"} and all(w.islower() for w in words[1:]):
        return "description"  # "The government said", "A spokesman said"
    return "description" if is_description(text, start, article) else "named"


def _at(text: str, words: Any, at: Any, what: str, where: str) -> tuple[int, int]:
    if not isinstance(words, str) or not isinstance(at, int) or text[at : at + len(words)] != words or not words:
        found = text[at : at + len(words)] if isinstance(at, int) and isinstance(words, str) else None
        raise ValueError(f"{where}: {what} {words!r} is not at offset {at} (the text has {found!r})")
    return at, at + len(words)


def parse_entry(entry: dict[str, Any], text: str, published: str | None) -> GoldDoc:
    source = str(entry["source"])
    split = str(entry.get("split", ""))
    if split not in SPLITS:
        raise ValueError(f"{source}: split {split!r} is not one of {SPLITS}")
    url = entry.get("url") or (source.partition("#")[2] if source.startswith("feeds/") else None)
    doc = GoldDoc(source, split, text, published or entry.get("published"), url)
    for k, s in enumerate(entry.get("statements") or []):
        where = f"{source} statement {k}"
        cue = _at(text, s.get("cue"), s.get("at"), "cue", where)
        speaker = _at(text, s.get("speaker"), s.get("speaker_at"), "speaker", where)
        sector = s.get("sector")
        doc.statements.append(
            GoldStatement(
                cue=cue,
                speaker=speaker,
                speaker_text=str(s["speaker"]),
                name=str(s["name"]),
                type=str(s["type"]),
                country=s.get("country"),
                sectors=frozenset(str(sector).split("|")) if sector else frozenset(),
                named=bool(s.get("named", False)),
                generic=bool(s.get("generic", False)),
                kind=speaker_kind(str(s["speaker"]), speaker[0], text),
            )
        )
    return doc


def load_gold(
    shared: Path, split: str | None = "test", *, gold_path: Path = GOLD_PATH, limit: int | None = None
) -> list[GoldDoc]:
    """The gold articles of ``split`` (``None``: both), their texts read from ``shared``."""
    entries = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{gold_path}: expected a list of articles")
    entries = [e for e in entries if split is None or e.get("split") == split]
    if limit is not None:
        entries = entries[:limit]
    return [parse_entry(e, *read_source(shared, str(e["source"]))) for e in entries]


# --- scoring -----------------------------------------------------------------------------------


def pair(gold: list[GoldStatement], pred: list[Quote]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: by overlapping cues, then the rest by
    overlapping speaker words."""
    no_span = (-1, -1)
    pred_cues = [(q.cue.start, q.cue.end) if q.cue else no_span for q in pred]
    pairs = overlap_pairs([g.cue for g in gold], pred_cues)
    used_g = {gi for gi, _ in pairs}
    used_p = {pi for _, pi in pairs}
    rest_g = [i for i in range(len(gold)) if i not in used_g]
    rest_p = [i for i in range(len(pred)) if i not in used_p]
    spans = [(sp.span.start, sp.span.end) if (sp := pred[i].speaker) else no_span for i in rest_p]
    for a, b in overlap_pairs([gold[i].speaker for i in rest_g], spans):
        pairs.append((rest_g[a], rest_p[b]))
    return sorted(pairs)


def name_right(gold: GoldStatement, actor: Actor) -> bool:
    """For a named person, the gold name's last word is a word of the actor's name."""
    if not gold.named:
        return True
    return fold(gold.name).split()[-1] in fold(actor.name).split()


@dataclass
class Tally:
    gold: int = 0
    generic: int = 0
    paired: int = 0
    country_ok: int = 0
    sector_scored: int = 0
    sector_ok: int = 0
    resolved: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_kind_ok: Counter[str] = field(default_factory=Counter)


def score_doc(doc: GoldDoc, analysis: Analysis, tally: Tally) -> dict[str, Any]:
    """Add one article to ``tally``; return its errors (for reading, not for scoring)."""
    actors = {a.id: a for a in analysis.actors}
    pred = list(analysis.quotes)
    by_gold = dict(pair(doc.statements, pred))
    errors: list[dict[str, Any]] = []
    for gi, g in enumerate(doc.statements):
        if g.generic:
            tally.generic += 1
            continue
        tally.gold += 1
        q = pred[by_gold[gi]] if gi in by_gold else None
        want = {"speaker": g.speaker_text, "at": g.speaker[0], "name": g.name, "country": g.country, "sector": "|".join(sorted(g.sectors)) or None}
        if q is None:
            errors.append({"missed": want, "cue": doc.text[g.cue[0] : g.cue[1]]})
            continue
        tally.paired += 1
        tally.by_kind[g.kind] += 1
        actor = actors.get(q.speaker.actor) if q.speaker and q.speaker.actor else None
        country_ok = actor is not None and actor.country == g.country
        sector_ok = actor is not None and (not g.sectors or actor.sector in g.sectors)
        tally.country_ok += country_ok
        if g.sectors:
            tally.sector_scored += 1
            tally.sector_ok += sector_ok
        ok = actor is not None and country_ok and sector_ok and name_right(g, actor)
        tally.resolved += ok
        tally.by_kind_ok[g.kind] += ok
        if not ok:
            got = {"speaker": q.speaker.span.text if q.speaker else None}
            if actor is not None:
                got |= {"name": actor.name, "country": actor.country, "sector": actor.sector}
            errors.append({"wrong": want, "kind": g.kind, "predicted": got})
    return {"source": doc.source, "errors": errors}


def evaluate(docs: Iterable[GoldDoc], predict: Predict, name: str = NAME) -> tuple[EvalResult, list[dict[str, Any]]]:
    tally = Tally()
    reports: list[dict[str, Any]] = []
    failures: list[str] = []
    n_docs = 0
    for doc in docs:
        n_docs += 1
        analysis = safe_predict(predict, doc.text, doc.published, doc.source, failures)
        reports.append(score_doc(doc, analysis, tally))

    def share(a: int, b: int) -> float:
        return a / b if b else 0.0

    figures = {
        "found": share(tally.paired, tally.gold),
        "country_accuracy": share(tally.country_ok, tally.paired),
        "sector_accuracy": share(tally.sector_ok, tally.sector_scored),
        "resolved_accuracy": share(tally.resolved, tally.paired),
        "resolved_recall": share(tally.resolved, tally.gold),
    }
    for kind in KINDS:
        figures[f"{kind}_resolved"] = share(tally.by_kind_ok[kind], tally.by_kind[kind])
    counts = {
        "articles": n_docs,
        "gold_statements": tally.gold,
        "generic_speakers": tally.generic,
        "paired": tally.paired,
        "resolved": tally.resolved,
        **{f"paired_{kind}": tally.by_kind[kind] for kind in KINDS},
    }
    return EvalResult(name, figures, counts, failure_notes(counts, failures, "article(s)")), reports


def score(docs: Iterable[GoldDoc], predict: Predict, name: str = NAME) -> EvalResult:
    return evaluate(docs, predict, name)[0]


def set_name(split: str) -> str:
    """The eval set that scores ``split``: ``speakers`` (test) or ``speakers_<split>``."""
    return split_set_name(NAME, split)


def _predictor(docs: list[GoldDoc]) -> Predict:
    return default_predictor([(d.text, d.published) for d in docs], [d.url for d in docs])


def run(shared: Path, *, limit: int | None = None, split: str = "test") -> EvalResult:
    docs = load_gold(shared, split, limit=limit)
    result = score(docs, _predictor(docs), set_name(split))
    result.notes.append(f"split={split}")
    return result


def dump_errors(path: Path, shared: Path, *, split: str = "dev") -> EvalResult:
    """Score ``split`` and write one JSON line per article: missed statements and speakers
    resolved wrong (or not at all)."""
    docs = load_gold(shared, split)
    result, reports = evaluate(docs, _predictor(docs), set_name(split))
    with path.open("w", encoding="utf-8") as fh:
        for rep in reports:
            fh.write(json.dumps(rep, ensure_ascii=False) + "\n")
    return result
