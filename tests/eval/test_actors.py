"""Actor gold-set scorer on a hand-made article, and the shipped gold against ../shared."""

from __future__ import annotations

import pytest
import yaml

from detente.eval import actors as A
from detente.eval.base import shared_dir
from detente.models import Actor, Analysis, Article, Span

TEXT = "Iran’s Foreign Minister Abbas Araghchi met US envoy Steve Witkoff. Araghchi said Tehran wants a deal. He spoke to the UN."

ENTRY = {
    "feed": "feeds/news/x.xml",
    "url": "https://example.org/1",
    "split": "dev",
    "actors": {
        "Iran": {"type": "country", "country": "IRN", "sector": "GOV"},
        "Abbas Araghchi": {"type": "person", "country": "IRN", "sector": "GOV"},
        "United States": {"type": "country", "country": "USA", "sector": "GOV"},
        "Steve Witkoff": {"type": "person", "country": "USA", "sector": "GOV"},
        "UN": {"type": "igo", "country": None, "sector": "IGO|GOV"},
    },
    "mentions": [
        ["Iran", "Iran"],
        ["Abbas Araghchi", "Abbas Araghchi"],
        ["US", "United States"],
        ["Steve Witkoff", "Steve Witkoff"],
        ["Araghchi", "Abbas Araghchi"],
        ["Tehran", "Iran"],
        ["UN", "UN"],
    ],
}


def span(text: str, start_at: int = 0) -> Span:
    s = TEXT.index(text, start_at)
    return Span.of(TEXT, s, s + len(text))


PRED = Analysis(
    Article(text=TEXT),
    actors=[
        Actor("IRN", "Iran", "country", "IRN", "GOV", mentions=[span("Iran"), span("Tehran")]),
        # the title inside the span still pairs with the name; the pronoun is not scored
        Actor("abbas-araghchi", "Abbas Araghchi", "person", "IRN", "GOV",
              mentions=[span("Foreign Minister Abbas Araghchi"), span("He")]),
        # the repeat came out as another actor, with no country or sector
        Actor("araghchi", "Araghchi", "person", mentions=[span("Araghchi", 60)]),
        Actor("USA", "United States", "country", "USA", "GOV", mentions=[span("US")]),
        Actor("foreign", "Foreign", "organization", mentions=[span("Foreign")]),  # not a gold mention
        Actor("united-nations", "United Nations", "igo", None, "IGO", mentions=[span("UN")]),
    ],
)


def test_anchor_is_whole_word_and_in_order() -> None:
    text = "Iranian officials said Iran and Iran’s allies"
    got = A.anchor(text, [["Iran", "k"], ["Iran", "k"]])
    assert [(m.start, m.text) for m in got] == [(23, "Iran"), (32, "Iran")]
    with pytest.raises(ValueError, match="not found"):
        A.anchor(text, [["Iran", "k"], ["Iran", "k"], ["Iran", "k"]])
    with pytest.raises(ValueError, match=r"\[text, key\]"):
        A.anchor(text, [["Iran"]])


def test_parse_entry_checks_keys_countries_and_split() -> None:
    doc = A.parse_entry(ENTRY, TEXT, "2026-02-17")
    assert len(doc.mentions) == 7 and doc.actors["UN"].sectors == {"IGO", "GOV"}
    assert doc.mentions[4].start == TEXT.index("Araghchi said")
    bad_key = {**ENTRY, "mentions": [["Iran", "Persia"]]}
    with pytest.raises(ValueError, match="undeclared"):
        A.parse_entry(bad_key, TEXT, None)
    bad_country = {**ENTRY, "actors": {**ENTRY["actors"], "Iran": {"type": "country", "country": "Iran"}}}
    with pytest.raises(ValueError, match="ISO3"):
        A.parse_entry(bad_country, TEXT, None)
    with pytest.raises(ValueError, match="split"):
        A.parse_entry({**ENTRY, "split": "train"}, TEXT, None)


