"""Structure and sanity of the actor gazetteer data: countries, organisations, titles."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src/detente/data"

# CAMEO actor role codes (primary and secondary) that detente uses, plus PTY (party).
SECTORS = frozenset(
    re.findall(
        r"[A-Z]{3}",
        """
        GOV MIL REB OPP PTY COP JUD SPY LEG IGO NGO MED EDU BUS MNC CVL
        LAB REL REF AGR ELI HLH ENV UAF INS SEP MOD RAD HRI DEV CRM
        """,
    )
)
ORG_TYPES = {"organization", "igo", "military", "group"}
INSTITUTION_TYPES = {"organization", "military", "group"}
ISO3 = re.compile(r"^[A-Z]{3}$")
ORG_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# The 193 UN member states.
UN_MEMBERS = frozenset(
    re.findall(
        r"[A-Z]{3}",
        """
        AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
        BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB
        CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA
        GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN
        KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX
        FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA PRK MKD NOR OMN PAK PLW
        PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
        SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO
        TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
        """,
    )
)
NON_MEMBERS = {"PSE", "XKX", "TWN", "ESH", "VAT"}


def _load(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def countries() -> list[dict[str, Any]]:
    data = _load("countries.yaml")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def orgs() -> list[dict[str, Any]]:
    data = _load("organizations.yaml")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def titles() -> dict[str, Any]:
    data = _load("titles.yaml")
    assert isinstance(data, dict)
    return data


def _by_iso(countries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["iso3"]: c for c in countries}


def _metonym_name(m: Any) -> str:
    return m if isinstance(m, str) else m["name"]


def _metonyms(country: dict[str, Any]) -> dict[str, bool]:
    """metonym -> ambiguous?"""
    return {
        _metonym_name(m): (not isinstance(m, str) and bool(m.get("ambiguous"))) for m in country["metonyms"]
    }


def _form(alias: Any) -> Any:
    """An alias's text: a string, or ``{name, ambiguous: true}`` for one matched only where the
    NER model calls it a name."""
    return alias["name"] if isinstance(alias, dict) else alias


def _good_string(s: Any) -> bool:
    return isinstance(s, str) and s != "" and s == s.strip() and "  " not in s


# --- countries ------------------------------------------------------------------------


def _country_name(c: dict[str, Any]) -> str:
    """A country's name, written plain or with the other states it can name."""
    name = c["name"]
    return str(name["name"]) if isinstance(name, dict) else str(name)


def test_country_entries_have_the_documented_shape(countries: list[dict[str, Any]]) -> None:
    allowed = {"iso3", "name", "aliases", "demonyms", "metonyms", "regions", "ambiguous_name", "dateline_regions"}
    for c in countries:
        assert {"iso3", "name", "aliases", "demonyms", "metonyms"} <= set(c), c
        assert set(c) <= allowed, c
        assert ISO3.match(c["iso3"]), c["iso3"]
        name = c["name"]
        if isinstance(name, dict):  # {name: Georgia, also: [{iso3: USA, as: region}]}
            assert set(name) <= {"name", "also"}, name
            for other in name.get("also", []):
                assert ISO3.match(other["iso3"]) and set(other) <= {"iso3", "until", "as"}, name
                assert other.get("as", "region") == "region", name
        assert _good_string(_country_name(c)), c
        for key in ("aliases", "demonyms"):
            assert isinstance(c[key], list), (c["iso3"], key)
            assert all(_good_string(s) for s in c[key]), (c["iso3"], key, c[key])
        assert isinstance(c["metonyms"], list), c["iso3"]
        assert isinstance(c.get("regions", []), list), c["iso3"]
        dateline = c.get("dateline_regions", [])
        assert isinstance(dateline, list) and all(_good_string(s) for s in dateline), c["iso3"]
        for m in [*c["metonyms"], *c.get("regions", [])]:
            if isinstance(m, dict):
                assert set(m) <= {"name", "ambiguous", "also"}, m
                assert _good_string(m["name"]), m
                assert isinstance(m.get("ambiguous", False), bool), m
                for other in m.get("also", []):  # other states the place can be in
                    iso = other["iso3"] if isinstance(other, dict) else other
                    assert ISO3.match(iso), m
                    assert not isinstance(other, dict) or set(other) <= {"iso3", "until"}, m
            else:
                assert _good_string(m), (c["iso3"], m)
        if "ambiguous_name" in c:
            assert isinstance(c["ambiguous_name"], bool), c["iso3"]


