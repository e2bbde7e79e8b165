"""Where the pipeline's time goes beyond spaCy: a timing split and a profile.

    .venv/bin/python bench/profile_stages.py [--n 200] [--out bench/results/profile_after.txt]

On every 11th file of ``../shared/corpus/bbc`` (title on line 1): times the stock English
pipeline (``nlp.pipe``), the same with detente's components (paragraph breaks, the
attribution tagger), and detente's stages after the parse (``Pipeline.analyze_doc``) alone;
then a cProfile of those stages, top entries by internal time. cProfile inflates Cython
calls several times over; the plain timings are the real cost.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("DETENTE_SHARED", ROOT.parent.parent / "shared"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "profile_after.txt")
    args = ap.parse_args(argv)
    import spacy

    from detente.models import Article
    from detente.nlp.model import load_model, model_name
    from detente.nlp.pipeline import Pipeline

    files = sorted((SHARED / "corpus" / "bbc").rglob("*.txt"))[::11][: args.n]
    if not files:
        print(f"no BBC files under {SHARED}", file=sys.stderr)
        return 2
    articles = []
    for f in files:
        title, _, body = f.read_text(encoding="utf-8", errors="replace").partition("\n")
        articles.append(Article(text=body.strip(), title=title.strip()))
    texts = [a.text for a in articles]

    stock = spacy.load(model_name())
    list(stock.pipe(texts[:5]))
    t0 = time.perf_counter()
    tokens = sum(len(d) for d in stock.pipe(texts, batch_size=32))
    t_stock = time.perf_counter() - t0

    nlp = load_model()
    list(nlp.pipe(texts[:5]))
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t_ours = time.perf_counter() - t0

    pipeline = Pipeline(nlp)
    t0 = time.perf_counter()
    for art, doc in zip(articles, docs, strict=True):
        pipeline.analyze_doc(art, doc)
    t_stages = time.perf_counter() - t0

    prof = cProfile.Profile()
    prof.enable()
    for art, doc in zip(articles, docs, strict=True):
        pipeline.analyze_doc(art, doc)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(25)

    lines = [
        f"# Profile — detente pipeline beyond spaCy, {len(articles)} BBC articles (every 11th file),",
        f"# {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, spaCy {spacy.__version__}.",
        f"# pipe_names: {nlp.pipe_names}",
        "",
        f"articles={len(articles)} tokens={tokens}",
        f"stock nlp.pipe                          {t_stock:7.2f}s",
        f"nlp.pipe with detente's components      {t_ours:7.2f}s  (+{t_ours / t_stock - 1:.1%})",
        f"detente stages after the parse          {t_stages:7.2f}s  (+{t_stages / t_stock:.1%})",
        f"total / stock                           {(t_ours + t_stages) / t_stock:7.3f}",
        "",
        "## cProfile of the stages after the parse, by internal time (top 25)",
        buf.getvalue(),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:10]))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
