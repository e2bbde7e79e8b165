"""PolNeAR attribution relations: does ``detente`` find who said what?

Gold: ``shared/gold/polnear/{dev,train}`` in brat standoff. ``text/<name>.txt`` is the
article; ``attributions/<name>_<annotator>.ann`` holds ``T`` lines (``Source``, ``Cue``,
``Content``, ``Attribution`` spans; a span may be discontinuous, ``"0 5;9 12"``) and ``E``
lines tying them into one attribution (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``;
``Content2`` adds a second content, ``Attribution-no-source`` has no Source). Where several
annotators did an article, the first file in sorted order is used. ``metadata.tsv`` gives
the publication date passed to the predictor.

Scoring. A predicted :class:`~detente.models.Quote` matches a gold attribution when their
content character sets overlap by at least half of *each* side; matching is one-to-one,
greedy by overlap. On matched pairs:

- speaker right: the predicted speaker span overlaps a gold Source segment, or they share a
  head name (last capitalised token, i.e. the surname; case-insensitive; the resolved
  actor's name counts too); when gold has no Source, a predicted ``None`` speaker is right;
- cue right: the predicted cue overlaps a gold Cue segment.

``direct`` gold attributions are those whose content is bounded by quote marks; the rest
are ``indirect``. In the split, a match counts for its gold's class and an unmatched
prediction is a false positive of its own ``kind`` (``mixed`` counts as indirect).
End-to-end F1 counts as true positives the matches with a right speaker.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.eval.base import EvalResult, failure_notes, prf
from detente.models import Analysis, Article, Quote, QuoteKind, Span, Speaker

NAME = "polnear"
Predict = Callable[[str, "str | None"], Analysis]
Segments = tuple[tuple[int, int], ...]

MIN_OVERLAP = 0.5
QUOTE_CHARS = frozenset("\"'“”‘’«»„‟‹›")
_TRAILING_PUNCT = ".,;:!?…)]—–- \t\n"
_LEADING_PUNCT = "([—–- \t\n"


# --- gold ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    id: str
    content: Segments
    source: Segments = ()
    cue: Segments = ()

    def content_chars(self) -> frozenset[int]:
        return chars_of(self.content)


@dataclass(slots=True)
class GoldArticle:
    name: str
    text: str
    published: str | None
    attributions: list[GoldAttribution] = field(default_factory=list)


def chars_of(segments: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for start, end in segments:
        out.update(range(start, end))
    return frozenset(out)


def _parse_segments(spec: str) -> Segments:
    segs: list[tuple[int, int]] = []
    for part in spec.split(";"):
        bits = part.split()
        if len(bits) != 2:
            raise ValueError(f"bad brat offsets {spec!r}")
        segs.append((int(bits[0]), int(bits[1])))
    return tuple(segs)


_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def parse_ann(ann: str) -> list[GoldAttribution]:
    """The attributions of one brat ``.ann`` text. Lines that are neither ``T`` nor ``E``
    (notes, continuation lines of a span text containing a newline) are ignored, as are
    attributions without a Content."""
    spans: dict[str, Segments] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            try:
                spans[m.group(1)] = _parse_segments(m.group(3).strip())
            except ValueError:
                continue
            continue
        m = _E_LINE.match(line)
        if m:
            args: list[tuple[str, str]] = []
            for arg in m.group(2).split():
                role, _, ref = arg.partition(":")
                if ref:
                    args.append((role, ref))
            events.append((m.group(1), args))
    out: list[GoldAttribution] = []
    for eid, args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
        trigger: Segments = ()
        for i, (role, ref) in enumerate(args):
            segs = spans.get(ref, ())
            if i == 0:  # the event's own trigger (the Attribution span)
                trigger = segs
                continue
            base = role.rstrip("0123456789")
            if base in roles:
                roles[base].extend(segs)
        if not roles["Content"]:
            continue
        cue = tuple(sorted(roles["Cue"])) or trigger
        out.append(
            GoldAttribution(
                id=eid,
                content=tuple(sorted(roles["Content"])),
                source=tuple(sorted(roles["Source"])),
                cue=cue,
            )
        )
    return out


def read_metadata(root: Path) -> dict[str, str]:
    """filename → publication date (YYYY-MM-DD) from ``metadata.tsv``."""
    path = root / "metadata.tsv"
    if not path.exists():
        return {}
    dates: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, date = row.get("filename"), row.get("publication_date")
            if name and date and date != "None":
                dates[name] = date
    return dates


_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def load_split(root: Path, split: str = "dev", *, limit: int | None = None) -> list[GoldArticle]:
    """Read ``root/<split>``; ``root`` is the ``polnear`` folder."""
    folder = root / split
    ann_dir, text_dir = folder / "attributions", folder / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise FileNotFoundError(f"no PolNeAR {split} split under {folder}")
    dates = read_metadata(root)
    by_name = annotation_files(ann_dir)
    articles: list[GoldArticle] = []
    for name in sorted(by_name):
        text_path = text_dir / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        published = dates.get(name)
        if published is None:
            m = _DATE_IN_NAME.search(f"_{name}_")
            published = m.group(1) if m else None
        atts = parse_ann(by_name[name][0].read_text(encoding="utf-8"))  # the first annotator
        articles.append(GoldArticle(name, text, published, atts))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def annotation_files(ann_dir: Path) -> dict[str, list[Path]]:
    """Each article's ``.ann`` files (one per annotator), in sorted order."""
    by_name: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        by_name.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    return by_name


