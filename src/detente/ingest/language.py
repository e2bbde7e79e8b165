"""Language identification with lingua, over ~25 major news languages.

The detector is built once, lazily, on first use (lingua's models ship in the wheel).
Only the first :data:`SAMPLE_CHARS` characters are examined: enough for a confident
decision on news text, and it keeps detection fast on long articles.
"""

from __future__ import annotations

import threading
from typing import Any

SAMPLE_CHARS = 2000
#: too little text to say
MIN_LETTERS = 12

LANGUAGES = (
    "ENGLISH", "FRENCH", "GERMAN", "SPANISH", "PORTUGUESE", "ITALIAN", "DUTCH", "RUSSIAN",
    "UKRAINIAN", "POLISH", "TURKISH", "ARABIC", "PERSIAN", "HEBREW", "HINDI", "URDU", "BENGALI",
    "CHINESE", "JAPANESE", "KOREAN", "INDONESIAN", "VIETNAMESE", "THAI", "SWEDISH", "GREEK",
    "ROMANIAN", "HUNGARIAN", "CZECH", "SWAHILI",
)

_detector: Any = None
_lock = threading.Lock()


def detector() -> Any:
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                langs = [getattr(Language, name) for name in LANGUAGES]
                _detector = LanguageDetectorBuilder.from_languages(*langs).build()
    return _detector


def detect_language(text: str) -> str | None:
    """ISO 639-1 code (``"en"``) of the text's language, or None when unsure or too short."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    lang = detector().detect_language_of(sample)
    if lang is None:
        return None
    return str(lang.iso_code_639_1.name).lower()


def is_english(language: str | None) -> bool:
    """Unknown language counts as English (the caller analyses it; nothing is lost)."""
    return language in (None, "en")
