"""The accurate (transformer) attribution tagger: windows, BIO tags and back, the shipped
weights on hand-written news sentences, and its place in the pipeline."""

from __future__ import annotations

import pytest

from detente.eval.polnear import parse_ann
from detente.nlp import attribution_model as am
from detente.nlp.model import tagger_kind

trf = pytest.importorskip("detente.nlp.attribution_trf")
transformers = pytest.importorskip("transformers")

# a hand-made article (not from any corpus) and its brat annotation
TEXT = 'The minister said the talks would resume.\n\n"We are ready," she added, "to sign."'
ANN = "\n".join(
    [
        "T1\tSource 0 12\tThe minister",
        "T2\tCue 13 17\tsaid",
        "T3\tContent 18 40\tthe talks would resume",
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 59 62\tshe",
        "T6\tCue 63 68\tadded",
        'T7\tContent 43 58;70 80\t"We are ready," "to sign."',
        "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5",
    ]
)


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    try:
        base = trf.base_model_dir()
    except OSError as exc:
        pytest.skip(str(exc))
    return transformers.AutoTokenizer.from_pretrained(str(base))


def test_windows_cover_every_piece_in_order_and_keep_paragraphs_whole(tokenizer) -> None:  # type: ignore[no-untyped-def]
    paras = [f"Paragraph {i} says the minister spoke about talks number {i}." for i in range(40)]
    text = "\n\n".join(paras)
    wins = trf.windows(text, tokenizer, max_tokens=40)
    flat = [o for w in wins for o in w.offsets]
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    assert flat == [tuple(o) for o in enc["offset_mapping"]]
    assert all(0 < len(w.ids) <= 40 for w in wins)
    starts = {s for s, _ in trf.paragraph_bounds(text)}
    assert all(w.offsets[0][0] in starts for w in wins)  # every window opens a paragraph
    assert len(wins) < len(paras)  # short paragraphs share windows


