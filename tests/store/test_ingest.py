"""Ingest: idempotent reruns, duplicates, runs recorded, reanalysis, and crash safety.

The analysis is injected (``analyzer=``): a deterministic test function that codes one
event per article, so these tests do not depend on the NLP pipeline's output.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from detente.models import Analysis, Article, Event, Span
from detente.store import Store
from detente.store.ingest import ingest, reanalyze

SRC = str(Path(__file__).resolve().parents[2] / "src")
WORDS = ["government", "minister", "talks", "border", "sanctions", "election", "parliament", "summit", "treaty", "army", "trade", "energy", "budget", "crisis", "president", "ceasefire", "vote", "council", "court", "report", "economy", "security", "agreement", "foreign", "policy", "leaders", "meeting", "week", "officials", "protest", "refugees", "market", "prices", "union", "defence", "capital"]


def fake_analyze(articles: Iterable[Article], version: str = "fake-1") -> list[Analysis]:
    out = []
    for a in articles:
        first = a.text.split()[0]
        trig = Span.of(a.text, 0, len(first))
        out.append(Analysis(article=a, extractor=version, events=[
            Event(type="CONSULT", trigger=trig, evidence=Span.of(a.text, 0, len(a.text)),
                  source="RUS", target="USA", source_country="RUS", target_country="USA", intensity=1.0)
        ]))  # fmt: skip
    return out


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        rnd = random.Random(i)
        body = " ".join(rnd.choice(WORDS) for _ in range(60))
        p = folder / f"{i:04d}.txt"
        p.write_text(f"Story number {i} about the news\nThe {body}.\n", encoding="utf-8")
        paths.append(p)
    return paths


def test_ingest_is_idempotent_and_records_runs(tmp_path: Path, db: Path) -> None:
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 12)
    # an exact copy under another name (same id), a near duplicate, a non-English article, junk
    (corpus / "copy.txt").write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "near.txt").write_text(paths[1].read_text(encoding="utf-8").replace("number 1 ", "number one "),
                                     encoding="utf-8")  # fmt: skip
    (corpus / "fr.txt").write_text(
        "Titre\nLe gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs "
        "touchés par la sécheresse, a déclaré le ministre lors d'une conférence de presse à Paris.\n",
        encoding="utf-8",
    )
    (corpus / "empty.txt").write_bytes(b"")
    r1 = ingest([corpus], db, batch_size=4, progress=False, title_first_line=True, analyzer=fake_analyze)
    assert r1.status == "ok"
    assert (r1.analysed, r1.duplicates, r1.non_english, r1.already_stored) == (12, 1, 1, 1)
    assert r1.stored == 14 and r1.events == 12
    assert r1.skipped >= 1
    r2 = ingest([corpus], db, batch_size=4, progress=False, title_first_line=True, analyzer=fake_analyze)
    assert (r2.stored, r2.analysed, r2.already_stored) == (0, 0, 15)
    with Store(db, read_only=True) as s:
        st = s.stats()
        assert (st.articles, st.analysed, st.duplicates, st.unanalysed, st.events) == (14, 12, 1, 1, 12)
        assert st.runs == 2 and st.skipped >= 2
        dup = s.con.execute("SELECT a.duplicate_of, d.original_id FROM articles a JOIN duplicates d "
                            "ON d.article_id = a.id").fetchall()  # fmt: skip
        assert len(dup) == 1 and dup[0][0] == dup[0][1] and s.has_article(dup[0][0])
        fr = s.articles(status="unanalysed")
        assert len(fr) == 1 and fr[0].language not in (None, "en") and fr[0].events == 0
        assert s.con.execute("SELECT count(*) FROM ingest_runs WHERE status = 'ok' AND finished IS NOT NULL"
                             ).fetchone() == (2,)  # fmt: skip
        titled = s.articles(q="story number 3 ")
        assert len(titled) == 1


class OverlappingAnalyzer:
    """An analyser that, like the process pool, can ``submit`` a batch and be asked for
    the result later; it logs what happens when."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.n = 0

    def __call__(self, arts: list[Article]) -> list[Analysis]:
        return self.submit(arts)()

    def submit(self, arts: list[Article], *, last: bool = False):  # type: ignore[no-untyped-def]
        self.n += 1
        k, done = self.n, fake_analyze(arts)
        self.log.append(f"submit {k}" + (" (last)" if last else ""))

        def result() -> list[Analysis]:
            self.log.append(f"collect {k}")
            return done

        return result