def test_iso3_codes_are_unique(countries: list[dict[str, Any]]) -> None:
    codes = [c["iso3"] for c in countries]
    assert len(codes) == len(set(codes))


def test_every_un_member_and_the_listed_non_members_are_present(countries: list[dict[str, Any]]) -> None:
    assert len(UN_MEMBERS) == 193
    codes = {c["iso3"] for c in countries}
    assert UN_MEMBERS - codes == set()
    assert NON_MEMBERS - codes == set()
    assert len(countries) >= 190


def test_no_form_repeated_within_a_country(countries: list[dict[str, Any]]) -> None:
    for c in countries:
        forms = [_country_name(c), *c["aliases"], *c["demonyms"], *(_metonym_name(m) for m in c["metonyms"])]
        lowered = [f.casefold() for f in forms]
        assert len(lowered) == len(set(lowered)), (
            c["iso3"],
            sorted(f for f in forms if lowered.count(f.casefold()) > 1),
        )


def test_no_form_shared_by_two_countries_unless_marked_ambiguous(countries: list[dict[str, Any]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    flagged: set[str] = set()
    for c in countries:
        names = [_country_name(c), *c["aliases"]]
        if c.get("ambiguous_name"):
            flagged.update(n.casefold() for n in names)
        for form in [*names, *c["demonyms"]]:
            owners[form.casefold()].add(c["iso3"])
        for form, ambiguous in _metonyms(c).items():
            owners[form.casefold()].add(c["iso3"])
            if ambiguous:
                flagged.add(form.casefold())
    shared = {form: iso for form, iso in owners.items() if len(iso) > 1 and form not in flagged}
    assert shared == {}


def test_spot_checks_on_countries(countries: list[dict[str, Any]]) -> None:
    by = _by_iso(countries)
    assert {"Kyiv", "Kiev"} <= set(_metonyms(by["UKR"]))
    assert "Russian" in by["RUS"]["demonyms"]
    assert "Russians" in by["RUS"]["demonyms"]
    assert "the Kremlin" in _metonyms(by["RUS"])
    assert _metonyms(by["RUS"])["Moscow"] is False
    assert {"the United States", "US", "U.S.", "USA", "America"} <= set(by["USA"]["aliases"])
    usa = _metonyms(by["USA"])
    assert usa["Washington"] is False and "the White House" in usa
    assert not any("pentagon" in m.casefold() for m in usa), (
        "the Pentagon is the US military, not the government"
    )
    assert {"Britain", "UK"} <= set(by["GBR"]["aliases"]) and "Downing Street" in _metonyms(by["GBR"])
    assert "the Netherlands" in by["NLD"]["aliases"]
    assert "Beijing" in _metonyms(by["CHN"]) and "Tehran" in _metonyms(by["IRN"])
    for iso in ("GEO", "JOR", "TCD"):
        assert by[iso].get("ambiguous_name") is True, iso
    for iso in ("RUS", "USA", "FRA", "NGA", "NER"):
        assert not by[iso].get("ambiguous_name"), iso
    assert _metonyms(by["SYC"])["Victoria"] is True
    assert _metonyms(by["JAM"])["Kingston"] is True
    assert _metonyms(by["GUY"])["Georgetown"] is True


def test_most_countries_have_a_capital_and_a_demonym(countries: list[dict[str, Any]]) -> None:
    # city-states whose capital is spelled like the country are the allowed exceptions
    no_capital = {c["iso3"] for c in countries if not c["metonyms"]}
    assert no_capital <= {"DJI", "LUX", "MCO", "SMR", "SGP", "VAT", "ESH", "HKG"}, no_capital
    no_demonym = {c["iso3"] for c in countries if not c["demonyms"]}
    assert len(no_demonym) <= 5, no_demonym


# --- organisations --------------------------------------------------------------------


def test_org_entries_have_the_documented_shape(
    orgs: list[dict[str, Any]], countries: list[dict[str, Any]]
) -> None:
    codes = {c["iso3"] for c in countries}
    for o in orgs:
        assert {"id", "name", "aliases", "type", "country", "sector"} <= set(o) <= {
            "id", "name", "aliases", "type", "country", "sector", "before"}, o
        if "before" in o:
            assert o["before"]["country"] in codes and re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["before"]["until"]), o
        assert ORG_ID.match(o["id"]), o["id"]
        assert _good_string(o["name"]), o
        assert isinstance(o["aliases"], list) and all(_good_string(_form(a)) for a in o["aliases"]), o
        assert all(set(a) in ({"name", "ambiguous"}, {"name", "also"}, {"name", "ambiguous", "also"}) for a in o["aliases"] if isinstance(a, dict)), o
        assert o["type"] in ORG_TYPES, o
        assert o["sector"] in SECTORS, o
        assert o["country"] is None or o["country"] in codes, o
        if o["type"] == "igo":
            assert o["sector"] == "IGO", o
        if o["sector"] == "IGO":
            assert o["type"] == "igo", o
        if o["type"] == "military":
            assert o["country"] is not None and o["sector"] == "MIL", o


def test_a_shared_org_name_names_other_entries(orgs: list[dict[str, Any]]) -> None:
    ids = {o["id"] for o in orgs}
    for o in orgs:
        for a in o["aliases"]:
            if isinstance(a, dict) and "also" in a:
                assert a["also"] and all(i in ids and i != o["id"] for i in a["also"]), (o["id"], a)


def test_org_ids_are_unique(orgs: list[dict[str, Any]]) -> None:
    ids = [o["id"] for o in orgs]
    assert len(ids) == len(set(ids))


def test_org_names_and_aliases_belong_to_one_org(orgs: list[dict[str, Any]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        for form in [o["name"], *map(_form, o["aliases"])]:
            owners[form.casefold()].add(o["id"])
    assert {f: ids for f, ids in owners.items() if len(ids) > 1} == {}


def test_org_forms_do_not_shadow_country_forms(
    orgs: list[dict[str, Any]], countries: list[dict[str, Any]]
) -> None:
    country_forms = set()
    for c in countries:
        for form in [_country_name(c), *c["aliases"], *c["demonyms"], *(_metonym_name(m) for m in c["metonyms"])]:
            country_forms.add(form.casefold())
    clashes = {f for o in orgs for f in [o["name"], *map(_form, o["aliases"])] if f.casefold() in country_forms}
    assert clashes == set()


def test_spot_checks_on_orgs(orgs: list[dict[str, Any]]) -> None:
    by_name = {}
    for o in orgs:
        for form in [o["name"], *map(_form, o["aliases"])]:
            by_name[form] = o

    def has(form: str, type_: str, sector: str, country: str | None) -> None:
        o = by_name.get(form)
        assert o is not None, form
        assert (o["type"], o["sector"], o["country"]) == (type_, sector, country), (form, o)

    has("OPEC+", "igo", "IGO", None)
    has("UKIP", "organization", "PTY", "GBR")
    has("British National Party", "organization", "PTY", "GBR")
    has("FIFA", "organization", "NGO", None)
    has("Radio 4", "organization", "MED", "GBR")
    has("BRICS+", "igo", "IGO", None)
    has("OPEC", "igo", "IGO", None)
    has("NATO", "igo", "IGO", None)
    has("UN Security Council", "igo", "IGO", None)
    has("IAEA", "igo", "IGO", None)
    has("European Commission", "igo", "IGO", None)
    has("the Pentagon", "military", "MIL", "USA")
    has("IDF", "military", "MIL", "ISR")
    has("Israel Defense Forces", "military", "MIL", "ISR")
    has("IRGC", "military", "MIL", "IRN")
    has("PLA", "military", "MIL", "CHN")
    has("FSB", "organization", "GOV", "RUS")
    has("CIA", "organization", "GOV", "USA")
    has("Mossad", "organization", "GOV", "ISR")
    has("Hamas", "group", "REB", "PSE")
    has("Hezbollah", "group", "REB", "LBN")
    has("Ansar Allah", "group", "REB", "YEM")
    has("Houthis", "group", "REB", "YEM")
    has("Rapid Support Forces", "group", "REB", "SDN")
    has("Taliban", "group", "REB", "AFG")
    has("ISIS", "group", "REB", None)
    has("Reuters", "organization", "MED", "GBR")
    has("TASS", "organization", "MED", "RUS")
    has("Xinhua", "organization", "MED", "CHN")
    has("Amnesty International", "organization", "NGO", None)
    has("ICRC", "organization", "NGO", None)
    has("United Russia", "organization", "PTY", "RUS")
    has("Likud", "organization", "PTY", "ISR")
    has("Republican Party", "organization", "PTY", "USA")
    assert sum(o["type"] == "igo" for o in orgs) >= 40
    assert sum(o["sector"] == "REB" for o in orgs) >= 25


# --- titles and institutions ------------------------------------------------------------


def test_titles_shape_and_count(titles: dict[str, Any]) -> None:
    assert set(titles) == {
        "titles", "institutions", "multinational_words", "affiliations", "org_heads", "not_actors", "leader_titles",
        "described_organisations", "home_groups", "legal_forms", "documents", "same_titles", "portfolios",
    }
    # another name of an office names one a title or a known person's role has
    from detente.nlp.gazetteer import fold, load_gazetteer

    roles = {fold(r[0]) for a in load_gazetteer().actors.values() for r in a.roles}
    listed = {t["title"] for t in titles["titles"]}
    for title, others in titles["same_titles"].items():
        assert title in listed and others and all(o in listed and o in roles for o in others), title
    portfolios = titles["portfolios"]
    assert set(portfolios) == {"heads", "briefs"}
    for words in portfolios.values():
        assert len(set(words)) == len(words) and all(_good_string(w) and w == w.lower() for w in words)
    documents = titles["documents"]
    assert set(documents) == {"nouns", "authored_by"}
    for words in documents.values():
        assert len(set(words)) == len(words) and all(w == w.lower() and " " not in w for w in words)
    forms = titles["legal_forms"]
    assert len(set(forms)) == len(forms) and all(_good_string(f) and " " not in f for f in forms)
    assert set(titles["home_groups"]) <= {t["title"] for t in titles["titles"]}
    described = titles["described_organisations"]
    assert set(described) == {"heads", "company", "any", "spokespeople", "company_voices", "by_trade", "trades", "held", "owned", "media"}
    assert set(described["spokespeople"]) <= set(described["company_voices"])
    for words in described.values():
        assert len(set(words)) == len(words) and all(w == w.lower() and " " not in w for w in words)
    # never a head of an event or building ("the conference" is no organisation)
    assert not set(described["heads"]) & set(titles["not_actors"]["heads"])
    # each leader title is a role some known person holds, as people.yaml writes it
    assert all(isinstance(w, str) and w == w.lower() and fold(w) in roles for w in titles["leader_titles"])
    assert set(titles["not_actors"]) == {"names", "heads", "places"}
    assert all(_good_string(n) for n in titles["not_actors"]["names"])
    assert all(h == h.lower() and " " not in h for h in titles["not_actors"]["heads"] + titles["not_actors"]["places"])
    for head in titles["org_heads"]:
        assert {"head", "sector"} <= set(head) <= {"head", "sector", "type"}, head
        assert head["head"] == head["head"].lower() and " " not in head["head"], head
        assert head["sector"] in SECTORS and head.get("type", "organization") in INSTITUTION_TYPES, head
    for aff in titles["affiliations"]:
        assert set(aff) == {"parties", "country", "sector"}, aff
        assert aff["parties"] and all(re.fullmatch(r"[A-Z]{1,3}", p) for p in aff["parties"]), aff
        assert re.fullmatch(r"[A-Z]{3}", aff["country"]) and aff["sector"] in SECTORS, aff
    assert all(isinstance(w, str) and w == w.lower() for w in titles["multinational_words"])
    entries = titles["titles"]
    assert len(entries) >= 150
    seen = set()
    for t in entries:
        assert set(t) == {"title", "sector"}, t
        assert _good_string(t["title"]) and t["title"] == t["title"].lower(), t
        assert t["sector"] in SECTORS, t
        assert t["title"] not in seen, t
        seen.add(t["title"])
    assert {t["sector"] for t in entries} >= {
        "GOV",
        "MIL",
        "REB",
        "OPP",
        "BUS",
        "MED",
        "CVL",
        "JUD",
        "EDU",
        "REL",
        "COP",
        "LEG",
        "SPY",
    }


def test_institutions_shape(titles: dict[str, Any]) -> None:
    seen = set()
    for inst in titles["institutions"]:
        assert {"name", "type", "sector"} <= set(inst) <= {"name", "type", "sector", "aliases", "home"}, inst
        assert inst["type"] in INSTITUTION_TYPES, inst
        # only a state's own bodies are the story country's when named with no country
        assert inst.get("home", True) is True and not (inst.get("home") and (inst["type"] == "group" or inst["sector"] in {"REB", "NGO", "OPP", "BUS", "LAB", "REL"})), inst
        assert inst["sector"] in SECTORS, inst
        forms = [inst["name"], *inst.get("aliases", [])]
        for form in forms:
            assert _good_string(form) and form == form.lower(), inst
            assert form not in seen, form
            seen.add(form)
    # a noun is either a person's title or an institution, never both
    assert seen & {t["title"] for t in titles["titles"]} == set()


def test_spot_checks_on_titles(titles: dict[str, Any]) -> None:
    sector = {t["title"]: t["sector"] for t in titles["titles"]}
    expected = {
        "president": "GOV",
        "prime minister": "GOV",
        "foreign minister": "GOV",
        "deputy foreign minister": "GOV",
        "spokesman": "GOV",
        "ambassador": "GOV",
        "envoy": "GOV",
        "king": "GOV",
        "supreme leader": "GOV",
        "general": "MIL",
        "admiral": "MIL",
        "soldier": "MIL",
        "senator": "LEG",
        "lawmaker": "LEG",
        "opposition leader": "OPP",
        "rebel": "REB",
        "militant": "REB",
        "ceo": "BUS",
        "journalist": "MED",
        "activist": "CVL",
        "protester": "CVL",
        "judge": "JUD",
        "prosecutor": "JUD",
        "professor": "EDU",
        "cleric": "REL",
        "pope": "REL",
        "police officer": "COP",
        "intelligence chief": "SPY",
    }
    assert {t: sector.get(t) for t in expected} == expected

    inst = {}
    for i in titles["institutions"]:
        for form in [i["name"], *i.get("aliases", [])]:
            inst[form] = (i["type"], i["sector"])
    assert inst["foreign ministry"] == ("organization", "GOV")
    assert inst["ministry of foreign affairs"] == inst["foreign ministry"]
    assert inst["defense ministry"] == inst["defence ministry"] == ("organization", "GOV")
    assert inst["army"] == ("military", "MIL")
    assert inst["military"] == ("military", "MIL")
    assert inst["armed forces"] == ("military", "MIL")
    assert inst["parliament"] == ("organization", "LEG")
    assert inst["police"] == ("organization", "COP")
    assert inst["opposition"][1] == "OPP"
    assert "military contractors" in inst and "state media" in inst and "embassy" in inst


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(R-Texas)", ("USA", "LEG")),
        ("(D-Calif.)", ("USA", "LEG")),
        ("(I-Vt.)", ("USA", "LEG")),
        ("(R-OH)", ("USA", "LEG")),
        ("( D - N.Y. )", ("USA", "LEG")),
        ("(D–New Mexico)", ("USA", "LEG")),  # an en dash
        ("(pictured)", None),
        ("(43)", None),
        ("(X-Texas)", None),  # no party titles.yaml lists
        ("(R-texas)", None),  # a place is capitalised
        ("(D-Calif.) and more", None),  # the bracket alone
    ],
)
def test_affiliation(text: str, expected: tuple[str, str] | None) -> None:
    from detente.nlp.gazetteer import load_gazetteer

    assert load_gazetteer().affiliation(text) == expected


def test_the_fast_yaml_loader_reads_every_data_file_as_the_safe_one_does() -> None:
    from detente.nlp.gazetteer import YAML_LOADER

    data = Path(__file__).resolve().parents[2] / "src" / "detente" / "data"
    for path in sorted(data.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=YAML_LOADER) == yaml.safe_load(text), path.name  # noqa: S506
