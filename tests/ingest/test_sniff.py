from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from detente.ingest import Skipped, iter_articles, sniff
from detente.models import Article

from .helpers import FIXTURES


def test_sniff_kinds() -> None:
    assert sniff(b"WARC/1.0\r\n") == "warc"
    assert sniff(b"filedesc://x.arc 0.0.0.0") == "warc"
    assert sniff(b"\x1f\x8b\x08\x00") == "gzip"
    assert sniff(b'<?xml version="1.0"?>\n<rss version="2.0">') == "feed"
    assert sniff(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert sniff(b"<!DOCTYPE html><html><head>") == "html"
    assert sniff(b'{"id": "1", "text": "x"}\n{"id": "2"') == "jsonl"
    assert sniff(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}') == "feed"
    assert sniff(b'{\n  "entries": []\n}') == "json"
    assert sniff(b"Russia said on Monday...") == "text"
    assert sniff((FIXTURES / "binary.bin").read_bytes()) == "binary"
    assert sniff(b"  \n") == "empty"


def test_folder_walk_dispatches_by_content_sorted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "page.html", tmp_path / "sub" / "page.dat")  # wrong extension on purpose
    shutil.copy(FIXTURES / "feed.rss", tmp_path / "a_feed.txt")
    (tmp_path / "b.json").write_bytes((FIXTURES / "bad.jsonl").read_bytes())
    shutil.copy(FIXTURES / "binary.bin", tmp_path / "c.txt")
    (tmp_path / "d.html.gz").write_bytes(gzip.compress((FIXTURES / "page.html").read_bytes()))
    (tmp_path / ".hidden").write_text("ignored")
    items = list(iter_articles([tmp_path]))
    sources = [i.source if isinstance(i, Skipped) else i.url or i.source for i in items]
    arts = [i for i in items if isinstance(i, Article)]
    # a_feed: 2 articles + 1 skip; b.json: 2 + 4; c.txt: 1 skip; d.html.gz: 1; sub/page.dat: 1
    assert len(arts) == 6 and len(items) == 12
    assert any(isinstance(i, Skipped) and i.source.endswith("c.txt") and "binary" in i.reason for i in items)
    assert sum(a.title == "Ministers meet in Geneva to discuss ceasefire" for a in arts) == 2
    again = list(iter_articles([tmp_path]))
    assert [getattr(i, "id", i) for i in again] == [getattr(i, "id", i) for i in items]
    assert sources  # deterministic order checked above


def test_gzip_garbage_is_skipped(tmp_path: Path) -> None:
    p = tmp_path / "x.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    [s] = list(iter_articles([p]))
    assert isinstance(s, Skipped) and "gzip" in s.reason
