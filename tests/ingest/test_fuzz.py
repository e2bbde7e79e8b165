"""Random bytes and truncated documents through every reader: never an unhandled exception."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest import Skipped
from detente.ingest.feeds import read_feed
from detente.ingest.sniff import read_stream
from detente.ingest.text import read_jsonl, read_text
from detente.ingest.warc import read_warc_stream
from detente.models import Article

from .helpers import FIXTURES

SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.is_file()]
PREFIXES = [b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"<rss>", b"<html>", b"{", b"\xff\xfe", b"filedesc://"]


def _all(data: bytes) -> None:
    for reader in (
        lambda: read_text(data, source="f"),
        lambda: read_jsonl(data, source="f"),
        lambda: read_feed(data, source="f"),
        lambda: read_warc_stream(io.BytesIO(data), source="f", max_bytes=100_000),
        lambda: read_stream(io.BufferedReader(io.BytesIO(data)), source="f", head=data[:65536], max_bytes=100_000),
    ):
        for item in reader():
            assert isinstance(item, Article | Skipped)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=400))
def test_random_bytes(prefix: bytes, data: bytes) -> None:
    _all(prefix + data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_documents(sample: bytes, frac: float) -> None:
    _all(sample[: int(len(sample) * frac)])


def test_fixtures_exist() -> None:
    assert len(SAMPLES) >= 6 and Path(FIXTURES / "page.html").exists()
