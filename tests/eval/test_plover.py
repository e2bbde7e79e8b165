"""PLOVER scorer on hand-made gold records with a stub predictor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.eval import plover as PL
from detente.eval.base import shared_dir
from detente.models import Actor, Analysis, Article, Event, Span

R1 = "Hungary and Romania agreed to cooperate."
R2 = "Greece demanded that Turkey withdraw."
R3 = "The United Nations criticised Japan."
R4 = "Rebels fought in the north."

RECORDS: list[dict[str, Any]] = [
    {"id": "DOC-1", "event": "DOCUMENT", "eventText": "docs"},
    {
        "id": "AGREE-1",
        "event": "AGREE",
        "eventText": "agreed cooperate",
        "text": R1,
        "date": "2000-01-01",
        "source": [{"actorText": "Hungary", "code": "HUN"}, {"actorText": "Romania", "code": "ROU"}],
    },
    {
        "id": "DEMAND-1",
        "event": "DEMAND",
        "eventText": "demanded",
        "text": R2,
        "source": [{"actorText": "Greece", "code": "GRC", "sector": "GOV"}],
        "target": [{"actorText": "Turkey", "code": "TUR"}],
    },
    {
        "id": "DISAPPROVE-1",
        "event": "DISAPPROVE",
        "eventText": "criticised",
        "text": R3,
        "source": [{"actorText": "United Nations", "code": "IGO"}],
        "target": [{"actorText": "Japan", "code": "JAP"}],
    },
    {
        "id": "FIGHT-1",
        "event": "FIGHT",
        "eventText": "fought",
        "text": R4,
        "source": [{"actorText": "Rebels", "code": "SDN", "sector": "REB"}],
        "target": "",
    },
]


def ev(text: str, typ: str, trigger: str, src: str | None = None, tgt: str | None = None, **kw: str) -> Event:
    s = text.index(trigger)
    return Event(
        type=typ,
        trigger=Span.of(text, s, s + len(trigger)),
        evidence=Span.of(text, 0, len(text)),
        source_country=src,
        target_country=tgt,
        **kw,  # type: ignore[arg-type]
    )


PRED = {
    # the AGREE event is picked (first eventText word), COOPERATE is an extra triple
    R1: Analysis(
        Article(text=R1),
        events=[ev(R1, "COOPERATE", "cooperate", "ROU"), ev(R1, "AGREE", "agreed", "HUN")],
    ),
    # source country from the actor; wrong target
    R2: Analysis(
        Article(text=R2),
        actors=[Actor("a1", "Greece", "country", country="GRC")],
        events=[ev(R2, "REQUEST", "demanded", None, "USA", source="a1")],
    ),
    # nothing found
    R3: Analysis(Article(text=R3)),
    # no trigger overlaps "fought": the first event is picked
    R4: Analysis(
        Article(text=R4),
        events=[ev(R4, "PROTEST", "Rebels", "SDN"), ev(R4, "ASSAULT", "north")],
    ),
}


def predict(text: str, published: str | None) -> Analysis:
    return PRED[text]


def test_parse_records_maps_labels_and_codes() -> None:
    recs = PL.parse_records(RECORDS)
    assert [r.id for r in recs] == ["AGREE-1", "DEMAND-1", "DISAPPROVE-1", "FIGHT-1"]
    assert [r.type for r in recs] == ["AGREE", "REQUEST", "ACCUSE", "ASSAULT"]
    assert recs[0].source == ("HUN", "ROU") and recs[0].target == ()
    assert recs[2].source == (None,)  # IGO: no country
    assert recs[2].target == ("JPN",)  # legacy JAP
    assert recs[3].target == ()  # "" target
    assert PL.normalise_type("investigate") == "ACCUSE"
    assert PL.normalise_code("ITL") == "ITA" and PL.normalise_code("NGO") is None


def test_pick_event() -> None:
    events = PRED[R1].events
    assert PL.pick_event(events, R1, "agreed cooperate") is events[1]
    assert PL.pick_event(events, R1, "cooperate") is events[0]
    assert PL.pick_event(events, R1, "nothing here") is events[0]
    assert PL.pick_event([], R1, "agreed") is None


def test_gold_triples_product() -> None:
    rec = PL.parse_records(RECORDS)[0]
    assert PL.gold_triples(rec) == {("AGREE", "HUN", None), ("AGREE", "ROU", None)}


def test_score_known_figures() -> None:
    result = PL.score(PL.parse_records(RECORDS), predict)
    f = result.figures
    assert result.counts["records"] == 4
    assert f["type_accuracy"] == pytest.approx(2 / 4)  # AGREE-1, DEMAND-1
    # sources: HUN∈{HUN,ROU}; GRC via actor; None for IGO; SDN → 4/4
    assert f["source_country_accuracy"] == pytest.approx(1.0)
    # targets: USA≠TUR, None≠JPN → 0/2
    assert f["target_country_accuracy"] == pytest.approx(0.0)
    assert f["country_accuracy"] == pytest.approx(4 / 6)
    # triples: tp 1 (AGREE,HUN,None); fp 1+1+0+2; fn 1+1+1+1 → P = R = 1/5
    assert (result.counts["triple_tp"], result.counts["triple_fp"], result.counts["triple_fn"]) == (1, 4, 4)
    assert f["triple_f1"] == pytest.approx(0.2)


def test_all_right() -> None:
    good = {
        R1: Analysis(
            Article(text=R1), events=[ev(R1, "AGREE", "agreed", "HUN"), ev(R1, "AGREE", "agreed", "ROU")]
        ),
        R2: Analysis(Article(text=R2), events=[ev(R2, "REQUEST", "demanded", "GRC", "TUR")]),
        R3: Analysis(Article(text=R3), events=[ev(R3, "ACCUSE", "criticised", None, "JPN")]),
        R4: Analysis(Article(text=R4), events=[ev(R4, "ASSAULT", "fought", "SDN")]),
    }
    f = PL.score(PL.parse_records(RECORDS), lambda t, d: good[t]).figures
    assert f == {
        "type_accuracy": 1.0,
        "source_country_accuracy": 1.0,
        "target_country_accuracy": 1.0,
        "country_accuracy": 1.0,
        "triple_f1": 1.0,
    }


def test_load_records_and_dump_errors(tmp_path: Path) -> None:
    gold = tmp_path / "gold" / "plover"
    gold.mkdir(parents=True)
    (gold / "PLOVER_GSR_CAMEO.txt").write_text(json.dumps(RECORDS), encoding="utf-8")
    assert len(PL.load_records(PL.gold_path(tmp_path), limit=2)) == 2
    out = tmp_path / "err.jsonl"
    PL.dump_errors(out, tmp_path, predict=predict)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["DEMAND-1", "DISAPPROVE-1", "FIGHT-1"]
    with pytest.raises(FileNotFoundError):
        PL.load_records(tmp_path / "missing.txt")


@pytest.mark.slow
@pytest.mark.shared
def test_real_gold_file_parses() -> None:
    path = PL.gold_path(shared_dir())
    if not path.exists():
        pytest.skip("PLOVER gold not available")
    recs = PL.load_records(path)
    assert len(recs) == 322
    assert not {r.type for r in recs} & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"}
    assert all(c is None or len(c) == 3 for r in recs for c in (*r.source, *r.target))


def test_crashing_predictor_scores_as_empty() -> None:
    def flaky(text: str, published: str | None) -> Analysis:
        if text == R3:
            raise RuntimeError("parser fell over")
        return PRED[text]

    result = PL.score(PL.parse_records(RECORDS), flaky)
    assert result.counts["predict_errors"] == 1
    assert "DISAPPROVE-1" in result.notes[0]
    # R3's prediction was empty anyway: same figures as with the stub
    assert result.figures == PL.score(PL.parse_records(RECORDS), predict).figures
