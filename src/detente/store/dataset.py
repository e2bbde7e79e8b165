"""A ``detente batch`` output folder (a *dataset*) read back by detente: loaded into a store
(``detente ingest dataset/``) or queried in place (``detente serve --parquet dataset/``,
``detente dyad|said|actors|events|stats --parquet dataset/``).

A folder is a dataset when it holds the batch's manifest ``_detente_batch.json`` (written
last), or — copied or compacted without it — Parquet files under ``articles/`` and ``actors/``.

In place, :func:`connect` opens an in-memory DuckDB database with the store's schema (its
migrations) and replaces each table the dataset holds by a view over its Parquet files
(``read_parquet('dataset/quotes/**/*.parquet', hive_partitioning = true)``, the store's
columns only, so the ``month`` partition column is left out): every query of
:class:`~detente.store.Store` runs unchanged, read-only, and nothing is copied.
``actor_names`` is a view over the names and mentions; tables a dataset lacks (no rows of that
kind; ``duplicates``, which a batch does not detect) stay empty; ``ingest_runs`` holds the
batch run, from the manifest.

:func:`load` copies a dataset into a store in one transaction, recorded in ``ingest_runs`` like
``detente ingest``: articles already stored are skipped with all their rows, so loading twice
adds nothing but the second run's record. Rows get the load's ``run_id`` and ``stored_at``.

Events: a batch writes them twice, POLECAT-style (``events/``, for analysts) and in the
store's layout (``store_events/``), which is what detente reads. Datasets written before
``store_events`` existed are read too: their events are mapped back from the POLECAT columns,
all but the event's own date text (``date``, which "Event Date" does not keep; the day it is
counted under, ``day``, is kept), and ``quote_actors`` is derived from quotes and mentions by
the store's own rule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from detente.batch import MANIFEST
from detente.store.schema import QUOTE_ACTORS_SELECT, migrate
from detente.store.store import _ARTICLE_COLS, _COLS, StoreError

if TYPE_CHECKING:
    from detente.store.ingest import IngestReport

_TABLE_COLS: dict[str, list[str]] = {
    **{t: _COLS[t] for t in ("article_actors", "mentions", "quotes", "events", "times", "quote_actors")},
    "articles": [*_ARTICLE_COLS, "stored_at"],
    "actors": ["id", "name", "type", "country", "sector", "role"],
    "skipped": ["run_id", "source", "reason"],
}
_FOLDER = {"events": "store_events"}  # store table -> dataset folder, where they differ

# The store's event columns from the POLECAT-style events of older datasets (see above).
_FROM_POLECAT: dict[str, str] = {
    "article_id": '"Story ID"', "ordinal": """CAST(regexp_extract("Event ID", '(\\d+)$', 1) AS INTEGER)""",
    "type": '"Event Type"', "mode": '"Event Mode"', "quad": '"Quad Code"', "source": '"Actor ID"',
    "target": '"Recipient ID"', "source_country": '"Actor Country"', "target_country": '"Recipient Country"',
    "negated": '"Negated"', "hypothetical": '"Hypothetical"', "future": '"Future"',
    "intensity": '"Event Intensity"', "date": "CAST(NULL AS VARCHAR)", "day": 'CAST("Event Date" AS DATE)',
    "said_by": '"Said By"', "trigger_start": '"Trigger Start"', "trigger_end": '"Trigger End"',
    "trigger_text": '"Trigger Text"', "evidence_start": '"Event Text Start"',
    "evidence_end": '"Event Text End"', "evidence_text": '"Event Text"',
}  # fmt: skip


def names_sql(where: str = "TRUE") -> str:
    """``actor_names`` rows of the article rows matching ``where`` (on ``article_id``): the
    actors' names and every text they were mentioned or quoted as, lower-cased, as
    ``Store.add`` writes them."""
    return (
        f"SELECT actor_id, lower(name) AS name FROM article_actors WHERE {where} "
        f"UNION SELECT actor_id, lower(text) FROM mentions WHERE {where} "
        f"UNION SELECT speaker, lower(speaker_text) FROM quotes WHERE {where} "
        "AND speaker <> '' AND speaker_text IS NOT NULL"
    )


def _has_parquet(folder: Path) -> bool:
    return folder.is_dir() and next(folder.rglob("*.parquet"), None) is not None


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder written by ``detente batch`` (see the module docstring)."""
    root = Path(path)
    if (root / MANIFEST).is_file():
        return True
    return _has_parquet(root / "articles") and _has_parquet(root / "actors")


def _root(path: str | os.PathLike[str]) -> Path:
    if not is_dataset(path):
        raise StoreError(
            f"{path} is not a `detente batch` output folder (no {MANIFEST}, no articles/ and actors/ Parquet files)"
        )
    return Path(path).resolve()


def _scan(folder: Path, columns: dict[str, str]) -> str:
    glob = str(folder / "**" / "*.parquet").replace("'", "''")
    cols = ", ".join(f'{expr} AS "{c}"' for c, expr in columns.items())
    return f"SELECT {cols} FROM read_parquet('{glob}', hive_partitioning = true)"


