from __future__ import annotations

import json

import pytest

from detente.ingest import Skipped, iter_articles
from detente.ingest.base import IngestError
from detente.ingest.html import html_to_text, parse_html
from detente.ingest.text import decode_bytes
from detente.models import Article

from .helpers import FIXTURES, shared_path


def test_fixture_page_text_and_metadata() -> None:
    [art] = list(iter_articles([FIXTURES / "page.html"]))
    assert isinstance(art, Article)
    assert "first direct talks in more than a year" in art.text
    assert "second round was planned for December" in art.text
    assert "Home" not in art.text.split() and "Privacy" not in art.text
    assert art.title == "Ministers meet in Geneva to discuss ceasefire"
    assert art.author == "Jane Reporter"
    assert art.published == "2024-11-20" and not art.published_inferred
    assert art.url == "https://news.example.org/world/geneva-talks"
    assert art.source == "Example News"
    assert art.language == "en"


def test_page_without_body_is_skipped() -> None:
    with pytest.raises(IngestError):
        parse_html("<html><body><nav>Home</nav></body></html>")


def test_html_to_text_paragraphs_and_scripts() -> None:
    text = html_to_text("<p>One <b>two</b></p><script>evil()</script><p>Three&amp;four</p>")
    assert text == "One two\n\nThree&four"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>Pales&shy;tinians and Alban\u00adese</p>", "Palestinians and Albanese"),  # entity and character
        ("Dalry\u00admple said", "Dalrymple said"),  # plain text, no markup
        ("<p>Kyiv\u200b said\ufeff</p>", "Kyiv said"),  # zero-width space, byte-order mark
        ("<p>\u0645\u06cc\u200c\u0634\u0648\u062f</p>", "\u0645\u06cc\u200c\u0634\u0648\u062f"),  # ZWNJ kept
    ],
)
def test_html_to_text_drops_invisible_characters(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


def test_page_text_drops_soft_hyphens() -> None:
    page = "<html><body><article><p>" + "The Pales&shy;tinian envoy spoke to the assembly at length. " * 3 + "</p></article></body></html>"
    doc = parse_html(page)
    assert "Palestinian envoy" in doc.text and "\u00ad" not in doc.text


@pytest.mark.shared
def test_readability_pages_metadata() -> None:
    root = shared_path("html", "readability")
    ok = n = 0
    for page in sorted(root.iterdir()):
        meta = page / "expected-metadata.json"
        if not meta.exists():
            continue
        expected = json.loads(meta.read_text())
        doc = parse_html(decode_bytes((page / "source.html").read_bytes())[0])
        assert doc.text.strip()
        n += 1
        ok += " ".join((doc.title or "").split()).casefold() == " ".join(expected["title"].split()).casefold()
    assert n >= 20 and ok / n >= 0.85


@pytest.mark.shared
def test_scrapinghub_gz_pages_are_sniffed_as_html() -> None:
    root = shared_path("html", "scrapinghub", "html")
    files = sorted(root.glob("*.html.gz"))[:3]
    items = list(iter_articles(files))
    assert len(items) == 3
    assert all(isinstance(i, Article) and len(i.text) > 200 for i in items), [
        i for i in items if isinstance(i, Skipped)
    ]
