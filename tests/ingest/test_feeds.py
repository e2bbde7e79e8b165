from __future__ import annotations

import json

import pytest

from detente.ingest import Skipped, iter_articles
from detente.ingest.feeds import read_feed
from detente.models import Article

from .helpers import FIXTURES, shared_path


def test_fixture_feed_content_summary_and_empty_item() -> None:
    items = list(iter_articles([FIXTURES / "feed.rss"]))
    assert len(items) == 3
    full, summary, empty = items
    assert isinstance(full, Article) and isinstance(summary, Article)
    assert full.title == "Full item: talks resume" and not full.summary_only
    assert full.text == "Talks resumed in Geneva on Wednesday between the two delegations.\n\n" \
        "The Swiss foreign ministry said the meeting would last two days."
    assert full.url == "https://news.example.org/world/talks-resume"
    assert full.published == "2024-11-20" and full.author == "Jane Reporter"
    assert full.source == "Example World Desk"
    assert summary.summary_only and summary.text == "The European Union extended sanctions for six months."
    assert isinstance(empty, Skipped) and empty.source.endswith("feed.rss#2")


def test_garbage_feed_is_a_clear_skip() -> None:
    [s] = list(read_feed(b"<rss><channel><title>x</title>", source="f"))
    assert isinstance(s, Skipped) and "no readable items" in s.reason


@pytest.mark.shared
@pytest.mark.parametrize("name", ["malformed_rss_namespaced", "utf16_encoded", "kagi", "osm", "pypy"])
def test_misc_feeds_match_expected_parses(name: str) -> None:
    root = shared_path("feeds", "misc")
    expected = json.loads((root / f"{name}.json").read_text(encoding="utf-8"))["entries"]
    items = list(read_feed((root / f"{name}.xml").read_bytes(), source=name))
    arts = [i for i in items if isinstance(i, Article)]
    assert len(arts) == len(expected)
    for art, exp in zip(arts, expected, strict=True):
        assert art.title == " ".join(exp["title"].split())
        assert art.url == exp["link"]
        if exp.get("published"):
            assert art.published == exp["published"][:10]


@pytest.mark.shared
def test_json_feed_sample() -> None:
    items = list(iter_articles([shared_path("feeds", "misc", "json_feed_sample.json")]))
    assert [a.title for a in items if isinstance(a, Article)] == ["First JSON Feed Item", "Second JSON Feed Item"]
    first = items[0]
    assert isinstance(first, Article)
    assert first.text == "This is the first item in our JSON feed." and first.author == "Jane Smith"
    assert first.published == "2024-01-15"


@pytest.mark.shared
@pytest.mark.parametrize("name", ["time-world.xml", "dawn-world.xml"])
def test_full_text_feeds(name: str) -> None:
    items = list(iter_articles([shared_path("feeds", "news", name)]))
    arts = [i for i in items if isinstance(i, Article)]
    assert len(arts) == len(items) >= 20
    assert all(not a.summary_only for a in arts)
    assert sum(len(a.text) for a in arts) / len(arts) > 1000
    assert all("<p>" not in a.text and a.published and a.url for a in arts)


@pytest.mark.shared
def test_summary_feeds_flagged() -> None:
    arts = [i for i in iter_articles([shared_path("feeds", "news", "bbc-news.xml")]) if isinstance(i, Article)]
    assert arts and all(a.summary_only for a in arts)
