"""Exact and near-duplicate detection.

Exact: SHA-1 of the text normalised (case-folded, punctuation dropped, whitespace
collapsed). Near: MinHash over word 3-shingles with LSH (datasketch), candidates confirmed
by estimated Jaccard >= ``threshold``. Each check is one MinHash and one LSH query, so a
run is roughly linear in the number of articles.
"""

from __future__ import annotations

import hashlib
import re

from detente.models import Article

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class Deduplicator:
    """Feed articles in order; :meth:`check` returns the id of the article an article
    duplicates (and sets its ``duplicate_of``), or None and remembers it."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle: int = 3) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._exact: dict[str, str] = {}
        # a lower LSH threshold for candidate recall; candidates are then confirmed
        self._lsh = MinHashLSH(threshold=max(0.5, threshold - 0.2), num_perm=num_perm)
        self._hashes: dict[str, object] = {}  # LeanMinHash: the hash values only
        # one set of permutations for every MinHash (datasketch draws them per object, which
        # cost more than hashing an article and kept 2 KB per article)
        template = MinHash(num_perm=num_perm)
        self._mh_args: dict[str, object] = {"permutations": template.permutations}
        if hasattr(template, "scheme"):  # datasketch >= 2.0 asks which scheme they belong to
            self._mh_args["scheme"] = template.scheme
        self._ids: dict[str, str] = {}  # LSH key -> article id
        self._n = 0

    def _minhash(self, words: list[str]) -> object:
        from datasketch import LeanMinHash, MinHash

        k = self.shingle
        grams = {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}
        mh = MinHash(num_perm=self.num_perm, **self._mh_args)
        mh.update_batch([g.encode("utf-8") for g in grams])
        return LeanMinHash(mh)

    def check(self, article: Article) -> str | None:
        text = article.text[: article.body_end] if article.body_end is not None else article.text
        words = normalise(text)
        digest = hashlib.sha1(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()
        original = self._exact.get(digest)
        if original is None and len(words) >= self.shingle * 2:
            mh = self._minhash(words)
            best: tuple[float, int, str] | None = None
            for key in self._lsh.query(mh):
                sim = float(mh.jaccard(self._hashes[key]))  # type: ignore[attr-defined]
                order = int(key)
                if sim >= self.threshold and (best is None or order < best[1]):
                    best = (sim, order, key)
            if best is not None:
                original = self._ids[best[2]]
            else:
                key = str(self._n)
                self._n += 1
                self._lsh.insert(key, mh)
                self._hashes[key] = mh
                self._ids[key] = article.id
        if original is not None:
            article.duplicate_of = original
            return original
        self._exact[digest] = article.id
        return None

    def __len__(self) -> int:
        return len(self._exact)
