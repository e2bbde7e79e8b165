"""Past one machine: files → analyses → Parquet tables, on a Ray cluster (or a local one).

    >>> report = run_batch(["corpus/"], "dataset/")              # local Ray, one worker per core
    >>> report = run_batch(["corpus/"], "dataset/", ray_address="auto")   # an existing cluster

Steps (Ray Data, streaming where it can):

1. the driver lists the input files with the ingest walker (``s3://``/``gs://``/... inputs
   are listed and read by ``ray.data.read_binary_files``) and hands the paths to Ray;
2. read tasks turn each file into articles with :func:`detente.ingest.iter_articles`
   (sniffing, WARC, feeds, language detection: the same readers as ``detente ingest``);
3. exact duplicates (same content-hash ``id``) are dropped with a ``groupby("id")``
   that keeps the first copy in input order — wherever the copies were read;
4. ``map_batches`` with a callable class analyses, one spaCy pipeline per actor process
   (``concurrency`` actors), and turns analyses into rows with the store's own row
   conversion, so every column and type matches ``detente export`` of a store;
5. one Parquet dataset per table under ``out_dir`` — ``articles``, ``article_actors``,
   ``mentions``, ``quotes``, ``events`` (POLECAT-style columns, by the export's own SQL),
   ``times``, and for detente itself ``store_events`` (the same events in the store's
   layout) and ``quote_actors`` — partitioned Hive-style by the article's ``published``
   month (``events/month=2024-11/….parquet``, ``month=unknown`` when undated); ``actors``
   (one row per canonical id, first description in input order) and ``skipped``
   unpartitioned; last, the manifest ``_detente_batch.json`` (the run's report).

Read it back with DuckDB: ``SELECT * FROM read_parquet('dataset/events/**/*.parquet',
hive_partitioning = true)``, load it into a store with ``detente ingest dataset/``, or
query it in place with ``detente serve --parquet dataset/`` (see :mod:`detente.store.dataset`).

Limits: near-duplicates (MinHash, ``detente ingest``) are NOT detected across partitions —
they are analysed like any article (see docs/scaling.md); run ``detente ingest`` on the
inputs when near-duplicate marking matters.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

# Tables written partitioned by month (as ``detente export`` writes them, then the two only
# detente reads back: events in the store's layout, and quote_actors), then the unpartitioned.
PARTITIONED: tuple[str, ...] = ("articles", "article_actors", "mentions", "quotes", "events", "times")
STORE_ONLY: tuple[str, ...] = ("store_events", "quote_actors")
TABLES: tuple[str, ...] = (*PARTITIONED, *STORE_ONLY, "actors", "skipped")
MANIFEST = "_detente_batch.json"  # written last: marks a complete dataset
UNKNOWN_MONTH = "unknown"
_ORDER_SHIFT = 32  # order = file index << 32 | record index within the file

_READ_SCHEMA = pa.schema(
    [
        ("order", pa.int64()), ("id", pa.string()), ("text", pa.string()), ("title", pa.string()),
        ("source", pa.string()), ("url", pa.string()), ("published", pa.string()),
        ("published_inferred", pa.bool_()), ("language", pa.string()), ("author", pa.string()),
        ("body_end", pa.int64()), ("summary_only", pa.bool_()), ("reason", pa.string()),
    ]
)  # fmt: skip
_ACTOR_SCHEMA = pa.schema(
    [("id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("country", pa.string()),
     ("sector", pa.string()), ("role", pa.string()), ("_order", pa.int64())]
)  # fmt: skip
_SKIPPED_SCHEMA = pa.schema([("run_id", pa.string()), ("source", pa.string()), ("reason", pa.string())])


class BatchError(RuntimeError):
    """The batch cannot run as asked (no Ray, output folder not empty, ...)."""


@dataclass
class BatchReport:
    run_id: str
    out_dir: str
    ray_address: str | None
    files: int = 0
    read: int = 0
    exact_duplicates: int = 0
    articles: int = 0
    analysed: int = 0
    non_english: int = 0
    skipped: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cluster_cpus: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        rows = ", ".join(f"{n:,} {t}" for t, n in self.rows.items())
        return (
            f"{self.files:,} files, {self.read:,} articles read ({self.exact_duplicates:,} exact duplicates "
            f"dropped), {self.analysed:,} analysed, {self.non_english:,} not English, {self.skipped:,} skipped; "
            f"{rows} in {self.seconds:.1f}s on {self.cluster_cpus:g} CPUs → {self.out_dir} (run {self.run_id})"
        )


# --- conversions shared with the single-machine path (tests use them) ---------------------


def month_of(published: str | None) -> str:
    """The partition of an article: ``YYYY-MM`` of its publication day, else ``unknown``."""
    from detente.store.store import parse_day

    day = parse_day(published)
    return day.isoformat()[:7] if day is not None else UNKNOWN_MONTH


def article_record(article: Any, order: int) -> dict[str, Any]:
    """An :class:`~detente.models.Article` as a read row (everything ``Article`` holds)."""
    return {
        "order": order, "id": article.id, "text": article.text, "title": article.title,
        "source": article.source, "url": article.url, "published": article.published,
        "published_inferred": article.published_inferred, "language": article.language,
        "author": article.author, "body_end": article.body_end, "summary_only": article.summary_only,
        "reason": None,
    }  # fmt: skip


def _article_from(row: dict[str, Any]) -> Any:
    from detente.models import Article

    return Article(
        text=row["text"], id=row["id"], title=row["title"], source=row["source"], url=row["url"],
        published=row["published"], published_inferred=bool(row["published_inferred"]),
        language=row["language"], author=row["author"],
        body_end=None if row["body_end"] is None else int(row["body_end"]),
        summary_only=bool(row["summary_only"]),
    )  # fmt: skip


def rows_of(
    analyses: Sequence[Any], orders: Sequence[int], run_id: str, stored_at: dt.datetime
) -> dict[str, pa.Table]:
    """Analyses → one Arrow table per table, in the store's layout (``store.store._Rows``,
    the conversion ``Store.add`` writes with: ``events`` here is the store's, not POLECAT's)
    plus a ``month`` column; ``actors`` carries ``_order`` (input order) so the first
    description of each actor can be kept."""
    from detente.store.store import _Rows

    tables = (*PARTITIONED, "quote_actors")
    rows = _Rows()
    months: dict[str, list[str]] = {t: [] for t in tables}
    actors: dict[str, list[Any]] = {c: [] for c in _ACTOR_SCHEMA.names}
    for an, order in zip(analyses, orders, strict=True):
        before = {t: rows.count(t) for t in tables}
        rows.add(an, run_id)
        m = month_of(an.article.published)
        for t in tables:
            months[t].extend([m] * (rows.count(t) - before[t]))
        for a in an.actors:
            for c, v in zip(
                _ACTOR_SCHEMA.names, [a.id, a.name, a.type, a.country, a.sector, a.role, order], strict=True
            ):
                actors[c].append(v)
    out: dict[str, pa.Table] = {}
    for t in tables:
        tbl = rows.arrow(t)
        if t == "articles":
            tbl = tbl.append_column("stored_at", pa.array([stored_at] * tbl.num_rows, pa.timestamp("us")))
        out[t] = tbl.append_column("month", pa.array(months[t], pa.string()))
    out["actors"] = pa.Table.from_pydict(actors, schema=_ACTOR_SCHEMA)
    return out


def first_actors(actors: pa.Table) -> pa.Table:
    """One row per actor id: the description seen first in input order (as the store's
    ``INSERT OR IGNORE`` keeps the first one it is given)."""
    import duckdb

    con = duckdb.connect()
    con.register("_a", actors)
    tbl = con.sql(
        "SELECT DISTINCT ON (id) id, name, type, country, sector, role FROM _a ORDER BY id, _order"
    ).to_arrow_table()
    con.close()
    return tbl


def polecat_events(events: pa.Table, articles: pa.Table, actors: pa.Table) -> pa.Table:
    """Store-layout events → the export's POLECAT-style rows (its own SQL), plus ``month``."""
    import duckdb

    from detente.store.export import POLECAT_EVENTS_SQL

    con = duckdb.connect()
    try:
        con.register("events", events.drop_columns(["month"]) if "month" in events.column_names else events)
        con.register("articles", articles)
        con.register("actors", actors)
        con.register("_months", articles.select(["id", "month"]))
        return con.sql(
            f'SELECT p.*, m.month FROM ({POLECAT_EVENTS_SQL}) p JOIN _months m ON m.id = p."Story ID"'
        ).to_arrow_table()
    finally:
        con.close()


