"""Article → Analysis, one article or a stream of them.

The order of the stages matters and is fixed here:
spaCy parse → actors → times → statements → events (which need the statements for
``said_by``). Every stage takes the parsed ``Doc`` and what earlier stages found.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import hashlib
import itertools
import logging
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from detente.models import Analysis, Article, Span
from detente.nlp.actors import ActorFinder
from detente.nlp.events import EventCoder
from detente.nlp.model import TaggerKind, doc_text, load_model, tagger_kind
from detente.nlp.quotes import QuoteFinder, scare_quote_spans
from detente.nlp.terms import find_terms
from detente.nlp.times import find_times, infer_anchor

log = logging.getLogger(__name__)

MAX_CHARS = 1_000_000
# A worker is replaced after this many tasks (a task is one chunk of a batch, up to 32
# articles): spaCy's string store and vocabulary only grow (about +80 MB over 2,500 news
# articles in one process), and a fresh fork of the fork server (which holds the loaded
# model) costs milliseconds, so a worker's memory stays flat over long runs.
WORKER_TASKS = int(os.environ.get("DETENTE_WORKER_TASKS", "20"))
PACKAGE_VERSION = "0.1.0"
# A batch through nlp.pipe also ends at this many characters. The parse's arrays grow with
# the batch's tokens (a process's peak rose from 370 to 560 MB as batches of 25 news
# articles reached 55,000 characters), so long articles make smaller batches rather than a
# higher peak; news articles are long enough that smaller batches cost no speed.
BATCH_CHARS = int(os.environ.get("DETENTE_BATCH_CHARS", "20000"))


# A typographic apostrophe inside a word ("Bangladesh’s", "don’t"): the small English
# model parses the straight one far better ("’s" often comes out as an unattached "dep", and
# the possessive's noun phrase with it). The parser reads a copy with straight apostrophes,
# the same length, so every offset is an offset into the article's own text.
_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")


# A line break inside a hard-wrapped paragraph (wire copy: "chairman Paul\nVolcker"): the
# NER model stops a name at it. The parser reads it as a space when the line before is long
# (a wrapped line, not a headline or a list item) and ends inside a sentence, and the next
# line goes straight on; paragraph breaks and indented lines are kept.
_WRAPPED = re.compile(r"(?<=[^\n]{40}[\w,;])\n(?=[\w(\"“‘'])")


# A text wrapped at a fixed width throughout, as wire copy is (Reuters-21578): no line longer
# than a terminal's, and at least three lines near that width. Its paragraphs open with an
# indent or a blank line, so every other line break is a wrap, whatever the line before.
_WRAP_WIDTH = 100
_WRAPPED_LINE = 40
_ANY_WRAP = re.compile(r"(?<=[^\n])\n(?=[^\s])")


def hard_wrapped(text: str) -> bool:
    """Whether ``text`` is wrapped at a fixed width (see ``_WRAP_WIDTH``)."""
    lines = text.splitlines()
    return all(len(line) <= _WRAP_WIDTH for line in lines) and sum(len(line) >= _WRAPPED_LINE for line in lines) >= 3


def _unwrap(text: str) -> str:
    """The line breaks of a hard-wrapped text as spaces, but not one after a line in
    capitals (a headline) nor one that opens a paragraph."""

    def space(m: re.Match[str]) -> str:
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        return "\n" if line.isupper() else " "

    return _ANY_WRAP.sub(space, text)


def for_parser(text: str) -> str:
    """``text`` as the parser reads it: typographic apostrophes inside words straightened
    and the line breaks of hard-wrapped paragraphs read as spaces (same length, same
    offsets): in a text wrapped throughout, every break inside a paragraph ("the U.S.\n
    Agriculture Department"); elsewhere a break after a long line that ends inside a
    sentence."""
    text = _APOSTROPHE.sub("'", text)
    return _unwrap(text) if hard_wrapped(text) else _WRAPPED.sub(" ", text)


def restore_span_texts(analysis: Analysis) -> None:
    """Every span's ``text`` taken again from the article's own text (after parsing a copy
    made by :func:`for_parser`)."""
    text = analysis.article.text

    def again(span: Span) -> Span:
        return Span(span.start, span.end, text[span.start : span.end])

    for actor in analysis.actors:
        actor.mentions = [again(m) for m in actor.mentions]
    for q in analysis.quotes:
        q.content = again(q.content)
        q.cue = again(q.cue) if q.cue is not None else None
        if q.speaker is not None:
            q.speaker.span = again(q.speaker.span)
    for ev in analysis.events:
        ev.trigger = again(ev.trigger)
        ev.evidence = again(ev.evidence)
    analysis.times = [dataclasses.replace(t, span=again(t.span)) for t in analysis.times]


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


def extractor_version(tagger: TaggerKind | None = None) -> str:
    """Changes whenever the code version or any knowledge file changes, and names the
    attribution tagger when it is not the default (``tagger``, else ``$DETENTE_TAGGER``)."""
    kind = tagger or tagger_kind()
    return f"detente-{PACKAGE_VERSION}+{_data_digest()}" + ("" if kind == "fast" else f".{kind}")


def pipeline_tagger(nlp: Language) -> TaggerKind:
    """Which attribution tagger a loaded pipeline runs."""
    if "detente_attribution_trf" in nlp.pipe_names:
        return "accurate"
    return "fast" if "detente_attribution" in nlp.pipe_names else "off"


EXTRACTOR_VERSION = extractor_version()


class Pipeline:
    """Holds the spaCy model and the matchers; build once, call many times."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_model()
        self.nlp.max_length = max(self.nlp.max_length, MAX_CHARS + 1)
        self.actors = ActorFinder(self.nlp)
        tagger = pipeline_tagger(self.nlp)
        self.quotes = QuoteFinder(tagger=tagger)
        self.events = EventCoder()
        self.extractor = extractor_version(tagger)

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
        return article, for_parser(text[:end]), warnings

    def analyze_doc(self, article: Article, doc: Doc) -> Analysis:
        published = article.published
        anchor = _parse_date(published)
        text = doc_text(doc)
        end = len(text)
        outlet = self.actors.g.outlet_country(article.url, article.source)
        index = self.actors(doc, published, end_char=end, exclude=scare_quote_spans(doc), outlet=outlet)
        times = find_times(article.text, anchor, end=end)
        times = sorted(times + find_terms(text, index, end=end), key=lambda t: (t.span.start, t.span.end))
        quotes = self.quotes(doc, index, times, end_char=end)
        events = self.events(doc, index, quotes, times, end_char=end)
        analysis = Analysis(
            article=article,
            actors=index.to_actors(),
            quotes=quotes,
            events=events,
            times=times,
            extractor=self.extractor,
        )
        if text != article.text[:end]:
            restore_span_texts(analysis)
        return analysis

    def _safe_analyze(self, article: Article, doc: Doc) -> Analysis:
        """One article's failure is that article's warning, never the end of a batch."""
        try:
            return self.analyze_doc(article, doc)
        except Exception as exc:  # noqa: BLE001 - a bug on one text must not stop a run of millions
            log.exception("analysis of article %s failed", article.id)
            return Analysis(
                article=article,
                extractor=self.extractor,
                warnings=[f"analysis failed ({exc.__class__.__name__}: {exc}); please report this article"],
            )

    def __call__(self, article: Article) -> Analysis:
        article, body, warnings = self._prepare(article)
        if body is None:
            return Analysis(article=article, extractor=self.extractor, warnings=warnings)
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
                    yield Analysis(article=article, extractor=self.extractor, warnings=warnings)
                else:
                    analysis = self._safe_analyze(article, next(docs))
                    analysis.warnings.extend(warnings)
                    yield analysis
            pending.clear()
            release_memory()

        chars = 0
        for article in articles:
            try:
                pending.append(self._prepare(article))
            except AnalysisError as exc:
                pending.append((article, None, [str(exc)]))
            chars += len(pending[-1][1] or "")
            if len(pending) >= batch_size or chars >= BATCH_CHARS:
                yield from flush()
                chars = 0
        yield from flush()


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Hand the memory a batch freed back to the system. A batch of long articles
    allocates large arrays; glibc keeps what they freed in the heap (and raises its mmap
    threshold after such frees), so without this a long-lived process's memory follows the
    largest batch it has seen rather than the batch at hand (about 300 MB instead of
    470-600 MB after 1,600 news articles). About 2 ms a batch of 32 articles."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


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


def _worker_ready(_: int) -> int:
    return os.getpid()


START_METHOD_ENV = "DETENTE_START_METHOD"


def _pool_context() -> Any:
    """Workers are started by a fork server that has loaded the pipeline once
    (:mod:`detente.nlp.worker`): each worker shares the model's pages with it, and a worker
    started late in a long run is as small as the first, however much the parent (which
    reads, deduplicates and writes) has grown meanwhile. ``$DETENTE_START_METHOD`` may ask
    for ``fork`` (share the parent's loaded model) or ``spawn`` (each worker loads it)."""
    methods = mp.get_all_start_methods()
    method = os.environ.get(START_METHOD_ENV) or ("forkserver" if "forkserver" in methods else "spawn")
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["detente.nlp.worker"])
    elif method == "fork":
        get_pipeline()  # load before forking: the workers share the parent's model
    return ctx


