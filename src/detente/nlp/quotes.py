"""Statements: who said (wrote, believes, showed) what, direct and reported.

Loaded data: ``data/cues.yaml`` (cue verbs, nouns and phrases with their cue type).

The sequence over one parsed Doc:

1. quote-mark spans (``quote_spans``): curly, straight, guillemets; pairs that never
   close run to the end of their paragraph (best reading of unbalanced marks);
2. verb cues: a cue verb with a subject and a content clause (``ccomp``), a colon
   ("stated: ..."), an ``about`` phrase ("have spoken about ..."), or an adjacent quote
   ("“...,” he said");
3. ``according to X``: the clause it attaches to;
4. nominal cues pointing back: "This statement by Kremlin spokesman X on November 18"
   attributes the previous sentence;
5. follow-on quotes: a full-sentence quote right after an attributed one continues
   that speaker.

A quote-mark span that none of these attributes is a scare quote ("red lines") and
is not a statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, cast

import yaml
from spacy.tokens import Doc, Token

from detente.models import CueType, Quote, QuoteKind, Span, Speaker, Time
from detente.nlp.actors import ActorIndex, set_off
from detente.nlp.gazetteer import fold, load_gazetteer
from detente.nlp.model import TaggerKind, doc_sents, doc_text, tagger_kind

if TYPE_CHECKING:
    from detente.nlp.attribution_model import TaggedAttribution

_DASH_SIGNATURE = re.compile(r"[ \t]*\n?[ \t]*([―—–]|--)[ \t]*([A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,3})")
# a quotation that is a paragraph of its own, signed on a line of its own ("“…”\n\n- Sanders.";
# fact checks quote the claim so): a hyphen will do there, as the line holds only the name
_SIGNATURE_LINE = re.compile(
    r"[ \t]*\n(?:[ \t]*\n)?[ \t]*([-―—–]|--)[ \t]*([A-Z][\w'’-]*(?:\.?[ \t]+[A-Z][\w'’-]*){0,3})\.?[ \t]*(?=\n|$)"
)
# what may stand before a quotation that opens its paragraph: spaces and opening marks
# (typewriter ''…'' included)
_OPENING_MARKS = " \t\"'“‘«„"
_TRANSCRIPT_LINE = re.compile(r"(?m)^[ \t]*((?:[A-Z][A-Z.'’-]+[ \t]){0,2}[A-Z][A-Z.'’-]{2,}):[ \t]+")
# the accurate tagger's contents shorter than this many words are mostly stray pieces of a
# longer content or of narration (chosen on held-out PolNeAR train articles), except a noun
# or proper noun it gives a source ("Putin praises Trump", "remarks about abortion"):
# held-out content F1 0.744 -> 0.749, end-to-end 0.688 -> 0.692 (one-word contents of
# any part of speech: content 0.746 but end-to-end 0.688, their speakers are worse)
MIN_TAGGED_WORDS = 2
_ONE_WORD_CONTENT_POS = frozenset({"NOUN", "PROPN"})
# ... and those it is less sure of than this (the mean probability of content over the
# span's word pieces) are left out: where a rule found a statement there, the rule's stays
# (held-out PolNeAR train: content F1 0.739 -> 0.746, end-to-end 0.670 -> 0.685; the
# figures are flat from 0.70 to 0.80)
MIN_CONTENT_SCORE = 0.75


_SENT_END = re.compile(r"[.!?][\"”’)]*\s+|\n")
OPEN_MARKS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_CONTENT_DEPS = {"ccomp"}
# "spoke about X", "called for X", "warned of X", "argued against X"
_CONTENT_PREPS = {"about", "of", "for", "against"}
# cue verbs whose bare passive reports a claim with no one named: "X is expected to win",
# "X was said to be ill", "it is believed that X" (not orders, "was told to", purposes, "is
# supposed to", "is intended to", nor a writer's description, "is considered to be good")
_IMPERSONAL_VERBS = {
    "say", "report", "allege", "claim", "predict", "expect", "believe", "think", "know", "fear",
    "understand", "presume", "assume", "estimate", "forecast", "project", "show", "find",
}
_ON_VERBS = {"speak", "comment", "insist", "remark", "elaborate", "reflect", "report"}
# "spoke on condition of anonymity", "spoke on behalf of": how, not what, they said
_NOT_CONTENT_NOUNS = {"condition", "behalf"}
_NOT_CONTENT_ENTS = {"DATE", "TIME", "GPE", "LOC", "PERSON", "ORG", "NORP", "CARDINAL"}


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, CueType]
    nouns: dict[str, CueType]
    phrases: dict[str, CueType]
    raising: frozenset[str] = frozenset()
    object_content: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    try:
        raw = yaml.safe_load(resources.files("detente.data").joinpath("cues.yaml").read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raw = {}

    def table(section: str) -> dict[str, CueType]:
        out: dict[str, CueType] = {}
        for cue_type, words in (raw.get(section) or {}).items():
            for w in words or []:
                out.setdefault(str(w).lower(), cast(CueType, cue_type))
        return out

    verbs = table("verbs") or {"say": "speech", "tell": "speech", "state": "speech", "note": "speech"}
    phrases = table("phrases") or {"according to": "speech"}
    raising = frozenset(str(w).lower() for w in raw.get("raising") or [])
    object_content = frozenset(str(w).lower() for w in raw.get("object_content") or [])
    return Cues(verbs, table("nouns"), phrases, raising, object_content)


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Inner spans (without the marks) of quotations in ``text[start:end]``.

    Never raises; an opening mark with no closing mark before the line ends yields a
    span to the end of that line (a quotation running over several paragraphs opens each
    with a mark, so each paragraph is a span of its own)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        c = text[i]
        if c in "'`" and text.startswith(("''", "``"), i):
            # typewriter style: ''quoted'' or ``quoted''
            line_end = _line_end(text, i, end)
            j = text.find("''", i + 2, line_end)
            if j < 0:
                i = line_end
                continue
            if j > i + 2:
                spans.append((i + 2, j))
            i = j + 2
            continue
        if c in OPEN_MARKS:
            close = OPEN_MARKS.get(c, '"')
            line_end = _line_end(text, i, end)
            j = text.find(close, i + 1, line_end)
            if c == "„" and j < 0:
                j = text.find("”", i + 1, line_end)
            if c == '"' and (k := text.find("”", i + 1, line_end)) >= 0 and (j < 0 or k < j):
                j = k  # mixed marks: "straight open, curly close”
            elif c == "“" and (k := text.find('"', i + 1, line_end)) >= 0 and (j < 0 or (k < j and text[k - 1] in ",.!?…")):
                # “curly open, straight close" - before a curly close too when the straight
                # mark ends a sentence or clause (“A," she said, "B.”: two quotations)
                j = k
            if j < 0:
                if line_end - i > 1 and c != '"':
                    spans.append((i + 1, line_end))
                i = line_end
                continue
            if j > i + 1:
                spans.append((i + 1, j))
            i = j + 1
            continue
        i += 1
    return spans


def _line_end(text: str, i: int, end: int) -> int:
    """Where the line holding position ``i`` ends (quotation marks pair within a line)."""
    j = text.find("\n", i, end)
    return end if j < 0 else j


_QUOTES_KEY = "detente_quotes"


def doc_quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """:func:`quote_spans` of a Doc's whole text, found once per doc: the pipeline, the
    actor finder and the quote finder all read them."""
    spans = doc.user_data.get(_QUOTES_KEY)
    if spans is None:
        spans = doc.user_data[_QUOTES_KEY] = quote_spans(doc_text(doc))
    return list(spans)


def scare_quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """A Doc's quotations too short to be anyone's words: slogans, terms, scare quotes."""
    text = doc_text(doc)
    return [(s, e) for s, e in doc_quote_spans(doc) if not _is_statement_like(text[s:e])]


def _is_statement_like(text: str) -> bool:
    """A quotation long and clause-like enough to be someone's words, not a scare quote."""
    words = re.findall(r"\w+", text)
    return len(words) >= 4


