"""The train/held-out split the training scripts share (train/polnear_tagger.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from detente.eval.polnear import GoldArticle

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "train"))
from polnear_tagger import split_train  # noqa: E402


def _articles(n: int) -> list[GoldArticle]:
    return [GoldArticle(name=f"a{i:03d}", text="", published=None, attributions=[]) for i in range(n)]


def test_folds_hold_out_disjoint_tenths_and_fold_0_is_the_shipped_split() -> None:
    arts = _articles(95)
    held = [{a.name for a in split_train(arts, fold=k)[1]} for k in range(9)]
    assert all(len(h) == 10 for h in held)
    assert all(not (held[i] & held[j]) for i in range(9) for j in range(i + 1, 9))
    fit, held0 = split_train(arts)
    assert {a.name for a in held0} == held[0]
    assert {a.name for a in fit} | held[0] == {a.name for a in arts} and not ({a.name for a in fit} & held[0])
    # the same names in another order give the same split
    assert {a.name for a in split_train(arts[::-1], fold=3)[1]} == held[3]


def test_a_fold_past_the_end_is_an_error() -> None:
    with pytest.raises(ValueError, match="fold 10"):
        split_train(_articles(95), fold=10)
