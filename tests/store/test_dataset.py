"""``detente batch`` output read back: loaded into a store (``detente ingest dataset/``) and
queried in place (``Store.from_parquet``, ``--parquet``, ``detente serve --parquet``).

No Ray here: the dataset is written by the batch's own stages (``read_files``, ``first_copy``,
``Analyzer``, ``unpack``, ``first_actors``, ``unpack_events``, ``write_manifest``) called in
this process, with the real pipeline, and Parquet written Hive-style by month as Ray Data
writes it (tests/test_batch.py runs the same on a real Ray). Everything is compared with a
plain ``detente ingest`` of the same corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from detente.batch import (
    MANIFEST,
    Analyzer,
    BatchReport,
    first_actors,
    first_copy,
    list_inputs,
    read_files,
    unpack,
    unpack_events,
    write_manifest,
)
from detente.cli import main
from detente.store import Store, StoreError
from detente.store.dataset import is_dataset, load
from detente.store.ingest import ingest
from detente.web.app import create_app
from tests.web.helpers import serve

TEXTS = [
    "Russia accuses Ukraine of shelling\n\nMOSCOW, March 3, 2022 - Russia accused Ukraine on Thursday of shelling "
    'a border village. "This is a provocation," Foreign Minister Sergei Lavrov said in a statement.',
    "US imposes new sanctions on Russia\n\nWASHINGTON, 2 December 2024 - The United States imposed new sanctions "
    "on Russia on Monday, targeting dozens of banks. Secretary of State Antony Blinken said the measures would "
    "limit Moscow's ability to fund the war.",
    "Kremlin accuses Washington\n\nMOSCOW, 26 November 2024 - Russia accused the United States of escalating the "
    'war in Ukraine on Tuesday. "Washington is pouring oil on the fire," Kremlin spokesman Dmitry Peskov told '
    "reporters in Moscow.",
    "China and Russia agree\n\nBEIJING, 5 October 2024 - China and Russia agreed on Saturday to expand cooperation "
    'in energy and trade. Chinese President Xi Jinping said the partnership was "as solid as a rock".',
    "Talks in Geneva\n\nGENEVA - The United States and China agreed to resume military talks, a State Department "
    "spokesman said next month. Beijing welcomed the decision.",  # undated: month=unknown
]  # fmt: skip
FRENCH = (
    "Mesures pour les agriculteurs\n\nLe gouvernement a annoncé mardi de nouvelles mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse, a déclaré le ministre lors d'une conférence de presse à Paris."
)
COMPARED = ("articles", "article_actors", "mentions", "quotes", "events", "times", "quote_actors", "actors",
            "actor_names")  # fmt: skip
NOT_COMPARED = {"run_id", "stored_at"}  # the load's own run and time, as with any ingest


# --- building a dataset the batch's way, without Ray ------------------------------------------


def write_dataset(inputs: list[str], out: Path) -> None:
    """What ``run_batch(inputs, out, title_first_line=True)`` writes, stage by stage in-process."""
    started = dt.datetime.now(dt.UTC)
    run_id = "batch-test"
    files, _, listing_skips = list_inputs(inputs)
    read = read_files({"path": files, "file_index": list(range(len(files)))}, title_first_line=True, published=None)
    unique = pa.concat_tables([first_copy(read.filter(pc.equal(read["id"], i))) for i in pc.unique(read["id"])])
    analysed = Analyzer(run_id, started.replace(tzinfo=None))(unique.sort_by("order"))
    actors = first_actors(unpack(analysed, table="actors"))
    tables = {t: unpack(analysed, table=t) for t in ("articles", "article_actors", "mentions", "quotes", "times",
                                                     "quote_actors")}  # fmt: skip
    tables["events"] = unpack_events(analysed, actors=actors)
    tables["store_events"] = unpack(analysed, table="events")
    for name, tbl in tables.items():
        if tbl.num_rows:
            pq.write_to_dataset(tbl, str(out / name), partition_cols=["month"])
    skipped = unpack(analysed, table="skipped")
    skipped = pa.concat_tables([skipped, pa.table({"run_id": [run_id] * len(listing_skips),
                                                   "source": [s for s, _ in listing_skips],
                                                   "reason": [r for _, r in listing_skips]}, schema=skipped.schema)])  # fmt: skip
    for name, tbl in (("actors", actors), ("skipped", skipped)):
        (out / name).mkdir(parents=True)
        pq.write_table(tbl, str(out / name / f"{name}.parquet"))
    report = BatchReport(run_id=run_id, out_dir=str(out), ray_address=None, files=len(files))
    report.rows = {t: tbl.num_rows for t, tbl in tables.items()}
    write_manifest(out, report, inputs, started)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus (with an exact copy, a French article and an empty file), its dataset and a
    store from ``detente ingest`` of it."""
    root = tmp_path_factory.mktemp("dataset")
    corpus = root / "corpus"
    (corpus / "a").mkdir(parents=True)
    (corpus / "b").mkdir()
    for i, text in enumerate([*TEXTS, FRENCH]):
        (corpus / "a" / f"{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
    shutil.copyfile(corpus / "a" / "01.txt", corpus / "b" / "copy.txt")
    (corpus / "b" / "empty.txt").write_bytes(b"")
    inputs = [str(corpus / "a"), str(corpus / "b")]
    write_dataset(inputs, root / "ds")
    single = ingest(inputs, root / "single.duckdb", workers=1, progress=False, title_first_line=True)
    assert (single.stored, single.already_stored, single.non_english) == (len(TEXTS) + 1, 1, 1)
    assert single.events > 0 and single.quotes > 0 and single.skipped >= 1
    return {"corpus": corpus, "ds": root / "ds", "single": root / "single.duckdb"}


def _rows(con: Any, table: str, drop: set[str] = NOT_COMPARED) -> list[tuple[Any, ...]]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in drop]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return sorted(con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)