@dataclass
class _Found:
    content: tuple[int, int]  # char offsets
    speaker_tokens: list[Token] | None
    cue: tuple[int, int] | None
    cue_type: CueType
    anchor: int  # char offset used to find the governing time


class QuoteFinder:
    def __init__(
        self, cues: Cues | None = None, *, use_tagger: bool | None = None, tagger: TaggerKind | None = None
    ) -> None:
        self.cues = cues or load_cues()
        # the statistical tagger's spans are used unless DETENTE_TAGGER=0 (they are there when
        # the pipeline has an attribution component, see nlp.model.load_model)
        self.tagger: TaggerKind = tagger or tagger_kind()
        self.use_tagger = self.tagger != "off" if use_tagger is None else use_tagger
        self._text = ""  # the Doc's text, built once per article (Doc.text joins all tokens)

    def __call__(
        self, doc: Doc, index: ActorIndex, times: list[Time], *, end_char: int | None = None
    ) -> list[Quote]:
        text = self._text = doc_text(doc)
        end_char = len(text) if end_char is None else end_char
        marks = doc_quote_spans(doc) if end_char == len(text) else quote_spans(text, 0, end_char)
        found: list[_Found] = []
        sents = [s for s in doc_sents(doc) if s.start_char < end_char]
        for si, sent in enumerate(sents):
            found.extend(self._verb_cues(sent, marks))
            found.extend(self._according_to(sent))
            found.extend(self._noun_cues(sent, marks))
            prev = sents[si - 1] if si > 0 else None
            if prev is not None:
                found.extend(self._nominal_back(sent, prev))
        found.extend(self._dash_and_transcript(doc, marks, end_char))
        found.extend(self._headline(doc, end_char))
        found = _dedupe(found)
        found.extend(self._follow_on(doc, marks, found, index))
        if self.use_tagger and self.tagger == "accurate":
            found = self._tagger_first(doc, found, index, end_char)
        elif self.use_tagger:
            found.extend(self._tagged(doc, found, index, end_char))
        quotes = [self._to_quote(doc, f, marks, index, times) for f in sorted(found, key=lambda f: f.content[0])]
        return _one_per_content(quotes)

    def _tagged(self, doc: Doc, found: list[_Found], index: ActorIndex, end_char: int) -> list[_Found]:
        """Attributions the statistical tagger (trained on PolNeAR train) finds and no rule
        did, with cue and content in one sentence: kept when their source is someone we can
        name (an actor, a pronoun that resolves to one, or a noun phrase such as "officials"),
        so the tagger widens recall without guessing speakers. The source is the cue verb's
        subject in the parse when it has one (even where the tagger put its source in another
        sentence), else the tagger's source in the cue's sentence."""
        from detente.nlp.attribution_model import attributions

        out: list[_Found] = []
        rule_cues = [f.cue for f in found if f.cue]
        sent_starts = [s.start for s in doc_sents(doc)]

        def sentence(char: int) -> int | None:
            """The start (a token index) of the sentence of the token at ``char``."""
            span = doc.char_span(char, char + 1, alignment_mode="expand")
            if span is None or not len(span):
                return None
            return sent_starts[bisect.bisect_right(sent_starts, span.start) - 1]

        for a in attributions(doc, end=end_char):
            c = a.content
            if a.source is None or a.cue is None or any(f.content[0] < c.end and c.start < f.content[1] for f in found):
                continue
            if any(rs < a.cue.end and a.cue.start < re_ for rs, re_ in rule_cues):
                continue  # that cue already introduces a statement the rules found
            # cue and content in one sentence: the tagger's long-range pairings are guesses
            sid = sentence(a.cue.start)
            if sid is None or sentence(c.start) != sid:
                continue
            toks: list[Token] = []
            if sentence(a.source.start) == sid:
                span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
                toks = list(span) if span is not None else []
            # the parse knows the cue verb's subject better than the tagger's source span
            cue_span = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
            toks = _cue_subject(cue_span) or toks
            if not toks:
                continue  # a source in another sentence and no subject in the parse
            # a speaker we can name: an actor, or any noun phrase (not an unresolved pronoun)
            if (
                index.resolve_tokens(toks) is None
                and not any(t.pos_ in {"PROPN", "NOUN"} for t in toks)
                and not _third_person(toks)
            ):
                continue
            cue = (a.cue.start, a.cue.end)
            out.append(_Found((c.start, c.end), toks, cue, self._cue_type(cue_span), a.cue.start))
        return out

    def _tagger_first(self, doc: Doc, rules: list[_Found], index: ActorIndex, end_char: int) -> list[_Found]:
        """With the accurate tagger, its contents lead: every content it finds (of at least
        :data:`MIN_TAGGED_WORDS` words or a noun with a source, see :meth:`_long_enough`;
        scored at least :data:`MIN_CONTENT_SCORE`), with the speaker and cue of the
        rule-found statement that overlaps it most where there is one (the rules know
        speakers better), else its own source in the content's sentence (else the cue verb's
        subject in the parse). The rule-found statements that overlap no
        tagged content are kept as they are."""
        from detente.nlp.attribution_model import attributions

        tagged: list[_Found] = []
        with_speaker = [f for f in rules if f.speaker_tokens]
        for a in attributions(doc, end=end_char, source_sentences=0):
            c = a.content
            if c.score < MIN_CONTENT_SCORE or not self._long_enough(doc, a):
                continue
            anchor = a.cue.start if a.cue else c.start
            toks: list[Token] = []
            if a.source is not None:
                span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
                toks = list(span) if span is not None else []
            rule = _most_overlapping((c.start, c.end), with_speaker)
            if rule is not None:
                rule_toks = rule.speaker_tokens or []
                speaker = _better_speaker(rule_toks, toks, resolved=index.resolve_tokens(rule_toks) is not None)
                tagged.append(_Found((c.start, c.end), speaker, rule.cue, rule.cue_type, rule.anchor))
                continue
            cue_span = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand") if a.cue else None
            toks = toks or _cue_subject(cue_span)
            cue = (a.cue.start, a.cue.end) if a.cue else None
            tagged.append(_Found((c.start, c.end), toks or None, cue, self._cue_type(cue_span), anchor))
        return tagged + [f for f in rules if _most_overlapping(f.content, tagged) is None]

    def _long_enough(self, doc: Doc, a: TaggedAttribution) -> bool:
        """Whether a tagged content has :data:`MIN_TAGGED_WORDS` words, or is one noun or
        proper noun the tagger gives a source (the object of a stance: "praises Trump")."""
        c = a.content
        if len(self._text[c.start : c.end].split()) >= MIN_TAGGED_WORDS:
            return True
        if a.source is None:
            return False
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        return span is not None and span.root.pos_ in _ONE_WORD_CONTENT_POS

    def _unnamed_source(self, doc: Doc, cue: tuple[int, int]) -> bool:
        """Whether the cue at these offsets names no source: its verbs are a raising verb
        ("X seemed to", cues.yaml ``raising``) or a cue verb in the passive with no "by"
        agent ("X is said to", "were asked to", "Asked about X, she said" for the asking;
        not a state such as "was embittered at", whose subject holds it), and none is an
        active cue verb (so "was quoted as saying" keeps its speaker)."""
        span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
        verbs = [t for t in span or [] if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}]
        if not verbs:
            return False
        unnamed = False
        for t in verbs:
            lemma = t.lemma_.lower()
            passive = t.tag_ == "VBN" and lemma in self.cues.verbs and _passive_without_agent(t)
            if lemma in self.cues.raising or passive:
                unnamed = True
            elif lemma in self.cues.verbs:
                return False  # an active cue verb: its subject spoke
        return unnamed

    def _cue_type(self, cue_span: Iterable[Token] | None) -> CueType:
        """The type of the last word of a tagged cue that cues.yaml knows ("speech" if none)."""
        cue_type: CueType = "speech"
        for t in cue_span or []:
            cue_type = self.cues.verbs.get(t.lemma_.lower()) or self.cues.nouns.get(t.lemma_.lower()) or cue_type
        return cue_type

    # --- rule families ---------------------------------------------------------------------

    def _verb_cues(self, sent: object, marks: list[tuple[int, int]]) -> list[_Found]:
        from spacy.tokens import Span as SpacySpan

        assert isinstance(sent, SpacySpan)
        out: list[_Found] = []
        for t in sent:
            if t.pos_ not in {"VERB", "AUX"} and not (t.pos_ == "NOUN" and t.dep_ == "ROOT"):
                continue
            lemma = t.lemma_.lower()
            cue_type = self.cues.verbs.get(lemma)
            for child in t.children:  # phrasal cues: "point out", "call for"
                if child.dep_ in {"prt", "prep"} and f"{lemma} {child.lower_}" in self.cues.verbs:
                    cue_type = self.cues.verbs[f"{lemma} {child.lower_}"]
            if cue_type is None:
                continue
            if any(ms <= t.idx < me for ms, me in marks):
                continue  # a cue inside someone's quoted words is part of what they said
            outer = _outer_cue(t, self.cues)
            trailing = _trailing_speaker(t, sent) if outer is None else None
            own = _nsubj(t)
            if trailing is not None and own is not None and not own.left_edge.i < trailing[0][0].i <= own.right_edge.i:
                trailing = None  # a subject of its own, not one the phrase was folded into
            if trailing is not None:
                # "..., the country's army spokesperson said on Monday": the parser made the
                # speaker an apposition of the name before the comma, and left the cue bare
                said_by, comma = trailing
                first = sent.start + (sent.doc[sent.start].is_punct or sent.doc[sent.start].is_space)
                said = _strip(self._text, (sent.doc[first].idx, comma.idx))
                if said[1] - said[0] >= 2:
                    out.append(_Found(said, said_by, (t.idx, t.idx + len(t.text)), cue_type, t.idx))
                continue
            subj = _subject(outer if outer is not None else t)
            if subj is None:
                if (impersonal := self._impersonal(t, cue_type, sent)) is not None:
                    out.append(impersonal)
                continue
            if subj.lower_ in {"it", "there"} or (cue_type == "belief" and subj.lower_ in {"i", "we", "you"}):
                continue
            speaker = _np_tokens(subj)
            if any(ms <= subj.idx < me for ms, me in marks):
                # the parse hung the cue on a verb inside a quotation ("telling the crowd,
                # “Some people get carried away”"): no one in the quoted words speaks them
                speaker = []
            content = None
            cue_end = t.idx + len(t.text)
            for child in t.children:
                if child.dep_ == "prt" or (child.dep_ == "neg" and child.i > t.i):
                    cue_end = max(cue_end, child.idx + len(child.text))
            # colon: "X stated: CONTENT"
            colon = _colon_after(t, sent.end)
            if colon is not None and colon.i + 1 < sent.end:
                content = (sent.doc[colon.i + 1].idx, _end_of(sent))
            if content is None:
                kids = [c for c in t.children if c.dep_ in _CONTENT_DEPS and not _overlaps_tokens(c, speaker)]
                if len(kids) > 1 and kids[0].i < t.i < kids[-1].i and not sent.doc[kids[0].right_edge.i + 1].is_punct:
                    # "He was so fired up he said she should call": the clause before the
                    # subject, with no comma or quote mark closing it, is not what was said
                    kids = kids[1:]
                for child in kids:
                    toks = _content_tokens(child, self.cues, t)
                    content = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
                    if child.i > t.i and toks[-1].i == child.right_edge.i:
                        # a clause the parser hung on the cue ("said X, but a judge refused")
                        content = (content[0], _forward_end(sent, toks[-1], self.cues, t))
                    if child.i < t.i and toks[0].i > sent.start:
                        # "X, Y and Z, the source added": all before the cue clause
                        first = sent.start
                        while first < toks[0].i and sent.doc[first].is_punct:
                            first += 1
                        content = (sent.doc[first].idx, content[1])
                    break
            if content is None and lemma in {"call", "describe", "label", "brand", "dub", "term"}:
                # "called half of his supporters 'deplorables'", "described it as a rant"
                dobj = [c for c in t.children if c.dep_ == "dobj"]
                rest = [c for c in t.children if c.dep_ in {"oprd", "xcomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "as")]
                if dobj and rest:
                    last = max(x.i for c in rest for x in c.subtree)
                    # "what he calls corruption": the name given, not the relative pronoun
                    named = rest[0].left_edge if dobj[0].tag_ in {"WP", "WDT"} else dobj[0].left_edge
                    content = (named.idx, sent.doc[last].idx + len(sent.doc[last].text))
            if content is None and cue_type in {"belief", "speech"}:
                # intentions and demands: "wants to build a wall", "vowed to retaliate"
                for child in t.children:
                    if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                        toks = list(child.subtree)
                        tail = sent.doc[_object_tail(t, toks[-1].i, sent, self.cues)]
                        content = (toks[0].idx, tail.idx + len(tail.text))
                        break
            if content is None:
                preps = _CONTENT_PREPS | ({"on"} if t.lemma_.lower() in _ON_VERBS else set())
                for child in t.rights:  # "spoke about X", not "for a time, she considered"
                    if child.dep_ == "prep" and child.lower_ in preps:
                        pobj = [
                            c for c in child.children
                            if c.dep_ == "pobj" and c.ent_type_ not in _NOT_CONTENT_ENTS and c.lemma_.lower() not in _NOT_CONTENT_NOUNS
                        ]
                        if pobj:
                            toks = list(pobj[0].subtree)
                            tail = sent.doc[_object_tail(t, toks[-1].i, sent, self.cues)]
                            content = (toks[0].idx, tail.idx + len(tail.text))
                            cue_end = child.idx + len(child.text)
                            break
            if content is None:
                content = _adjacent_quote(t, sent, marks, self._text)
            if content is None and lemma in self.cues.object_content:
                # "cited derogatory comments ...", "polls show Trump's gains": the object is what is said
                for child in t.children:
                    if child.dep_ == "dobj" and child.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"}:
                        toks = list(child.subtree)
                        if len(toks) >= 3:
                            tail = sent.doc[_object_tail(t, toks[-1].i, sent, self.cues)]
                            content = (toks[0].idx, tail.idx + len(tail.text))
                        break
            if content is None and t.dep_ == "parataxis" and t.i > sent.start + 1:
                # "Acts of protest, he said, are acts of patriotism": the sentence around the cue
                content = (sent.doc[sent.start].idx, _end_of(sent))
            if content is None:
                continue
            cue_start = t.idx
            for child in t.lefts:
                if child.dep_ in {"aux", "auxpass"} and child.i == t.i - 1:
                    cue_start = child.idx
            content = _continue_after_cue(self._text, _strip(self._text, content), t, marks)
            if content[1] - content[0] < 2:
                continue
            out.append(_Found(content, speaker or None, (cue_start, cue_end), cue_type, t.idx))
        return out

    def _impersonal(self, t: Token, cue_type: CueType, sent: object) -> _Found | None:
        """A passive report with no one named: "X is expected to win", "X was said to be
        ill", "it is believed that X". The statement is the subject with its infinitive (or
        the that-clause); there is no speaker. Verbs that take a person as object ("was told
        to", "was asked to") are orders, not reports, and are left alone."""
        from spacy.tokens import Span as SpacySpan

        assert isinstance(sent, SpacySpan)
        if t.tag_ != "VBN" or t.lemma_.lower() not in _IMPERSONAL_VERBS:
            return None
        if not any(c.dep_ == "auxpass" for c in t.children) or any(c.dep_ == "agent" for c in t.children):
            return None
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in self.cues.verbs and _subject(t.head) is not None:
            return None  # "X is expected to be Y, Z said": what Z said, not a report of its own
        subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
        clause = next((c for c in t.children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
        if subj is None or clause is None:
            if subj is not None and subj.lower_ == "it":
                clause = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)
                if clause is not None:
                    toks = list(clause.subtree)
                    content = _strip(self._text, (toks[0].idx, toks[-1].idx + len(toks[-1].text)))
                    return _Found(content, None, (t.idx, t.idx + len(t.text)), cue_type, t.idx)
            return None
        if subj.lower_ in {"it", "there"}:
            return None
        first = subj.left_edge
        last = clause.right_edge
        content = _strip(self._text, (first.idx, last.idx + len(last.text)))
        aux = [c for c in t.children if c.dep_ == "auxpass"]
        cue_start = aux[0].idx if aux and aux[0].i == t.i - 1 else t.idx
        return _Found(content, None, (cue_start, t.idx + len(t.text)), cue_type, t.idx)

    def _according_to(self, sent: object) -> list[_Found]:
        from spacy.tokens import Span as SpacySpan

        assert isinstance(sent, SpacySpan)
        out: list[_Found] = []
        doc = sent.doc
        text = self._text
        for t in sent:
            if t.lower_ != "according" or t.i + 1 >= sent.end or doc[t.i + 1].lower_ != "to":
                continue
            to = doc[t.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            speaker = list(pobj[0].subtree) if pobj else []
            if not speaker:
                j = t.i + 2
                while j < sent.end and not doc[j].is_punct:
                    j += 1
                speaker = list(doc[t.i + 2 : j])
            if not speaker:
                continue
            cue_type = self.cues.phrases.get("according to", "speech")
            phrase_end = speaker[-1].i + 1
            before = t.i - 1 if t.i > sent.start else None
            if t.i == sent.start or (before is not None and t.i - 1 == sent.start and not doc[before].is_alpha):
                # "According to X, CONTENT."
                k = phrase_end
                while k < sent.end and doc[k].is_punct:
                    k += 1
                if k >= sent.end:
                    continue
                content = (doc[k].idx, _end_of(sent))
            else:
                # "CONTENT, according to X." / "CONTENT (according to X)"
                stop = t.i
                while stop > sent.start and doc[stop - 1].is_punct:
                    stop -= 1
                start = sent.start
                if doc[t.i - 1].text == "(":
                    for k in range(stop - 1, sent.start - 1, -1):
                        if doc[k].text in {",", ";", ":"}:
                            start = k + 1
                            break
                content = (doc[start].idx, doc[stop - 1].idx + len(doc[stop - 1].text))
                rest = [x for x in doc[phrase_end : sent.end] if not (x.is_punct or x.is_space)]
                if doc[t.i - 1].text == "," and phrase_end < sent.end and doc[phrase_end].text == "," and len(rest) >= 3:
                    # "A, according to X, B": the statement runs on past the phrase
                    content = (content[0], _end_of(sent))
            content = _strip(text, content)
            if content[1] - content[0] < 2:
                continue
            cue = (t.idx, to.idx + len(to.text))
            out.append(_Found(content, speaker, cue, cue_type, t.idx))
        return out

    def _noun_cues(self, sent: object, marks: list[tuple[int, int]]) -> list[_Found]:
        """ "the claim that X", "his warning that X", "concerns about X" with a speaker:
        the possessor, a "by/from" phrase, or the subject of the verb that governs the noun
        ("Trump raised concerns about X")."""
        from spacy.tokens import Span as SpacySpan

        assert isinstance(sent, SpacySpan)
        out: list[_Found] = []
        for t in sent:
            if t.pos_ != "NOUN":
                continue
            cue_type = self.cues.nouns.get(t.lemma_.lower()) or self.cues.nouns.get(t.lower_)
            if cue_type is None or any(ms <= t.idx < me for ms, me in marks):
                continue
            content_toks: list[Token] = []
            cue_end = t.idx + len(t.text)
            for child in t.children:
                if child.dep_ in {"acl", "ccomp"} and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                    content_toks = list(child.subtree)
                    break
                if child.dep_ == "prep" and child.lower_ in {"about", "over", "of", "on", "for", "against"}:
                    if child.lower_ == "of" and cue_type in {"evidence", "writing"}:
                        continue  # "a poll of 1,000 voters", "an investigation of the deal": a sample or a topic
                    pobj = [c for c in child.children if c.dep_ in {"pobj", "pcomp"} and c.ent_type_ not in _NOT_CONTENT_ENTS]
                    if pobj and len(list(pobj[0].subtree)) >= 2:
                        content_toks = list(pobj[0].subtree)
                        cue_end = child.idx + len(child.text)
                        break
            if not content_toks:
                continue
            speaker: list[Token] = []
            for child in t.children:
                if child.dep_ == "poss" and child.lower_ not in {"its", "their", "our", "my", "your"} or (
                    child.dep_ == "poss" and child.pos_ == "PROPN"
                ):
                    speaker = _np_tokens(child)
                elif child.dep_ == "prep" and child.lower_ in {"by", "from"} and not speaker:
                    pobj = [c for c in child.children if c.dep_ == "pobj"]
                    if pobj:
                        speaker = _np_tokens(pobj[0])
            if not speaker and t.dep_ in {"dobj", "pobj"}:
                verb = t.head if t.dep_ == "dobj" else t.head.head
                if verb.pos_ in {"VERB", "AUX"}:
                    subj = _subject(verb)
                    if subj is not None and subj.lower_ not in {"it", "there"}:
                        speaker = _np_tokens(subj)
            if not speaker:
                continue
            content = _strip(self._text, (content_toks[0].idx, content_toks[-1].idx + len(content_toks[-1].text)))
            if content[1] - content[0] < 8:
                continue
            out.append(_Found(content, speaker, (t.idx, cue_end), cue_type, t.idx))
        return out

    def _nominal_back(self, sent: object, prev: object) -> list[_Found]:
        """ "This statement by X on DATE ..." attributes the sentence before."""
        from spacy.tokens import Span as SpacySpan

        assert isinstance(sent, SpacySpan) and isinstance(prev, SpacySpan)
        toks = [t for t in sent if not t.is_space][:12]
        # a demonstrative points back ("This statement by X"); "The X's report" need not
        if not toks or toks[0].lower_ not in {"this", "that", "these", "those", "such"}:
            return []
        for t in toks[1:6]:
            cue_type = self.cues.nouns.get(t.lemma_.lower())
            if cue_type is None or t.pos_ != "NOUN":
                continue
            speaker: list[Token] = []
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
                    pobj = [c for c in child.children if c.dep_ == "pobj"]
                    if pobj:
                        speaker = _np_tokens(pobj[0])
                elif child.dep_ == "poss":
                    speaker = _np_tokens(child)
            if not speaker:
                return []
            ptext = prev.text.rstrip()
            content = _strip(self._text, (prev.start_char, prev.start_char + len(ptext)))
            return [_Found(content, speaker, (t.idx, t.idx + len(t.text)), cue_type, t.idx)]
        return []

    def _headline(self, doc: Doc, end_char: int) -> list[_Found]:
        """A headline in the news style "Speaker: what they said" ("Mayor: Budget will not
        pass", "Poll: Race is tied"), on the text's first line: the part before the colon is a
        name or a noun phrase (no verb, not an all-caps label such as "BREAKING"), the part
        after it a claim of a few words."""
        text = self._text
        line_end = text.find("\n")
        line_end = min(end_char, len(text) if line_end < 0 else line_end)
        colon = text.find(": ", 0, line_end)
        if colon <= 0 or colon > 80:
            return []
        head = doc.char_span(0, colon, alignment_mode="expand")
        content = _strip(text, (colon + 1, line_end))
        while content[1] > content[0] and text[content[1] - 1] in ".;":
            content = (content[0], content[1] - 1)
        claim = text[content[0] : content[1]]
        if head is None or not 1 <= len(head) <= 8 or len(re.findall(r"\w+", claim)) < 3:
            return []
        toks = [t for t in head if not t.is_space]
        words = [t for t in toks if t.is_alpha]
        if not words or any(t.pos_ in {"VERB", "AUX"} for t in toks) or all(t.is_upper for t in words):
            return []
        last = toks[-1]
        named = any(t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} for t in toks)
        cue_type = self.cues.nouns.get(last.lemma_.lower())
        if not (named or cue_type or (last.pos_ == "NOUN" and last.tag_ == "NNS")) or last.pos_ not in {"PROPN", "NOUN"}:
            return []
        if claim.endswith("?") and claim[:1] not in OPEN_MARKS and claim[:1] not in "'‘":
            return []  # "Candidate: hero or villain?" asks, it does not attribute
        return [_Found(content, toks, (colon, colon + 1), cue_type or "speech", colon)]

    def _dash_and_transcript(self, doc: Doc, marks: list[tuple[int, int]], end_char: int) -> list[_Found]:
        """Reader quotes signed with a dash ("“…” ― Jane Doe, 34, Ohio"; a paragraph-long
        quotation also on the line after: "“…”\n\n- Sanders.") and transcript lines
        ("PENCE: Well, look, …")."""
        text = self._text
        out: list[_Found] = []
        for s, e in marks:
            after = e + 2 if text.startswith("''", e) else e + 1  # past the closing mark
            m = _DASH_SIGNATURE.match(text, after, end_char)
            if m is None and not text[text.rfind("\n", 0, s) + 1 : s].strip(_OPENING_MARKS):
                m = _SIGNATURE_LINE.match(text, after, end_char)
            if m and _is_statement_like(text[s:e]):
                speaker = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
                if speaker is not None:
                    out.append(_Found((s, e), list(speaker), (m.start(1), m.end(1)), "speech", m.start(1)))
        for m in _TRANSCRIPT_LINE.finditer(text, 0, end_char):
            line_end = text.find("\n", m.end())
            line_end = end_char if line_end < 0 else min(line_end, end_char)
            speaker = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            content = _strip(text, (m.end(), line_end))
            if speaker is not None and _is_place_name(speaker.text):
                continue  # a dateline ("JERUSALEM: The Israeli government has approved ...")
            if speaker is not None and content[1] - content[0] > 10:
                out.append(_Found(content, list(speaker), (m.end(1), m.end(1) + 1), "speech", m.start(1)))
        return out

    def _follow_on(
        self, doc: Doc, marks: list[tuple[int, int]], found: list[_Found], index: ActorIndex
    ) -> list[_Found]:
        out: list[_Found] = []
        attributed = sorted(found, key=lambda f: f.content[0])
        for s, e in marks:
            # a quotation a cue already claims, even in part ("“A. B,” Walker said." gives the
            # cue the sentence "B" until the content is snapped to the marks), is not the
            # previous speaker's
            if any(f.content[0] < e and s < f.content[1] + 1 for f in found):
                continue
            inner = self._text[s:e]
            words = re.findall(r"\w+", inner)
            if not inner[:1].isupper():
                continue
            # a short quotation goes on a statement only as a whole sentence of its own
            # ("“We are farmers,” said Ms. Lopez. “We are not bankers.”"); a long one may
            # begin a new paragraph of the same speaker's words
            short = len(words) < 8
            if short and (len(words) < 2 or inner.rstrip()[-1:] not in {".", "!", "?"}):
                continue
            prior = [f for f in attributed if f.content[1] <= s and s - f.content[1] < 400 and f.speaker_tokens]
            if not prior:
                continue
            last = prior[-1]
            between = self._text[last.content[1] : s]
            # a new speaker or a new cue in between ends the run of quotations
            own = {t.i for t in last.speaker_tokens or []}
            cue_start, cue_end = last.cue or (-1, -1)
            gap_span = doc.char_span(last.content[1], s, alignment_mode="expand")
            gap: list[Token] = list(gap_span) if gap_span is not None else []
            for t in gap:
                if cue_start <= t.idx < cue_end and t.pos_ in {"VERB", "AUX"}:
                    # the cue's own clause ("said Jo Reyes, an aide to Mayor Kim, pointing
                    # to the map") is no new speaker and no new cue
                    own.update(x.i for x in t.subtree)
                    break
            if _sentence_ends(between) > 1 or any(
                (t.ent_type_ == "PERSON" or (t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in self.cues.verbs))
                and t.i not in own
                and not cue_start <= t.idx < cue_end
                for t in gap
            ):
                continue
            # nothing but the gap between them: no other quote mark, no new cue
            unclosed = any(me == last.content[1] for _, me in marks) and self._text[last.content[1] : last.content[1] + 1] in {"\n", ""}
            if "\n" not in between or (unclosed and not between.strip(" \n\t" + "".join(OPEN_MARKS))):
                # "“A,” she said. “B.”" in one paragraph, or a quotation whose paragraph ends
                # with no closing mark and goes on in the next: one statement, A through B
                last.content = (last.content[0], e)
                continue
            if short:
                continue
            out.append(_Found((s, e), last.speaker_tokens, None, last.cue_type, s))
        return out

    # --- output --------------------------------------------------------------------------

    def _to_quote(
        self, doc: Doc, f: _Found, marks: list[tuple[int, int]], index: ActorIndex, times: list[Time]
    ) -> Quote:
        text = self._text
        speaker = None
        if f.speaker_tokens and not (f.cue and self._unnamed_source(doc, f.cue)):
            toks = f.speaker_tokens
            words = [t for t in toks if not t.is_space] or toks
            span = Span.of(text, *_trim_space(text, words[0].idx, words[-1].idx + len(words[-1].text)))
            speaker = Speaker(span, index.resolve_speaker(toks))
        cs, ce = _snap_to_marks(text, f.content, marks)
        kind = _kind(text, cs, ce, marks, f.cue)
        cue = Span.of(text, *f.cue) if f.cue else None
        return Quote(
            # the evidence is the words: "‘... ball game. ’" quotes the words, not the space
            content=Span.of(text, *_trim_space(text, cs, ce)),
            speaker=speaker,
            cue=cue,
            kind=kind,
            cue_type=f.cue_type,
            date=_governing_time(f, times, text),
        )


# --- helpers ---------------------------------------------------------------------------------


def _cue_subject(cue_span: Iterable[Token] | None) -> list[Token]:
    """The noun phrase of the subject of the first verb of a tagged cue that has one (not a
    dummy "it" or "there"); empty when there is none."""
    for t in cue_span or []:
        if t.pos_ in {"VERB", "AUX"} and (subj := _subject(t)) is not None and subj.lower_ not in {"it", "there"}:
            return _np_tokens(subj)
    return []


# speakers the rules may find that say nothing of who spoke: a relative or demonstrative
# pronoun whose antecedent the parse did not give, "they", "you", "it"
_WEAK_SPEAKERS = frozenset({"that", "which", "who", "whom", "this", "these", "those", "they", "them", "you", "it"})


def _better_speaker(rule: list[Token], tagger: list[Token], *, resolved: bool = False) -> list[Token]:
    """The rule's speaker, unless the tagger's source says more: the tagger's when the two
    overlap (it keeps the appositive the parse cuts off: "Gov. John Kasich (R-OH)," where the
    parse gives "OH") or when the rule's is only a weak pronoun ("that", "they") that does
    not resolve to an actor (``resolved``: "Warren, who endorsed" is Warren)."""
    if not tagger:
        return rule
    if not rule:
        return tagger
    if rule[0].i <= tagger[-1].i and tagger[0].i <= rule[-1].i:
        return tagger
    words = _words(rule)
    if len(words) == 1 and words[0].lower_ in _WEAK_SPEAKERS and not resolved:
        return tagger
    return rule


def _one_per_content(quotes: list[Quote]) -> list[Quote]:
    """One statement per content span: pieces found apart that snapped to the same
    quotation are one statement, the one with a cue and a speaker if any has them."""
    best: dict[tuple[int, int], Quote] = {}
    for q in quotes:
        key = (q.content.start, q.content.end)
        have = best.get(key)
        if have is None or (q.cue is not None, q.speaker is not None) > (have.cue is not None, have.speaker is not None):
            best[key] = q
    return [q for q in quotes if best[(q.content.start, q.content.end)] is q]


def _most_overlapping(content: tuple[int, int], pool: list[_Found]) -> _Found | None:
    """The statement of ``pool`` whose content overlaps ``content`` most, if any does."""
    best: tuple[int, _Found] | None = None
    for f in pool:
        ov = min(f.content[1], content[1]) - max(f.content[0], content[0])
        if ov > 0 and (best is None or ov > best[0]):
            best = (ov, f)
    return best[1] if best else None


def _forward_end(sent: object, last: Token, cues: Cues, cue: Token) -> int:
    """The end of a forward content. The parser often hangs a coordinated clause of the
    content on the cue verb ("said the government tried X, but a judge refused"): a later
    conjunct of the cue with a subject of its own is still the content. Anything else the cue
    verb governs after the clause ("said X and insisted Y", "said X on Monday", ", adding")
    or a clause above it ends the content."""
    from spacy.tokens import Span as SpacySpan

    assert isinstance(sent, SpacySpan)
    doc = sent.doc
    end_i = last.i
    for c in cue.rights:
        if c.i <= last.i or c.dep_ in {"punct", "cc"}:
            continue
        if c.i >= sent.end:
            break
        if c.dep_ == "conj" and c.lemma_.lower() not in cues.verbs and any(
            g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children
        ):
            end_i = min(c.right_edge.i, sent.end - 1)
            continue
        break
    end_tok = doc[end_i]
    while end_tok.i > last.i and (end_tok.is_punct or end_tok.dep_ == "cc"):
        end_tok = doc[end_tok.i - 1]
    return end_tok.idx + len(end_tok.text)


_SETTING_ENTS = {"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "EVENT"}


def _object_tail(cue: Token, last_i: int, sent: object, cues: Cues) -> int:
    """The last token of an object-like content (an infinitive, a direct object, an "about"
    phrase): the parser hangs the object's own modifiers on the cue verb ("attacked Clinton as
    being too cozy", "promised to act should he win"), so the cue's later complements and
    adverbial clauses are still the content; a time, a place, a medium ("in an interview"),
    a participial cue (", adding") or a comma ends it."""
    end_i = last_i
    for c in cue.rights:
        if c.i <= end_i:
            continue
        if c.dep_ not in {"prep", "advcl", "xcomp", "oprd", "acomp", "dative", "ccomp"}:
            break
        if c.ent_type_ in _SETTING_ENTS or (c.dep_ == "advcl" and c.lemma_.lower() in cues.verbs):
            break
        if c.dep_ == "prep":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if not pobj or pobj[0].ent_type_ in _SETTING_ENTS or pobj[0].lemma_.lower() in cues.nouns:
                break
        end_i = c.right_edge.i
    return end_i


def _content_tokens(head: Token, cues: Cues, cue: Token | None = None) -> list[Token]:
    """The content clause, cut before a coordinated or participial second cue
    ("said he would X and warned against Y", "said X, arguing that Y"). The parser often
    hangs that second cue deeper in the clause ("said she did not want X and predicted Y"):
    a subjectless cue verb in the cue's own tense is the speaker's next act, not content."""
    toks = list(head.subtree)
    stop = None
    for x in toks:
        if x.i == head.i or x.dep_ not in {"conj", "advcl"} or x.lemma_.lower() not in cues.verbs:
            continue
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in x.children):
            continue
        same_tense = cue is not None and x.dep_ == "conj" and x.tag_ == cue.tag_ and x.tag_ in {"VBD", "VBZ"}
        participle = x.dep_ == "advcl" and x.tag_ == "VBG" and x.i > 0 and x.doc[x.left_edge.i - 1].text == ","
        if same_tense or participle:
            stop = x.left_edge.i if stop is None else min(stop, x.left_edge.i)
    tail = _writer_tail(toks)
    if tail is not None:
        stop = tail if stop is None else min(stop, tail)
    if stop is not None:
        toks = [x for x in toks if x.i < stop]
        while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
            toks.pop()
    return toks or [head]


_CONTRAST_MARKS = {"as", "while", "although", "though", "whereas"}
# a non-restrictive relative clause closing a content, set off by a comma or dash
_WH_ASIDE = {"which", "when", "where", "who", "whom", "whose"}
_QUOTE_TOKENS = {'"', "“", "”", "''", "``", "‘", "’"}


def _writer_tail(toks: list[Token]) -> int | None:
    """Where a content clause ends in the writer's own comment, set off by a comma or dash:
    "..., despite criticism", "-- even as rivals gained", "..., a claim that aides denied",
    "..., which took effect in May", "-- a reversal for the council".
    Returns the index of the comma or dash, or None."""
    if len(toks) < 6:
        return None
    last = toks[-1].i
    while last > toks[0].i and toks[-1].doc[last].is_punct:
        last -= 1
    doc = toks[0].doc
    for x in toks[3:]:
        sep = doc[x.left_edge.i - 1] if x.left_edge.i > 0 else None
        if sep is None or sep.text not in {",", "--", "—", "–"} or x.right_edge.i < last or x.left_edge.i <= toks[0].i + 2:
            continue
        first = doc[x.left_edge.i]
        if x.dep_ == "prep" and x.lower_ in {"despite", "amid"}:
            return sep.i
        if x.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in x.children):
            return sep.i
        if x.dep_ in {"dobj", "appos", "npadvmod"} and first.lower_ in {"a", "an"} and any(c.dep_ in {"relcl", "acl"} for c in x.children):
            return sep.i
        if any(y.text in _QUOTE_TOKENS for y in toks):
            continue  # quoted words: the speaker's own aside
        if x.dep_ == "relcl" and first.lower_ in _WH_ASIDE:
            return sep.i  # "..., which is spread by mosquitoes": the writer explains
        if sep.text != "," and x.dep_ in {"dobj", "appos", "npadvmod"} and first.lower_ in {"a", "an"}:
            return sep.i  # "... -- a modest gain for the mayor"
    return None


def _outer_cue(t: Token, cues: Cues) -> Token | None:
    """For a subjectless coordinated cue the parser hung inside another cue's content
    ("Ginsburg said she did not want X and predicted Y", "he warned that X, remarking Y"):
    that outer cue, whose subject is also this one's (the same tense or a participle: the
    same speaker's next act)."""
    participle = t.dep_ == "advcl" and t.tag_ == "VBG"
    if not (participle or (t.dep_ == "conj" and t.tag_ in {"VBD", "VBZ"})):
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children):
        return None
    h = t.head
    for _ in range(4):
        if h.dep_ not in {"ccomp", "conj", "xcomp", "advcl"} or h.head.i == h.i:
            return None
        if h.dep_ == "ccomp" and h.head.lemma_.lower() in cues.verbs and (participle or h.head.tag_ == t.tag_):
            return h.head
        h = h.head
    return None


def _passive_without_agent(t: Token) -> bool:
    """A past participle used passively with no "by" agent: "is said", "were asked", or a
    participle clause with no subject of its own ("Asked about X, she said"; not a
    participle on a noun, "a poll released Thursday", which the parser also gives for a
    verb in the past tense, "a poll found last week that")."""
    kids = list(t.children)
    if any(c.dep_ == "agent" for c in kids):
        return False
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in kids):
        return True
    return t.dep_ == "advcl" and not any(c.dep_ in {"nsubj", "aux"} for c in kids)


