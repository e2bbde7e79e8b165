"""Actor gold set: mentions, identities, countries and sectors in real world news.

Gold: ``actors_gold.yaml`` beside this module, written by us (``docs/actor-annotation.md``
is the guideline it was made by). It holds no article text: each entry names a feed item
in ``shared/feeds/news`` by its URL, lists the actors of the article (a key of the
annotator's choosing, with ``type``, ``country`` ISO3 or null, ``sector`` or null; several
acceptable values separated by ``|``) and every mention of them in text order as
``[text, key]``. The scorer reads the feed with detente's own ingest, and anchors each
mention at the first whole-word occurrence of its text after the previous mention; a
mention that cannot be anchored is an error (the gold and the ingest disagree), not a
silent skip. Pronouns and unnamed descriptions ("the minister") are not in the gold. Each
article is analysed with its text, publication date and URL, as ingest gives them (the URL
tells the outlet, whose country is the home of a story that names none).

Each entry has a ``split``: ``dev`` is for development (its errors may be read and
rules written from them, rules true of news in general), ``test`` is only scored. The set
``actors`` scores the test half, ``actors_dev`` the dev half.

A predicted mention is any mention of any actor in the analysis except pronouns and places
(type ``place``: a region or city, or a capital named as a location, which the guideline does
not count as actors; a country named as a place still counts). Gold
and predicted mentions are paired one to one, greatest character overlap first. A gold
mention marked ``optional`` (a country word inside a person's title, "US President Donald
Trump", or inside a name, "EU-Pakistan Business Forum": whether it is an actor of its own is
a matter of convention) is neither required nor wrong: it is not counted, and nor is a
prediction overlapping it. Nor is an unnamed description ("the government", "police said",
"the prime minister": ``is_description``) paired with no gold mention: the guideline leaves
those out, as it does pronouns.

- ``mention_precision`` / ``mention_recall`` / ``mention_f1``: paired mentions over
  predicted (pronouns excluded) / gold mentions;
- ``type_accuracy``, ``country_accuracy``, ``sector_accuracy``: over paired mentions
  (sector only where the gold gives one); a null country is right only against null;
- ``person_country_accuracy``, ``person_sector_accuracy``: the same over gold people
  (the hard part: countries are named, people's countries must be known or inferred);
- ``identity_f1``: B-cubed F1 (Bagga & Baldwin 1998) of the predicted actor ids against
  the gold keys over paired mentions, per article: whether mentions of one actor come
  out as one actor and mentions of two as two;
- ``resolved_f1``: a mention counts when it is paired and its country and sector are right.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from detente.eval.base import EvalResult, failure_notes, overlap_pairs, prf, split_set_name
from detente.eval.polnear import default_predictor, safe_predict
from detente.eval.sources import feed_items
from detente.models import Analysis

NAME = "actors"
GOLD_PATH = Path(__file__).with_name("actors_gold.yaml")
SPLITS = ("dev", "test")
Predict = Callable[[str, "str | None"], Analysis]

# closed-class words that mention an actor without naming one; the gold has none of them
PRONOUNS = frozenset({
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their",
    "theirs", "themselves", "it", "its", "itself", "who", "whom", "whose", "which", "that",
    "we", "us", "our", "ours", "i", "me", "my", "you", "your",
})


def is_pronoun(text: str) -> bool:
    """A pronoun, not an acronym that spells one ("US", "IT")."""
    word = text.strip()
    return word.lower() in PRONOUNS and not (len(word) > 1 and word.isupper())


@dataclass(frozen=True, slots=True)
class GoldActor:
    types: frozenset[str]
    country: str | None
    sectors: frozenset[str]  # empty: the gold gives no sector (not scored)


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    text: str
    key: str
    optional: bool = False  # neither required nor wrong: a prediction here is not counted


@dataclass
class GoldDoc:
    url: str
    feed: str
    split: str
    text: str
    published: str | None
    actors: dict[str, GoldActor]
    mentions: list[GoldMention]


@dataclass(frozen=True, slots=True)
class PredMention:
    start: int
    end: int
    text: str
    actor_id: str
    type: str
    country: str | None
    sector: str | None


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    paired: int = 0
    resolved: int = 0
    right: Counter[str] = field(default_factory=Counter)
    scored: Counter[str] = field(default_factory=Counter)
    b3_p: float = 0.0
    b3_r: float = 0.0

    def check(self, name: str, ok: bool) -> None:
        self.scored[name] += 1
        self.right[name] += ok

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.scored[name] if self.scored[name] else 0.0


# --- gold --------------------------------------------------------------------------------------


def _alternatives(value: Any) -> frozenset[str]:
    if value is None or value == "":
        return frozenset()
    return frozenset(v.strip() for v in str(value).split("|") if v.strip())


def parse_actor(key: str, d: Any) -> GoldActor:
    if not isinstance(d, dict) or not d.get("type"):
        raise ValueError(f"gold actor {key!r}: needs at least a type")
    country = d.get("country")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        raise ValueError(f"gold actor {key!r}: country {country!r} is not ISO3 or null")
    return GoldActor(_alternatives(d["type"]), country, _alternatives(d.get("sector")))


def anchor(text: str, mentions: Sequence[Sequence[Any]], where: str = "") -> list[GoldMention]:
    """Offsets of ``[text, key]`` or ``[text, key, {options}]`` mentions listed in text order:
    each at the first whole-word occurrence of its text after the previous one, or the
    ``nth`` (options ``nth: 2`` skips an occurrence that is no mention). ``optional: true``
    marks a mention that is neither required nor wrong (see the module doc). Raises
    ``ValueError`` when one is not found."""
    out: list[GoldMention] = []
    pos = 0
    for i, item in enumerate(mentions):
        if not (isinstance(item, (list, tuple)) and len(item) in (2, 3)):
            raise ValueError(f"{where} mention {i}: expected [text, key] or [text, key, options], got {item!r}")
        surface, key = str(item[0]), str(item[1])
        options = item[2] if len(item) == 3 else {}
        if not isinstance(options, dict) or set(options) - {"nth", "optional"}:
            raise ValueError(f"{where} mention {i}: options may be nth and optional, got {options!r}")
        pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
        found = None
        for _ in range(int(options.get("nth", 1))):
            found = pattern.search(text, pos if found is None else found.end())
            if found is None:
                break
        if found is None:
            raise ValueError(f"{where} mention {i} {surface!r} not found after offset {pos}")
        out.append(GoldMention(found.start(), found.end(), surface, key, bool(options.get("optional", False))))
        pos = found.end()
    return out


def parse_entry(entry: dict[str, Any], text: str, published: str | None) -> GoldDoc:
    url = str(entry["url"])
    actors = {str(k): parse_actor(str(k), v) for k, v in (entry.get("actors") or {}).items()}
    mentions = anchor(text, entry.get("mentions") or [], url)
    unknown = sorted({m.key for m in mentions} - set(actors))
    if unknown:
        raise ValueError(f"{url}: mentions of undeclared actors {unknown}")
    split = str(entry.get("split", ""))
    if split not in SPLITS:
        raise ValueError(f"{url}: split {split!r} is not one of {SPLITS}")
    return GoldDoc(url, str(entry["feed"]), split, text, published, actors, mentions)


def load_gold(
    shared: Path, split: str | None = "test", *, gold_path: Path = GOLD_PATH, limit: int | None = None
) -> list[GoldDoc]:
    """The gold articles of ``split`` (``None``: both), their texts read from ``shared``'s feeds."""
    entries = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{gold_path}: expected a list of articles")
    entries = [e for e in entries if split is None or e.get("split") == split]
    if limit is not None:
        entries = entries[:limit]
    docs: list[GoldDoc] = []
    for entry in entries:
        feed = str(entry["feed"])
        path = shared / feed
        if not path.exists():
            raise FileNotFoundError(f"no feed at {path}")
        found = feed_items(path).get(str(entry["url"]))
        if found is None:
            raise ValueError(f"{feed}: no item with url {entry['url']}")
        docs.append(parse_entry(entry, found.text, found.published))
    return docs


