"""HTML extraction scores.

* ``html_f1`` / ``html_precision`` / ``html_recall``: the ScrapingHub
  article-extraction-benchmark (``html/scrapinghub``), scored with the benchmark's own
  metric: ``\\w+`` tokens, 4-token shingles counted as multisets, per-page TP/FP/FN
  normalised to sum to 1, precision and recall averaged over pages, F1 from the means.
* ``metadata_title_accuracy`` / ``metadata_date_accuracy``: the readability test pages
  (``html/readability/*/expected-metadata.json``); a title counts when it equals the
  expected one after whitespace/quote normalisation, a date when the YYYY-MM-DD of
  ``publishedTime`` matches (pages without an expected date are not counted).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import unicodedata
from collections import Counter
from pathlib import Path

from detente.eval.base import EvalResult
from detente.ingest.base import IngestError, iso_date
from detente.ingest.html import parse_html
from detente.ingest.text import decode_bytes

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

TpFpFn = tuple[float, float, float]


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_matching(true: str, pred: str, n: int = 4) -> TpFpFn:
    """The benchmark's per-page TP/FP/FN over 4-token shingles, normalised to sum 1."""
    t, p = _shingles(true, n), _shingles(pred, n)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def benchmark_metrics(rows: list[TpFpFn]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark's ``metrics_from_tp_fp_fns``."""
    ps = [_precision(*r) for r in rows if r[0] + r[1] > 0]
    rs = [_recall(*r) for r in rows if r[0] + r[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _norm_title(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(s.split()).casefold()


def score_scrapinghub(root: Path, limit: int | None = None) -> tuple[tuple[float, float, float], int, int]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    rows: list[TpFpFn] = []
    failed = 0
    for key in keys:
        path = root / "html" / f"{key}.html.gz"
        pred = ""
        try:
            html, _ = decode_bytes(gzip.decompress(path.read_bytes()))
            pred = parse_html(html).text
        except (IngestError, OSError, EOFError):
            failed += 1
        rows.append(shingle_matching(truth[key].get("articleBody", ""), pred))
    return benchmark_metrics(rows), len(rows), failed


def score_metadata(root: Path, limit: int | None = None) -> dict[str, int]:
    counts = Counter[str]()
    pages = sorted(p for p in root.iterdir() if (p / "expected-metadata.json").exists())
    for page in pages[:limit] if limit else pages:
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        try:
            html, _ = decode_bytes((page / "source.html").read_bytes())
            doc = parse_html(html)
            title, date = doc.title, doc.published
        except (IngestError, OSError):
            title = date = None
        counts["pages"] += 1
        if expected.get("title"):
            counts["titles"] += 1
            counts["titles_ok"] += _norm_title(title) == _norm_title(expected["title"])
        exp_date = iso_date(expected.get("publishedTime"))
        if exp_date:
            counts["dates"] += 1
            counts["dates_ok"] += date == exp_date
    return dict(counts)


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    figures: dict[str, float] = {}
    counts: dict[str, int] = {}
    notes: list[str] = []
    sh = shared / "html" / "scrapinghub"
    if (sh / "ground-truth.json").exists():
        (f1, p, r), n, failed = score_scrapinghub(sh, limit)
        figures.update(html_f1=round(f1, 4), html_precision=round(p, 4), html_recall=round(r, 4))
        counts.update(scrapinghub_pages=n, scrapinghub_no_text=failed)
    else:
        notes.append(f"skipped ScrapingHub: {sh} not found")
    rd = shared / "html" / "readability"
    if rd.is_dir():
        c = score_metadata(rd, limit)
        figures["metadata_title_accuracy"] = round(c.get("titles_ok", 0) / c["titles"], 4) if c.get("titles") else 0.0
        figures["metadata_date_accuracy"] = round(c.get("dates_ok", 0) / c["dates"], 4) if c.get("dates") else 0.0
        counts.update({f"readability_{k}": v for k, v in c.items()})
    else:
        notes.append(f"skipped readability metadata: {rd} not found")
    return EvalResult("html", figures, counts, notes)