# the angle brackets Reuters puts round a company's name ("<Norrell Corp> said"): no words
_REUTERS_MARKS = frozenset({"<", ">"})


def _nsubj(verb: Token) -> Token | None:
    """The verb's subject. Where the parser gives it two ("in Berea, OH, after winning,
    Gov. John Kasich said"), the nearest before the verb; else the first after it ("said
    Kasich")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.text not in _REUTERS_MARKS]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else (subjects[0] if subjects else None)


def _trailing_speaker(t: Token, sent: object) -> tuple[list[Token], Token] | None:
    """A cue that ends a sentence with no subject the parser saw, right after a noun phrase
    set off by a comma that the parser hung on a name before it as an apposition ("...
    rests with President Prabowo Subianto, the country's army spokesperson said on
    Monday"): that noun phrase, which speaks, and the comma before it, which ends what was
    said. Only for a main verb, and only with nothing but the phrase between comma and cue."""
    from spacy.tokens import Span as SpacySpan

    assert isinstance(sent, SpacySpan)
    if t.dep_ not in {"ROOT", "conj"} or t.i == sent.start or any(c.dep_ in {"dobj", "xcomp"} for c in t.children):
        return None  # (the parser may also join the cue to the sentence's verb: "is preparing ... said")
    head = t.doc[t.i - 1]  # the phrase's own head, right before the cue
    if head.dep_ != "appos" or head.head.i >= head.i or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    phrase = [x for x in head.subtree]
    before = t.doc[phrase[0].i - 1] if phrase[0].i > sent.start else None
    if before is None or before.text != "," or before.i <= sent.start + 2:
        return None
    return phrase, before


def _subject(t: Token) -> Token | None:
    if (subj := _nsubj(t)) is not None:
        return subj
    for child in t.children:
        if child.dep_ == "agent":
            for gc in child.children:
                if gc.dep_ == "pobj":
                    return gc
    # "X, who said ...", "X has declined to say", "..., saying", "by saying": walk up
    h = t
    for _ in range(3):
        if h.dep_ == "pcomp" and h.head.dep_ == "prep" and h.head.head.pos_ in {"VERB", "AUX"}:
            h = h.head.head
        elif h.dep_ in {"xcomp", "conj", "advcl"} and h.head.i != h.i:
            h = h.head
        else:
            break
        if (subj := _nsubj(h)) is not None:
            return subj
    return None


_NOT_THIRD_PERSON = {"i", "me", "we", "us", "you", "there"}


def _words(toks: list[Token]) -> list[Token]:
    """The tokens that are words (no punctuation or whitespace)."""
    return [t for t in toks if not t.is_punct and not t.is_space]


def _third_person(toks: list[Token]) -> bool:
    """A pronoun subject that points at someone in the text ("they", "it", "which", "those"),
    not the writer, the reader or an interviewee talking of themselves ("I", "we", "you")."""
    words = _words(toks)
    return len(words) == 1 and words[0].pos_ in {"PRON", "DET"} and words[0].lower_ not in _NOT_THIRD_PERSON


def _np_tokens(head: Token) -> list[Token]:
    """The subject noun phrase, without a trailing appositive or relative clause, nor a
    dateline the parser hung on it ("MOSCOW (Reuters) - Officials said": "Officials")."""
    toks = list(head.subtree)
    cut = [t.i for t in toks if t.i < head.i and set_off(t)]
    if cut:
        toks = [t for t in toks if t.i > cut[-1]]
    # the parser took the dateline for the subject and hung the name on it ("GREENWICH,
    # Conn., April 8 - National Guardian Corp said"): the name after the dash speaks
    after = [t.i for t in toks if t.i > head.i and set_off(t)]
    if after and head.is_upper and any(t.i > after[0] and t.pos_ == "PROPN" for t in toks):
        toks = [t for t in toks if t.i > after[0]]
        head = next(t for t in toks if t.head.i not in {x.i for x in toks})
    out = []
    for t in toks:
        if t.i > head.i and (t.is_punct and t.text in {",", "(", "—", "–"} or t.dep_ == "relcl"):
            break
        out.append(t)
    while out and (out[-1].is_punct or out[-1].text in _REUTERS_MARKS):
        out.pop()
    while out and out[0].text in _REUTERS_MARKS:
        out.pop(0)  # Reuters' marks round a company's name: "<Airbus Industrie> said"
    return out or [head]


def _overlaps_tokens(child: Token, toks: list[Token]) -> bool:
    ids = {t.i for t in toks}
    return any(t.i in ids for t in child.subtree)


def _is_place_name(text: str) -> bool:
    """Whether words in capitals name a state, a capital or a known place ("JERUSALEM",
    "NEW YORK"), as a dateline does, not a speaker of a transcript ("PENCE")."""
    g = load_gazetteer()  # (country_of also knows every capital and region)
    return g.country_of(text) is not None or fold(text) in g.dateline_regions


def _colon_after(t: Token, sent_end: int) -> Token | None:
    """The colon that introduces the cue verb's content: "X stated: ...", "X noted
    before the election: ..." (only the verb's own modifiers may come between)."""
    doc = t.doc
    subtree = {x.i for x in t.subtree}
    for j in range(t.i + 1, min(sent_end, t.i + 12)):
        tok = doc[j]
        if tok.text == ":":
            return tok
        if j not in subtree or tok.pos_ in {"VERB", "AUX"} or tok.text in {'"', "“", "”", ";", "."}:
            return None
    return None


def _end_of(sent: object) -> int:
    from spacy.tokens import Span as SpacySpan

    assert isinstance(sent, SpacySpan)
    text = sent.text.rstrip()
    return sent.start_char + len(text)


def _adjacent_quote(t: Token, sent: object, marks: list[tuple[int, int]], text: str) -> tuple[int, int] | None:
    """ "“...,” he said" / "he said: “...”" / "said Peskov, “...”"."""
    from spacy.tokens import Span as SpacySpan

    assert isinstance(sent, SpacySpan)
    best = None
    for s, e in marks:
        if e <= t.idx:
            gap = text[e + 1 : t.idx]
            if len(gap) < 40 and "\n" not in gap and not re.search(r"[.!?]\s", gap):
                best = (s, e)
        elif s > t.idx:
            gap = text[t.idx + len(t.text) : s - 1]
            if len(gap) < 40 and "\n" not in gap and not re.search(r"[.!?]\s", gap) and best is None:
                best = (s, e)
            break
    if best and (_is_statement_like(text[best[0] : best[1]]) or _is_short_utterance(text, best, t)):
        return best
    return None


def _is_short_utterance(text: str, mark: tuple[int, int], t: Token) -> bool:
    """A short quotation that is a whole utterance, not a term: it opens its sentence and
    is punctuated as speech ("“No,” she said." / "He replied: “Probably.”")."""
    s, e = mark
    inner = text[s:e].rstrip()
    if not re.search(r"\w", inner):
        return False
    if e <= t.idx:
        before = text[max(0, s - 3) : s - 1].rstrip(" \t")
        opens = not before or before[-1] in "\n.!?"
        return opens and inner[-1] in ",!?" and len(re.findall(r"\w+", text[e + 1 : t.idx])) <= 3
    return inner[-1] in ".!?" and re.fullmatch(r"\s*[,:]\s*", text[t.idx + len(t.text) : s - 1]) is not None


def _continue_after_cue(text: str, content: tuple[int, int], t: Token, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """ "“A,” he said, “B.”" / "“A,” she said. “B.”": a quotation split around its cue is one
    statement; the content runs on to the end of the second part."""
    s, e = content
    if e > t.idx or not any(abs(ms - s) <= 2 and abs(me - e) <= 3 for ms, me in marks):
        return content
    for ms, me in marks:
        if ms > t.idx:
            gap = text[t.idx + len(t.text) : ms - 1]
            # "“A,” he said, “B”" / "“A,” he said. “B”": only the cue's own words in between
            if len(gap) < 40 and "\n" not in gap and len(re.findall(r"\w+", gap)) <= 3 and re.fullmatch(r"[^.!?]*[.!?,:;—–-]?\s*", gap):
                return s, me
            break
    return content


_ABBREV_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Lt|Col|Gen|Sgt|Capt|Prof|Jr|Sr|St|Inc|Corp|Co|No|Vol)|\b[A-Z])\.$")


