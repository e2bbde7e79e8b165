from __future__ import annotations

import time

import pytest

from detente.ingest import detect_language, is_english
from detente.ingest.language import clearly_english


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


EN_PROSE = (
    "The foreign ministers met in Geneva on Tuesday for the first direct talks in a year. The minister said that "
    "the two governments had signed an agreement on trade and defence, which will be presented to parliament "
    "next week. He added that the negotiations with their neighbours would continue after the summit."
)
NOT_EN = {
    "fr": "Les ministres des Affaires étrangères se sont réunis mardi à Genève pour les premières discussions "
    "directes depuis un an. Le ministre a déclaré que la France et l'Allemagne ont signé un accord sur le "
    "commerce et la défense, qui sera présenté au parlement la semaine prochaine.",
    "de": "Die Außenminister trafen sich am Dienstag in Genf zu ersten direkten Gesprächen seit einem Jahr. Der "
    "Minister sagte, dass Frankreich und Deutschland ein Abkommen über Handel und Verteidigung unterzeichnet "
    "haben, das nächste Woche dem Parlament vorgelegt wird. Was die Regierung will, ist noch unklar.",
    "nl": "De ministers van Buitenlandse Zaken kwamen dinsdag in Genève bijeen voor de eerste directe gesprekken "
    "in een jaar. De minister zei dat Frankrijk en Duitsland een akkoord over handel en defensie hebben "
    "getekend, dat volgende week aan het parlement wordt voorgelegd. Het was een belangrijke dag.",
    "es": "Los ministros de Exteriores se reunieron el martes en Ginebra para las primeras conversaciones directas "
    "en un año. El ministro dijo que Francia y Alemania han firmado un acuerdo sobre comercio y defensa, que "
    "será presentado al parlamento la próxima semana.",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [(EN_PROSE, True), ("The talks resumed.", False), *[(t, False) for t in NOT_EN.values()]],
)
def test_fast_english_path(text: str, expected: bool) -> None:
    assert clearly_english(text) is expected


@pytest.mark.parametrize("code", sorted(NOT_EN))
def test_other_languages_still_reach_lingua(code: str) -> None:
    assert detect_language(NOT_EN[code]) == code


@pytest.mark.shared
def test_fast_path_agrees_with_lingua_on_real_news() -> None:
    from detente.ingest.language import SAMPLE_CHARS, detector

    from .helpers import shared_path

    root = shared_path("corpus", "bbc")
    files = sorted(root.rglob("*.txt"))[::5]
    fast = 0
    for f in files:
        sample = f.read_text(encoding="utf-8", errors="replace")[:SAMPLE_CHARS]
        if clearly_english(sample):
            fast += 1
            lang = detector(precise=True).detect_language_of(sample)
            assert lang is not None and lang.iso_code_639_1.name == "EN", f.name
    assert fast >= 0.8 * len(files)  # the fast path does take the common case


@pytest.mark.shared
def test_low_accuracy_mode_agrees_with_high_accuracy_on_real_news() -> None:
    """What reaches lingua uses its quick-loading low-accuracy mode (see the module doc):
    on real news it says what the high-accuracy mode says."""
    from detente.ingest.language import SAMPLE_CHARS, detector

    from .helpers import shared_path

    files = sorted(shared_path("corpus", "bbc").rglob("*.txt"))[::9]
    samples = [f.read_text(encoding="utf-8", errors="replace")[:SAMPLE_CHARS] for f in files]
    samples += [t[:200] for t in NOT_EN.values()] + [EN_PROSE[:200]]
    quick, precise = detector(), detector(precise=True)
    same = sum(quick.detect_language_of(s) == precise.detect_language_of(s) for s in samples)
    assert same >= 0.99 * len(samples), f"{same} of {len(samples)}"
