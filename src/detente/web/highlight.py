"""An article's text as HTML with its findings highlighted, built from character offsets.

Spans may overlap or cross (a mention inside a statement, a trigger inside both), so the
text is cut at every span boundary and each segment is wrapped once, with the classes of
every span covering it. Every piece of text and every attribute value is escaped: the
article is untrusted input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from detente.models import Analysis

QUAD_LABELS: dict[str, str] = {
    "verbal_cooperation": "verbal cooperation",
    "material_cooperation": "material cooperation",
    "verbal_conflict": "verbal conflict",
    "material_conflict": "material conflict",
}


@dataclass(slots=True)
class Mark:
    """One highlighted span: CSS classes, a one-line description and data attributes."""

    start: int
    end: int
    classes: tuple[str, ...]
    tip: str
    data: dict[str, str] = field(default_factory=dict)


def _name(an: Analysis, actor_id: str | None) -> str:
    actor = an.actor(actor_id)
    if actor is None:
        return actor_id or "?"
    return actor.name


_LISTS = ("q", "event", "actor")  # data attributes that list every covering span's value


def marks_for(an: Analysis) -> list[Mark]:
    """Every actor mention, statement (speaker, cue, content), event trigger and time."""
    from detente.store.schema import quad_of

    out: list[Mark] = []
    for actor in an.actors:
        desc = f"Actor: {actor.name} ({actor.type}"
        desc += f", {actor.country})" if actor.country else ")"
        if actor.role:
            desc += f" — {actor.role}"
        for m in actor.mentions:
            out.append(Mark(m.start, m.end, ("m-actor",), desc, {"actor": actor.id}))
    for i, q in enumerate(an.quotes):
        who = _name(an, q.speaker.actor) if q.speaker else "unknown speaker"
        spoken = q.speaker.span.text if q.speaker else ""
        cue = q.cue.text if q.cue else ""
        desc = f"Statement {i + 1} ({q.kind}, {q.cue_type}) by {who}"
        if cue:
            desc += f" — cue “{cue}”"
        data = {"q": str(i), "speaker": f"{who}" + (f" ({spoken})" if spoken and spoken != who else "")}
        out.append(Mark(q.content.start, q.content.end, ("m-quote",), desc, data))
        if q.speaker:
            out.append(Mark(q.speaker.span.start, q.speaker.span.end, ("m-speaker",), f"Speaker of statement {i + 1}: {who}", {"q": str(i)}))
        if q.cue:
            out.append(Mark(q.cue.start, q.cue.end, ("m-cue",), f"Cue of statement {i + 1} ({q.cue_type})", {"q": str(i)}))
    for i, e in enumerate(an.events):
        quad = quad_of(e.type)
        flags = [f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical), ("future", e.future)) if on]
        desc = (
            f"Event {i + 1}: {e.type}{' / ' + e.mode if e.mode else ''} — "
            f"{_name(an, e.source) if e.source else '?'} → {_name(an, e.target) if e.target else '?'}, "
            f"intensity {e.intensity:+g}"
        )
        if quad:
            desc += f", {QUAD_LABELS.get(quad, quad)}"
        if flags:
            desc += f" ({', '.join(flags)})"
        classes = ["m-event", f"quad-{quad or 'unknown'}"]
        if e.negated or e.hypothetical:
            classes.append("uncertain")
        out.append(Mark(e.trigger.start, e.trigger.end, tuple(classes), desc, {"event": str(i), "type": e.type}))
    for t in an.times:
        out.append(Mark(t.span.start, t.span.end, ("m-time",), f"Time: {t.value}", {}))
    return out


def highlight(text: str, marks: list[Mark], *, body_end: int | None = None) -> Markup:
    """``text`` as escaped HTML with each segment wrapped in a ``<span>`` carrying the
    classes, tips (``title`` and ``data-tip``) and data attributes of the marks covering it.
    Text after ``body_end`` (page furniture, not analysed) is wrapped in ``.furniture``."""
    n = len(text)
    valid = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = {0, n}
    for m in valid:
        cuts.add(m.start)
        cuts.add(m.end)
    if body_end is not None and 0 < body_end < n:
        cuts.add(body_end)
    bounds = sorted(cuts)
    starts: dict[int, list[Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    parts: list[str] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        active = [m for m in active if m.end > lo] + starts.get(lo, [])
        piece = str(escape(text[lo:hi]))
        furniture = body_end is not None and lo >= body_end
        if not active:
            parts.append(f'<span class="furniture">{piece}</span>' if furniture else piece)
            continue
        classes: list[str] = ["seg"]
        data: dict[str, str] = {}
        for m in active:
            for c in m.classes:
                if c not in classes:
                    classes.append(c)
            for k, v in m.data.items():
                if k not in data:
                    data[k] = v
                elif k in _LISTS and v not in data[k].split(" "):
                    data[k] = f"{data[k]} {v}"
        if furniture:
            classes.append("furniture")
        tip = "\n".join(dict.fromkeys(m.tip for m in active))
        attrs = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in data.items())
        parts.append(
            f'<span class="{escape(" ".join(classes))}" title="{escape(tip)}" data-tip="{escape(tip)}"'
            f'{attrs} tabindex="0">{piece}</span>'
        )
    return Markup("".join(parts))
