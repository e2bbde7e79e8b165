"""Files → articles → analyses → store, resumable and idempotent.

``ingest`` reads with :func:`detente.ingest.iter_articles` and, per article:

1. already stored (same id = same text)?  skip it before any analysis (but show it to the
   deduplicator, so near-duplicates of stored articles are still caught on a rerun);
2. a duplicate of an earlier article?  store it with ``duplicate_of`` and a ``duplicates``
   row, not analysed;
3. not English?  store it (``status = 'unanalysed'``, with its language), not analysed;
4. otherwise analyse it with :func:`detente.analyze_many`.

Each batch is written in one transaction, so killing a run loses at most the batches in
flight (two with a process pool, which analyses one batch while the previous is written),
and running it again adds only what is missing. The run is recorded in
``ingest_runs`` (inputs, counts, status) and what could not be read in ``skipped``.

``reanalyze`` recomputes stored articles whose ``extractor`` differs from
``detente.EXTRACTOR_VERSION`` (or all of them) from the stored text, without re-reading
any source.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.models import Analysis, Article
from detente.store.store import Store

if TYPE_CHECKING:
    from detente.ingest.base import Skipped

Analyzer = Callable[[list[Article]], Iterable[Analysis]]


@dataclass
class IngestReport:
    run_id: str
    db: str
    read: int = 0
    already_stored: int = 0
    stored: int = 0
    analysed: int = 0
    duplicates: int = 0
    non_english: int = 0
    skipped: int = 0
    events: int = 0
    quotes: int = 0
    batches: int = 0
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    write_seconds: float = 0.0
    status: str = "running"
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("run_id")
        d.pop("db")
        return d

    def summary(self) -> str:
        return (
            f"{self.read:,} read, {self.stored:,} new ({self.analysed:,} analysed, "
            f"{self.duplicates:,} duplicates, {self.non_english:,} not English), "
            f"{self.already_stored:,} already stored, {self.skipped:,} skipped; "
            f"{self.events:,} events, {self.quotes:,} statements in {self.seconds:.1f}s "
            f"→ {self.db} (run {self.run_id})"
        )


def _default_analyzer(workers: int) -> Analyzer:
    """One process pool for the whole run (see :class:`detente.nlp.pipeline.BatchAnalyzer`)."""
    from detente.nlp.pipeline import BatchAnalyzer

    return BatchAnalyzer(workers)


def _is_english(article: Article) -> bool:
    from detente.ingest.language import detect_language, is_english

    if not article.language:
        article.language = detect_language(article.text)
    return article.language is None or is_english(article.language)


class _Writer:
    """Collects a batch, hands it to the analyser and writes it in one transaction.

    When the analyser can ``submit`` a batch (a process pool: :class:`BatchAnalyzer`), the
    batch is written only after the *next* one has been submitted, so the workers analyse
    while this process reads, deduplicates and writes; batches are still written in order,
    each in its own transaction."""

    def __init__(self, store: Store, report: IngestReport, analyzer: Analyzer, batch_size: int) -> None:
        self.store, self.report, self.analyzer, self.batch_size = store, report, analyzer, batch_size
        self.to_analyse: list[Article] = []
        self.plain: list[Analysis] = []  # duplicates and non-English: stored as read
        self.skips: list[tuple[str, str]] = []
        self._inflight: tuple[Callable[[], Iterable[Analysis]], list[Analysis], list[tuple[str, str]]] | None = None

    def pending(self) -> int:
        return len(self.to_analyse) + len(self.plain)

    def flush(self, *, last: bool = False) -> None:
        """Submit the collected batch (the ``last`` of the run: in small tasks, so that no
        worker waits long for the other at the end), then write the one before it."""
        if not self.pending() and not self.skips:
            return
        t0 = time.perf_counter()
        submit = getattr(self.analyzer, "submit", None)
        if not self.to_analyse:
            result: Callable[[], Iterable[Analysis]] = list
        elif submit is not None:
            # ``last`` only when set: an analyser's ``submit`` may not take it
            result = submit(self.to_analyse, last=True) if last else submit(self.to_analyse)
        else:
            done = list(self.analyzer(self.to_analyse))
            result = lambda: done  # noqa: E731
        self.report.analysis_seconds += time.perf_counter() - t0
        previous, self._inflight = self._inflight, (result, self.plain, self.skips)
        self.to_analyse, self.plain, self.skips = [], [], []
        if previous is not None:
            self._write(*previous)

    def finish(self) -> None:
        """Flush what is collected and write every batch still in flight."""
        self.flush(last=True)
        if self._inflight is not None:
            previous, self._inflight = self._inflight, None
            self._write(*previous)

    def _write(
        self, result: Callable[[], Iterable[Analysis]], plain: list[Analysis], skips: list[tuple[str, str]]
    ) -> None:
        t0 = time.perf_counter()
        analysed = list(result())  # waits for the workers when they are still at it
        t1 = time.perf_counter()
        self.store.add_skipped(self.report.run_id, skips)
        n = self.store.add([*analysed, *plain], run_id=self.report.run_id)
        t2 = time.perf_counter()
        r = self.report
        r.analysis_seconds += t1 - t0
        r.write_seconds += t2 - t1
        r.stored += n
        r.analysed += len(analysed)
        r.events += sum(len(a.events) for a in analysed)
        r.quotes += sum(len(a.quotes) for a in analysed)
        r.batches += 1


def ingest(
    inputs: Sequence[str | Path],
    db_path: str | Path,
    *,
    workers: int = 1,
    batch_size: int = 50,
    progress: bool = True,
    title_first_line: bool = False,
    published: str | None = None,
    analyzer: Analyzer | None = None,
) -> IngestReport:
    """Read ``inputs`` into the store at ``db_path``; see the module docstring.

    ``analyzer`` replaces :func:`detente.analyze_many` (for tests and experiments).
    """
    from detente.ingest import iter_articles
    from detente.ingest.base import Skipped
    from detente.ingest.dedup import Deduplicator

    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    report = IngestReport(run_id=run_id, db=str(db_path))
    start = time.perf_counter()
    with Store(db_path) as store:
        writer = _Writer(store, report, analyzer or _default_analyzer(workers), batch_size)
        dedup = Deduplicator()
        seen: set[str] = set()
        with recorded_run(store, report, [str(i) for i in inputs], start), _progress(progress) as bar:
            items = iter_articles([str(i) for i in inputs], published=published, title_first_line=title_first_line)
            for item, stored in _with_stored(store, items):
                if isinstance(item, Skipped):
                    report.skipped += 1
                    report.skipped_reasons[item.reason] = report.skipped_reasons.get(item.reason, 0) + 1
                    writer.skips.append((item.source, item.reason))
                    continue
                art: Article = item
                report.read += 1
                if writer.pending() >= batch_size:  # only now: finish() always holds the last batch
                    writer.flush()
                bar(1)
                if art.id in seen or stored:
                    report.already_stored += 1
                    dedup.check(Article(text=art.text, id=art.id, body_end=art.body_end))
                    continue
                seen.add(art.id)
                if dedup.check(art) is not None:
                    report.duplicates += 1
                    writer.plain.append(Analysis(article=art))
                elif not _is_english(art):
                    report.non_english += 1
                    writer.plain.append(Analysis(article=art))
                else:
                    writer.to_analyse.append(art)
            writer.finish()
    return report


def _with_stored(
    store: Store, items: Iterable[Article | Skipped], group: int = 64
) -> Iterator[tuple[Article | Skipped, bool]]:
    """Each item with whether its article is already stored, asked of the store once per
    ``group`` items rather than once an article."""
    buf: list[Article | Skipped] = []

    def drain() -> Iterator[tuple[Article | Skipped, bool]]:
        known = store.known_ids(a.id for a in buf if isinstance(a, Article))
        for a in buf:
            yield a, isinstance(a, Article) and a.id in known
        buf.clear()

    for item in items:
        buf.append(item)
        if len(buf) >= group:
            yield from drain()
    yield from drain()


@contextlib.contextmanager
def recorded_run(store: Store, report: IngestReport, inputs: Sequence[str], start: float) -> Iterator[None]:
    """Record a run in ``ingest_runs``: started now, finished with the report's counts and
    its status (ok, interrupted or failed) however the block ends; ``start`` is the
    ``perf_counter`` the run's seconds count from."""
    store.start_run(report.run_id, inputs)
    try:
        yield
        report.status = "ok"
    except KeyboardInterrupt:
        report.status = "interrupted"
        raise
    except BaseException:
        report.status = "failed"
        raise
    finally:
        report.seconds = time.perf_counter() - start
        with contextlib.suppress(Exception):  # the original error matters more
            store.finish_run(report.run_id, report.counts(), report.status)


