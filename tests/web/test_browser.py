"""End to end: the real ``detente serve`` subprocess and a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.helpers import SEED, XSS, build_store, chrome, chromium_paths, serve

pytestmark = pytest.mark.browser

if chromium_paths() is None:
    pytest.skip(
        "chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)",
        allow_module_level=True,
    )
pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("browser") / "news.duckdb", seed=True, bbc=5)
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chrome() as d:
        d.set_page_load_timeout(60)
        yield d


def _wait(driver: Any, script: str, timeout: float = 20.0) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _article_id(base: str, title_part: str) -> str:
    items = httpx.get(base + "/articles", params={"limit": 100}).json()["items"]
    return next(a["id"] for a in items if title_part in (a["title"] or ""))


def test_dyad_chart_renders_with_data(server: str, driver: Any) -> None:
    driver.get(server + "/dyad/RUS/USA")
    points = _wait(
        driver,
        "const g = document.getElementById('dyad-chart');"
        "if (!g || !g.data || !g._fullLayout) return 0;"
        "return g.data.reduce((n, t) => n + t.y.filter(v => v !== null && v !== 0).length, 0);",
    )
    assert points > 0
    bars = driver.execute_script("return document.querySelectorAll('#dyad-chart .bars .point').length")
    assert bars > 0  # drawn, not only configured
    assert driver.execute_script("return typeof Plotly") == "object"
    logs = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not logs, logs  # no CSP violations or script errors


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_article_highlights_peskov(server: str, driver: Any) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server + "/article/" + _article_id(server, "dance together"))
    quotes = driver.find_elements(By.CSS_SELECTOR, "#article-text .m-quote")
    assert quotes
    hit = [q for q in quotes if "cannot dance alone" in q.text or "Peskov" in (q.get_attribute("data-speaker") or "")]
    assert hit, [q.text for q in quotes][:5]
    assert any("Peskov" in (q.get_attribute("data-speaker") or "") for q in hit)
    only = ":not(.m-quote):not(.m-actor):not(.m-event):not(.m-speaker):not(.m-cue):not(.m-time)"
    colours = {
        cls: driver.execute_script(
            f"const el = document.querySelector('#article-text .seg.{cls}{only.replace(':not(.' + cls + ')', '')}');"
            "return el && getComputedStyle(el).backgroundColor"
        )
        for cls in ("m-quote", "m-actor", "m-event", "m-speaker", "m-cue")
    }
    assert None not in colours.values() and len(set(colours.values())) == 5, colours  # distinct highlight colours
    hit[0].click()
    pop = driver.find_element(By.ID, "popover")
    assert pop.is_displayed() and "Statement" in pop.text and "Peskov" in pop.text


def test_script_in_article_does_not_run(server: str, driver: Any) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server + "/article/" + _article_id(server, "Berlin criticises Paris"))
    _wait(driver, "return document.readyState === 'complete'")
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    text = driver.find_element(By.ID, "article-text").text
    assert XSS in text  # shown as text
    assert "<b>over budget</b>" in driver.find_element(By.TAG_NAME, "h1").text
    driver.get(server + "/")
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert int(driver.find_element(By.ID, "n-articles").text.replace(",", "")) >= 5


def test_overview_links_to_dyads(server: str, driver: Any) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/dyad/']")]
    assert any(h.endswith("/dyad/RUS/USA") for h in links)


def test_bbc_articles_are_served(server: str) -> None:
    bbc = Path(SEED).parents[1] / "corpus" / "bbc" / "politics"
    if not bbc.is_dir():
        pytest.skip(f"BBC corpus not found at {bbc}")
    items = httpx.get(server + "/articles", params={"limit": 100}).json()["items"]
    assert sum(1 for a in items if (a["source"] or "").startswith("bbc/")) == 5
