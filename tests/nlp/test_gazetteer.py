"""Gazetteer entries: a person's sector at a date."""

from __future__ import annotations

import pytest

from detente.nlp.gazetteer import KnownActor

HOWARD = KnownActor(
    "michael-howard", "Michael Howard", "person", "GBR", "OPP",
    (("Home Secretary", "1993-05-27", "1997-05-02"), ("Leader of the Conservative Party", "2003-11-06", "2005-12-06")),
    ("GOV", "OPP"),
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
    (FOX, "2011-01-15", "GOV"),
    (FOX, "2015-01-15", "GOV"),
    (FOX, "2005-01-15", None),
]


@pytest.mark.parametrize("person,when,sector", SECTORS)
def test_a_person_s_sector_is_the_role_s_at_the_date(person: KnownActor, when: str | None, sector: str | None) -> None:
    assert person.sector_at(when) == sector
