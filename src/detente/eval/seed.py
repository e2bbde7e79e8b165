"""The seed article's expectations (``../shared/seed/EXPECTED.md``), encoded as checks.

This is the project's first acceptance case, not a gold set for tuning: each check
says what an expert reads in the article, in terms loose enough that any correct
analysis passes (a content must *contain* the key words, a type must be one of the
types the expert allows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.eval.base import EvalResult
from detente.models import Analysis

SEED_NAME = "seed/000_b7a73789b7137861.txt"
SEED_PUBLISHED = "2024-11-20"


@dataclass(frozen=True)
class ActorCheck:
    surface: str  # a form in the text (first occurrence)
    country: str | None
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class StatementCheck:
    speaker: str  # substring of the resolved actor's name (or the speaker text)
    content: tuple[str, ...]  # all of these occur in the content
    date: str | None = None


@dataclass(frozen=True)
class EventCheck:
    evidence: str  # a phrase of the evidence sentence near the trigger
    types: tuple[str, ...]
    source: tuple[str | None, ...]
    target: tuple[str | None, ...]
    flag: str | None = None  # negated | hypothetical | future


@dataclass(frozen=True)
class TimeCheck:
    text: str
    value: str  # the value, or for intervals its end (prefix "/" to match the end)


ACTORS = [
    ActorCheck("Russia", "RUS", ("GOV",)),
    ActorCheck("Moscow", "RUS", ("GOV",)),
    ActorCheck("Kremlin", "RUS", ("GOV",)),
    ActorCheck("the United States", "USA", ("GOV",)),
    ActorCheck("Washington", "USA", ("GOV",)),
    ActorCheck("White House", "USA", ("GOV",)),
    ActorCheck("Dmytri Peskov", "RUS", ("GOV",)),
    ActorCheck("Donald Trump", "USA", ("GOV",)),
    ActorCheck("Vladimir Putin", "RUS", ("GOV",)),
    ActorCheck("Joe Biden", "USA", ("GOV",)),
    ActorCheck("Sergei Lavrov", "RUS", ("GOV",)),
    ActorCheck("Russian Foreign Ministry", "RUS", ("GOV",)),
    ActorCheck("Alexander Pankin", "RUS", ("GOV",)),
    ActorCheck("Kyiv", "UKR", ("GOV",)),
    ActorCheck("Ukrainian army", "UKR", ("MIL",)),
    ActorCheck("Russian military", "RUS", ("MIL",)),
    ActorCheck("US military contractors", "USA", ("MIL", "BUS")),
    ActorCheck("OPEC+", None, ("IGO",)),
    ActorCheck("BRICS+", None, ("IGO",)),
]
NOT_ACTORS = ["America First"]

STATEMENTS = [
    StatementCheck("Peskov", ("ready to normalize relations", "cannot dance alone"), "2024-11-18"),
    StatementCheck("Lavrov", ("has never refused contact", "dialogue is always better"), "2024-11"),
    StatementCheck("Russia", ("Donald Trump is just an individual",)),
    StatementCheck("Foreign Ministry", ("imposed relatively harsh sanctions",)),
    StatementCheck("Pankin", ("20,000 sanctions",)),
    StatementCheck("Trump", ("good personal relationship",)),
]
SCARE_QUOTES = ["America First!", "ecosystems", "brains", "special military operations", "red lines", "de-escalation", "Proportionately"]

EVENTS = [
    EventCheck("ready to normalize relations", ("AGREE",), ("RUS",), ("USA",), "future"),
    EventCheck("may extend a hand", ("AGREE",), ("RUS",), ("USA",), "hypothetical"),
    EventCheck("has never refused contact", ("REJECT",), ("RUS",), (None, "USA"), "negated"),
    EventCheck("imposed relatively harsh sanctions", ("SANCTION",), ("USA",), ("RUS",)),
    EventCheck("withstood approximately 20,000 sanctions", ("SANCTION",), (None, "USA"), ("RUS",)),
    EventCheck("lifted the ban", ("COOPERATE", "CONCEDE", "SUPPORT"), ("USA",), ("UKR", "USA", None)),
    EventCheck("approved the last remaining precious military aid", ("AID",), ("USA",), ("UKR",)),
    EventCheck("allow the Ukrainian army", ("SUPPORT", "COOPERATE", "AID", "AGREE"), ("USA",), ("UKR",)),
    EventCheck("retaliates in a way", ("THREATEN", "ASSAULT", "COERCE"), ("RUS",), (None, "USA", "UKR"), "hypothetical"),
    EventCheck("retaliating with tactical nuclear weapons", ("THREATEN", "ASSAULT", "COERCE"), (None, "RUS"), (None, "UKR", "USA"), "negated"),
]

TIMES = [
    TimeCheck("November 18", "2024-11-18"),
    TimeCheck("January 20, 2025", "2025-01-20"),
    TimeCheck("earlier this month", "2024-11"),
    TimeCheck("remaining two months", "/2025-01-20"),
    TimeCheck("first term", "2017-01-20/2021-01-20"),
]


@dataclass
class SeedReport:
    actors: list[tuple[ActorCheck, bool, str]]
    not_actors: list[tuple[str, bool]]
    statements: list[tuple[StatementCheck, bool, str]]
    scare: list[tuple[str, bool]]
    events: list[tuple[EventCheck, bool, str]]
    times: list[tuple[TimeCheck, bool, str]]

    def figures(self) -> dict[str, float]:
        def frac(items: Sequence[tuple[Any, ...]]) -> float:
            return sum(1 for it in items if it[1]) / len(items) if items else 1.0

        return {
            "actors": frac(self.actors),
            "statements": frac(self.statements),
            "scare_quotes_rejected": frac(self.scare),
            "events": frac(self.events),
            "times": frac(self.times),
        }

    def failures(self) -> list[str]:
        out = []
        for group in (self.actors, self.statements, self.events, self.times):
            for check, ok, why in group:
                if not ok:
                    out.append(f"{check}: {why}")
        out += [f"not an actor: {s}" for s, ok in self.not_actors if not ok]
        out += [f"scare quote taken as a statement: {s}" for s, ok in self.scare if not ok]
        return out


def check(analysis: Analysis) -> SeedReport:
    text = analysis.article.text

    def actor_for(surface: str) -> tuple[bool, str]:
        pos = text.find(surface)
        if pos < 0:
            return False, "surface not in text"
        for a in analysis.actors:
            for m in a.mentions:
                if m.start <= pos + len(surface) - 1 and pos <= m.end - 1:
                    return True, f"{a.id} {a.country} {a.sector}"
        return False, "no mention"

    actors = []
    for c in ACTORS:
        found, info = actor_for(c.surface)
        if not found:
            actors.append((c, False, info))
            continue
        pos = text.find(c.surface)
        best = None
        for a in analysis.actors:
            if any(m.start <= pos + len(c.surface) - 1 and pos <= m.end - 1 for m in a.mentions):
                best = a
                break
        assert best is not None
        ok = best.country == c.country and (best.sector in c.sectors)
        actors.append((c, ok, f"got {best.id} {best.country} {best.sector}"))
    not_actors = []
    for s in NOT_ACTORS:
        found, _ = actor_for(s)
        not_actors.append((s, not found))

    statements = []
    for sc in STATEMENTS:
        ok, why = False, "no statement with that content"
        for q in analysis.quotes:
            if all(piece in q.content.text for piece in sc.content):
                speaker = analysis.actor(q.speaker.actor) if q.speaker else None
                names = [speaker.name if speaker else "", q.speaker.span.text if q.speaker else ""]
                ok = any(sc.speaker.lower() in n.lower() for n in names)
                if ok and sc.date is not None:
                    ok = q.date == sc.date
                why = f"speaker {names}, date {q.date}"
                if ok:
                    break
        statements.append((sc, ok, why))
    scare = []
    for s in SCARE_QUOTES:
        bad = any(s in q.content.text and len(q.content.text) < len(s) + 8 for q in analysis.quotes)
        scare.append((s, not bad))

    events = []
    for ec in EVENTS:
        pos = text.find(ec.evidence)
        ok, why = False, "no event there"
        for ev in analysis.events:
            if not (pos <= ev.trigger.start < pos + len(ec.evidence) + 40 or ev.trigger.start <= pos < ev.trigger.end):
                continue
            if ev.evidence.start > pos or ev.evidence.end < pos:
                continue
            flags_ok = ec.flag is None or getattr(ev, ec.flag)
            ok = ev.type in ec.types and ev.source_country in ec.source and ev.target_country in ec.target and flags_ok
            why = f"got {ev.type} {ev.source_country}->{ev.target_country} neg={ev.negated} hyp={ev.hypothetical} fut={ev.future}"
            if ok:
                break
        events.append((ec, ok, why))

    times = []
    for tc in TIMES:
        ok, why = False, "not found"
        for tm in analysis.times:
            if tc.text in tm.span.text or tm.span.text in tc.text and len(tm.span.text) > 4:
                got = tm.value
                ok = got.endswith(tc.value[1:]) if tc.value.startswith("/") else got == tc.value
                why = f"got {got}"
                if ok:
                    break
        times.append((tc, ok, why))
    return SeedReport(actors, not_actors, statements, scare, events, times)


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    from detente.nlp.pipeline import analyze

    path = shared / SEED_NAME
    text = path.read_text(encoding="utf-8")
    report = check(analyze(text, published=SEED_PUBLISHED))
    return EvalResult("seed", report.figures(), notes=report.failures())
