"""Terms of office as time expressions: "his first term as president" → the dates of
that person's first term, from the roles in ``data/people.yaml``."""

from __future__ import annotations

import re

from detente.models import Span, Time
from detente.nlp.actors import ActorIndex

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "previous": -2, "last": -1, "current": -1}
_TERM = re.compile(
    r"\b(?:his|her)\s+(first|second|third|fourth|previous|last|current)\s+(?:term|presidency|premiership|stint)"
    r"(?:\s+(?:as|in)\s+([a-z ]+?)(?=[,.;:]|\s+(?:and|but|when|while|he|she)\b|$))?",
    re.IGNORECASE,
)


def find_terms(text: str, index: ActorIndex, *, end: int | None = None) -> list[Time]:
    """Each "his/her Nth term" resolved against the nearest preceding person whose
    gazetteer entry has dated roles."""
    out: list[Time] = []
    g = index.gazetteer
    doc = index.doc
    for m in _TERM.finditer(text, 0, len(text) if end is None else end):
        # the person: the token at the pronoun resolves to the nearest preceding person
        tok = next((t for t in doc if t.idx >= m.start()), None)
        if tok is None:
            continue
        person = index.resolve_token(tok, record=False)
        known = g.actors.get(person) if person else None
        if known is None or not known.roles:
            # "during his first term as president, Trump ...": the person may follow
            later = [mm for mm in index.mentions if mm.start > tok.i and index.actors[mm.actor_id].type == "person"]
            if later:
                known = g.actors.get(later[0].actor_id)
        if known is None or not known.roles:
            continue
        office = (m.group(2) or "").strip().lower()
        roles = [r for r in known.roles if r[1] and (not office or office.split()[-1] in r[0].lower())]
        if not roles:
            continue
        roles.sort(key=lambda r: r[1] or "")
        n = _ORDINALS[m.group(1).lower()]
        pick = roles[n - 1] if 0 < n <= len(roles) else (roles[n] if n < 0 and len(roles) >= -n else None)
        if pick is None:
            continue
        start, stop = pick[1], pick[2]
        value = f"{start}/{stop}" if stop else f"{start}/"
        out.append(Time(Span.of(text, m.start(), m.end()), value))
    return out
