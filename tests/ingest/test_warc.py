from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from detente.ingest import Skipped, iter_articles
from detente.models import Article

from .helpers import FIXTURES, shared_path


def _build_warc(path: Path, gzip: bool) -> None:
    html = (FIXTURES / "page.html").read_bytes()
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip)
        w.write_record(w.create_warcinfo_record("x.warc", {"software": "detente-test"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        w.write_record(w.create_warc_record("http://example.org/a", "request", payload=io.BytesIO(b""), http_headers=req))
        for uri, ctype, body in [
            ("http://example.org/a", "text/html; charset=utf-8", html),
            ("http://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        ]:
            hdr = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hdr,
                                       warc_headers_dict={"WARC-Date": "2024-11-21T10:00:00Z"})
            w.write_record(rec)


@pytest.mark.parametrize("gzip", [True, False])
def test_built_warc(tmp_path: Path, gzip: bool) -> None:
    p = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _build_warc(p, gzip)
    items = list(iter_articles([p]))
    arts = [i for i in items if isinstance(i, Article)]
    skips = [i for i in items if isinstance(i, Skipped)]
    assert len(arts) == 1 and len(skips) == 3
    art = arts[0]
    assert art.url == "http://example.org/a"  # the record's target URI, not the canonical link
    assert art.published == "2024-11-20"  # the page's own date wins over the capture date
    assert "first direct talks" in art.text
    assert sorted(s.source.rsplit("#", 1)[1] for s in skips) == ["0", "1", "3"]
    assert any("image/png" in s.reason for s in skips)


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    _build_warc(full, gzip=False)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.97)])
    items = list(iter_articles([cut]))
    assert any(isinstance(i, Article) for i in items)
    assert isinstance(items[-1], Skipped)


@pytest.mark.shared
def test_all_shared_warcs_never_crash() -> None:
    root = shared_path("warc")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in ("LICENSE", "README.md"))
    assert len(files) >= 15
    per_file: Counter[str] = Counter()
    for f in files:
        for item in iter_articles([f]):
            assert isinstance(item, Article | Skipped)
            if isinstance(item, Article):
                per_file[f.name] += 1
                assert item.url and item.url.startswith("http") and item.published
    assert per_file["example.warc.gz"] == 1 and per_file["example.arc"] == 1
    assert per_file["example-iana.org-chunked.warc"] == 1
    assert per_file["IAH-20080430204825-00000-blackbook-truncated.warc.gz"] >= 1
    bad = list(iter_articles([root / "warcio" / "example-bad-non-chunked.warc.gz"]))
    assert any(isinstance(s, Skipped) and "unreadable" in s.reason for s in bad)
