"""TimeBank 1.2 scorer for ``detente.nlp.times``: DATE detection and value accuracy.

Each ``gold/timebank/*.tml`` file is TimeML: the document creation time (DCT) is the
TIMEX3 with ``functionInDocument="CREATION_TIME"``; the text is inside ``<TEXT>``. We strip
the tags (tracking offsets into the plain text, entities decoded), run the tagger with the
DCT as anchor, and compare with the gold TIMEX3 elements.

What is scored:

* Gold: TIMEX3 ``type="DATE"`` inside ``<TEXT>``.
* Predictions: every predicted time whose value is not an interval (``a/b``). Intervals
  are anchored durations ("the next two months"), which TimeML calls DURATION.
* A prediction that overlaps no gold DATE but overlaps a gold TIMEX3 of another type
  (TIME, DURATION, SET) is *ignored*: it found a real time expression that TimeML
  types differently ("this morning" is TIME, "the year" often DURATION), and our output
  carries no type. The number ignored is reported in ``counts["ignored_other_type"]``,
  and ``date_detection_precision_strict`` counts them as false positives.
* Detection by overlap: greedy one-to-one matching of predicted and gold spans that
  overlap (largest overlap first). Exact: start and end both equal.
* Value accuracy: over overlap-matched pairs, the predicted value equals the gold value.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from detente.eval.base import EvalResult, overlap_pairs, prf
from detente.models import Time

Tagger = Callable[[str, "dt.date | None"], list[Time]]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(slots=True)
class TimeDoc:
    name: str
    text: str
    dct: dt.date | None
    timexes: list[GoldTimex] = field(default_factory=list)


_TOKEN = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>|&#?\w+;|[^<&]+|[<&]", re.S)
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')
_DCT = re.compile(r"<TIMEX3\b([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>", re.S)


def _parse_date(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_tml(source: str, name: str = "") -> TimeDoc:
    """Plain text of ``<TEXT>`` with the offsets of its TIMEX3 elements, and the DCT."""
    dct: dt.date | None = None
    m = _DCT.search(source)
    if m:
        attrs = dict(_ATTR.findall(m[1]))
        dct = _parse_date(attrs.get("value", ""))
    ts = source.find("<TEXT>")
    te = source.find("</TEXT>", ts + 1)
    body = source[ts + 6 : te] if ts >= 0 and te >= 0 else ""
    out: list[str] = []
    pos = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    for tok in _TOKEN.finditer(body):
        if tok[2] is not None:
            tag = tok[2].upper()
            if tag != "TIMEX3":
                continue
            if tok[1]:
                if open_timex:
                    start, attrs = open_timex.pop()
                    plain = "".join(out)
                    timexes.append(
                        GoldTimex(start, pos, attrs.get("type", ""), attrs.get("value", ""), plain[start:pos])
                    )
            elif not tok[3].rstrip().endswith("/"):
                open_timex.append((pos, dict(_ATTR.findall(tok[3]))))
            continue
        piece = tok[0]
        if piece.startswith("&") and piece.endswith(";"):
            piece = html.unescape(piece)
        out.append(piece)
        pos += len(piece)
    return TimeDoc(name, "".join(out), dct, sorted(timexes, key=lambda t: t.start))


def load(shared: Path, *, limit: int | None = None) -> list[TimeDoc]:
    files = sorted((shared / "gold" / "timebank").glob("*.tml"))
    if limit is not None:
        files = files[:limit]
    return [parse_tml(f.read_text(encoding="utf-8", errors="replace"), f.stem) for f in files]


def score(docs: Iterable[TimeDoc], tagger: Tagger) -> EvalResult:
    """Score ``tagger(text, anchor) -> list[Time]`` against gold DATE timexes."""
    tp = fp = fn = 0
    strict_fp = 0
    exact_tp = exact_fp = exact_fn = 0
    value_ok = 0
    ignored = 0
    n_docs = 0
    for doc in docs:
        n_docs += 1
        preds = [t for t in tagger(doc.text, doc.dct) if "/" not in t.value]
        gold = [g for g in doc.timexes if g.type == "DATE"]
        others = [g for g in doc.timexes if g.type != "DATE"]
        pspans = [(t.span.start, t.span.end) for t in preds]
        gspans = [(g.start, g.end) for g in gold]
        pairs = overlap_pairs(pspans, gspans)
        matched_p = {i for i, _ in pairs}
        tp += len(pairs)
        fn += len(gold) - len(pairs)
        for i, t in enumerate(preds):
            if i in matched_p:
                continue
            strict_fp += 1
            if any(t.span.start < o.end and o.start < t.span.end for o in others):
                ignored += 1
            else:
                fp += 1
        for i, j in pairs:
            if preds[i].value == gold[j].value:
                value_ok += 1
        exact = {(s, e) for s, e in gspans}
        ex_hits = sum(1 for s in pspans if s in exact)
        exact_tp += ex_hits
        exact_fp += sum(1 for i, s in enumerate(pspans) if s not in exact and i not in matched_p
                        and not any(s[0] < o.end and o.start < s[1] for o in others))
        exact_fp += sum(1 for i, s in enumerate(pspans) if s not in exact and i in matched_p)
        exact_fn += len(gold) - ex_hits
    p, r, f = prf(tp, fp, fn)
    sp, _, sf = prf(tp, strict_fp, fn)
    _, _, ef = prf(exact_tp, exact_fp, exact_fn)
    return EvalResult(
        name="timebank",
        figures={
            "date_detection_f1": round(f, 4),
            "date_detection_precision": round(p, 4),
            "date_detection_recall": round(r, 4),
            "date_detection_precision_strict": round(sp, 4),
            "date_detection_f1_strict": round(sf, 4),
            "date_exact_f1": round(ef, 4),
            "date_value_accuracy": round(value_ok / tp, 4) if tp else 0.0,
        },
        counts={
            "docs": n_docs,
            "gold_dates": tp + fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "ignored_other_type": ignored,
            "exact_tp": exact_tp,
            "value_correct": value_ok,
        },
        notes=[
            "DATE detection by one-to-one span overlap; predictions overlapping a gold TIME/DURATION/SET "
            "are ignored (counted as FP only in *_strict); anchored intervals are not scored as DATE.",
        ],
    )


def _default_tagger(text: str, anchor: dt.date | None) -> list[Time]:
    from detente.nlp.times import find_times

    return find_times(text, anchor)


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    docs = load(shared, limit=limit)
    if not docs:
        return EvalResult("timebank", {}, notes=[f"no TimeBank files under {shared / 'gold' / 'timebank'}"])
    return score(docs, _default_tagger)


def errors(shared: Path, *, limit: int | None = None, tagger: Tagger | None = None) -> list[str]:
    """Human-readable misses, false alarms and wrong values (for development)."""
    tag = tagger or _default_tagger
    lines: list[str] = []
    for doc in load(shared, limit=limit):
        preds = [t for t in tag(doc.text, doc.dct) if "/" not in t.value]
        gold = [g for g in doc.timexes if g.type == "DATE"]
        others = [g for g in doc.timexes if g.type != "DATE"]
        pairs = overlap_pairs([(t.span.start, t.span.end) for t in preds], [(g.start, g.end) for g in gold])
        mp = {i for i, _ in pairs}
        mg = {j for _, j in pairs}
        for i, j in pairs:
            if preds[i].value != gold[j].value:
                ctx = doc.text[max(0, gold[j].start - 60) : gold[j].end + 60].replace("\n", " ")
                lines.append(f"VAL {doc.name} {doc.dct} {gold[j].text!r} gold={gold[j].value} pred={preds[i].value} | {ctx}")
        for j, g in enumerate(gold):
            if j not in mg:
                ctx = doc.text[max(0, g.start - 30) : g.end + 30].replace("\n", " ")
                lines.append(f"FN {doc.name} {g.text!r} {g.value} | {ctx}")
        for i, t in enumerate(preds):
            if i not in mp and not any(t.span.start < o.end and o.start < t.span.end for o in others):
                ctx = doc.text[max(0, t.span.start - 30) : t.span.end + 30].replace("\n", " ")
                lines.append(f"FP {doc.name} {t.span.text!r} {t.value} | {ctx}")
    return lines
