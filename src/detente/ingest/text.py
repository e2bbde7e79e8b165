"""Plain text, JSON lines and stdin; decoding bytes of unknown charset; page furniture.

Plain text and JSONL keep ``Article.text`` exactly as decoded, so offsets are offsets
into the input. Furniture at the end of a text ("Comment (0)", "Share this article",
"Related articles", cookie notices, ...) is not removed: ``Article.body_end`` marks
where the analysable body stops. The furniture patterns live in
``detente/data/furniture.txt``.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from detente.ingest.base import IngestError, Skipped, iso_date, too_big
from detente.models import Article

# --------------------------------------------------------------------------- encoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+))""",
    re.IGNORECASE,
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names in the first 4 KB."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return _codec((m.group(1) or m.group(2)).decode("ascii", "replace"))


def looks_binary(data: bytes) -> bool:
    """NUL or many control bytes in the first 8 KB (BOM-marked UTF-16/32 excepted)."""
    head = data[:8192]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        # UTF-16 without BOM: NULs on every other byte of ASCII text
        even, odd = head[0::2], head[1::2]
        if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
            return not _decodes_as_text(head, "utf-16-be" if even.count(0) > odd.count(0) else "utf-16-le")
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > 0.05 * len(head)


def _decodes_as_text(data: bytes, encoding: str) -> bool:
    try:
        text = data[: len(data) // 4 * 4].decode(encoding)
    except UnicodeDecodeError:
        return False
    return sum(ch.isprintable() or ch.isspace() for ch in text) > 0.95 * max(1, len(text))


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes of unknown charset; returns ``(text, encoding)``.

    Order: byte-order mark, the charset the caller was told (HTTP header), the charset
    declared in an HTML ``<meta>``/XML declaration, strict UTF-8, then
    charset-normalizer. Raises :class:`IngestError` for binary data.
    """
    for bom, bom_enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(bom_enc), bom_enc
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise IngestError("binary file (not text, HTML, a feed or a WARC)")
    for enc in (_codec(declared), declared_charset(data)):
        if enc is not None and not enc.startswith(("utf-16", "utf-32")):  # a declaration without a BOM is often wrong
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        for enc in ("utf-16-le", "utf-16-be"):
            if _decodes_as_text(data, enc):
                return data[: len(data) // 2 * 2].decode(enc, "replace"), enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError("undecodable bytes: no character encoding fits")
    return str(best), best.encoding


# --------------------------------------------------------------------------- furniture


@lru_cache(maxsize=1)
def furniture_patterns() -> tuple[re.Pattern[str], ...]:
    """The whole-line patterns of ``data/furniture.txt``."""
    raw = resources.files("detente").joinpath("data/furniture.txt").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(re.compile(line, re.IGNORECASE))
    return tuple(out)


def is_furniture(line: str) -> bool:
    s = line.strip()
    return bool(s) and any(p.fullmatch(s) for p in furniture_patterns())


_SENTENCE_END = re.compile(r"""[.!?]["'\u201d\u2019)\]]*$""")


def _tail_compatible(line: str) -> bool:
    """Blank, furniture, or headline-like (short, no sentence end)."""
    s = line.strip()
    if not s or is_furniture(s):
        return True
    return len(s.split()) < 20 and not _SENTENCE_END.search(s)


def body_end(text: str) -> int | None:
    """Offset where the analysable body ends if the text's tail is page furniture.

    Walks lines back from the end while they are blank, furniture or headline-like;
    the body ends before the earliest furniture line of that tail (trailing whitespace
    excluded). None when the tail holds no furniture line.
    """
    lines = text.splitlines(keepends=True)
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    cut: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        if not _tail_compatible(lines[i]):
            break
        if is_furniture(lines[i]):
            cut = i
    if cut is None:
        return None
    end = len(text[: starts[cut]].rstrip())
    if end == 0:  # all furniture: nothing to analyse, but never cut the whole text silently
        return None
    return end


# --------------------------------------------------------------------------- readers


def text_article(
    text: str,
    *,
    source: str,
    published: str | None = None,
    title_first_line: bool = False,
) -> Article:
    """One article whose text is exactly ``text``."""
    title = None
    if title_first_line:
        for line in text.splitlines():
            if line.strip():
                title = line.strip()
                break
    return Article(
        text=text,
        title=title,
        source=source,
        published=published,
        published_inferred=False,
        body_end=body_end(text),
    )


def read_text(
    data: bytes,
    *,
    source: str,
    published: str | None = None,
    title_first_line: bool = False,
) -> Iterator[Article | Skipped]:
    try:
        text, _ = decode_bytes(data)
    except IngestError as e:
        yield Skipped(source, str(e))
        return
    if not text.strip():
        yield Skipped(source, "empty document")
        return
    yield text_article(text, source=source, published=published, title_first_line=title_first_line)


def read_jsonl(data: bytes, *, source: str, published: str | None = None) -> Iterator[Article | Skipped]:
    """JSON lines from bytes; see :func:`read_jsonl_lines`."""
    yield from read_jsonl_lines(data.splitlines(), source=source, published=published)


def read_jsonl_lines(
    lines: Iterable[bytes],
    *,
    source: str,
    published: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Skipped]:
    """JSON lines ``{"id", "text", "published"?, "title"?, "url"?, "source"?}`` (UTF-8).

    A bad line is a :class:`Skipped` ``path:line``; the others are read.
    """
    for lineno, raw in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if max_bytes is not None and len(raw) > max_bytes:
            yield Skipped(where, too_big(len(raw), max_bytes))
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield Skipped(where, f"JSON line is not UTF-8: {e}")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            yield Skipped(where, f"invalid JSON: {e}")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, "JSON line is not an object")
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, 'JSON line has no "text" string')
            continue
        raw_id = obj.get("id")
        if raw_id is not None and not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
            yield Skipped(where, '"id" must be a string or an integer')
            continue
        date = obj.get("published")
        pub = iso_date(date) if date is not None else None
        if date is not None and pub is None:
            yield Skipped(where, f'"published" is not an ISO date (YYYY-MM-DD): {str(date)[:40]!r}')
            continue

        def opt(key: str, obj: dict[str, object] = obj) -> str | None:
            v = obj.get(key)
            return v if isinstance(v, str) and v.strip() else None

        yield Article(
            text=body,
            id=str(raw_id) if raw_id not in (None, "") else "",
            title=opt("title"),
            url=opt("url"),
            source=opt("source") or source,
            published=pub or published,
            published_inferred=False,
            author=opt("author"),
            body_end=body_end(body),
        )
