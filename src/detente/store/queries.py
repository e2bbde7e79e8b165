"""The questions analysts ask of a store, as SQL over DuckDB, returning typed rows.

Each function takes an open connection (see :class:`detente.store.Store`, which wraps
them). Dates: ``since``/``until`` accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and are
inclusive; an event or statement is dated by its own normalised date when that is a day
or a month, else by its article's publication date (column ``day``).

Actor arguments accept an ISO3 country code (matches the actor's country: ``RUS``
matches Russia, Putin and the Kremlin) or a canonical actor id.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import duckdb

Period = Literal["month", "week", "year"]
_PERIOD_FMT: dict[str, str] = {"month": "%Y-%m", "week": "%G-W%V", "year": "%Y"}
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


class QueryError(ValueError):
    """A question that cannot be asked as given (bad period, bad date)."""


def bound(value: str | None, *, end: bool = False) -> dt.date | None:
    """``YYYY[-MM[-DD]]`` as the first (or, with ``end``, the last) day it covers."""
    if value is None or value == "":
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not m:
        raise QueryError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y = int(m[1])
    try:
        if m[3]:
            return dt.date(y, int(m[2]), int(m[3]))
        if m[2]:
            mo = int(m[2])
            return dt.date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
        return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    except ValueError as exc:
        raise QueryError(f"not a date: {value!r}") from exc


def _range(col: str, since: str | None, until: str | None, params: list[Any]) -> str:
    sql = ""
    lo, hi = bound(since), bound(until, end=True)
    if lo is not None:
        sql += f" AND {col} >= ?"
        params.append(lo)
    if hi is not None:
        sql += f" AND {col} <= ?"
        params.append(hi)
    return sql


def _side(col: str, country_col: str, value: str, params: list[Any]) -> str:
    """SQL matching an event side to a country code or an actor id."""
    if _ISO3.match(value):
        params.extend([value.upper(), value])
        return f"({country_col} = ? OR {col} = ?)"
    params.append(value)
    return f"({col} = ?)"


class Row:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


# --- dyad ----------------------------------------------------------------------------------


@dataclass(slots=True)
class DyadPeriod(Row):
    """Events between two actors in one period and one direction.

    ``direction`` is ``a->b``, ``b->a`` or ``both`` (the sum of the two).
    """

    period: str
    direction: str
    source: str
    target: str
    events: int
    by_type: dict[str, int] = field(default_factory=dict)
    by_quad: dict[str, int] = field(default_factory=dict)
    intensity_sum: float = 0.0
    intensity_mean: float = 0.0


def dyad(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: str | None = None,
    until: str | None = None,
    include_uncertain: bool = False,
) -> list[DyadPeriod]:
    """Per period: counts per PLOVER type and quad, summed and mean intensity, for a→b,
    b→a and both. Negated and hypothetical events are left out unless ``include_uncertain``."""
    if by not in _PERIOD_FMT:
        raise QueryError(f"by must be one of {', '.join(_PERIOD_FMT)}, not {by!r}")
    p_ab: list[Any] = []
    cond_ab = f"({_side('source', 'source_country', a, p_ab)} AND {_side('target', 'target_country', b, p_ab)})"
    p_ba: list[Any] = []
    cond_ba = f"({_side('source', 'source_country', b, p_ba)} AND {_side('target', 'target_country', a, p_ba)})"
    params: list[Any] = [_PERIOD_FMT[by], *p_ab, *p_ab, *p_ba]
    sql = (
        f"SELECT strftime(day, ?) AS period, CASE WHEN {cond_ab} THEN 'a->b' ELSE 'b->a' END AS dir, "
        "type, coalesce(quad, 'unknown') AS quad, count(*) AS n, sum(intensity) AS s "
        f"FROM events WHERE day IS NOT NULL AND ({cond_ab} OR {cond_ba})"
    )
    if not include_uncertain:
        sql += " AND NOT negated AND NOT hypothetical"
    sql += _range("day", since, until, params)
    sql += " GROUP BY ALL ORDER BY period"
    out: dict[tuple[str, str], DyadPeriod] = {}
    names = {"a->b": (a, b), "b->a": (b, a), "both": (a, b)}
    for period, d, typ, quad, n, s in con.execute(sql, params).fetchall():
        for key in (d, "both"):
            row = out.get((period, key))
            if row is None:
                src, tgt = names[key]
                row = out[(period, key)] = DyadPeriod(period, key, src, tgt, 0)
            row.events += n
            row.by_type[typ] = row.by_type.get(typ, 0) + n
            row.by_quad[quad] = row.by_quad.get(quad, 0) + n
            row.intensity_sum += float(s)
    order = {"a->b": 0, "b->a": 1, "both": 2}
    rows = sorted(out.values(), key=lambda r: (r.period, order[r.direction]))
    for r in rows:
        r.intensity_sum = round(r.intensity_sum, 6)
        r.intensity_mean = round(r.intensity_sum / r.events, 6) if r.events else 0.0
        r.by_type = dict(sorted(r.by_type.items()))
        r.by_quad = dict(sorted(r.by_quad.items()))
    return rows


# --- said ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Statement(Row):
    article_id: str
    ordinal: int
    title: str | None
    published: str | None
    date: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_text: str | None
    cue: str | None
    content: str
    content_start: int
    content_end: int
    speaker_start: int | None
    speaker_end: int | None
    kind: str
    cue_type: str


def said(
    con: duckdb.DuckDBPyConnection,
    *,
    speaker: str | None = None,
    about: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[Statement]:
    """Statements, newest first.

    ``speaker`` matches the speaker's actor id, canonical name or any text the actor was
    mentioned as (case-insensitive substring), or the speaker's own words in the text.
    ``about`` keeps statements mentioning an actor in the statement's span (speaker, cue
    and content), other than the speaker's own mention (table ``quote_actors``): a country
    code matches actors of that country, else an actor id (case-insensitive) or a name
    (substring of any name the actor was written as, case-insensitive); names are also
    matched in the content text. ``q`` is a substring of the content.
    """
    params: list[Any] = []
    # the newest ``limit`` statements are picked from quotes alone, then joined to their
    # articles and speakers (as in ``events``), so a broad match is not joined row by row
    # (every quote has its article: both are written and replaced in one transaction)
    sql = "WHERE TRUE"
    if speaker:
        needle = speaker.lower()
        sql += (
            " AND (q.speaker IN (SELECT actor_id FROM actor_names WHERE contains(name, ?)"
            " UNION ALL SELECT id FROM actors WHERE lower(id) = ?)"
            " OR contains(lower(q.speaker_text), ?))"
        )
        params += [needle, needle, needle]
    if about:
        # the statements' actors come from quote_actors (filled on write and by migration
        # 0003): the actors whose mentions fall inside the statement's span, speaker excepted
        if _ISO3.match(about):
            who = "SELECT id FROM actors WHERE country = ? OR id = ?"
            params_who: list[Any] = [about.upper(), about]
            text_match = ""
        else:
            who = (
                "SELECT id FROM actors WHERE lower(id) = ? OR contains(lower(name), ?)"
                " UNION SELECT actor_id FROM actor_names WHERE contains(name, ?)"
            )
            params_who = [about.lower()] * 3
            text_match = " OR contains(lower(q.content_text), ?)"
        sql += (
            " AND ((q.article_id, q.ordinal) IN (SELECT qa.article_id, qa.ordinal FROM quote_actors qa"
            f" WHERE qa.actor_id IN ({who})){text_match})"
        )
        params += params_who
        if text_match:
            params.append(about.lower())
    if q:
        sql += " AND contains(lower(q.content_text), ?)"
        params.append(q.lower())
    sql += _range("q.day", since, until, params)
    order = "ORDER BY q.day DESC NULLS LAST, q.article_id, q.ordinal"
    params.append(int(limit))
    full = (
        "SELECT q.article_id, q.ordinal, a.title, CAST(a.published AS VARCHAR), "
        "coalesce(q.date, CAST(q.day AS VARCHAR)), q.speaker, x.name, q.speaker_text, q.cue_text, "
        "q.content_text, q.content_start, q.content_end, q.speaker_start, q.speaker_end, q.kind, q.cue_type "
        f"FROM (SELECT * FROM quotes q {sql} {order} LIMIT ?) q "
        f"JOIN articles a ON a.id = q.article_id LEFT JOIN actors x ON x.id = q.speaker {order}"
    )
    return [Statement(*r) for r in con.execute(full, params).fetchall()]


# --- actors --------------------------------------------------------------------------------


@dataclass(slots=True)
class ActorRow(Row):
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    articles: int
    mentions: int
    as_source: int
    as_target: int
    as_speaker: int


def actors(con: duckdb.DuckDBPyConnection, *, top: int = 20, q: str | None = None) -> list[ActorRow]:
    """Actors by the number of articles they appear in, with mention counts and how often
    they are an event's source or target or a statement's speaker. ``q`` filters by id,
    name or any mention text (substring, case-insensitive)."""
    params: list[Any] = []
    where = ""
    if q:
        where = (
            "WHERE x.id IN (SELECT actor_id FROM actor_names WHERE contains(name, ?)) "
            "OR contains(lower(x.id), ?)"
        )
        params += [q.lower(), q.lower()]
    # rank first (one article_actors row per actor and article), then count only the top ones
    sql = f"""
        WITH top AS (SELECT x.id AS actor_id, count(aa.article_id) AS n FROM actors x
                     LEFT JOIN article_actors aa ON aa.actor_id = x.id {where}
                     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?),
             men AS (SELECT actor_id, count(*) AS n FROM mentions WHERE actor_id IN (SELECT actor_id FROM top) GROUP BY 1),
             src AS (SELECT source AS actor_id, count(*) AS n FROM events WHERE source IN (SELECT actor_id FROM top) GROUP BY 1),
             tgt AS (SELECT target AS actor_id, count(*) AS n FROM events WHERE target IN (SELECT actor_id FROM top) GROUP BY 1),
             spk AS (SELECT speaker AS actor_id, count(*) AS n FROM quotes WHERE speaker IN (SELECT actor_id FROM top) GROUP BY 1)
        SELECT x.id, x.name, x.type, x.country, x.sector, top.n, coalesce(men.n, 0),
               coalesce(src.n, 0), coalesce(tgt.n, 0), coalesce(spk.n, 0)
        FROM top JOIN actors x ON x.id = top.actor_id
        LEFT JOIN men ON men.actor_id = x.id
        LEFT JOIN src ON src.actor_id = x.id LEFT JOIN tgt ON tgt.actor_id = x.id
        LEFT JOIN spk ON spk.actor_id = x.id
        ORDER BY 6 DESC, 7 DESC, x.id
    """
    params.append(int(top))
    return [ActorRow(*r) for r in con.execute(sql, params).fetchall()]


# --- events --------------------------------------------------------------------------------


@dataclass(slots=True)
class EventRow(Row):
    article_id: str
    ordinal: int
    title: str | None
    published: str | None
    date: str | None
    type: str
    mode: str | None
    quad: str | None
    source: str | None
    source_name: str | None
    source_country: str | None
    target: str | None
    target_name: str | None
    target_country: str | None
    intensity: float
    negated: bool
    hypothetical: bool
    future: bool
    said_by: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    evidence: str
    evidence_start: int
    evidence_end: int


def events(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str | None = None,
    target: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
) -> list[EventRow]:
    """Events, newest first; ``source``/``target`` accept a country code or actor id,
    ``type`` a PLOVER type or a comma-separated list of them."""
    params: list[Any] = []
    sql = "WHERE TRUE"
    if source:
        sql += " AND " + _side("e.source", "e.source_country", source, params)
    if target:
        sql += " AND " + _side("e.target", "e.target_country", target, params)
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        sql += f" AND e.type IN ({', '.join('?' for _ in types)})"
        params += types
    sql += _range("e.day", since, until, params)
    full = (
        "SELECT e.article_id, e.ordinal, a.title, CAST(a.published AS VARCHAR), "
        "coalesce(e.date, CAST(e.day AS VARCHAR)), e.type, e.mode, e.quad, e.source, xs.name, "
        "e.source_country, e.target, xt.name, e.target_country, e.intensity, e.negated, e.hypothetical, "
        "e.future, e.said_by, e.trigger_text, e.trigger_start, e.trigger_end, e.evidence_text, "
        "e.evidence_start, e.evidence_end "
        f"FROM (SELECT e.* EXCLUDE (evidence_text), e.evidence_text FROM events e {sql} ORDER BY e.day DESC NULLS LAST, e.article_id, e.ordinal LIMIT ?) e "
        "JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN actors xs ON xs.id = e.source LEFT JOIN actors xt ON xt.id = e.target "
        "ORDER BY e.day DESC NULLS LAST, e.article_id, e.ordinal"
    )
    params.append(int(limit))
    return [EventRow(*r) for r in con.execute(full, params).fetchall()]


# --- articles ------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleRow(Row):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    status: str
    duplicate_of: str | None
    extractor: str | None
    actors: int
    quotes: int
    events: int


def articles(
    con: duckdb.DuckDBPyConnection,
    *,
    q: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    limit: int = 100,
) -> list[ArticleRow]:
    """Stored articles, newest first; ``q`` is a substring of the title or an id prefix."""
    params: list[Any] = []
    where = "WHERE TRUE"
    if q:
        where += " AND (contains(lower(coalesce(title, '')), ?) OR starts_with(id, ?))"
        params += [q.lower(), q]
    if source:
        where += " AND contains(lower(coalesce(source, '')), ?)"
        params.append(source.lower())
    if status:
        where += " AND status = ?"
        params.append(status)
    where += _range("published", since, until, params)
    params.append(int(limit))
    sql = f"""
        WITH sel AS (SELECT id, title, source, url, published, language, status, duplicate_of, extractor
                     FROM articles {where} ORDER BY published DESC NULLS LAST, id LIMIT ?)
        SELECT sel.id, sel.title, sel.source, sel.url, CAST(sel.published AS VARCHAR), sel.language,
               sel.status, sel.duplicate_of, sel.extractor,
               (SELECT count(*) FROM article_actors x WHERE x.article_id = sel.id),
               (SELECT count(*) FROM quotes x WHERE x.article_id = sel.id),
               (SELECT count(*) FROM events x WHERE x.article_id = sel.id)
        FROM sel ORDER BY sel.published DESC NULLS LAST, sel.id
    """
    return [ArticleRow(*r) for r in con.execute(sql, params).fetchall()]


# --- stats ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Stats(Row):
    articles: int
    analysed: int
    duplicates: int
    unanalysed: int
    actors: int
    mentions: int
    quotes: int
    events: int
    times: int
    skipped: int
    runs: int
    first_published: str | None
    last_published: str | None
    extractors: dict[str, int]
    migrations: list[str]


def stats(con: duckdb.DuckDBPyConnection) -> Stats:
    def one(sql: str) -> Any:
        row = con.execute(sql).fetchone()
        return row[0] if row else None

    by_status = dict(con.execute("SELECT status, count(*) FROM articles GROUP BY 1").fetchall())
    return Stats(
        articles=one("SELECT count(*) FROM articles"),
        analysed=int(by_status.get("analysed", 0)),
        duplicates=int(by_status.get("duplicate", 0)),
        unanalysed=int(by_status.get("unanalysed", 0)),
        actors=one("SELECT count(*) FROM actors"),
        mentions=one("SELECT count(*) FROM mentions"),
        quotes=one("SELECT count(*) FROM quotes"),
        events=one("SELECT count(*) FROM events"),
        times=one("SELECT count(*) FROM times"),
        skipped=one("SELECT count(*) FROM skipped"),
        runs=one("SELECT count(*) FROM ingest_runs"),
        first_published=one("SELECT CAST(min(published) AS VARCHAR) FROM articles"),
        last_published=one("SELECT CAST(max(published) AS VARCHAR) FROM articles"),
        extractors={
            str(k): int(v)
            for k, v in con.execute(
                "SELECT extractor, count(*) FROM articles WHERE extractor IS NOT NULL GROUP BY 1 ORDER BY 1"
            ).fetchall()
        },
        migrations=[r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()],
    )
