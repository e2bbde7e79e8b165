"""Store: migrations, writing, round trips and locking, on real DuckDB files."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from detente.models import Analysis, Article
from detente.store import Store, StoreError, StoreLocked
from detente.store.schema import MIGRATIONS, applied, migrate
from tests.store.store_samples import a1, a2, a3

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_migrations_from_empty(db: Path) -> None:
    with Store(db) as s:
        assert s.migrated == [name for name, _ in MIGRATIONS]
        assert s.stats().migrations == [name for name, _ in MIGRATIONS]
    with Store(db) as s:  # nothing left to apply
        assert s.migrated == []


def test_migrations_from_older_schema(db: Path) -> None:
    con = duckdb.connect(str(db))
    assert migrate(con, upto="0001_initial") == ["0001_initial"]
    # data written by the v1 code: an actor, a mention and a quote, no actor_names table
    con.execute("INSERT INTO articles (id, text, status) VALUES ('old1', 'Sergey Lavrov said no.', 'analysed')")
    con.execute("INSERT INTO actors VALUES ('sergey-lavrov', 'Sergey Lavrov', 'person', 'RUS', 'GOV', NULL)")
    con.execute("INSERT INTO mentions VALUES ('old1', 'sergey-lavrov', 0, 0, 13, 'Sergey Lavrov')")
    con.execute(
        "INSERT INTO quotes (article_id, ordinal, speaker, speaker_start, speaker_end, speaker_text, "
        "content_start, content_end, content_text, kind, cue_type) "
        "VALUES ('old1', 0, 'sergey-lavrov', 0, 13, 'Sergey Lavrov', 19, 21, 'no', 'indirect', 'speech')"
    )
    con.close()
    with pytest.raises(StoreError, match="upgrade"):
        Store(db, read_only=True)
    with Store(db) as s:
        assert s.migrated == [name for name, _ in MIGRATIONS[1:]]  # 0002_actor_names onwards
        assert applied(s.con) == [name for name, _ in MIGRATIONS]
        # the upgrade back-filled the new table from the old rows
        assert [r.content for r in s.said(speaker="lavrov")] == ["no"]
        assert s.has_article("old1")
    with Store(db, read_only=True) as s:
        assert s.stats().articles == 1


def test_failed_migration_applies_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.store import schema

    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS, ("9999_broken", "CREATE TABLE t (x INT); SELEC oops")])
    con = duckdb.connect(str(db))
    with pytest.raises(duckdb.Error):
        schema.migrate(con)
    assert schema.applied(con) == []
    con.close()


def test_add_round_trips_and_is_idempotent(db: Path, sample: list[Analysis]) -> None:
    with Store(db) as s:
        assert s.add(sample, run_id="r1") == 3
        assert s.add([a1(), a2(), a3()]) == 0  # same texts again: no-op
        st = s.stats()
        assert (st.articles, st.events, st.quotes, st.times) == (3, 5, 4, 2)
        # the same canonical actor across articles is one row
        assert st.actors == 5
        for an in sample:
            back = s.article(an.article.id)
            assert back is not None
            assert back.to_dict() == an.to_dict()
        assert s.article("nope") is None
        assert s.known_ids([sample[0].article.id, "nope"]) == {sample[0].article.id}
        assert s.has_article(sample[1].article.id)


def test_every_row_keeps_article_and_offsets(db: Path, sample: list[Analysis]) -> None:
    with Store(db) as s:
        s.add(sample)
        bad = s.con.execute(
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE substr(a.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) <> e.evidence_text "
            "OR substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) <> e.trigger_text"
        ).fetchone()
        assert bad == (0,)
        bad = s.con.execute(
            "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE substr(a.text, q.content_start + 1, q.content_end - q.content_start) <> q.content_text"
        ).fetchone()
        assert bad == (0,)


def test_batch_is_one_transaction(db: Path) -> None:
    good = a1()
    broken = Analysis(article=Article(text="x" * 20), extractor="t")
    broken.actors = [a1().actors[0]]
    broken.actors[0].type = None  # type: ignore[assignment]  # violates NOT NULL
    with Store(db) as s:
        with pytest.raises(duckdb.Error):
            s.add([good, broken])
        assert s.stats().articles == 0  # nothing of the batch was written
        assert s.add([good]) == 1


def test_duplicates_and_replace(db: Path) -> None:
    orig = a1()
    dup = Analysis(article=Article(text=orig.article.text + " ", duplicate_of=orig.article.id))
    with Store(db) as s:
        s.add([orig, dup], similarity={dup.article.id: 0.97})
        assert s.con.execute("SELECT original_id, similarity FROM duplicates").fetchall() == [
            (orig.article.id, 0.97)
        ]
        assert s.stats().duplicates == 1
        newer = a1()
        newer.extractor = "test-2"
        newer.events = newer.events[:1]
        assert s.add([newer], replace=True) == 1
        back = s.article(orig.article.id)
        assert back is not None and back.extractor == "test-2" and len(back.events) == 1
        assert s.stats().events == 1


def test_a_reanalysis_rewrites_the_actors_it_names(db: Path) -> None:
    first = a1()
    actor = first.actors[0]
    with Store(db) as s:
        s.add([first])

        def stored() -> tuple[str, str | None]:
            ((kind, country),) = s.con.execute("SELECT type, country FROM actors WHERE id = ?", [actor.id]).fetchall()
            return kind, country

        before = stored()
        changed = a1()
        changed.actors[0].type, changed.actors[0].country = "place", "ZZZ"
        other = Analysis(article=Article(text="Another text naming the same actor."), actors=changed.actors)
        s.add([other])  # a new article does not rewrite what an earlier one stored
        assert stored() == before
        s.add([changed], replace=True)  # a re-analysis does
        assert stored() == ("place", "ZZZ")


def test_locked_by_another_process(db: Path) -> None:
    with Store(db) as s:
        s.add([a1()])
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match="in use by another process"):
            Store(db)
        with pytest.raises(StoreLocked):
            Store(db, read_only=True)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with Store(db, read_only=True) as s1, Store(db, read_only=True) as s2:  # readers together
        assert s1.stats().articles == s2.stats().articles == 1
    with pytest.raises(StoreError, match="no database"):
        Store(db.with_name("missing.duckdb"), read_only=True)
