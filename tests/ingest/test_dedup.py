from __future__ import annotations

import random
import time

from detente.ingest import Deduplicator
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
