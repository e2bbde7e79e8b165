"""Structural and spot checks for src/detente/data/given_names.yaml."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from detente.nlp.gazetteer import fold  # the loader's own folding

PATH = Path(__file__).resolve().parents[2] / "src/detente/data/given_names.yaml"





@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def test_shape(data):
    assert set(data) == {"male", "female", "titles", "common_surnames", "family_name_first", "surname_honorifics"}
    assert all(h == fold(h) and not h.endswith(".") for h in data["surname_honorifics"])
    assert data["family_name_first"] and all(re.fullmatch(r"[A-Z]{3}", c) for c in data["family_name_first"])
    assert set(data["titles"]) == {"male", "female"}
    lists = (data["male"], data["female"], data["titles"]["male"], data["titles"]["female"], data["common_surnames"])
    for names in lists:
        assert isinstance(names, list)
        assert all(isinstance(n, str) and n.strip() == n and n for n in names), names


def test_given_names_are_single_capitalised_words(data):
    for gender in ("male", "female"):
        for n in data[gender]:
            assert " " not in n and n[0].isupper(), n
            assert len(fold(n).split()) == 1, n  # looked up as the first word of a name


def test_sizes(data):
    assert len({fold(n) for n in data["male"]}) >= 600
    assert len({fold(n) for n in data["female"]}) >= 600


def test_no_duplicates_within_a_list(data):
    for names in (data["male"], data["female"], data["titles"]["male"], data["titles"]["female"]):
        assert len(names) == len(set(names))


def test_no_name_in_both_lists(data):
    both = {fold(n) for n in data["male"]} & {fold(n) for n in data["female"]}
    assert not both, sorted(both)
    both = {fold(t) for t in data["titles"]["male"]} & {fold(t) for t in data["titles"]["female"]}
    assert not both, sorted(both)


@pytest.mark.parametrize(
    "name",
    ["Vladimir", "Dmitry", "Dmitri", "Dmytro", "Joe", "Recep", "Tony", "Gordon", "Boris", "Emmanuel",
     "Sergei", "Sergey", "Volodymyr", "Keir", "Narendra", "Mohammed", "Benjamin", "Olaf", "Abdullah"],
)
def test_male(data, name):
    assert fold(name) in {fold(n) for n in data["male"]}


@pytest.mark.parametrize(
    "name",
    ["Maria", "Ursula", "Kamala", "Hillary", "Cherie", "Theresa", "Angela", "Giorgia", "Yulia",
     "Aisha", "Claudia", "Kaja", "Sanae"],
)
def test_female(data, name):
    assert fold(name) in {fold(n) for n in data["female"]}


@pytest.mark.parametrize(
    "name",
    ["Alex", "Jordan", "Kim", "Jean", "Andrea", "Nikola", "Sasha", "Robin", "Taylor", "Sam", "Xi",
     "Said", "Al"],
)
def test_ambiguous_left_out(data, name):
    listed = {fold(n) for n in data["male"]} | {fold(n) for n in data["female"]}
    assert fold(name) not in listed


@pytest.mark.parametrize(
    ("title", "gender"),
    [("Mr", "male"), ("Mr.", "male"), ("Sir", "male"), ("King", "male"), ("Crown Prince", "male"),
     ("Sheikh", "male"), ("Ayatollah", "male"), ("Pope", "male"), ("Mrs", "female"), ("Ms.", "female"),
     ("Dame", "female"), ("Queen", "female"), ("Princess", "female"), ("Baroness", "female")],
)
def test_titles(data, title, gender):
    assert fold(title) in {fold(t) for t in data["titles"][gender]}


def test_a_common_surname_alone_names_nobody() -> None:
    """"Khan" alone is not whichever Khan the gazetteer holds who is in office (in 2026 the
    ICC prosecutor, not the Pakistani former prime minister a Pakistani paper means)."""
    from detente.nlp.gazetteer import load_gazetteer

    g = load_gazetteer()
    assert g.resolve_surname("Khan", "2026-02-17") is None and g.surname_country("Lee") is None
    assert g.resolve_surname("Putin", "2026-02-17") is not None


@pytest.mark.parametrize(
    ("surname", "expected"),
    [
        ("Barak", "ehud-barak"),  # spelt so: not Tom Barrack, whose key it shares and who is in office
        ("Barrack", "tom-barrack"),
        ("Zelenskyy", "volodymyr-zelensky"),  # no one spelt so: the transliteration key still finds him
        ("Wales", None),  # "Catherine, Princess of Wales" has no surname "Wales"
    ],
)
def test_a_bare_surname_spelt_as_a_known_person_spells_it_is_that_person(surname: str, expected: str | None) -> None:
    from detente.nlp.gazetteer import load_gazetteer

    known = load_gazetteer().resolve_surname(surname, "2026-01-15")
    assert (known.id if known else None) == expected