def test_pool_analyses_the_next_batch_while_the_previous_is_written(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c", 10)
    plain = ingest([tmp_path / "c"], tmp_path / "a.duckdb", batch_size=3, progress=False, analyzer=fake_analyze)
    overlapping = OverlappingAnalyzer()
    r = ingest([tmp_path / "c"], tmp_path / "b.duckdb", batch_size=3, progress=False, analyzer=overlapping)
    # batch k+1 is submitted before batch k is collected and written; every batch is written
    # once; the run's last batch is submitted as the last (small tasks for an even finish)
    assert overlapping.log == ["submit 1", "submit 2", "collect 1", "submit 3", "collect 2", "submit 4 (last)",
                               "collect 3", "collect 4"]  # fmt: skip
    assert (r.stored, r.analysed, r.events, r.batches) == (plain.stored, plain.analysed, plain.events, 4)
    rows = []
    for name in ("a", "b"):
        with Store(tmp_path / f"{name}.duckdb", read_only=True) as s:
            rows.append(s.con.execute("SELECT article_id, type, source FROM events ORDER BY ALL").fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == 10


def test_last_batch_is_marked_when_the_corpus_fills_the_batches_exactly(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c", 9)
    overlapping = OverlappingAnalyzer()
    r = ingest([tmp_path / "c"], tmp_path / "b.duckdb", batch_size=3, progress=False, analyzer=overlapping)
    assert [e for e in overlapping.log if e.startswith("submit")] == ["submit 1", "submit 2", "submit 3 (last)"]
    assert (r.analysed, r.batches) == (9, 3)


def test_reanalyze_only_outdated(tmp_path: Path, db: Path) -> None:
    write_corpus(tmp_path / "c", 5)
    ingest([tmp_path / "c"], db, progress=False, analyzer=fake_analyze)
    calls: list[int] = []

    def v2(arts: Iterable[Article]) -> list[Analysis]:
        out = fake_analyze(arts, "fake-2")
        calls.append(len(out))
        for an in out:
            an.events = an.events * 2
        return out

    r = reanalyze(db, analyzer=v2, version="fake-2", batch_size=2)
    assert r.analysed == 5 and calls == [2, 2, 1]
    assert reanalyze(db, analyzer=v2, version="fake-2").analysed == 0
    assert reanalyze(db, analyzer=v2, version="fake-2", all=True).analysed == 5
    with Store(db, read_only=True) as s:
        st = s.stats()
        assert st.extractors == {"fake-2": 5} and st.events == 10 and st.articles == 5


CHILD = """
import sys, time
sys.path.insert(0, {src!r}); sys.path.insert(0, {tests!r})
from tests.store.test_ingest import fake_analyze
from detente.store.ingest import ingest

def slow(arts):
    arts = list(arts)
    time.sleep(0.15)
    out = fake_analyze(arts)
    with open({marker!r}, "a") as f:
        f.write("%d\\n" % len(out))
    return out

ingest([{corpus!r}], {db!r}, batch_size=5, progress=False, analyzer=slow)
"""


def test_crash_mid_run_then_rerun(tmp_path: Path, db: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 80)
    marker = tmp_path / "analysed.txt"
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD.format(
        src=SRC, tests=str(Path(__file__).resolve().parents[2]), marker=str(marker), corpus=str(corpus), db=str(db),
    )), encoding="utf-8")  # fmt: skip
    child = subprocess.Popen([sys.executable, str(script)], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if marker.exists() and len(marker.read_text().split()) >= 4:
            break
        assert child.poll() is None, "the child finished or died before it could be killed"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with Store(db) as s:
        mid = s.stats()
        # whole batches only: every stored article has its event
        assert 0 < mid.articles < 80 and mid.articles % 5 == 0
        assert mid.events == mid.articles
        assert s.con.execute("SELECT status FROM ingest_runs").fetchall() == [("running",)]
    r = ingest([corpus], db, batch_size=5, progress=False, analyzer=fake_analyze)
    assert r.already_stored == mid.articles and r.stored == 80 - mid.articles
    with Store(db, read_only=True) as s:
        st = s.stats()
        assert (st.articles, st.events) == (80, 80)
        assert s.con.execute("SELECT count(*), count(DISTINCT article_id) FROM events").fetchone() == (80, 80)


COUNTRIES = ["France", "Germany", "Japan", "Brazil", "India", "Turkey", "Egypt", "Canada", "Poland", "Kenya"]


def _real_corpus(root: Path, n: int) -> None:
    """``n`` short articles, each of three paragraphs: long enough that the ingest runs well
    past its first progress line (at 5 s) on a fast machine."""
    root.mkdir(parents=True)
    for i in range(n):
        paragraphs = []
        for k in range(3):
            a, b = COUNTRIES[(i + k) % 10], COUNTRIES[(i * 3 + 1 + k) % 10]
            paragraphs.append(
                f"{a} and {b} agreed on Monday to resume talks on trade, officials said. "
                f'"We are ready to work with {b}," the foreign minister of {a} told reporters in story {i}. '
                f"{b} imposed new tariffs on {a} last year."
            )
        (root / f"{i:03d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_kill_9_real_cli_ingest_then_rerun_matches_a_clean_run(tmp_path: Path) -> None:
    """The real `detente ingest` (real pipeline, a pool of 2 workers) killed with SIGKILL
    after its first commits; the rerun must end with exactly what one uninterrupted run in
    one process stores."""
    corpus = tmp_path / "corpus"
    n = 1000
    _real_corpus(corpus, n)
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "detente", "ingest", str(corpus), "--db", str(db), "--batch-size", "5",
           "--workers", "2"]  # fmt: skip
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    # plain progress lines every 5 s: "ingest: 85 (17.0/s)", counting articles read. The
    # writer keeps one batch in flight and writes the one before it when it hands on the
    # next, so past 3 batches read the first is committed (however long start-up took)
    committed = 3 * 5
    for line in child.stderr:
        m = re.match(r"ingest: ([\d,]+) ", line)
        if m and int(m.group(1).replace(",", "")) > committed:
            break
    assert child.poll() is None, "the ingest finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with Store(db, read_only=True) as s:
        mid = s.stats().articles
    assert 0 < mid < n
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    clean = tmp_path / "clean.duckdb"
    subprocess.run([*cmd[:6], str(clean), *cmd[7:-1], "1"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300)  # fmt: skip

    def content(path: Path) -> tuple[list[str], list[tuple[object, ...]], list[tuple[object, ...]]]:
        with Store(path, read_only=True) as s:
            ids = [r[0] for r in s.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
            ev = s.con.execute(
                "SELECT article_id, ordinal, type, source, target FROM events ORDER BY article_id, ordinal"
            ).fetchall()
            qs = s.con.execute(
                "SELECT article_id, ordinal, content_start, content_end FROM quotes ORDER BY article_id, ordinal"
            ).fetchall()
        return ids, ev, qs

    killed_ids, killed_events, killed_quotes = content(db)
    clean_ids, clean_events, clean_quotes = content(clean)
    assert len(killed_ids) == n
    assert killed_ids == clean_ids
    assert killed_events == clean_events and killed_quotes == clean_quotes
