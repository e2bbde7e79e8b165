"""Statement rules: sentence -> (speaker text, cue, content snippet, kind). Written by us, news-style."""

from __future__ import annotations

import pytest

from detente import analyze
from detente.nlp.quotes import quote_spans

# (text, speaker substring, cue substring or None, content substring, kind)
CASES = [
    ('"We will not back down," the president said on Monday.', "president", "said", "We will not back down", "direct"),
    ('Peskov said: "Russia has never refused dialogue."', "Peskov", "said", "Russia has never refused dialogue", "direct"),
    ("The minister said that the talks would resume next week.", "minister", "said", "that the talks would resume", "indirect"),
    ("Officials believe the ceasefire will hold through the winter.", "Officials", "believe", "the ceasefire will hold", "indirect"),
    ("A new poll shows that most voters oppose the deal.", "poll", "shows", "most voters oppose the deal", "indirect"),
    ("According to the Foreign Ministry, the ambassador was summoned on Tuesday.", "Foreign Ministry", "According to", "the ambassador was summoned", "indirect"),
    ("The ambassador was summoned on Tuesday, according to state media.", "state media", "according to", "The ambassador was summoned", "indirect"),
    ('Sergei Lavrov stated: Moscow "remains open to talks," and "pressure will not work."', "Lavrov", "stated", "remains open to talks", "mixed"),
    ("Chinese Foreign Minister Wang Yi warned that the sanctions would backfire.", "Wang Yi", "warned", "the sanctions would backfire", "indirect"),
    ('"The door is open," Erdogan told reporters in Ankara, "but we will not wait forever."', "Erdogan", "told", "The door is open", "direct"),
]


@pytest.mark.parametrize("text,speaker,cue,content,kind", CASES)
def test_statement_rules(text: str, speaker: str, cue: str | None, content: str, kind: str) -> None:
    analysis = analyze(text, published="2024-03-01")
    matches = [q for q in analysis.quotes if content in q.content.text]
    assert matches, f"no statement containing {content!r}: {[q.content.text for q in analysis.quotes]}"
    q = matches[0]
    assert q.speaker is not None and speaker.lower() in q.speaker.span.text.lower()
    if cue:
        assert q.cue is not None and cue.lower() in q.cue.text.lower()
    assert q.kind == kind
    # offsets point at the evidence
    assert text[q.content.start : q.content.end] == q.content.text


NOT_STATEMENTS = [
    'The talks crossed several "red lines" for the alliance.',
    'Critics dismissed the "peace plan" as a stunt.',
    'He called it a "special military operation" and moved on.',
]


@pytest.mark.parametrize("text", NOT_STATEMENTS)
def test_scare_quotes_are_not_statements(text: str) -> None:
    analysis = analyze(text, published="2024-03-01")
    for q in analysis.quotes:
        inner = [text[s:e] for s, e in quote_spans(text)]
        assert q.content.text not in inner


def test_follow_on_quote_keeps_the_speaker() -> None:
    text = (
        '"We are ready to talk," Kremlin spokesman Dmitry Peskov told reporters. '
        '"But the other side must show that it is serious about a settlement this time."'
    )
    analysis = analyze(text, published="2024-03-01")
    follow = [q for q in analysis.quotes if "other side must show" in q.content.text]
    assert follow and follow[0].speaker is not None
    assert follow[0].speaker.actor == "dmitry-peskov"


def test_nominal_cue_attributes_previous_sentence() -> None:
    text = (
        "Beijing is prepared to mediate between the two sides. "
        "This statement by Chinese Foreign Minister Wang Yi on May 4 surprised diplomats."
    )
    analysis = analyze(text, published="2024-05-10")
    q = [q for q in analysis.quotes if "prepared to mediate" in q.content.text]
    assert q and q[0].speaker is not None and "Wang Yi" in q[0].speaker.span.text
    assert q[0].date == "2024-05-04"


@pytest.mark.parametrize(
    "text",
    ['He said "we will win', 'She said “no deal', '"', "“”", 'a " b " c "', "“nested ‘quotes’ without end"],
)
def test_unbalanced_quotes_never_crash(text: str) -> None:
    analysis = analyze(text, published="2024-01-01")
    for q in analysis.quotes:
        assert 0 <= q.content.start <= q.content.end <= len(text)


def test_quote_spans_unclosed_runs_to_line_end() -> None:
    text = "He said “we will win the war.\n\nNext paragraph."
    spans = quote_spans(text)
    assert spans == [(text.index("we"), text.index("\n\n"))]


def test_a_failing_stage_is_one_article_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.models import Article
    from detente.nlp.pipeline import get_pipeline

    pipeline = get_pipeline()

    def boom(*args: object, **kwargs: object) -> list[object]:
        raise IndexError("simulated bug")

    monkeypatch.setattr(type(pipeline.quotes), "__call__", boom)
    out = list(pipeline.pipe([Article(text="Iran said it would talk."), Article(text="Russia said no.")]))
    assert len(out) == 2
    assert all("analysis failed" in a.warnings[0] for a in out)