def test_pair_is_one_to_one_by_greatest_overlap() -> None:
    gold = [A.GoldMention(0, 10, "a", "k"), A.GoldMention(12, 20, "b", "k")]
    pred = [A.PredMention(5, 15, "x", "p", "person", None, None), A.PredMention(12, 19, "y", "q", "person", None, None)]
    # the wide prediction overlaps both, but 'b' pairs with its better match first
    assert A.pair(gold, pred) == [(0, 0), (1, 1)]
    assert A.pair(gold[:1], pred) == [(0, 0)]
    assert A.pair(gold[1:], pred) == [(0, 1)]


def test_b_cubed() -> None:
    # one gold actor split in two: precision perfect, recall 1/2 for each of its mentions
    p, r = A.b_cubed(["a", "a", "b"], ["x", "y", "z"])
    assert (p, r) == (3.0, 2.0)
    # two gold actors merged: recall perfect, precision 1/2 each
    p, r = A.b_cubed(["a", "b"], ["x", "x"])
    assert (p, r) == (1.0, 2.0)


def test_score_hand_made_article() -> None:
    doc = A.parse_entry(ENTRY, TEXT, None)
    result, reports = A.evaluate([doc], lambda text, published: PRED)
    f = result.figures
    assert result.counts["gold_mentions"] == 7 and result.counts["predicted_mentions"] == 7
    assert result.counts["paired"] == 6  # Witkoff missed; "Foreign" spurious; "He" not counted
    assert f["mention_precision"] == pytest.approx(6 / 7) and f["mention_recall"] == pytest.approx(6 / 7)
    assert f["type_accuracy"] == 1.0
    assert f["country_accuracy"] == pytest.approx(5 / 6)  # the stray "Araghchi"
    assert f["sector_accuracy"] == pytest.approx(5 / 6)
    assert f["person_country_accuracy"] == pytest.approx(1 / 2)
    assert f["resolved_f1"] == pytest.approx(5 / 7)
    assert f["identity_f1"] == pytest.approx(10 / 11)  # B3: P 1, R 5/6
    rep = reports[0]
    assert [m[0] for m in rep["missed"]] == ["Steve Witkoff"]
    assert [s[0] for s in rep["spurious"]] == ["Foreign"]
    assert [w["text"] for w in rep["wrong"]] == ["Araghchi"]
    assert rep["merged_or_split"] == ["gold 'Abbas Araghchi' split into ['abbas-araghchi', 'araghchi']"]


def test_optional_mentions_are_neither_required_nor_wrong() -> None:
    text = "US President Donald Trump met Iranian envoys and US officials."
    entry = {
        "feed": "f", "url": "u", "split": "test",
        "actors": {
            "United States": {"type": "country", "country": "USA", "sector": "GOV"},
            "Donald Trump": {"type": "person", "country": "USA", "sector": "GOV"},
            "Iran": {"type": "country", "country": "IRN", "sector": "GOV"},
        },
        "mentions": [
            ["US", "United States", {"optional": True}],  # inside his title
            ["Donald Trump", "Donald Trump"],
            ["Iranian", "Iran", {"optional": True}],
            ["US", "United States"],
        ],
    }
    doc = A.parse_entry(entry, text, None)
    assert [m.optional for m in doc.mentions] == [True, False, True, False]

    def spans(*items: tuple[str, int]) -> list[Span]:
        return [Span.of(text, text.index(t, at), text.index(t, at) + len(t)) for t, at in items]

    # the title's "US" predicted on its own, the whole title-and-name, and "Iranian" left out:
    # none of it costs anything; the second "US" is required
    pred = Analysis(Article(text=text), actors=[
        Actor("USA", "United States", "country", "USA", "GOV", mentions=spans(("US", 0), ("US", 30))),
        Actor("donald-trump", "Donald Trump", "person", "USA", "GOV", mentions=spans(("US President Donald Trump", 0))),
    ])
    result = A.score([doc], lambda t, p: pred)
    assert result.counts["gold_mentions"] == 2 and result.counts["predicted_mentions"] == 2
    assert result.figures["mention_f1"] == 1.0 and result.figures["resolved_f1"] == 1.0
    # with nth the first "US" is skipped
    later = A.anchor(text, [["US", "k", {"nth": 2}]])
    assert later[0].start == text.index("US", 1)


