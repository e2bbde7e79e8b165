"""The Ray batch writes exactly what the single-machine path stores and exports.

A REAL local Ray (``ray.init(num_cpus=2)``), no mocks: ten articles (BBC files when
../shared is there, else texts written here) plus an exact copy of one of them in another
folder, through :func:`detente.batch.run_batch`, against ``detente ingest`` into a store
then ``detente export`` of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason='Ray is not installed (pip install "ray[data]"): batch tests skipped')

import duckdb  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from detente.batch import MANIFEST, PARTITIONED, BatchError, month_of, run_batch  # noqa: E402
from detente.cli import main  # noqa: E402
from detente.store import Store  # noqa: E402
from detente.store.export import export  # noqa: E402
from detente.store.ingest import ingest  # noqa: E402

pytestmark = [pytest.mark.ray, pytest.mark.slow]

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"

TEXTS = [
    "Russia accuses Ukraine of shelling\n\nMOSCOW, March 3, 2022 - Russia accused Ukraine on Thursday of shelling "
    'a border village. "This is a provocation," Foreign Minister Sergei Lavrov said in a statement.',
    "Talks in Geneva\n\nGENEVA, 14 November 2024 - The United States and China agreed on Tuesday to resume "
    "military talks, a State Department spokesman said. Beijing welcomed the decision.",
    "Sanctions on Iran\n\nBRUSSELS, 2 December 2024 - The European Union imposed new sanctions on Iran over "
    'drone deliveries to Russia. "We will not stand by," EU foreign policy chief Josep Borrell told reporters.',
    "Aid for Gaza\n\nCAIRO, 5 January 2024 - Egypt sent 200 trucks of humanitarian aid to Gaza, officials said. "
    "The United Nations urged Israel to open more crossings.",
    "Protest in Paris\n\nPARIS, 8 February 2023 - Thousands of workers protested in Paris against the pension "
    "reform, the interior ministry said. President Emmanuel Macron said the reform was necessary.",
    "India and Pakistan\n\nNEW DELHI, 27 February 2019 - India said its jets struck a militant camp in "
    "Pakistan. Pakistan rejected the claim and threatened to respond.",
    "Summit in Tokyo\n\nTOKYO, May 20, 2023 - Japan and South Korea pledged closer cooperation on security, "
    'Prime Minister Fumio Kishida said. "We share the same values," he told a news conference.',
    "Turkey and Sweden\n\nANKARA, July 10, 2023 - Turkey agreed to back Sweden's bid to join NATO, Secretary "
    "General Jens Stoltenberg announced after talks in Vilnius.",
    "Venezuela election\n\nCARACAS, 29 July 2024 - The United States accused Venezuela of fraud in Sunday's "
    "election. President Nicolas Maduro rejected the criticism, state television said.",
    "North Korea launch\n\nSEOUL, 18 December 2023 - North Korea fired a ballistic missile into the sea, "
    "South Korea's military said. Japan protested to Pyongyang through diplomatic channels.",
]  # fmt: skip


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], bool]:
    """Ten articles in ``a/`` and an exact copy of the first in ``b/``; True when BBC."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "a").mkdir()
    (root / "b").mkdir()
    bbc = BBC.is_dir()
    if bbc:
        picked = [
            p for cat in sorted(x for x in BBC.iterdir() if x.is_dir()) for p in sorted(cat.glob("*.txt"))[:2]
        ]
        for i, p in enumerate(picked[:10]):
            shutil.copyfile(p, root / "a" / f"{i:02d}-{p.parent.name}-{p.name}")
    else:
        for i, t in enumerate(TEXTS):
            (root / "a" / f"{i:02d}.txt").write_text(t + "\n", encoding="utf-8")
    first = sorted((root / "a").iterdir())[0]
    shutil.copyfile(first, root / "b" / "copy.txt")
    return [str(root / "a"), str(root / "b")], bbc


def _rows(tbl: Any, drop: tuple[str, ...]) -> list[tuple[Any, ...]]:
    cols = [c for c in tbl.column_names if c not in drop]
    data = tbl.select(cols).to_pylist()
    return sorted((tuple((k, repr(r[k])) for k in cols) for r in data), key=repr)


def _read_batch(out: Path, table: str) -> Any:
    con = duckdb.connect()
    try:
        glob = str(out / table / "**" / "*.parquet")
        return con.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)").to_arrow_table()
    finally:
        con.close()


def _stored(store: Store, table: str) -> list[tuple[Any, ...]]:
    """A store table's rows, sorted, without the columns naming the run that wrote them."""
    cols = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in ("run_id", "stored_at")]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return sorted(store.con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)


def test_batch_matches_store_ingest_and_export(
    local_ray: Any, corpus: tuple[list[str], bool], tmp_path: Path
) -> None:
    inputs, bbc = corpus
    out = tmp_path / "dataset"
    report = run_batch(inputs, out, title_first_line=True)

    # the single-machine path: ingest into a store, export its tables
    db = tmp_path / "single.duckdb"
    single = ingest(inputs, db, workers=1, progress=False, title_first_line=True)
    with Store(db) as store:
        files = export(store, tmp_path / "export", "parquet")

    assert single.stored == 10 and single.already_stored == 1  # the copy in b/ is the same text
    assert report.read == 11 and report.exact_duplicates == 1 and report.articles == 10
    assert report.analysed == single.analysed == 10
    assert report.rows["events"] == single.events > 0
    assert report.rows["quotes"] == single.quotes > 0

    for table in (*PARTITIONED, "actors"):
        expected = pq.read_table(files[table])
        got = _read_batch(out, table)
        drop = ("run_id", "stored_at", "month")
        assert got.num_rows == expected.num_rows, table
        assert [c for c in got.column_names if c not in drop] == [
            c for c in expected.column_names if c not in drop
        ]
        assert _rows(got, drop) == _rows(expected, drop), f"{table} rows differ from the store's export"

    # partitions are the articles' publication months, Hive-style
    arts = _read_batch(out, "articles")
    for r in arts.to_pylist():
        assert r["month"] == month_of(None if r["published"] is None else r["published"].isoformat())
    months = {p.name for p in (out / "events").iterdir() if p.is_dir()}
    assert months and all(m.startswith("month=") for m in months)
    assert {f"month={m}" for m in report.months} >= months
    if not bbc:
        assert "month=2024-12" in months  # the EU sanctions story

    # `detente ingest dataset/` stores what the single-machine ingest stored; the dataset
    # queried in place answers as that store does
    assert (out / MANIFEST).is_file() and report.rows["store_events"] == report.rows["events"]
    loaded = tmp_path / "loaded.duckdb"
    assert main(["ingest", str(out), "--db", str(loaded), "--quiet"]) == 0
    with Store(loaded, read_only=True) as got, Store(db, read_only=True) as want, Store.from_parquet(out) as ds:
        for table in (*PARTITIONED, "quote_actors", "actors", "actor_names", "skipped"):
            expected = _stored(want, table)
            assert _stored(got, table) == expected, f"{table}: detente ingest dataset/"
            assert _stored(ds, table) == expected, f"{table}: Store.from_parquet"
        assert ds.dyad("RUS", "USA") == want.dyad("RUS", "USA") and ds.said() == want.said()

    # a second run into the same folder is refused rather than appended
    with pytest.raises(BatchError, match="already holds"):
        run_batch(inputs, out)


def test_cli_batch_help() -> None:
    from detente.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["batch", "--help"])
    assert exc.value.code == 0
