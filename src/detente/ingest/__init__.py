"""Reading real sources into :class:`~detente.models.Article` s.

    >>> for item in iter_articles(["saved/"]):
    ...     if isinstance(item, Skipped): print(item.source, item.reason)

Inputs are files, folders (walked recursively, sorted) or ``-`` for stdin; each file is
dispatched by sniffing its content (WARC/ARC, gzip, RSS/Atom/JSON Feed, HTML, JSON lines,
plain text). Everything not turned into an article comes back as a :class:`Skipped` with
the reason, so nothing is lost silently.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.ingest.base import DEFAULT_MAX_BYTES, IngestError, Skipped, iso_date
from detente.ingest.dedup import Deduplicator
from detente.ingest.language import detect_language, is_english
from detente.ingest.sniff import HEAD, read_path, read_stream, sniff, walk
from detente.ingest.stats import IngestStats, progress
from detente.models import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Deduplicator",
    "IngestError",
    "IngestStats",
    "Skipped",
    "detect_language",
    "is_english",
    "iter_articles",
    "progress",
    "sniff",
]


def _finish(item: Article | Skipped, published: str | None) -> Article | Skipped:
    if isinstance(item, Article):
        if item.published is None and published is not None:
            # the user's own --published is a fact about the text, not an inference
            item.published, item.published_inferred = published, False
        if item.language is None:
            end = item.body_end if item.body_end is not None else len(item.text)
            item.language = detect_language(item.text[:end])
    return item


def _read_one(
    inp: str | Path, *, published: str | None, max_bytes: int, title_first_line: bool
) -> Iterator[Article | Skipped]:
    if str(inp) == "-":
        buf = sys.stdin.buffer
        head = buf.peek(HEAD)[:HEAD] if hasattr(buf, "peek") else b""
        if not head and not hasattr(buf, "peek"):
            data = buf.read(max_bytes + 1)
            import io

            buf, head = io.BufferedReader(io.BytesIO(data)), data[:HEAD]
        yield from read_stream(
            buf, source="-", head=head, published=published, max_bytes=max_bytes,
            title_first_line=title_first_line,
        )
        return
    path = Path(inp)
    if path.is_dir():
        for entry in walk(path):
            if isinstance(entry, Skipped):
                yield entry
            else:
                yield from read_path(entry, published=published, max_bytes=max_bytes, title_first_line=title_first_line)
    elif path.exists():
        yield from read_path(path, published=published, max_bytes=max_bytes, title_first_line=title_first_line)
    else:
        yield Skipped(str(path), "no such file or folder")


def iter_articles(
    inputs: Iterable[str | Path],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    title_first_line: bool = False,
) -> Iterator[Article | Skipped]:
    """Articles (and what was skipped, with why) from files, folders or ``-`` (stdin).

    ``published`` (YYYY-MM-DD) is used for documents that state no date of their own
    (marked ``published_inferred``). ``max_bytes`` limits each document (a WARC record,
    a JSON line, a file). ``title_first_line``: plain-text files have their title on
    line 1 (the text is still the whole file). ``Article.language`` is set (ISO 639-1);
    non-English articles are yielded too, for the caller to set aside.
    """
    if published is not None and iso_date(published) != published:
        raise ValueError(f"published must be YYYY-MM-DD, got {published!r}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    for inp in inputs:
        items = _read_one(inp, published=published, max_bytes=max_bytes, title_first_line=title_first_line)
        last = str(inp)
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception as e:  # a reader bug must not end the run; report and go on
                yield Skipped(last, f"unexpected error while reading: {type(e).__name__}: {e}")
                break
            last = item.source if isinstance(item, Skipped) else last
            yield _finish(item, published)
