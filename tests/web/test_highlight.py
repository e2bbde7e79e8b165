"""Highlighted article HTML from offsets: overlapping spans and escaping."""

from __future__ import annotations

import re
from html import unescape as html_unescape

from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker
from detente.web.highlight import Mark, highlight, marks_for


def test_segments_carry_every_covering_class() -> None:
    text = "abcdefghij"
    html = str(highlight(text, [Mark(0, 6, ("x",), "X"), Mark(3, 9, ("y",), "Y")]))
    segs = re.findall(r'<span class="seg ([^"]*)"[^>]*>([^<]*)</span>', html)
    assert segs == [("x", "abc"), ("x y", "def"), ("y", "ghi")]
    assert html.endswith("j")
    assert re.sub(r"<[^>]+>", "", html) == text


def test_everything_is_escaped() -> None:
    text = '<script>alert(1)</script> & "quotes"'
    html = str(highlight(text, [Mark(0, 8, ("m-actor",), 'tip "<b>"', {"actor": '"><img src=x>'})]))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert ">&lt;script&gt;</span>alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in html
    assert html_unescape(re.sub(r"<[^>]+>", "", html)) == text
    assert 'data-actor="&#34;&gt;&lt;img src=x&gt;"' in html


def test_marks_for_an_analysis_and_furniture() -> None:
    text = 'Peskov said "Russia cannot dance alone." Comment (0)'
    a = Analysis(
        article=Article(text=text, body_end=40),
        actors=[Actor("dmitry-peskov", "Dmitry Peskov", "person", "RUS", mentions=[Span.of(text, 0, 6)]),
                Actor("RUS", "Russia", "country", "RUS", mentions=[Span.of(text, 13, 19)])],
        quotes=[Quote(Span.of(text, 13, 38), Speaker(Span.of(text, 0, 6), "dmitry-peskov"), Span.of(text, 7, 11), "direct")],
        events=[Event("REJECT", Span.of(text, 27, 32), Span.of(text, 13, 38), source="RUS", negated=True)],
    )  # fmt: skip
    html = str(highlight(text, marks_for(a), body_end=a.article.body_end))
    assert 'class="seg m-actor m-speaker"' in html
    assert re.search(r'class="seg m-quote m-event quad-verbal_conflict uncertain"[^>]*data-q="0"[^>]*>dance<', html)
    assert 'data-speaker="Dmitry Peskov (Peskov)"' in html
    assert '<span class="furniture"> Comment (0)</span>' in html
    assert "Event 1: REJECT — Russia → ?, intensity +0" in html