def _sentence_ends(text: str) -> int:
    """How many sentences end in ``text`` (a title such as "Rep." or an initial is not an end)."""
    return sum(1 for m in re.finditer(r"[.!?][\"”’]*\s", text) if not _ABBREV_END.search(text, 0, m.start() + 1))


def _trim_space(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without the whitespace at either end (all of it, when it is nothing else)."""
    inner = text[s:e]
    if not inner.strip():
        return s, e
    return s + len(inner) - len(inner.lstrip()), e - len(inner) + len(inner.rstrip())


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in " \n\t":
        s += 1
    while e > s and text[e - 1] in " \n\t,;:":
        e -= 1
    return s, e


def _snap_to_marks(text: str, span: tuple[int, int], marks: list[tuple[int, int]]) -> tuple[int, int]:
    """A content that is one quotation give or take its marks and a comma becomes exactly
    the quotation's inside."""
    s, e = span
    for ms, me in marks:
        if abs(ms - s) <= 2 and abs(me - e) <= 3:
            return ms, me
    for ms, me in marks:
        # the parse saw one sentence of a longer quotation: "“A. B,” she said" gives "B";
        # "she said: “A. B.”" gives "“A."; the quotation is the statement
        if ms - 2 <= s and e <= me + 3 and (abs(me - e) <= 3 or abs(ms - s) <= 2) and _is_statement_like(text[ms:me]):
            return ms, me
    return s, e


def _kind(text: str, s: int, e: int, marks: list[tuple[int, int]], cue: tuple[int, int] | None = None) -> QuoteKind:
    inside = [(ms, me) for ms, me in marks if ms < e and s < me]
    if not inside:
        return "indirect"
    if cue and len(inside) >= 2 and inside[0][0] - s <= 2 and e - inside[-1][1] <= 2:
        # a quotation split around its own cue: "“A,” he said, “B.”"
        between = [(a[1], b[0]) for a, b in zip(inside, inside[1:], strict=False)]
        if all(gs <= cue[0] < ge or len(re.findall(r"\w+", text[gs:ge])) == 0 for gs, ge in between):
            return "direct"
    covered = sum(min(e, me) - max(s, ms) for ms, me in inside)
    body = len(re.sub(r"[\W_]", "", text[s:e])) or 1
    quoted = len(re.sub(r"[\W_]", "", "".join(text[max(s, ms) : min(e, me)] for ms, me in inside)))
    if quoted >= 0.9 * body or covered >= (e - s) - 4:
        return "direct"
    return "mixed"


def _governing_time(f: _Found, times: list[Time], text: str) -> str | None:
    """The time expression in the cue's sentence, outside the content, nearest the cue."""
    # the cue sentence: from the previous sentence end to the next
    window_start = max(0, f.anchor - 2000)
    ends = [m.end() for m in _SENT_END.finditer(text, window_start, f.anchor)]
    lo = ends[-1] if ends else window_start
    nxt = _SENT_END.search(text, f.anchor)
    hi = nxt.start() if nxt else len(text)
    best: tuple[int, str] | None = None
    for tm in times:
        if tm.span.start < lo or tm.span.end > hi + 1:
            continue
        if f.content[0] <= tm.span.start < f.content[1]:
            continue
        if not is_calendar(tm.value):
            continue
        d = abs(tm.span.start - f.anchor)
        if best is None or d < best[0]:
            best = (d, tm.value)
    return best[1] if best else None


def is_calendar(value: str) -> bool:
    """A calendar date (YYYY, YYYY-MM, YYYY-MM-DD), not an interval, week or PRESENT_REF."""
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One attribution per content; nested attributions inside another's content go."""
    found = sorted(found, key=lambda f: (f.content[0], -(f.content[1] - f.content[0])))
    out: list[_Found] = []
    for f in found:
        if any(o.content[0] <= f.content[0] and f.content[1] <= o.content[1] for o in out):
            continue
        # a cue inside another's content is a nested attribution
        if f.cue and any(o.content[0] <= f.cue[0] < o.content[1] for o in out):
            continue
        out.append(f)
    # and the reverse: an earlier-kept one whose cue is inside a later content
    return [
        f
        for f in out
        if not (f.cue and any(o is not f and o.content[0] <= f.cue[0] < o.content[1] for o in out))
    ]
