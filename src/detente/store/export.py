"""Write a store's tables out: one file per table, as Parquet, CSV or JSON Lines.

The events file is POLECAT-style: its columns carry POLECAT's names (``Event ID``,
``Event Date``, ``Event Type``, ``Event Mode``, ``Event Intensity``, ``Quad Code``,
``Actor Name``, ``Actor Country``, ``Primary Actor Sector``, ``Recipient Name``, ...,
``Story ID``, ``Headline``, ``Publication Date``, ``Source``, ``Event Text``), followed by
detente's own evidence columns (trigger and evidence offsets into the article text, and
the negated/hypothetical/future flags) so every row can be traced to its words.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from detente.store.store import Store

Format = Literal["parquet", "csv", "jsonl"]
FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")

TABLES: tuple[str, ...] = (
    "articles", "actors", "article_actors", "mentions", "quotes", "events", "times",
    "duplicates", "ingest_runs", "skipped",
)  # fmt: skip

POLECAT_EVENTS_SQL = """
SELECT
    e.article_id || '-' || CAST(e.ordinal AS VARCHAR) AS "Event ID",
    CAST(e.day AS VARCHAR) AS "Event Date",
    e.type AS "Event Type",
    e.mode AS "Event Mode",
    e.intensity AS "Event Intensity",
    e.quad AS "Quad Code",
    coalesce(xs.name, e.source) AS "Actor Name",
    e.source_country AS "Actor Country",
    xs.sector AS "Primary Actor Sector",
    xs.role AS "Actor Title",
    e.source AS "Actor ID",
    coalesce(xt.name, e.target) AS "Recipient Name",
    e.target_country AS "Recipient Country",
    xt.sector AS "Primary Recipient Sector",
    xt.role AS "Recipient Title",
    e.target AS "Recipient ID",
    e.article_id AS "Story ID",
    a.title AS "Headline",
    CAST(a.published AS VARCHAR) AS "Publication Date",
    a.source AS "Source",
    a.url AS "URL",
    a.language AS "Language",
    a.extractor AS "Version",
    e.evidence_text AS "Event Text",
    e.trigger_text AS "Trigger Text",
    e.trigger_start AS "Trigger Start",
    e.trigger_end AS "Trigger End",
    e.evidence_start AS "Event Text Start",
    e.evidence_end AS "Event Text End",
    e.negated AS "Negated",
    e.hypothetical AS "Hypothetical",
    e.future AS "Future",
    e.said_by AS "Said By"
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN actors xs ON xs.id = e.source
LEFT JOIN actors xt ON xt.id = e.target
ORDER BY e.day NULLS LAST, e.article_id, e.ordinal
"""

_COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}
_EXT = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}


def export(store: Store, out_dir: str | Path, fmt: str = "parquet") -> dict[str, Path]:
    """Write every table to ``out_dir/<table>.<ext>``; returns table -> file.

    Events are written with POLECAT-style columns (see the module docstring) in every
    format; the other tables keep their column names.
    """
    if fmt not in _COPY_OPTIONS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for table in TABLES:
        path = out / f"{table}.{_EXT[fmt]}"
        if table == "events":
            select = POLECAT_EVENTS_SQL
        elif table == "articles":
            select = "SELECT * FROM articles ORDER BY published NULLS LAST, id"
        else:
            select = f"SELECT * FROM {table}"
        target = str(path).replace("'", "''")
        store.con.execute(f"COPY ({select}) TO '{target}' ({_COPY_OPTIONS[fmt]})")
        written[table] = path
    return written