# --- Ray stages (module-level so workers can import them) ---------------------------------


def _is_remote(inp: str) -> bool:
    return "://" in inp and not inp.startswith("file://")


def _items_to_rows(items: Iterable[Any], file_index: int) -> Iterator[dict[str, Any]]:
    from detente.ingest.base import Skipped

    for k, item in enumerate(items):
        order = (file_index << _ORDER_SHIFT) | k
        if isinstance(item, Skipped):
            row: dict[str, Any] = {c: None for c in _READ_SCHEMA.names}
            row.update(order=order, id=f"skipped:{order}", source=item.source, reason=item.reason)
            yield row
        else:
            yield article_record(item, order)


def read_files(batch: dict[str, Any], *, title_first_line: bool, published: str | None) -> pa.Table:
    """Read task: local paths (``path``, ``file_index``) → article rows."""
    from detente.ingest import iter_articles

    out: list[dict[str, Any]] = []
    for path, idx in zip(batch["path"], batch["file_index"], strict=True):
        items = iter_articles([str(path)], title_first_line=title_first_line, published=published)
        out.extend(_items_to_rows(items, int(idx)))
    return pa.Table.from_pylist(out, schema=_READ_SCHEMA)


def read_blobs(
    batch: dict[str, Any], *, title_first_line: bool, published: str | None, base: int
) -> pa.Table:
    """Read task for object storage: (``bytes``, ``path``) from ``read_binary_files``."""
    from detente.ingest import _finish
    from detente.ingest.sniff import HEAD, read_stream

    out: list[dict[str, Any]] = []
    for data, path in zip(batch["bytes"], batch["path"], strict=True):
        idx = base + (zlib.crc32(str(path).encode()) & 0xFFFFFF)  # stable across workers
        stream = io.BufferedReader(io.BytesIO(bytes(data)))
        items = read_stream(stream, source=str(path), head=bytes(data[:HEAD]), published=published,
                            title_first_line=title_first_line)  # fmt: skip
        out.extend(_items_to_rows((_finish(i, published) for i in items), idx))
    return pa.Table.from_pylist(out, schema=_READ_SCHEMA)


