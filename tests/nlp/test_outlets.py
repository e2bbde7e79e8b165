"""An article's outlet -> the outlet's home country (data/outlets.yaml), and what that
country is used for: the home of a story that names no country of its own. Written by us."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from detente import analyze
from detente.nlp.gazetteer import load_gazetteer

DATA = Path(__file__).resolve().parents[2] / "src/detente/data/outlets.yaml"


def test_the_data_has_the_documented_shape() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert set(data) == {"domains", "tlds"}
    countries = {c["iso3"] for c in yaml.safe_load((DATA.parent / "countries.yaml").read_text(encoding="utf-8"))}
    for domain, iso3 in data["domains"].items():
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain) and not domain.startswith("www."), domain
        assert iso3 in countries, (domain, iso3)
    for tld, iso3 in data["tlds"].items():
        assert re.fullmatch(r"[a-z]{2}", tld) and iso3 in countries, (tld, iso3)
    for vanity in ("tv", "io", "co", "me", "fm", "ai", "ly"):  # used as generic domains
        assert vanity not in data["tlds"]


@pytest.mark.parametrize(
    ("url", "source", "country"),
    [
        ("https://www.dawn.com/news/1973697/a-story", None, "PAK"),
        ("https://news.bbc.co.uk/1/hi/uk_politics/123.stm", None, "GBR"),  # a subdomain
        ("https://www.bbc.com/news/world-123", None, "GBR"),
        ("https://www.some-paper.co.uk/news/1", None, "GBR"),  # a country-code domain
        ("https://www.example.com/news/1", None, None),  # a generic domain we do not know
        (None, None, None),
        ("not a url", None, None),
        (None, "Dawn", "PAK"),  # a known medium named as the source
        (None, "Some Feed Title", None),
    ],
)
def test_outlet_country(url: str | None, source: str | None, country: str | None) -> None:
    assert load_gazetteer().outlet_country(url, source) == country


def test_the_outlets_country_is_the_home_of_a_story_that_names_none() -> None:
    text = "The Foreign Office said on Monday that the talks would resume next week."
    bare = analyze(text, published="2026-02-01")
    pak = analyze(text, published="2026-02-01", url="https://www.dawn.com/news/1/talks")
    assert [a.country for a in bare.actors] == [None]
    assert [(a.country, a.sector) for a in pak.actors] == [("PAK", "GOV")]


def test_a_story_that_names_its_country_keeps_it_whatever_the_outlet() -> None:
    text = (
        "Kenya's parliament met on Monday. Kenya faces protests, and Kenyan police were deployed. "
        "The Foreign Office said the talks would resume."
    )
    analysis = analyze(text, published="2026-02-01", url="https://www.dawn.com/news/1/kenya")
    (office,) = [a for a in analysis.actors if "Foreign Office" in {m.text for m in a.mentions}]
    assert office.country == "KEN"
