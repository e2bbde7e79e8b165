"""End to end through the real `detente` command: the seed article and our own sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from detente.eval.base import shared_dir
from detente.eval.seed import SEED_NAME, SEED_PUBLISHED, check
from detente.models import Analysis

FIXTURES = Path(__file__).parent / "fixtures"
SEED = shared_dir() / SEED_NAME


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "detente", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} not found: ../shared is absent")
def _analyze_seed(*extra: str) -> tuple[Analysis, dict[str, float], str]:
    """The seed article through the real command (with ``extra`` options), checked against
    EXPECTED.md: the analysis, the check's figures and its failures as one string."""
    proc = run_cli("analyze", str(SEED), "--published", SEED_PUBLISHED, "--format", "json", *extra)
    assert proc.returncode == 0, proc.stderr.decode()
    analysis = Analysis.from_dict(json.loads(proc.stdout))
    report = check(analysis)
    return analysis, report.figures(), "\n".join(report.failures())


def test_seed_article_meets_expected() -> None:
    analysis, figures, failures = _analyze_seed()
    assert analysis.article.text == SEED.read_text(encoding="utf-8")
    assert figures["actors"] == 1.0, failures
    assert figures["statements"] == 1.0, failures
    assert figures["scare_quotes_rejected"] == 1.0, failures
    assert figures["events"] >= 0.8, failures
    assert figures["times"] == 1.0, failures
    assert len(analysis.quotes) == 6, [q.content.text for q in analysis.quotes]


def _accurate_tagger_installed() -> bool:
    try:
        from detente.nlp import attribution_trf

        return (attribution_trf.model_dir() / "weights.safetensors").is_file() and bool(attribution_trf.base_model_dir())
    except (ImportError, OSError):
        return False


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} not found: ../shared is absent")
@pytest.mark.skipif(not _accurate_tagger_installed(), reason="the accurate tagger is not installed")
def test_seed_with_the_accurate_tagger_still_meets_expected() -> None:
    """The transformer tagger finds more (PolNeAR's broad attributions) but keeps every
    statement EXPECTED.md asks for, with its speaker and date, and no scare quote."""
    analysis, figures, failures = _analyze_seed("--tagger", "accurate")
    assert figures["actors"] == 1.0, failures
    assert figures["statements"] == 1.0, failures
    assert figures["scare_quotes_rejected"] == 1.0, failures
    assert figures["times"] == 1.0, failures
    assert analysis.extractor.endswith(".accurate")


def test_an_unknown_tagger_is_refused_by_the_cli() -> None:
    proc = run_cli("analyze", "-", "--tagger", "huge", stdin=b"The minister said talks failed.")
    assert proc.returncode == 2
    assert b"--tagger" in proc.stderr


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} not found: ../shared is absent")
def test_seed_without_date_infers_the_year() -> None:
    proc = run_cli("analyze", str(SEED), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert data["article"]["published_inferred"] is True
    values = {t["text"]: t["value"] for t in data["times"]}
    assert values["November 18"] == "2024-11-18"


def test_sample_report_and_json() -> None:
    sample = FIXTURES / "sample_article.txt"
    proc = run_cli("analyze", str(sample), "--published", "2024-03-06")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "Statements" in out and "Peskov" in out
    proc = run_cli("analyze", str(sample), "--published", "2024-03-06", "--format", "json")
    data = json.loads(proc.stdout)
    text = sample.read_text(encoding="utf-8")
    assert data["article"]["text"] == text
    assert data["schema"].startswith("detente.analysis/")
    for q in data["quotes"]:
        assert text[q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]
    # furniture ("Share this article", "Comment (0)") is not analysed, offsets unshifted
    assert all(m["start"] < text.index("Share this article") for a in data["actors"] for m in a["mentions"])
    speakers = {q["speaker"]["actor"] for q in data["quotes"] if q["speaker"]}
    assert "dmitry-peskov" in speakers


def test_jsonl_keeps_ids_and_order(tmp_path: Path) -> None:
    lines = [
        {"id": "b", "text": "Iran said it would not negotiate.", "published": "2024-01-02"},
        {"id": "a", "text": "The United States imposed sanctions on Iran.", "published": "2024-01-03"},
        {"id": "c", "text": ""},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n", encoding="utf-8")
    proc = run_cli("analyze", str(path), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    # the empty record and the broken line are skipped, each with its reason on stderr
    assert [o["article"]["id"] for o in out] == ["b", "a"]
    lines = proc.stderr.decode().splitlines()
    assert sum(line.startswith("detente: skipped") for line in lines) == 2
    assert "2 read" in proc.stderr.decode() and "2 skipped" in proc.stderr.decode()  # the run's summary


@pytest.mark.parametrize(
    "payload",
    [b"", b"\x00\x01\x02\xff" * 1000, "Kyiv said “we will".encode(), b"\xff\xfeR\x00u\x00s\x00", "caf\xe9 au lait".encode("latin-1")],
)
def test_bad_input_never_tracebacks(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(payload)
    proc = run_cli("analyze", str(path), "--format", "json")
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 2)


def test_huge_input_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Russia said the talks failed. " * 180_000, encoding="utf-8")  # ~5.4 MB
    proc = run_cli("analyze", str(path), "--format", "json")
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 2)
    assert proc.stderr.strip()
