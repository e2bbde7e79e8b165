"""A small statistical attribution tagger: SOURCE / CUE / CONTENT spans.

The model (``nlp/models/attribution/``, package data) is a spaCy pipeline of its own —
a blank English tokenizer, a sentencizer, a hash-embedding CNN ``tok2vec`` and an ``ner``
component with the labels ``SOURCE``, ``CUE`` and ``CONTENT`` — trained on the PolNeAR
train split by ``train/polnear_tagger.py`` (see the ``meta.json`` next to the weights for
the training data, date and held-out figures). It needs no parse, so it runs beside the
rule-based :mod:`detente.nlp.quotes` rather than on top of it.

- :func:`tag` gives the labelled character spans of a text;
- :func:`attributions` groups each CONTENT span with the nearest SOURCE and CUE in the
  same or an adjacent sentence (content pieces split by a cue — ``"X," he said, "Y"`` —
  are joined into one);
- :func:`merge_with_rules` adds to the rule-based quotes the tagged contents that overlap
  none of them.

The conversion of brat attributions to non-overlapping labelled spans
(:func:`gold_spans`) and to token BIO tags (:func:`bio_tags`) lives here too, so the
training script and the tests share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from detente.models import Quote, QuoteKind, Span, Speaker

Label = Literal["SOURCE", "CUE", "CONTENT"]
LABELS: tuple[Label, ...] = ("SOURCE", "CUE", "CONTENT")
# the model's own label for a content piece continuing the previous content
CONTINUATION = "CONTENT_CONT"
_ROLE_LABEL: dict[str, Label] = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
QUOTE_CHARS = frozenset("\"'“”‘’«»„‟‹›")
_EDGE_PUNCT = " \t\n"


@dataclass(frozen=True, slots=True)
class Tagged:
    """A labelled character span. ``continues`` marks a CONTENT piece that goes on the
    content before it (the second half of ``"X," he said, "Y."``)."""

    label: Label
    start: int
    end: int
    continues: bool = False


@dataclass(frozen=True, slots=True)
class TaggedAttribution:
    content: Tagged
    source: Tagged | None = None
    cue: Tagged | None = None


# --- the model -------------------------------------------------------------------------------


def model_dir() -> Path:
    return Path(str(resources.files("detente"))) / "nlp" / "models" / "attribution"


@lru_cache(maxsize=1)
def load_tagger() -> Language | None:
    """The trained pipeline, loaded once; ``None`` when the model directory is absent."""
    path = model_dir()
    if not (path / "config.cfg").is_file():
        return None
    import spacy

    return spacy.load(path)


def tag(text: str, *, end: int | None = None) -> list[Tagged]:
    """The SOURCE / CUE / CONTENT spans of ``text[:end]`` (char offsets into ``text``),
    sorted; empty when no model is installed."""
    nlp = load_tagger()
    if nlp is None:
        return []
    doc = nlp(text if end is None else text[:end])
    return spans_of(doc)


def spans_of(doc: Doc) -> list[Tagged]:
    out: list[Tagged] = []
    for ent in doc.ents:
        s, e = _trim(doc.text, ent.start_char, ent.end_char)
        if e <= s:
            continue
        if ent.label_ == CONTINUATION:
            out.append(Tagged("CONTENT", s, e, continues=True))
        elif ent.label_ in LABELS:
            out.append(Tagged(ent.label_, s, e))
    return sorted(out, key=lambda t: (t.start, t.end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


# --- grouping --------------------------------------------------------------------------------

_SENT_BREAK = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n")


def _sentence_ids(text: str, tagged: Sequence[Tagged], doc: Doc | None = None) -> list[int]:
    """A sentence number for each span (its start), from ``doc.sents`` when given."""
    if doc is not None and doc.has_annotation("SENT_START"):
        starts = [s.start_char for s in doc.sents]
    else:
        starts = [0] + [m.end() for m in _SENT_BREAK.finditer(text)]
    import bisect

    return [bisect.bisect_right(starts, t.start) - 1 for t in tagged]


def group(text: str, tagged: Sequence[Tagged], doc: Doc | None = None) -> list[TaggedAttribution]:
    """Each CONTENT span with the nearest SOURCE and CUE in the same or adjacent sentence.

    A content piece that ``continues`` is joined to the content before it when that one
    is in the same or an adjacent sentence (``"X," he said. "Y."`` is one content)."""
    tagged = sorted(tagged, key=lambda t: (t.start, t.end))
    sid = dict(zip(tagged, _sentence_ids(text, tagged, doc), strict=True))
    merged: list[Tagged] = []
    first_sid: dict[Tagged, int] = {}
    last_sid: dict[Tagged, int] = {}
    for c in (t for t in tagged if t.label == "CONTENT"):
        if c.continues and merged and sid[c] - last_sid[merged[-1]] <= 1:
            prev = merged.pop()
            joined = Tagged("CONTENT", prev.start, c.end)
            first_sid[joined], last_sid[joined] = first_sid[prev], sid[c]
            merged.append(joined)
        else:
            plain = Tagged("CONTENT", c.start, c.end)
            first_sid[plain] = last_sid[plain] = sid[c]
            merged.append(plain)
    sources = [t for t in tagged if t.label == "SOURCE"]
    cues = [t for t in tagged if t.label == "CUE"]
    out: list[TaggedAttribution] = []
    for c in merged:
        s0 = first_sid[c]
        cue = _nearest(c, cues, sid, sentence_of=s0)
        # the source nearest the cue when there is one (the cue's subject), else the content
        anchor = cue if cue is not None else c
        source = _nearest(anchor, sources, sid, sentence_of=s0)
        out.append(TaggedAttribution(c, source, cue))
    return out


def _distance(a: Tagged, b: Tagged) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _nearest(
    anchor: Tagged, pool: Sequence[Tagged], sid: dict[Tagged, int], *, sentence_of: int
) -> Tagged | None:
    s0 = sentence_of
    best: tuple[int, int, int] | None = None
    pick: Tagged | None = None
    for t in pool:
        ds = abs(sid[t] - s0)
        if ds > 1:
            continue
        key = (ds, _distance(anchor, t), t.start)
        if best is None or key < best:
            best, pick = key, t
    return pick


def attributions(text: str, *, end: int | None = None) -> list[TaggedAttribution]:
    """Tagged attributions of ``text[:end]``: contents with their source and cue."""
    nlp = load_tagger()
    if nlp is None:
        return []
    doc = nlp(text if end is None else text[:end])
    return group(doc.text, spans_of(doc), doc)


# --- to Quotes -------------------------------------------------------------------------------


def _kind(text: str, start: int, end: int) -> QuoteKind:
    s, e = start, end
    while s < e and text[s] in "([—–- ":
        s += 1
    while e > s and text[e - 1] in ".,;:!?…)]—–- ":
        e -= 1
    if s >= e:
        return "indirect"
    opens = text[s] in QUOTE_CHARS or (start > 0 and text[start - 1] in QUOTE_CHARS)
    closes = text[e - 1] in QUOTE_CHARS or (end < len(text) and text[end] in QUOTE_CHARS)
    if opens and closes:
        return "direct"
    if any(ch in QUOTE_CHARS for ch in text[s:e]):
        return "mixed"
    return "indirect"


def to_quote(text: str, a: TaggedAttribution) -> Quote:
    speaker = Speaker(Span.of(text, a.source.start, a.source.end)) if a.source else None
    cue = Span.of(text, a.cue.start, a.cue.end) if a.cue else None
    c = a.content
    return Quote(
        content=Span.of(text, c.start, c.end), speaker=speaker, cue=cue, kind=_kind(text, c.start, c.end)
    )


def to_quotes(text: str, tagged: Iterable[TaggedAttribution]) -> list[Quote]:
    return [to_quote(text, a) for a in tagged]


def merge_with_rules(rule_quotes: list[Quote], tagged: list[TaggedAttribution], text: str) -> list[Quote]:
    """The rule-based quotes, plus the tagged contents that overlap none of them (as
    :class:`Quote` with the tagged source and cue), sorted by content start."""
    out = list(rule_quotes)
    for a in tagged:
        c = a.content
        if any(q.content.start < c.end and c.start < q.content.end for q in rule_quotes):
            continue
        out.append(to_quote(text, a))
    return sorted(out, key=lambda q: (q.content.start, q.content.end))


# --- gold conversion (training and tests) ----------------------------------------------------


def gold_spans(attributions: Iterable[object], text: str | None = None) -> list[Tagged]:
    """Non-overlapping labelled spans from gold attributions (objects with ``content``,
    ``source`` and ``cue`` segment tuples, such as :class:`detente.eval.polnear.GoldAttribution`).

    Each segment becomes one span, whitespace-trimmed when ``text`` is given; the second
    and later segments of a content are marked ``continues``. PolNeAR is
    nearly univocal; where spans still overlap, the first placed wins, in the order
    sources, cues, then contents (shortest first), so a nested attribution keeps its
    own source and cue."""
    cands: list[tuple[int, int, int, Label, bool]] = []  # (priority, start, end, label, continues)
    prio = {"SOURCE": 0, "CUE": 1, "CONTENT": 2}
    for a in attributions:
        for role, label in _ROLE_LABEL.items():
            for i, (s, e) in enumerate(sorted(getattr(a, role))):
                if text is not None:
                    s, e = _trim(text, s, e)
                if e > s:
                    cands.append((prio[label], s, e, label, label == "CONTENT" and i > 0))
    cands.sort(key=lambda c: (c[0], c[2] - c[1], c[1]))
    taken: list[Tagged] = []
    for _, s, e, label, cont in cands:
        if any(s < t.end and t.start < e for t in taken):
            continue
        taken.append(Tagged(label, s, e, cont))
    return sorted(taken, key=lambda t: (t.start, t.end))


def ner_label(t: Tagged) -> str:
    """The model's label of a span (continuing content pieces have their own)."""
    return CONTINUATION if t.continues else t.label


def bio_tags(doc: Doc, spans: Iterable[Tagged]) -> list[str]:
    """Token BIO tags (``B-CONTENT``, ``I-CONTENT``, ``O``...) of ``doc`` for the spans;
    a span covers the tokens it touches (alignment ``expand``)."""
    tags = ["O"] * len(doc)
    for t in spans:
        sp = doc.char_span(t.start, t.end, alignment_mode="expand")
        if sp is None or any(tags[i] != "O" for i in range(sp.start, sp.end)):
            continue
        for i in range(sp.start, sp.end):
            tags[i] = ("B-" if i == sp.start else "I-") + ner_label(t)
    return tags
