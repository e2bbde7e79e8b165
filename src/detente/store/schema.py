"""The store's schema as named, recorded migrations.

``MIGRATIONS`` is an ordered list of ``(name, sql)`` steps. ``schema_migrations`` records
the name of every step applied to a file and when. Opening a file read-write applies the
steps it lacks, in order, in one transaction (all or none), so a newer detente opens a file
written by an older one and upgrades it in place. Steps are never edited or reordered once
released: a change to the schema is a new step appended at the end.

Conventions: offsets are Python ``str`` indices into ``articles.text`` (end exclusive),
exactly as in :mod:`detente.models`; every quote and event row carries its ``article_id``
and the offsets of its evidence, so any figure can be traced back to the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import yaml

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)
"""

_V1_INITIAL = """
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    source VARCHAR,
    url VARCHAR,
    published DATE,                 -- parsed publication date (NULL if not a date)
    published_text VARCHAR,         -- the value as given, for an exact round trip
    published_inferred BOOLEAN NOT NULL DEFAULT FALSE,
    language VARCHAR,
    author VARCHAR,
    text VARCHAR NOT NULL,
    body_end INTEGER,
    summary_only BOOLEAN NOT NULL DEFAULT FALSE,
    duplicate_of VARCHAR,
    status VARCHAR NOT NULL,        -- analysed | duplicate | unanalysed
    extractor VARCHAR,
    warnings VARCHAR[],
    run_id VARCHAR,
    stored_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per canonical actor id, across all articles.
CREATE TABLE actors (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR
);

-- The actors of one article, in the article's order, as the extractor described them there.
CREATE TABLE article_actors (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    actor_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL
);

CREATE TABLE quotes (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    speaker VARCHAR,                -- actor id, NULL when unresolved
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    content_text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    cue_type VARCHAR NOT NULL,
    date VARCHAR,
    day DATE                        -- quote date if a day, else the article's date
);

CREATE TABLE events (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    quad VARCHAR,
    source VARCHAR,
    target VARCHAR,
    source_country VARCHAR,
    target_country VARCHAR,
    negated BOOLEAN NOT NULL,
    hypothetical BOOLEAN NOT NULL,
    future BOOLEAN NOT NULL,
    intensity DOUBLE NOT NULL,
    date VARCHAR,
    day DATE,                       -- event date if a day/month, else the article's date
    said_by VARCHAR,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL
);

CREATE TABLE times (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

CREATE TABLE duplicates (
    article_id VARCHAR PRIMARY KEY,
    original_id VARCHAR NOT NULL,
    similarity DOUBLE
);

CREATE TABLE ingest_runs (
    id VARCHAR PRIMARY KEY,
    started TIMESTAMP NOT NULL,
    finished TIMESTAMP,
    inputs VARCHAR[],
    counts JSON,
    status VARCHAR NOT NULL         -- running | ok | failed | interrupted
);

CREATE TABLE skipped (
    run_id VARCHAR,
    source VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);
"""

# Every name an actor was written as, for "who said it" look-ups without scanning mentions.
_V2_ACTOR_NAMES = """
CREATE TABLE actor_names (
    actor_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, name)
);
INSERT INTO actor_names
    SELECT DISTINCT actor_id, lower(text) FROM mentions
    UNION SELECT DISTINCT id, lower(name) FROM actors
    UNION SELECT DISTINCT speaker, lower(speaker_text) FROM quotes
        WHERE speaker IS NOT NULL AND speaker_text IS NOT NULL;
"""

# The actors each statement mentions, so "statements about X" needs no join of quotes
# with mentions at query time. A statement's span is the stretch covering its speaker, cue
# and content (as ``said(about=...)`` has always searched); the speaker's own mention (any
# mention overlapping the speaker span) is left out. One row per statement and actor;
# filled here for existing rows, and by ``Store.add`` for new ones.
_V3_QUOTE_ACTORS = """
CREATE TABLE quote_actors (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,       -- the statement's ordinal in quotes
    actor_id VARCHAR NOT NULL
);
"""

# The rows, from quotes and mentions (ends in a WHERE clause, so callers may add ``AND ...``;
# also used by bench/store_bench.py and by the Parquet datasets of ``detente batch``)
QUOTE_ACTORS_SELECT = """
    SELECT DISTINCT q.article_id, q.ordinal, m.actor_id
    FROM quotes q JOIN mentions m ON m.article_id = q.article_id
    WHERE m."start" >= least(q.content_start, coalesce(q.speaker_start, q.content_start),
                             coalesce(q.cue_start, q.content_start))
      AND m."end" <= greatest(q.content_end, coalesce(q.speaker_end, q.content_end),
                              coalesce(q.cue_end, q.content_end))
      AND NOT (q.speaker_start IS NOT NULL AND m."start" < q.speaker_end AND q.speaker_start < m."end")
"""
QUOTE_ACTORS_FILL = f"""
INSERT INTO quote_actors
{QUOTE_ACTORS_SELECT}
    ORDER BY q.article_id, q.ordinal, m.actor_id;
"""
_V3_QUOTE_ACTORS += QUOTE_ACTORS_FILL

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", _V1_INITIAL),
    ("0002_actor_names", _V2_ACTOR_NAMES),
    ("0003_quote_actors", _V3_QUOTE_ACTORS),
]


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations recorded in this database (empty for a new file)."""
    con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    )
    row = con.fetchone()
    if not row or not row[0]:
        return []
    return [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    done = set(applied(con))
    return [(name, sql) for name, sql in MIGRATIONS if name not in done]


def migrate(con: duckdb.DuckDBPyConnection, *, upto: str | None = None) -> list[str]:
    """Apply the missing migrations (up to and including ``upto``) in one transaction.

    Returns the names applied. On any error nothing is applied.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(MIGRATIONS_TABLE)
        names: list[str] = []
        for name, sql in pending(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, current_timestamp)", [name])
            names.append(name)
            if name == upto:
                break
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return names


# --- PLOVER quads ------------------------------------------------------------------------

# Used only when ``data/plover_types.yaml`` is absent.
_FALLBACK_QUADS: dict[str, str] = {
    "AGREE": "verbal_cooperation",
    "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation",
    "REQUEST": "verbal_cooperation",
    "COOPERATE": "material_cooperation",
    "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict",
    "SANCTION": "material_conflict",
    "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}

PLOVER_TYPES_PATH = Path(__file__).resolve().parent.parent / "data" / "plover_types.yaml"
_quads: dict[str, str] | None = None


def quads(path: Path = PLOVER_TYPES_PATH) -> dict[str, str]:
    """PLOVER event type -> quad class, from ``plover_types.yaml`` (built-in fallback)."""
    global _quads
    if _quads is not None and path == PLOVER_TYPES_PATH:
        return _quads
    mapping = dict(_FALLBACK_QUADS)
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            doc: Any = yaml.safe_load(f) or {}
        types = doc.get("types") if isinstance(doc, dict) else None
        if isinstance(types, dict):
            loaded = {
                str(k).upper(): str(v["quad"])
                for k, v in types.items()
                if isinstance(v, dict) and v.get("quad")
            }
            if loaded:
                mapping = loaded
    if path == PLOVER_TYPES_PATH:
        _quads = mapping
    return mapping


def quad_of(event_type: str) -> str | None:
    return quads().get(event_type.upper())