def test_a_paragraph_longer_than_a_window_is_cut(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Short one.\n\n" + " ".join(["word"] * 100)
    wins = trf.windows(text, tokenizer, max_tokens=30)
    assert sum(len(w.ids) for w in wins) == 2 + 1 + 100  # "short", "one", ".", 100 words
    assert max(len(w.ids) for w in wins) <= 30


def test_empty_text_has_no_windows(tokenizer) -> None:  # type: ignore[no-untyped-def]
    assert trf.windows("", tokenizer) == []
    assert trf.windows("\n\n  \n", tokenizer) == []


def test_gold_tags_decode_back_to_the_gold_spans(tokenizer) -> None:  # type: ignore[no-untyped-def]
    spans = am.gold_spans(parse_ann(ANN), TEXT)
    got: list[am.Tagged] = []
    for w in trf.windows(TEXT, tokenizer):
        got.extend(trf.decode(TEXT, w, trf.window_tags(w, spans)))
    assert sorted(got, key=lambda t: t.start) == spans
    assert [t.continues for t in got if t.label == "CONTENT"] == [False, False, True]


def test_decode_opens_a_span_on_a_stray_inside_tag(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said talks failed."
    (w,) = trf.windows(text, tokenizer)
    tags = [
        trf.TAG_ID["I-SOURCE"],
        trf.TAG_ID["B-CUE"],
        trf.TAG_ID["I-CONTENT"],
        trf.TAG_ID["I-CONTENT"],
        trf.TAG_ID["O"],
    ]
    got = [(t.label, text[t.start : t.end]) for t in trf.decode(text, w, tags)]
    assert got == [("SOURCE", "Officials"), ("CUE", "said"), ("CONTENT", "talks failed")]


def test_decode_joins_a_span_the_tags_broke(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said talks failed badly."
    (w,) = trf.windows(text, tokenizer)
    b, i = trf.TAG_ID["B-CONTENT"], trf.TAG_ID["I-CONTENT"]
    tags = [0, 0, b, i, b, 0]
    got = [(t.label, text[t.start : t.end]) for t in trf.decode(text, w, tags)]
    assert got == [("CONTENT", "talks failed badly")]


def _scores(rows: list[dict[str, float]]) -> object:
    """Log-probability rows: the named tags get the given probabilities, the rest share
    what is left."""
    import numpy as np

    out = np.full((len(rows), len(trf.TAGS)), 0.0, dtype=np.float32)
    for r, probs in enumerate(rows):
        rest = (1.0 - sum(probs.values())) / (len(trf.TAGS) - len(probs))
        for t, tag in enumerate(trf.TAGS):
            out[r, t] = probs.get(tag, rest)
    return np.log(out)


@pytest.mark.parametrize(
    ("rows", "inside", "expected"),
    [
        # the argmax is what Viterbi keeps when it is well formed
        ([{"B-CONTENT": 0.9}, {"I-CONTENT": 0.9}, {"O": 0.9}], [False, False, False], ["B-CONTENT", "I-CONTENT", "O"]),
        # a stray I- after O: the span opens with B- (or is dropped), never an orphan I-
        ([{"O": 0.9}, {"I-CONTENT": 0.6, "O": 0.3}], [False, False], ["O", "O"]),
        ([{"O": 0.9}, {"I-CONTENT": 0.5, "B-CONTENT": 0.4}], [False, False], ["O", "B-CONTENT"]),
        # one O piece in a long content is outvoted by the pieces around it
        (
            [{"B-CONTENT": 0.9}, {"I-CONTENT": 0.9}, {"O": 0.55, "I-CONTENT": 0.4}, {"I-CONTENT": 0.9}],
            [False, False, False, False],
            ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT"],
        ),
        # the pieces of one word share its label ("Pes ##kov")
        ([{"B-SOURCE": 0.8}, {"B-CUE": 0.6, "I-SOURCE": 0.3}], [False, True], ["B-SOURCE", "I-SOURCE"]),
        ([{"O": 0.8}, {"B-CONTENT": 0.9}], [False, True], ["O", "O"]),
    ],
)
def test_viterbi_keeps_the_tags_well_formed(rows: list[dict[str, float]], inside: list[bool], expected: list[str]) -> None:
    assert [trf.TAGS[t] for t in trf.viterbi(_scores(rows), inside)] == expected


def test_viterbi_of_nothing_is_nothing() -> None:
    import numpy as np

    assert trf.viterbi(np.zeros((0, len(trf.TAGS))), []) == []


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("0", "off"),
        ("off", "off"),
        ("1", "fast"),
        ("fast", "fast"),
        ("accurate", "accurate"),
        ("Transformer", "accurate"),
    ],
)
def test_tagger_kind_names(value: str, kind: str) -> None:
    assert tagger_kind(value) == kind


def test_an_unknown_tagger_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="DETENTE_TAGGER"):
        tagger_kind("bert")


# --- the shipped weights ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    try:
        loaded = trf.load()
    except OSError as exc:
        pytest.skip(str(exc))
    if loaded is None:
        pytest.skip("transformer attribution weights not installed")
    return loaded


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
    (
        "The prime minister warned that the ceasefire could collapse within days.",
        "the ceasefire could collapse within days",
        "prime minister",
    ),
    (
        "According to two officials briefed on the talks, the envoy will travel to Cairo next week.",
        "the envoy will travel to Cairo next week",
        "officials",
    ),
]


