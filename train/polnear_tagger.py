"""Train the attribution tagger (SOURCE / CUE / CONTENT) on PolNeAR train.

    python train/polnear_tagger.py [--shared ../shared] [--max-steps N] [--eval-dev]

1. reads ``<shared>/gold/polnear/train`` (brat standoff, first annotator per article, as
   :func:`detente.eval.polnear.load_split` does);
2. holds out a fixed, seeded 10% of the train articles for tuning and the reported
   held-out figures (the dev split is never used for training or tuning);
3. turns every article paragraph into a spaCy ``Doc`` whose entities are the gold spans
   (:func:`detente.nlp.attribution_model.gold_spans`), written as DocBins under a build
   folder (not part of the package);
4. trains ``train/tagger.cfg`` with ``spacy train`` (fixed seed), and copies the best
   model to ``src/detente/nlp/models/attribution/`` with a ``meta.json`` (version,
   training data, date, held-out figures from the PolNeAR scorer).

``--eval-dev`` only measures the installed model on the dev split (tagger alone and
merged with the rule-based quotes); use it once, at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from detente.eval.polnear import GoldArticle, load_split, polnear_root, score
from detente.models import Analysis, Article
from detente.nlp import attribution_model as am
from detente.nlp.model import load_model, model_name

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONFIG = HERE / "tagger.cfg"
MODEL_DIR = REPO / "src" / "detente" / "nlp" / "models" / "attribution"
SEED = 1234
HELD_OUT = 0.10
VERSION = "0.2.0"


def split_train(
    articles: list[GoldArticle], seed: int = SEED, fold: int = 0
) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """(fit, held out): a seeded shuffle of the article names, cut in tenths; ``fold`` picks
    the tenth held out (0, the first, for the shipped models; another fold gives a second
    clean set to check a change on, with a model trained without it)."""
    names = sorted(a.name for a in articles)
    random.Random(seed).shuffle(names)
    n_held = max(1, round(len(names) * HELD_OUT))
    if not 0 <= fold * n_held < len(names):
        raise ValueError(f"fold {fold}: there are {-(-len(names) // n_held)} folds (0 on) of {n_held} articles")
    held = set(names[fold * n_held : (fold + 1) * n_held])
    return [a for a in articles if a.name not in held], [a for a in articles if a.name in held]


def article_docs(nlp: spacy.Language, art: GoldArticle) -> list[Doc]:
    """One Doc per paragraph (merged with the next while a gold span crosses the break),
    its entities the gold spans."""
    spans = am.gold_spans(art.attributions, art.text)
    blocks = am.paragraph_bounds(art.text)
    joined: list[tuple[int, int]] = []
    for s, e in blocks:
        if joined and any(t.start < joined[-1][1] < t.end for t in spans):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    docs = []
    for s, e in joined:
        doc = nlp.make_doc(art.text[s:e])
        ents = []
        for t in spans:
            if s <= t.start and t.end <= e:
                sp = doc.char_span(t.start - s, t.end - s, label=am.ner_label(t), alignment_mode="expand")
                if sp is not None and not any(sp.start < o.end and o.start < sp.end for o in ents):
                    ents.append(sp)
        doc.set_ents(sorted(ents, key=lambda x: x.start), default="outside")
        docs.append(doc)
    return docs


def write_docbin(nlp: spacy.Language, articles: list[GoldArticle], path: Path) -> int:
    db = DocBin(store_user_data=False)
    n = 0
    for art in articles:
        for doc in article_docs(nlp, art):
            db.add(doc)
            n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def tagging_pipeline(model: Path | None = None) -> spacy.Language:
    """The stock English pipeline with the ``detente_attribution`` component reading the
    tagger at ``model`` (default: the installed one) — the tagger as it runs in detente."""
    nlp = spacy.load(model_name())
    nlp.add_pipe("detente_attribution", config={"model": str(model) if model else ""})
    return nlp


def tagger_predictor(nlp: spacy.Language):  # type: ignore[no-untyped-def]
    def predict(text: str, published: str | None) -> Analysis:
        doc = nlp(text)
        tagged = am.attributions(doc)
        return Analysis(Article(text=text, published=published), quotes=am.to_quotes(text, tagged))

    return predict


def measure(nlp: spacy.Language, gold: list[GoldArticle]) -> dict[str, float]:
    t0 = time.perf_counter()
    result = score(gold, tagger_predictor(nlp))
    secs = time.perf_counter() - t0
    figures = {k: round(v, 4) for k, v in result.figures.items()}
    figures["seconds_per_article"] = round(secs / max(1, len(gold)), 4)
    return figures


def measure_merged(gold: list[GoldArticle]) -> dict[str, float]:
    """detente's statements (rules plus the installed tagger) on ``gold``."""
    import detente

    result = score(gold, lambda text, published: detente.analyze(text, published=published))
    return {k: round(v, 4) for k, v in result.figures.items()}


