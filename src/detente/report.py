"""``detente analyze``: read inputs, analyse, and print a report, JSON or JSON lines."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from detente.ingest import IngestStats, is_english, progress
from detente.models import Analysis, Article


def _articles(inputs: Sequence[str], published: str | None, stats: IngestStats) -> Iterator[Article]:
    from detente.ingest import Skipped, iter_articles

    for item in iter_articles(inputs, published=published):
        if isinstance(item, Skipped):
            stats.skip(item.reason)
            print(f"detente: skipped {item.source}: {item.reason}", file=sys.stderr)
            continue
        stats.read += 1
        if not is_english(item.language):
            stats.non_english += 1
        yield item


def run_analyze(inputs: Sequence[str], *, published: str | None, fmt: str, workers: int = 1) -> int:
    from detente.nlp.pipeline import analyze_many

    stats = IngestStats()
    count = 0
    out = sys.stdout
    results = _counted(analyze_many(_articles(inputs, published, stats), workers=workers), stats, show=fmt != "report")
    if fmt == "json":
        items = [a.to_dict() for a in results]
        count = len(items)
        json.dump(items[0] if len(items) == 1 else items, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for analysis in results:
            out.write(json.dumps(analysis.to_dict(), ensure_ascii=False))
            out.write("\n")
            count += 1
    else:
        console = Console(file=out, soft_wrap=False)
        for analysis in results:
            print_report(analysis, console)
            count += 1
    if count == 0:
        print("detente: no article could be read" + (f"; {stats.summary()}" if stats.skipped else ""), file=sys.stderr)
        return 2
    if count > 1 or stats.skipped:
        print(f"detente: {stats.summary()}", file=sys.stderr)
    return 0


def _counted(results: Iterator[Analysis], stats: IngestStats, *, show: bool) -> Iterator[Analysis]:
    """Counts what was analysed; with ``show``, progress on stderr (the data goes to stdout)."""
    with contextlib.ExitStack() as stack:
        bar = stack.enter_context(progress(None, "analysing")) if show else None
        for analysis in results:
            if not analysis.warnings:
                stats.analysed += 1
            if bar is not None:
                bar.advance()
            yield analysis


def _name(analysis: Analysis, actor_id: str | None) -> str:
    actor = analysis.actor(actor_id)
    if actor is None:
        return "—" if actor_id is None else actor_id
    return f"{actor.name} ({actor.country or '?'})"


def _clip(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _around(text: str, start: int, end: int, width: int = 45) -> Text:
    """The trigger in bold with a little context either side."""
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    out = Text("…" + left + " ")
    out.append(text[start:end], style="bold")
    out.append(" " + right + "…")
    return out


def print_report(analysis: Analysis, console: Console | None = None, file: TextIO | None = None) -> None:
    """The readable terminal report: one table per kind of finding."""
    console = console or Console(file=file or sys.stdout)
    art = analysis.article
    head = Text()
    head.append(art.title or art.id, style="bold")
    pub = art.published or "unknown date"
    if art.published_inferred:
        pub += " (inferred)"
    head.append(f"  · {pub} · {art.language or '?'} · {len(art.text):,} chars")
    console.print(head)
    for w in analysis.warnings:
        console.print(f"[yellow]warning:[/] {w}")

    t = Table(title="Actors", title_justify="left", show_lines=False)
    for col in ("actor", "type", "country", "sector", "role", "mentions"):
        t.add_column(col)
    for a in analysis.actors:
        forms = sorted({m.text for m in a.mentions})
        t.add_row(a.name, a.type, a.country or "", a.sector or "", a.role or "", f"{len(a.mentions)}: " + _clip(", ".join(forms), 60))
    console.print(t)

    q = Table(title="Statements", title_justify="left", show_lines=True)
    for col in ("speaker", "cue", "kind", "date", "content"):
        q.add_column(col, overflow="fold")
    for quote in analysis.quotes:
        speaker = quote.speaker
        who = _name(analysis, speaker.actor) if speaker and speaker.actor else (speaker.span.text if speaker else "—")
        q.add_row(who, quote.cue.text if quote.cue else "", f"{quote.kind}/{quote.cue_type}", quote.date or "", _clip(quote.content.text, 160))
    console.print(q)

    e = Table(title="Events", title_justify="left", show_lines=True)
    for col in ("type", "source → target", "flags", "intensity", "date", "trigger / evidence"):
        e.add_column(col, overflow="fold")
    for ev in analysis.events:
        flags = [f for f, on in (("negated", ev.negated), ("hypothetical", ev.hypothetical), ("future", ev.future)) if on]
        if ev.said_by:
            flags.append(f"said by {_name(analysis, ev.said_by)}")
        e.add_row(
            ev.type + (f"/{ev.mode}" if ev.mode else ""),
            f"{_name(analysis, ev.source)} → {_name(analysis, ev.target)}",
            ", ".join(flags),
            f"{ev.intensity:+.1f}",
            ev.date or "",
            _around(analysis.article.text, ev.trigger.start, ev.trigger.end),
        )
    console.print(e)

    tt = Table(title="Times", title_justify="left")
    tt.add_column("text")
    tt.add_column("value")
    for tm in analysis.times:
        tt.add_row(tm.span.text, tm.value)
    console.print(tt)
