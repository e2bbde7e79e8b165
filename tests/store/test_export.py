"""Every export format round-trips: Parquet read back with DuckDB, CSV with csv, JSONL with json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from detente.models import Analysis
from detente.store import Store
from detente.store.export import TABLES, export

POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Actor Name",
           "Actor Country", "Primary Actor Sector", "Recipient Name", "Recipient Country",
           "Primary Recipient Sector", "Story ID", "Headline", "Publication Date", "Source", "Event Text"]  # fmt: skip


@pytest.fixture
def filled(db: Path, sample: list[Analysis]) -> Path:
    with Store(db) as s:
        s.add(sample)
    return db


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


def test_parquet(filled: Path, tmp_path: Path) -> None:
    with Store(filled, read_only=True) as s:
        files = export(s, tmp_path / "pq", "parquet")
        texts = dict(s.con.execute("SELECT id, text FROM articles").fetchall())
    assert set(files) == set(TABLES)
    counts = _counts(filled)
    con = duckdb.connect()
    for table, path in files.items():
        assert con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone() == (counts[table],)
    back = dict(con.execute(f"SELECT id, text FROM read_parquet('{files['articles']}')").fetchall())
    assert back == texts
    ev = con.execute(
        f'SELECT "Event Type", "Actor Name", "Recipient Country", "Event Text Start", "Event Text End", "Story ID" '
        f"FROM read_parquet('{files['events']}') WHERE \"Event Type\" = 'SANCTION'"
    ).fetchall()
    assert len(ev) == 1
    typ, actor, rcountry, start, end, story = ev[0]
    assert (typ, actor, rcountry) == ("SANCTION", "Russia", "USA")
    assert texts[story][start:end].startswith("Russia imposed sanctions")


def test_csv(filled: Path, tmp_path: Path) -> None:
    with Store(filled, read_only=True) as s:
        files = export(s, tmp_path / "csv", "csv")
    counts = _counts(filled)
    for table, path in files.items():
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == counts[table], table
    with files["events"].open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames is not None and reader.fieldnames[: len(POLECAT) - 8] == POLECAT[: len(POLECAT) - 8]
        assert set(POLECAT) <= set(reader.fieldnames)
        events = list(reader)
    agree = [e for e in events if e["Event Type"] == "AGREE"]
    assert len(agree) == 1
    assert agree[0]["Actor Country"] == "CHN" and agree[0]["Recipient Name"] == "Russia"
    assert agree[0]["Event Date"] == "2024-03-01" and agree[0]["Publication Date"] == "2024-03-02"
    assert agree[0]["Quad Code"] == "verbal_cooperation" and float(agree[0]["Event Intensity"]) == 4.0


def test_jsonl(filled: Path, tmp_path: Path, sample: list[Analysis]) -> None:
    with Store(filled, read_only=True) as s:
        files = export(s, tmp_path / "jsonl", "jsonl")
    counts = _counts(filled)
    for table, path in files.items():
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(lines) == counts[table], table
    quotes = [json.loads(x) for x in files["quotes"].read_text(encoding="utf-8").splitlines()]
    texts = {a.article.id: a.article.text for a in sample}
    for q in quotes:
        assert texts[q["article_id"]][q["content_start"] : q["content_end"]] == q["content_text"]
    with pytest.raises(ValueError), Store(filled, read_only=True) as s:
        export(s, tmp_path / "x", "xlsx")
