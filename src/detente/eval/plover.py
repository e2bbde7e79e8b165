"""PLOVER gold standard records: event type, source/target country and triples.

Gold: ``shared/gold/plover/PLOVER_GSR_CAMEO.txt``, a JSON list of records, one sentence
each (``text``), with ``event`` (the PLOVER type), ``eventText`` (the words of the
trigger), and ``source``/``target``: lists of ``{actorText, code, sector}``. ``DOCUMENT``
records are skipped. Old labels are mapped to current PLOVER: DEMAND→REQUEST,
DISAPPROVE and INVESTIGATE→ACCUSE, FIGHT→ASSAULT. Old CAMEO country codes are mapped to
ISO (JAP→JPN, ITL→ITA, VTN→VNM); the non-state codes IGO, NGO, IMG, ISM stand for "no
country" (``None``), the value an ``Event.source_country`` has for the UN or al-Qaeda.

For each record the sentence is analysed and one predicted event picked: the first whose
trigger overlaps a word of ``eventText`` (words tried in order), else the first event.

- ``type_accuracy``: over all records (no event is wrong);
- ``source_country_accuracy`` / ``target_country_accuracy``: over records whose gold
  has that side; right when the predicted country is one of the side's gold codes;
- ``country_accuracy``: both sides pooled;
- ``triple_f1``: per sentence, the set of (type, source country, target country) of
  *all* predicted events against the gold triples (the product of the gold sides'
  countries; a missing side is ``None``), micro-averaged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.eval.base import EvalResult, failure_notes, prf
from detente.eval.polnear import safe_predict
from detente.models import Analysis, Event

NAME = "plover"
Predict = Callable[[str, "str | None"], Analysis]
Triple = tuple[str | None, str | None, str | None]

LEGACY_TYPES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM"})


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    type: str
    event_text: str
    source: tuple[str | None, ...] = ()  # normalised country per gold actor (None: non-state)
    target: tuple[str | None, ...] = ()
    date: str | None = None


def normalise_type(label: str) -> str:
    label = label.strip().upper()
    return LEGACY_TYPES.get(label, label)


def normalise_code(code: str | None) -> str | None:
    """ISO3 country of a gold or predicted code; ``None`` for non-state codes and blanks."""
    if not code:
        return None
    code = code.strip().upper()
    if not code or code in NON_STATE_CODES:
        return None
    return LEGACY_CODES.get(code, code)


def _actors(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []  # "" or a stray string in a few records: no actor


def _side(value: Any) -> tuple[str | None, ...]:
    return tuple(normalise_code(a.get("code")) for a in _actors(value))


def parse_records(data: Iterable[dict[str, Any]]) -> list[GoldRecord]:
    out: list[GoldRecord] = []
    for r in data:
        event = str(r.get("event") or "").strip().upper()
        text = r.get("text")
        if not event or event == "DOCUMENT" or not isinstance(text, str) or not text.strip():
            continue
        out.append(
            GoldRecord(
                id=str(r.get("id", "")),
                text=text,
                type=normalise_type(event),
                event_text=str(r.get("eventText") or ""),
                source=_side(r.get("source")),
                target=_side(r.get("target")),
                date=r.get("date"),
            )
        )
    return out


def load_records(path: Path, *, limit: int | None = None) -> list[GoldRecord]:
    if not path.exists():
        raise FileNotFoundError(f"no PLOVER gold file at {path}")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list")
    records = parse_records(d for d in data if isinstance(d, dict))
    return records[:limit] if limit is not None else records


# --- scoring ---------------------------------------------------------------------------------


def _word_spans(text: str, words: str) -> list[list[tuple[int, int]]]:
    """For each word of ``words`` in order, the spans where it occurs in ``text`` as a word
    (case-insensitive)."""
    out: list[list[tuple[int, int]]] = []
    for w in re.findall(r"\w[\w'-]*", words):
        pat = re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE)
        out.append([(m.start(), m.end()) for m in pat.finditer(text)])
    return out


def pick_event(events: Sequence[Event], text: str, event_text: str) -> Event | None:
    if not events:
        return None
    for spans in _word_spans(text, event_text):
        for ev in events:
            if any(ev.trigger.start < e and s < ev.trigger.end for s, e in spans):
                return ev
    return events[0]


def _country(analysis: Analysis, event: Event, side: str) -> str | None:
    code = event.source_country if side == "source" else event.target_country
    if code is None:
        actor = analysis.actor(event.source if side == "source" else event.target)
        code = actor.country if actor is not None else None
    return normalise_code(code)


def gold_triples(rec: GoldRecord) -> set[Triple]:
    sources: Sequence[str | None] = rec.source or (None,)
    targets: Sequence[str | None] = rec.target or (None,)
    return {(rec.type, s, t) for s in sources for t in targets}


def pred_triples(analysis: Analysis) -> set[Triple]:
    return {
        (normalise_type(ev.type), _country(analysis, ev, "source"), _country(analysis, ev, "target"))
        for ev in analysis.events
    }


def evaluate(records: Iterable[GoldRecord], predict: Predict) -> tuple[EvalResult, list[dict[str, Any]]]:
    n = type_ok = 0
    side_n = {"source": 0, "target": 0}
    side_ok = {"source": 0, "target": 0}
    tp = fp = fn = 0
    details: list[dict[str, Any]] = []
    failures: list[str] = []
    for rec in records:
        n += 1
        analysis = safe_predict(predict, rec.text, rec.date, rec.id, failures)
        ev = pick_event(analysis.events, rec.text, rec.event_text)
        pred_type = normalise_type(ev.type) if ev is not None else None
        t_ok = pred_type == rec.type
        type_ok += t_ok
        detail: dict[str, Any] = {
            "id": rec.id,
            "text": rec.text,
            "gold_type": rec.type,
            "event_text": rec.event_text,
            "pred_type": pred_type,
            "trigger": ev.trigger.text if ev is not None else None,
            "type_right": t_ok,
            "n_events": len(analysis.events),
        }
        for side in ("source", "target"):
            gold_codes: tuple[str | None, ...] = getattr(rec, side)
            pred = _country(analysis, ev, side) if ev is not None else None
            detail[f"gold_{side}"] = list(gold_codes)
            detail[f"pred_{side}"] = pred
            if not gold_codes:
                continue
            side_n[side] += 1
            ok = pred in gold_codes
            side_ok[side] += ok
            detail[f"{side}_right"] = ok
        g, p = gold_triples(rec), pred_triples(analysis)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        details.append(detail)

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    _, _, triple_f1 = prf(tp, fp, fn)
    figures = {
        "type_accuracy": ratio(type_ok, n),
        "source_country_accuracy": ratio(side_ok["source"], side_n["source"]),
        "target_country_accuracy": ratio(side_ok["target"], side_n["target"]),
        "country_accuracy": ratio(side_ok["source"] + side_ok["target"], side_n["source"] + side_n["target"]),
        "triple_f1": triple_f1,
    }
    counts = {
        "records": n,
        "type_right": type_ok,
        "source_sides": side_n["source"],
        "target_sides": side_n["target"],
        "triple_tp": tp,
        "triple_fp": fp,
        "triple_fn": fn,
    }
    return EvalResult(NAME, figures, counts, failure_notes(counts, failures)), details


def score(gold_items: Iterable[GoldRecord], predict: Predict) -> EvalResult:
    return evaluate(gold_items, predict)[0]


def gold_path(shared: Path) -> Path:
    return shared / "gold" / "plover" / "PLOVER_GSR_CAMEO.txt"


def _predictor(records: Sequence[GoldRecord]) -> Predict:
    from detente.eval.polnear import default_predictor

    return default_predictor([(r.text, r.date) for r in records])


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    records = load_records(gold_path(shared), limit=limit)
    return score(records, _predictor(records))


def dump_errors(
    path: Path, shared: Path, *, limit: int | None = None, predict: Predict | None = None
) -> EvalResult:
    """Score and write one JSON line per record with a wrong type or country."""
    records = load_records(gold_path(shared), limit=limit)
    result, details = evaluate(records, predict or _predictor(records))
    with path.open("w", encoding="utf-8") as fh:
        for d in details:
            if not (d["type_right"] and d.get("source_right", True) and d.get("target_right", True)):
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return result
