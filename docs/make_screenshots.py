"""Screenshots of the dashboard for the docs: ``docs/screenshots/{overview,dyad,article}.png``.

    .venv/bin/python docs/make_screenshots.py

Builds a store from the seed article, our own sample texts and a few BBC politics
articles (when ../shared is present), starts the real ``detente serve`` and photographs
the pages in headless Chromium (Debian's ``chromium`` + ``chromium-driver``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.helpers import build_store, chrome, serve  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def _full_height(driver: object, selector: str, cap: int = 2400) -> int:
    h = driver.execute_script(f"return document.querySelector('{selector}').getBoundingClientRect().bottom + 40")  # type: ignore[attr-defined]
    return int(min(max(h, 600), cap))


def main() -> int:
    import httpx

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = build_store(Path(tmp) / "shots.duckdb", seed=True, bbc=5)
        with serve(db) as base, chrome(1400, 1000) as d:
            items = httpx.get(base + "/articles", params={"limit": 100}).json()["items"]
            seed = next((a["id"] for a in items if a.get("source") == "seed"), items[0]["id"])

            d.get(base + "/dyad/RUS/USA")
            time.sleep(1.5)  # plotly draws asynchronously
            d.set_window_size(1400, _full_height(d, ".period", 1500))
            d.save_screenshot(str(OUT / "dyad.png"))

            d.set_window_size(1400, 1000)
            d.get(base + "/article/" + seed)
            time.sleep(0.5)
            d.find_element("css selector", "#article-text .m-quote").click()
            d.set_window_size(1400, 1300)
            d.save_screenshot(str(OUT / "article.png"))

            d.set_window_size(1400, 1000)
            d.get(base + "/")
            d.set_window_size(1400, _full_height(d, ".grid2"))
            d.save_screenshot(str(OUT / "overview.png"))
    for name in ("dyad", "article", "overview"):
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