def _same_tables(a: Store, b: Store, tables: tuple[str, ...] = COMPARED, drop: set[str] = NOT_COMPARED) -> None:
    for t in tables:
        got, want = _rows(a.con, t, drop), _rows(b.con, t, drop)
        assert got == want, f"{t} differs"
        assert want or t in ("times", "quote_actors"), f"{t} is empty: the comparison proves nothing"


# --- detente ingest dataset/ -------------------------------------------------------------------


def test_dataset_is_recognised(built: dict[str, Path], tmp_path: Path) -> None:
    ds = built["ds"]
    assert is_dataset(ds) and (ds / MANIFEST).is_file()
    assert {p.name for p in (ds / "events").iterdir()} >= {"month=2024-12", "month=unknown"}
    assert not is_dataset(built["corpus"]) and not is_dataset(tmp_path / "nope") and not is_dataset(built["single"])
    bare = tmp_path / "bare"  # copied or compacted without the manifest: still a dataset
    shutil.copytree(ds, bare)
    (bare / MANIFEST).unlink()
    assert is_dataset(bare)
    with pytest.raises(StoreError, match="not a `detente batch` output folder"):
        Store.from_parquet(built["corpus"])


def test_ingest_of_a_dataset_equals_ingest_of_the_corpus(built: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "loaded.duckdb"
    report = load(built["ds"], db)
    assert report.status == "ok" and report.stored == report.read == len(TEXTS) + 1
    assert (report.analysed, report.non_english, report.already_stored) == (len(TEXTS), 1, 0)
    with Store(db, read_only=True) as got, Store(built["single"], read_only=True) as want:
        _same_tables(got, want)
        assert {r[1:] for r in _rows(got.con, "skipped", set())} == {r[1:] for r in _rows(want.con, "skipped", set())}
        run = got.con.execute("SELECT id, inputs, status FROM ingest_runs").fetchall()
        assert run == [(report.run_id, [str(built["ds"])], "ok")]
        assert got.con.execute("SELECT DISTINCT run_id FROM articles").fetchall() == [(report.run_id,)]
        before = {t: len(_rows(got.con, t)) for t in (*COMPARED, "skipped")}

    # again, through the command: nothing is added (but the run's own record)
    assert main(["ingest", str(built["ds"]), "--db", str(db), "--quiet"]) == 0
    with Store(db, read_only=True) as again:
        assert {t: len(_rows(again.con, t)) for t in before} == before
        counts = again.con.execute("SELECT counts FROM ingest_runs ORDER BY started DESC LIMIT 1").fetchone()
        assert counts is not None and json.loads(counts[0])["stored"] == 0
        assert json.loads(counts[0])["already_stored"] == len(TEXTS) + 1


def test_ingest_skips_articles_already_stored(built: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "part.duckdb"
    with Store(built["single"], read_only=True) as single:
        one = single.article(single.articles(q="sanctions")[0].id)
    assert one is not None
    with Store(db) as st:
        st.add([one])
    report = load(built["ds"], db)
    assert (report.stored, report.already_stored) == (len(TEXTS), 1)
    with Store(db, read_only=True) as got, Store(built["single"], read_only=True) as want:
        _same_tables(got, want)


# --- querying a dataset in place ---------------------------------------------------------------


def _answers(st: Store) -> dict[str, Any]:
    first = st.articles(limit=1)[0].id
    return {
        "dyad": [r.to_dict() for a, b in (("RUS", "USA"), ("CHN", "RUS"), ("RUS", "UKR")) for r in st.dyad(a, b)],
        "said": [r.to_dict() for r in st.said()],
        "said_about": [r.to_dict() for r in st.said(about="USA")],
        "said_by": [r.to_dict() for r in st.said(speaker="peskov")],
        "events": [r.to_dict() for r in st.events()],
        "events_rus": [r.to_dict() for r in st.events(source="RUS", since="2024")],
        "actors": [r.to_dict() for r in st.actors(top=50)],
        "articles": [r.to_dict() for r in st.articles()],
        "article": st.article(first).to_dict() if st.article(first) else None,  # type: ignore[union-attr]
    }


def test_store_over_parquet_answers_as_the_database(built: dict[str, Path]) -> None:
    with Store.from_parquet(built["ds"]) as ds, Store(built["single"], read_only=True) as db:
        assert ds.read_only
        _same_tables(ds, db)
        got, want = _answers(ds), _answers(db)
        assert got["dyad"] and got["said_about"] and got["said_by"] and got["events_rus"]
        assert got == want
        s_ds, s_db = ds.stats().to_dict(), db.stats().to_dict()
        assert s_ds.pop("runs") == 1 and s_db.pop("runs") == 1  # the batch run (from the manifest) and the ingest
        assert s_ds == s_db
        with pytest.raises(StoreError, match="read-only"):
            ds.add([db.article(db.articles(limit=1)[0].id)])  # type: ignore[list-item]


def test_older_dataset_without_store_events(built: dict[str, Path], tmp_path: Path) -> None:
    """Written before store_events/quote_actors and the manifest: events are mapped back from
    the POLECAT columns (all but the event's own date text) and quote_actors derived."""
    old = tmp_path / "old"
    shutil.copytree(built["ds"], old)
    for name in ("store_events", "quote_actors"):
        shutil.rmtree(old / name)
    (old / MANIFEST).unlink()
    with Store.from_parquet(old) as ds, Store(built["single"], read_only=True) as db:
        _same_tables(ds, db, drop={*NOT_COMPARED, "date"})
        assert ds.said(about="USA") == db.said(about="USA") and ds.stats().runs == 0
    report = load(old, tmp_path / "old.duckdb")
    assert report.stored == len(TEXTS) + 1 and report.events > 0
    with Store(tmp_path / "old.duckdb", read_only=True) as got, Store(built["single"], read_only=True) as want:
        _same_tables(got, want, drop={*NOT_COMPARED, "date"})


def test_query_commands_accept_parquet(built: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in (["dyad", "RUS", "USA"], ["said", "--about", "USA"], ["events"], ["actors"], ["stats"]):
        assert main([*cmd, "--parquet", str(built["ds"]), "--format", "json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert main([*cmd, "--db", str(built["single"]), "--format", "json"]) == 0
        want = json.loads(capsys.readouterr().out)
        if cmd == ["stats"]:
            got[0].pop("runs"), want[0].pop("runs")
        assert got == want and got, cmd
    assert main(["dyad", "RUS", "USA", "--parquet", str(built["corpus"])]) == 2
    assert "not a `detente batch` output folder" in capsys.readouterr().err


# --- detente serve --parquet ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def clients(built: dict[str, Path]) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(built["ds"], parquet=True)) as ds, TestClient(create_app(built["single"])) as db:
        yield ds, db


@pytest.mark.parametrize(
    "url",
    ["/api/stats", "/articles", "/events?source=RUS", "/dyads/RUS/USA", "/statements?about=USA", "/actors",
     "/actors/RUS"],
)  # fmt: skip
def test_api_over_parquet_answers_as_over_the_database(clients: tuple[TestClient, TestClient], url: str) -> None:
    ds, db = clients
    got, want = ds.get(url), db.get(url)
    assert got.status_code == want.status_code == 200
    body, expected = got.json(), want.json()
    if url == "/api/stats":
        body.pop("runs"), expected.pop("runs")
    assert body == expected


def test_api_over_parquet_article_and_pages(clients: tuple[TestClient, TestClient]) -> None:
    ds, db = clients
    aid = db.get("/articles", params={"q": "sanctions"}).json()["items"][0]["id"]
    assert ds.get(f"/articles/{aid}").json() == db.get(f"/articles/{aid}").json()
    for page in ("/", f"/article/{aid}", "/dyad/RUS/USA", "/actor/RUS"):
        r = ds.get(page, headers={"accept": "text/html"})
        assert r.status_code == 200 and "<html" in r.text.lower(), page
    r = ds.post("/ingest", json={"urls": ["https://example.org/"]})
    assert r.status_code == 403


def test_serve_parquet_refusals(built: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--parquet", str(built["corpus"])]) == 2
    assert "not a `detente batch` output folder" in capsys.readouterr().err
    assert main(["serve", "--parquet", str(built["ds"]), "--allow-ingest"]) == 2
    assert "--allow-ingest" in capsys.readouterr().err
    with pytest.raises(StoreError):
        create_app(built["ds"], parquet=True, allow_ingest=True)


@pytest.mark.slow
def test_real_serve_parquet_subprocess(built: dict[str, Path]) -> None:
    with serve(built["ds"], parquet=True) as base:
        r = httpx.get(base + "/dyads/RUS/USA", timeout=30)
        assert r.status_code == 200 and r.json()["periods"]
        assert httpx.get(base + "/api/stats", timeout=30).json()["articles"] == len(TEXTS) + 1
