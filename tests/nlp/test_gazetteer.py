"""Gazetteer entries: a person's sector at a date."""

from __future__ import annotations

import pytest

from detente.nlp.gazetteer import KnownActor, load_gazetteer, translit_key

HOWARD = KnownActor(
    "michael-howard", "Michael Howard", "person", "GBR", "OPP",
    (("Home Secretary", "1993-05-27", "1997-05-02"), ("Leader of the Conservative Party", "2003-11-06", "2005-12-06")),
    ("GOV", "OPP"),
)
PRESCOTT = KnownActor(
    "john-prescott", "John Prescott", "person", "GBR", "GOV",
    (("Deputy Leader of the Labour Party", "1994-07-21", "2007-06-24"), ("Deputy Prime Minister", "1997-05-02", "2007-06-27")),
    ("PTY", "GOV"),
)
FOX = KnownActor("liam-fox", "Liam Fox", "person", "GBR", "GOV", (("Defence Secretary", "2010-05-12", "2011-10-14"),))

# the sector of the role held at the date, else of the last one ended, else the person's own;
# none before the first dated role
SECTORS = [
    (HOWARD, "1995-01-15", "GOV"),
    (HOWARD, "2005-01-15", "OPP"),
    (HOWARD, "2000-01-15", "GOV"),  # between the two: the last role ended
    (HOWARD, "2010-01-15", "OPP"),
    (HOWARD, "1990-01-15", None),
    (HOWARD, None, "OPP"),
    (PRESCOTT, "1995-01-15", "PTY"),
    (PRESCOTT, "2003-01-15", "GOV"),  # of two roles held, the one taken up last
    (FOX, "2011-01-15", "GOV"),
    (FOX, "2015-01-15", "GOV"),
    (FOX, "2005-01-15", None),
]


@pytest.mark.parametrize("person,when,sector", SECTORS)
def test_a_person_s_sector_is_the_role_s_at_the_date(person: KnownActor, when: str | None, sector: str | None) -> None:
    assert person.sector_at(when) == sector


# full names across spelling variants, but a common surname is a name of its own and a key
# that only the transliteration makes alike is no match
NAMES = [
    ("Dmytri Peskov", "2005-03-01", "dmitry-peskov"),
    ("Dmitry Peskow", "2005-03-01", "dmitry-peskov"),
    ("David Davis", "2005-03-01", "david-davis"),
    ("David Davies", "2005-03-01", None),
    ("John Houston", "2005-03-01", None),
    ("Ken Clarke", "2005-03-01", "kenneth-clarke"),
    # an initial names a known person only with the surname as spelt
    ("V. Putin", "2026-02-17", "vladimir-putin"),
    ("E. Macron", "2026-02-17", "emmanuel-macron"),
    ("AMM Nasir", "2026-02-17", None),  # initials and a surname that only sounds like Amin Nasser's
    # a particle of an Arabic name is part of who is meant
    ("Osama Abu Askar", "2026-02-17", None),
    ("Osama Askar", "2026-02-17", "osama-askar"),
    ("Mohammed bin Salman", "2026-02-17", "mohammed-bin-salman"),
]


@pytest.mark.parametrize("name,published,pid", NAMES)
def test_a_full_name_is_a_known_person_or_none(name: str, published: str, pid: str | None) -> None:
    found = load_gazetteer().resolve_person(name, published)
    assert (found.id if found else None) == pid


def test_of_several_in_office_a_bare_surname_is_the_head_of_state() -> None:
    g = load_gazetteer()
    in_office = {p.id for p in map(g.actors.get, g.surnames[translit_key("Fox")]) if p and p.active_at("2005-01-15")}
    assert in_office >= {"liam-fox", "vicente-fox"}
    found = g.resolve_surname("Fox", "2005-01-15")
    assert found is not None and found.id == "vicente-fox"
