from __future__ import annotations

import random
import time

import numpy as np

from detente.ingest import Deduplicator
from detente.ingest.dedup import MinHasher, lsh_bands
from detente.models import Article

BASE = (
    "The foreign ministers of Russia and Ukraine met in Geneva on Tuesday for the first direct talks in "
    "more than a year, officials from both sides said after the meeting ended late in the evening. "
    "The Russian minister told reporters that a prisoner exchange could take place within weeks if both "
    "governments approved the list, and the Ukrainian delegation presented a detailed ceasefire proposal."
)


def test_exact_and_near_duplicates() -> None:
    d = Deduplicator()
    a = Article(text=BASE)
    assert d.check(a) is None
    # exact after normalisation: case, punctuation and whitespace differ
    b = Article(text=BASE.upper().replace(",", "").replace(" ", "  "))
    assert d.check(b) == a.id and b.duplicate_of == a.id
    # near: a one-word edit and a trailing credit line
    c = Article(text=BASE.replace("Tuesday", "Wednesday") + " Reporting by Jane Reporter.")
    assert d.check(c) == a.id
    other = Article(text="China and India agreed to resume border patrols along the disputed frontier, "
                    "officials in Beijing and New Delhi said on Friday after months of negotiations.")
    assert d.check(other) is None
    assert d.check(Article(text="Totally different short note about weather.")) is None


def test_roughly_linear() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(5000)]
    docs = [Article(text=" ".join(rng.choice(vocab) for _ in range(150))) for _ in range(1200)]
    d = Deduplicator()
    t = time.perf_counter()
    for doc in docs[:300]:
        assert d.check(doc) is None
    t300 = time.perf_counter() - t
    t = time.perf_counter()
    for doc in docs[300:]:
        assert d.check(doc) is None
    t900 = time.perf_counter() - t
    assert t900 < 3 * t300 * 2.5  # 3x the documents, well under quadratic growth (9x)


def test_lsh_bands_balance_false_positives_and_negatives() -> None:
    # the choice datasketch's MinHashLSH makes for these settings (its optimiser, weights 0.5/0.5)
    assert lsh_bands(0.6, 128) == (18, 7)
    b, r = lsh_bands(0.6, 256)
    assert b * r <= 256
    # a pair at the threshold shares a band about half the time; far below, rarely; far above, almost surely
    def share(s: float) -> float:
        return 1 - (1 - s**r) ** b

    assert share(0.3) < 0.05 and 0.3 < share(0.6) < 0.9 and share(0.8) > 0.99


def test_minhash_estimates_jaccard_and_is_the_same_in_every_process() -> None:
    rng = random.Random(5)
    errors = []
    for seed in range(40):
        hasher = MinHasher(256, seed=seed)
        a = {f"g{rng.random()}" for _ in range(300)}
        b = set(sorted(a)[:240]) | {f"x{rng.random()}" for _ in range(60)}
        true = len(a & b) / len(a | b)
        errors.append(float(np.mean(hasher.signature(a) == hasher.signature(b))) - true)
    assert abs(float(np.mean(errors))) < 0.02 and max(abs(e) for e in errors) < 0.12
    # seeded: two hashers with one seed agree (signatures compare across runs and processes)
    assert (MinHasher(64).signature({"a b c"}) == MinHasher(64).signature({"a b c"})).all()
