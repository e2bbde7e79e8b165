"""A small hand-built set of analyses whose query results can be worked out by hand."""

from __future__ import annotations

from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker, Time


def sp(text: str, sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span.of(text, start, start + len(sub))


def country(text: str, iso3: str, name: str, *subs: str) -> Actor:
    return Actor(id=iso3, name=name, type="country", country=iso3, sector="GOV",
                 mentions=[sp(text, s) for s in subs])  # fmt: skip


def a1() -> Analysis:
    text = (
        "Russia imposed sanctions on the United States on Monday. "
        "Kremlin spokesman Dmitry Peskov said Washington was lying about the talks."
    )
    peskov = Actor(id="dmitry-peskov", name="Dmitry Peskov", type="person", country="RUS", sector="GOV",
                   role="Kremlin spokesman", mentions=[sp(text, "Dmitry Peskov")])  # fmt: skip
    return Analysis(
        article=Article(text=text, title="Russia sanctions US", source="Test Wire", published="2024-01-15"),
        actors=[
            country(text, "RUS", "Russia", "Russia"),
            country(text, "USA", "United States", "United States", "Washington"),
            peskov,
        ],
        quotes=[
            Quote(content=sp(text, "Washington was lying about the talks"),
                  speaker=Speaker(sp(text, "Dmitry Peskov"), "dmitry-peskov"), cue=sp(text, "said"))
        ],  # fmt: skip
        events=[
            Event(type="SANCTION", trigger=sp(text, "imposed sanctions"), evidence=sp(text, text[:56]),
                  source="RUS", target="USA", source_country="RUS", target_country="USA",
                  intensity=-5.0, date="2024-01-15"),
            Event(type="ACCUSE", trigger=sp(text, "lying"), evidence=sp(text, text[57:]),
                  source="dmitry-peskov", target="USA", source_country="RUS", target_country="USA",
                  intensity=-3.0, date="2024-01-15", said_by="dmitry-peskov"),
        ],  # fmt: skip
        times=[Time(sp(text, "Monday"), "2024-01-15")],
        extractor="test-1",
    )


def a2() -> Analysis:
    text = (
        "The United States accused Russia of aggression. "
        'Mr Peskov said: "Moscow will respond." Russia could threaten Washington, officials said.'
    )
    return Analysis(
        article=Article(text=text, title="US accuses Russia", source="Other Wire", published="2024-02-03",
                        author="A. Writer"),
        actors=[
            country(text, "USA", "United States", "United States", "Washington"),
            country(text, "RUS", "Russia", "Russia", "Moscow"),
            Actor(id="dmitry-peskov", name="Dmitry Peskov", type="person", country="RUS", sector="GOV",
                  mentions=[sp(text, "Mr Peskov")]),
        ],  # fmt: skip
        quotes=[
            Quote(content=sp(text, "Moscow will respond."), speaker=Speaker(sp(text, "Mr Peskov"), "dmitry-peskov"),
                  cue=sp(text, "said"), kind="direct"),
            Quote(content=sp(text, "Russia could threaten Washington"), speaker=None,
                  cue=sp(text, "said", 1), kind="indirect"),
        ],  # fmt: skip
        events=[
            Event(type="ACCUSE", trigger=sp(text, "accused"), evidence=sp(text, text[:48]),
                  source="USA", target="RUS", source_country="USA", target_country="RUS", intensity=-3.0),
            Event(type="THREATEN", trigger=sp(text, "threaten"), evidence=sp(text, "Russia could threaten Washington"),
                  source="RUS", target="USA", source_country="RUS", target_country="USA", intensity=-4.0,
                  hypothetical=True),
        ],  # fmt: skip
        extractor="test-1",
        warnings=["a warning"],
    )


def a3() -> Analysis:
    text = "China and Russia agreed to cooperate on energy in March 2024. Xi Jinping said ties were strong."
    return Analysis(
        article=Article(text=text, title="China Russia deal", source="Test Wire", published="2024-03-02"),
        actors=[
            country(text, "CHN", "China", "China"),
            country(text, "RUS", "Russia", "Russia"),
            Actor(id="xi-jinping", name="Xi Jinping", type="person", country="CHN", sector="GOV",
                  role="President", mentions=[sp(text, "Xi Jinping")]),
        ],  # fmt: skip
        quotes=[Quote(content=sp(text, "ties were strong"), speaker=Speaker(sp(text, "Xi Jinping"), "xi-jinping"),
                      cue=sp(text, "said"))],  # fmt: skip
        events=[
            Event(type="AGREE", trigger=sp(text, "agreed"), evidence=sp(text, text[:61]),
                  source="CHN", target="RUS", source_country="CHN", target_country="RUS", intensity=4.0,
                  date="2024-03"),
        ],  # fmt: skip
        times=[Time(sp(text, "March 2024"), "2024-03")],
        extractor="test-1",
    )

