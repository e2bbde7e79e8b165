"""HTML pages to articles with trafilatura.

Body text: trafilatura in precision mode (drops more boilerplate), falling back to its
default (balanced) extraction when precision mode keeps less than half of what the
default finds — the sign that it cut into the article itself. Metadata (title, byline,
publication date, canonical URL, site name) come from the page's own metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from detente.ingest.base import IngestError, iso_date
from detente.models import Article

#: precision output shorter than this share of the default output means it cut the body
FALLBACK_RATIO = 0.5
#: fewer words than this is navigation, not an article
MIN_WORDS = 5
#: invisible formatting characters that pages put inside words (soft hyphens as
#: hyphenation hints, zero-width spaces, word joiners, stray byte-order marks): they carry no
#: text of their own and split a name for the tokenizer ("Pales\u00adtine")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def strip_invisible(text: str) -> str:
    """``text`` without invisible in-word formatting characters (zero-width joiners, which
    change how some scripts render, are kept)."""
    return text.translate(_INVISIBLE)


@dataclass
class HtmlDocument:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    sitename: str | None = None
    language: str | None = None


def _extract(html: str, url: str | None, **options: Any) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params={"original_date": True, "extensive_search": True},
        **options,
    )


def extract_text(html: str, *, url: str | None = None) -> str:
    """The article body of a page as plain text ('' when none is found)."""
    doc = _best(html, url)
    return (doc.text or "") if doc is not None else ""


def _best(html: str, url: str | None) -> Any:
    precise = _extract(html, url, favor_precision=True)
    balanced = _extract(html, url)
    if precise is None or not (precise.text or "").strip():
        return balanced
    if balanced is not None and len(precise.text) < FALLBACK_RATIO * len(balanced.text or ""):
        return balanced
    return precise


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def parse_html(html: str, *, url: str | None = None) -> HtmlDocument:
    """Body text and metadata of a page; raises :class:`IngestError` when it has no body."""
    try:
        doc = _best(html, url)
    except (ValueError, TypeError, AttributeError, RecursionError) as e:  # lxml/trafilatura on garbage
        raise IngestError(f"HTML could not be parsed: {type(e).__name__}: {e}") from e
    if doc is None or len((doc.text or "").split()) < MIN_WORDS:
        raise IngestError("no article text found in the HTML page")
    page_url = _clean(doc.url)
    if page_url and not urlparse(page_url).scheme.startswith("http"):
        page_url = None
    return HtmlDocument(
        text=strip_invisible(doc.text).strip(),
        title=_clean(doc.title),
        author=_clean(doc.author),
        published=iso_date(doc.date),
        url=page_url,
        sitename=_clean(doc.sitename) or _clean(doc.hostname),
        language=_clean(doc.language),
    )


def html_article(
    html: str,
    *,
    source: str,
    url: str | None = None,
    prefer_given_url: bool = False,
    published: str | None = None,
) -> Article:
    """An :class:`Article` from a page. ``url`` is where the page came from; the page's
    canonical URL wins unless ``prefer_given_url`` (WARC target URIs)."""
    doc = parse_html(html, url=url)
    page_url = (url or doc.url) if prefer_given_url else (doc.url or url)
    pub, inferred = doc.published, False
    if pub is None and published is not None:
        pub, inferred = published, True
    return Article(
        text=doc.text,
        title=doc.title,
        author=doc.author,
        url=page_url,
        source=doc.sitename or source,
        published=pub,
        published_inferred=inferred,
    )


# ------------------------------------------------------------------ HTML fragments (feeds)

_BLOCK = re.compile(
    r"^(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|header|footer|tr|table|pre|figure|figcaption|hr|dd|dt)$"
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed content): paragraphs on their own lines,
    scripts/styles dropped, whitespace collapsed, invisible characters removed."""
    fragment = strip_invisible(fragment)
    if "<" not in fragment and "&" not in fragment:
        return "\n".join(" ".join(line.split()) for line in fragment.splitlines() if line.strip())
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = bool(_BLOCK.match(tag.lower().rsplit("}", 1)[-1]))
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in strip_invisible("".join(parts)).split("\n"))
    return "\n\n".join(line for line in lines if line)