def test_pronouns_but_not_acronyms() -> None:
    assert A.is_pronoun("He") and A.is_pronoun("I") and A.is_pronoun(" who ")
    assert not A.is_pronoun("US") and not A.is_pronoun("IT") and not A.is_pronoun("Iran")


def test_a_crashing_predictor_scores_empty() -> None:
    doc = A.parse_entry(ENTRY, TEXT, None)

    def boom(text: str, published: str | None) -> Analysis:
        raise RuntimeError("bad")

    result = A.score([doc], boom)
    assert result.figures["mention_recall"] == 0.0 and result.counts["predict_errors"] == 1


def test_shipped_gold_is_well_formed() -> None:
    entries = yaml.safe_load(A.GOLD_PATH.read_text(encoding="utf-8"))
    assert {e["split"] for e in entries} == set(A.SPLITS)
    urls = [e["url"] for e in entries]
    assert len(urls) == len(set(urls))
    for e in entries:
        for key, actor in e["actors"].items():
            A.parse_actor(key, actor)
        assert {m[1] for m in e["mentions"]} == set(e["actors"]), e["url"]


SHARED = shared_dir()


@pytest.mark.skipif(not (SHARED / "feeds" / "news").is_dir(), reason=f"no feeds in {SHARED}")
def test_shipped_gold_anchors_in_the_shared_feeds() -> None:
    docs = A.load_gold(SHARED, None)
    assert len(docs) == len(yaml.safe_load(A.GOLD_PATH.read_text(encoding="utf-8")))
    for doc in docs:
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text




def test_unnamed_descriptions_are_not_spurious_but_are_scored_where_paired() -> None:
    text = "The government said so. Police agreed.\nPolice, he said. The Foreign Office and government of Iran met."
    assert A.is_description("government", text.index("government"), text)
    assert A.is_description("Police", text.index("Police"), text)  # opens a sentence
    assert A.is_description("Police", text.index("Police", 30), text)  # opens a line
    assert not A.is_description("Foreign Office", text.index("Foreign Office"), text)  # a name
    assert not A.is_description("Iran", text.index("Iran"), text)
    assert not A.is_description("Police", text.index("Police"), "Said Police")  # capital mid-sentence
    # any words in lower case; a capital opening a sentence only on a noun of the gazetteer
    other = "Alcan said so. The company agreed. Sodari said so."
    assert A.is_description("company", other.index("company"), other)
    assert not A.is_description("Sodari", other.index("Sodari"), other)

    entry = {
        "feed": "f", "url": "u", "split": "test",
        "actors": {"Iran government": {"type": "organization", "country": "IRN", "sector": "GOV"}},
        "mentions": [["government of Iran", "Iran government"]],
    }
    doc = A.parse_entry(entry, text, None)

    def span(t: str, at: int = 0) -> Span:
        return Span.of(text, text.index(t, at), text.index(t, at) + len(t))

    at = text.index("government of Iran")
    pred = Analysis(Article(text=text), actors=[
        Actor("GBR-government", "United Kingdom Government", "organization", "GBR", "GOV",
              mentions=[span("government"), span("Police")]),
        # a description inside a gold mention is paired and scored like any prediction
        Actor("IRN-government", "Iran Government", "organization", "IRN", "GOV", mentions=[span("government", at)]),
    ])  # fmt: skip
    result = A.score([doc], lambda t, p: pred)
    assert result.counts["predicted_mentions"] == 1 and result.counts["paired"] == 1
    assert result.figures["mention_precision"] == 1.0 and result.figures["resolved_f1"] == 1.0


def test_a_title_alone_is_a_description() -> None:
    text = "The prime minister said so. He met Prime Minister Sharif."
    assert A.is_description("prime minister", text.index("prime"), text)
    assert not A.is_description("Prime Minister", text.index("Prime"), text)
    # ... whatever an outlet's house style capitalises, when no name follows
    styled = "The President said so. He met the President Emmanuel Macron."
    assert A.is_description("President", styled.index("President"), styled)
    assert not A.is_description("President", styled.index("President", 10), styled)
