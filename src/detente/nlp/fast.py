"""Faster drop-in versions of two of spaCy's rule-based components, and a faster
matrix product for its neural ones.

In ``en_core_web_sm`` the attribute ruler (tag → POS and morphology, plus exceptions)
and the rule lemmatizer take about a sixth of the pipeline's time: the ruler runs a
spaCy ``Matcher`` of 180 patterns over every token and then builds a ``Span`` for every
match (every token matches its tag's rule); the lemmatizer tests each candidate form
with ``in`` against a Python list of up to 57,000 words.

These subclasses keep the stock components' rules, tables and results and change only
how the results are written:

* :class:`FastAttributeRuler` compiles the one-token patterns to hash sets, decides the
  rules once per distinct (tag, lower, dep, is_space), applies them in the same order
  (later rules win, attribute by attribute) and writes all tokens with ``Doc.from_array``;
* :class:`FastLemmatizer` memoises the lemma by ``(orth, pos, morph)`` (everything the
  English rule lemmatizer reads), writes the lemmas with ``Doc.from_array``, and looks
  candidate forms up in a set rather than scanning spaCy's word lists.

:func:`speed_up` swaps them in for the stock components of a loaded pipeline, keeping the
names ``attribute_ruler`` and ``lemmatizer``. A test checks on real news that every
token's POS, tag, morphology, lemma and dependency label are the same as the stock
pipeline's.

The neural components (``tok2vec``, the parser's and NER's feature layers, our attribution
tagger) spend most of their time in matrix products, which thinc's ``NumpyOps`` hands to
blis. numpy's own ``matmul`` (OpenBLAS, with kernels picked for the CPU at run time) is
2–3 times faster for these shapes on one thread; :func:`fast_gemm` gives every layer of a
pipeline :class:`MatmulOps`, which differs from ``NumpyOps`` only there. Both are float32
products, so results can differ in the last bits; the same test checks the annotations
stay the same. :func:`one_blas_thread` keeps OpenBLAS to one thread per process: detente
runs one process per core, and a BLAS pool per process would fight over the cores.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from thinc.api import NumpyOps

# The attributes FastAttributeRuler writes; a ruler with any other (NORM, lexical
# attributes, extensions: set on the lexeme too by spaCy) keeps the stock behaviour.
_ARRAY_ATTRS = frozenset({POS, TAG, MORPH, LEMMA, DEP})
# Bound on the lemma memo; it is cleared when full (a worker is recycled anyway).
LEMMA_CACHE_MAX = 500_000


class FastAttributeRuler(AttributeRuler):
    """:class:`spacy.pipeline.AttributeRuler` with the same rules and results, applied
    without the per-match Python work.

    One-token patterns over TAG, LOWER, DEP and IS_SPACE (with ``IN``/``NOT_IN``) are
    compiled to sets of hashes; which rules match a token depends only on those four
    values, so it is worked out once per distinct combination. Other patterns (several
    tokens, regular expressions) stay in a small spaCy ``Matcher``. Rules are applied in
    the stock order (by rule number, later rules win attribute by attribute) and all
    tokens are written at once with ``Doc.from_array``."""

    _compiled: Any = None

    def add(self, patterns: Any, attrs: dict[str, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def _compile(self) -> _CompiledRules:
        if self._compiled is None:
            self._compiled = _CompiledRules(self)
        return self._compiled

    def __call__(self, doc: Doc) -> Doc:
        compiled = self._compile()
        if compiled.fallback or not len(doc):
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            compiled.apply(self, doc)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error-handler protocol
            return error_handler(self.name, self, [doc], e)


# A compiled one-token pattern: (column in _MATCH_ATTRS, value must be inside?, hashes).
_Conds = list[tuple[int, bool, frozenset[int]]]


class _CompiledRules:
    """The attribute ruler's patterns, compiled for :class:`FastAttributeRuler`."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.fallback = any(not _ARRAY_ATTRS.issuperset(a) for a in ruler.attrs)
        self.single: list[tuple[int, _Conds]] = []
        self.residual = Matcher(ruler.vocab)
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            rest = []
            for pattern in ruler.matcher.get(key)[1]:
                conds = _compile_token(pattern[0], strings) if len(pattern) == 1 else None
                if conds is None:
                    rest.append(pattern)
                else:
                    self.single.append((attr_id, conds))
            if rest:
                self.residual.add(key, rest)
        self.indices = list(ruler.indices)
        self.attrs = [dict(a) for a in ruler.attrs]
        # Rules testing LOWER (always by equality or IN) are indexed by each lower form
        # they accept; the rest are general.
        self._by_lower: dict[int, list[tuple[int, _Conds]]] = {}
        self._general: list[tuple[int, _Conds]] = []
        for attr_id, conds in self.single:
            lower = [vals for col, inside, vals in conds if col == _MATCH_KEYS["LOWER"] and inside]
            if lower:
                for value in lower[0]:
                    self._by_lower.setdefault(value, []).append((attr_id, conds))
            else:
                self._general.append((attr_id, conds))
        self._by_key: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[int, int]] = {}

    def _rules_for(self, values: tuple[int, ...]) -> tuple[int, ...]:
        """The rules whose one-token pattern matches a token with these (tag, lower,
        dep, is_space) values. Rules that test LOWER are found through the token's lower
        form; the others are decided once per (tag, dep, is_space)."""
        key = (values[0], values[2], values[3])
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = tuple(
                sorted({a for a, conds in self._general if _holds(conds, values)})
            )
        lexical = self._by_lower.get(values[1])
        if lexical:
            hits = {a for a, conds in lexical if _holds(conds, values)}
            if hits:
                found = tuple(sorted(hits.union(found)))
        return found

    def _merge(self, attr_ids: tuple[int, ...]) -> dict[int, int]:
        merged = self._merged.get(attr_ids)
        if merged is None:
            merged = {}
            for attr_id in attr_ids:
                merged.update(self.attrs[attr_id])
            self._merged[attr_ids] = merged
        return merged

    def apply(self, ruler: AttributeRuler, doc: Doc) -> None:
        extra: dict[int, set[int]] = {}
        strings = ruler.vocab.strings
        for match_id, start, end in self.residual(doc, allow_missing=True):
            attr_id = int(strings[match_id])
            index = self.indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                raise ValueError(f"attribute ruler: index {index} outside its match {start}:{end}")
            extra.setdefault(i, set()).add(attr_id)
        keys = doc.to_array(_MATCH_ATTRS).tolist()
        arr = doc.to_array(_WRITE_ATTRS)
        for i, values in enumerate(keys):
            attr_ids = self._rules_for(tuple(values))
            if i in extra:
                attr_ids = tuple(sorted(extra[i].union(attr_ids)))
            for k, v in self._merge(attr_ids).items():
                arr[i, _WRITE_COL[k]] = v
        doc.from_array(_WRITE_ATTRS, arr)  # type: ignore[arg-type]