class _progress:
    """A callable advancing the shared progress display, or a no-op."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._cm: Any = None
        self._bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if self.enabled:
            from detente.ingest.stats import progress

            self._cm = progress(None, "ingest")
            self._bar = self._cm.__enter__()
            return lambda n: self._bar.advance(n)
        return lambda n: None

    def __exit__(self, *exc: Any) -> None:
        if self._cm is not None:
            self._cm.__exit__(*exc)


def _stored_articles(store: Store, ids: list[str]) -> Iterator[Article]:
    for aid in ids:
        an = store.article(aid)
        if an is not None:
            yield an.article


def reanalyze(
    db_path: str | Path,
    *,
    all: bool = False,
    workers: int = 1,
    batch_size: int = 50,
    analyzer: Analyzer | None = None,
    version: str | None = None,
) -> IngestReport:
    """Re-run the analysis of stored articles (``status = 'analysed'``) whose extractor is
    not the current one (or of all of them with ``all``), replacing their rows."""
    if version is None:
        import detente

        version = detente.EXTRACTOR_VERSION
    run = analyzer or _default_analyzer(workers)
    report = IngestReport(run_id="reanalyze-" + uuid.uuid4().hex[:6], db=str(db_path))
    start = time.perf_counter()
    with Store(db_path) as store:
        sql = "SELECT id FROM articles WHERE status = 'analysed'"
        params: list[Any] = []
        if not all:
            sql += " AND extractor IS DISTINCT FROM ?"
            params.append(version)
        ids = [r[0] for r in store.con.execute(sql + " ORDER BY id", params).fetchall()]
        report.read = len(ids)
        for i in range(0, len(ids), batch_size):
            arts = list(_stored_articles(store, ids[i : i + batch_size]))
            t0 = time.perf_counter()
            analyses = list(run(arts))
            t1 = time.perf_counter()
            report.stored += store.add(analyses, run_id=report.run_id, replace=True)
            report.analysis_seconds += t1 - t0
            report.write_seconds += time.perf_counter() - t1
            report.analysed += len(analyses)
            report.events += sum(len(a.events) for a in analyses)
            report.quotes += sum(len(a.quotes) for a in analyses)
            report.batches += 1
    report.seconds = time.perf_counter() - start
    report.status = "ok"
    return report
