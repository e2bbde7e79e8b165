"""Dispatch inputs to readers by sniffing their content, not their extension.

Order: WARC/ARC (``WARC/``, ``filedesc://``), gzip (decompressed and sniffed again;
gzipped WARCs go to warcio whole), feeds (``<rss``, ``<feed``, ``<rdf:RDF``, JSON Feed),
HTML (``<!doctype html``, ``<html``, ``<head``, ``<body``), JSON lines, then text.
Binary files are skipped with a reason. Folders are walked recursively in sorted order.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from detente.ingest.base import IngestError, Skipped, too_big
from detente.ingest.feeds import read_feed
from detente.ingest.html import html_article
from detente.ingest.text import decode_bytes, looks_binary, read_jsonl_lines, read_text
from detente.ingest.warc import read_warc, read_warc_stream
from detente.models import Article

Kind = Literal["warc", "gzip", "feed", "json", "jsonl", "html", "text", "binary", "empty"]
HEAD = 65536

_FEED = re.compile(r"<(?:[\w.-]+:)?(rss|feed|rdf)\b", re.IGNORECASE)
_HTML = re.compile(r"<(!doctype\s+html|html|head|body|article|meta|title)\b", re.IGNORECASE)
_PROLOG = re.compile(r"^(\s|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)


def _head_text(head: bytes) -> str:
    try:
        return decode_bytes(head[:8192])[0]
    except IngestError:
        return head[:8192].decode("latin-1")


def sniff(head: bytes) -> Kind:
    """What the first bytes of a document say it is."""
    if not head.strip():
        return "empty"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    stripped = head.lstrip()
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if looks_binary(head):
        return "binary"
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        if "jsonfeed.org/version" in text[:2000]:
            return "feed"
        first = text.split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except (json.JSONDecodeError, RecursionError):
            return "json"
    if text.startswith("<"):
        after_prolog = text[_PROLOG.match(text).end() :] if _PROLOG.match(text) else text  # type: ignore[union-attr]
        feed, html = _FEED.search(text[:4096]), _HTML.search(text[:4096])
        if feed and (not html or feed.start() < html.start()) and not after_prolog.lower().startswith("<html"):
            return "feed"
        if html:
            return "html"
    return "text"


def _read_html(data: bytes, *, source: str, published: str | None) -> Iterator[Article | Skipped]:
    try:
        html, _ = decode_bytes(data)
        yield html_article(html, source=source, published=published)
    except IngestError as e:
        yield Skipped(source, str(e))


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """Lines of a stream; an over-long line is yielded truncated to ``max_bytes + 1``."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line
                rest = stream.readline(max_bytes + 1)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def read_stream(
    stream: IO[bytes],
    *,
    source: str,
    head: bytes,
    published: str | None = None,
    max_bytes: int = 5_000_000,
    title_first_line: bool = False,
    path: Path | None = None,
    depth: int = 0,
) -> Iterator[Article | Skipped]:
    """Read one document (or archive) from ``stream``, whose first bytes are ``head``."""
    kind = sniff(head)
    if kind == "empty":
        yield Skipped(source, "empty file")
        return
    if kind == "binary":
        yield Skipped(source, "binary file (not text, HTML, a feed or a WARC)")
        return
    if kind == "warc":
        if path is not None and depth == 0:
            yield from read_warc(path, source=source, max_bytes=max_bytes, published=published)
        else:
            yield from read_warc_stream(stream, source=source, max_bytes=max_bytes, published=published)
        return
    if kind == "gzip":
        if depth > 0:
            yield Skipped(source, "nested gzip is not read")
            return
        gz = gzip.GzipFile(fileobj=stream, mode="rb")
        try:
            inner = gz.peek(HEAD)[:HEAD]
        except (OSError, EOFError, zlib.error) as e:
            yield Skipped(source, f"broken gzip data: {e}")
            return
        if sniff(inner) == "warc" and path is not None:
            yield from read_warc(path, source=source, max_bytes=max_bytes, published=published)
            return
        try:
            yield from read_stream(
                gz,  # type: ignore[arg-type]
                source=source, head=inner, published=published, max_bytes=max_bytes,
                title_first_line=title_first_line, path=None, depth=depth + 1,
            )
        except (OSError, EOFError, zlib.error) as e:
            yield Skipped(source, f"broken gzip data: {e}")
        return
    if kind == "jsonl":
        yield from read_jsonl_lines(_lines(stream, max_bytes), source=source, published=published, max_bytes=max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = path.stat().st_size if path is not None and depth == 0 else None
        yield Skipped(source, too_big(size, max_bytes) if size else
                      f"too large: over the limit of {max_bytes:,} bytes (raise max_bytes to read it)")
        return
    if kind == "feed":
        yield from read_feed(data, source=source, published=published)
    elif kind == "json":
        yield from read_feed(data, source=source, published=published)  # JSON Feed or a clear skip
    elif kind == "html":
        yield from _read_html(data, source=source, published=published)
    else:
        yield from read_text(data, source=source, published=published, title_first_line=title_first_line)


def read_path(
    path: Path, *, published: str | None = None, max_bytes: int = 5_000_000, title_first_line: bool = False
) -> Iterator[Article | Skipped]:
    source = str(path)
    try:
        with open(path, "rb", buffering=HEAD) as fh:
            head = fh.peek(HEAD)[:HEAD]  # type: ignore[attr-defined]
            yield from read_stream(
                fh, source=source, head=head, published=published, max_bytes=max_bytes,
                title_first_line=title_first_line, path=path,
            )
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Files under ``root``, recursively, in sorted order; hidden entries are left out."""
    def onerror(e: OSError) -> None:
        errors.append(e)

    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if p.is_file():
                yield p
        while errors:
            e = errors.pop(0)
            yield Skipped(str(e.filename or root), f"cannot read folder: {e.strerror or e}")
    while errors:
        e = errors.pop(0)
        yield Skipped(str(e.filename or root), f"cannot read folder: {e.strerror or e}")
