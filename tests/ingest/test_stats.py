from __future__ import annotations

import io

from detente.ingest import IngestStats, progress


def test_summary_counts_reasons() -> None:
    s = IngestStats(read=5, analysed=3, duplicates=1, non_english=1)
    s.skip("binary file")
    s.skip("binary file")
    s.skip("empty file")
    out = s.summary()
    assert out.splitlines()[0] == "5 read, 3 analysed, 1 duplicate, 1 not English, 3 skipped"
    assert "2 × binary file" in out and "1 × empty file" in out


def test_plain_progress_when_not_a_tty() -> None:
    buf = io.StringIO()
    with progress(10, "reading", stream=buf) as p:
        for _ in range(10):
            p.advance()
    assert "reading: 10/10" in buf.getvalue()
