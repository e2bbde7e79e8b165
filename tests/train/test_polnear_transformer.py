"""`make train`'s transformer script, run for real on a few PolNeAR train articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from detente.eval.base import shared_dir

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "train" / "polnear_transformer.py"

pytest.importorskip("transformers")


@pytest.mark.slow
@pytest.mark.shared
def test_all_fits_every_article_and_writes_weights_the_tagger_loads(tmp_path: Path) -> None:
    shared = shared_dir()
    if not (shared / "gold" / "polnear" / "train").is_dir():
        pytest.skip("PolNeAR gold not available")
    from detente.nlp import attribution_trf as trf

    try:
        trf.base_model_dir()
    except OSError as exc:
        pytest.skip(str(exc))
    out = tmp_path / "model"
    args = ["--shared", str(shared), "--all", "--limit", "3", "--epochs", "1", "--train-layers", "1", "--out", str(out)]
    proc = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "0 held out" in proc.stdout
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["articles"] == 3
    assert meta["training_data"]["held_out_articles"] == 0
    assert meta["hyperparameters"]["best_epoch"] == 1  # the last epoch, none to choose on
    tagger = trf.TransformerTagger(out)
    (spans,) = tagger.tag_texts(["The minister said the talks would resume."])
    assert all(0 <= t.start < t.end <= 41 and 0.0 <= t.score <= 1.0 for t in spans)