def sources(path: str | os.PathLike[str]) -> dict[str, str]:
    """Store table → a SELECT of its rows from the dataset's Parquet files, for the tables
    the dataset holds."""
    root = _root(path)
    out: dict[str, str] = {}
    for table, cols in _TABLE_COLS.items():
        folder = root / _FOLDER.get(table, table)
        if _has_parquet(folder):
            out[table] = _scan(folder, {c: f'"{c}"' for c in cols})
        elif table == "events" and _has_parquet(root / "events"):
            out[table] = _scan(root / "events", _FROM_POLECAT)
    return out


def manifest(path: str | os.PathLike[str]) -> dict[str, object] | None:
    """The batch's manifest (its report, inputs and times), if the dataset has one."""
    file = Path(path) / MANIFEST
    if not file.is_file():
        return None
    doc = json.loads(file.read_text(encoding="utf-8"))
    return doc if isinstance(doc, dict) else None


def _utc(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    t = dt.datetime.fromisoformat(value)
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


def connect(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory database whose store tables are views over the dataset (see the module
    docstring). Give each thread its own ``.cursor()``."""
    src = sources(path)
    con = duckdb.connect()
    try:
        migrate(con)
        derived = {"actor_names": names_sql(), "quote_actors": QUOTE_ACTORS_SELECT}
        for table, sql in {**derived, **src}.items():
            con.execute(f"DROP TABLE {table}")
            con.execute(f"CREATE VIEW {table} AS {sql}")
        doc = manifest(path)
        if doc is not None and doc.get("run_id"):
            con.execute(
                "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, 'ok')",
                [doc["run_id"], _utc(doc.get("started")) or dt.datetime(1970, 1, 1), _utc(doc.get("finished")),
                 doc.get("inputs") or [], json.dumps(doc.get("rows") or {})],
            )  # fmt: skip
    except BaseException:
        con.close()
        raise
    return con


def load(path: str | os.PathLike[str], db_path: str | os.PathLike[str]) -> IngestReport:
    """Copy the dataset at ``path`` into the store at ``db_path`` (see the module docstring);
    the run is recorded in ``ingest_runs`` as ``detente ingest`` records its runs."""
    from detente.store.ingest import IngestReport, recorded_run
    from detente.store.store import Store

    src = sources(path)
    run_id = "dataset-" + time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    report = IngestReport(run_id=run_id, db=str(db_path))
    start = time.perf_counter()
    with Store(db_path) as store, recorded_run(store, report, [str(path)], start):
        _copy(store.con, src, report)
    return report


def _copy(con: duckdb.DuckDBPyConnection, src: dict[str, str], report: IngestReport) -> None:
    """The rows of the articles not yet stored, in one transaction; counts into ``report``."""

    def run(sql: str, params: list[object] | None = None) -> int:
        row = con.execute(sql, params or []).fetchone()
        return int(row[0]) if row else 0

    new = "article_id IN (SELECT id FROM _new_ids)"
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TEMP TABLE _new_ids (id VARCHAR PRIMARY KEY)")
        if "articles" in src:
            arts = src["articles"]
            report.read = run(f"SELECT count(*) FROM ({arts})")
            run(f"INSERT INTO _new_ids SELECT d.id FROM ({arts}) d ANTI JOIN articles a ON a.id = d.id")
            cols = ", ".join(f'"{c}"' for c in _ARTICLE_COLS if c != "run_id")  # stored_at: now
            report.stored = run(
                f"INSERT INTO articles ({cols}, run_id) SELECT {cols}, ? FROM ({arts}) "
                "WHERE id IN (SELECT id FROM _new_ids)",
                [report.run_id],
            )
        for table in ("article_actors", "mentions", "quotes", "events", "times"):
            if table in src:
                cols = ", ".join(f'"{c}"' for c in _COLS[table])
                n = run(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM ({src[table]}) WHERE {new}")
                report.events += n if table == "events" else 0
                report.quotes += n if table == "quotes" else 0
        run(f"INSERT INTO quote_actors {QUOTE_ACTORS_SELECT} AND q.{new}")
        if "actors" in src:
            run(
                f"INSERT OR IGNORE INTO actors SELECT * FROM ({src['actors']}) "
                f"WHERE id IN (SELECT actor_id FROM article_actors WHERE {new})"
            )
        run(
            f"INSERT OR IGNORE INTO actor_names SELECT n.actor_id, n.name FROM ({names_sql(new)}) n "
            "ANTI JOIN actor_names x ON x.actor_id = n.actor_id AND x.name = n.name"
        )
        if "skipped" in src:  # what the batch could not read, once per source and reason
            report.skipped = run(
                f"INSERT INTO skipped SELECT DISTINCT ?, d.source, d.reason FROM ({src['skipped']}) d "
                "ANTI JOIN skipped s ON s.source = d.source AND s.reason = d.reason",
                [report.run_id],
            )
        status = "SELECT status, count(*) FROM articles WHERE id IN (SELECT id FROM _new_ids) GROUP BY 1"
        by_status = dict(con.execute(status).fetchall())
        report.analysed = int(by_status.get("analysed", 0))
        report.non_english = int(by_status.get("unanalysed", 0))
        report.duplicates = int(by_status.get("duplicate", 0))
        report.already_stored = report.read - report.stored
        report.batches = 1
        con.execute("DROP TABLE _new_ids")
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
