"""Structure and spot checks of the event lexicon, the PLOVER type table and the attribution cues."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src/detente/data"
HEADER = ["trigger", "pos", "objects", "type", "mode", "direction", "notes"]
PLOVER_16 = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
QUADS = {"verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}
CUE_TYPES = {"speech", "writing", "belief", "evidence"}


@pytest.fixture(scope="module")
def types() -> dict[str, Any]:
    doc = yaml.safe_load((DATA / "plover_types.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict) and "types" in doc
    return doc


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DATA / "plover_lexicon.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADER
        return list(reader)


@pytest.fixture(scope="module")
def cues() -> dict[str, Any]:
    doc = yaml.safe_load((DATA / "cues.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def lookup(
    rows: list[dict[str, str]], trigger: str, pos: str, obj: str | None = None
) -> dict[str, str] | None:
    """The row the coder would take: object-specific over object-free."""
    cands = [r for r in rows if r["trigger"] == trigger and r["pos"] == pos]
    if obj is not None:
        for r in cands:
            if r["objects"] and obj in r["objects"].split("|"):
                return r
    for r in cands:
        if not r["objects"]:
            return r
    return None


# --- plover_types.yaml ---------------------------------------------------------------


def test_types_are_exactly_the_16(types: dict[str, Any]) -> None:
    assert list(types["types"]) == PLOVER_16


def test_type_fields(types: dict[str, Any]) -> None:
    for name, t in types["types"].items():
        assert t["quad"] in QUADS, name
        assert isinstance(t["intensity"], (int, float)), name
        assert -10.0 <= t["intensity"] <= 10.0, name
        assert isinstance(t["description"], str) and t["description"], name
        assert isinstance(t["modes"], dict), name
        for mode, desc in t["modes"].items():
            assert mode == mode.lower() and " " not in mode, (name, mode)
            assert isinstance(desc, str) and desc, (name, mode)
        for mode, score in (t.get("mode_intensity") or {}).items():
            assert mode in t["modes"], (name, mode)
            assert -10.0 <= score <= 10.0, (name, mode)


def test_intensity_sign_agrees_with_quad(types: dict[str, Any]) -> None:
    for name, t in types["types"].items():
        if t["quad"].endswith("cooperation"):
            assert t["intensity"] >= 0, name
        else:
            assert t["intensity"] <= 0, name


def test_quads_follow_the_manual(types: dict[str, Any]) -> None:
    quad = {n: t["quad"] for n, t in types["types"].items()}
    assert {n for n, q in quad.items() if q == "verbal_cooperation"} == {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
    }
    assert {n for n, q in quad.items() if q == "material_cooperation"} == {"COOPERATE", "AID", "RETREAT"}
    assert {n for n, q in quad.items() if q == "verbal_conflict"} == {
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
    }
    assert quad["ASSAULT"] == "material_conflict" and quad["SANCTION"] == "material_conflict"
    scores = {n: t["intensity"] for n, t in types["types"].items()}
    assert scores["AID"] > scores["AGREE"] > scores["REQUEST"] > scores["THREATEN"] > scores["ASSAULT"]


def test_modes_from_the_manual(types: dict[str, Any]) -> None:
    t = types["types"]
    assert set(t["REQUEST"]["modes"]) == set(t["REJECT"]["modes"]) == {"assist", "change", "yield", "meet"}
    assert {"visit", "phone"} <= set(t["CONSULT"]["modes"])
    assert {"arrest", "seize", "deport", "curfew"} <= set(t["COERCE"]["modes"])
    assert {"aerial", "firearms", "abduct", "targeted"} <= set(t["ASSAULT"]["modes"])
    assert {"expel", "discontinue", "convict", "withdraw"} <= set(t["SANCTION"]["modes"])
    for name in ("AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID"):
        assert t[name]["modes"] == {}, name


def test_legacy_maps_to_current_types(types: dict[str, Any]) -> None:
    legacy = types["legacy"]
    assert legacy["DEMAND"] == "REQUEST" and legacy["FIGHT"] == "ASSAULT"
    assert legacy["DISAPPROVE"] == "ACCUSE" and legacy["INVESTIGATE"] == "ACCUSE"
    assert all(v in PLOVER_16 for v in legacy.values())
    assert not set(legacy) & set(PLOVER_16)


# --- plover_lexicon.csv ---------------------------------------------------------------


def test_lexicon_is_broad(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 600


def test_rows_are_valid(rows: list[dict[str, str]], types: dict[str, Any]) -> None:
    for r in rows:
        where = f"{r['trigger']}/{r['pos']}/{r['objects']}"
        assert r["trigger"] and r["trigger"] == r["trigger"].lower() == r["trigger"].strip(), where
        assert "  " not in r["trigger"], where
        assert r["pos"] in {"VERB", "NOUN"}, where
        if r["pos"] == "NOUN":
            assert " " not in r["trigger"], where
        assert r["type"] in types["types"], where
        if r["mode"]:
            assert r["mode"] in types["types"][r["type"]]["modes"], where
        assert r["direction"] in {"forward", "reverse"}, where
        if r["objects"]:
            objs = r["objects"].split("|")
            assert all(o and o == o.strip().lower() for o in objs), where
            assert len(objs) == len(set(objs)), where


def test_no_conflicting_duplicates(rows: list[dict[str, str]]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for r in rows:
        key = (r["trigger"], r["pos"], r["objects"])
        assert key not in seen or seen[key] == r["type"], key
        seen[key] = r["type"]


def test_object_lists_of_one_trigger_do_not_overlap(rows: list[dict[str, str]]) -> None:
    """Otherwise 'the most specific match' would be ambiguous."""
    owner: dict[tuple[str, str, str], str] = {}
    for r in rows:
        for obj in r["objects"].split("|") if r["objects"] else ["<none>"]:
            key = (r["trigger"], r["pos"], obj)
            assert key not in owner, (key, owner.get(key), r["type"])
            owner[key] = r["type"]


def test_every_type_has_at_least_15_triggers(rows: list[dict[str, str]]) -> None:
    triggers: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        triggers[r["type"]].add((r["trigger"], r["pos"]))
    for name in PLOVER_16:
        assert len(triggers[name]) >= 15, (name, len(triggers[name]))


def test_every_type_has_verbs_and_nouns(rows: list[dict[str, str]]) -> None:
    for name in PLOVER_16:
        pos = {r["pos"] for r in rows if r["type"] == name}
        assert pos == {"VERB", "NOUN"}, name


def test_generic_verbs_need_objects(rows: list[dict[str, str]]) -> None:
    for r in rows:
        if r["trigger"] in {"say", "make", "take", "hold", "have", "give", "get", "put", "do", "go", "set"}:
            assert r["objects"], r


@pytest.mark.parametrize(
    "trigger,pos,obj,type_",
    [
        ("impose", "VERB", "sanction", "SANCTION"),
        ("impose", "VERB", "embargo", "SANCTION"),
        ("impose", "VERB", "curfew", "COERCE"),
        ("normalize", "VERB", "relation", "AGREE"),
        ("refuse", "VERB", None, "REJECT"),
        ("reject", "VERB", None, "REJECT"),
        ("deny", "VERB", None, "REJECT"),
        ("rebuff", "VERB", None, "REJECT"),
        ("attack", "VERB", None, "ASSAULT"),
        ("attack", "NOUN", None, "ASSAULT"),
        ("launch", "VERB", "missile", "ASSAULT"),
        ("launch", "VERB", "investigation", "ACCUSE"),
        ("strike", "VERB", None, "ASSAULT"),
        ("strike", "VERB", "deal", "AGREE"),
        ("hold", "VERB", "talk", "CONSULT"),
        ("hold", "VERB", "rally", "PROTEST"),
        ("sign", "VERB", "treaty", "SUPPORT"),
        ("extend", "VERB", "invitation", "AGREE"),
        ("send", "VERB", "weapon", "AID"),
        ("send", "VERB", "troop", "MOBILIZE"),
        ("call for", "VERB", None, "REQUEST"),
        ("call on", "VERB", None, "REQUEST"),
        ("pull out", "VERB", None, "RETREAT"),
        ("pull out", "VERB", "treaty", "SANCTION"),
        ("lift", "VERB", "curfew", "CONCEDE"),
        ("release", "VERB", "hostage", "RETREAT"),
        ("threaten", "VERB", None, "THREATEN"),
        ("condemn", "VERB", None, "ACCUSE"),
        ("arrest", "VERB", None, "COERCE"),
        ("expel", "VERB", "diplomat", "SANCTION"),
        ("expel", "VERB", "journalist", "COERCE"),
        ("sanction", "NOUN", None, "SANCTION"),
        ("talk", "NOUN", None, "CONSULT"),
        ("ceasefire", "NOUN", None, "RETREAT"),
        ("protest", "NOUN", None, "PROTEST"),
        ("airstrike", "NOUN", None, "ASSAULT"),
        ("deployment", "NOUN", None, "MOBILIZE"),
        ("aid", "NOUN", None, "AID"),
    ],
)
def test_spot_checks(rows: list[dict[str, str]], trigger: str, pos: str, obj: str | None, type_: str) -> None:
    row = lookup(rows, trigger, pos, obj)
    assert row is not None, (trigger, pos, obj)
    assert row["type"] == type_, (trigger, obj, row)


def test_reverse_direction_for_recipients(rows: list[dict[str, str]]) -> None:
    receive = lookup(rows, "receive", "VERB", "aid")
    assert receive is not None and receive["type"] == "AID" and receive["direction"] == "reverse"
    under = lookup(rows, "come under", "VERB", "attack")
    assert under is not None and under["type"] == "ASSAULT" and under["direction"] == "reverse"
    face = lookup(rows, "face", "VERB", "sanction")
    assert face is not None and face["type"] == "SANCTION" and face["direction"] == "reverse"
    impose = lookup(rows, "impose", "VERB", "sanction")
    assert impose is not None and impose["direction"] == "forward"


# --- cues.yaml ---------------------------------------------------------------------------


def test_cue_sections_and_types(cues: dict[str, Any]) -> None:
    assert set(cues) == {"verbs", "nouns", "phrases", "raising", "object_content"}
    raising = cues["raising"]
    assert isinstance(raising, list) and raising
    for lemma in raising:
        assert isinstance(lemma, str) and lemma == lemma.strip().lower(), ("raising", lemma)
        # a raising verb is not also a cue verb whose subject speaks
        assert not any(lemma in lemmas for lemmas in cues["verbs"].values()), lemma
    for section, by_type in typed_sections(cues).items():
        assert set(by_type) <= CUE_TYPES, section
        for cue_type, lemmas in by_type.items():
            assert isinstance(lemmas, list) and lemmas, (section, cue_type)
            for lemma in lemmas:
                assert isinstance(lemma, str) and lemma == lemma.strip().lower(), (section, lemma)
    assert set(cues["verbs"]) == CUE_TYPES
    assert set(cues["nouns"]) == CUE_TYPES
    # a verb whose object is what is said is a cue verb
    verbs = {lemma for lemmas in cues["verbs"].values() for lemma in lemmas}
    objects = cues["object_content"]
    assert isinstance(objects, list) and len(objects) == len(set(objects))
    for lemma in objects:
        assert isinstance(lemma, str) and lemma == lemma.strip().lower(), ("object_content", lemma)
        assert lemma in verbs, lemma


def typed_sections(cues: dict[str, Any]) -> dict[str, Any]:
    """The sections that map a cue type to its lemmas (not the plain lists)."""
    return {k: v for k, v in cues.items() if k not in {"raising", "object_content"}}


def test_cue_lemmas_unique_across_types(cues: dict[str, Any]) -> None:
    for section, by_type in typed_sections(cues).items():
        owner: dict[str, str] = {}
        for cue_type, lemmas in by_type.items():
            assert len(lemmas) == len(set(lemmas)), (section, cue_type)
            for lemma in lemmas:
                assert lemma not in owner, (section, lemma, owner.get(lemma), cue_type)
                owner[lemma] = cue_type


def test_cue_coverage(cues: dict[str, Any]) -> None:
    speech = set(cues["verbs"]["speech"])
    assert len(speech) >= 80
    assert {"say", "tell", "warn", "insist", "deny", "announce", "claim", "add"} <= speech
    assert "write" in cues["verbs"]["writing"] and "tweet" in cues["verbs"]["writing"]
    assert {"believe", "think", "fear"} <= set(cues["verbs"]["belief"])
    assert {"show", "find"} <= set(cues["verbs"]["evidence"])
    assert "statement" in cues["nouns"]["speech"]
    assert "according to" in cues["phrases"]["speech"]
    assert "say" not in cues["verbs"].get("belief", [])