def first_copy(group: pa.Table) -> pa.Table:
    """``groupby("id")``: keep the copy read first (lowest ``order``), with a count."""
    i = int(pc.index(group["order"], pc.min(group["order"])).as_py())
    return group.slice(i, 1).append_column("copies", pa.array([group.num_rows], pa.int64()))


class Analyzer:
    """One spaCy pipeline per actor process; a batch of read rows → one row holding each
    table's rows as Arrow IPC bytes (tables differ in shape, so they travel together)."""

    def __init__(self, run_id: str, stored_at: dt.datetime) -> None:
        from detente.nlp.pipeline import get_pipeline

        self.pipeline = get_pipeline()
        self.run_id, self.stored_at = run_id, stored_at

    def __call__(self, batch: pa.Table) -> pa.Table:
        from detente.ingest.language import detect_language, is_english
        from detente.models import Analysis

        skipped: dict[str, list[Any]] = {"run_id": [], "source": [], "reason": []}
        plain: list[tuple[int, Any]] = []  # not English: stored as read, like `detente ingest`
        todo: list[tuple[int, Any]] = []
        copies = 0
        for row in batch.to_pylist():
            copies += int(row["copies"]) - 1
            if row["reason"] is not None:
                for k, v in (("run_id", self.run_id), ("source", row["source"]), ("reason", row["reason"])):
                    skipped[k].append(v)
                continue
            art = _article_from(row)
            if not art.language:
                art.language = detect_language(art.text)
            (todo if art.language is None or is_english(art.language) else plain).append((row["order"], art))
        analysed = list(self.pipeline.pipe([a for _, a in todo]))
        analyses = analysed + [Analysis(article=a) for _, a in plain]
        orders = [o for o, _ in todo] + [o for o, _ in plain]
        tables = rows_of(analyses, orders, self.run_id, self.stored_at)
        tables["skipped"] = pa.Table.from_pydict(skipped, schema=_SKIPPED_SCHEMA)
        out: dict[str, list[Any]] = {t: [_ipc(tbl)] for t, tbl in tables.items()}
        out["analysed"] = [len(analysed)]
        out["non_english"] = [len(plain)]
        out["duplicates"] = [copies]
        return pa.table(out)


def _ipc(tbl: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, tbl.schema) as w:
        w.write_table(tbl)
    return bytes(sink.getvalue().to_pybytes())


