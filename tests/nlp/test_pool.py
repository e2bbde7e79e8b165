"""The process pool (detente.nlp.pipeline.BatchAnalyzer) on real worker processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.models import Analysis, Article
from detente.nlp.pipeline import BatchAnalyzer, _worker_ready, analyze_many, even_chunks, get_pipeline

TEXTS = [
    "Russia's foreign minister Sergei Lavrov said on Monday that Moscow would respond to new sanctions.",
    "The Kremlin accused Kyiv of shelling a border village, killing two people.",
    "Chinese and Indian officials agreed to hold talks on the border dispute next week.",
    '"We will not accept this," the French president told reporters in Paris.',
    "Israel and Egypt signed an agreement on gas exports on Tuesday.",
    "Protesters marched in Nairobi against rising food prices.",
]


def _articles(n: int) -> list[Article]:
    return [Article(text=TEXTS[i % len(TEXTS)] + f" (report {i})", id=f"a{i}", published="2024-03-04") for i in range(n)]


def _essence(a: Analysis) -> tuple[object, ...]:
    return (a.article.id, [q.content for q in a.quotes], [(e.type, e.trigger) for e in a.events], len(a.actors))


@pytest.mark.parametrize(
    ("n", "parts", "most", "sizes"),
    [
        (50, 2, 32, [25, 25]),
        (64, 2, 32, [32, 32]),
        (65, 2, 32, [17, 16, 16, 16]),
        (5, 2, 32, [3, 2]),
        (1, 2, 32, [1]),
        (0, 2, 32, []),
        (95, 2, 32, [24, 24, 24, 23]),
        (10, 3, 4, [4, 3, 3]),
    ],
)
def test_even_chunks(n: int, parts: int, most: int, sizes: list[int]) -> None:
    batch = _articles(n)
    chunks = even_chunks(batch, parts, most)
    assert [len(c) for c in chunks] == sizes
    assert [a for c in chunks for a in c] == batch  # order kept, nothing lost or repeated


@pytest.fixture(scope="module")
def pool() -> Iterator[BatchAnalyzer]:
    with BatchAnalyzer(2, chunk=4) as ba:
        yield ba.start()


def test_pool_gives_the_in_process_analyses_in_order(pool: BatchAnalyzer) -> None:
    arts = _articles(22)
    expected = [_essence(a) for a in get_pipeline().pipe(arts)]
    assert [_essence(a) for a in pool(arts)] == expected
    assert [_essence(a) for a in pool.imap(iter(arts))] == expected
    assert [_essence(a) for a in analyze_many(arts, pool=pool)] == expected


def test_analyze_many_with_its_own_pool(pool: BatchAnalyzer) -> None:
    arts = _articles(40)
    got = [_essence(a) for a in analyze_many(arts, workers=2, batch_size=8)]
    assert got == [_essence(a) for a in pool(arts)]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_workers_do_not_inherit_what_the_parent_grew() -> None:
    """Workers come from the fork server, not from this process: 300 MB this process holds
    are not in a worker started after it took them."""
    ballast = bytearray(300 * 2**20)
    ballast[:: 4096] = b"x" * len(ballast[:: 4096])  # touch every page
    with BatchAnalyzer(2) as ba:
        ba.start()
        pids = set(ba._pool.map(_worker_ready, range(4), chunksize=1))
        assert os.getpid() not in pids
        assert _rss_kb(os.getpid()) > 300 * 1024
        for pid in pids:
            assert _rss_kb(pid) < _rss_kb(os.getpid()) - 250 * 1024
    del ballast


def test_memory_freed_by_a_batch_goes_back_to_the_system() -> None:
    """release_memory (called after every batch) returns glibc's free heap pages: a
    process that allocated and freed many small blocks shrinks again."""
    import sys

    from detente.nlp.pipeline import _malloc_trim, release_memory

    if not sys.platform.startswith("linux") or _malloc_trim() is None:
        pytest.skip("malloc_trim is glibc's")

    def private_kb() -> int:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:])
        return sum(int(fields[k].split()[0]) for k in ("Private_Clean", "Private_Dirty"))

    release_memory()
    before = private_kb()
    blocks = [bytearray(2048) for _ in range(100_000)]  # ~200 MB in the heap, below the mmap threshold
    pins = [bytearray(64) for _ in range(1000)]  # live blocks above them: free() alone keeps the pages
    grown = private_kb()
    del blocks
    release_memory()
    after = private_kb()
    assert grown - before > 150_000
    assert after - before < 50_000, (before, grown, after)
    assert len(pins) == 1000


def test_stream_tail_goes_out_in_small_even_tasks() -> None:
    """The last ``workers`` chunks' worth of a stream is cut into quarter-chunk tasks, so a
    worker one chunk behind catches up (with 13 full chunks the second worker would
    otherwise idle for a whole chunk at the end)."""
    pool = BatchAnalyzer(2, chunk=32)
    sizes = [len(c) for c in pool._stream_chunks(_articles(400))]
    assert sum(sizes) == 400
    full = [s for s in sizes if s == 32]
    tail = sizes[len(full) :]
    assert all(s == 32 for s in sizes[: len(full)])
    assert tail and max(tail) <= 8 and len(tail) % 2 == 0, sizes


def test_batches_end_at_a_character_budget_without_losing_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long articles make smaller nlp.pipe batches (BATCH_CHARS); every article still comes
    back once, in order."""
    from detente.nlp import pipeline as pl

    seen: list[int] = []
    nlp = get_pipeline().nlp
    real_pipe = nlp.pipe

    def counting_pipe(texts: list[str], **kw: object) -> Iterator[object]:
        seen.append(len(texts))
        return real_pipe(texts, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pl, "BATCH_CHARS", 250)
    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    arts = _articles(9)
    out = list(get_pipeline().pipe(arts, batch_size=32))
    assert [a.article.id for a in out] == [a.id for a in arts]
    assert sum(seen) == 9 and max(seen) < 9 and len(seen) >= 3, seen
