"""Shared by the web tests, the screenshot script and the load bench: a real store built
with the real pipeline, a real ``detente serve`` subprocess, and a headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

SHARED = Path(os.environ.get("DETENTE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SEED = SHARED / "seed" / "000_b7a73789b7137861.txt"
BBC_POLITICS = SHARED / "corpus" / "bbc" / "politics"
XSS = "<script>window.__xss=1</script>"

# Short news-style texts of our own: (title, published, text).
TEXTS: list[tuple[str, str, str]] = [
    (
        "Kremlin accuses Washington of escalation",
        "2024-11-26",
        "Russia accused the United States of escalating the war in Ukraine on Tuesday. "
        '"Washington is pouring oil on the fire," Kremlin spokesman Dmitry Peskov told reporters in Moscow.',
    ),
    (
        "US imposes new sanctions on Russia",
        "2024-12-02",
        "The United States imposed new sanctions on Russia on Monday, targeting dozens of banks. "
        "Secretary of State Antony Blinken said the measures would limit Moscow's ability to fund the war.",
    ),
    (
        "China and Russia agree to deepen trade ties",
        "2024-10-05",
        "China and Russia agreed on Saturday to expand cooperation in energy and trade. "
        "Chinese President Xi Jinping said the partnership was \"as solid as a rock\".",
    ),
    (
        "Berlin criticises Paris <b>over budget</b>",
        "2024-12-10",
        f"{XSS} Germany criticised France on Tuesday over its budget plans. "
        "German Chancellor Olaf Scholz said Paris must respect the European rules.",
    ),
]


def chromium_paths() -> tuple[str, str] | None:
    """(browser, chromedriver) when both are installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def analyses(*, seed: bool = True, bbc: int = 0) -> list:  # type: ignore[type-arg]
    """Our texts, plus the seed article and the first ``bbc`` BBC politics articles when present."""
    import detente
    from detente.models import Article

    out = [detente.analyze(text, published=pub, title=title) for title, pub, text in TEXTS]
    if seed and SEED.exists():
        out.append(detente.analyze(SEED.read_text(encoding="utf-8"), published="2024-11-20",
                                   title="Russia and the US: can they dance together?", source="seed"))
    if bbc and BBC_POLITICS.is_dir():
        for path in sorted(BBC_POLITICS.glob("*.txt"))[:bbc]:
            text = path.read_text(encoding="utf-8", errors="replace")
            title = text.split("\n", 1)[0].strip()
            art = Article(text=text, title=title, source=f"bbc/politics/{path.name}")  # date inferred from the text, if any
            out.append(detente.analyze_article(art))
    return out


def build_store(path: Path, *, seed: bool = True, bbc: int = 0) -> Path:
    from detente.store import Store

    with Store(path) as st:
        st.add(analyses(seed=seed, bbc=bbc))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(db: Path, *, port: int | None = None, timeout: float = 60.0, parquet: bool = False) -> Iterator[str]:
    """A real ``python -m detente serve`` on 127.0.0.1 (over a ``detente batch`` output
    folder with ``parquet``); yields its base URL."""
    port = port or free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "detente", "serve", "--parquet" if parquet else "--db", str(db),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited with {proc.returncode}: {log.read().decode(errors='replace')}")
            try:
                if httpx.get(base + "/healthz", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def chrome(width: int = 1400, height: int = 1000) -> Iterator:  # type: ignore[type-arg]
    """A headless Chromium driven by Selenium with the system chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("chromium / chromedriver not installed")
    browser, driver_path = paths
    profile = tempfile.mkdtemp(prefix="detente-chrome-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}"):  # fmt: skip
        opts.add_argument(flag)
    drv = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
