"""RSS/Atom feeds (feedparser) and JSON Feeds to articles.

An item becomes an article with its title, link, date and author; the text is the
item's full content when the feed carries it (HTML stripped to text), otherwise its
summary with ``summary_only=True``. A feed that cannot be parsed at all is one
:class:`Skipped` with feedparser's reason; an unusable item is a :class:`Skipped`
``path#n``.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from detente.ingest.base import IngestError, Skipped, iso_date
from detente.ingest.html import html_to_text
from detente.ingest.text import body_end, decode_bytes
from detente.models import Article

# a repair for one common kind of malformed feed: RSS elements written with an
# undeclared namespace prefix (<rss:item>), or junk before the root element
_PREFIXED_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*):([A-Za-z][\w.-]*)")
_ROOT = re.compile(r"<(?:[A-Za-z][\w.-]*:)?(rss|feed|rdf:RDF|RDF)\b", re.IGNORECASE)
_UNQUOTED_ATTR = re.compile(r"""(\s[\w:.-]+)=([^\s"'>]+)""")


def _struct_date(st: Any) -> str | None:
    if not st:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(st), tz=UTC).strftime("%Y-%m-%d")
    except (OverflowError, ValueError, TypeError, OSError):
        try:
            return time.strftime("%Y-%m-%d", st)
        except (ValueError, TypeError):
            return None


def _repair(text: str) -> str | None:
    """A best-effort repaired copy of a malformed feed, or None if nothing to repair."""
    m = _ROOT.search(text)
    if not m:
        return None
    body = text[m.start() :]
    declared = set(re.findall(r"xmlns:([\w.-]+)\s*=", body))

    def unprefix(mt: re.Match[str]) -> str:
        prefix = mt.group(2)
        return mt.group(0) if prefix in declared else f"<{mt.group(1)}{mt.group(3)}"

    fixed = _PREFIXED_TAG.sub(unprefix, body)
    fixed = re.sub(r"<[A-Za-z][^<>]*>", lambda t: _UNQUOTED_ATTR.sub(r'\1="\2"', t.group(0)), fixed)
    fixed = re.sub(r"\s(?:rss|atom):([\w-]+)=", r" \1=", fixed)
    return fixed if fixed != text else None


def _content_text(entry: Any) -> str:
    best = ""
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        kind = (c.get("type") or "").lower()
        text = html_to_text(value) if ("html" in kind or "<" in value) else value.strip()
        if len(text) > len(best):
            best = text
    return best


def _is_full_text(content: str, summary: str) -> bool:
    """Is the item's content the article (not a caption or a teaser)?

    It is when it contains the summary's opening (feeds that repeat or truncate the
    body as summary), or is much longer than the summary."""
    if not content.strip():
        # no content element: a long, multi-paragraph description is the article itself
        return len(summary) >= 1500 and summary.count("\n\n") >= 2
    if not summary.strip():
        return True
    norm_c, norm_s = " ".join(content.split()), " ".join(summary.split())
    return norm_s[:80].rstrip(".… ") in norm_c or len(norm_c) > 2 * len(norm_s)


def _entry_article(entry: Any, *, feed_title: str | None, published: str | None) -> Article | str:
    """An article, or the reason the item gives none."""
    full = _content_text(entry)
    summary_raw = entry.get("summary") or entry.get("description") or ""
    summary = html_to_text(summary_raw) if summary_raw else ""
    if full.strip() and _is_full_text(full, summary):
        text, summary_only = full, False
    else:  # no usable content: the summary, unless it is itself the whole article
        text, summary_only = summary, not _is_full_text("", summary)
    title = " ".join((entry.get("title") or "").split()) or None
    if not text.strip():
        return "feed item has neither content nor summary"
    date = _struct_date(entry.get("published_parsed")) or _struct_date(entry.get("updated_parsed"))
    return Article(
        text=text,
        title=title,
        url=entry.get("link") or None,
        source=feed_title,
        published=date or published,
        published_inferred=date is None and published is not None,
        author=" ".join((entry.get("author") or "").split()) or None,
        summary_only=summary_only,
        body_end=body_end(text),
    )


def _parse(data: bytes) -> Any:
    import feedparser

    # decode ourselves (BOM, declaration, charset-normalizer) so a wrong declaration
    # ("utf-16" on ASCII bytes) does not defeat feedparser
    try:
        text, _ = decode_bytes(data)
    except IngestError:
        return feedparser.parse(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        repaired = _repair(text)
        if repaired is not None:
            again = feedparser.parse(repaired)
            if again.entries:
                return again
    return parsed


def read_feed(data: bytes, *, source: str, published: str | None = None) -> Iterator[Article | Skipped]:
    if data.lstrip()[:1] in (b"{", b"["):
        yield from read_json_feed(data, source=source, published=published)
        return
    try:
        parsed = _parse(data)
    except Exception as e:  # feedparser is defensive, but a reader must never crash a run
        yield Skipped(source, f"feed could not be parsed: {type(e).__name__}: {e}")
        return
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        yield Skipped(source, f"feed has no readable items{f': {why}' if why else ''}")
        return
    feed_title = " ".join((parsed.feed.get("title") or "").split()) or None
    for i, entry in enumerate(parsed.entries):
        art = _entry_article(entry, feed_title=feed_title, published=published)
        yield Skipped(f"{source}#{i}", art) if isinstance(art, str) else art


def read_json_feed(data: bytes, *, source: str, published: str | None = None) -> Iterator[Article | Skipped]:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org)."""
    try:
        text, _ = decode_bytes(data)
        obj = json.loads(text)
    except (IngestError, json.JSONDecodeError, RecursionError) as e:
        yield Skipped(source, f"invalid JSON feed: {e}")
        return
    if not isinstance(obj, dict) or not str(obj.get("version", "")).startswith("https://jsonfeed.org/"):
        yield Skipped(source, "JSON document is neither a JSON Feed nor JSON lines of articles")
        return
    items = obj.get("items")
    if not isinstance(items, list) or not items:
        yield Skipped(source, "JSON feed has no items")
        return
    feed_title = obj.get("title") if isinstance(obj.get("title"), str) else None
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            yield Skipped(f"{source}#{i}", "JSON feed item is not an object")
            continue
        html = item.get("content_html") if isinstance(item.get("content_html"), str) else ""
        plain = item.get("content_text") if isinstance(item.get("content_text"), str) else ""
        full = html_to_text(html) if html else (plain or "").strip()
        summary = item.get("summary") if isinstance(item.get("summary"), str) else ""
        summary_only = not full
        body = full or (summary or "").strip()
        if not body:
            yield Skipped(f"{source}#{i}", "feed item has neither content nor summary")
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        date = iso_date(item.get("date_published")) or iso_date(item.get("date_modified"))
        title = item.get("title")
        url = item.get("url")
        yield Article(
            text=body,
            title=title if isinstance(title, str) and title.strip() else None,
            url=url if isinstance(url, str) else None,
            source=feed_title,
            published=date or published,
            published_inferred=date is None and published is not None,
            author=", ".join(names) or None,
            summary_only=summary_only,
            body_end=body_end(body),
        )
