"""WARC and ARC files (warcio), streamed record by record.

HTML ``response`` records (and ARC records of HTML) become articles with the record's
target URI as ``url`` and its capture date as the publication date when the page states
none (``published_inferred=True``). Every other record is a :class:`Skipped`
``path#n`` with a short, countable reason. A damaged file never stops a run: the
records read before the damage are kept, and the damage is reported.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detente.ingest.base import IngestError, Skipped, iso_date, too_big
from detente.ingest.html import html_article
from detente.ingest.text import decode_bytes

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _record(record: Any, where: str, *, max_bytes: int, published: str | None) -> Any:
    """An Article or the reason (str) the record gives none."""
    rtype = record.rec_type
    if rtype != "response":
        return f"WARC {rtype} record (not a response)"
    http = record.http_headers
    if http is None:
        return "WARC response without HTTP headers"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status[:3] or 'unknown'} (not a page)"
    ctype = (http.get_header("Content-Type") or "").lower()
    if not any(t in ctype for t in _HTML_TYPES):
        mime = ctype.split(";")[0].strip() or "no content type"
        return f"WARC response is not HTML ({mime})"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return too_big(len(data), max_bytes).split(":")[0] + f" (record over {max_bytes:,} bytes)"
    if not data.strip():
        return "empty HTML response"
    html, _ = decode_bytes(data, declared=_charset(ctype))
    url = record.rec_headers.get_header("WARC-Target-URI")
    if url:
        url = url.strip().strip("<>")
    date = iso_date(record.rec_headers.get_header("WARC-Date") or "") or published
    return html_article(html, source=where, url=url or None, prefer_given_url=True, published=date)


def read_warc_stream(
    stream: IO[bytes], *, source: str, max_bytes: int = 5_000_000, published: str | None = None
) -> Iterator[Any]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = -1
    try:
        it = ArchiveIterator(stream, arc2warc=True)
        for n, record in enumerate(it):
            where = f"{source}#{n}"
            try:
                result = _record(record, where, max_bytes=max_bytes, published=published)
            except IngestError as e:
                yield Skipped(where, str(e))
                continue
            except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as e:
                # the record's payload is damaged (bad chunking, truncated gzip member)
                yield Skipped(where, f"damaged WARC record: {type(e).__name__}: {e}")
                continue
            if isinstance(result, str):
                yield Skipped(where, result)
            else:
                yield result
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, IndexError, KeyError) as e:
        where = f"{source}#{n + 1}"
        msg = " ".join(str(e).split())[:200]
        kept = f"{n + 1} record(s) read before it" if n >= 0 else "no record read"
        yield Skipped(where, f"unreadable WARC/ARC data ({type(e).__name__}: {msg}); {kept}")


def read_warc(
    path: Path, *, source: str | None = None, max_bytes: int = 5_000_000, published: str | None = None
) -> Iterator[Any]:
    """Stream a WARC/ARC file (plain or gzipped); never loads the whole file."""
    with open(path, "rb") as fh:
        yield from read_warc_stream(fh, source=source or str(path), max_bytes=max_bytes, published=published)
