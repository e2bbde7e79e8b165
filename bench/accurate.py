"""What the accurate attribution tagger costs: articles/s of ``detente.analyze_many`` (one
process) with the default tagger, and with the accurate tagger in fp32 and in bfloat16.

    .venv/bin/python bench/accurate.py            # 200 articles, 3 repeats, about 5 minutes
    .venv/bin/python bench/accurate.py --quick    # 40 articles, 1 repeat

The articles are the first N of the throughput benchmark's corpus (BBC News and
Reuters-21578 interleaved, :func:`throughput.corpus`); each measurement runs in a fresh
child process (:func:`throughput.run_child`) that loads its models before the clock
starts, with ``DETENTE_TAGGER`` and ``DETENTE_TRF_PRECISION`` set for it. The runs are
interleaved and each figure is the median of its repeats (this machine's speed drifts from
minute to minute). bfloat16 is measured only where the CPU multiplies it in hardware
(:func:`detente.nlp.attribution_trf.precision`); elsewhere the emulation is slower than
fp32, which is why ``auto`` does not pick it there.

Writes ``bench/results/accurate.json``. Accuracy is not measured here: ``detente eval
polnear_accurate`` measures it in whatever precision ``auto`` picks, and the README gives
both precisions' held-out PolNeAR figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput  # noqa: E402  (the sibling benchmark: its corpus and child runner)

from detente.nlp.attribution_trf import precision  # noqa: E402

RESULTS = throughput.ROOT / "results" / "accurate.json"

RUNS: dict[str, dict[str, str]] = {
    "default": {"DETENTE_TAGGER": "fast"},
    "accurate_fp32": {"DETENTE_TAGGER": "accurate", "DETENTE_TRF_PRECISION": "fp32"},
    "accurate_bf16": {"DETENTE_TAGGER": "accurate", "DETENTE_TRF_PRECISION": "bf16"},
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="articles per run (default 200)")
    ap.add_argument("--repeat", type=int, default=3, help="repeats of each run; medians are reported")
    ap.add_argument("--quick", action="store_true", help="40 articles, 1 repeat: a smoke run")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.repeat = 40, 1
    hardware_bf16 = precision("auto") == "bf16"
    kinds = [k for k in RUNS if k != "accurate_bf16" or hardware_bf16]
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        recs = throughput.corpus(args.n)
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        reps: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
        for _ in range(args.repeat):
            for k in kinds:
                print(k, flush=True)
                reps[k].append(throughput.run_child("analyze", jsonl, args.n, 1, env=RUNS[k]))
    runs = {k: throughput._median_run(v) for k, v in reps.items()}
    base = runs["default"]["seconds"]
    figures: dict[str, Any] = {"articles": args.n, "repeats": args.repeat, "cpu_has_bf16": hardware_bf16}
    for k, r in runs.items():
        figures[f"{k}_articles_per_s"] = r["articles_per_s"]
        figures[f"{k}_quotes"] = r["quotes"]
        if k != "default":
            figures[f"{k}_cost_over_default"] = round(r["seconds"] / base, 2)
    if "accurate_bf16" in runs:
        figures["bf16_speedup_over_fp32"] = round(runs["accurate_fp32"]["seconds"] / runs["accurate_bf16"]["seconds"], 2)
    out = {
        "date": dt.date.today().isoformat(),
        "machine": throughput.machine(),
        "figures": figures,
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
