"""Exact and near-duplicate detection.

Exact: SHA-1 of the text normalised (case-folded, punctuation dropped, whitespace
collapsed). Near: MinHash over word 3-shingles with LSH banding, candidates confirmed by
estimated Jaccard >= ``threshold``. Each check is one MinHash and one LSH query, so a run is
roughly linear in the number of articles.

The MinHash and the LSH are ours, in numpy (a few lines; the scheme of datasketch, which
this module used before): importing datasketch imports scipy, half a second of every
ingest run's start-up, and its per-object Python made the hashing slower than ours.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from detente.models import Article

_WORD = re.compile(r"\w+", re.UNICODE)

#: the hash family is h(x) = ((a * x + b) mod p) mod 2^32 over the 32-bit SHA-1 prefix x
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def normalise(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class MinHasher:
    """``num_perm`` hash functions, drawn once from ``seed``: the same seed gives the same
    signatures in every process (so they can be compared across runs and machines)."""

    def __init__(self, num_perm: int = 256, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        # a, b < 2^32 and x < 2^32: a * x + b < 2^64, no overflow in uint64
        self.a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)

    def signature(self, shingles: set[str]) -> np.ndarray:
        """The minimum of each hash function over the shingles (``num_perm`` values)."""
        x = np.fromiter(
            (int.from_bytes(hashlib.sha1(g.encode("utf-8", "surrogatepass")).digest()[:4], "little") for g in shingles),
            dtype=np.uint64,
            count=len(shingles),
        )
        sig = ((np.outer(x, self.a) + self.b) % _PRIME & _MAX_HASH).min(axis=0)
        return sig.astype(np.uint32)  # the values fit: half the memory of each kept signature


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` (``b * r <= num_perm``) that minimise the area of false
    positives (pairs below ``threshold`` that share a band) plus false negatives (pairs
    above it that share none), as datasketch chooses them: a pair of similarity s shares a
    band with probability 1 - (1 - s^r)^b."""
    grid = np.linspace(0.0, 1.0, 2001)
    below, above = grid <= threshold, grid >= threshold
    best: tuple[float, int, int] | None = None
    for r in range(1, num_perm + 1):
        b = np.arange(1, num_perm // r + 1)[:, None]
        p = 1.0 - (1.0 - grid**r) ** b  # one row per band count
        err = np.mean(p * below, axis=1) + np.mean((1.0 - p) * above, axis=1)
        i = int(np.argmin(err))
        if best is None or err[i] < best[0]:
            best = (float(err[i]), i + 1, r)
    assert best is not None
    return best[1], best[2]


class Deduplicator:
    """Feed articles in order; :meth:`check` returns the id of the article an article
    duplicates (and sets its ``duplicate_of``), or None and remembers it."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 256, shingle: int = 3) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._exact: dict[str, str] = {}
        self._hasher = MinHasher(num_perm)
        # a lower LSH threshold for candidate recall; candidates are then confirmed
        self._bands, self._rows = lsh_bands(max(0.5, threshold - 0.2), num_perm)
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(self._bands)]
        self._signatures: list[np.ndarray] = []  # by LSH key (the order of insertion)
        self._ids: list[str] = []  # LSH key -> article id

    def _minhash(self, words: list[str]) -> np.ndarray:
        k = self.shingle
        return self._hasher.signature({" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))})

    def _band_keys(self, sig: np.ndarray) -> list[bytes]:
        r = self._rows
        return [sig[i * r : (i + 1) * r].tobytes() for i in range(self._bands)]

    def check(self, article: Article) -> str | None:
        text = article.text[: article.body_end] if article.body_end is not None else article.text
        words = normalise(text)
        digest = hashlib.sha1(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()
        original = self._exact.get(digest)
        if original is None and len(words) >= self.shingle * 2:
            sig = self._minhash(words)
            bands = self._band_keys(sig)
            candidates = {key for table, band in zip(self._tables, bands, strict=True) for key in table.get(band, ())}
            best: tuple[float, int] | None = None
            for key in candidates:
                sim = float(np.mean(sig == self._signatures[key]))
                if sim >= self.threshold and (best is None or key < best[1]):
                    best = (sim, key)
            if best is not None:
                original = self._ids[best[1]]
            else:
                key = len(self._ids)
                for table, band in zip(self._tables, bands, strict=True):
                    table.setdefault(band, []).append(key)
                self._signatures.append(sig)
                self._ids.append(article.id)
        if original is not None:
            article.duplicate_of = original
            return original
        self._exact[digest] = article.id
        return None

    def __len__(self) -> int:
        return len(self._exact)
