"""Event rules: sentence -> (PLOVER type, source country, target country, flag). Written by us, news-style."""

from __future__ import annotations

import pytest

from detente import analyze

# (text, trigger word, type, source country, target country, flag or None)
CASES = [
    ("The United States imposed new sanctions on Iran on Friday.", "imposed", "SANCTION", "USA", "IRN", None),
    ("Russian forces attacked Ukrainian positions near Bakhmut.", "attacked", "ASSAULT", "RUS", "UKR", None),
    ("China and India agreed to resume border talks.", "agreed", "AGREE", "CHN", None, None),
    ("Germany will send air defence systems to Ukraine.", "send", "AGREE", "DEU", "UKR", "future"),
    ("Turkey has never refused to cooperate with Iraq.", "refused", "REJECT", "TUR", None, "negated"),
    ("Israel may launch strikes against Hezbollah in Lebanon.", "launch", "ASSAULT", "ISR", None, "hypothetical"),
    ("Japan condemned North Korea's missile launch.", "condemned", "ACCUSE", "JPN", "PRK", None),
    ("Iran threatened to close the Strait of Hormuz.", "threatened", "THREATEN", "IRN", None, None),
    ("Poland expelled three Russian diplomats on Monday.", "expelled", "SANCTION", "POL", "RUS", None),
    ("France called on Israel to allow aid into Gaza.", "called", "REQUEST", "FRA", "ISR", None),
    ("The European Union lifted sanctions on Syria.", "lifted", None, None, "SYR", None),
    ("Britain is ready to normalize relations with Venezuela.", "normalize", "AGREE", "GBR", "VEN", "future"),
    # domestic by default: a state's curfews and arrests fall on its own people
    ("The Thai government imposed a nightly curfew on Monday.", "imposed", "COERCE", "THA", "THA", None),
    ("Egyptian police arrested dozens of protesters.", "arrested", "COERCE", "EGY", "EGY", None),
    # "it" in a reported clause is the reporter
    ("Kenya said it would send food aid to Somalia.", "send", "AGREE", "KEN", "SOM", None),
    # the target inside the complement of the trigger
    ("Greece refused to meet the Turkish delegation.", "refused", "REJECT", "GRC", "TUR", None),
    # "from" and then the place of the act as the target
    ("Vietnam withdrew its troops from Cambodia.", "withdrew", "RETREAT", "VNM", "KHM", None),
    ("Ethiopia deployed troops in Somalia on Monday.", "deployed", "MOBILIZE", "ETH", "SOM", None),
    # announced hostile acts are threats; refused or failed cooperation is rejection
    ("Iran will impose sanctions on Canada.", "impose", "THREATEN", "IRN", "CAN", None),
    ("Hungary will not accept refugees from Serbia.", "accept", "REJECT", "HUN", "SRB", None),
    ("Sudan and Chad failed to reach an agreement.", "reach", "REJECT", "SDN", None, None),
    # an act announced on a condition is a threat
    ("Nigeria will withdraw its troops from Liberia unless the fighting stops.", "withdraw", "THREATEN", "NGA", "LBR", None),
    # "X said Y must ..." is X's demand on Y
    ("Britain said that Iran must release the detained sailors.", "said", "REQUEST", "GBR", "IRN", None),
    # a hunger strike is a protest, against the protesters' own state when no target is said
    ("Algerian teachers began a hunger strike on Monday.", "strike", "PROTEST", "DZA", "DZA", None),
    # a region stands for its country
    ("Gunmen attacked a police station in Darfur.", "attacked", "ASSAULT", None, "SDN", None),
    # unattributed violence is coded to the country where it happens
    ("A roadside bomb near Kandahar killed two Canadian soldiers.", "killed", "ASSAULT", "AFG", "CAN", None),
    # an unnamed official of a country
    ("A Saudi businessman sued the United States.", "sued", "ACCUSE", "SAU", "USA", None),
]


@pytest.mark.parametrize("text,trigger,type_,source,target,flag", CASES)
def test_event_rules(text: str, trigger: str, type_: str | None, source: str | None, target: str | None, flag: str | None) -> None:
    analysis = analyze(text, published="2024-03-01")
    events = [e for e in analysis.events if trigger in e.trigger.text]
    assert events, f"no event at {trigger!r}: {[(e.type, e.trigger.text) for e in analysis.events]}"
    ev = events[0]
    if type_:
        assert ev.type == type_
    if source:
        assert ev.source_country == source
    if target:
        assert ev.target_country == target
    if flag:
        assert getattr(ev, flag) is True
    assert -10.0 <= ev.intensity <= 10.0
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text


def test_event_inside_statement_is_said_by_the_speaker() -> None:
    text = 'Kremlin spokesman Dmitry Peskov said that Russia would retaliate against the United States.'
    analysis = analyze(text, published="2024-03-01")
    inner = [e for e in analysis.events if "retaliate" in e.trigger.text]
    assert inner and inner[0].said_by == "dmitry-peskov"


def test_no_events_without_actors() -> None:
    analysis = analyze("The weather was cold and the meeting room was empty.", published="2024-03-01")
    assert analysis.events == []


def test_coordinated_actors_give_one_event_each() -> None:
    analysis = analyze("Egypt and Jordan agreed to expand trade with Iraq and Syria.", published="2024-03-01")
    pairs = {(e.source_country, e.target_country) for e in analysis.events if "agreed" in e.trigger.text}
    assert {("EGY", "IRQ"), ("JOR", "IRQ"), ("EGY", "SYR"), ("JOR", "SYR")} <= pairs


def test_refused_cooperation_is_not_double_negated() -> None:
    analysis = analyze("Hungary will not accept refugees from Serbia.", published="2024-03-01")
    ev = next(e for e in analysis.events if "accept" in e.trigger.text)
    assert ev.type == "REJECT" and ev.negated is False


def test_sentence_without_actors_continues_the_previous_subject() -> None:
    text = (
        "Tehran says it will not be intimidated by the drills. "
        "The possibility of retaliating against shipping in the Gulf, however, is not a priority."
    )
    analysis = analyze(text, published="2024-03-01")
    ev = [e for e in analysis.events if e.trigger.text == "retaliating"]
    assert ev and ev[0].source_country == "IRN" and ev[0].negated and ev[0].hypothetical


def test_no_topic_carried_into_a_sentence_with_its_own_actors() -> None:
    text = "Tehran says it will not be intimidated. Retaliating against Iraq is not a priority."
    analysis = analyze(text, published="2024-03-01")
    ev = [e for e in analysis.events if e.trigger.text == "Retaliating"]
    assert all(e.source_country is None for e in ev)  # the sentence names its own actor: no carry-over
