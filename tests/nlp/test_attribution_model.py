"""The statistical attribution tagger: brat → BIO conversion, grouping, and the shipped model
on a few hand-written news sentences (skipped when the model is not installed)."""

from __future__ import annotations

import pytest
import spacy

from detente.eval.polnear import parse_ann
from detente.models import Quote, Span, Speaker
from detente.nlp import attribution_model as am
from detente.nlp.attribution_model import Tagged, TaggedAttribution
from detente.nlp.model import load_model

# a tiny hand-made article and its brat annotation (not from any corpus)
TEXT = 'The minister said the talks would resume. "We are ready," she added, "to sign."'
ANN = "\n".join(
    [
        "T1\tSource 0 12\tThe minister",
        "T2\tCue 13 17\tsaid",
        "T3\tContent 18 40\tthe talks would resume",
        "T4\tAttribution 13 17\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 58 61\tshe",
        "T6\tCue 62 67\tadded",
        'T7\tContent 42 57;69 79\t"We are ready," "to sign."',
        "T8\tAttribution 62 67\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]
)


def test_parse_and_gold_spans() -> None:
    atts = parse_ann(ANN)
    spans = am.gold_spans(atts, TEXT)
    got = [(t.label, TEXT[t.start : t.end], t.continues) for t in spans]
    assert got == [
        ("SOURCE", "The minister", False),
        ("CUE", "said", False),
        ("CONTENT", "the talks would resume", False),
        ("CONTENT", '"We are ready,"', False),
        ("SOURCE", "she", False),
        ("CUE", "added", False),
        ("CONTENT", '"to sign."', True),
    ]


def test_bio_tags() -> None:
    doc = spacy.blank("en").make_doc(TEXT)
    tags = am.bio_tags(doc, am.gold_spans(parse_ann(ANN), TEXT))
    pairs = list(zip([t.text for t in doc], tags, strict=True))
    assert pairs[:8] == [
        ("The", "B-SOURCE"),
        ("minister", "I-SOURCE"),
        ("said", "B-CUE"),
        ("the", "B-CONTENT"),
        ("talks", "I-CONTENT"),
        ("would", "I-CONTENT"),
        ("resume", "I-CONTENT"),
        (".", "O"),
    ]
    assert ("she", "B-SOURCE") in pairs and ("added", "B-CUE") in pairs
    assert pairs[-5:] == [
        ('"', "B-CONTENT_CONT"),
        ("to", "I-CONTENT_CONT"),
        ("sign", "I-CONTENT_CONT"),
        (".", "I-CONTENT_CONT"),
        ('"', "I-CONTENT_CONT"),
    ]
    # every tag is O or a B/I of a known label, and an I always follows its B or I
    for prev, cur in zip(["O", *tags], tags, strict=False):
        if cur.startswith("I-"):
            assert prev[2:] == cur[2:]


def test_overlapping_gold_spans_are_resolved() -> None:
    # an outer content containing an inner attribution: the inner source and cue win
    text = "Aides said the senator believes the bill will fail."
    ann = "\n".join(
        [
            "T1\tSource 0 5\tAides",
            "T2\tCue 6 10\tsaid",
            "T3\tContent 11 50\tthe senator believes the bill will fail",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
            "T4\tSource 11 22\tthe senator",
            "T5\tCue 23 31\tbelieves",
            "T6\tContent 32 50\tthe bill will fail",
            "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
        ]
    )
    spans = am.gold_spans(parse_ann(ann), text)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    assert ("CONTENT", "the bill will fail") in [(t.label, text[t.start : t.end]) for t in spans]


def test_group_joins_continuation_and_picks_nearest() -> None:
    spans = am.gold_spans(parse_ann(ANN), TEXT)
    groups = am.group(TEXT, spans)
    assert len(groups) == 2
    first, second = groups
    assert TEXT[first.content.start : first.content.end] == "the talks would resume"
    assert first.source is not None and TEXT[first.source.start : first.source.end] == "The minister"
    assert TEXT[second.content.start : second.content.end] == '"We are ready," she added, "to sign."'
    assert second.source is not None and TEXT[second.source.start : second.source.end] == "she"
    assert second.cue is not None and TEXT[second.cue.start : second.cue.end] == "added"


def test_merge_with_rules_adds_only_new_contents() -> None:
    rule = Quote(content=Span.of(TEXT, 18, 40), speaker=Speaker(Span.of(TEXT, 0, 12)))
    tagged = [
        TaggedAttribution(Tagged("CONTENT", 22, 40)),  # overlaps the rule quote: dropped
        TaggedAttribution(Tagged("CONTENT", 42, 79), Tagged("SOURCE", 58, 61), Tagged("CUE", 62, 67)),
    ]
    merged = am.merge_with_rules([rule], tagged, TEXT)
    assert [(q.content.start, q.content.end) for q in merged] == [(18, 40), (42, 79)]
    added = merged[1]
    assert added.speaker is not None and added.speaker.span.text == "she"
    assert added.cue is not None and added.cue.text == "added"
    assert added.kind == "direct"


# --- the shipped model -----------------------------------------------------------------------

needs_model = pytest.mark.skipif(am.load_tagger() is None, reason="attribution model not installed")

SENTENCES = [
    (
        "Foreign Minister Anna Kovacs said on Tuesday that her government would not sign the agreement.",
        "her government would not sign the agreement",
        "Kovacs",
    ),
    (
        '"We will defend every village," General Paul Okafor told reporters in the capital.',
        "We will defend every village",
        "Okafor",
    ),
    pytest.param(
        "The prime minister warned that the ceasefire could collapse within days.",
        "the ceasefire could collapse within days",
        "prime minister",
        # model 0.2.0 (listening to the shared tok2vec) tags cue and content but not this
        # source; the rules find this statement (tests/nlp/test_quotes.py)
        marks=pytest.mark.xfail(reason="known miss of the 0.2.0 tagger: no SOURCE span", strict=False),
    ),
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


@needs_model
@pytest.mark.parametrize(("text", "clause", "speaker"), SENTENCES)
def test_model_tags_obvious_attribution(nlp, text: str, clause: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    # in a story, as in training (a source as the very first token of a text is often missed)
    text = "Talks stalled again on Monday. " + text
    found = am.attributions(nlp(text))
    hits = [a for a in found if clause in text[a.content.start : a.content.end]]
    assert hits, [(text[a.content.start : a.content.end]) for a in found]
    src = hits[0].source
    assert src is not None and speaker in text[src.start : src.end]


@needs_model
def test_tag_spans_are_in_range_and_end_is_respected(nlp) -> None:  # type: ignore[no-untyped-def]
    text = SENTENCES[0][0] + "\n\nComment (3)  Share this story."
    end = len(SENTENCES[0][0])
    spans = am.tagged_spans(nlp(text), end=end)
    assert spans and all(0 <= t.start < t.end <= end for t in spans)
    assert {t.label for t in spans} <= set(am.LABELS)


@needs_model
def test_component_keeps_the_main_ner_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    text = SENTENCES[0][0]
    with_tagger = nlp(text)
    without = load_model(attribution=False)(text)
    assert "detente_attribution" in nlp.pipe_names
    assert [(e.start, e.end, e.label_) for e in with_tagger.ents] == [(e.start, e.end, e.label_) for e in without.ents]
    assert am.SPANS_KEY in with_tagger.spans and am.SPANS_KEY not in without.spans


@needs_model
def test_component_tags_the_same_alone_and_in_a_batch(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [getattr(p, "values", p)[0] for p in SENTENCES]
    one_by_one = [am.tagged_spans(nlp(t)) for t in texts]
    batched = [am.tagged_spans(d) for d in nlp.pipe(texts, batch_size=2)]
    assert one_by_one == batched
