"""Structural and spot checks for src/detente/data/people.yaml."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from tests.nlp.test_gazetteer_data import SECTORS as ALLOWED_SECTORS

PEOPLE_PATH = Path(__file__).resolve().parents[2] / "src/detente/data/people.yaml"

ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
HEAD_ROLE = re.compile(r"^(acting |interim )?(president|prime minister|chancellor|king|premier)\b", re.I)
G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR",
       "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"]


@pytest.fixture(scope="module")
def people() -> list[dict]:
    with PEOPLE_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def by_id(people) -> dict[str, dict]:
    return {p["id"]: p for p in people}


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def _date_ok(value) -> bool:
    return value is None or (isinstance(value, str) and DATE.match(value) is not None)


def _le(a: str, b: str) -> bool:
    """a <= b for dates of possibly different precision (YYYY, YYYY-MM, YYYY-MM-DD)."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def test_enough_people(people):
    assert len(people) >= 250


def test_required_keys_and_types(people):
    for p in people:
        assert set(p) >= {"id", "name", "aliases", "country", "sector", "roles"}, p.get("id")
        assert set(p) <= {"id", "name", "aliases", "country", "sector", "roles", "note"}, p["id"]
        assert isinstance(p["name"], str) and p["name"].strip(), p["id"]
        assert isinstance(p["aliases"], list), p["id"]
        assert all(isinstance(a, str) and a.strip() for a in p["aliases"]), p["id"]
        assert p.get("note") is None or isinstance(p["note"], str), p["id"]


def test_ids_unique_and_slug(people):
    ids = [p["id"] for p in people]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i), i


def test_country_and_sector(people):
    for p in people:
        assert p["country"] is None or ISO3.match(p["country"]), p["id"]
        assert p["sector"] in ALLOWED_SECTORS, p["id"]


def test_roles(people):
    for p in people:
        assert isinstance(p["roles"], list) and p["roles"], p["id"]
        for r in p["roles"]:
            assert set(r) <= {"role", "from", "to", "sector"}, (p["id"], r)
            assert r.get("sector") is None or r["sector"] in ALLOWED_SECTORS, (p["id"], r)
            assert isinstance(r.get("role"), str) and r["role"].strip(), p["id"]
            assert _date_ok(r.get("from")), (p["id"], r)
            assert _date_ok(r.get("to")), (p["id"], r)
            if r.get("from") and r.get("to"):
                assert _le(r["from"], r["to"]), (p["id"], r)


def test_no_bare_surname_alias(people):
    for p in people:
        for a in p["aliases"]:
            assert len(a.split()) > 1 or a != p["name"].split()[-1], (p["id"], a)


def test_no_name_or_alias_shared(people):
    owners: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for s in [p["name"], *p["aliases"]]:
            owners[_norm(s)].add(p["id"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared


def test_g20_have_current_head(people):
    current = defaultdict(list)
    for p in people:
        for r in p["roles"]:
            if r.get("to") is None and HEAD_ROLE.match(r["role"]):
                current[p["country"]].append(p["id"])
    missing = [c for c in G20 if not current[c]]
    assert not missing


def test_spot_checks(by_id):
    peskov = by_id["dmitry-peskov"]
    assert "Dmitri Peskov" in peskov["aliases"]
    assert peskov["country"] == "RUS"
    putin = by_id["vladimir-putin"]
    assert (putin["country"], putin["sector"]) == ("RUS", "GOV")
    assert "Volodymyr Zelenskyy" in by_id["volodymyr-zelensky"]["aliases"]
    trump_pres = [r for r in by_id["donald-trump"]["roles"] if r["role"] == "President"]
    assert len(trump_pres) == 2
    assert {"MBS"} <= set(by_id["mohammed-bin-salman"]["aliases"])
    assert "Lula" in by_id["luiz-inacio-lula-da-silva"]["aliases"]
    for igo_head in ["antonio-guterres", "mark-rutte", "rafael-grossi", "tedros-adhanom-ghebreyesus",
                     "ursula-von-der-leyen", "kaja-kallas", "antonio-costa"]:
        assert by_id[igo_head]["sector"] == "IGO", igo_head
        assert by_id[igo_head]["country"] is None, igo_head
    # people of no state office: their nationality and what they do
    assert (by_id["elon-musk"]["country"], by_id["elon-musk"]["sector"]) == ("USA", "BUS")
    lavrov_roles = {r["role"] for r in by_id["sergey-lavrov"]["roles"]}
    assert "Foreign Minister" in lavrov_roles
