"""A small statistical attribution tagger: SOURCE / CUE / CONTENT spans.

The model (``nlp/models/attribution/``, package data) is a transition-based span tagger
(spaCy's ``ner`` with the labels ``SOURCE``, ``CUE`` and ``CONTENT``) trained on the PolNeAR
train split by ``train/polnear_tagger.py`` (see the ``meta.json`` next to the weights for
the training data, date and held-out figures). It *listens* to the main English
pipeline's ``tok2vec`` — frozen during training — so at run time it costs one small window
encoder and the transition steps, not a second pass over the text. It needs no parse, so
it runs beside the rule-based :mod:`detente.nlp.quotes` rather than on top of it.

- the ``detente_attribution`` pipeline component (added by :func:`detente.nlp.model.load_model`
  unless ``DETENTE_TAGGER=0``) writes the spans to ``doc.spans["attribution"]``, leaving
  ``doc.ents`` as the main NER set them;
- :func:`spans_of` gives the labelled character spans of a tagged doc;
- :func:`group` pairs each CONTENT span with the nearest SOURCE and CUE in the same or an
  adjacent sentence (content pieces split by a cue — ``"X," he said, "Y"`` — are joined);
- :func:`merge_with_rules` adds to the rule-based quotes the tagged contents that overlap
  none of them.

The conversion of brat attributions to non-overlapping labelled spans
(:func:`gold_spans`) and to token BIO tags (:func:`bio_tags`) lives here too, so the
training script and the tests share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import minibatch, registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d

from detente.models import Quote, QuoteKind, Span, Speaker
from detente.nlp.model import doc_sents, doc_text

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
    content before it (the second half of ``"X," he said, "Y."``). ``score`` is the
    tagger's confidence in it, 0 to 1 (1 where the tagger gives none)."""

    label: Label
    start: int
    end: int
    continues: bool = False
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class TaggedAttribution:
    content: Tagged
    source: Tagged | None = None
    cue: Tagged | None = None


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-blank blocks between blank lines."""
    out: list[tuple[int, int]] = []
    pos = 0
    for block in text.split("\n\n"):
        s, e = pos, pos + len(block)
        pos = e + 2
        if block.strip():
            out.append((s, e))
    return out


# --- the model -------------------------------------------------------------------------------

SPANS_KEY = "attribution"
# the tagger's confidence in each span of doc.spans[SPANS_KEY], in order (SpanGroup.attrs)
SCORES_ATTR = "scores"


@registry.architectures("detente.ListenerEncoder.v1")
def listener_encoder(
    width: int, depth: int, window_size: int, maxout_pieces: int, upstream: str = "*", embed_rows: int = 0
) -> Model[list[Doc], list[Floats2d]]:
    """The upstream ``tok2vec``'s vectors (via a listener) — plus, with ``embed_rows``, a
    hash embedding of the tagger's own (NORM, PREFIX, SUFFIX, SHAPE) mixed in — then
    ``depth`` residual window-encoder layers of the tagger's own: the shared vectors were
    trained for tagging and parsing, the extra layers adapt them to attribution."""
    listener = Tok2VecListener(upstream_name=upstream, width=width)
    inputs: Model[list[Doc], list[Floats2d]] = listener
    if embed_rows:
        rows = [embed_rows, embed_rows // 5, embed_rows // 2, embed_rows // 2]
        embed = MultiHashEmbed(width, ["NORM", "PREFIX", "SUFFIX", "SHAPE"], rows, include_static_vectors=False)
        mix = Maxout(width, 2 * width, nP=maxout_pieces, normalize=True)
        inputs = chain(concatenate(listener, embed), with_array(mix))
    if depth == 0:
        return inputs
    encoder = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
    model: Model[list[Doc], list[Floats2d]] = chain(inputs, with_array(encoder))  # type: ignore[type-var]
    model.set_dim("nO", width)
    return model


def model_dir() -> Path:
    return Path(str(resources.files("detente"))) / "nlp" / "models" / "attribution"


@lru_cache(maxsize=2)
def load_tagger(path: str | None = None) -> Language | None:
    """The trained pipeline (its ``ner`` only; the vectors come from the main pipeline),
    loaded once; ``None`` when the model directory is absent."""
    where = Path(path) if path else model_dir()
    if not (where / "config.cfg").is_file():
        return None
    import spacy

    return spacy.load(where)


class AttributionTagger:
    """Pipeline component: tags SOURCE / CUE / CONTENT spans into ``doc.spans["attribution"]``.

    Runs after the main ``tok2vec`` (it reads ``doc.tensor``) and leaves ``doc.ents`` as the
    main NER set them. (Tagging only the sentences with a cue word or a quote mark was
    tried: in news that is 85% of the tokens, and cutting the sentences out cost more than
    it saved.)"""

    def __init__(self, nlp: Language, name: str, model: str = "") -> None:
        tagger = load_tagger(model or None)
        if tagger is None:
            raise OSError(f"no attribution model in {model or model_dir()}")
        self.name = name
        self.ner = tagger.get_pipe("ner")
        for label in self.ner.labels:  # type: ignore[attr-defined]
            nlp.vocab.strings.add(label)  # the span labels are looked up in the main vocab

    @property
    def model(self) -> Model:
        """The tagger's network (so that pipeline-wide settings such as
        :func:`detente.nlp.fast.fast_gemm` reach it)."""
        return self.ner.model  # type: ignore[attr-defined]

    def __call__(self, doc: Doc) -> Doc:
        self._tag([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._tag(batch)
            yield from batch

    def _tag(self, docs: list[Doc]) -> None:
        saved = [doc.ents for doc in docs]
        for doc in docs:  # the main NER's entities would constrain the transitions: unset them
            doc.set_ents([], default="missing")
        self.ner.set_annotations(docs, self.ner.predict(docs))  # type: ignore[attr-defined]
        for doc, ents in zip(docs, saved, strict=True):
            doc.spans[SPANS_KEY] = list(doc.ents)
            doc.set_ents(list(ents), default="outside")


@Language.factory("detente_attribution", default_config={"model": ""})
def make_attribution_tagger(nlp: Language, name: str, model: str) -> AttributionTagger:
    return AttributionTagger(nlp, name, model)


def tagged_spans(doc: Doc, *, end: int | None = None) -> list[Tagged]:
    """The tagged spans of a doc the ``detente_attribution`` component has run on, those
    ending by ``end``; empty when it has not."""
    if SPANS_KEY not in doc.spans:
        return []
    spans = doc.spans[SPANS_KEY]
    scores = spans.attrs.get(SCORES_ATTR)
    return [t for t in _labelled(doc_text(doc), spans, scores) if end is None or t.end <= end]


def spans_of(doc: Doc) -> list[Tagged]:
    """The labelled spans of a doc: ``doc.spans["attribution"]`` when the component ran,
    else ``doc.ents`` (the tagger pipeline run on its own, as in training)."""
    if SPANS_KEY in doc.spans:
        return tagged_spans(doc)
    return _labelled(doc_text(doc), doc.ents)


def _labelled(text: str, spans: Iterable[SpacySpan], scores: Sequence[float] | None = None) -> list[Tagged]:
    """Tagged spans from spaCy spans (with ``scores``, one per span, when the tagger gave them)."""
    out: list[Tagged] = []
    for k, ent in enumerate(spans):
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e <= s:
            continue
        score = float(scores[k]) if scores is not None and k < len(scores) else 1.0
        if ent.label_ == CONTINUATION:
            out.append(Tagged("CONTENT", s, e, continues=True, score=score))
        elif ent.label_ in LABELS:
            out.append(Tagged(ent.label_, s, e, score=score))
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
        starts = [s.start_char for s in doc_sents(doc)]
    else:
        starts = [0] + [m.end() for m in _SENT_BREAK.finditer(text)]
    import bisect

    return [bisect.bisect_right(starts, t.start) - 1 for t in tagged]


def group(
    text: str, tagged: Sequence[Tagged], doc: Doc | None = None, *, source_sentences: int = 1
) -> list[TaggedAttribution]:
    """Each CONTENT span with the nearest CUE in the same or an adjacent sentence, and the
    SOURCE nearest that cue (else the content) within ``source_sentences`` sentences of the
    content's (within one for a quoted content, whose speaker is often named in the next).

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
            joined = Tagged("CONTENT", prev.start, c.end, score=min(prev.score, c.score))
            first_sid[joined], last_sid[joined] = first_sid[prev], sid[c]
            merged.append(joined)
        else:
            plain = Tagged("CONTENT", c.start, c.end, score=c.score)
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
        reach = 1 if _quoted(text, c) else source_sentences
        source = _nearest(anchor, sources, sid, sentence_of=s0, max_ds=reach)
        out.append(TaggedAttribution(c, source, cue))
    return out


def _distance(a: Tagged, b: Tagged) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _quoted(text: str, c: Tagged) -> bool:
    return text[c.start : c.start + 1] in QUOTE_CHARS or text[max(0, c.start - 1) : c.start] in QUOTE_CHARS


def _nearest(
    anchor: Tagged, pool: Sequence[Tagged], sid: dict[Tagged, int], *, sentence_of: int, max_ds: int = 1
) -> Tagged | None:
    s0 = sentence_of
    best: tuple[int, int, int] | None = None
    pick: Tagged | None = None
    for t in pool:
        ds = abs(sid[t] - s0)
        if ds > max_ds:
            continue
        key = (ds, _distance(anchor, t), t.start)
        if best is None or key < best:
            best, pick = key, t
    return pick


def attributions(doc: Doc, *, end: int | None = None, source_sentences: int = 1) -> list[TaggedAttribution]:
    """Tagged attributions of a doc an attribution component has run on (contents with
    their source and cue), those ending by ``end``; see :func:`group`."""
    return group(doc_text(doc), tagged_spans(doc, end=end), doc, source_sentences=source_sentences)


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
