"""Article → Analysis, one article or a stream of them.

The order of the stages matters and is fixed here:
spaCy parse → actors → times → statements → events (which need the statements for
``said_by``). Every stage takes the parsed ``Doc`` and what earlier stages found.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import itertools
import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from detente.models import Analysis, Article
from detente.nlp.actors import ActorFinder
from detente.nlp.events import EventCoder
from detente.nlp.model import load_model
from detente.nlp.quotes import QuoteFinder, scare_quote_spans
from detente.nlp.terms import find_terms
from detente.nlp.times import find_times, infer_anchor

log = logging.getLogger(__name__)

MAX_CHARS = 1_000_000
# A worker is replaced after this many batches: spaCy's string store only grows, and a
# fresh fork of the parent (which holds the loaded model) costs milliseconds, so memory
# stays flat over long runs.
WORKER_TASKS = 40
PACKAGE_VERSION = "0.1.0"


class AnalysisError(ValueError):
    """An article that cannot be analysed, with the reason."""


@lru_cache(maxsize=1)
def _data_digest() -> str:
    h = hashlib.sha256()
    data = resources.files("detente.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith((".yaml", ".csv", ".txt"))):
        h.update(name.encode())
        h.update(data.joinpath(name).read_bytes())
    return h.hexdigest()[:8]


def extractor_version() -> str:
    """Changes whenever the code version or any knowledge file changes."""
    return f"detente-{PACKAGE_VERSION}+{_data_digest()}"


EXTRACTOR_VERSION = extractor_version()


class Pipeline:
    """Holds the spaCy model and the matchers; build once, call many times."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_model()
        self.nlp.max_length = max(self.nlp.max_length, MAX_CHARS + 1)
        self.actors = ActorFinder(self.nlp)
        self.quotes = QuoteFinder()
        self.events = EventCoder()

    def _prepare(self, article: Article) -> tuple[Article, str | None, list[str]]:
        """Checks and the analysable text (None: nothing to analyse)."""
        warnings: list[str] = []
        text = article.text
        end = len(text) if article.body_end is None else max(0, min(article.body_end, len(text)))
        if not text.strip():
            warnings.append("empty text: nothing to analyse")
            return article, None, warnings
        if end > MAX_CHARS:
            raise AnalysisError(f"article {article.id} is too long to analyse: {end:,} characters (limit {MAX_CHARS:,})")
        if article.language and article.language != "en":
            warnings.append(f"language is {article.language!r}, not English: not analysed")
            return article, None, warnings
        if article.published is None:
            anchor = infer_anchor(text[:end])
            if anchor is not None:
                article.published = anchor.isoformat()
                article.published_inferred = True
        return article, text[:end], warnings

    def analyze_doc(self, article: Article, doc: Doc) -> Analysis:
        published = article.published
        anchor = _parse_date(published)
        text = doc.text
        end = len(text)
        index = self.actors(doc, published, end_char=end, exclude=scare_quote_spans(text, end))
        times = find_times(article.text, anchor, end=end)
        times = sorted(times + find_terms(text, index, end=end), key=lambda t: (t.span.start, t.span.end))
        quotes = self.quotes(doc, index, times, end_char=end)
        events = self.events(doc, index, quotes, times, end_char=end)
        return Analysis(
            article=article,
            actors=index.to_actors(),
            quotes=quotes,
            events=events,
            times=times,
            extractor=EXTRACTOR_VERSION,
        )

    def _safe_analyze(self, article: Article, doc: Doc) -> Analysis:
        """One article's failure is that article's warning, never the end of a batch."""
        try:
            return self.analyze_doc(article, doc)
        except Exception as exc:  # noqa: BLE001 - a bug on one text must not stop a run of millions
            log.exception("analysis of article %s failed", article.id)
            return Analysis(
                article=article,
                extractor=EXTRACTOR_VERSION,
                warnings=[f"analysis failed ({exc.__class__.__name__}: {exc}); please report this article"],
            )

    def __call__(self, article: Article) -> Analysis:
        article, body, warnings = self._prepare(article)
        if body is None:
            return Analysis(article=article, extractor=EXTRACTOR_VERSION, warnings=warnings)
        analysis = self._safe_analyze(article, self.nlp(body))
        analysis.warnings.extend(warnings)
        return analysis

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Analysis]:
        """Batches through ``nlp.pipe``; order is kept; a bad article yields an
        Analysis with a warning rather than stopping the stream."""
        pending: list[tuple[Article, str | None, list[str]]] = []

        def flush() -> Iterator[Analysis]:
            todo = [(a, b) for a, b, _ in pending if b is not None]
            docs = iter(self.nlp.pipe([b for _, b in todo if b is not None], batch_size=batch_size))
            for article, body, warnings in pending:
                if body is None:
                    yield Analysis(article=article, extractor=EXTRACTOR_VERSION, warnings=warnings)
                else:
                    analysis = self._safe_analyze(article, next(docs))
                    analysis.warnings.extend(warnings)
                    yield analysis
            pending.clear()

        for article in articles:
            try:
                pending.append(self._prepare(article))
            except AnalysisError as exc:
                pending.append((article, None, [str(exc)]))
            if len(pending) >= batch_size:
                yield from flush()
        yield from flush()


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        try:
            return dt.date.fromisoformat(value[:7] + "-01")
        except ValueError:
            return None


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    return Pipeline()


