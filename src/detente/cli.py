"""The ``detente`` command: a thin layer over the library.

Each subcommand is one ``_cmd_*`` function that parses nothing itself: ``main`` builds
the parser from the ``_add_*`` functions, and each command calls library code and
prints. Exit codes: 0 ok, 1 a figure or check failed, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

Adder = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


class UserError(Exception):
    """A problem with what the user gave us: printed as one line, exit code 2."""


def _tagger_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--tagger",
        choices=["fast", "accurate", "off"],
        help="statement tagger: fast (default), accurate (a transformer, several times slower) or off "
        "(rules only); the same as $DETENTE_TAGGER",
    )


# --- analyze ---------------------------------------------------------------------------------


def _add_analyze(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("analyze", help="analyse articles: actors, statements, events, times")
    p.add_argument("inputs", nargs="+", help="files or folders (.txt, .jsonl, HTML, feeds, WARC) or - for stdin")
    p.add_argument("--published", help="publication date YYYY-MM-DD for plain text input")
    p.add_argument("--format", choices=["report", "json", "jsonl"], default="report")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    _tagger_arg(p)
    p.set_defaults(func=_cmd_analyze)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from detente.report import run_analyze

    return run_analyze(args.inputs, published=args.published, fmt=args.format, workers=args.workers)


# --- store: ingest, reanalyze, dyad, said, actors, events, export, stats -----------------------


def _db_arg(p: argparse.ArgumentParser) -> None:
    import os

    default = os.environ.get("DETENTE_DB") or "detente.duckdb"
    p.add_argument("--db", default=default, help=f"database file (default $DETENTE_DB or detente.duckdb: {default})")


def _parquet_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--parquet", metavar="DIR", help="read a `detente batch` output folder in place instead of --db")


def _query_args(p: argparse.ArgumentParser, *, dates: bool = True) -> None:
    _db_arg(p)
    _parquet_arg(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    if dates:
        p.add_argument("--since", help="from YYYY[-MM[-DD]] (inclusive)")
        p.add_argument("--until", help="to YYYY[-MM[-DD]] (inclusive)")


def _store_call(name: str, args: argparse.Namespace) -> int:
    from detente.store import commands
    from detente.store.queries import QueryError
    from detente.store.store import StoreError

    try:
        return int(getattr(commands, f"run_{name}")(args))
    except (StoreError, QueryError) as exc:
        raise UserError(str(exc)) from exc


def _add_ingest(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ingest", help="read, analyse and store articles (idempotent: a rerun adds only new ones)")
    p.add_argument("inputs", nargs="+", help="files or folders (.txt, .jsonl, HTML, feeds, WARC), - for stdin, "
                   "or `detente batch` output folders (loaded as they are)")
    _db_arg(p)
    p.add_argument("--workers", type=int, default=0, help="worker processes (default 0: one per core)")
    p.add_argument("--batch-size", type=int, default=50, help="articles per transaction (default 50)")
    p.add_argument("--published", help="publication date YYYY-MM-DD for plain text input")
    p.add_argument("--title-first-line", action="store_true", help="plain text files have the title on line 1")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    _tagger_arg(p)
    p.set_defaults(func=_cmd_ingest)


def _cmd_ingest(args: argparse.Namespace) -> int:
    return _store_call("ingest", args)


def _add_reanalyze(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("reanalyze", help="re-analyse stored articles made by another extractor version")
    _db_arg(p)
    p.add_argument("--all", action="store_true", help="re-analyse every analysed article")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=50)
    _tagger_arg(p)
    p.set_defaults(func=_cmd_reanalyze)


def _cmd_reanalyze(args: argparse.Namespace) -> int:
    return _store_call("reanalyze", args)


def _add_dyad(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("dyad", help="events between two actors per period (A→B, B→A, both)")
    p.add_argument("a", help="country code (RUS) or actor id")
    p.add_argument("b", help="country code (USA) or actor id")
    p.add_argument("--by", choices=["month", "week", "year"], default="month")
    p.add_argument("--include-uncertain", action="store_true", help="count negated and hypothetical events too")
    _query_args(p)
    p.set_defaults(func=_cmd_dyad)


def _cmd_dyad(args: argparse.Namespace) -> int:
    return _store_call("dyad", args)


def _add_said(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("said", help="statements by a speaker, optionally about an actor, newest first")
    p.add_argument("--speaker", help="actor id, name or any name they were mentioned as (substring)")
    p.add_argument("--about", help="country code, actor id or name mentioned in the statement")
    p.add_argument("-q", "--q", help="text the statement contains")
    p.add_argument("--limit", type=int, default=50)
    _query_args(p)
    p.set_defaults(func=_cmd_said)


def _cmd_said(args: argparse.Namespace) -> int:
    return _store_call("said", args)


def _add_actors(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("actors", help="actors by appearances; counts as source, target and speaker")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("-q", "--q", help="filter by id, name or mention text (substring)")
    _query_args(p, dates=False)
    p.set_defaults(func=_cmd_actors)


def _cmd_actors(args: argparse.Namespace) -> int:
    return _store_call("actors", args)


def _add_events(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("events", help="events, newest first, with their evidence")
    p.add_argument("--source", help="country code or actor id")
    p.add_argument("--target", help="country code or actor id")
    p.add_argument("--type", help="PLOVER type(s), comma-separated (SANCTION,THREATEN)")
    p.add_argument("--limit", type=int, default=100)
    _query_args(p)
    p.set_defaults(func=_cmd_events)


def _cmd_events(args: argparse.Namespace) -> int:
    return _store_call("events", args)


def _add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write every table to a folder (events with POLECAT-style columns)")
    _db_arg(p)
    p.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    return _store_call("export", args)


def _add_stats(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stats", help="what the database holds")
    _query_args(p, dates=False)
    p.set_defaults(func=_cmd_stats)


def _cmd_stats(args: argparse.Namespace) -> int:
    return _store_call("stats", args)


# --- eval ------------------------------------------------------------------------------------


def _add_eval(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from detente.eval.runner import SETS

    p = sub.add_parser("eval", help="score detente on the gold sets (polnear, plover, timebank, html, seed, actors, speakers)")
    p.add_argument("sets", nargs="+", choices=[*SETS, "all"], metavar="SET", help=f"{', '.join(SETS)} or all")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--limit", type=int, default=None, help="score only the first N items of each set")
    p.add_argument("--check-floors", action="store_true", help="exit 1 if a figure is below its floor")
    p.add_argument("--update-floors", action="store_true", help="raise floors to the figures (never lowers)")
    p.set_defaults(func=_cmd_eval)


def _cmd_eval(args: argparse.Namespace) -> int:
    from detente.eval.runner import eval_command

    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be at least 1")
    return eval_command(
        args.sets,
        as_json=args.json,
        limit=args.limit,
        check=args.check_floors,
        update=args.update_floors,
    )


# --- serve -----------------------------------------------------------------------------------


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="HTTP API and web dashboard over a database or a batch output folder (read-only)")
    _db_arg(p)
    _parquet_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-ingest", action="store_true", help="enable POST /ingest (fetches URLs, writes the db)")
    p.add_argument("--allow-private", action="store_true", help="let POST /ingest fetch from local/private networks")
    p.set_defaults(func=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    import uvicorn

    from detente.store.dataset import is_dataset
    from detente.web.app import create_app

    source = args.parquet or args.db
    if args.parquet and not is_dataset(args.parquet):
        raise UserError(f"{args.parquet} is not a `detente batch` output folder")
    if args.parquet and args.allow_ingest:
        raise UserError("--allow-ingest writes a database: serve one with --db, not --parquet")
    if not Path(source).exists():
        raise UserError(f"no database at {args.db} (run `detente ingest ... --db {args.db}` first)")
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be 1-65535, not {args.port}")
    app = create_app(
        source, allow_ingest=args.allow_ingest, allow_private=args.allow_private, parquet=bool(args.parquet)
    )
    print(f"detente: serving {source} on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


# --- batch (Ray) -----------------------------------------------------------------------------


def _add_batch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("batch", help="analyse many files on Ray into Parquet tables partitioned by month")
    p.add_argument("inputs", nargs="+", help="files, folders or s3://, gs:// URIs (.txt, .jsonl, HTML, feeds, WARC)")
    p.add_argument("--out", required=True, help="output folder (or URI) for the Parquet tables; must be empty")
    p.add_argument("--ray-address", help="connect to a cluster: auto or ray://host:port (default: start a local Ray)")
    p.add_argument("--num-cpus", type=int, help="CPUs for a local Ray, and the cap on analysis workers")
    p.add_argument("--published", help="publication date YYYY-MM-DD for plain text input")
    p.add_argument("--title-first-line", action="store_true", help="plain text files have the title on line 1")
    p.set_defaults(func=_cmd_batch)


def _cmd_batch(args: argparse.Namespace) -> int:
    try:
        from detente.batch import BatchError, run_batch
    except ImportError as exc:
        raise UserError(f"cannot load the batch runner: {exc}") from exc
    if args.num_cpus is not None and args.num_cpus < 1:
        raise UserError(f"--num-cpus must be at least 1, not {args.num_cpus}")
    try:
        report = run_batch(
            args.inputs,
            args.out,
            ray_address=args.ray_address,
            num_cpus=args.num_cpus,
            title_first_line=args.title_first_line,
            published=args.published,
        )
    except BatchError as exc:
        raise UserError(str(exc)) from exc
    print(report.summary())
    return 0


# --- registry --------------------------------------------------------------------------------

ADDERS: list[Adder] = [_add_analyze, _add_eval]
ADDERS += [_add_ingest, _add_reanalyze, _add_dyad, _add_said, _add_actors, _add_events, _add_export, _add_stats]
ADDERS += [_add_serve]
ADDERS += [_add_batch]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description=__doc__.splitlines()[0] if __doc__ else None)
    from detente import __version__

    parser.add_argument("--version", action="version", version=f"detente {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in ADDERS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "tagger", None):
        # read when the pipeline loads, here and in worker processes (which inherit it)
        os.environ["DETENTE_TAGGER"] = args.tagger
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"detente: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