def _unipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def unpack(batch: pa.Table, *, table: str) -> pa.Table:
    """Analysed rows → the rows of one table."""
    parts = [_unipc(b) for b in batch[table].to_pylist()]
    return pa.concat_tables(parts) if parts else pa.table({})


def unpack_events(batch: pa.Table, *, actors: pa.Table) -> pa.Table:
    events = pa.concat_tables([_unipc(b) for b in batch["events"].to_pylist()])
    articles = pa.concat_tables([_unipc(b) for b in batch["articles"].to_pylist()])
    return polecat_events(events, articles, actors)


# --- the driver ------------------------------------------------------------------------------


def list_inputs(inputs: Sequence[str | Path]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Local files (walked in sorted order, as ``detente ingest`` does), remote URIs, and
    what could not be listed (source, reason)."""
    from detente.ingest.base import Skipped
    from detente.ingest.sniff import walk

    files: list[str] = []
    remote: list[str] = []
    skipped: list[tuple[str, str]] = []
    for inp in inputs:
        s = str(inp)
        if _is_remote(s):
            remote.append(s)
            continue
        path = Path(s.removeprefix("file://"))
        if path.is_dir():
            for entry in walk(path):
                if isinstance(entry, Skipped):
                    skipped.append((entry.source, entry.reason))
                else:
                    files.append(str(entry))
        elif path.is_file():
            files.append(str(path))
        else:
            skipped.append((s, "no such file or folder"))
    return files, remote, skipped


def _connect(ray_address: str | None, num_cpus: int | None) -> Any:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BatchError('Ray is not installed: pip install "detente[distributed]" (or "ray[data]")') from exc
    if not ray.is_initialized():
        if ray_address:
            ray.init(address=ray_address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    return ray


def _check_out(out: Path) -> None:
    paths = {t: out / t for t in (*TABLES, MANIFEST)}
    taken = [t for t, p in paths.items() if p.is_file() or (p.is_dir() and any(p.iterdir()))]
    if taken:
        raise BatchError(f"{out} already holds {', '.join(taken)}: give an empty or new folder")


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    ray_address: str | None = None,
    num_cpus: int | None = None,
    title_first_line: bool = False,
    published: str | None = None,
    batch_size: int = 16,
) -> BatchReport:
    """Analyse ``inputs`` on Ray and write Parquet tables under ``out_dir`` (see the module
    docstring). ``ray_address``: None starts a local Ray (``num_cpus`` CPUs, default all),
    ``auto`` or ``ray://host:10001`` connects to a cluster. ``num_cpus`` also caps the
    analysis actors (default: one per CPU of the cluster)."""
    start = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    out = Path(out_dir)
    if not _is_remote(str(out_dir)):
        _check_out(out)
    run_id = "batch-" + time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    report = BatchReport(run_id=run_id, out_dir=str(out_dir), ray_address=ray_address)
    files, remote, listing_skips = list_inputs(inputs)
    report.files = len(files)
    ray = _connect(ray_address, num_cpus)
    cpus = float(ray.cluster_resources().get("CPU", 1))
    report.cluster_cpus = cpus
    actors_n = max(1, int(min(cpus, num_cpus or cpus)))
    fn_kw = {"title_first_line": title_first_line, "published": published}

    parts = []
    if files:
        items = [{"path": p, "file_index": i} for i, p in enumerate(files)]
        ds_files = ray.data.from_items(items, override_num_blocks=min(len(items), max(1, actors_n * 4)))
        parts.append(ds_files.map_batches(read_files, fn_kwargs=fn_kw, batch_size=8, batch_format="numpy"))
    if remote:
        report.files += len(remote)  # URIs (each may be a prefix of many objects)
        ds_blobs = ray.data.read_binary_files(remote, include_paths=True)
        parts.append(ds_blobs.map_batches(read_blobs, fn_kwargs={**fn_kw, "base": len(files) + 1},
                                          batch_size=8, batch_format="numpy"))  # fmt: skip
    if not parts:
        raise BatchError("no input files found")
    read = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    # materialised before analysis: the analysis actors hold every CPU they are given, and
    # reading/shuffling must not wait behind them (a deadlock on small clusters otherwise)
    parts_n = max(1, min(200, actors_n * 4))
    unique = (
        read.groupby("id", num_partitions=parts_n)
        .map_groups(first_copy, batch_format="pyarrow")
        .materialize()
    )
    stored_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    analysed = unique.map_batches(
        Analyzer,
        fn_constructor_kwargs={"run_id": run_id, "stored_at": stored_at},
        batch_size=batch_size,
        batch_format="pyarrow",
        concurrency=actors_n,
        num_cpus=1,
    ).materialize()

    stats = _collect(ray, analysed.select_columns(["analysed", "non_english", "duplicates"]))
    report.analysed = int(pc.sum(stats["analysed"]).as_py() or 0)
    report.non_english = int(pc.sum(stats["non_english"]).as_py() or 0)
    report.exact_duplicates = int(pc.sum(stats["duplicates"]).as_py() or 0)

    actors_raw = analysed.select_columns(["actors"]).map_batches(
        unpack, fn_kwargs={"table": "actors"}, batch_format="pyarrow"
    )
    actors_all = _collect(ray, actors_raw) if actors_raw.count() else _ACTOR_SCHEMA.empty_table()
    actors = first_actors(actors_all)
    skipped = analysed.select_columns(["skipped"]).map_batches(
        unpack, fn_kwargs={"table": "skipped"}, batch_format="pyarrow"
    )
    skipped = _collect(ray, skipped) if skipped.count() else _SKIPPED_SCHEMA.empty_table()
    if listing_skips:
        skipped = pa.concat_tables([
            skipped if skipped.num_rows else _SKIPPED_SCHEMA.empty_table(),
            pa.Table.from_pydict({"run_id": [run_id] * len(listing_skips), "source": [s for s, _ in listing_skips],
                                  "reason": [r for _, r in listing_skips]}, schema=_SKIPPED_SCHEMA),
        ])  # fmt: skip
    report.skipped = skipped.num_rows

    for table in (*PARTITIONED, *STORE_ONLY):
        if table == "events":
            ds = analysed.select_columns(["events", "articles"]).map_batches(
                unpack_events, fn_kwargs={"actors": actors}, batch_format="pyarrow"
            )
        else:
            rows = "events" if table == "store_events" else table
            ds = analysed.select_columns([rows]).map_batches(
                unpack, fn_kwargs={"table": rows}, batch_format="pyarrow"
            )
        n = ds.count()
        report.rows[table] = n
        if n:
            ds.write_parquet(f"{str(out_dir).rstrip('/')}/{table}", partition_cols=["month"])
        if table == "articles":
            report.articles = n
            report.read = n + report.exact_duplicates
            report.months = sorted(ds.unique("month"))
    _write_single(out_dir, "actors", actors)
    report.rows["actors"] = actors.num_rows
    _write_single(out_dir, "skipped", skipped if skipped.num_rows else _SKIPPED_SCHEMA.empty_table())
    report.rows["skipped"] = skipped.num_rows
    report.seconds = time.perf_counter() - start
    write_manifest(out_dir, report, [str(i) for i in inputs], started)
    return report


def _collect(ray: Any, ds: Any) -> pa.Table:
    """A (small) dataset as one Arrow table on the driver."""
    parts = [t for t in ray.get(ds.to_arrow_refs()) if t.num_rows]
    return pa.concat_tables(parts) if parts else pa.table({})


def _out_file(out_dir: str | Path, name: str) -> tuple[Any, str]:
    """(pyarrow filesystem, path) of ``out_dir/name``, local or remote; its folder is made."""
    import pyarrow.fs as pafs

    target = f"{str(out_dir).rstrip('/')}/{name}"
    fs, path = pafs.FileSystem.from_uri(target if _is_remote(target) else str(Path(target).resolve()))
    fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    return fs, path


def _write_single(out_dir: str | Path, table: str, tbl: pa.Table) -> None:
    import pyarrow.parquet as pq

    fs, path = _out_file(out_dir, f"{table}/{table}.parquet")
    pq.write_table(tbl, path, filesystem=fs)


def write_manifest(out_dir: str | Path, report: BatchReport, inputs: Sequence[str], started: dt.datetime) -> None:
    """``out_dir/_detente_batch.json``: the format, the inputs and the run's report. Written
    last, so its presence says the dataset is complete (readers also accept a dataset
    without it: see :func:`detente.store.dataset.is_dataset`)."""
    doc = {
        "format": "detente-batch", "version": 1, "inputs": list(inputs),
        "started": started.isoformat(), "finished": dt.datetime.now(dt.UTC).isoformat(), **report.to_dict(),
    }  # fmt: skip
    fs, path = _out_file(out_dir, MANIFEST)
    with fs.open_output_stream(path) as f:
        f.write(json.dumps(doc, indent=2).encode("utf-8"))