_MATCH_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_MATCH_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_WRITE_ATTRS = [POS, TAG, MORPH, LEMMA, DEP]
_WRITE_COL = {k: j for j, k in enumerate(_WRITE_ATTRS)}


def _holds(conds: _Conds, values: tuple[int, ...]) -> bool:
    return all((values[col] in vals) == inside for col, inside, vals in conds)


def _compile_token(spec: dict[str, Any], strings: Any) -> _Conds | None:
    """A one-token pattern as (column, inside, hashes) conditions, or None when it uses
    anything but equality, IN and NOT_IN over TAG, LOWER, DEP and IS_SPACE."""

    def h(value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        return 0 if value == "" else int(strings.add(value))

    conds = []
    for key, value in spec.items():
        if key not in _MATCH_KEYS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                return None
            op, items = next(iter(value.items()))
            if not all(isinstance(v, (str, bool)) for v in items):
                return None
            conds.append((_MATCH_KEYS[key], op == "IN", frozenset(h(v) for v in items)))
        elif isinstance(value, (str, bool)):
            conds.append((_MATCH_KEYS[key], True, frozenset([h(value)])))
        else:
            return None
    return conds


class FastLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, memoised per ``(orth, pos, morph)`` (same results)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        memo = self._memo
        if len(memo) > LEMMA_CACHE_MAX:
            memo.clear()
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.astype(np.uint64))  # type: ignore[arg-type]
        return doc


class _IndexList(list[str]):
    """A lemma index (a list of words in spaCy's tables) whose ``in`` is a set lookup:
    the rule lemmatizer tests each candidate form against lists of up to 57,000 words."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _indexed(lookups: Lookups) -> Lookups:
    """``lookups`` with each part of speech's lemma index as an :class:`_IndexList`
    (the other tables are shared, not copied)."""
    out = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            indexed = Table(name=name)
            for key, words in table.items():
                indexed[key] = _IndexList(words) if isinstance(words, list) else words
            table = indexed
        out.set_table(name, table)
    return out


@Language.factory("detente_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name)


@Language.factory("detente_lemmatizer", default_config={"overwrite": False})
def make_fast_lemmatizer(nlp: Language, name: str, overwrite: bool) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, None, name, mode="rule", overwrite=overwrite)


def speed_up(nlp: Language) -> Language:
    """Replace the stock attribute ruler and English rule lemmatizer of ``nlp`` (when it
    has them) by the faster equivalents above, under the same names."""
    for name, proc in list(nlp.pipeline):
        if type(proc) is AttributeRuler:
            patterns = proc.patterns
            nlp.replace_pipe(name, "detente_attribute_ruler")
            new_ruler = nlp.get_pipe(name)
            assert isinstance(new_ruler, FastAttributeRuler)
            new_ruler.add_patterns(patterns)
        elif type(proc) is EnglishLemmatizer and proc.mode == "rule":
            lookups = proc.lookups
            nlp.replace_pipe(name, "detente_lemmatizer", config={"overwrite": proc.overwrite})
            new_lem = nlp.get_pipe(name)
            assert isinstance(new_lem, FastLemmatizer)
            new_lem.lookups = _indexed(lookups)
            new_lem._validate_tables()
    return nlp


class MatmulOps(NumpyOps):
    """thinc's ``NumpyOps`` with ``gemm`` done by ``numpy.matmul`` instead of blis."""

    def gemm(
        self, x: np.ndarray, y: np.ndarray, out: np.ndarray | None = None, trans1: bool = False, trans2: bool = False
    ) -> np.ndarray:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


_MATMUL_OPS = MatmulOps()


def fast_gemm(nlp: Language) -> Language:
    """Every layer of every component of ``nlp`` multiplies with :class:`MatmulOps`
    (unless ``$DETENTE_FAST_GEMM`` is ``0``). Call it again after adding a component."""
    if os.environ.get("DETENTE_FAST_GEMM", "1") == "0":
        return nlp
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = _MATMUL_OPS
    return nlp


BLAS_THREADS_ENV = "DETENTE_BLAS_THREADS"


def one_blas_thread() -> None:
    """Limit BLAS to ``$DETENTE_BLAS_THREADS`` threads (default 1) in this process."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=int(os.environ.get(BLAS_THREADS_ENV, "1")), user_api="blas")