def _print(title: str, figures: dict[str, float]) -> None:
    keys = [
        "content_f1",
        "content_precision",
        "content_recall",
        "speaker_accuracy",
        "cue_accuracy",
        "end_to_end_f1",
    ]
    print(title, " ".join(f"{k}={figures[k]:.3f}" for k in keys if k in figures), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--build", type=Path, default=REPO / "build" / "attribution")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a config override (JSON value)")
    ap.add_argument("--eval-dev", action="store_true", help="only measure the installed model on dev")
    ap.add_argument("--no-install", action="store_true", help="train and measure, keep the package model")
    args = ap.parse_args(argv)
    root = polnear_root(args.shared)

    if args.eval_dev:
        if am.load_tagger() is None:
            print(f"no model in {MODEL_DIR}", file=sys.stderr)
            return 1
        dev = load_split(root, "dev")
        _print("dev tagger alone:", measure(tagging_pipeline(), dev))
        _print("dev rules+tagger:", measure_merged(dev))
        return 0

    spacy.util.fix_random_seed(args.seed)
    articles = load_split(root, "train")
    fit, held = split_train(articles, args.seed)
    # tokens (and their NORMs, which the shared tok2vec reads) exactly as the main pipeline makes them
    base = load_model(attribution=False)
    n_fit = write_docbin(base, fit, args.build / "train.spacy")
    n_held = write_docbin(base, held, args.build / "heldout.spacy")
    print(f"{len(fit)} articles ({n_fit} docs) to fit, {len(held)} ({n_held} docs) held out", flush=True)

    from spacy.cli.train import train as spacy_train

    overrides: dict[str, object] = {
        "paths.train": str(args.build / "train.spacy"),
        "paths.dev": str(args.build / "heldout.spacy"),
        "system.seed": args.seed,
    }
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    out = args.build / "output"
    t0 = time.perf_counter()
    spacy_train(CONFIG, out, use_gpu=-1, overrides=overrides)
    train_secs = time.perf_counter() - t0

    # ship the tagger without the frozen tok2vec: at run time it listens to the main pipeline's
    best = spacy.load(out / "model-best")
    best.remove_pipe("tok2vec")
    staged = args.build / "tagger-only"
    if staged.exists():
        shutil.rmtree(staged)
    best.to_disk(staged)
    figures = measure(tagging_pipeline(staged), held)
    _print("held-out train:", figures)
    if args.no_install:
        return 0
    if MODEL_DIR.exists():
        shutil.rmtree(MODEL_DIR)
    shutil.copytree(staged, MODEL_DIR)
    meta_path = MODEL_DIR / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta.update(
        {
            "name": "detente_attribution",
            "version": VERSION,
            "description": "SOURCE / CUE / CONTENT span tagger for attribution (detente.nlp.attribution_model)",
            "training_data": {
                "corpus": "PolNeAR (Newell, Margolin & Ruths 2018), train split, first annotator per article",
                "articles": len(fit),
                "docs": n_fit,
                "held_out_articles": len(held),
                "held_out_rule": f"seeded shuffle of article names (seed {args.seed}), first {HELD_OUT:.0%}",
            },
            "trained": dt.date.today().isoformat(),
            "training_seconds": round(train_secs),
            "seed": args.seed,
            "held_out_figures": figures,
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"model written to {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