# --- scoring -----------------------------------------------------------------------------------


def is_description(text: str, start: int, article: str) -> bool:
    """An unnamed description ("the government said", "the prime minister said", "the
    company said"): words in lower case; or, where a sentence or a line opens, a capital on
    an institution noun or a title of the gazetteer ("Police said"; a capital there on
    another word may begin a name). The guideline leaves these out of the gold, as it does
    pronouns; a capital elsewhere makes a name ("the Foreign Office", "Parliament"), but
    not on a title of the gazetteer after "the" that no name follows: "the President said"
    is "the president" in an outlet's house style."""
    from detente.nlp.gazetteer import load_gazetteer

    words = text.split()
    if re.search(r"\bthe\s+$", article[:start], re.I) and load_gazetteer().title_sector(text) is not None:
        after = article[start + len(text) :].lstrip()
        if not after[:1].isupper():
            return True
    if not any(c.isalpha() for c in text) or not all(w.islower() for w in words[1:]):
        return False
    if words[0].islower():
        return True
    before = article[:start].rstrip()
    opening = not before or before[-1] in ".!?:;-–—\"“”'‘’(" or "\n" in article[len(before) : start]
    g = load_gazetteer()
    return opening and (g.institution(text) is not None or g.title_sector(text) is not None)


def predicted_mentions(analysis: Analysis) -> list[PredMention]:
    out = [
        PredMention(m.start, m.end, m.text, a.id, a.type, a.country, a.sector)
        for a in analysis.actors
        if a.type != "place"
        for m in a.mentions
        if not is_pronoun(m.text)
    ]
    return sorted(out, key=lambda p: (p.start, p.end))


