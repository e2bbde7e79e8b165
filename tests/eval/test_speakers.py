"""Speaker gold-set scorer on a hand-made article; the shipped gold against ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from detente.eval import speakers as S
from detente.eval.base import shared_dir
from detente.eval.sources import read_source, reuters_story
from detente.models import Actor, Analysis, Article, Quote, Span, Speaker

TEXT = (
    "Charles Kennedy said taxes were too high. He added that trust was low. "
    "The government said it disagreed. Analysts said little. "
    "A spokesman for Suiker Unie told Reuters the crop was good."
)


def at(text: str, nth: int = 0) -> int:
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(text, i + 1)
    return i


def stmt(cue: str, speaker: str, name: str, country: str | None, sector: str | None, **kw: object) -> dict[str, object]:
    return {"cue": cue, "at": at(cue, int(kw.pop("cue_nth", 0))), "speaker": speaker, "speaker_at": at(speaker),
            "name": name, "type": kw.pop("type", "person"), "country": country, "sector": sector, **kw}


ENTRY = {
    "source": "corpus/x.txt",
    "split": "dev",
    "published": "2005-01-15",
    "statements": [
        stmt("said", "Charles Kennedy", "Charles Kennedy", "GBR", "PTY|LEG", named=True),
        stmt("added", "He", "Charles Kennedy", "GBR", "PTY|LEG", named=True),
        stmt("said", "The government", "British government", "GBR", "GOV", type="organization", cue_nth=1),
        stmt("said", "Analysts", "analysts", None, None, generic=True, cue_nth=2),
        stmt("told", "A spokesman for Suiker Unie", "spokesman for Suiker Unie", "NLD", "BUS"),
    ],
}


def span(text: str, nth: int = 0) -> Span:
    s = at(text, nth)
    return Span.of(TEXT, s, s + len(text))


def quote(cue: str, speaker: str, actor: str | None, cue_nth: int = 0) -> Quote:
    content = span("taxes were too high")  # the scorer looks only at cue and speaker
    return Quote(content, Speaker(span(speaker), actor), span(cue, cue_nth))


PRED = Analysis(
    Article(text=TEXT),
    actors=[
        Actor("kennedy", "Charles Kennedy", "person", "GBR", "PTY", mentions=[span("Charles Kennedy"), span("He")]),
        Actor("GBR-gov", "United Kingdom government", "organization", "GBR", "GOV", mentions=[span("The government")]),
        Actor("suiker", "Suiker Unie", "organization", None, "BUS", mentions=[span("Suiker Unie")]),
    ],
    quotes=[
        quote("said", "Charles Kennedy", "kennedy"),
        # found by its speaker's words, not its cue
        Quote(span("trust was low"), Speaker(span("He"), "kennedy"), None),
        quote("said", "The government", "GBR-gov", cue_nth=1),
        quote("said", "Analysts", None, cue_nth=2),
        # the company's country is not known: wrong
        quote("told", "A spokesman for Suiker Unie", "suiker"),
    ],
)


def test_parse_entry_checks_offsets_and_split() -> None:
    doc = S.parse_entry(ENTRY, TEXT, None)
    assert doc.published == "2005-01-15"
    assert [s.kind for s in doc.statements] == ["named", "pronoun", "description", "named", "named"]
    assert doc.statements[0].sectors == {"PTY", "LEG"}
    moved = {**ENTRY, "statements": [{**ENTRY["statements"][0], "at": 3}]}  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="cue 'said' is not at offset 3"):
        S.parse_entry(moved, TEXT, None)
    with pytest.raises(ValueError, match="split"):
        S.parse_entry({**ENTRY, "split": "train"}, TEXT, None)


def test_score_hand_made_article() -> None:
    doc = S.parse_entry(ENTRY, TEXT, None)
    result, reports = S.evaluate([doc], lambda text, published: PRED)
    f, c = result.figures, result.counts
    assert c["gold_statements"] == 4 and c["generic_speakers"] == 1 and c["paired"] == 4
    assert f["found"] == 1.0
    assert f["country_accuracy"] == 0.75  # Suiker Unie has no country
    assert f["resolved_accuracy"] == 0.75 and f["resolved_recall"] == 0.75
    assert f["pronoun_resolved"] == 1.0 and f["description_resolved"] == 1.0 and f["named_resolved"] == 0.5
    (wrong,) = reports[0]["errors"]
    assert wrong["wrong"]["name"] == "spokesman for Suiker Unie" and wrong["predicted"]["country"] is None


def test_wrong_person_and_missing_statement() -> None:
    doc = S.parse_entry(ENTRY, TEXT, None)
    other = Actor("blair", "Tony Blair", "person", "GBR", "PTY")
    pred = Analysis(Article(text=TEXT), actors=[other], quotes=[quote("said", "Charles Kennedy", "blair")])
    result, _ = S.evaluate([doc], lambda text, published: pred)
    assert result.counts["paired"] == 1
    assert result.figures["country_accuracy"] == 1.0  # right country and sector, wrong man
    assert result.figures["resolved_accuracy"] == 0.0 and result.figures["found"] == 0.25


def test_a_crashing_predictor_scores_empty() -> None:
    def boom(text: str, published: str | None) -> Analysis:
        raise RuntimeError("boom")

    result, _ = S.evaluate([S.parse_entry(ENTRY, TEXT, None)], boom)
    assert result.figures["found"] == 0.0 and result.counts["predict_errors"] == 1


def test_reuters_story_reads_title_body_and_date() -> None:
    sgm = (
        '<REUTERS NEWID="7"><DATE> 8-APR-1987 10:08:12.27</DATE><TEXT><TITLE>SUGAR &lt;UP&gt;</TITLE>'
        "<DATELINE>    LONDON, April 8 - </DATELINE><BODY>Prices rose, a trader said.\n Reuter\n&#3;</BODY></TEXT></REUTERS>"
        '<REUTERS NEWID="8"><TEXT><BODY>Other.</BODY></TEXT></REUTERS>'
    )
    assert reuters_story(sgm, "7") == ("SUGAR <UP>\n\nLONDON, April 8 - Prices rose, a trader said.\n", "1987-04-08")
    assert reuters_story(sgm, "8") == ("Other.\n", None)
    with pytest.raises(ValueError, match="NEWID 9"):
        reuters_story(sgm, "9")


def test_read_source_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path, "corpus/none.txt")
    (tmp_path / "a.txt").write_text("Hello.", encoding="utf-8")
    assert read_source(tmp_path, "a.txt") == ("Hello.", None)
    with pytest.raises(ValueError, match="anchor"):
        read_source(tmp_path, "a.txt#x")


def test_shipped_gold_is_well_formed() -> None:
    entries = yaml.safe_load(S.GOLD_PATH.read_text(encoding="utf-8"))
    assert len(entries) >= 30
    assert {e["split"] for e in entries} == set(S.SPLITS)
    for e in entries:
        for s in e["statements"]:
            assert s["country"] is None or (len(s["country"]) == 3 and s["country"].isupper()), s
            assert {"cue", "at", "speaker", "speaker_at", "name", "type"} <= set(s), s


SHARED = shared_dir()


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason=f"no corpora in {SHARED}")
def test_shipped_gold_anchors_in_shared() -> None:
    docs = S.load_gold(SHARED, None)
    assert len(docs) == len(yaml.safe_load(S.GOLD_PATH.read_text(encoding="utf-8")))
    assert sum(len(d.statements) for d in docs) >= 200