def second_annotations(root: Path, split: str) -> dict[str, list[GoldAttribution]]:
    """The second annotator's attributions of each article of ``split`` annotated twice."""
    files = annotation_files(root / split / "attributions")
    return {name: parse_ann(anns[1].read_text(encoding="utf-8")) for name, anns in files.items() if len(anns) > 1}


def as_prediction(text: str, a: GoldAttribution) -> Quote:
    """A gold attribution as detente would state it: the content from its first to its last
    segment (one span), the first Source and Cue segments."""
    start, end = min(s for s, _ in a.content), max(e for _, e in a.content)
    speaker = Speaker(Span.of(text, *a.source[0])) if a.source else None
    cue = Span.of(text, *a.cue[0]) if a.cue else None
    kind: QuoteKind = "direct" if is_direct(text, a.content) else "indirect"
    return Quote(content=Span.of(text, start, end), speaker=speaker, cue=cue, kind=kind)


# --- comparison helpers ----------------------------------------------------------------------


def is_direct(text: str, content: Segments) -> bool:
    """Gold content bounded by quote marks: the first and last non-punctuation characters
    of the content, or the characters just outside it, are quote marks."""
    if not content:
        return False
    start, end = content[0][0], content[-1][1]
    s = start
    while s < end and text[s] in _LEADING_PUNCT:
        s += 1
    e = end
    while e > s and text[e - 1] in _TRAILING_PUNCT:
        e -= 1
    if s >= e:
        return False
    opens = text[s] in QUOTE_CHARS or _prev_char(text, start) in QUOTE_CHARS
    closes = text[e - 1] in QUOTE_CHARS or _next_char(text, end) in QUOTE_CHARS
    return opens and closes


def _prev_char(text: str, i: int) -> str:
    i -= 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return text[i] if i >= 0 else ""


def _next_char(text: str, i: int) -> str:
    while i < len(text) and text[i] in " \t":
        i += 1
    return text[i] if i < len(text) else ""


_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*")
_NOT_HEADS = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}  # suffixes
    | {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"}
    | {"he", "she", "it", "they", "we", "i", "you", "who", "mr", "mrs", "ms", "dr", "sen", "rep", "gov"}
)


def head_name(name: str) -> str | None:
    """Last capitalised token (the surname), lowercased, possessive stripped; ``None`` when
    the phrase has no capitalised token ("a source", "he")."""
    head: str | None = None
    for tok in _TOKEN.findall(name):
        tok = re.sub(r"(['’]s?|\.)$", "", tok)
        if tok and tok[0].isupper() and tok.lower() not in _NOT_HEADS:
            head = tok.lower()
    return head


def _overlaps_any(start: int, end: int, segs: Segments) -> bool:
    return any(start < e and s < end for s, e in segs)


def speaker_right(pred: Quote, gold: GoldAttribution, text: str, analysis: Analysis | None = None) -> bool:
    if not gold.source:
        return pred.speaker is None
    if pred.speaker is None:
        return False
    span = pred.speaker.span
    if _overlaps_any(span.start, span.end, gold.source):
        return True
    gold_heads = {h for s, e in gold.source if (h := head_name(text[s:e]))}
    names = [span.text]
    if analysis is not None and pred.speaker.actor:
        actor = analysis.actor(pred.speaker.actor)
        if actor is not None:
            names.append(actor.name)
    pred_heads = {h for n in names if (h := head_name(n))}
    return bool(gold_heads & pred_heads)


def cue_right(pred: Quote, gold: GoldAttribution) -> bool:
    if not gold.cue:
        return pred.cue is None
    return pred.cue is not None and _overlaps_any(pred.cue.start, pred.cue.end, gold.cue)


