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
    # nominal acts: the governing verb's subject, "of X with Y", a modified act-noun, a purpose
    ("Norway announced a suspension of flights with Belarus on Monday.", "suspension", "SANCTION", "NOR", "BLR", None),
    ("Thousands of Kenyans gathered for a rally in Nairobi.", "rally", "PROTEST", "KEN", None, None),
    ("Mali's army remained on alert in the north on Friday.", "alert", "MOBILIZE", "MLI", None, None),
    ("The Egyptian envoy undertook a mediation mission between Sudan and Chad.", "mediation", "CONSULT", "EGY", "SDN", None),
    ("Ghanaian doctors began a hunger strike to protest against Nigeria's decision.", "strike", "PROTEST", "GHA", "NGA", None),
    # an act that is the content of another is not coded apart: "rejected a call for sanctions"
    ("Peru rejected a call for sanctions against Chile.", "rejected", "REJECT", "PER", "CHL", None),
    # an order for an act is coded as that act
    ("The Kenyan government ordered patrols along the border with Somalia.", "patrols", "MOBILIZE", "KEN", None, None),
    # a complement extends its trigger: one event "agreed to allow"
    ("Jordan agreed to allow Iraqi refugees to stay.", "allow", "AGREE", "JOR", "IRQ", None),
    # the first actor after the verb when the parse hides the recipient
    ("Morocco denounced as a provocation Algeria's decision to close the border.", "denounced", "ACCUSE", "MAR", "DZA", None),
    # a hostile act announced on a condition is a threat against whoever must meet it
    ("Turkey may suspend talks if Greece deploys troops on the islands.", "suspend", "THREATEN", "TUR", "GRC", "hypothetical"),
    ("Iran threatened to close its embassy unless Britain released the tanker.", "threatened", "THREATEN", "IRN", "GBR", None),
    # "is committed to", "is opposed to": the subject's stance, not a passive
    ("Chile is committed to reforming its pension system.", "committed", "AGREE", "CHL", None, None),
    ("Hungary is opposed to Ukrainian membership of the alliance.", "opposed", "REJECT", "HUN", None, None),
    # exercises held by two states are cooperation
    ("Indian and French warships began joint naval exercises on Monday.", "exercises", "COOPERATE", "IND", None, None),
    # a hostile act on unnamed people in a sentence naming one state falls on that state
    ("Bolivian police opened fire on miners near La Paz.", "opened", "ASSAULT", "BOL", "BOL", None),
    # no named doer: the country where the act happens
    ("Opposition leaders met the Chinese ambassador in Harare on Monday.", "met", "CONSULT", "ZWE", "CHN", None),
    # lexicon senses; the direct object decides before a prepositional one
    ("The Senegalese court cancelled restrictions on opposition rallies.", "cancelled", "CONCEDE", "SEN", None, None),
    ("UN helicopters evacuated wounded civilians from the Sudanese town.", "evacuated", "AID", None, "SDN", None),
    ("Tunisian police prevented a demonstration outside parliament.", "prevented", "COERCE", "TUN", "TUN", None),
    ("The Cuban leader defended Venezuela against American criticism.", "defended", "SUPPORT", "CUB", "VEN", None),
    ("Zimbabwe reneged on its promise to hold early elections.", "reneged", "REJECT", "ZWE", None, None),
    # a complaint's target is what it is about, not whom it is made to
    ("Syria complained to the Security Council about Turkish air strikes.", "complained", "ACCUSE", "SYR", "TUR", None),
    # "withdrawal from X": the place left; "blockade of X with Y's help": X
    ("Russia began the withdrawal of its troops from Georgia.", "withdrawal", "RETREAT", "RUS", "GEO", None),
    ("Egypt tightened the blockade of Gaza with Israel's help.", "blockade", None, "EGY", "PSE", None),
    # a possessive pronoun stands for the subject of the reporting clause
    ("The Kurds said their fighters had completed their withdrawal from the town.", "withdrawal", "RETREAT", None, None, None),
    # unattributed violence "outside of" a place
    ("Two Dutch soldiers were killed by a roadside bomb outside of Kandahar.", "killed", "ASSAULT", "AFG", "NLD", None),
    # an unknown titled person or group takes the one state its sentence names, the
    # reporter ("..., Thai police said") left out; a multinational body does not
    ("Judge Paulo Mendes opened an inquiry into Brazilian customs officials.", "opened", "ACCUSE", "BRA", "BRA", None),
    ("Igbo elders demanded new elections in Nigeria.", "demanded", "REQUEST", "NGA", "NGA", None),
    ("The Union of Free Farmers threatened to boycott Zambia's elections, Kenyan radio said.", "threatened", "THREATEN", "ZMB", "ZMB", None),
    ("The African Jurists Forum investigated the treatment of Gambian prisoners.", "investigated", "ACCUSE", None, "GMB", None),
    # an act with no named target in a one-state sentence falls on that state, unless imagined
    ("The Mongolian mining company refused to pay the fine.", "refused", "REJECT", "MNG", "MNG", None),
    ("If Peru retaliates, the talks will end.", "retaliates", None, "PER", None, "hypothetical"),
    # a state acting on its own people: "Croatia is investigating Croatian extremists"
    ("Chile is investigating alleged abuses by Chilean soldiers.", "investigating", "ACCUSE", "CHL", "CHL", None),
    # a hostile act on unnamed people elsewhere falls on the country where it happens
    ("Two Somali gunmen killed five people when they attacked a hotel in Nairobi.", "killed", "ASSAULT", "SOM", "KEN", None),
    # a threat's condition names its target before the place it happens
    ("Serbia threatened to ban voting in Vojvodina if Kosovo raised tariffs.", "threatened", "THREATEN", "SRB", "XKX", None),
    # "the withdrawal of forces from X": X is the place left, not the forces' country
    ("France accelerated the withdrawal of its forces from Mali on Tuesday.", "withdrawal", "RETREAT", "FRA", "MLI", None),
    # the parser's noun root over a misparsed main verb; coordinated verbs share the object
    ("Engineers from two Japanese relief groups donated and delivered generators to a hospital in Haiti.", "donated", "AID", "JPN", "HTI", None),
    ("Chile has established trade ties with and opened a consulate in Tehran.", "established", None, "CHL", "IRN", None),
    # an object lost by a bare preposition to the clause it starts
    ("Ecuador has granted asylum to three Colombian army officers hiding in its embassy.", "granted", "AID", "ECU", "COL", None),
    # a welcome given to a visitor is hosting him; bombs exploded are an attack
    ("President Lula gave a warm welcome on Friday to the Angolan president.", "welcome", "CONSULT", "BRA", "AGO", None),
    ("Somali militants exploded two bombs in Mogadishu on Friday.", "exploded", "ASSAULT", "SOM", "SOM", None),
    # lexicon: a reminder that someone must act is a demand; stopping work is a strike;
    # forcing people from their homes is coercion, holding them as shields too; sending
    # inspectors is an investigation
    ("The German chancellor issued a sharp reminder to Serbia that it must respect the ceasefire.", "issued", "REQUEST", "DEU", "SRB", None),
    ("Thousands of Kenyan dock workers stopped work on Tuesday.", "stopped", "PROTEST", "KEN", "KEN", None),
    ("Ethiopian troops forced out hundreds of villagers from their farms near the border.", "forced", "COERCE", "ETH", "ETH", None),
    ("Syrian rebels held dozens of civilians as human shields in Aleppo.", "held", "COERCE", "SYR", "SYR", None),
    ("The OPCW dispatched inspectors to a chemical plant in Syria.", "dispatched", "ACCUSE", None, "SYR", None),
    # a nominal act governed by a passive verb falls on the subject, done where it happens
    ("A French tourist was put under investigation in Spain on Friday.", "investigation", "ACCUSE", "ESP", "FRA", None),
    # a demand's "that" clause hung on the verb: whoever must act is the target
    ("The African Union reiterated its demand today that Sudan cut ties with Chadian rebels.", "demand", "REQUEST", None, "SDN", None),
    # unnamed protesters where the place is all the sentence names are its people
    ("Inmates rioted at a prison in Caracas after the extradition of a gang leader to Colombia.", "rioted", "PROTEST", "VEN", "VEN", None),
    # a well-known city of a country stands for it: "a nurse from Calgary"
    ("A nurse from Calgary was detained in Iran on Monday.", "detained", "COERCE", "IRN", "CAN", None),
    # an object moved after a phrase, parsed as the subject of a later clause
    ("President Alpha Conde on Friday shortened by two hours the nightly curfew imposed in Guinea after a coup attempt shook the capital.", "shortened", "CONCEDE", "GIN", "GIN", None),
    # unnamed people named by whom they belong to
    ("Some 20,000 teachers affiliated with the Kenya National Union of Teachers stopped work on Monday over a pay deal signed by Ugandan officials.", "stopped", "PROTEST", "KEN", "UGA", None),
    # a root with two subjects: the first one's verb misparsed as its modifier
    ("Lebanese youths resorted to burning tyres during protests against the Syrian army, officials said on Monday.", "protests", "PROTEST", "LBN", "SYR", None),
    # an unknown doer of a nominal act takes the one state its sentence names
    ("Opposition students continued their hunger strike to demand the release of Kenyan President Daniel arap Moi's rivals.", "strike", "PROTEST", "KEN", "KEN", None),
    # a deployment that arrives somewhere is deployed there
    ("A second deployment of Rwandan troops arrived in Mozambique on Friday, the army said.", "deployment", "MOBILIZE", "RWA", "MOZ", None),
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


