"""detente.nlp.fast: the faster attribute ruler, lemmatizer and matrix product give the
stock results."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from tests.ingest.helpers import shared_path

from detente.nlp.fast import FastAttributeRuler, FastLemmatizer, MatmulOps, fast_gemm, speed_up
from detente.nlp.model import load_model, model_name

# Sentences written to reach the ruler's exception rules (contractions, multi-token
# patterns, expletive "there", pronoun case by dependency, whitespace tokens, "do" as a
# main verb) and the lemmatizer's branches (irregular plurals and verbs, proper nouns).
EDGE_TEXTS = [
    "There is no deal, and there aren't any talks: we're gonna wait, y'all.",
    "Let's go. C'mon, ain't nothin' gonna stop us; I gotta say it to you.",
    "The ministers did their work and have done it well; do they know it?",
    "Children's geese ran.  Mice were seen\n\nby the   women who'd left.",
    "The Kremlin's spokesman, Dmitry Peskov, said Moscow wouldn't attend the talks in Geneva.",
    "Whether or not it rains, since he's the best, they'll win whilst we sleep.",
]


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, str(t.head.i), t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    name = model_name()
    return spacy.load(name), fast_gemm(speed_up(spacy.load(name)))


def test_speed_up_swaps_the_components_and_keeps_their_names(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)


def test_the_pipeline_detente_loads_is_sped_up() -> None:
    nlp = load_model()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    for name in ("tok2vec", "parser", "ner", *[n for n in nlp.pipe_names if n == "detente_attribution"]):
        layers = list(nlp.get_pipe(name).model.walk())  # type: ignore[attr-defined]
        assert layers and all(isinstance(node.ops, MatmulOps) for node in layers), name


def test_matmul_ops_multiplies_like_numpy_ops() -> None:
    import numpy as np
    from thinc.api import NumpyOps

    rng = np.random.default_rng(7)
    x, y = rng.random((37, 19), dtype=np.float32), rng.random((23, 19), dtype=np.float32)
    want = NumpyOps().gemm(x, y, trans2=True)
    assert np.allclose(MatmulOps().gemm(x, y, trans2=True), want, atol=1e-5)
    out = np.zeros((37, 23), dtype=np.float32)
    assert MatmulOps().gemm(x, y, out=out, trans2=True) is out and np.allclose(out, want, atol=1e-5)
    assert np.allclose(MatmulOps().gemm(x, x, trans1=True), NumpyOps().gemm(x, x, trans1=True), atol=1e-4)


def test_loading_the_pipeline_keeps_blas_to_one_thread() -> None:
    from threadpoolctl import threadpool_info

    load_model()
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_same_annotations_as_stock_on_edge_cases(pair: tuple[Language, Language], text: str) -> None:
    stock, fast = pair
    assert _annotations(fast(text)) == _annotations(stock(text))


def test_same_annotations_as_stock_on_real_news(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    root = shared_path("corpus", "bbc")
    files: list[Path] = []
    for section in sorted(p for p in root.iterdir() if p.is_dir()):
        files += sorted(section.glob("*.txt"))[:8]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    assert len(texts) >= 30
    n = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(b) == _annotations(a)
        n += len(a)
    assert n > 10_000


def test_lemmas_the_ruler_sets_are_kept(pair: tuple[Language, Language]) -> None:
    _, fast = pair
    doc = fast("He gets what he got, and it isn't fair.")
    assert [t.lemma_ for t in doc if t.text in ("gets", "got", "is", "n't")] == ["get", "get", "be", "not"]