def analyze(text: str, published: str | None = None, **meta: str | None) -> Analysis:
    """Analyse one text. ``meta`` may give ``id``, ``title``, ``source``, ``url``."""
    article = Article(text=text, published=published, **{k: v for k, v in meta.items() if v is not None})  # type: ignore[arg-type]
    return get_pipeline()(article)


def analyze_article(article: Article) -> Analysis:
    return get_pipeline()(article)


def _worker_batch(articles: list[Article]) -> list[Analysis]:
    return list(get_pipeline().pipe(articles))


def analyze_many(articles: Iterable[Article], *, workers: int = 0, batch_size: int = 32) -> Iterator[Analysis]:
    """Stream analyses in input order, batching through ``nlp.pipe``.

    ``workers=0`` (the default) uses one process per core once the stream is longer
    than one batch (a short stream is analysed in this process, with no start-up cost);
    ``workers=1`` never starts processes; ``workers=N`` uses N."""
    if workers == 0:
        workers = os.cpu_count() or 1
    it = iter(articles)
    first: list[Article] = []
    for a in it:
        first.append(a)
        if len(first) > batch_size:
            break
    if workers <= 1 or len(first) <= batch_size:
        yield from get_pipeline().pipe(itertools.chain(first, it), batch_size=batch_size)
        return
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")

    def chunks() -> Iterator[list[Article]]:
        batch: list[Article] = []
        for a in itertools.chain(first, it):
            batch.append(a)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    get_pipeline()  # load once before forking: the workers share the loaded model
    with ctx.Pool(workers, maxtasksperchild=WORKER_TASKS) as pool:
        for result in pool.imap(_worker_batch, chunks()):
            yield from result


class BatchAnalyzer:
    """Analyses batch after batch with one process pool for the whole run (the store's
    ingest calls it once per transaction batch). The model is loaded before the pool
    forks, so the workers share it; each batch is cut into small chunks so that the
    workers stay evenly busy."""

    def __init__(self, workers: int = 0, *, chunk: int = 8) -> None:
        self.workers = workers or (os.cpu_count() or 1)
        self.chunk = chunk
        self._pool: Any = None

    def __call__(self, batch: list[Article]) -> list[Analysis]:
        return self.submit(batch)()

    def submit(self, batch: list[Article]) -> Callable[[], list[Analysis]]:
        """Start analysing ``batch``; returns a function that waits for the analyses (in
        order). With a pool the workers analyse while the caller goes on (the store's ingest
        reads the next batch and writes the previous one meanwhile)."""
        if self.workers <= 1 or len(batch) <= self.chunk:
            done = list(get_pipeline().pipe(batch))
            return lambda: done
        if self._pool is None:
            get_pipeline()
            ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
            self._pool = ctx.Pool(self.workers, maxtasksperchild=WORKER_TASKS)
            atexit.register(self.close)
        chunks = [batch[i : i + self.chunk] for i in range(0, len(batch), self.chunk)]
        pending = self._pool.map_async(_worker_batch, chunks)
        return lambda: [a for part in pending.get() for a in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