def pair(gold: Sequence[GoldMention], pred: Sequence[PredMention]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping mentions, greatest
    overlap first (ties: earlier gold, then earlier prediction)."""
    return sorted(overlap_pairs([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred]))


def b_cubed(gold_keys: Sequence[str], pred_keys: Sequence[str]) -> tuple[float, float]:
    """Summed (not averaged) B-cubed precision and recall over items labelled twice."""
    both = Counter(zip(gold_keys, pred_keys, strict=True))
    g_size = Counter(gold_keys)
    p_size = Counter(pred_keys)
    p_sum = r_sum = 0.0
    for g, p in zip(gold_keys, pred_keys, strict=True):
        p_sum += both[(g, p)] / p_size[p]
        r_sum += both[(g, p)] / g_size[g]
    return p_sum, r_sum


def score_doc(doc: GoldDoc, analysis: Analysis, tally: Tally) -> dict[str, Any]:
    """Add one article to ``tally``; return its errors (for reading, not for scoring)."""
    gold = [m for m in doc.mentions if not m.optional]
    optional = [m for m in doc.mentions if m.optional]
    pred = predicted_mentions(analysis)
    pairs = pair(gold, pred)
    paired_g = {gi for gi, _ in pairs}
    paired_p = {pi for _, pi in pairs}
    # a prediction paired with no required mention is not counted when it overlaps an
    # optional one, or is an unnamed description (the gold has none; paired, it is scored)
    spurious = [
        p for i, p in enumerate(pred)
        if i not in paired_p
        and not any(min(o.end, p.end) > max(o.start, p.start) for o in optional)
        and not is_description(p.text, p.start, doc.text)
    ]
    tally.gold += len(gold)
    tally.pred += len(pairs) + len(spurious)
    tally.paired += len(pairs)
    wrong: list[dict[str, Any]] = []
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        want = doc.actors[g.key]
        type_ok = p.type in want.types
        country_ok = p.country == want.country
        sector_ok = not want.sectors or p.sector in want.sectors
        tally.check("type", type_ok)
        tally.check("country", country_ok)
        if want.sectors:
            tally.check("sector", sector_ok)
        if "person" in want.types:
            tally.check("person_country", country_ok)
            if want.sectors:
                tally.check("person_sector", sector_ok)
        tally.resolved += country_ok and sector_ok
        if not (type_ok and country_ok and sector_ok):
            wrong.append(
                {
                    "text": g.text,
                    "start": g.start,
                    "gold": {"key": g.key, "type": sorted(want.types), "country": want.country,
                             "sector": sorted(want.sectors)},
                    "pred": {"id": p.actor_id, "text": p.text, "type": p.type, "country": p.country,
                             "sector": p.sector},
                }
            )
    b3p, b3r = b_cubed([gold[gi].key for gi, _ in pairs], [pred[pi].actor_id for _, pi in pairs])
    tally.b3_p += b3p
    tally.b3_r += b3r
    return {
        "url": doc.url,
        "missed": [(m.text, m.start, m.key) for i, m in enumerate(gold) if i not in paired_g],
        "spurious": [(p.text, p.start, p.actor_id) for p in spurious],
        "wrong": wrong,
        "merged_or_split": _identity_errors(gold, pred, pairs),
    }


def _identity_errors(
    gold: Sequence[GoldMention], pred: Sequence[PredMention], pairs: Sequence[tuple[int, int]]
) -> list[str]:
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for gi, pi in pairs:
        by_gold[gold[gi].key].add(pred[pi].actor_id)
        by_pred[pred[pi].actor_id].add(gold[gi].key)
    out = [f"gold {k!r} split into {sorted(v)}" for k, v in by_gold.items() if len(v) > 1]
    out += [f"predicted {k!r} merges {sorted(v)}" for k, v in by_pred.items() if len(v) > 1]
    return out


def evaluate(docs: Iterable[GoldDoc], predict: Predict, name: str = NAME) -> tuple[EvalResult, list[dict[str, Any]]]:
    tally = Tally()
    reports: list[dict[str, Any]] = []
    failures: list[str] = []
    n_docs = 0
    for doc in docs:
        n_docs += 1
        analysis = safe_predict(predict, doc.text, doc.published, doc.url, failures)
        reports.append(score_doc(doc, analysis, tally))
    p, r, f = prf(tally.paired, tally.pred - tally.paired, tally.gold - tally.paired)
    b3p = tally.b3_p / tally.paired if tally.paired else 0.0
    b3r = tally.b3_r / tally.paired if tally.paired else 0.0
    _, _, resolved_f1 = prf(tally.resolved, tally.pred - tally.resolved, tally.gold - tally.resolved)
    figures = {
        "mention_precision": p,
        "mention_recall": r,
        "mention_f1": f,
        "type_accuracy": tally.accuracy("type"),
        "country_accuracy": tally.accuracy("country"),
        "sector_accuracy": tally.accuracy("sector"),
        "person_country_accuracy": tally.accuracy("person_country"),
        "person_sector_accuracy": tally.accuracy("person_sector"),
        "identity_f1": 2 * b3p * b3r / (b3p + b3r) if b3p + b3r else 0.0,
        "resolved_f1": resolved_f1,
    }
    counts = {
        "articles": n_docs,
        "gold_mentions": tally.gold,
        "predicted_mentions": tally.pred,
        "paired": tally.paired,
        "resolved": tally.resolved,
        "person_mentions_paired": tally.scored["person_country"],
    }
    return EvalResult(name, figures, counts, failure_notes(counts, failures, "article(s)")), reports


def score(docs: Iterable[GoldDoc], predict: Predict, name: str = NAME) -> EvalResult:
    return evaluate(docs, predict, name)[0]


def set_name(split: str) -> str:
    """The eval set that scores ``split``: ``actors`` (test) or ``actors_<split>``."""
    return split_set_name(NAME, split)


def run(shared: Path, *, limit: int | None = None, split: str = "test") -> EvalResult:
    docs = load_gold(shared, split, limit=limit)
    result = score(docs, default_predictor([(d.text, d.published) for d in docs], [d.url for d in docs]), set_name(split))
    result.notes.append(f"split={split}")
    return result


def dump_errors(path: Path, shared: Path, *, split: str = "dev", predict: Predict | None = None) -> EvalResult:
    """Score ``split`` and write one JSON line per article: missed and spurious mentions,
    paired mentions with a wrong type, country or sector, and merged or split actors."""
    docs = load_gold(shared, split)
    predict = predict or default_predictor([(d.text, d.published) for d in docs], [d.url for d in docs])
    result, reports = evaluate(docs, predict, set_name(split))
    with path.open("w", encoding="utf-8") as fh:
        for rep in reports:
            fh.write(json.dumps(rep, ensure_ascii=False) + "\n")
    return result
