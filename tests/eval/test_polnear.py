"""PolNeAR scorer on hand-made brat gold with a stub predictor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.eval import polnear as P
from detente.eval.base import shared_dir
from detente.models import Actor, Analysis, Article, Quote, Span, Speaker

TEXT = (
    'Trump said "We will win." The senator claimed that taxes would rise. '
    "Officials expect a deal soon, a source said. Clinton added: she was tired."
)


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in TEXT."""
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(sub, i + 1)
    return i, i + len(sub)


def span(sub: str, nth: int = 0) -> Span:
    s, e = at(sub, nth)
    return Span.of(TEXT, s, e)


def brat(spans: list[tuple[str, str, str]], events: list[str]) -> str:
    """``spans``: (id, label, offsets "s e[;s e]"); text column filled from TEXT."""
    lines = []
    for tid, label, offs in spans:
        segs = [tuple(map(int, p.split())) for p in offs.split(";")]
        lines.append(f"{tid}\t{label} {offs}\t{' '.join(TEXT[s:e] for s, e in segs)}")
    lines.extend(events)
    return "\n".join(lines) + "\n"


def o(sub: str, nth: int = 0) -> str:
    s, e = at(sub, nth)
    return f"{s} {e}"


ANN = brat(
    [
        ("T1", "Source", o("Trump")),
        ("T2", "Cue", o("said")),
        ("T3", "Content", o('"We will win."')),
        ("T4", "Attribution", o("said")),
        ("T5", "Source", o("The senator")),
        ("T6", "Cue", o("claimed")),
        ("T7", "Content", o("that taxes would rise")),
        ("T8", "Attribution", o("claimed")),
        ("T9", "Content", o("Officials expect a deal soon")),
        ("T10", "Source", o("a source")),
        ("T11", "Cue", o("said", 1)),
        ("T12", "Attribution", o("said", 1)),
        ("T13", "Cue", o("added")),
        ("T14", "Content", o("she was tired")),
        ("T15", "Attribution-no-source", o("added")),
        ("T16", "Discard", o("Clinton")),
    ],
    [
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        "E3\tAttribution:T12 Content:T9 Source:T10 Cue:T11",
        "E4\tAttribution-no-source:T15 Cue:T13 Content:T14",
        "#1\tAnnotatorNotes T3\tsome note",
    ],
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    name = "nyt_2016-10-01_some-story"
    (root / "dev" / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (root / "dev" / "attributions" / f"{name}_aaaa.ann").write_text(ANN, encoding="utf-8")
    # a second annotator: must be ignored (not first in sorted order)
    (root / "dev" / "attributions" / f"{name}_bbbb.ann").write_text(
        "T1\tContent 0 5\tTrump\nT2\tCue 6 10\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n", encoding="utf-8"
    )
    # an article without text is skipped; one with a date only in its name
    (root / "dev" / "attributions" / "nyt_2016-10-02_orphan_aaaa.ann").write_text(ANN, encoding="utf-8")
    (root / "dev" / "text" / "wash-post_2016-10-03_other.txt").write_text(TEXT, encoding="utf-8")
    (root / "dev" / "attributions" / "wash-post_2016-10-03_other_cccc.ann").write_text("", encoding="utf-8")
    (root / "metadata.tsv").write_text(
        f"compartment\tfilename\tpublication_date\ttitle\ndev\t{name}\t2016-10-01\tA title\n",
        encoding="utf-8",
    )
    return root


def test_parse_ann_roles_no_source_and_discontinuous() -> None:
    ann = ANN + 'T20\tContent 0 5;11 14\tTrump "We\nE9\tAttribution:T2 Content:T20 Cue:T2 Content2:T14\n'
    atts = {a.id: a for a in P.parse_ann(ann)}
    assert set(atts) == {"E1", "E2", "E3", "E4", "E9"}
    assert atts["E1"].source == (at("Trump"),)
    assert atts["E1"].cue == (at("said"),)
    assert atts["E4"].source == ()
    assert atts["E4"].cue == (at("added"),)
    # discontinuous content plus a Content2 role: all segments, sorted
    assert atts["E9"].content == ((0, 5), (11, 14), at("she was tired"))
    assert atts["E9"].content_chars() == frozenset(
        [*range(0, 5), *range(11, 14), *range(*at("she was tired"))]
    )


def test_parse_ann_skips_attribution_without_content() -> None:
    assert P.parse_ann("T1\tCue 6 10\tsaid\nE1\tAttribution:T1 Cue:T1\n") == []


def test_load_split_first_annotator_date_and_skips(corpus: Path) -> None:
    arts = P.load_split(corpus, "dev")
    assert [a.name for a in arts] == ["nyt_2016-10-01_some-story", "wash-post_2016-10-03_other"]
    first, second = arts
    assert first.published == "2016-10-01"
    assert len(first.attributions) == 4  # aaaa, not bbbb's single attribution
    assert second.published == "2016-10-03"  # from the file name
    assert second.attributions == []
    assert len(P.load_split(corpus, "dev", limit=1)) == 1
    with pytest.raises(FileNotFoundError):
        P.load_split(corpus, "train")


def test_is_direct() -> None:
    assert P.is_direct(TEXT, (at('"We will win."'),))
    assert P.is_direct(TEXT, (at("We will win."),))  # quote marks just outside the span
    assert not P.is_direct(TEXT, (at("that taxes would rise"),))
    mixed = 'He called it "a disaster" for all.'
    assert not P.is_direct(mixed, ((13, 34),))
    assert P.is_direct("“Yes,” “No.”", ((0, 12),))


def test_head_name() -> None:
    assert P.head_name("Donald Trump") == "trump"
    assert P.head_name("Trump's") == "trump"
    assert P.head_name("The senator") is None
    assert P.head_name("a source") is None
    assert P.head_name("Mr. Biden") == "biden"
    assert P.head_name("Martin Luther King Jr.") == "king"
    assert P.head_name("The New York Post") == "post"


def test_match_threshold_and_one_to_one() -> None:
    gold = [frozenset(range(10, 20))]
    # twice as long as gold: overlap is exactly 50% of the prediction → match
    assert P.match([frozenset(range(10, 30))], gold) == [(0, 0)]
    # a little longer: 10/21 < 0.5 → no match
    assert P.match([frozenset(range(10, 31))], gold) == []
    # covering only 4 of 10 gold chars → no match
    assert P.match([frozenset(range(10, 14))], gold) == []
    # two predictions for one gold: the larger overlap wins, the other is left over
    assert P.match([frozenset(range(12, 20)), frozenset(range(10, 20))], gold) == [(1, 0)]


def stub(quotes: list[Quote], actors: list[Actor] | None = None) -> P.Predict:
    seen: list[tuple[str, str | None]] = []

    def predict(text: str, published: str | None) -> Analysis:
        seen.append((text, published))
        return Analysis(Article(text=text, published=published), actors=actors or [], quotes=list(quotes))

    predict.seen = seen  # type: ignore[attr-defined]
    return predict


PREDS = [
    # matches E1 exactly, right speaker, right cue
    Quote(span('"We will win."'), Speaker(span("Trump")), span("said"), kind="direct"),
    # matches E2 (21 of 41 chars), wrong speaker, no cue
    Quote(span("The senator claimed that taxes would rise"), Speaker(span("Clinton")), None),
    # 11 of E3's 28 chars: no match → false positive (indirect)
    Quote(span("a deal soon, a source said"), Speaker(span("a source")), span("said", 1)),
    # matches E4 (no gold source): None speaker is right
    Quote(span("she was tired"), None, span("added")),
    # spurious direct statement
    Quote(span("Clinton"), None, None, kind="direct"),
]


def test_score_known_prf(corpus: Path) -> None:
    gold = P.load_split(corpus, "dev", limit=1)
    predict = stub(PREDS)
    result = P.score(gold, predict)
    f = result.figures
    assert predict.seen == [(TEXT, "2016-10-01")]  # type: ignore[attr-defined]
    assert result.counts["gold"] == 4 and result.counts["predicted"] == 5 and result.counts["matched"] == 3
    assert f["content_precision"] == pytest.approx(3 / 5)
    assert f["content_recall"] == pytest.approx(3 / 4)
    assert f["content_f1"] == pytest.approx(2 / 3)
    assert f["speaker_accuracy"] == pytest.approx(2 / 3)
    assert f["cue_accuracy"] == pytest.approx(2 / 3)
    # direct: E1 matched, "Clinton" spurious → P 1/2, R 1, F 2/3
    assert f["direct_content_precision"] == pytest.approx(1 / 2)
    assert f["direct_content_recall"] == pytest.approx(1.0)
    assert f["direct_content_f1"] == pytest.approx(2 / 3)
    # indirect: E2, E4 matched, E3 missed, one spurious → 2/3 each
    assert f["indirect_content_f1"] == pytest.approx(2 / 3)
    assert f["indirect_speaker_accuracy"] == pytest.approx(1 / 2)
    # end to end: tp 2 (E1, E4), fp 3, fn 2 → P .4, R .5
    assert f["end_to_end_f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_perfect_and_empty_predictions(corpus: Path) -> None:
    gold = P.load_split(corpus, "dev", limit=1)
    perfect = [
        Quote(span('"We will win."'), Speaker(span("Trump")), span("said"), kind="direct"),
        Quote(span("that taxes would rise"), Speaker(span("The senator")), span("claimed")),
        Quote(span("Officials expect a deal soon"), Speaker(span("a source")), span("said", 1)),
        Quote(span("she was tired"), None, span("added")),
    ]
    f = P.score(gold, stub(perfect)).figures
    assert f["content_f1"] == f["speaker_accuracy"] == f["cue_accuracy"] == f["end_to_end_f1"] == 1.0
    empty = P.score(gold, stub([])).figures
    assert empty["content_f1"] == empty["speaker_accuracy"] == empty["end_to_end_f1"] == 0.0


def test_speaker_by_head_name_or_actor() -> None:
    text = "Hillary Clinton spoke. Later, Clinton said it rained. He added more."
    g = P.GoldAttribution("E1", content=((42, 52),), source=((0, 15),), cue=((38, 42),))
    # a different mention with the same surname
    q = Quote(Span.of(text, 42, 52), Speaker(Span.of(text, 30, 37)))
    assert P.speaker_right(q, g, text)
    # a pronoun resolved to an actor whose name has the same surname
    q2 = Quote(Span.of(text, 42, 52), Speaker(Span.of(text, 54, 56), actor="a1"))
    analysis = Analysis(Article(text=text), actors=[Actor("a1", "Hillary Clinton", "person")])
    assert not P.speaker_right(q2, g, text)
    assert P.speaker_right(q2, g, text, analysis)
    # a wrong name, and a missing speaker where gold has one
    q3 = Quote(Span.of(text, 42, 52), Speaker(Span.of(text, 0, 7)))  # "Hillary": overlaps gold
    assert P.speaker_right(q3, g, text)
    wrong = "Donald Trump spoke. Later, Clinton said it rained."
    g2 = P.GoldAttribution("E1", content=((39, 49),), source=((0, 12),), cue=((35, 39),))
    assert not P.speaker_right(Quote(Span.of(wrong, 39, 49), Speaker(Span.of(wrong, 27, 34))), g2, wrong)
    assert not P.speaker_right(Quote(Span.of(wrong, 39, 49), None), g2, wrong)


def test_dump_errors_jsonl(corpus: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "gold").mkdir(parents=True)
    corpus.rename(shared / "gold" / "polnear")
    out = tmp_path / "errors.jsonl"
    result = P.dump_errors(out, shared, limit=1, predict=stub(PREDS))
    assert result.counts["matched"] == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert [m["content"] for m in row["missed"]] == ["Officials expect a deal soon"]
    assert {s["content"] for s in row["spurious"]} == {"a deal soon, a source said", "Clinton"}
    # only the wrong matched pair (E2) is kept
    assert [m["gold"]["source"] for m in row["matched"]] == ["The senator"]


@pytest.mark.slow
@pytest.mark.shared
def test_real_dev_set_loads_and_gold_scores_itself() -> None:
    root = shared_dir() / "gold" / "polnear"
    if not (root / "dev").is_dir():
        pytest.skip("PolNeAR gold not available")
    gold = P.load_split(root, "dev")
    assert len(gold) == 84
    by_text = {g.text: g for g in gold}

    def oracle(text: str, published: str | None) -> Analysis:
        quotes = []
        for a in by_text[text].attributions:
            sp = Speaker(Span.of(text, *a.source[0])) if a.source else None
            quotes.append(
                Quote(Span.of(text, a.content[0][0], a.content[-1][1]), sp, Span.of(text, *a.cue[0]))
            )
        return Analysis(Article(text=text, published=published), quotes=quotes)

    f = P.score(gold, oracle).figures
    assert f["content_f1"] > 0.98
    assert f["speaker_accuracy"] == 1.0


def test_second_annotations_and_as_prediction(corpus: Path) -> None:
    second = P.second_annotations(corpus, "dev")
    assert list(second) == ["nyt_2016-10-01_some-story"]  # the only article annotated twice
    (only,) = second["nyt_2016-10-01_some-story"]
    assert only.content == ((0, 5),) and only.cue == ((6, 10),) and only.source == ()
    # a discontinuous content is stated from its first to its last segment
    att = P.GoldAttribution("E1", content=(at('"We will'), at("win.")), source=(at("Trump"),), cue=(at("said"),))
    q = P.as_prediction(TEXT, att)
    assert (q.content.start, q.content.end) == (at('"We will')[0], at("win.")[1])
    assert q.speaker is not None and q.speaker.span.text == "Trump"
    assert q.cue is not None and q.cue.text == "said"
    assert q.kind == "direct"


def test_agreement_scores_the_second_annotator_against_the_first(corpus: Path, tmp_path: Path) -> None:
    from detente.eval import polnear_agreement

    shared = tmp_path / "shared"
    (shared / "gold").mkdir(parents=True)
    corpus = corpus.rename(shared / "gold" / "polnear")
    # the fixture's second annotator marked only "Trump" (a content no first-annotator
    # content overlaps): nothing agrees
    r = polnear_agreement.run(shared)
    assert r.counts["articles"] == 1 and r.counts["gold"] == 4 and r.counts["predicted"] == 1
    assert r.figures["content_f1"] == 0.0
    # a second annotator who copies the first agrees on everything
    name = "nyt_2016-10-01_some-story"
    (corpus / "dev" / "attributions" / f"{name}_bbbb.ann").write_text(ANN, encoding="utf-8")
    r = polnear_agreement.run(shared)
    assert r.figures["content_f1"] == 1.0 and r.figures["speaker_accuracy"] == 1.0


def test_rules_set_reads_train_with_no_tagger(corpus: Path, tmp_path: Path) -> None:
    """``polnear_rules``: the train split, read by the rules alone (both taggers learnt from
    train, so only the rules can be measured there cleanly)."""
    from detente.eval import polnear_rules

    shared = tmp_path / "shared"
    (shared / "gold").mkdir(parents=True)
    corpus = corpus.rename(shared / "gold" / "polnear")
    with pytest.raises(FileNotFoundError):
        polnear_rules.run(shared)  # no train split yet
    (corpus / "dev").rename(corpus / "train")
    r = polnear_rules.run(shared)
    assert r.name == "polnear_rules" and "tagger=off" in r.notes[-1] and "split=train" in r.notes[-1]
    assert r.counts["articles"] == 2 and r.counts["gold"] == 4
    # the rules find the quotation and the claim with their speakers
    assert r.counts["matched"] >= 2 and r.counts["speaker_right"] >= 2
