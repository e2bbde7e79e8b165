"""Each query on the hand-built sample (see store_samples.py), with answers worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.models import Analysis
from detente.store import QueryError, Store


@pytest.fixture
def store(db: Path, sample: list[Analysis]) -> Store:
    with Store(db) as s:
        s.add(sample)
    return Store(db, read_only=True)


def test_dyad_by_month(store: Store) -> None:
    with store as s:
        rows = {(r.period, r.direction): r for r in s.dyad("RUS", "USA", by="month")}
    # Jan: RUS sanctions USA (-5) and Peskov (RUS) accuses USA (-3); Feb: USA accuses RUS (-3);
    # the hypothetical Feb threat is left out.
    assert set(rows) == {("2024-01", "a->b"), ("2024-01", "both"), ("2024-02", "b->a"), ("2024-02", "both")}
    jan = rows[("2024-01", "a->b")]
    assert (jan.events, jan.by_type, jan.intensity_sum, jan.intensity_mean) == (
        2, {"ACCUSE": 1, "SANCTION": 1}, -8.0, -4.0,
    )  # fmt: skip
    assert jan.by_quad == {"material_conflict": 1, "verbal_conflict": 1}
    feb = rows[("2024-02", "b->a")]
    assert (feb.source, feb.target, feb.events, feb.by_type) == ("USA", "RUS", 1, {"ACCUSE": 1})


def test_dyad_options(store: Store) -> None:
    with store as s:
        year = s.dyad("USA", "RUS", by="year", include_uncertain=True)
        assert [(r.period, r.direction, r.events) for r in year] == [
            ("2024", "a->b", 1), ("2024", "b->a", 3), ("2024", "both", 4),
        ]  # fmt: skip
        assert year[2].intensity_sum == -15.0
        # an actor id instead of a country; date bounds are inclusive
        assert [r.events for r in s.dyad("dmitry-peskov", "USA") if r.direction == "both"] == [1]
        assert s.dyad("RUS", "USA", since="2024-02", until="2024-02-29")[0].period == "2024-02"
        assert s.dyad("RUS", "USA", until="2023") == []
        weeks = {r.period for r in s.dyad("RUS", "USA", by="week")}
        assert weeks == {"2024-W03", "2024-W05"}
        with pytest.raises(QueryError):
            s.dyad("RUS", "USA", by="day")
        with pytest.raises(QueryError):
            s.dyad("RUS", "USA", since="last tuesday")


def test_said(store: Store) -> None:
    with store as s:
        peskov = s.said(speaker="peskov")
        # newest first, by canonical name substring; each with its article and offsets
        assert [r.content for r in peskov] == ["Moscow will respond.", "Washington was lying about the talks"]
        first = peskov[0]
        assert first.title == "US accuses Russia" and first.date == "2024-02-03" and first.kind == "direct"
        assert first.speaker_name == "Dmitry Peskov" and first.speaker_text == "Mr Peskov"
        art = s.article(first.article_id)
        assert art is not None
        assert art.article.text[first.content_start : first.content_end] == first.content
        # by mention text ("Mr Peskov" is only a mention), by id, case-insensitive
        assert len(s.said(speaker="MR PESKOV")) == 2  # a mention text resolves to the actor
        assert len(s.said(speaker="dmitry-peskov")) == 2
        # about: a country code (Moscow is a RUS mention inside the statement), a name
        assert [r.content for r in s.said(speaker="Peskov", about="RUS")] == ["Moscow will respond."]
        assert [r.content for r in s.said(speaker="Peskov", about="USA")] == ["Washington was lying about the talks"]
        assert {r.content for r in s.said(about="washington")} == {
            "Washington was lying about the talks", "Russia could threaten Washington",
        }  # fmt: skip
        # the speaker's own mention does not make a statement "about" their country
        assert s.said(speaker="xi", about="CHN") == []
        assert [r.content for r in s.said(q="strong")] == ["ties were strong"]
        assert [r.content for r in s.said(since="2024-03")] == ["ties were strong"]
        assert len(s.said(limit=2)) == 2
        assert s.said(speaker="nobody") == []


def test_actors(store: Store) -> None:
    with store as s:
        rows = s.actors(top=3)
        assert [r.id for r in rows] == ["RUS", "USA", "dmitry-peskov"]
        rus = rows[0]
        assert (rus.articles, rus.mentions, rus.as_source, rus.as_target, rus.as_speaker) == (3, 4, 2, 2, 0)
        peskov = rows[2]
        assert (peskov.articles, peskov.as_source, peskov.as_speaker) == (2, 1, 2)
        assert [r.id for r in s.actors(q="jinping")] == ["xi-jinping"]
        assert [r.id for r in s.actors(q="mr peskov")] == ["dmitry-peskov"]


def test_events(store: Store) -> None:
    with store as s:
        rus = s.events(source="RUS")
        # RUS matches the country and actors of that country (Peskov), newest first
        assert [(r.type, r.source) for r in rus] == [
            ("THREATEN", "RUS"), ("SANCTION", "RUS"), ("ACCUSE", "dmitry-peskov"),
        ]  # fmt: skip
        assert rus[0].hypothetical is True
        sanction = s.events(source="RUS", type="SANCTION", since="2024-01-01")
        assert len(sanction) == 1
        e = sanction[0]
        assert (e.source_name, e.target_name, e.quad, e.intensity) == ("Russia", "United States", "material_conflict", -5.0)
        assert e.trigger == "imposed sanctions" and e.title == "Russia sanctions US"
        assert e.evidence_start == 0 and e.trigger_start == 7
        assert [r.type for r in s.events(source="dmitry-peskov")] == ["ACCUSE"]
        assert [r.type for r in s.events(target="RUS")] == ["AGREE", "ACCUSE"]
        assert len(s.events(type="accuse,agree")) == 3
        assert s.events(source="RUS", until="2023-12-31") == []
        assert len(s.events(limit=1)) == 1


def test_articles_and_stats(store: Store) -> None:
    with store as s:
        rows = s.articles()
        assert [r.title for r in rows] == ["China Russia deal", "US accuses Russia", "Russia sanctions US"]
        assert (rows[1].actors, rows[1].quotes, rows[1].events) == (3, 2, 2)
        assert [r.title for r in s.articles(q="russia sanctions")] == ["Russia sanctions US"]
        assert [r.title for r in s.articles(source="other")] == ["US accuses Russia"]
        assert len(s.articles(since="2024-02", until="2024-02")) == 1
        st = s.stats()
        assert (st.articles, st.analysed, st.actors, st.events) == (3, 3, 5, 5)
        assert (st.first_published, st.last_published) == ("2024-01-15", "2024-03-02")
        assert st.extractors == {"test-1": 3}
