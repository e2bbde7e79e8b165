from __future__ import annotations

import pytest

from detente.eval.base import EvalResult, shared_dir
from detente.eval.html import benchmark_metrics, run, shingle_matching


def test_benchmark_metric_matches_reference_definition() -> None:
    assert shingle_matching("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_matching("one two three four five six", "one two three four seven")
    # true shingles: (1234),(2345),(3456); pred: (1234),(2347) -> tp 1, fp 1, fn 2, normalised by 4
    assert (tp, fp, fn) == (0.25, 0.25, 0.5)
    f1, p, r = benchmark_metrics([(0.25, 0.25, 0.5), (1.0, 0.0, 0.0)])
    assert p == pytest.approx(0.75) and r == pytest.approx((1 / 3 + 1) / 2)
    assert f1 == pytest.approx(2 * p * r / (p + r))
    assert shingle_matching("", "") == (0.0, 0.0, 0.0)


def _shared() -> object:
    root = shared_dir()
    if not (root / "html").is_dir():
        pytest.skip(f"shared data not found: {root / 'html'} (set DETENTE_SHARED)")
    return root


@pytest.mark.shared
def test_run_small() -> None:
    result = run(_shared(), limit=10)  # type: ignore[arg-type]
    assert isinstance(result, EvalResult)
    assert result.counts["scrapinghub_pages"] == 10
    assert result.figures["html_f1"] > 0.85
    assert set(result.figures) >= {"html_f1", "html_precision", "html_recall",
                                   "metadata_title_accuracy", "metadata_date_accuracy"}


@pytest.mark.shared
@pytest.mark.slow
def test_run_full_meets_target() -> None:
    result = run(_shared())  # type: ignore[arg-type]
    assert result.counts["scrapinghub_pages"] == 181
    assert result.figures["html_f1"] >= 0.965
    assert result.figures["metadata_title_accuracy"] >= 0.9
    assert result.figures["metadata_date_accuracy"] >= 0.8
