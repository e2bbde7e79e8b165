"""Counting an ingest run, and a progress display that suits where output goes."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO


@dataclass
class IngestStats:
    """What a run read, analysed, and left out (and why)."""

    read: int = 0
    analysed: int = 0
    duplicates: int = 0
    non_english: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def summary(self) -> str:
        parts = [
            f"{self.read:,} read",
            f"{self.analysed:,} analysed",
            f"{self.duplicates:,} duplicate{'s' if self.duplicates != 1 else ''}",
            f"{self.non_english:,} not English",
            f"{sum(self.skipped.values()):,} skipped",
        ]
        lines = [", ".join(parts)]
        for reason, n in self.skipped.most_common():
            lines.append(f"  skipped {n:,} × {reason}")
        return "\n".join(lines)


class Progress(Protocol):
    def advance(self, n: int = 1) -> None: ...


class _PlainProgress:
    """Periodic plain lines on a non-terminal stream (logs, CI)."""

    def __init__(self, total: int | None, label: str, stream: TextIO, every: float = 5.0) -> None:
        self.total, self.label, self.stream, self.every = total, label, stream, every
        self.done = 0
        self.start = self._last = time.monotonic()

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._line(now)

    def _line(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        of = f"/{self.total:,}" if self.total is not None else ""
        print(f"{self.label}: {self.done:,}{of} ({rate:,.1f}/s)", file=self.stream, flush=True)

    def close(self) -> None:
        self._line(time.monotonic())


class _RichProgress:
    def __init__(self, bar: Any, task: Any) -> None:
        self.bar, self.task = bar, task

    def advance(self, n: int = 1) -> None:
        self.bar.advance(self.task, n)


@contextmanager
def progress(total: int | None, label: str, *, stream: TextIO | None = None) -> Iterator[Progress]:
    """``with progress(n, "reading") as p: ... p.advance()`` — a rich bar on a TTY,
    plain periodic lines to stderr otherwise."""
    out = stream if stream is not None else sys.stderr
    if out.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import (
            Progress as RichBar,
        )

        with RichBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=out),
            transient=False,
        ) as bar:
            yield _RichProgress(bar, bar.add_task(label, total=total))
    else:
        plain = _PlainProgress(total, label, out)
        try:
            yield plain
        finally:
            plain.close()
