"""A DuckDB file holding articles and their analyses, and the questions analysts ask of it.

    >>> with Store("news.duckdb") as store:
    ...     store.add(analyses)                 # one transaction per call
    ...     store.dyad("RUS", "USA", by="month")

Sharing one database between the CLI and the server
---------------------------------------------------
DuckDB allows one process to open a file for writing, or any number of processes to open
it read-only, never both at once. detente follows that rule instead of working around it:

* Writers (``detente ingest``, ``detente reanalyze``) open the file read-write for the
  length of the run and commit each batch in its own transaction, so a crash or kill loses
  at most the batch in flight and a rerun carries on (stored ids are skipped).
* Readers (``detente dyad|said|actors|events|export``, the web server) open it with
  ``read_only=True``. The server opens a short-lived read-only ``Store`` per request rather
  than holding one for its lifetime, so an ingest can take the write lock between requests.
* While a writer holds the file, any other open fails fast with :class:`StoreLocked` (the
  message names the file and the holding process). The CLI prints it and exits 2; the
  server answers 503 "database busy, being written by an ingest". Run ingests when no
  server is reading, or ingest into a new file and swap it in (``mv`` is atomic).

Opening read-write applies any missing schema migrations first (see :mod:`.schema`); a
read-only open of a file that needs upgrading raises :class:`StoreError` asking for one
read-write open.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker, Time
from detente.store import queries as qry
from detente.store.schema import migrate, pending, quad_of


class StoreError(Exception):
    """The database cannot be used as asked; the message says why."""


class StoreLocked(StoreError):
    """Another process holds the database (DuckDB allows one writer, or readers only)."""


def default_db() -> str:
    return os.environ.get("DETENTE_DB") or "detente.duckdb"


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_day(value: str | None) -> dt.date | None:
    """The date of an ISO ``YYYY-MM-DD...`` string, else None."""
    if not value:
        return None
    m = _DAY.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def event_day(value: str | None, published: dt.date | None) -> dt.date | None:
    """The day an event/quote is counted under: its own day, the first of its month,
    or (for years, intervals and unknown dates) the article's publication date."""
    d = parse_day(value)
    if d is not None:
        return d
    if value:
        m = _MONTH.match(value.strip())
        if m and 1 <= int(m[2]) <= 12:
            return dt.date(int(m[1]), int(m[2]), 1)
    return published


# Column order of each table, as written by ``add``.
_ARTICLE_COLS = [
    "id", "title", "source", "url", "published", "published_text", "published_inferred",
    "language", "author", "text", "body_end", "summary_only", "duplicate_of", "status",
    "extractor", "warnings", "run_id",
]  # fmt: skip
_ARTICLE_ACTOR_COLS = ["article_id", "ordinal", "actor_id", "name", "type", "country", "sector", "role"]
_MENTION_COLS = ["article_id", "actor_id", "ordinal", "start", "end", "text"]
_QUOTE_COLS = [
    "article_id", "ordinal", "speaker", "speaker_start", "speaker_end", "speaker_text",
    "cue_start", "cue_end", "cue_text", "content_start", "content_end", "content_text",
    "kind", "cue_type", "date", "day",
]  # fmt: skip
_EVENT_COLS = [
    "article_id", "ordinal", "type", "mode", "quad", "source", "target", "source_country",
    "target_country", "negated", "hypothetical", "future", "intensity", "date", "day",
    "said_by", "trigger_start", "trigger_end", "trigger_text", "evidence_start",
    "evidence_end", "evidence_text",
]  # fmt: skip
_TIME_COLS = ["article_id", "ordinal", "start", "end", "text", "value"]
_QUOTE_ACTOR_COLS = ["article_id", "ordinal", "actor_id"]