def match(
    pred_chars: Sequence[frozenset[int]], gold_chars: Sequence[frozenset[int]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching (largest overlap first) of predicted to gold content
    char sets, keeping pairs overlapping by ≥ 50% of both sides. Returns (pred, gold) indices."""
    candidates: list[tuple[int, int, int]] = []
    for i, p in enumerate(pred_chars):
        if not p:
            continue
        for j, g in enumerate(gold_chars):
            if not g:
                continue
            ov = len(p & g)
            if ov and ov / len(p) >= MIN_OVERLAP and ov / len(g) >= MIN_OVERLAP:
                candidates.append((ov, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


# --- scoring ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleReport:
    """Per-article outcome, for error analysis (see :func:`dump_errors`)."""

    name: str
    n_gold: int = 0
    n_pred: int = 0
    matched: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.name,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "matched": self.matched,
            "missed": self.missed,
            "spurious": self.spurious,
        }

    @property
    def has_errors(self) -> bool:
        return bool(self.missed or self.spurious) or any(
            not (m["speaker_right"] and m["cue_right"]) for m in self.matched
        )


def _seg_text(text: str, segs: Segments) -> str | None:
    return " … ".join(text[s:e] for s, e in segs) if segs else None


def _pred_dict(q: Quote) -> dict[str, Any]:
    return {
        "content": q.content.text,
        "start": q.content.start,
        "end": q.content.end,
        "speaker": q.speaker.span.text if q.speaker else None,
        "cue": q.cue.text if q.cue else None,
        "kind": q.kind,
    }


def _gold_dict(text: str, g: GoldAttribution, direct: bool) -> dict[str, Any]:
    return {
        "id": g.id,
        "content": _seg_text(text, g.content),
        "start": g.content[0][0],
        "end": g.content[-1][1],
        "source": _seg_text(text, g.source),
        "cue": _seg_text(text, g.cue),
        "direct": direct,
    }


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0

    def add(self, other: _Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.speaker_ok += other.speaker_ok
        self.cue_ok += other.cue_ok


def _score_article(gold: GoldArticle, analysis: Analysis) -> tuple[dict[str, _Tally], ArticleReport]:
    text = gold.text
    preds = [q for q in analysis.quotes if q.content.end > q.content.start]
    pred_chars = [frozenset(range(q.content.start, q.content.end)) for q in preds]
    gold_chars = [g.content_chars() for g in gold.attributions]
    direct = [is_direct(text, g.content) for g in gold.attributions]
    pairs = match(pred_chars, gold_chars)
    tallies = {k: _Tally() for k in ("all", "direct", "indirect")}
    report = ArticleReport(gold.name, n_gold=len(gold.attributions), n_pred=len(preds))
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        q, g = preds[i], gold.attributions[j]
        sp = speaker_right(q, g, text, analysis)
        cu = cue_right(q, g)
        for key in ("all", "direct" if direct[j] else "indirect"):
            t = tallies[key]
            t.tp += 1
            t.speaker_ok += sp
            t.cue_ok += cu
        report.matched.append(
            {
                "gold": _gold_dict(text, g, direct[j]),
                "pred": _pred_dict(q),
                "speaker_right": sp,
                "cue_right": cu,
            }
        )
    for j, g in enumerate(gold.attributions):
        if j not in matched_g:
            tallies["all"].fn += 1
            tallies["direct" if direct[j] else "indirect"].fn += 1
            report.missed.append(_gold_dict(text, g, direct[j]))
    for i, q in enumerate(preds):
        if i not in matched_p:
            tallies["all"].fp += 1
            tallies["direct" if q.kind == "direct" else "indirect"].fp += 1
            report.spurious.append(_pred_dict(q))
    return tallies, report


def evaluate(gold_items: Iterable[GoldArticle], predict: Predict) -> tuple[EvalResult, list[ArticleReport]]:
    """Score every article; return the result and the per-article reports."""
    totals = {k: _Tally() for k in ("all", "direct", "indirect")}
    reports: list[ArticleReport] = []
    failures: list[str] = []
    for gold in gold_items:
        analysis = safe_predict(predict, gold.text, gold.published, gold.name, failures)
        tallies, report = _score_article(gold, analysis)
        for k, t in tallies.items():
            totals[k].add(t)
        reports.append(report)
    figures: dict[str, float] = {}
    a = totals["all"]
    p, r, f = prf(a.tp, a.fp, a.fn)
    figures["content_f1"] = f
    figures["content_precision"] = p
    figures["content_recall"] = r
    figures["speaker_accuracy"] = a.speaker_ok / a.tp if a.tp else 0.0
    figures["cue_accuracy"] = a.cue_ok / a.tp if a.tp else 0.0
    for k in ("direct", "indirect"):
        t = totals[k]
        p, r, f = prf(t.tp, t.fp, t.fn)
        figures[f"{k}_content_f1"] = f
        figures[f"{k}_content_precision"] = p
        figures[f"{k}_content_recall"] = r
        figures[f"{k}_speaker_accuracy"] = t.speaker_ok / t.tp if t.tp else 0.0
    _, _, e2e = prf(a.speaker_ok, a.tp + a.fp - a.speaker_ok, a.tp + a.fn - a.speaker_ok)
    figures["end_to_end_f1"] = e2e
    counts = {
        "articles": len(reports),
        "gold": a.tp + a.fn,
        "predicted": a.tp + a.fp,
        "matched": a.tp,
        "speaker_right": a.speaker_ok,
        "cue_right": a.cue_ok,
        "gold_direct": totals["direct"].tp + totals["direct"].fn,
        "gold_indirect": totals["indirect"].tp + totals["indirect"].fn,
    }
    return EvalResult(NAME, figures, counts, failure_notes(counts, failures)), reports


def safe_predict(
    predict: Predict, text: str, published: str | None, name: str, failures: list[str]
) -> Analysis:
    """``predict(text, published)``; an exception is recorded in ``failures`` and scored as
    an analysis with nothing found (so one crashing item costs its recall, not the run)."""
    try:
        return predict(text, published)
    except Exception as exc:
        failures.append(f"{name}: {type(exc).__name__}: {exc}")
        return Analysis(Article(text=text, published=published))


def score(gold_items: Iterable[GoldArticle], predict: Predict) -> EvalResult:
    return evaluate(gold_items, predict)[0]


# --- running with detente ---------------------------------------------------------------------


def default_predictor(items: Sequence[tuple[str, str | None]], urls: Sequence[str | None] | None = None) -> Predict:
    """A predictor over ``detente.analyze``; when ``detente.analyze_many`` exists, all
    ``items`` (text, published) are analysed up front in one batch, with their ``urls``
    where the set has them (the outlet's country is a story's last resort), and looked up."""
    import detente

    cache: dict[tuple[str, str | None], Analysis] = {}
    many = getattr(detente, "analyze_many", None)
    if many is not None and items:
        links = list(urls) if urls is not None else [None] * len(items)
        articles = [Article(text=t, published=d, url=u) for (t, d), u in zip(items, links, strict=True)]
        try:
            for (t, d), analysis in zip(items, many(articles), strict=False):
                cache[(t, d)] = analysis
        except Exception:  # one bad article ends a batch: the rest go one by one
            pass

    def predict(text: str, published: str | None) -> Analysis:
        hit = cache.get((text, published))
        if hit is not None:
            return hit
        return detente.analyze(text, published=published)

    return predict


def score_with_tagger(gold: Sequence[GoldArticle], attribution: str, name: str) -> EvalResult:
    """``gold`` scored against one pipeline with the given attribution tagger (``fast``,
    ``accurate`` or ``off``), every article analysed in one pass; the result named ``name``."""
    from detente.nlp.model import load_model
    from detente.nlp.pipeline import Pipeline

    pipe = Pipeline(load_model(attribution=attribution))
    articles = [Article(text=g.text, published=g.published) for g in gold]
    found = {(g.text, g.published): a for g, a in zip(gold, pipe.pipe(articles), strict=True)}
    result = score(gold, lambda text, published: found[(text, published)])
    result.name = name
    return result


def polnear_root(shared: Path) -> Path:
    return shared / "gold" / "polnear"


def run(shared: Path, *, limit: int | None = None, split: str = "dev") -> EvalResult:
    gold = load_split(polnear_root(shared), split, limit=limit)
    predict = default_predictor([(g.text, g.published) for g in gold])
    result = score(gold, predict)
    result.notes.append(f"split={split}")
    return result


def iter_errors(reports: Iterable[ArticleReport]) -> Iterator[dict[str, Any]]:
    for rep in reports:
        if rep.has_errors:
            d = rep.to_dict()
            d["matched"] = [m for m in rep.matched if not (m["speaker_right"] and m["cue_right"])]
            yield d


def dump_errors(
    path: Path,
    shared: Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    predict: Predict | None = None,
) -> EvalResult:
    """Score ``split`` and write one JSON line per article with an error: missed gold
    attributions, spurious predictions, and matched pairs with a wrong speaker or cue."""
    gold = load_split(polnear_root(shared), split, limit=limit)
    if predict is None:
        predict = default_predictor([(g.text, g.published) for g in gold])
    result, reports = evaluate(gold, predict)
    write_errors(path, reports)
    return result


def write_errors(path: Path, reports: Iterable[ArticleReport]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for d in iter_errors(reports):
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
    return n
