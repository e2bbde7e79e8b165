from __future__ import annotations

import time

import pytest

from detente.ingest import detect_language, is_english


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The foreign ministers met in Geneva on Tuesday for the first direct talks in a year.", "en"),
        ("Les ministres des Affaires étrangères se sont réunis mardi à Genève.", "fr"),
        ("Die Außenminister trafen sich am Dienstag in Genf zu ersten direkten Gesprächen.", "de"),
        ("Los ministros de Exteriores se reunieron el martes en Ginebra.", "es"),
        ("Министры иностранных дел встретились во вторник в Женеве.", "ru"),
        ("اجتمع وزراء الخارجية في جنيف يوم الثلاثاء لإجراء أول محادثات مباشرة.", "ar"),
        ("外交部长们周二在日内瓦举行了一年来的首次直接会谈。", "zh"),
    ],
)
def test_detect(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_short_or_empty_is_none() -> None:
    assert detect_language("") is None
    assert detect_language("OK 123") is None
    assert is_english(None) and is_english("en") and not is_english("fr")


def test_speed() -> None:
    detect_language("warm up the detector once")
    text = "The foreign ministers met in Geneva on Tuesday for the first direct talks in a year. " * 40
    t = time.perf_counter()
    for _ in range(50):
        assert detect_language(text) == "en"
    per_doc = (time.perf_counter() - t) / 50
    assert per_doc < 0.05, f"{per_doc * 1000:.1f} ms per article"
