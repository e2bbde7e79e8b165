"""Articles of ``../shared`` named by a short source string, read as detente reads them.

A gold set written by us holds no article text; it names each article by a source
string and the scorer reads the text from ``shared``:

- ``corpus/bbc/<section>/NNN.txt``: one BBC News file as detente's text ingest reads it (the
  whole file, title on line 1; no date);
- ``corpus/reuters21578/reut2-NNN.sgm#<NEWID>``: one Reuters-21578 story, its title, a
  blank line and its body opened by its dateline as on the wire ("LONDON, April 8 - …";
  entities unescaped, the closing "Reuter" signature dropped), published on its DATE;
- ``feeds/news/<feed>#<url>``: the feed item with that link, as detente's feed ingest
  gives it (text, publication date).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

from detente.models import Article

_REUTERS_DOC = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "DATELINE", "BODY", "DATE")}
_SIGNATURE = re.compile(r"\s*\bReuter\s*(&#3;)?\s*$")


def reuters_story(sgm: str, newid: str) -> tuple[str, str | None]:
    """(text, published) of the Reuters-21578 story ``newid`` in one ``.sgm`` file's text."""
    for m in _REUTERS_DOC.finditer(sgm):
        if m.group(1) != newid:
            continue
        doc = m.group(2)
        parts = {k: (p.group(1) if (p := rx.search(doc)) else None) for k, rx in _TAG.items()}
        if parts["BODY"] is None:
            raise ValueError(f"Reuters story {newid} has no body")
        body = html.unescape(_SIGNATURE.sub("", parts["BODY"]).replace("&#3;", ""))
        title = html.unescape(parts["TITLE"] or "").strip()
        # the dateline opens the body, as on the wire: "LONDON, April 8 - Rolls-Royce said"
        dateline = " ".join(html.unescape(parts["DATELINE"] or "").split())
        body = f"{dateline} {body.strip()}" if dateline else body.strip()
        text = f"{title}\n\n{body}\n" if title else body + "\n"
        published = None
        if parts["DATE"]:
            try:
                published = datetime.strptime(parts["DATE"].split()[0], "%d-%b-%Y").date().isoformat()
            except ValueError:
                published = None
        return text, published
    raise ValueError(f"no Reuters story with NEWID {newid}")


_FEEDS: dict[Path, dict[str, Article]] = {}


def feed_items(path: Path) -> dict[str, Article]:
    """url -> article of every item a feed yields (skipped items left out), read once."""
    from detente.ingest import read_path

    if path not in _FEEDS:
        _FEEDS[path] = {a.url: a for a in read_path(path) if isinstance(a, Article) and a.url}
    return _FEEDS[path]


def read_source(shared: Path, source: str) -> tuple[str, str | None]:
    """(text, published) of the article ``source`` names (see the module's docstring).
    Raises ``FileNotFoundError`` or ``ValueError`` when it is not there."""
    path_part, _, anchor = source.partition("#")
    path = shared / path_part
    if not path.exists():
        raise FileNotFoundError(f"no file at {path}")
    if path_part.startswith("corpus/reuters21578/"):
        return reuters_story(path.read_text(encoding="latin-1"), anchor)
    if path_part.startswith("feeds/"):
        item = feed_items(path).get(anchor)
        if item is None:
            raise ValueError(f"{path_part}: no item with url {anchor}")
        return item.text, item.published
    if anchor:
        raise ValueError(f"{source}: only Reuters and feed sources take a '#' anchor")
    from detente.ingest import read_path

    for got in read_path(path):
        if isinstance(got, Article):
            return got.text, got.published
        raise ValueError(f"{source}: {got.reason}")
    raise ValueError(f"{source}: no article")
