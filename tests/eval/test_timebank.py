"""TimeBank scorer: hand-made TimeML with known figures, and the real set when present."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente.eval import timebank
from detente.eval.base import shared_dir
from detente.models import Span, Time
from detente.nlp.times import find_times

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TOY1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-11-20" temporalFunction="false" functionInDocument="CREATION_TIME">20241120</TIMEX3></DCT>
<TITLE>Not scored <TIMEX3 tid="t9" type="DATE" value="2024-11-19">Tuesday</TIMEX3></TITLE>
<TEXT>
Rebels <EVENT eid="e1">seized</EVENT> the town <TIMEX3 tid="t1" type="DATE" value="2024-11-19">yesterday</TIMEX3>. \
Talks AT&amp;T hosted on <TIMEX3 tid="t2" type="DATE" value="2024-11-18">Monday</TIMEX3> lasted \
<TIMEX3 tid="t3" type="DURATION" value="P2H">two hours</TIMEX3>. Elections are due \
<TIMEX3 tid="t4" type="DATE" value="2025">next year</TIMEX3>, and the vote of \
<TIMEX3 tid="t5" type="DATE" value="2024-11">earlier this month</TIMEX3> was disputed.
</TEXT>
</TimeML>
"""


def _doc() -> timebank.TimeDoc:
    return timebank.parse_tml(TML, "toy")


def test_parse_tml_offsets_and_dct() -> None:
    doc = _doc()
    assert doc.dct == dt.date(2024, 11, 20)
    assert "AT&T hosted" in doc.text and "<" not in doc.text
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("yesterday", "DATE", "2024-11-19"),
        ("Monday", "DATE", "2024-11-18"),
        ("two hours", "DURATION", "P2H"),
        ("next year", "DATE", "2025"),
        ("earlier this month", "DATE", "2024-11"),
    ]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text


def _fixed_tagger(doc: timebank.TimeDoc) -> timebank.Tagger:
    """Predictions with known outcomes against the 4 gold DATEs."""
    text = doc.text

    def at(phrase: str, value: str, cut: int = 0) -> Time:
        s = text.index(phrase)
        return Time(Span.of(text, s, s + len(phrase) - cut), value)

    def tagger(t: str, anchor: dt.date | None) -> list[Time]:
        assert anchor == dt.date(2024, 11, 20)
        return [
            at("yesterday", "2024-11-19"),  # exact, right value
            at("Monday", "2024-11-25"),  # exact, wrong value
            at("two hours", "2024-11-20"),  # overlaps gold DURATION: ignored (strict: FP)
            at("earlier this month", "2024-11", cut=6),  # overlap only, right value
            at("Rebels", "2024"),  # false positive
            at("due", "2024-11-20/2025-01-20"),  # interval: not a DATE prediction
        ]  # "next year" missed

    return tagger


def test_score_known_figures() -> None:
    doc = _doc()
    res = timebank.score([doc], _fixed_tagger(doc))
    f = res.figures
    # overlap: tp=3, fp=1 (Rebels), fn=1 (next year)
    assert res.counts["tp"] == 3 and res.counts["fp"] == 1 and res.counts["fn"] == 1
    assert res.counts["ignored_other_type"] == 1
    assert f["date_detection_precision"] == pytest.approx(0.75)
    assert f["date_detection_recall"] == pytest.approx(0.75)
    assert f["date_detection_f1"] == pytest.approx(0.75)
    assert f["date_detection_precision_strict"] == pytest.approx(0.6)
    # exact: 2 hits (yesterday, Monday); predicted 5 non-interval, of which the ignored one
    # doesn't count: exact P = 2/4, R = 2/4
    assert f["date_exact_f1"] == pytest.approx(0.5)
    # values: yesterday and earlier this month right, Monday wrong
    assert f["date_value_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_score_one_to_one() -> None:
    doc = _doc()
    s = doc.text.index("yesterday")

    def twice(t: str, anchor: dt.date | None) -> list[Time]:
        return [Time(Span.of(t, s, s + 4), "2024-11-19"), Time(Span.of(t, s + 4, s + 9), "2024-11-19")]

    res = timebank.score([doc], twice)
    assert res.counts["tp"] == 1 and res.counts["fp"] == 1


def test_real_tagger_on_toy() -> None:
    res = timebank.score([_doc()], find_times)
    assert res.figures["date_detection_f1"] == pytest.approx(1.0)
    assert res.figures["date_value_accuracy"] == pytest.approx(1.0)


SHARED = shared_dir()
HAVE = (SHARED / "gold" / "timebank").is_dir() and any((SHARED / "gold" / "timebank").glob("*.tml"))


@pytest.mark.shared
@pytest.mark.skipif(not HAVE, reason=f"TimeBank not found under {SHARED}/gold/timebank (set DETENTE_SHARED)")
def test_real_timebank() -> None:
    res = timebank.run(Path(SHARED))
    f = res.figures
    assert res.counts["docs"] == 183
    assert res.counts["gold_dates"] > 900
    # measured: detection F1 0.949 (P 0.951, R 0.947), exact F1 0.868, value accuracy 0.884
    assert f["date_detection_f1"] >= 0.93
    assert f["date_detection_precision"] >= 0.93
    assert f["date_detection_recall"] >= 0.92
    assert f["date_exact_f1"] >= 0.84
    assert f["date_value_accuracy"] >= 0.86