def test_a_place_does_not_act_but_gives_its_country() -> None:
    """"Police in Jerusalem arrested": the police acted, in Israel; Jerusalem is no doer."""
    analysis = analyze("Police in Jerusalem arrested two men on Monday.", published="2024-03-01")
    (ev,) = [e for e in analysis.events if e.trigger.text == "arrested"]
    assert ev.source is None and ev.source_country == "ISR"


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


def test_an_act_inside_another_is_one_event() -> None:
    """The main act of a sentence: "shelled the town, killing ..." and "agreed that they
    should cooperate" are one event each."""
    for text, trigger in [
        ("Chadian rebels shelled the town of Abeche, killing twelve people.", "shelled"),
        ("Ghana and Togo agreed that their police should cooperate.", "agreed"),
    ]:
        analysis = analyze(text, published="2024-03-01")
        assert {e.trigger.text for e in analysis.events} == {trigger}, [(e.type, e.trigger.text) for e in analysis.events]


def test_coordinated_acts_stay_two_events() -> None:
    analysis = analyze("Somali gunmen kidnapped two Kenyan engineers and burned their car.", published="2024-03-01")
    assert {"kidnapped", "burned"} <= {e.trigger.text for e in analysis.events}


def test_main_act_without_actors_is_kept() -> None:
    """A sentence whose main act names no actor still reports that act."""
    analysis = analyze("Village elders demanded the release of the detained teachers.", published="2024-03-01")
    assert [e.type for e in analysis.events] == ["REQUEST"]
    assert analysis.events[0].source is None and analysis.events[0].target is None


def test_compound_act_noun_is_not_an_event() -> None:
    """"riot police", "aid groups": a kind of people, not an act."""
    analysis = analyze("Kenyan riot police guarded the offices of foreign aid groups.", published="2024-03-01")
    assert not [e for e in analysis.events if e.trigger.text in {"riot", "aid"}]


def test_attribution_phrase_is_not_an_event() -> None:
    analysis = analyze("Nepal's army shelled rebel positions, according to a press release by the rebels.", published="2024-03-01")
    assert not [e for e in analysis.events if e.trigger.text == "release"]


def test_possessive_pronoun_is_the_reporting_subject() -> None:
    analysis = analyze("Nigeria said its forces had completed their withdrawal from the border town.", published="2024-03-01")
    ev = [e for e in analysis.events if e.trigger.text == "withdrawal"]
    assert ev and ev[0].source_country == "NGA"
