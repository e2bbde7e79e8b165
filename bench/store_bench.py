"""Store benchmark: query latency on 1M events, and write overhead per article.

    PYTHONPATH=src .venv/bin/python bench/store_bench.py [--events 1000000] [--keep DIR]

1. Builds a store of ``--events`` synthetic events (with articles, quotes, mentions and
   actors in realistic proportions) by bulk insert through Arrow, then times ``dyad``,
   ``said`` and ``events`` (median of warm runs; target ≤ 100 ms each).
2. Writes batches of 50 realistic ``Analysis`` objects with ``Store.add`` and reports the
   write time per article, against the pipeline's analysis time per article on BBC
   politics texts when ``../shared`` and the pipeline are available (target ≤ 10%).

Writes ``bench/results/store.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker, Time
from detente.store import Store
from detente.store.schema import QUOTE_ACTORS_FILL

ROOT = Path(__file__).resolve().parent
COUNTRIES = ["RUS", "USA", "CHN", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "TUR", "IND", "JPN", "PRK", "KOR",
             "SYR", "SAU", "EGY", "PAK", "AFG", "BRA"]  # fmt: skip
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]  # fmt: skip


def _timed(fn: Callable[[], Any], runs: int = 7) -> dict[str, float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def build(db: Path, n_events: int, seed: int = 7) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n_articles = n_events // 5
    n_quotes = n_articles * 2
    n_persons = 2000
    t0 = time.perf_counter()
    ids = np.array([f"{i:016x}" for i in range(n_articles)])
    days = np.datetime64("2015-01-01") + rng.integers(0, 365 * 10, n_articles).astype("timedelta64[D]")
    persons = np.array([f"person-{i}" for i in range(n_persons)])
    person_country = rng.integers(0, len(COUNTRIES), n_persons)
    with Store(db) as s:
        con = s.con
        actors = pa.table({
            "id": list(COUNTRIES) + list(persons) + ["dmitry-peskov"],
            "name": list(COUNTRIES) + [f"Person {i}" for i in range(n_persons)] + ["Dmitry Peskov"],
            "type": ["country"] * len(COUNTRIES) + ["person"] * (n_persons + 1),
            "country": list(COUNTRIES) + [COUNTRIES[c] for c in person_country] + ["RUS"],
            "sector": ["GOV"] * (len(COUNTRIES) + n_persons + 1),
            "role": [None] * (len(COUNTRIES) + n_persons + 1),
        })  # fmt: skip
        arts = pa.table({
            "id": ids, "title": np.char.add("Story ", ids), "published": pa.array(days, pa.date32()),
            "published_text": days.astype(str), "text": np.full(n_articles, "x" * 400),
            "status": np.full(n_articles, "analysed"), "extractor": np.full(n_articles, "bench"),
            "language": np.full(n_articles, "en"),
        })  # fmt: skip
        art_idx = rng.integers(0, n_articles, n_events)
        src = rng.integers(0, len(COUNTRIES), n_events)
        tgt = (src + rng.integers(1, len(COUNTRIES), n_events)) % len(COUNTRIES)
        ctry = np.array(COUNTRIES)
        typ = np.array(TYPES)[rng.integers(0, len(TYPES), n_events)]
        ev = pa.table({
            "article_id": ids[art_idx], "ordinal": np.arange(n_events) % 8, "type": typ,
            "source": ctry[src], "target": ctry[tgt], "source_country": ctry[src], "target_country": ctry[tgt],
            "negated": rng.random(n_events) < 0.03, "hypothetical": rng.random(n_events) < 0.05,
            "future": np.zeros(n_events, bool), "intensity": rng.uniform(-10, 10, n_events),
            "day": pa.array(days[art_idx], pa.date32()), "trigger_start": np.full(n_events, 10),
            "trigger_end": np.full(n_events, 20), "trigger_text": np.full(n_events, "sanctioned"),
            "evidence_start": np.zeros(n_events, int), "evidence_end": np.full(n_events, 120),
            "evidence_text": np.full(n_events, "Country A sanctioned country B over the dispute, officials said."),
        })  # fmt: skip
        q_art = rng.integers(0, n_articles, n_quotes)
        spk = persons[rng.integers(0, n_persons, n_quotes)].astype(object)
        spk[rng.random(n_quotes) < 0.01] = "dmitry-peskov"
        qt = pa.table({
            "article_id": ids[q_art], "ordinal": np.arange(n_quotes) % 4, "speaker": spk,
            "speaker_start": np.full(n_quotes, 0), "speaker_end": np.full(n_quotes, 12),
            "speaker_text": ["Mr " + x for x in spk], "cue_start": np.full(n_quotes, 13),
            "cue_end": np.full(n_quotes, 17), "cue_text": np.full(n_quotes, "said"),
            "content_start": np.full(n_quotes, 18), "content_end": np.full(n_quotes, 90),
            "content_text": np.full(n_quotes, "the talks with Washington would continue next week"),
            "kind": np.full(n_quotes, "indirect"), "cue_type": np.full(n_quotes, "speech"),
            "day": pa.array(days[q_art], pa.date32()),
        })  # fmt: skip
        # mentions: the speaker of each quote, and a country inside its content
        mq = rng.integers(0, len(COUNTRIES), n_quotes)
        men = pa.table({
            "article_id": np.concatenate([ids[q_art], ids[q_art]]),
            "actor_id": np.concatenate([spk, ctry[mq]]),
            "ordinal": np.zeros(2 * n_quotes, int),
            "start": np.concatenate([np.full(n_quotes, 0), np.full(n_quotes, 33)]),
            "end": np.concatenate([np.full(n_quotes, 12), np.full(n_quotes, 43)]),
            "text": ["Mr " + x for x in spk] + list(ctry[mq]),
        })  # fmt: skip
        con.execute("BEGIN TRANSACTION")
        for name, tbl in [("actors", actors), ("articles", arts), ("events", ev), ("quotes", qt), ("mentions", men)]:
            con.register("_t", tbl)
            cols = ", ".join(f'"{c}"' for c in tbl.column_names)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _t")
            con.unregister("_t")
        con.execute("INSERT INTO article_actors SELECT DISTINCT article_id, 0, actor_id, actor_id, 'person', "
                    "NULL, NULL, NULL FROM mentions")  # fmt: skip
        con.execute("INSERT OR IGNORE INTO actor_names SELECT DISTINCT actor_id, lower(text) FROM mentions "
                    "UNION SELECT id, lower(name) FROM actors")  # fmt: skip
        # the actors each statement mentions (migration 0003's rule: mentions inside the
        # statement's span, the speaker's own mention left out): here each quote's country
        t_qa = time.perf_counter()
        con.execute(QUOTE_ACTORS_FILL)

        qa_seconds = time.perf_counter() - t_qa
        n_qa = con.execute("SELECT count(*) FROM quote_actors").fetchone()
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    return {"events": n_events, "articles": n_articles, "quotes": n_quotes, "mentions": 2 * n_quotes,
            "quote_actors": n_qa[0] if n_qa else 0, "quote_actors_fill_seconds": round(qa_seconds, 1),
            "build_seconds": round(time.perf_counter() - t0, 1), "file_mb": round(db.stat().st_size / 1e6, 1)}  # fmt: skip


def query_times(db: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with Store(db, read_only=True) as s:
        cases: dict[str, Callable[[], Any]] = {
            "dyad RUS USA by month": lambda: s.dyad("RUS", "USA", by="month"),
            "dyad RUS USA by week since 2020": lambda: s.dyad("RUS", "USA", by="week", since="2020"),
            "said --speaker Peskov": lambda: s.said(speaker="Peskov"),
            "said --speaker Peskov --about USA": lambda: s.said(speaker="Peskov", about="USA"),
            "said --about Washington": lambda: s.said(about="Washington"),
            "said --about USA": lambda: s.said(about="USA"),
            "events --source RUS --type SANCTION --since 2024-01-01":
                lambda: s.events(source="RUS", type="SANCTION", since="2024-01-01"),
            "events --source RUS --target USA": lambda: s.events(source="RUS", target="USA"),
            "actors --top 20": lambda: s.actors(top=20),
        }  # fmt: skip
        for name, fn in cases.items():
            out[name] = {**_timed(fn), "rows": len(fn())}
    return out


def realistic(i: int) -> Analysis:
    """An analysis shaped like a BBC politics article's: ~2,500 chars, 8 actors with 20
    mentions, 5 statements, 6 events, 4 times."""
    rnd = random.Random(i)
    text = " ".join(rnd.choice(["Minister", "said", "the", "talks", "would", "Russia", "sanctions", "on",
                                "Tuesday", "government", "officials"]) for _ in range(420))  # fmt: skip
    text = f"Article {i}. " + text
    n = len(text)

    def span(k: int, w: int = 12) -> Span:
        s = (k * 97) % (n - w)
        return Span.of(text, s, s + w)

    actors = [Actor(id=f"actor-{(i + k) % 500}", name=f"Actor {(i + k) % 500}", type="person", country="GBR",
                    sector="GOV", role="minister", mentions=[span(k * 3 + j) for j in range(3)]) for k in range(8)]  # fmt: skip
    quotes = [Quote(content=span(100 + k, 80), speaker=Speaker(span(200 + k), actors[k].id), cue=span(300 + k, 4))
              for k in range(5)]  # fmt: skip
    events = [Event(type=TYPES[(i + k) % 16], trigger=span(400 + k, 8), evidence=span(500 + k, 150), source="GBR",
                    target=COUNTRIES[k], source_country="GBR", target_country=COUNTRIES[k], intensity=-2.0,
                    date="2005-02-01") for k in range(6)]  # fmt: skip
    times = [Time(span(600 + k, 7), "2005-02-01") for k in range(4)]
    return Analysis(article=Article(text=text, title=f"Story {i}", published="2005-02-01"), actors=actors,
                    quotes=quotes, events=events, times=times, extractor="bench")  # fmt: skip


def write_overhead(tmp: Path, batches: int = 20, batch_size: int = 50) -> dict[str, Any]:
    db = tmp / "write.duckdb"
    per_batch = []
    with Store(db) as s:
        for b in range(batches):
            batch = [realistic(b * batch_size + k) for k in range(batch_size)]
            t0 = time.perf_counter()
            s.add(batch)
            per_batch.append(time.perf_counter() - t0)
    ms_article = statistics.median(per_batch) * 1000 / batch_size
    return {"batch_size": batch_size, "batches": batches, "median_batch_ms": round(statistics.median(per_batch) * 1000, 1),
            "write_ms_per_article": round(ms_article, 2)}  # fmt: skip


def analysis_time(n: int = 40) -> float | None:
    """Pipeline ms per article on BBC politics, or None if the pipeline or data is missing."""
    folder = ROOT.parent.parent / "shared" / "corpus" / "bbc" / "politics"
    try:
        import detente
    except Exception as exc:  # the pipeline may not be importable yet
        print(f"analysis time not measured: {exc}", file=sys.stderr)
        return None
    if not folder.is_dir():
        return None
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))[:n]]
    arts = [Article(text=t, published="2005-02-01") for t in texts]
    list(detente.analyze_many(arts[:2]))  # load models
    t0 = time.perf_counter()
    list(detente.analyze_many(arts))
    return (time.perf_counter() - t0) * 1000 / len(arts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--keep", help="folder to keep the generated database in")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(args.keep or tmpd)
        tmp.mkdir(parents=True, exist_ok=True)
        db = tmp / "bench.duckdb"
        db.unlink(missing_ok=True)
        result: dict[str, Any] = {"store": build(db, args.events)}
        print("built", result["store"], file=sys.stderr)
        result["queries"] = query_times(db)
        result["query_target_ms"] = 100
        result["queries_within_target"] = all(v["median_ms"] <= 100 for v in result["queries"].values())
        result["write"] = write_overhead(tmp)
        ams = analysis_time()
        result["analysis_ms_per_article"] = None if ams is None else round(ams, 1)
        result["write_overhead_pct_of_analysis"] = (
            None if ams is None else round(100 * result["write"]["write_ms_per_article"] / ams, 2)
        )
    out = ROOT / "results" / "store.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
