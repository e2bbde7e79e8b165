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
