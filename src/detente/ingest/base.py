"""Shared small types for the readers: what was skipped, and the error a reader raises."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Skipped:
    """An input (or part of one) that produced no article, and why.

    ``source`` is ``path``, ``path:line`` (JSONL) or ``path#record`` (WARC/feed item).
    """

    source: str
    reason: str


class IngestError(Exception):
    """A document cannot be read; the message is the reason shown to the user."""


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from a string starting with an ISO date, else None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1000 <= y <= 2999):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def too_big(size: int, max_bytes: int) -> str:
    return f"too large: {size:,} bytes > limit of {max_bytes:,} (raise max_bytes to read it)"