def even_chunks(batch: list[Article], parts: int, most: int) -> list[list[Article]]:
    """``batch`` cut into a multiple of ``parts`` chunks of equal size (± 1), none larger
    than ``most``: every worker gets the same share, so none waits at the end of a batch."""
    if not batch:
        return []
    n = -(-len(batch) // most)  # chunks needed at ``most`` each
    n = min(len(batch), -(-n // parts) * parts)
    size, extra = divmod(len(batch), n)
    out, i = [], 0
    for k in range(n):
        j = i + size + (1 if k < extra else 0)
        out.append(batch[i:j])
        i = j
    return out


# the tail of a stream goes out in tasks of chunk / TAIL_PARTS articles
TAIL_PARTS = 4


class BatchAnalyzer:
    """A process pool that analyses articles for a whole run: the store's ingest submits
    one transaction batch after another; :func:`analyze_many` streams through it.

    Workers are recycled after :data:`WORKER_TASKS` tasks (spaCy's string store only
    grows) and started as :func:`_pool_context` says. Each batch is cut into equal chunks,
    one or more per worker (:func:`even_chunks`). Use as a context manager, or call
    :meth:`close`."""

    def __init__(self, workers: int = 0, *, chunk: int = 32) -> None:
        self.workers = workers or (os.cpu_count() or 1)
        self.chunk = chunk
        self._pool: Any = None

    def __enter__(self) -> BatchAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(terminate=exc[0] is not None)

    @property
    def tail_chunk(self) -> int:
        """The task size for the end of a run (see :data:`TAIL_PARTS`)."""
        return max(1, self.chunk // TAIL_PARTS)

    def start(self) -> BatchAnalyzer:
        """Start the workers now and wait until each answers (otherwise the first batch
        starts them)."""
        if self.workers > 1 and self._pool is None:
            self._pool = _pool_context().Pool(self.workers, maxtasksperchild=WORKER_TASKS)
            atexit.register(self.close)
            self._pool.map(_worker_ready, range(self.workers), chunksize=1)
        return self

    def __call__(self, batch: list[Article]) -> list[Analysis]:
        return self.submit(batch)()

    def submit(self, batch: list[Article], *, last: bool = False) -> Callable[[], list[Analysis]]:
        """Start analysing ``batch``; returns a function that waits for the analyses (in
        order). With a pool the workers analyse while the caller goes on (the store's ingest
        reads the next batch and writes the previous one meanwhile). The ``last`` batch of a
        run goes out in small tasks (a quarter chunk), as the tail of :meth:`imap` does."""
        if self.workers <= 1:
            done = list(get_pipeline().pipe(batch))
            return lambda: done
        self.start()
        most = self.tail_chunk if last else self.chunk
        pending = self._pool.map_async(_worker_batch, even_chunks(batch, self.workers, most), chunksize=1)
        return lambda: [a for part in pending.get() for a in part]

    def imap(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses of a stream, in order, ``chunk`` articles a task; the stream's last
        ``workers`` chunks' worth is cut into small even tasks (a quarter chunk each) so that
        no worker finishes long before the others: the workers may be a whole chunk apart
        when the tail starts (an odd number of chunks before it)."""
        if self.workers <= 1:
            yield from get_pipeline().pipe(articles, batch_size=self.chunk)
            return
        self.start()
        for result in self._pool.imap(_worker_batch, self._stream_chunks(articles), chunksize=1):
            yield from result

    def _stream_chunks(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        ahead = self.chunk * self.workers
        buf: list[Article] = []
        for a in articles:
            buf.append(a)
            if len(buf) >= ahead + self.chunk:
                yield buf[: self.chunk]
                del buf[: self.chunk]
        yield from even_chunks(buf, self.workers, self.tail_chunk)

    def close(self, *, terminate: bool = False) -> None:
        if self._pool is not None:
            if terminate:
                self._pool.terminate()
            else:
                self._pool.close()
            self._pool.join()
            self._pool = None


def analyze_many(
    articles: Iterable[Article], *, workers: int = 0, batch_size: int = 32, pool: BatchAnalyzer | None = None
) -> Iterator[Analysis]:
    """Stream analyses in input order, batching through ``nlp.pipe``.

    ``workers=0`` (the default) uses one process per core once the stream is longer
    than one batch (a short stream is analysed in this process, with no start-up cost);
    ``workers=1`` never starts processes; ``workers=N`` uses N. ``pool`` runs the stream
    through a started :class:`BatchAnalyzer` (which stays open) instead."""
    if pool is not None:
        yield from pool.imap(articles)
        return
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
    with BatchAnalyzer(workers, chunk=batch_size) as own:
        yield from own.imap(itertools.chain(first, it))