@pytest.mark.parametrize(("text", "clause", "speaker"), SENTENCES)
def test_shipped_tagger_finds_obvious_attributions(tagger, text: str, clause: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    text = "Talks stalled again on Monday.\n\n" + text
    found = am.group(text, tagger.tag_texts([text])[0])
    hits = [a for a in found if clause in text[a.content.start : a.content.end]]
    assert hits, [text[a.content.start : a.content.end] for a in found]
    src = hits[0].source
    assert src is not None and speaker in text[src.start : src.end]


def test_shipped_tagger_finds_nothing_in_plain_narration(tagger) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge over the river was built in 1932. It carries four lanes of traffic."
    assert [t for t in tagger.tag_texts([text])[0] if t.label == "CONTENT"] == []


def _spans(tagged: list[am.Tagged]) -> list[tuple[str, int, int, bool]]:
    return [(t.label, t.start, t.end, t.continues) for t in tagged]


def test_batched_and_single_tagging_agree(tagger) -> None:  # type: ignore[no-untyped-def]
    texts = [t for t, _, _ in SENTENCES]
    batched = tagger.tag_texts(texts)
    single = [tagger.tag_texts([t])[0] for t in texts]
    assert [_spans(b) for b in batched] == [_spans(s) for s in single]
    # the same spans; their scores only as equal as padding lets the arithmetic be
    for b, s in zip(batched, single, strict=True):
        assert [t.score for t in b] == pytest.approx([t.score for t in s], abs=0.02)


def test_accurate_pipeline_runs_the_transformer_and_says_so(tagger) -> None:  # type: ignore[no-untyped-def]
    from detente.nlp.model import load_model
    from detente.nlp.pipeline import Pipeline

    nlp = load_model(attribution="accurate")
    assert "detente_attribution_trf" in nlp.pipe_names and "detente_attribution" not in nlp.pipe_names
    pipe = Pipeline(nlp)
    assert pipe.extractor.endswith(".accurate")
    from detente.models import Article

    text = SENTENCES[0][0]
    analysis = pipe(Article(text=text, published="2024-05-01"))
    assert any("would not sign" in q.content.text for q in analysis.quotes)
    assert am.SPANS_KEY in nlp(text).spans


def test_decode_scores_each_span_by_its_pieces_probabilities(tokenizer) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    text = "Officials said talks failed."
    (w,) = trf.windows(text, tokenizer)
    names = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O"]
    tags = [trf.TAG_ID[n] for n in names]
    probs = np.zeros((len(names), len(trf.TAGS)), dtype=np.float32)
    probs[:, trf.TAG_ID["O"]] = 1.0
    probs[0] = 0.0
    probs[0, trf.TAG_ID["B-SOURCE"]] = 0.8  # the rest is O
    probs[0, trf.TAG_ID["O"]] = 0.2
    probs[1] = 0.0
    probs[1, trf.TAG_ID["B-CUE"]] = 0.6
    probs[1, trf.TAG_ID["I-CUE"]] = 0.2  # either tag of the label counts
    probs[1, trf.TAG_ID["O"]] = 0.2
    # a content's pieces count both kinds of content (continuing or not)
    probs[2] = 0.0
    probs[2, trf.TAG_ID["B-CONTENT"]] = 0.5
    probs[2, trf.TAG_ID["B-CONTENT_CONT"]] = 0.4
    probs[2, trf.TAG_ID["O"]] = 0.1
    probs[3] = 0.0
    probs[3, trf.TAG_ID["I-CONTENT"]] = 0.5
    probs[3, trf.TAG_ID["O"]] = 0.5
    got = {t.label: round(t.score, 3) for t in trf.decode(text, w, tags, probs)}
    assert got == {"SOURCE": 0.8, "CUE": 0.8, "CONTENT": 0.7}
    # without probabilities every span scores 1
    assert {t.score for t in trf.decode(text, w, tags)} == {1.0}


def test_a_joined_span_scores_its_weaker_piece(tokenizer) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    text = "Officials said talks failed badly."
    (w,) = trf.windows(text, tokenizer)
    b, i = trf.TAG_ID["B-CONTENT"], trf.TAG_ID["I-CONTENT"]
    probs = np.zeros((6, len(trf.TAGS)), dtype=np.float32)
    probs[:, b] = [0.0, 0.0, 0.9, 0.0, 0.6, 0.0]
    probs[:, i] = [0.0, 0.0, 0.0, 0.9, 0.0, 0.0]
    (joined,) = trf.decode(text, w, [0, 0, b, i, b, 0], probs)
    assert text[joined.start : joined.end] == "talks failed badly"
    assert joined.score == pytest.approx(0.6)


def test_scores_go_through_the_doc_and_into_the_grouped_contents() -> None:
    import spacy

    nlp = spacy.blank("en")
    text = '"We are ready," she said, "to sign."'
    doc = nlp(text)
    spans = [
        am.Tagged("CONTENT", 1, 13, score=0.9),
        am.Tagged("SOURCE", 16, 19, score=0.8),
        am.Tagged("CUE", 20, 24, score=0.7),
        am.Tagged("CONTENT", 27, 34, continues=True, score=0.6),
    ]
    trf.set_spans(doc, spans)
    back = am.tagged_spans(doc)
    assert [(t.label, t.score) for t in back] == [(t.label, t.score) for t in spans]
    (grouped,) = am.group(text, back)
    assert text[grouped.content.start : grouped.content.end] == 'We are ready," she said, "to sign'
    assert grouped.content.score == pytest.approx(0.6)  # a joined content: its weaker piece


def test_weights_can_come_from_another_directory(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shipped = trf.model_dir()
    monkeypatch.setenv("DETENTE_TRF_WEIGHTS", str(tmp_path))
    assert trf.model_dir() == tmp_path
    assert trf.load() is None  # nothing trained there
    monkeypatch.delenv("DETENTE_TRF_WEIGHTS")
    assert trf.model_dir() == shipped


@pytest.mark.parametrize(
    ("value", "flags", "expected"),
    [
        ("auto", {"fpu", "avx2", "amx_bf16"}, "bf16"),  # Intel AMX
        ("auto", {"avx512f", "avx512_bf16"}, "bf16"),  # AVX-512 BF16
        ("auto", {"fp", "asimd", "bf16"}, "bf16"),  # Arm
        ("auto", {"fpu", "avx2", "avx512f"}, "fp32"),  # bfloat16 only emulated
        ("auto", set(), "fp32"),  # no /proc/cpuinfo
        ("fp32", {"amx_bf16"}, "fp32"),
        ("bf16", set(), "bf16"),
        (" BF16 ", set(), "bf16"),
    ],
)
def test_precision(value: str, flags: set[str], expected: str) -> None:
    assert trf.precision(value, frozenset(flags)) == expected


def test_precision_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DETENTE_TRF_PRECISION", "fp32")
    assert trf.precision(flags=frozenset({"amx_bf16"})) == "fp32"
    monkeypatch.setenv("DETENTE_TRF_PRECISION", "fp16")
    with pytest.raises(ValueError, match="DETENTE_TRF_PRECISION"):
        trf.precision()


def test_cpu_flags_are_read_from_cpuinfo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 amx_bf16\n\nprocessor\t: 1\n")
    assert trf.cpu_flags(info) == {"fpu", "sse2", "amx_bf16"}
    assert trf.cpu_flags(tmp_path / "missing") == frozenset()


def test_bf16_and_fp32_tag_alike(tagger) -> None:  # type: ignore[no-untyped-def]
    """The two precisions find the same spans, to within a few boundary pieces (held out,
    on PolNeAR, they score alike: see the README)."""
    from pathlib import Path

    seed = sorted((Path(__file__).resolve().parents[3] / "shared" / "seed").glob("*.txt"))
    texts = [t for t, _, _ in SENTENCES] + [p.read_text(encoding="utf-8") for p in seed]
    where = trf.model_dir()
    fp32 = trf.TransformerTagger(where, dtype="fp32")
    bf16 = trf.TransformerTagger(where, dtype="bf16")
    assert fp32.precision == "fp32" and bf16.precision == "bf16"
    assert next(bf16.encoder.parameters()).dtype != next(fp32.encoder.parameters()).dtype
    a = {(n, *s) for n, spans in enumerate(fp32.tag_texts(texts)) for s in _spans(spans)}
    b = {(n, *s) for n, spans in enumerate(bf16.tag_texts(texts)) for s in _spans(spans)}
    assert len(a) >= 10
    assert len(a & b) >= 0.85 * max(len(a), len(b)), (sorted(a - b), sorted(b - a))
