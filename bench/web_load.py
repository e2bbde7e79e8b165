"""Load check for ``detente serve``: 200 concurrent API requests against a 5,000-article store.

    .venv/bin/python bench/web_load.py [--articles 5000] [--requests 200] [--concurrency 50]

Builds (or reuses, in the temp dir: ``detente_web_load.duckdb``) a store of synthetic analyses
written in bulk through the store API, starts the real server on 127.0.0.1, fires the
requests with httpx.AsyncClient (bounded by a semaphore, only to 127.0.0.1) over a mix
of endpoints, and writes errors and p50/p95 latency to ``bench/results/web_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.helpers import serve  # noqa: E402

from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker  # noqa: E402
from detente.store import Store  # noqa: E402

RESULTS = ROOT / "bench" / "results"
COUNTRIES = [("RUS", "Russia"), ("USA", "the United States"), ("CHN", "China"), ("UKR", "Ukraine"),
             ("DEU", "Germany"), ("FRA", "France"), ("IRN", "Iran"), ("ISR", "Israel")]  # fmt: skip
VERBS = [("AGREE", "agreed with", 2.5), ("ACCUSE", "accused", -3.5), ("SANCTION", "imposed sanctions on", -6.0),
         ("AID", "sent aid to", 7.0), ("THREATEN", "threatened", -5.0), ("CONSULT", "met", 1.0),
         ("ASSAULT", "attacked", -9.0), ("COOPERATE", "cooperated with", 4.0)]  # fmt: skip


def synthetic(i: int, rng: random.Random) -> Analysis:
    (ca, na), (cb, nb) = rng.sample(COUNTRIES, 2)
    typ, verb, intensity = rng.choice(VERBS)
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    s1 = f"{na[0].upper() + na[1:]} {verb} {nb} on {day:%B %d}."
    quote = f"We will not accept this, number {i}"
    s2 = f' "{quote}," a spokesman for {nb} said.'
    text = s1 + s2 + f" Report {i}."
    a_start, b_start = 0, s1.index(nb, len(na))
    v = s1.index(verb.split()[0])
    q0 = len(s1) + 2
    sp = text.index("a spokesman")
    cue = text.index(" said", sp) + 1
    return Analysis(
        article=Article(text=text, title=f"{na} and {nb}: report {i}", source="synthetic", published=day.isoformat()),
        actors=[Actor(ca, na, "country", ca, mentions=[Span.of(text, a_start, a_start + len(na))]),
                Actor(cb, nb, "country", cb, mentions=[Span.of(text, b_start, b_start + len(nb))])],
        quotes=[Quote(Span.of(text, q0, q0 + len(quote)), Speaker(Span.of(text, sp, sp + len("a spokesman")), None),
                      Span.of(text, cue, cue + 4), "direct")],
        events=[Event(typ, Span.of(text, v, v + len(verb.split()[0])), Span.of(text, 0, len(s1) - 1), source=ca,
                      target=cb, source_country=ca, target_country=cb, intensity=intensity, date=day.isoformat())],
        extractor="synthetic-bench",
    )  # fmt: skip


def build(db: Path, n: int) -> float:
    t0 = time.perf_counter()
    rng = random.Random(7)
    with Store(db) as st:
        have = st.stats().articles
        batch = [synthetic(i, rng) for i in range(n)]
        if have < n:
            for k in range(0, n, 1000):
                st.add(batch[k : k + 1000])
    return time.perf_counter() - t0


def paths(ids: list[str], rng: random.Random, n: int) -> list[str]:
    pool = [
        lambda: "/articles?limit=50",
        lambda: f"/articles?limit=20&offset={rng.randrange(0, 2000)}",
        lambda: f"/articles/{rng.choice(ids)}",
        lambda: "/dyads/RUS/USA?by=month",
        lambda: f"/dyads/{rng.choice(COUNTRIES)[0]}/{rng.choice(COUNTRIES)[0]}?by=week",
        lambda: "/events?source=RUS&type=SANCTION,ACCUSE&limit=50",
        lambda: f"/events?since=2024-0{rng.randrange(1, 9)}&limit=100",
        lambda: "/statements?q=accept&limit=50",
        lambda: "/statements?about=USA&limit=20",
        lambda: "/actors?limit=20",
        lambda: f"/actors/{rng.choice(COUNTRIES)[0]}",
    ]
    return [rng.choice(pool)() for _ in range(n)]


async def fire(base: str, todo: list[str], concurrency: int) -> list[tuple[str, int, float]]:
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as client:

        async def one(path: str) -> tuple[str, int, float]:
            async with sem:
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    status = r.status_code
                except httpx.HTTPError:
                    status = -1
                return path, status, time.perf_counter() - t0

        return await asyncio.gather(*(one(p) for p in todo))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "detente_web_load.duckdb")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    build_s = build(args.db, args.articles)
    with Store(args.db, read_only=True) as st:
        stats = st.stats()
        ids = [r[0] for r in st.con.execute("SELECT id FROM articles USING SAMPLE 200 ROWS").fetchall()]
    rng = random.Random(11)
    todo = paths(ids, rng, args.requests)
    with serve(args.db) as base:
        assert base.startswith("http://127.0.0.1:")
        asyncio.run(fire(base, paths(ids, rng, 20), 10))  # warm up
        single: dict[str, float] = {}
        kinds = {re.sub(r"[0-9a-f]{16}|[A-Z]{3}|\d+", "*", p): p for p in reversed(todo)}
        for path in sorted(kinds.values()):
            times = [r[2] for r in asyncio.run(fire(base, [path] * 3, 1))]
            single[path] = round(statistics.median(times) * 1000, 1)
        t0 = time.perf_counter()
        results = asyncio.run(fire(base, todo, args.concurrency))
        wall = time.perf_counter() - t0
    lat = sorted(ms * 1000 for _, _, ms in results)
    errors = [{"path": p, "status": s} for p, s, _ in results if s != 200]
    q = statistics.quantiles(lat, n=100)
    out = {
        "articles": stats.articles, "events": stats.events, "quotes": stats.quotes,
        "build_seconds": round(build_s, 2), "requests": len(results), "concurrency": args.concurrency,
        "errors": len(errors), "error_samples": errors[:10], "wall_seconds": round(wall, 3),
        "requests_per_second": round(len(results) / wall, 1), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1),
        "max_ms": round(lat[-1], 1), "sequential_median_ms": single, "python": platform.python_version(), "machine": platform.machine(),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    (RESULTS / "web_load.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
