"""What the store's CLI subcommands do and print (``detente ingest|dyad|said|...``).

``detente.cli`` parses the arguments and calls ``run_<command>(args)``; each returns the
exit code. Query commands print a rich table, or ``--format json|csv`` to stdout.
Errors a user can fix raise :class:`~detente.store.StoreError` or
:class:`~detente.store.QueryError`, which the CLI prints as one line (exit 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from detente.store.queries import Row
from detente.store.store import Store, StoreError


def _flat(v: Any) -> Any:
    if isinstance(v, dict):
        return "; ".join(f"{k}={n}" for k, n in v.items())
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    return v


def _cell(value: Any, width: int = 90) -> str:
    """A table cell: long texts are clipped (JSON and CSV keep them whole)."""
    text = "" if value is None else " ".join(str(_flat(value)).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def emit(rows: Sequence[Row], fmt: str, *, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print typed rows as a rich table (``table``), JSON or CSV."""
    dicts = [r.to_dict() for r in rows]
    if fmt == "json":
        json.dump(dicts, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    cols = list(columns) if columns else (list(dicts[0]) if dicts else [])
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for d in dicts:
            w.writerow([_flat(d.get(c)) for c in cols])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for d in dicts:
        table.add_row(*[_cell(d.get(c)) for c in cols])
    console = Console()
    console.print(table)
    if not dicts:
        console.print("(no rows)")


def run_ingest(args: argparse.Namespace) -> int:
    """Files are read and analysed; ``detente batch`` output folders are loaded as they are."""
    from detente.store.dataset import is_dataset, load
    from detente.store.ingest import ingest

    datasets = [i for i in args.inputs if is_dataset(i)]
    for path in datasets:
        print(load(path, args.db).summary())
    files = [i for i in args.inputs if i not in datasets]
    if files:
        report = ingest(
            files,
            args.db,
            workers=args.workers,
            batch_size=args.batch_size,
            progress=not args.quiet,
            title_first_line=args.title_first_line,
            published=args.published,
        )
        print(report.summary())
    return 0


def run_reanalyze(args: argparse.Namespace) -> int:
    from detente.store.ingest import reanalyze

    report = reanalyze(args.db, all=args.all, workers=args.workers, batch_size=args.batch_size)
    print(
        f"{report.analysed:,} articles re-analysed ({report.events:,} events, {report.quotes:,} statements) "
        f"in {report.seconds:.1f}s → {report.db}"
    )
    return 0


def _open(args: argparse.Namespace) -> Store:
    if getattr(args, "parquet", None):
        return Store.from_parquet(args.parquet)
    return Store(args.db, read_only=True)


def run_dyad(args: argparse.Namespace) -> int:
    with _open(args) as s:
        rows = s.dyad(args.a, args.b, by=args.by, since=args.since, until=args.until,
                      include_uncertain=args.include_uncertain)  # fmt: skip
    cols = ["period", "direction", "events", "by_quad", "by_type", "intensity_sum", "intensity_mean"]
    emit(rows, args.format, columns=cols if args.format == "table" else None, title=f"{args.a} ↔ {args.b}")
    return 0


def run_said(args: argparse.Namespace) -> int:
    with _open(args) as s:
        rows = s.said(speaker=args.speaker, about=args.about, q=args.q, since=args.since, until=args.until,
                      limit=args.limit)  # fmt: skip
    cols = ["date", "speaker_name", "cue", "content", "article_id", "content_start"]
    emit(rows, args.format, columns=cols if args.format == "table" else None, title="statements")
    return 0


def run_actors(args: argparse.Namespace) -> int:
    with _open(args) as s:
        rows = s.actors(top=args.top, q=args.q)
    emit(rows, args.format, title="actors")
    return 0


def run_events(args: argparse.Namespace) -> int:
    with _open(args) as s:
        rows = s.events(source=args.source, target=args.target, type=args.type, since=args.since,
                        until=args.until, limit=args.limit)  # fmt: skip
    cols = ["date", "type", "source_name", "target_name", "intensity", "trigger", "article_id", "evidence_start"]
    emit(rows, args.format, columns=cols if args.format == "table" else None, title="events")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from detente.store.export import export

    with _open(args) as s:
        written = export(s, args.out, args.format)
    for table, path in written.items():
        print(f"{table}\t{path}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    # read-write open when possible, so an old file is upgraded
    try:
        store = _open(args)
    except StoreError as exc:
        if "upgrade" not in str(exc):
            raise
        store = Store(args.db)
    with store as s:
        st = s.stats()
    if args.format == "table":
        for k, v in st.to_dict().items():
            print(f"{k:16} {_flat(v)}")
    else:
        emit([st], args.format)
    return 0