_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", pa.string()), ("title", pa.string()), ("source", pa.string()),
            ("url", pa.string()), ("published", pa.date32()), ("published_text", pa.string()),
            ("published_inferred", pa.bool_()), ("language", pa.string()),
            ("author", pa.string()), ("text", pa.string()), ("body_end", pa.int32()),
            ("summary_only", pa.bool_()), ("duplicate_of", pa.string()),
            ("status", pa.string()), ("extractor", pa.string()),
            ("warnings", pa.list_(pa.string())), ("run_id", pa.string()),
        ]
    ),  # fmt: skip
    "article_actors": pa.schema(
        [("article_id", pa.string()), ("ordinal", pa.int32()), ("actor_id", pa.string()),
         ("name", pa.string()), ("type", pa.string()), ("country", pa.string()),
         ("sector", pa.string()), ("role", pa.string())]
    ),  # fmt: skip
    "mentions": pa.schema(
        [("article_id", pa.string()), ("actor_id", pa.string()), ("ordinal", pa.int32()),
         ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())]
    ),  # fmt: skip
    "quotes": pa.schema(
        [("article_id", pa.string()), ("ordinal", pa.int32()), ("speaker", pa.string()),
         ("speaker_start", pa.int32()), ("speaker_end", pa.int32()), ("speaker_text", pa.string()),
         ("cue_start", pa.int32()), ("cue_end", pa.int32()), ("cue_text", pa.string()),
         ("content_start", pa.int32()), ("content_end", pa.int32()), ("content_text", pa.string()),
         ("kind", pa.string()), ("cue_type", pa.string()), ("date", pa.string()), ("day", pa.date32())]
    ),  # fmt: skip
    "events": pa.schema(
        [("article_id", pa.string()), ("ordinal", pa.int32()), ("type", pa.string()),
         ("mode", pa.string()), ("quad", pa.string()), ("source", pa.string()),
         ("target", pa.string()), ("source_country", pa.string()), ("target_country", pa.string()),
         ("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("future", pa.bool_()),
         ("intensity", pa.float64()), ("date", pa.string()), ("day", pa.date32()),
         ("said_by", pa.string()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
         ("trigger_text", pa.string()), ("evidence_start", pa.int32()), ("evidence_end", pa.int32()),
         ("evidence_text", pa.string())]
    ),  # fmt: skip
    "times": pa.schema(
        [("article_id", pa.string()), ("ordinal", pa.int32()), ("start", pa.int32()),
         ("end", pa.int32()), ("text", pa.string()), ("value", pa.string())]
    ),  # fmt: skip
    "quote_actors": pa.schema([("article_id", pa.string()), ("ordinal", pa.int32()), ("actor_id", pa.string())]),
}
_COLS = {
    "articles": _ARTICLE_COLS,
    "article_actors": _ARTICLE_ACTOR_COLS,
    "mentions": _MENTION_COLS,
    "quotes": _QUOTE_COLS,
    "events": _EVENT_COLS,
    "times": _TIME_COLS,
    "quote_actors": _QUOTE_ACTOR_COLS,
}
_CHILD_TABLES = ("article_actors", "mentions", "quotes", "events", "times", "quote_actors")
_COLS_DUPLICATES = ("article_id", "original_id", "similarity")
_COLS_SKIPPED = ("run_id", "source", "reason")


def _insert(con: duckdb.DuckDBPyConnection, insert: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``insert`` (``"INSERT [OR IGNORE] INTO t"``) the rows, through one Arrow table:
    DuckDB's ``executemany`` costs about a millisecond a row, this a few per batch."""
    tbl = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
    names = ", ".join(f'"{c}"' for c in cols)
    con.register("_rows", tbl)
    try:
        con.execute(f"{insert} ({names}) SELECT {names} FROM _rows")
    finally:
        con.unregister("_rows")


def status_of(analysis: Analysis) -> str:
    if analysis.article.duplicate_of:
        return "duplicate"
    return "analysed" if analysis.extractor else "unanalysed"


def quote_actor_ids(quote: Quote, mentions: Sequence[tuple[str, Span]]) -> list[str]:
    """The actors mentioned in a statement's span (speaker, cue and content), other than
    the speaker's own mention, in mention order: the ``quote_actors`` rows of one quote
    (the same rule as migration ``0003_quote_actors``)."""
    spans = [quote.content]
    if quote.speaker is not None:
        spans.append(quote.speaker.span)
    if quote.cue is not None:
        spans.append(quote.cue)
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    sp = quote.speaker.span if quote.speaker is not None else None
    return list(
        dict.fromkeys(
            actor_id
            for actor_id, m in mentions
            if lo <= m.start and m.end <= hi and not (sp is not None and m.start < sp.end and sp.start < m.end)
        )
    )


class _Rows:
    """Column-wise buffers for one batch, turned into Arrow tables."""

    def __init__(self) -> None:
        self.cols: dict[str, dict[str, list[Any]]] = {
            t: {c: [] for c in cols} for t, cols in _COLS.items()
        }
        self.actors: dict[str, Actor] = {}
        self.names: set[tuple[str, str]] = set()

    def row(self, table: str, values: Sequence[Any]) -> None:
        for col, v in zip(_COLS[table], values, strict=True):
            self.cols[table][col].append(v)

    def arrow(self, table: str) -> pa.Table:
        return pa.Table.from_pydict(self.cols[table], schema=_SCHEMAS[table])

    def count(self, table: str) -> int:
        return len(self.cols[table]["article_id" if table != "articles" else "id"])

    def add(self, an: Analysis, run_id: str | None, *, article_row: bool = True) -> None:
        a = an.article
        pub = parse_day(a.published)
        if article_row:
            self.row(
            "articles",
                [a.id, a.title, a.source, a.url, pub, a.published, a.published_inferred, a.language,
                 a.author, a.text, a.body_end, a.summary_only, a.duplicate_of, status_of(an),
                 an.extractor or None, list(an.warnings), run_id],
            )  # fmt: skip
        for i, actor in enumerate(an.actors):
            self.row(
                "article_actors",
                [a.id, i, actor.id, actor.name, actor.type, actor.country, actor.sector, actor.role],
            )
            self.actors.setdefault(actor.id, actor)
            self.names.add((actor.id, actor.name.lower()))
            for j, m in enumerate(actor.mentions):
                self.row("mentions", [a.id, actor.id, j, m.start, m.end, m.text])
                self.names.add((actor.id, m.text.lower()))
        mentions = [(actor.id, m) for actor in an.actors for m in actor.mentions]
        for i, qt in enumerate(an.quotes):
            for actor_id in quote_actor_ids(qt, mentions):
                self.row("quote_actors", [a.id, i, actor_id])
            sp, cue, c = qt.speaker, qt.cue, qt.content
            if sp is not None and sp.actor:
                self.names.add((sp.actor, sp.span.text.lower()))
            self.row(
                "quotes",
                [a.id, i, sp.actor if sp else None, sp.span.start if sp else None,
                 sp.span.end if sp else None, sp.span.text if sp else None,
                 cue.start if cue else None, cue.end if cue else None, cue.text if cue else None,
                 c.start, c.end, c.text, qt.kind, qt.cue_type, qt.date, event_day(qt.date, pub)],
            )  # fmt: skip
        for i, e in enumerate(an.events):
            self.row(
                "events",
                [a.id, i, e.type, e.mode, quad_of(e.type), e.source, e.target, e.source_country,
                 e.target_country, e.negated, e.hypothetical, e.future, float(e.intensity), e.date,
                 event_day(e.date, pub), e.said_by, e.trigger.start, e.trigger.end, e.trigger.text,
                 e.evidence.start, e.evidence.end, e.evidence.text],
            )  # fmt: skip
        for i, t in enumerate(an.times):
            self.row("times", [a.id, i, t.span.start, t.span.end, t.span.text, t.value])


class Store:
    """One detente database file. Use as a context manager; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path} (run `detente ingest ... --db {self.path}` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreLocked(
                    f"{self.path} is in use by another process (DuckDB allows one writer, or "
                    f"readers only; wait for the ingest to finish): {msg}"
                ) from exc
            raise StoreError(f"cannot open {self.path}: {msg}") from exc
        try:
            if read_only:
                todo = pending(self.con)
                if todo:
                    raise StoreError(
                        f"{self.path} needs schema upgrade ({', '.join(n for n, _ in todo)}); "
                        "open it once read-write (e.g. `detente stats --db ...`)"
                    )
            else:
                self.migrated = migrate(self.con)
        except BaseException:
            self.con.close()
            raise

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str | os.PathLike[str]) -> Store:
        """A read-only store over an open connection holding the store's tables or views
        (``path`` names what it reads); ``close`` closes the connection."""
        store = cls.__new__(cls)
        store.path, store.read_only, store.con = Path(path), True, con
        return store

    @classmethod
    def from_parquet(cls, path: str | os.PathLike[str]) -> Store:
        """The tables of a ``detente batch`` output folder, queried in place, read-only
        (DuckDB views over its Parquet files: see :mod:`detente.store.dataset`)."""
        from detente.store.dataset import connect

        return cls.over(connect(path), path)

    # --- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        # fetchall: a half-read result would block the next register() on this connection
        return bool(self.con.execute("SELECT 1 FROM articles WHERE id = ? LIMIT 1", [article_id]).fetchall())

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        tbl = pa.table({"id": pa.array(wanted, pa.string())})
        self.con.register("_wanted_ids", tbl)
        try:
            rows = self.con.execute("SELECT a.id FROM articles a JOIN _wanted_ids w ON a.id = w.id").fetchall()
        finally:
            self.con.unregister("_wanted_ids")
        return {r[0] for r in rows}

    def add(
        self,
        analyses: Iterable[Analysis],
        run_id: str | None = None,
        *,
        similarity: Mapping[str, float | None] | None = None,
        replace: bool = False,
    ) -> int:
        """Write a batch in one transaction; returns how many articles were written.

        Articles already stored (by id) are skipped, so adding the same text twice is a
        no-op — unless ``replace`` is set (re-analysis), which replaces their analysis.
        An article with ``duplicate_of`` also gets a ``duplicates`` row (``similarity``
        maps its id to a score when known).
        """
        batch: dict[str, Analysis] = {}
        for an in analyses:
            batch.setdefault(an.article.id, an)
        if not batch:
            return 0
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")
        known = self.known_ids(batch)
        rows = _Rows()
        replaced: list[Analysis] = []
        for aid, an in batch.items():
            if aid in known:
                if replace:
                    replaced.append(an)
                continue
            rows.add(an, run_id)
        for an in replaced:
            rows.add(an, run_id, article_row=False)
        new_ids = [aid for aid in batch if aid not in known]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if replaced:
                ids_tbl = pa.table({"id": pa.array([an.article.id for an in replaced], pa.string())})
                con.register("_replaced", ids_tbl)
                for t in _CHILD_TABLES:
                    con.execute(f"DELETE FROM {t} WHERE article_id IN (SELECT id FROM _replaced)")
                con.unregister("_replaced")
                for an in replaced:
                    con.execute(
                        "UPDATE articles SET extractor = ?, warnings = ?, status = ? WHERE id = ?",
                        [an.extractor or None, list(an.warnings), status_of(an), an.article.id],
                    )
            for table in ("articles", *_CHILD_TABLES):
                tbl = rows.arrow(table)  # replaced articles keep their row (updated above)
                if tbl.num_rows == 0:
                    continue
                con.register("_batch", tbl)
                cols = ", ".join(f'"{c}"' for c in _COLS[table])
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch")
                con.unregister("_batch")
            if rows.actors:
                # an actor's row is written by the first article that names it; a re-analysis
                # (``replace``, e.g. after an upgrade of the gazetteer or the rules) rewrites it
                verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
                _insert(
                    con, f"{verb} INTO actors", ("id", "name", "type", "country", "sector", "role"),
                    [(a.id, a.name, a.type, a.country, a.sector, a.role) for a in rows.actors.values()],
                )  # fmt: skip
            if rows.names:
                con.register("_names", pa.table({
                    "actor_id": pa.array([n[0] for n in rows.names], pa.string()),
                    "name": pa.array([n[1] for n in rows.names], pa.string()),
                }))  # fmt: skip
                con.execute(
                    "INSERT OR IGNORE INTO actor_names SELECT n.actor_id, n.name FROM _names n "
                    "ANTI JOIN actor_names x ON x.actor_id = n.actor_id AND x.name = n.name"
                )
                con.unregister("_names")
            dups = [
                (aid, batch[aid].article.duplicate_of, (similarity or {}).get(aid))
                for aid in new_ids
                if batch[aid].article.duplicate_of
            ]
            if dups:
                _insert(con, "INSERT OR IGNORE INTO duplicates", _COLS_DUPLICATES, dups)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(new_ids) + len(replaced)

    # --- ingest runs -------------------------------------------------------------------

    def start_run(self, run_id: str, inputs: Sequence[str]) -> None:
        self.con.execute(
            "INSERT INTO ingest_runs VALUES (?, current_timestamp, NULL, ?, NULL, 'running')",
            [run_id, list(inputs)],
        )

    def finish_run(self, run_id: str, counts: Mapping[str, Any], status: str) -> None:
        import json

        self.con.execute(
            "UPDATE ingest_runs SET finished = current_timestamp, counts = ?, status = ? WHERE id = ?",
            [json.dumps(dict(counts)), status, run_id],
        )

    def add_skipped(self, run_id: str | None, skipped: Sequence[tuple[str, str]]) -> None:
        if skipped:
            _insert(self.con, "INSERT INTO skipped", _COLS_SKIPPED, [(run_id, s, r) for s, r in skipped])

    # --- reading one article -----------------------------------------------------------

    def article(self, article_id: str) -> Analysis | None:
        """The stored article and its analysis, rebuilt from rows (``to_dict`` round-trips)."""
        con = self.con
        row = con.execute(
            "SELECT id, title, source, url, published_text, published_inferred, language, author, "
            "text, body_end, summary_only, duplicate_of, extractor, warnings FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            return None
        art = Article(
            text=row[8], id=row[0], title=row[1], source=row[2], url=row[3], published=row[4],
            published_inferred=bool(row[5]), language=row[6], author=row[7], body_end=row[9],
            summary_only=bool(row[10]), duplicate_of=row[11],
        )  # fmt: skip
        mentions: dict[str, list[Span]] = {}
        for actor_id, s, e, t in con.execute(
            'SELECT actor_id, "start", "end", text FROM mentions WHERE article_id = ? ORDER BY actor_id, ordinal',
            [article_id],
        ).fetchall():
            mentions.setdefault(actor_id, []).append(Span(s, e, t))
        actors = [
            Actor(id=r[0], name=r[1], type=r[2], country=r[3], sector=r[4], role=r[5],
                  mentions=mentions.get(r[0], []))
            for r in con.execute(
                "SELECT actor_id, name, type, country, sector, role FROM article_actors "
                "WHERE article_id = ? ORDER BY ordinal", [article_id],
            ).fetchall()
        ]  # fmt: skip
        quotes = []
        for r in con.execute(
            f"SELECT {', '.join(_QUOTE_COLS[2:15])} FROM quotes WHERE article_id = ? ORDER BY ordinal",
            [article_id],
        ).fetchall():
            sp, ss, se, st, cs, ce, ct, qs, qe, qtx, kind, cue_type, date = r
            quotes.append(
                Quote(
                    content=Span(qs, qe, qtx),
                    speaker=Speaker(Span(ss, se, st), sp) if st is not None else None,
                    cue=Span(cs, ce, ct) if ct is not None else None,
                    kind=kind, cue_type=cue_type, date=date,
                )
            )  # fmt: skip
        events = []
        for r in con.execute(
            "SELECT type, mode, source, target, source_country, target_country, negated, hypothetical, "
            "future, intensity, date, said_by, trigger_start, trigger_end, trigger_text, "
            "evidence_start, evidence_end, evidence_text FROM events WHERE article_id = ? ORDER BY ordinal",
            [article_id],
        ).fetchall():
            events.append(
                Event(
                    type=r[0], mode=r[1], source=r[2], target=r[3], source_country=r[4],
                    target_country=r[5], negated=r[6], hypothetical=r[7], future=r[8],
                    intensity=r[9], date=r[10], said_by=r[11], trigger=Span(r[12], r[13], r[14]),
                    evidence=Span(r[15], r[16], r[17]),
                )
            )  # fmt: skip
        times = [
            Time(Span(s, e, t), v)
            for s, e, t, v in con.execute(
                'SELECT "start", "end", text, value FROM times WHERE article_id = ? ORDER BY ordinal',
                [article_id],
            ).fetchall()
        ]
        return Analysis(
            article=art, actors=actors, quotes=quotes, events=events, times=times,
            extractor=row[12] or "", warnings=list(row[13] or []),
        )  # fmt: skip

    # --- questions ---------------------------------------------------------------------

    def dyad(
        self, a: str, b: str, *, by: str = "month", since: str | None = None, until: str | None = None,
        include_uncertain: bool = False,
    ) -> list[qry.DyadPeriod]:  # fmt: skip
        return qry.dyad(self.con, a, b, by=by, since=since, until=until, include_uncertain=include_uncertain)

    def said(
        self, speaker: str | None = None, about: str | None = None, q: str | None = None, *,
        since: str | None = None, until: str | None = None, limit: int = 50,
    ) -> list[qry.Statement]:  # fmt: skip
        return qry.said(self.con, speaker=speaker, about=about, q=q, since=since, until=until, limit=limit)

    def actors(self, top: int = 20, q: str | None = None) -> list[qry.ActorRow]:
        return qry.actors(self.con, top=top, q=q)

    def events(
        self, source: str | None = None, target: str | None = None, type: str | None = None, *,
        since: str | None = None, until: str | None = None, limit: int = 100,
    ) -> list[qry.EventRow]:  # fmt: skip
        return qry.events(self.con, source=source, target=target, type=type, since=since, until=until, limit=limit)

    def articles(
        self, q: str | None = None, *, source: str | None = None, since: str | None = None,
        until: str | None = None, status: str | None = None, limit: int = 100,
    ) -> list[qry.ArticleRow]:  # fmt: skip
        return qry.articles(self.con, q=q, source=source, since=since, until=until, status=status, limit=limit)

    def stats(self) -> qry.Stats:
        return qry.stats(self.con)
