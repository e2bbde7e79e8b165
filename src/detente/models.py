"""The one typed data model every stage passes on and every interface serialises.

Offsets are Python ``str`` indices into ``Article.text``, end exclusive.
``Analysis.to_dict()`` is the JSON output contract documented in the README
(``schema`` names its version); ``Analysis.from_dict`` reads it back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "detente.analysis/1"

# ``place``: a place of a country that is not its state or government (a region or city,
# "Darfur", "the West Bank"; a capital as a location, "talks in Doha"), with that country
# and no sector. Not an actor of its own, but an event can happen to it.
ActorType = Literal["country", "person", "organization", "igo", "military", "group", "place"]
QuoteKind = Literal["direct", "indirect", "mixed"]
CueType = Literal["speech", "writing", "belief", "evidence"]


def article_id_for(text: str) -> str:
    """Content hash of the text: re-reading the same text gives the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(slots=True)
class Article:
    text: str
    id: str = ""
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    language: str | None = None
    author: str | None = None
    # Where analysis stops: page furniture after this offset ("Comment (0)") is
    # excluded from analysis without shifting any offset. None means len(text).
    body_end: int | None = None
    summary_only: bool = False
    duplicate_of: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id_for(self.text)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "language": self.language,
            "author": self.author,
            "text": self.text,
        }
        if self.summary_only:
            d["summary_only"] = True
        if self.duplicate_of:
            d["duplicate_of"] = self.duplicate_of
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            text=str(d.get("text") or ""),
            id=str(d.get("id") or ""),
            title=d.get("title"),
            source=d.get("source"),
            url=d.get("url"),
            published=d.get("published"),
            published_inferred=bool(d.get("published_inferred", False)),
            language=d.get("language"),
            author=d.get("author"),
            summary_only=bool(d.get("summary_only", False)),
            duplicate_of=d.get("duplicate_of"),
        )


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: ActorType
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            country=d.get("country"),
            sector=d.get("sector"),
            role=d.get("role"),
            mentions=[Span.from_dict(m) for m in d.get("mentions", [])],
        )


@dataclass(slots=True)
class Speaker:
    span: Span
    actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, **self.span.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(Span.from_dict(d), d.get("actor"))


@dataclass(slots=True)
class Quote:
    content: Span
    speaker: Speaker | None = None
    cue: Span | None = None
    kind: QuoteKind = "indirect"
    cue_type: CueType = "speech"
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict(),
            "kind": self.kind,
            "cue_type": self.cue_type,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            content=Span.from_dict(d["content"]),
            speaker=Speaker.from_dict(d["speaker"]) if d.get("speaker") else None,
            cue=Span.from_dict(d["cue"]) if d.get("cue") else None,
            kind=d.get("kind", "indirect"),
            cue_type=d.get("cue_type", "speech"),
            date=d.get("date"),
        )


@dataclass(slots=True)
class Event:
    type: str
    trigger: Span
    evidence: Span
    mode: str | None = None
    source: str | None = None
    target: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    intensity: float = 0.0
    date: str | None = None
    said_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "source": self.source,
            "target": self.target,
            "source_country": self.source_country,
            "target_country": self.target_country,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "future": self.future,
            "intensity": self.intensity,
            "date": self.date,
            "said_by": self.said_by,
            "trigger": self.trigger.to_dict(),
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            type=d["type"],
            trigger=Span.from_dict(d["trigger"]),
            evidence=Span.from_dict(d["evidence"]),
            mode=d.get("mode"),
            source=d.get("source"),
            target=d.get("target"),
            source_country=d.get("source_country"),
            target_country=d.get("target_country"),
            negated=bool(d.get("negated", False)),
            hypothetical=bool(d.get("hypothetical", False)),
            future=bool(d.get("future", False)),
            intensity=float(d.get("intensity", 0.0)),
            date=d.get("date"),
            said_by=d.get("said_by"),
        )


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression; ``value`` is ISO-like: YYYY-MM-DD, YYYY-MM, YYYY, or
    an interval ``start/end`` of those."""

    span: Span
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "value": self.value}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Time:
        return cls(Span.from_dict(d), str(d["value"]))


@dataclass(slots=True)
class Analysis:
    article: Article
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    extractor: str = ""
    warnings: list[str] = field(default_factory=list)

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "extractor": self.extractor,
            "article": self.article.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "times": [t.to_dict() for t in self.times],
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        return cls(
            article=Article.from_dict(d["article"]),
            actors=[Actor.from_dict(a) for a in d.get("actors", [])],
            quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
            events=[Event.from_dict(e) for e in d.get("events", [])],
            times=[Time.from_dict(t) for t in d.get("times", [])],
            extractor=d.get("extractor", ""),
            warnings=list(d.get("warnings", [])),
        )
