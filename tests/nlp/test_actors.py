"""Actor resolution: sentence -> (surface, canonical id or None, country, sector). Written by us."""

from __future__ import annotations

import pytest

from detente import analyze
from detente.nlp.gazetteer import translit_key
from detente.nlp.pipeline import for_parser

CASES = [
    ("Kremlin spokesman Dmytri Peskov spoke on Monday.", "Dmytri Peskov", "dmitry-peskov", "RUS", "GOV"),
    ("Dmitrii Peskov declined to comment.", "Dmitrii Peskov", "dmitry-peskov", "RUS", "GOV"),
    ("President Volodymyr Zelenskyy visited the front.", "Volodymyr Zelenskyy", "volodymyr-zelensky", "UKR", "GOV"),
    ("Russian Deputy Foreign Minister Ivan Petrovsky-Zaitsev arrived.", "Petrovsky-Zaitsev", None, "RUS", "GOV"),
    ("The Kremlin rejected the offer.", "Kremlin", "RUS", "RUS", "GOV"),
    ("Kyiv welcomed the decision.", "Kyiv", "UKR", "UKR", "GOV"),
    ("OPEC+ agreed to cut output.", "OPEC+", None, None, "IGO"),
    ("The Israeli army said it struck targets in Gaza.", "Israeli army", None, "ISR", "MIL"),
    ("Colonel Marta Ruiz, a Colombian army officer, said the patrol was ambushed.", "Marta Ruiz", None, None, None),
    # historical heads of state are known people with their country
    ("Ugandan rebels accused President Yoweri Museveni of fraud.", "Yoweri Museveni", "yoweri-museveni", "UGA", "GOV"),
    ("King Abdullah II of Jordan met the envoy.", "King Abdullah II", "abdullah-ii", "JOR", "GOV"),
    # a demonym and a title with no name: an unnamed member of that country's group
    ("A Saudi businessman filed the lawsuit on Monday.", "Saudi businessman", "SAU-businessman", "SAU", "BUS"),
    ("A French minister warned of retaliation.", "French minister", "FRA-minister", "FRA", "GOV"),
    # a people of a country written as a name
    ("Bosnian Croats boycotted the vote.", "Bosnian Croats", None, "BIH", None),
    # a region or city that is not the seat of government: a place of the country, no sector
    ("Gunmen opened fire in Darfur on Sunday.", "Darfur", "SDN-darfur", "SDN", None),
    # an ethnic group is coded by the country it lives in, when a place is named
    ("Ethnic Hungarians in Romania demanded autonomy.", "Hungarians", None, "ROU", None),
    ("Ethnic Russian militias operating in Moldova seized a village.", "Russian", None, "MDA", None),
    ("The Serbs of northern Kosovo boycotted the vote.", "Serbs", None, "XKX", None),
    ("Ethnic Russians staged a rally.", "Russians", "RUS", "RUS", None),
    # a known organisation inside a longer name with a generic word
    ("Activists of the Hamas movement marched in Gaza.", "Hamas movement", "hamas", "PSE", None),
    # people of one surname who share a country: that country, whoever is meant
    ("President Assad met the envoy.", "Assad", None, "SYR", None),
    # a country name of several words before an institution
    ("The Ivory Coast's Supreme Court ruled on Monday.", "Supreme Court", None, "CIV", "JUD"),
    # a plural title after a demonym is a group of that country; a number before it is no title
    ("Palestinian youths threw stones at soldiers.", "Palestinian youths", None, "PSE", "CVL"),
    ("Jordan will admit up to 5,000 Syrian Kurd refugees this year.", "Kurd", None, "SYR", None),
    # a party-and-state bracket after a name: a US legislator, whoever the person is
    ("Rep. Jane Doerfler (D-Calif.) said the bill would pass.", "Jane Doerfler", None, "USA", "LEG"),
    ("Mark Holloway (R-Texas), who chairs the panel, objected.", "Mark Holloway", None, "USA", "LEG"),
    ("Senator Ann Whitlock (I-Vt.) voted against it.", "Ann Whitlock", None, "USA", "LEG"),
    ("Dana Pruett (D-New Mexico) introduced the measure.", "Dana Pruett", None, "USA", "LEG"),
    # an online platform is an organisation, not the person NER takes it for; a handle
    # and a leading verb are no part of a name
    ("He wrote on Twitter that the vote was rigged.", "Twitter", "twitter", "USA", "BUS"),
    ("He wrote in a post on X that the vote was rigged.", "X", "twitter", "USA", "BUS"),
    # a leader's name before "administration"/"regime": the government they lead
    ("The Trump administration imposed new tariffs on China.", "Trump administration", "trump-administration", "USA", "GOV"),
    ("The Assad regime shelled the town.", "Assad regime", "assad-regime", "SYR", "GOV"),
    # ... a one-word name is the leader the article named before, whom nobody else knows
    ("Kenyan President Samuel Otieno spoke. The Otieno government rejected the report.", "Otieno government", "otieno-government", "KEN", "GOV"),
    ("Hungarian Prime Minister Peter Brandt spoke. The Brandt government has stalled.", "Brandt government", "brandt-government", "HUN", "GOV"),
    # news media of their country
    ("The claims were first reported by Le Monde.", "Le Monde", "le-monde", "FRA", "MED"),
    ("Haaretz reported the claims on Monday.", "Haaretz", "haaretz", "ISR", "MED"),
    ("In an X post, the minister denied it.", "X", "twitter", "USA", "BUS"),
    ("“No deal under pressure,” Lavrov wrote on X.\n\nMoscow has rejected the plan.", "X", "twitter", "USA", "BUS"),
    # ... and once an "X" is surely the platform, so is an "X" standing alone later
    ("The monitor said on X that service had failed. Representatives for X did not respond.", "X did", "twitter", "USA", "BUS"),
    # a double-barrelled surname the NER model cut at the hyphen is whole
    ("Ambassador Dorothy Pemberton-Hale said so.", "Dorothy Pemberton-Hale", "dorothy-pemberton-hale", None, "GOV"),
    # a title the NER model took into a name is the title before it
    ("MEP Gerald Batterby said the party would fight on.", "Gerald Batterby", None, None, "LEG"),
    # a name after a capitalised title where the NER model saw none
    ("Field Marshal Munir met the Deputy Ruler of Abu Dhabi on Monday.", "Munir", "asim-munir", "PAK", "MIL"),
    # a name the NER model began at "bin" gets its given name back
    ("Field Marshal Munir met National Security Adviser Sheikh Tahnoon bin Zayed Al Nahyan, during which they discussed ties.", "Tahnoon bin Zayed", "tahnoun-bin-zayed-al-nahyan", "ARE", "GOV"),
    # a known medium or company inside a longer name with what it is
    ("The IRNA news agency said the talks had ended.", "IRNA news agency", "irna", "IRN", "MED"),
    # a word of news opening a sentence is no part of a name
    ("Latest Nato estimates show that Britain spent more on defence.", "Nato", "nato", None, "IGO"),
    # a country phrase with its article does not hide the institution it modifies
    ("The US military is preparing for a long campaign.", "US military", None, "USA", "MIL"),
    ("Follow Ian Hanchett on Twitter @IanHanchett.", "Ian Hanchett", "ian-hanchett", None, None),
    # the press's abbreviated titles
    ("Gen. Ivan Petrakov, the Russian commander, said the attack had failed.", "Ivan Petrakov", None, "RUS", "MIL"),
    ("Gov. Ann Pierce signed the law on Monday.", "Ann Pierce", None, None, "GOV"),
    # a bare surname that is also a given name is the known person under a title only
    ("Sen. Paul said the bill was dead.", "Paul", "rand-paul", "USA", "LEG"),
    # ... a title says more than the bracket does
    ("Secretary of State Paul Renner (R-Fla.) met the envoy.", "Paul Renner", None, "USA", "GOV"),
    # a title and what it is of, "and" inside it; "and" before it joins two people
    ("Talks were held between Malian mines minister Ali Toure and Ghanaian minister of lands and forestry "
     "Kwame Asante.", "Kwame Asante", None, "GHA", "GOV"),
    # a country's title with a typographic apostrophe
    ("Kenya’s Foreign Minister Amina Odhiambo-Kariuki arrived.", "Amina Odhiambo-Kariuki", None, "KEN", "GOV"),
    # a person described by the body they serve: its sector, and its country for a party
    ("The Zambian Workers Party (ZWP) won. ZWP leader Mary Banda thanked voters.", "Mary Banda", None, "ZMB", "PTY"),
    ("UN envoy Karl Brenner said talks would resume.", "Karl Brenner", None, None, "IGO"),
    ("Tom Berg, a spokesman for Amnesty International, said the trial was unfair.", "Tom Berg", None, None, "NGO"),
    # a titled name the NER model takes for an organisation
    ("Yesterday, Field Marshal Okonkwo met the delegation.", "Okonkwo", None, None, "MIL"),
    # what a person was made or served as
    ("Lena Fischer was sworn in as Austria’s chancellor on Monday.", "Lena Fischer", None, "AUT", "GOV"),
    ("Omar Haddad, who served as foreign minister of Jordan, died.", "Omar Haddad", None, "JOR", "GOV"),
    ("The attack was condemned by the Kenyan foreign minister, Amina Odhiambo, on Monday.", "Amina Odhiambo", None, "KEN", "GOV"),
    # a body named in the title says the sector more than the title's generic words
    ("Amnesty International Secretary General Lena Moretti spoke.", "Lena Moretti", None, None, "NGO"),
    ("Lena Moretti, Amnesty International's secretary general, spoke.", "Lena Moretti", None, None, "NGO"),
    # a region's institution is of the region's country
    ("Gaza’s civil defence agency said 12 people were killed.", "civil defence agency", "PSE-civil-defence", "PSE", "GOV"),
    ("Tom Berg, a spokesman for the Russian foreign ministry, spoke.", "Tom Berg", None, "RUS", "GOV"),
    ("Omar Haddad, a lawyer from Kenya, spoke.", "Omar Haddad", None, "KEN", None),
    # a noun that starts a title of another sector is no institution
    ("White House press secretary Dana Whitfield spoke.", "Dana Whitfield", None, "USA", "GOV"),
    # an organisation we do not know: its head noun tells the sector
    ("The Kenya Bureau of Statistics said inflation rose.", "Kenya Bureau of Statistics", None, "KEN", "GOV"),
    ("The Ruvuma Democratic Party won the seat.", "Ruvuma Democratic Party", None, None, "PTY"),
    # a party's local branch in a story of the party's state; a party name several states'
    # parties share is the one of the state the text names
    ("Labour is ahead, said John Murray, of Aldridge Brownhills Conservatives. The Tories and Lib Dems disagreed.",
     "Aldridge Brownhills Conservatives",
     None, "GBR", "PTY"),
    ("BERLIN - The Christian Democrats won, said Anna Weber.", "Christian Democrats", "cdu", "DEU", "PTY"),
    ("STOCKHOLM - The Social Democrats won the election in Sweden.", "Social Democrats", "swedish-social-democrats",
     "SWE", "PTY"),
    # the UK's devolved governments, by their names then and now
    ("The Scottish Executive said the ban would start in spring.", "Scottish Executive", "scottish-government", "GBR", "GOV"),
]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez (pictured) said the plan would fail.",  # a bracket that is no affiliation
        "Maria Lopez (43) said the plan would fail.",
        "Maria Lopez (CEO-elect) said the plan would fail.",
    ],
)
def test_a_bracket_that_is_no_affiliation_tells_no_country(text: str) -> None:
    (actor,) = [a for a in analyze(text, published="2024-06-01").actors if a.name == "Maria Lopez"]
    assert actor.country is None


def test_a_given_name_and_surname_the_ner_model_missed_is_a_person() -> None:
    text = ("The pair finished behind Laurence Fournier Beaudry and Guillaume Cizeron of France. Cizeron denied "
            "the reports.")
    assert [i for i, _, _ in _ids_at(text, "Guillaume", "2026-02-10")] == ["guillaume-cizeron"]
    assert [i for i, _, _ in _ids_at(text, "Cizeron denied", "2026-02-10")] == ["guillaume-cizeron"]
    # a place a given name opens is no person
    places = analyze("The protesters marched down Charlotte Street on Monday.", published="2026-02-10")
    assert not [a for a in places.actors if a.type == "person"]


def test_public_bodies_and_civil_society_in_british_news() -> None:
    uk = {"url": "https://news.bbc.co.uk/1/hi/uk_politics/1.stm"}
    text = "The CBI said business confidence had fallen. British firms were gloomy, and the Treasury in London agreed."
    assert _ids_at(text, "CBI", "2005-03-01", **uk) == [("confederation-of-british-industry", "GBR", "BUS")]
    text = "NEW DELHI: The CBI arrested two officials in Mumbai, Indian police said."
    assert _ids_at(text, "CBI", "2005-03-01") == [("central-bureau-of-investigation", "IND", "COP")]
    text = "Unison said the strike would go ahead. The choir sang in unison."
    assert _ids_at(text, "Unison", "2005-03-01", **uk) == [("unison", "GBR", "LAB")]
    assert _ids_at(text, "unison.", "2005-03-01", **uk) == []


def test_an_acronym_of_a_body_named_in_full_is_that_body() -> None:
    text = ("A Kenya National Audit Office report on the biggest projects says costs rose. John Hale, head of the "
            "KNAO, said the scheme had failed.")
    assert _ids_at(text, "KNAO", "2005-03-01") == _ids_at(text, "Kenya National Audit Office", "2005-03-01") != []
    # ... even one the gazetteer knows by a short name many things share, which lends it nothing
    text = ("LONDON, March 3 - The International Coffee Organization met on Monday. The ICO said quotas would "
            "stay, delegates said.")
    ids = _ids_at(text, "ICO", "1987-03-03")
    assert ids == _ids_at(text, "International Coffee Organization", "1987-03-03") and ids[0][0] != "information-commissioners-office"


def test_a_title_before_a_name_is_no_unnamed_member_of_a_group() -> None:
    text = "Talks were held between Malian mines minister Ali Toure and Ghanaian minister of lands and forestry Kwame Asante."
    assert _ids_at(text, "Ghanaian minister", "1987-03-03") == []


def test_the_state_in_an_affiliation_is_no_actor() -> None:
    analysis = analyze("Sen. Mark Holloway (R-Texas) said Texas would sue.", published="2024-06-01")
    texas = [m.start for a in analysis.actors for m in a.mentions if m.text == "Texas"]
    assert texas == [analysis.article.text.rindex("Texas")]  # the state the sentence names, not the bracket


def test_a_title_word_is_no_institution() -> None:
    analysis = analyze("White House press secretary Dana Whitfield spoke.", published="2024-06-01")
    assert not any(a.sector == "MED" for a in analysis.actors)


def test_what_a_person_is_says_nothing_unless_it_is_a_title() -> None:
    (person,) = [a for a in analyze("Maria Olsen is a critic of the Danish government.", published="2024-06-01").actors
                 if a.name == "Maria Olsen"]
    assert person.country is None


def test_typographic_apostrophes_parse_like_straight_ones_and_keep_the_text() -> None:
    text = "Lena Fischer is set to become Austria’s next chancellor, O’Neill said on Monday."
    analysis = analyze(text, published="2024-06-01")
    (fischer,) = [a for a in analysis.actors if a.name == "Lena Fischer"]
    assert (fischer.country, fischer.sector) == ("AUT", "GOV")
    spans = [m for a in analysis.actors for m in a.mentions] + [t.span for t in analysis.times]
    spans += [s for q in analysis.quotes for s in (q.content, q.cue, q.speaker.span if q.speaker else None) if s]
    assert spans and all(s.text == text[s.start : s.end] for s in spans)
    assert any("’" in s.text for s in spans)  # "O’Neill" as written, not as parsed


EVIDENCE = [
    # the tokenizer keeps a sentence-final full stop on a capital letter ("X."); the
    # evidence of the mention does not, nor the line break an entity may run into
    ("Musk said the ruling was wrong. He posted it on X.\n\nThe court declined to comment.", "X"),
    ("Service had failed for hours, the monitor said on X. It gave no reason.", "X"),
    ("He was a follower of Malcolm X. He said so on Monday.", "Malcolm X"),
    # an entity that begins with "the" and a line break (hard-wrapped wire copy)
    ("Farmers are furious over plans by the\nEuropean Commission, but the\nCommission is loath to act.", "European Commission"),
]


@pytest.mark.parametrize("text, surface", EVIDENCE)
def test_a_mentions_evidence_is_the_name_alone(text: str, surface: str) -> None:
    mentions = [m for a in analyze(text, published="2026-02-01").actors for m in a.mentions]
    assert all(m.text and m.text == text[m.start : m.end] and m.text == m.text.strip() for m in mentions)
    assert all(a.name.strip() for a in analyze(text, published="2026-02-01").actors)
    assert surface in {m.text for m in mentions}
    assert not any(m.text.endswith(("X.", "\n")) for m in mentions)


def test_a_journalist_is_not_of_the_newspapers_country() -> None:
    (person,) = [a for a in analyze("Reuters reporter Ana Costa asked the minister.", published="2024-06-01").actors
                 if a.name == "Ana Costa"]
    assert (person.country, person.sector) == (None, "MED")


@pytest.mark.parametrize(
    "text",
    [
        # spelled out, then the acronym alone
        "The Inter-Agency Relief Directorate (IARD) said convoys were stopped. IARD staff left.",
        # the acronym used before it is spelled out
        "IARD staff left on Monday. The Inter-Agency Relief Directorate (IARD) said convoys were stopped.",
    ],
)
def test_a_bracketed_acronym_is_the_same_actor(text: str) -> None:
    analysis = analyze(text, published="2024-06-01")
    owners = {a.id for a in analysis.actors for m in a.mentions if "IARD" in m.text or "Directorate" in m.text}
    assert len(owners) == 1
    (actor,) = [a for a in analysis.actors if a.id in owners]
    assert len(actor.mentions) == 3 and actor.sector == "GOV"


@pytest.mark.parametrize(
    "text,acronym",
    [
        ("The Inter-Agency Relief Directorate (Reuters) said convoys were stopped.", "Reuters"),  # not its initial
        ("The Relief Directorate (RD) said convoys were stopped.", None),  # two capitals: an acronym
    ],
)
def test_only_a_plausible_acronym_is_taken(text: str, acronym: str | None) -> None:
    analysis = analyze(text, published="2024-06-01")
    directorate = [a for a in analysis.actors if "Directorate" in a.name]
    assert directorate
    texts = [m.text for m in directorate[0].mentions]
    if acronym is None:
        assert "RD" in texts
    else:
        assert acronym not in texts


@pytest.mark.parametrize(
    "text",
    [
        "NAIROBI: Kenya said on Monday it would reopen the border.\n\nNairobi later confirmed it.",
        "NAIROBI / KAMPALA: Kenya said on Monday it would reopen the border.\n\nNairobi later confirmed it.",
        "NAIROBI, June 3 (Reuters) - Kenya said on Monday it would reopen the border.\n\nNairobi later confirmed it.",
    ],
)
def test_a_dateline_is_no_actor(text: str) -> None:
    analysis = analyze(text, published="2024-06-01")
    starts = [m.start for a in analysis.actors for m in a.mentions]
    dateline_end = next(i for i, c in enumerate(text) if c in ":,")
    assert not [s for s in starts if s < dateline_end]  # the dateline's places
    assert text.index("Nairobi") in starts and text.index("Kenya") in starts


@pytest.mark.parametrize(
    "text",
    [
        "Pilgrims began fasting for Ramadan on Wednesday.",  # a festival NER takes for a person
        "Delegates left the Lisbon Security Conference on Friday.",  # an event, and no Lisbon in it
        "The emir received him at Qasr Al Watan Palace.",  # a building
    ],
)
def test_festivals_events_and_buildings_are_no_actors(text: str) -> None:
    assert analyze(text, published="2024-06-01").actors == []


@pytest.mark.parametrize(
    "text",
    [
        "The delegates met in the General Assembly Hall on Friday.",
        "The Prime Minister Office issued a statement on Friday.",
        "The Defence Minister Conference opened on Friday.",
        "Deputy Minister Council members met on Friday.",
    ],
)
def test_a_title_before_a_capitalised_word_makes_no_person_of_a_title_or_institution(text: str) -> None:
    assert not [a for a in analyze(text, published="2024-06-01").actors if a.type == "person"]


@pytest.mark.parametrize(
    ("text", "name", "forms"),
    [
        # a hyphenated surname is repeated whole, never as its last part
        (
            "East Midlands MEP Robert Kilroy-Silk said he was quitting. Kilroy-Silk said the party had lost its way.",
            "Robert Kilroy-Silk",
            {"Robert Kilroy-Silk", "Kilroy-Silk", "he"},
        ),
        # ... and a surname with its particle is the person named before
        ("President Bashar al-Assad spoke. Later al-Assad left.", "Bashar al-Assad", {"Bashar al-Assad", "al-Assad"}),
        ("Ursula von der Leyen spoke. Von der Leyen said so.", "Ursula von der Leyen", {"Ursula von der Leyen", "Von der Leyen"}),
        # where the family name comes first, the first word is the surname
        ("Chinese Foreign Minister Wang Yi met the envoy. Wang said the talks were candid.", "Wang Yi", {"Wang Yi", "Wang"}),
        ("Cambodian Prime Minister Hun Manet spoke. Hun said the border was calm.", "Hun Manet", {"Hun Manet", "Hun"}),
    ],
)
def test_a_hyphenated_surname_is_the_person_named_before(text: str, name: str, forms: set[str]) -> None:
    actors = analyze(text, published="2005-01-01").actors
    (person,) = [a for a in actors if a.name == name]
    assert {m.text for m in person.mentions} == forms
    assert not [a for a in actors if a is not person]


@pytest.mark.parametrize(
    ("text", "name", "forms"),
    [
        # an honorific and a surname: the person named in full before
        ("Barbara Rochford, the former minister, spoke. Ms Rochford said she was glad.", "Barbara Rochford", {"Barbara Rochford", "Ms Rochford"}),
        ("The sociologist Amitai Etzberg wrote the report. Prof Etzberg said it was clear.", "Amitai Etzberg", {"Amitai Etzberg", "Prof Etzberg"}),
        # a one-word name before the full name is that person too, whatever the NER model took it for
        ("Speaking on Monday, Pendleford said the plan was wrong. Harold Pendleford, the Labour MP, has attacked it.", "Harold Pendleford", {"Pendleford", "Harold Pendleford"}),
    ],
)
def test_short_forms_of_a_person_named_in_full_are_that_person(text: str, name: str, forms: set[str]) -> None:
    people = [a for a in analyze(text, published="2005-01-01").actors if a.type == "person"]
    assert [a.name for a in people] == [name]
    assert {m.text for m in people[0].mentions} >= forms


def test_a_known_form_inside_a_longer_name_of_the_person_is_the_whole_name() -> None:
    # the gazetteer knows "President Xi"; the NER model reads "Xi Jinping": one mention
    text = "Chinese President Xi Jinping met Russian President Vladimir Putin. The Putin-Xi summit ended on Friday."
    actors = {a.id: a for a in analyze(text, published="2023-03-21").actors}
    assert [m.text for m in actors["xi-jinping"].mentions] == ["President Xi Jinping", "Xi"]
    assert [m.text for m in actors["vladimir-putin"].mentions] == ["Vladimir Putin", "Putin"]


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [
        # hard-wrapped wire copy: a long line that breaks inside a sentence goes straight on
        ("Treasury Secretary James Baker met Federal Reserve Board chairman Paul\nVolcker on Monday.", True),
        # a paragraph break, a short line (a headline) and a line ending a sentence are kept
        ("Treasury Secretary James Baker met Federal Reserve Board chairman Paul\n\nVolcker said so.", False),
        ("BAKER MEETS VOLCKER\nTreasury Secretary James Baker met the chairman.", False),
        ("Treasury Secretary James Baker met the Federal Reserve chairman.\nVolcker said so.", False),
    ],
)
def test_the_parser_reads_a_wrapped_line_break_as_a_space(text: str, wrapped: bool) -> None:
    parsed = for_parser(text)
    assert len(parsed) == len(text) and ("\n" not in parsed) == wrapped


# a text wrapped throughout (wire copy): every line break inside a paragraph is a wrap, after
# a short line or a full stop too; a headline, a blank line and an indent are kept
WIRE = (
    "U.K. EXPECTS DEMAND FOR SHARES\n\n"
    "LONDON, April 8 - Demand for shares in <Precambrian Shield Resources\n"
    "Ltd> is expected to be substantial, the U.S.\n"
    "Agriculture Department said on Monday in a report on the grain trade.\n"
    "    It said the issue would be offered to institutions, company\n"
    "employees and the general public in the United Kingdom.\n"
)


def test_every_line_break_inside_a_paragraph_of_wire_copy_is_a_space() -> None:
    parsed = for_parser(WIRE)
    assert len(parsed) == len(WIRE)
    assert [line for line in parsed.split("\n")] == [
        "U.K. EXPECTS DEMAND FOR SHARES", "",
        WIRE.split("\n\n")[1].split("\n    ")[0].replace("\n", " "),
        "    It said the issue would be offered to institutions, company employees and the general public in the United Kingdom.",
        "",
    ]
    (usda,) = [a for a in analyze(WIRE, published="1987-04-08").actors if a.id == "us-usda"]
    assert usda.mentions[0].text == "U.S.\nAgriculture Department"


def test_a_name_across_a_wrapped_line_is_one_name_with_the_articles_own_text() -> None:
    text = "Treasury Secretary James Baker met Federal Reserve Board chairman Paul\nVolcker on Monday."
    (volcker,) = [a for a in analyze(text, published="1987-03-01").actors if a.id == "paul-volcker"]
    assert [m.text for m in volcker.mentions] == ["Paul\nVolcker"]


def test_a_double_barrelled_surname_is_not_its_last_part() -> None:
    # "Butler" alone is not Anne Keast-Butler (nor a man called Lord Butler her)
    actors = analyze("Lord Butler spoke on Monday.", published="2024-01-01").actors
    assert "anne-keast-butler" not in [a.id for a in actors]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Liberal Democrat Alan Beith - who chairs the committee - said so.", "Alan Beith"),
    ],
)
def test_quote_marks_and_dashes_at_a_names_ends_are_no_part_of_it(text: str, name: str) -> None:
    texts = {m.text for a in analyze(text, published="2005-01-01").actors for m in a.mentions}
    assert name in texts and not any(t[0] in "\"-" or t[-1] in "\"-" for t in texts)


def test_a_word_inside_a_hyphenated_word_is_no_name() -> None:
    texts = {m.text for a in analyze("Pupils sat A-Levels and GCSEs.", published="2005-01-01").actors for m in a.mentions}
    assert not any(t.startswith("-") for t in texts)


def test_a_hyphenated_word_after_a_name_is_no_part_of_it() -> None:
    text = "The Mark Holloway-owned newspaper closed on Monday."  # NER: "Mark Holloway-owned", PERSON
    names = {a.name for a in analyze(text, published="2024-06-01").actors}
    assert names == {"Mark Holloway"}


@pytest.mark.parametrize(("published", "country"), [("2005-01-09", "SDN"), ("2015-06-01", "SSD")])
def test_an_organisation_of_a_state_not_yet_formed_is_of_the_older_state(published: str, country: str) -> None:
    (splm,) = [a for a in analyze("The SPLM signed the peace deal.", published=published).actors if a.id == "splm"]
    assert splm.country == country


def test_surname_repeats_follow_the_name_as_written_not_titles() -> None:
    text = ("A Kenyan minister arrived on Monday. Prime Minister Odhiambo Kamau greeted him.\n\n"
            "Sheikh Hasina fled to India in 2024. Hasina denies the charges.")
    analysis = analyze(text, published="2025-06-01")
    by_id = {a.id: [m.text for m in a.mentions] for a in analysis.actors}
    assert by_id["KEN-minister"] == ["Kenyan minister"]  # not the "Minister" of "Prime Minister Odhiambo Kamau"
    assert by_id["sheikh-hasina-x"] == ["Sheikh Hasina", "Hasina"]  # the gazetteer's name ends "Wajed"


def test_capitals_opening_a_sentence_are_no_dateline() -> None:
    text = "The talks ended.\n\nUS, EU agree on tariffs as KENYA - and Nairobi - objects."
    starts = {m.start for a in analyze(text, published="2024-06-01").actors for m in a.mentions}
    assert {text.index("US"), text.index("EU")} <= starts


def test_a_bare_given_name_is_no_known_person() -> None:
    """"Paul said" is someone called Paul, not Senator Rand Paul, and of no country."""
    (actor,) = analyze("Paul said he would come back next week.", published="2024-06-01").actors
    assert actor.id != "rand-paul" and actor.country is None


def test_a_fathers_name_is_no_surname() -> None:
    """"Abdullah bin Nasser" (Qatar's prime minister until 2020) is no "Nasser"."""
    for text in ("Minister Nasser said the talks would resume.", "AMM Nasir said the talks would resume."):
        analysis = analyze(text, published="2026-02-17")
        assert not any(a.id == "abdullah-bin-nasser-al-thani" for a in analysis.actors), text


def test_a_title_is_of_no_country_it_is_about() -> None:
    """A country named in what a title is about, or in a clause after it, is not the
    person's."""
    for text in (
        "Karla Vossberg, the UN special rapporteur on the occupied Palestinian territories, spoke.",
        "Omar Haddad, a lawyer who represented Ukraine, spoke.",
    ):
        (person,) = [a for a in analyze(text, published="2026-02-17").actors if a.type == "person"]
        assert person.country is None, text


def test_a_person_is_in_apposition_to_no_plural() -> None:
    """The parser can hang a name on a plural subject: the officials are not her title."""
    text = ("Senior government officials who led a campaign against United Nations special rapporteur "
            "for the territories, Karla Vossberg, have failed to apologise.")
    (person,) = [a for a in analyze(text, published="2026-02-17").actors if a.type == "person"]
    assert person.sector != "GOV" and person.role is None


def test_a_relative_pronoun_refers_to_the_name_its_noun_describes() -> None:
    """"X, a Clinton endorser, who said": X, not Clinton."""
    text = "Rep. Dana Pruett (D-Tex.), a Clinton endorser, who said the calls kept coming, was pleased."
    analysis = analyze(text, published="2016-03-01")
    who = next(t for t in analysis.quotes if "calls kept coming" in t.content.text)
    assert who.speaker is not None and who.speaker.actor == "dana-pruett"


# a speaker who is a body's officer or voice by "its": the body named before in the sentence,
# else the last sentence's main subject; nobody when that is no body
ITS_OFFICER = [
    ("Harwell Steel, one of the largest steel producers, could cut 45,000 jobs, its chief executive has said.",
     "its chief executive", "harwell-steel"),
    ("The Home Office cut jobs. Its permanent secretary said costs would fall.", "Its permanent secretary",
     "GBR-interior-ministry"),
    ("John Smith met the Home Office. Its permanent secretary said costs would fall.", "Its permanent secretary",
     None),
]


@pytest.mark.parametrize("text,speaker,actor_id", ITS_OFFICER)
def test_its_officer_speaks_for_the_body(text: str, speaker: str, actor_id: str | None) -> None:
    analysis = analyze(text, published="2005-03-01", url="https://news.bbc.co.uk/x")
    (quote,) = [q for q in analysis.quotes if q.speaker is not None and q.speaker.span.text == speaker]
    assert quote.speaker is not None and quote.speaker.actor == actor_id


# a given name alone after the full name, as features and Thai names are written (its last
# occurrence is read); not one two people share, nor the start of a longer name
GIVEN_NAMES = [
    ("Activist Akarachai Chaimaneekarakate was charged in 2021. \"It is in the courtroom,\" says Akarachai.",
     "Akarachai", "akarachai-chaimaneekarakate"),
    ("Lindsey Vonn crashed. Her sister Karin Kildow watched. \"She dared greatly,\" Karin tells TIME.", "Karin",
     "karin-kildow"),
    ("Lindsey Vonn crashed. Karin Olsen said it was bad. Karin Larsen said it was worse. \"She dared greatly,\" "
     "Karin tells TIME.", "Karin", None),
    ("Lindsey Vonn crashed. Her sister Karin Kildow watched. \"She dared greatly,\" Karin Lundqvist tells TIME.",
     "Karin", None),
]


@pytest.mark.parametrize("text,word,actor_id", GIVEN_NAMES)
def test_a_given_name_alone_is_the_one_person_named_so(text: str, word: str, actor_id: str | None) -> None:
    pos = text.rindex(word)
    analysis = analyze(text, published="2026-02-10")
    assert [a.id for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)] == (
        [actor_id] if actor_id else []
    )


def test_a_relative_pronoun_right_after_a_name_is_the_name_s() -> None:
    """"the ire of China, which views Taiwan as ...": China, where the parser hangs the
    clause on "ire"."""
    text = "Takaichi's comments provoked the ire of China, which views Taiwan as part of its territory."
    analysis = analyze(text, published="2025-12-01")
    (quote,) = [q for q in analysis.quotes if q.speaker is not None and q.speaker.span.text == "which"]
    assert quote.speaker is not None and quote.speaker.actor == "CHN"


PLACES = [
    # a region or city is a place of its country, not the state
    ("Gunmen opened fire in Darfur on Sunday.", "Darfur", "place", "SDN"),
    # a capital as where something happens is a place; acting, or as the seat of those
    # who act, it is the state
    ("Talks were held in Doha on Monday.", "Doha", "place", "QAT"),
    ("Thousands rallied at the White House on Sunday.", "White House", "place", "USA"),
    ("Doha said the talks would resume.", "Doha", "country", "QAT"),
    ("Officials in Washington fear a wider war.", "Washington", "country", "USA"),
    ("Moscow may extend a hand to Washington after the inauguration.", "Washington", "country", "USA"),
    # ... and so is one gone to, come from or passed through, or named as a capital
    ("The minister, who was visiting Dhaka for the ceremony, spoke on Monday.", "Dhaka", "place", "BGD"),
    ("Palestinians need a permit to enter Jerusalem.", "Jerusalem", "place", "ISR"),
    ("Speaking from Doha, the analyst said the talks would resume.", "Doha", "place", "QAT"),
    ("The road runs to the army-held capital Khartoum and on to the coast.", "Khartoum", "place", "SDN"),
    ("A message from Washington reached the talks on Monday.", "Washington", "country", "USA"),
]

# a name the NER model takes for a person or an organisation, named as a place: no actor
NAMED_PLACES = [
    ("Drones hit a market outside the town of Sodari on Sunday.", "Sodari"),
    ("Another man was killed in a strike in the southern city of Khan Yunis.", "Khan Yunis"),
    ("The convoy passed through El-Obeid before dawn.", "El-Obeid"),
]


@pytest.mark.parametrize("text,surface", NAMED_PLACES)
def test_a_name_standing_as_a_place_is_no_actor(text: str, surface: str) -> None:
    pos = text.index(surface)
    analysis = analyze(text, published="2026-02-17")
    assert not [a for a in analysis.actors if a.type != "place" and any(m.start <= pos < m.end for m in a.mentions)]


@pytest.mark.parametrize("text,surface,atype,country", PLACES)
def test_places_and_states(text: str, surface: str, atype: str, country: str) -> None:
    analysis = analyze(text, published="2024-06-01")
    pos = text.index(surface)
    (actor,) = [a for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)]
    assert (actor.type, actor.country) == (atype, country)
    assert actor.sector == (None if atype == "place" else "GOV")


def test_a_bare_x_is_the_platform_only_where_the_words_say_so() -> None:
    for text in ("Doctors took an X-ray of his arm.", "Article X of the treaty applies.", "Malcolm X spoke in Harlem."):
        assert not any(a.id == "twitter" for a in analyze(text, published="2026-02-17").actors), text


def test_an_institution_named_with_no_country_is_of_the_country_filed_from() -> None:
    dated = analyze("ISLAMABAD: The Foreign Office on Monday rejected the remarks.", published="2026-02-17")
    assert [(a.country, a.sector) for a in dated.actors if a.type == "organization"] == [("PAK", "GOV")]
    undated = analyze("The Foreign Office on Monday rejected the remarks.", published="2026-02-17")
    assert [a.country for a in undated.actors if a.type == "organization"] == [None]


# a story with no dateline: (text, the institution or official named with no country,
# the country it is given: the one the story names at least three times and more than
# twice as often as any other, else none)
STORY_COUNTRY = [
    ("Bangladesh voted on Thursday. Turnout in Bangladesh was high, and Bangladeshi voters queued early. "
     "The Election Commission said counting had begun.", "Election Commission", "BGD"),
    ("Pakistan will hold talks. Pakistani traders welcomed it, and Pakistan's markets rose. "
     "Planning Minister Karim Shahzeb said the plan was ready.", "Karim Shahzeb", "PAK"),
    # two states named as often: no home
    ("India and Pakistan will hold talks. Indian and Pakistani traders welcomed it; India and Pakistan both "
     "gain. The Foreign Office said the plan was ready.", "Foreign Office", None),
    # a country named only twice is not enough
    ("Pakistan will hold talks, and Pakistani traders welcomed it. The Election Commission said counting "
     "had begun.", "Election Commission", None),
]


@pytest.mark.parametrize("text,surface,country", STORY_COUNTRY)
def test_an_institution_or_official_with_no_country_is_of_the_story_country(
    text: str, surface: str, country: str | None
) -> None:
    analysis = analyze(text, published="2026-02-17")
    pos = text.index(surface)
    (actor,) = [a for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)]
    assert actor.country == country
    assert actor.sector == ("GOV" if country else None)


# a person the gazetteer does not know and nothing in the text places: of the story's own
# state when it has one; never an official of an international body (their country is none)
UNPLACED_PEOPLE = [
    ("LONDON (Reuters) - Britain's economy grew. Peter Hillsdon, an economist, said it would slow.", "Peter Hillsdon", "GBR"),
    ("LONDON (Reuters) - Britain's economy grew. UN spokesman Peter Hillsdon said it would slow.", "Peter Hillsdon", None),
    ("The economy grew. Peter Hillsdon, an economist, said it would slow.", "Peter Hillsdon", None),
]


@pytest.mark.parametrize("text,surface,country", UNPLACED_PEOPLE)
def test_an_unplaced_person_is_of_the_story_s_state(text: str, surface: str, country: str | None) -> None:
    analysis = analyze(text, published="2024-05-03")
    pos = text.index(surface)
    (actor,) = [a for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)]
    assert actor.type == "person" and actor.country == country


def _ids_at(text: str, surface: str, published: str, **meta: str) -> list[tuple[str, str | None, str | None]]:
    """(id, country, sector) of the actors with a mention at ``surface`` in ``text``."""
    pos = text.index(surface)
    analysis = analyze(text, published=published, **meta)
    return [(a.id, a.country, a.sector) for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)]


# a state's body named by its noun alone: the body of that kind the article named last, else
# the story's country's (dateline or the country it names most), never the outlet's
DESCRIBED = [
    ("Pakistan's government has rejected India's claims. The government said it would respond.",
     "government said", "PAK", "GOV"),
    ("Israeli troops raided the camp. The Israeli army said three men were held. Later the army said "
     "one had been freed.", "army said one", "ISR", "MIL"),
    ("Chinese authorities detained two reporters. The authorities said they had broken the law.",
     "authorities said", "CHN", "GOV"),
    ("MOSCOW (Reuters) - The government said on Monday it would raise taxes.", "government", "RUS", "GOV"),
    ("KABUL, May 3 (Reuters) - Police said two people were detained.", "Police", "AFG", "COP"),
    ("KABUL, May 3 (Reuters) - Two people were detained, police said.", "police", "AFG", "COP"),
    ("KABUL, May 3 (Reuters) - The government's spokesman said it would act.", "government", "AFG", "GOV"),
    # ... and whose spokesman speaks
    ("KABUL, May 3 (Reuters) - A government spokesman said it would act.", "government", "AFG", "GOV"),
    ("JAKARTA, May 3 (Reuters) - Troops are ready, the country's army spokesperson said.", "army", "IDN", "MIL"),
    ("JAKARTA, May 3 (Reuters) - Troops are ready, Indonesia's army spokesperson said.", "army", "IDN", "MIL"),
    # the noun modifies another, or is not the state's: no actor
    ("KABUL, May 3 (Reuters) - The government forces fired first.", "government", None, None),
    ("KABUL, May 3 (Reuters) - Local police said two people were detained.", "police", None, None),
    ("KABUL, May 3 (Reuters) - The rebels said they would fight on.", "rebels", None, None),
    # the dateline's country is not the one the story is about: no guess
    ("NEW YORK (Reuters) - Venezuela asked its creditors for new terms. Venezuela owes $30 billion, and "
     "Venezuelan banks are short of cash. The government will limit borrowing.", "government will", None, None),
    # no country of the story: no guess
    ("The government said on Monday it would raise taxes. Police said two people were detained.",
     "government", None, None),
]


def test_a_story_that_names_a_state_s_politicians_is_that_state_s() -> None:
    # no state named but by its ministers: "the government" is theirs, not the US's, which
    # the story names once
    text = ("Minimum wage to rise\n\nThe minimum wage will rise in October, the government has announced. "
            "Gordon Brown, Tony Blair, Peter Hain and Alistair Darling welcomed it. Wages are lower in America.")
    assert _ids_at(text, "government has", "2005-03-01", url="https://news.bbc.co.uk/x") == [("GBR-government", "GBR", "GOV")]


@pytest.mark.parametrize("text,surface,country,sector", DESCRIBED)
def test_a_body_named_by_its_noun_alone_is_the_last_of_its_kind_or_the_story_country_s(
    text: str, surface: str, country: str | None, sector: str | None
) -> None:
    hits = _ids_at(text, surface, "2024-05-03")
    assert [(c, s) for _, c, s in hits] == ([(country, sector)] if country else [])


def test_a_spokesman_is_the_one_person_the_article_names_with_that_title() -> None:
    text = ("JAKARTA, May 3 (Reuters) - Troops are ready, an army spokesperson said. Army spokesperson Budi Santoso "
            "added that more would follow.")
    assert [i for i, _, _ in _ids_at(text, "army spokesperson said", "2024-05-03")] == ["budi-santoso"]


def test_a_described_body_speaks_and_acts_for_its_state() -> None:
    text = "ISLAMABAD (Reuters) - The government said it would expel the envoy. Police arrested two men."
    analysis = analyze(text, published="2024-05-03")
    actors = {a.id: a for a in analysis.actors}
    (quote,) = analysis.quotes
    assert quote.speaker is not None and quote.speaker.actor is not None
    assert (actors[quote.speaker.actor].country, actors[quote.speaker.actor].sector) == ("PAK", "GOV")
    assert "PAK" in {e.source_country for e in analysis.events}


def test_a_described_body_is_the_outlet_s_country_only_when_the_story_names_no_other() -> None:
    """A world desk's story names the state it is about too rarely to make it the story's
    home, but it names it: then "the government" is no one's, not the outlet's."""
    for text, country in (
        ("The government said on Monday it would raise taxes.", "PAK"),
        ("Pakistan's traders met. The government said on Monday it would raise taxes.", "PAK"),
        ("Sudan's traders met. The government said on Monday it would raise taxes.", None),
    ):
        hits = _ids_at(text, "government said", "2024-05-03", url="https://www.dawn.com/news/1/x", source="Dawn")
        assert [c for _, c, _ in hits] == ([country] if country else []), text


# a person named by "the" and a title alone: the person in apposition, else the last one the
# article named with that title, else (a head of state or government only) the one in office
# in the story's country at the article's date
TITLED = [
    ("Prime Minister Shehbaz Sharif met the Saudi crown prince. The prime minister said ties would grow.",
     "prime minister said", "shehbaz-sharif"),
    ("The foreign minister, Ishaq Dar, said the visit was a success.", "foreign minister", "ishaq-dar"),
    ("Russian President Vladimir Putin spoke to Xi. The Russian president said the talks were useful.",
     "Russian president said", "vladimir-putin"),
    ("ISLAMABAD (Reuters) - The prime minister said on Monday ties with China would grow.",
     "prime minister", "shehbaz-sharif"),
    ("The Indian prime minister said the talks went well.", "Indian prime minister", "narendra-modi"),
    # a house style that capitalises the title
    ("Rishi Sunak spoke in London on Monday. The Prime Minister said the plan would work.",
     "Prime Minister said", "rishi-sunak"),
    ("Rishi Sunak spoke in London on Monday. The President of Iran said the plan would fail.", "President", None),
    ("Secretary of State Antony Blinken met the envoy. The Secretary of State said the talks went well.",
     "Secretary of State said", "antony-blinken"),

    # the gazetteer's office holder is only for heads of state or government: no guess
    ("ISLAMABAD (Reuters) - The foreign minister said on Monday ties with China would grow.",
     "foreign minister", None),
    # a title of something else, or no title alone
    ("ISLAMABAD (Reuters) - The prime minister's office said so.", "office", None),
    ("ISLAMABAD (Reuters) - The president of the cricket board resigned.", "president", None),
    ("The minister said the budget was ready.", "minister", None),
]


@pytest.mark.parametrize("text,surface,person", TITLED)
def test_a_person_named_by_a_title_alone(text: str, surface: str, person: str | None) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2024-05-03")] == ([person] if person else [])


# Britain, 2005: another name of the office ("the premier"); a minister's title of a brief
# and "secretary" ("Education Secretary"), the brief no organisation; "the minister" alone
# is the last person named, when a minister at the date; a cleric's title before a name
MINISTERS = [
    ("Gordon Brown met Tony Blair on Monday. The premier insisted Mr Brown would have a key role.",
     "premier", "tony-blair"),
    ("Patricia Hewitt spoke in Leeds. Plans should be prominent, the Trade and Industry Secretary has said.",
     "Trade and Industry Secretary", "patricia-hewitt"),
    ("Plans should be prominent, the Trade and Industry Secretary has said.\n\nPatricia Hewitt said the cost was "
     "high.", "Trade and Industry Secretary", "patricia-hewitt"),
    ("Plans should be prominent, the Trade and Industry Secretary has said.\n\nRuth Kelly said the cost was high.",
     "Trade", None),
    ("Plans should be prominent, Education Secretary Ruth Kelly has said.", "Education", None),
    ("Plans should be prominent, the Culture, Media and Sport Secretary has said.", "Media", None),
    ("Teachers could get more powers, Education Secretary Ruth Kelly has suggested. Ms Kelly spoke to the BBC. "
     "The minister also confirmed she received support.", "minister", "ruth-kelly"),
    ("Patricia Hewitt said the cost was high. The minister told delegates that sexism was wrong.",
     "minister", "patricia-hewitt"),
    ("Patricia Hewitt met Tony Blair. The minister told delegates that sexism was wrong.", "minister", None),
    # a name after a title that the NER model took for an organisation's
    ("Poverty must end, Cardinal Cormac Murphy-O'Connor has said. The cardinal said 2005 should be the year.",
     "Murphy", "cormac-murphy-o-connor"),
    ("Poverty must end, Cardinal Cormac Murphy-O'Connor has said. The cardinal said 2005 should be the year.",
     "cardinal said", "cormac-murphy-o-connor"),
]


@pytest.mark.parametrize("text,surface,person", MINISTERS)
def test_a_minister_named_by_a_title(text: str, surface: str, person: str | None) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-03-01")] == ([person] if person else [])


# "the" and a body's title: the person the article last named with that title of that body
BODY_TITLED = [
    ("Tory co-chairman Liam Fox spoke. The Tory co-chairman attacked Labour.", "co-chairman attacked", "liam-fox"),
    ("Conservative Party co-chairman Liam Fox spoke. The Tory co-chairman attacked Labour.", "co-chairman attacked",
     "liam-fox"),
    # another body's title, or nobody named with it
    ("Labour co-chairman John Smith spoke. The Tory co-chairman attacked Labour.", "co-chairman attacked", None),
    ("Peter Jones spoke. The Tory co-chairman attacked Labour.", "co-chairman attacked", None),
    # ... or the role the gazetteer has for them at the date ("Co-Chairman of the Conservative Party")
    ("Liam Fox spoke. The Tory co-chairman attacked Labour.", "co-chairman attacked", "liam-fox"),
]


@pytest.mark.parametrize("text,surface,person", BODY_TITLED)
def test_a_person_named_by_a_body_s_title(text: str, surface: str, person: str | None) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-01-15") if i != "conservative-party-uk"] == (
        [person] if person else []
    )


def test_a_title_that_heads_the_role_s_full_name() -> None:
    """"The chancellor" in 2005 Britain is the Chancellor of the Exchequer the article named."""
    text = "Gordon Brown met union leaders. The chancellor said the economy was strong."
    assert [i for i, _, _ in _ids_at(text, "chancellor", "2005-03-01")] == ["gordon-brown"]
    assert [i for i, _, _ in _ids_at(text, "chancellor", "2024-03-01")] == []  # no longer


# a document that speaks is whoever wrote it, as the article tells; nobody when it does not
DOCUMENTS = [
    ("Costs rose, a report by the Tarn Audit Commission says. The report said many parties were involved.",
     "report said", "tarn-audit-commission"),
    ("Donors worry. In a new report, the Tarn Audit Commission says a cap is worth debating. The report said a "
     "cap would be hard to enforce.", "report said", "tarn-audit-commission"),
    ("The Tarn Audit Commission published a report on Monday. The report said the target would be missed.",
     "report said", "tarn-audit-commission"),
    ("A report said the target would be missed.", "report said", None),
    # who reported; another kind of document before; the same kind named after, in a lead
    ("The firm will split, the Guardian newspaper reported. Its film unit is worth £300m, the report added.",
     "report added", "the-guardian"),
    ("Most firms leak data, a survey by the Tarn Audit Commission revealed. The report warns firms to act.",
     "report warns", "tarn-audit-commission"),
    ("Consumers fear the tags, a survey says.\n\nThe survey, by the Tarn Audit Commission, asked 2,000 people.",
     "survey says", "tarn-audit-commission"),
    # ... not another one ("a second poll"), nor when another of the same kind before names no author
    ("A poll by the Tarn Audit Commission found most agree. A second poll found the opposite.", "poll found the",
     None),
    ("A survey said costs rose. The Tarn Audit Commission published a report. The survey said more.",
     "survey said more", None),
]


@pytest.mark.parametrize("text,surface,author", DOCUMENTS)
def test_a_document_that_speaks_is_its_author(text: str, surface: str, author: str | None) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-03-01")] == ([author] if author else [])


# "he" as the subject of a main clause ("He said", "“…,” he said") is the person last the
# subject of a main clause, not one named in passing or only inside a quotation; in a
# subordinate clause ("after he predicted") the nearest person
SUBJECT_PRONOUNS = [
    ("Charles Kennedy said voters distrust Tony Blair. He said the party was ready.", "He said", "charles-kennedy"),
    ("Liam Fox accused Tony Blair of lying. “We will win,” he told the BBC.", "he told", "liam-fox"),
    ("Charles Kennedy spoke. “Tony Blair and Michael Howard were elected with me,” he said.", "he said",
     "charles-kennedy"),
    ("Tony Blair repaid John Smith after he predicted a defeat.", "he predicted", "john-smith"),
]


@pytest.mark.parametrize("text,surface,person", SUBJECT_PRONOUNS)
def test_a_subject_pronoun_is_the_last_subject(text: str, surface: str, person: str) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-01-15")] == [person]


def test_a_surname_is_the_person_the_article_names_in_full() -> None:
    """"Fox" in 2005 is Vicente Fox, unless the story names Liam Fox, even after the word."""
    text = "Fox attacks Blair\n\nTory co-chairman Liam Fox accused Tony Blair of lying. Dr Fox said so."
    analysis = analyze(text, published="2005-01-15")
    (fox,) = [a for a in analysis.actors if a.name.endswith("Fox")]
    assert fox.id == "liam-fox" and [m.text for m in fox.mentions] == ["Fox", "Liam Fox", "Fox"]
    alone = analyze("Fox attacks Bush over wall.", published="2005-01-15")
    assert [a.id for a in alone.actors if a.name.endswith("Fox")] == ["vicente-fox"]


def test_a_known_person_before_their_first_office_has_not_its_sector() -> None:
    """Liam Fox's first office the gazetteer dates began in 1998: in 1995 the Tory co-chairman is
    PTY by the article's title; later, the sector of the role he then held."""
    for when, sector, role in (
        ("1995-01-15", "PTY", "Tory co-chairman"),
        ("2005-01-15", "PTY", "Co-Chairman of the Conservative Party"),
        ("2011-01-15", "GOV", "Defence Secretary"),
    ):
        analysis = analyze("Tory co-chairman Liam Fox said the plan was wrong.", published=when)
        (fox,) = [a for a in analysis.actors if a.id == "liam-fox"]
        assert (fox.country, fox.sector, fox.role) == ("GBR", sector, role), when


def test_he_is_the_titled_subject_not_a_title_in_passing() -> None:
    said = "Prime Minister Shehbaz Sharif met Imran Khan. The prime minister said ties would grow. He said so."
    passing = "Prime Minister Shehbaz Sharif met Imran Khan. Khan spoke of a row with the prime minister. He said so."
    clause = "President Barack Obama spoke on Monday. Donald Trump called for the president to resign. He said so."
    for text, who, when in (
        (said, "shehbaz-sharif", "2024-05-03"), (passing, "imran-khan", "2024-05-03"), (clause, "donald-trump", "2016-06-13")
    ):
        analysis = analyze(text, published=when)
        pos = text.index("He said")
        assert [a.id for a in analysis.actors if any(m.start == pos for m in a.mentions)] == [who]


# an organisation named before, later called by "the" and a noun alone; and "it" as the
# subject of a verb, for the body that was its sentence's (or the last one's) main subject
CALLED_AFTER = [
    ("Alcan Aluminium Ltd said on Monday it would cut output. The company said demand had fallen.",
     "company", "alcan"),
    ("The European Commission proposed new rules. The commission said they would protect consumers.",
     "commission said", "european-commission"),
    ("Hamas fighters attacked the post. The group said two soldiers had been killed.", "group", "hamas"),
    # "it" after an "it" that was the body: a chain of statements
    ("Texaco Inc said it won the order. It said the order followed a ruling. It said the order covers 59 shelters.",
     "It said the order covers", "texaco"),
    # a word for a news outlet the article cites: the last outlet named, in the same sentence too
    ("According to the Financial Times, Deutsche Boerse will woo the exchange. The newspaper said the suitor will "
     "pay more.", "newspaper said", "financial-times"),
    ("The BBC was sued for libel after the broadcaster claimed he took money.", "broadcaster claimed", "bbc"),
    ("The BBC reported the news. A fire broke out at the station.", "station.", None),
    # ... and after a document that stood for its author
    ("Lynton Crosby denied the report. Mr Crosby's statement said: \"We have made an impact.\" It added: \"Labour "
     "will want to distract.\"", "It added", "lynton-crosby"),
    ("The Bank of Japan kept rates steady. The bank said inflation was easing.", "bank said", "jp-boj"),
    ("Texaco Inc. said it would sell assets. It said the sale would close in May.", "It said", "texaco"),
    # ... also capitalised, as the NER model then takes it for a name of its own
    ("The European Commission proposed new rules. The Commission said they would protect consumers.",
     "Commission said", "european-commission"),
    ("The Bank of England raised rates. The Bank said inflation was too high.", "Bank said", "uk-bank-of-england"),
    ("Texaco Inc. said on Monday it would attack Getty Oil.", "it would", "texaco"),
    # a noun that is no head of the name or no word for a company; "it" of the weather, of
    # "it is", and not a person
    ("The Bank of Japan kept rates steady. The commission said inflation was easing.", "commission", None),
    ("Texaco Inc. sold assets. It rained in Houston, and it is expected to rain again.", "It rained", None),
    ("Texaco Inc. sold assets. It rained in Houston, and it is expected to rain again.", "it is", None),
    ("John Smith sold his shares. It said nothing.", "It said", None),
    ("Texaco Inc. sold assets to the bank.", "bank", None),
    ("Imtec Inc said shareholders of Computer Identics Inc have proposed a merger. The company said it "
     "would study the offer.", "company", "imtec-inc"),
    # a company whose person or description was the subject ("X Plc chairman Y said",
    # "advertising agents X said"), else the first company the story named
    ("Harwell Foods Plc chairman John Amis said margins improved. The company earlier reported a rise in profit.",
     "company", "harwell-foods-plc"),
    ("Advertising agents Harwell Foods Plc said it was buying a consultancy. The purchase is a step, the company "
     "said.", "company", "harwell-foods-plc"),
    ("The retailing area continues to pay off for Harwell Stores Co, which said its income rose. For the quarter, "
     "the company reported profits rose.", "company", "harwell-stores-co"),
    # a word for any organisation: the last one that was a sentence's main subject
    ("The Council on American-Islamic Relations urged leaders to act. The group described the remarks as "
     "dangerous.", "group", "cair"),
    ("The Council on American-Islamic Relations urged leaders to act. The organisation said so.",
     "organisation", "cair"),
    ("John Smith praised the Council on American-Islamic Relations. The organisation said so.", "organisation", None),
    # who speaks for the body the story is about
    ("Volkswagen is due to announce its dividend. A spokesman said the board would meet.", "spokesman", "volkswagen"),
    ("Volkswagen is due to announce its dividend. Company sources said the board would meet.", "sources", "volkswagen"),
    ("Volkswagen is due to announce its dividend. A spokesman for the union said no.", "spokesman", None),
    ("Volkswagen is due to announce its dividend. His spokesman said no.", "spokesman", None),
    ("John Smith is due to speak. A spokesman said the board would meet.", "spokesman", None),
    # a company's legal form the gazetteer's name leaves out
    ("Volkswagen AG is due to announce its dividend.", "Volkswagen AG", "volkswagen"),
    # "they" as the subject of a main clause or of a verb of speech: the group or party that
    # was the last main clause's subject; no one when that subject is no actor
    ("The Lib Dems have already published what they say are the full costings.", "they", "liberal-democrats-uk"),
    ("The Tories backed the plan. They said ministers must be held to account.", "They", "conservative-party-uk"),
    ("The Tories backed the plan. Analysts met on Monday. They said it was weak.", "They", None),
    # a plural acronym is no acronym of the gazetteer ("MPS" is a party of Chad)
    ("MPs said the law should change.", "MPs", None),
]


# a wire dateline ("GREENWICH, Conn., April 8 -"): the state or city says the story's country,
# the name after the dash speaks (the parser takes the dateline for the subject), and a
# company named with its legal form is one even where the NER model saw no name
DATELINES = [
    ("NATIONAL GUARDIAN BUYS\n\nGREENWICH, Conn., April 8 - National Guardian Corp said it has bought "
     "a guard company. It said the price was fair.", "It said", "national-guardian-corp", "USA"),
    ("NATIONAL GUARDIAN BUYS\n\nGREENWICH, Conn., April 8 - National Guardian Corp said it has bought "
     "a guard company.", "National Guardian Corp", "national-guardian-corp", "USA"),
    ("MERGER\n\nCHICAGO, March 3 - Hartley Research Inc said it would merge.", "Hartley Research Inc",
     "hartley-research-inc", "USA"),
    ("MERGER\n\nSPRINGFIELD, March 3 - Hartley Research Inc said it would merge.", "Hartley Research Inc",
     "hartley-research-inc", None),
    # the NER model's DATE over the dateline does not hide the company; its one word before
    # the legal form is the company too; a headline in capitals names no one
    ("KODAR <EK> SAYS SALES ROSE\n\nNEW YORK, March 3 - Eastman Kodar Co said sales rose. Kodar said the "
     "price was fair.", "Kodar said", "eastman-kodar-co", "USA"),
    # a hyphenated city; a headline with a comma above the dateline; a state with no comma
    # after it, or split from its full stop
    ("MILL OPENS\n\nWINSTON-SALEM, N.C., March 3 - Carolina Mills Inc said it opened a plant.",
     "Carolina Mills Inc", "carolina-mills-inc", "USA"),
    ("FROST THREAT TO WHEAT GROWS, POLAND HIT\n\nSTATE COLLEGE, Pa., March 3 - Frost may hit crops in Poland, "
     "Weatherline Inc said.", "Weatherline Inc", "weatherline-inc", "USA"),
    ("MERGER\n\nLAKE SUCCESS, N.Y. March 3 - Carewell Services Inc said it would merge.", "Carewell Services Inc",
     "carewell-services-inc", "USA"),
    ("NAME CHANGE\n\nDENVER, COLO., March 3 - Silver Peak Resources Inc said it would change its name.",
     "Silver Peak Resources Inc", "silver-peak-resources-inc", "USA"),
    # a city that datelines name alone, and a state's other abbreviation
    ("RESULTS\n\nZURICH, March 3 - Alpenlicht Holding AG said profit rose.", "Alpenlicht Holding AG",
     "alpenlicht-holding-ag", "CHE"),
    ("RESULTS\n\nHORSHAM, Penn., March 3 - Keystone Widgets Inc said profit rose.", "Keystone Widgets Inc",
     "keystone-widgets-inc", "USA"),
    # a dateline's place misspelt, as wire copy has it now and then
    ("PROFIT UP\n\nPHILADEPHIA, March 3 - Keystone Widgets Inc said profit rose.", "Keystone Widgets Inc",
     "keystone-widgets-inc", "USA"),
]


@pytest.mark.parametrize(
    "text,surface",
    [
        ("NAME CHANGE\n\nDENVER, COLO., March 3 - Silver Peak Resources Inc said it would change its name.", "COLO"),
        ("SALES RISE\n\nLONDON, March 3 (Reuters) - Sales rose, the group said.", "Reuters"),
    ],
)
def test_no_word_of_a_dateline_is_an_actor(text: str, surface: str) -> None:
    assert _ids_at(text, surface, "1987-03-03") == []


# a chairman named with no body is a company's; with a body, the body's sector; an
# honorific between title and name does not hide the title
CHAIRMEN = [
    ("LONDON, April 8 - Chairman Sir Francis Tombs said the issue was ready.", "Francis Tombs", "BUS"),
    ("WASHINGTON, April 8 - Fed Chairman Paul Volcker said rates would hold.", "Paul Volcker", "GOV"),
    ("LONDON, April 8 - Committee chairman John Hartley said the bill was wrong.", "John Hartley", "LEG"),
]


# companies on the wire: a legal form ends a name the NER model cut in pieces; Reuters marks a
# company's name with angle brackets (a ticker so marked is no actor); the name opening a
# story after its dateline, which the NER model misses; an unknown organisation "the
# company" points back to is one; a person "of" a company is of its sector and country
WIRE_COMPANIES = [
    ("JOHANNESBURG, March 3 - Three workers were killed, Kloof Fields of South Africa Ltd said.",
     "Kloof Fields", [("kloof-fields-of-south-africa-ltd", "ZAF", "BUS")]),
    ("JOHANNESBURG, March 3 - Three workers were killed, Gold Fields of South Africa Ltd said.",
     "South Africa Ltd", [("gold-fields", "ZAF", "BUS")]),
    ("LONDON, April 8 - Demand is strong, Christopher Clark of the group's bankers Samuel Montagu and Sons "
     "Ltd said.", "Samuel", [("samuel-montagu-and-sons-ltd", "GBR", "BUS")]),
    ("LONDON, April 8 - Demand is strong, Christopher Clark of the group's bankers Samuel Montagu and Sons "
     "Ltd said.", "Christopher", [("christopher-clark", "GBR", "BUS")]),
    ("LONDON, April 8 - Demand is strong, Carl Hahn, chairman of Volkswagen AG, said.", "Carl",
     [("carl-hahn", "DEU", "BUS")]),
    ("ATLANTA, March 3 - Tender Loving Care said <Norrell Corp> agreed to buy it.", "Norrell",
     [("norrell-corp", "USA", "BUS")]),
    ("WOLFSBURG, West Germany, April 8 - Volkswagen AG <VOWG.F> is due to report.", "VOWG", []),
    # ... of two words, or spelling a name the gazetteer knows (NHC, a hurricane centre)
    ("STOCKHOLM, March 3 - Harwell Foods AB <HRWL ST> said profit rose.", "HRWL", []),
    ("NASHVILLE, Tenn., March 3 - National HealthCorp LP <NHC> said it is adding beds.", "NHC", []),
    ("TULSA, Okla., March 3 - Williams Cos said it took a charge.", "Williams", [("williams-cos", "USA", "BUS")]),
    ("BERLIN, April 8 - <script>alert(1)</script> Germany criticised France.", "script", []),
    ("BANGOR, Maine, March 3 - Bangor Hydro said it has filed for a rate cut. The company said the cut "
     "would start in May.", "company", [("bangor-hydro", "USA", "BUS")]),
    ("BANGOR, Maine, March 3 - Bangor Hydro said it has filed for a rate cut.", "Bangor Hydro",
     [("bangor-hydro", None, None)]),
    ("NEW YORK, March 3 - Standard and Poor's said it is reviewing the debt.", "Standard",
     [("standard-and-poor", None, None)]),
    # a business title makes the body it serves a company; an unknown company is of where the
    # story was filed, even when the story names other states
    ("TORONTO, March 3 - Output was flat, said Warren Jestin, deputy chief economist at the Bank of Fundy "
     "Shore.", "Bank of", [("bank-of-fundy-shore", "CAN", "BUS")]),
    ("TORONTO, March 3 - Output was flat, said Warren Jestin, deputy chief economist at the Bank of Fundy "
     "Shore.", "Warren", [("warren-jestin", "CAN", "BUS")]),
    ("PALO ALTO, Calif., March 3 - Acme Scanner Co said it would sell scanners in Japan and France.",
     "Acme", [("acme-scanner-co", "USA", "BUS")]),
    ("NEW YORK, March 3 - Oil analyst John Smith said prices would rise.", "John", [("john-smith", "USA", "BUS")]),
    # a company named by an acronym; a president or spokesman of a company is in business
    ("OMAHA, March 3 - AID Corp said its stockholders will vote.", "AID", [("aid-corp", "USA", "BUS")]),
    ("SAN BERNARDINO, Calif., March 3 - Sales rose, said Raymond Meyo, president and chief executive officer "
     "of Kasler Corp.", "Raymond", [("raymond-meyo", "USA", "BUS")]),
    ("SAN BERNARDINO, Calif., March 3 - Thomas Russell, company spokesman, said the sale was done.", "Thomas",
     [("thomas-russell", "USA", "BUS")]),
    # a headline in capitals names no one, however short; a short name many things share
    # ("AIR": All India Radio) only if the story's own text names it
    ("KASLER RESULTS\n\nSAN BERNARDINO, Calif., March 3 - Sales rose.", "KASLER", []),
    ("PIEDMONT AIR <PIE> LOAD FACTOR RISES\n\nWINSTON-SALEM, N.C., March 3 - Piedmont Airlines said its "
     "load factor rose.", "AIR", []),
    ("GM <GM> SALES RISE\n\nDETROIT, March 3 - GM said its sales rose.", "GM <", [("general-motors", "USA", "BUS")]),
    # a name the NER model took for a person's that is the first word of a company the
    # story names, and no person's
    ("LAKE SUCCESS, N.Y. March 3 - Carewell Services Inc said <Hallett Corp> agreed not to buy more of "
     "its shares. Hallett was paid 750,000 dlrs for the agreement, Carewell said.", "Hallett was",
     [("hallett-corp", "USA", "BUS")]),
    # not a company: a commission; not a name: a noun opening the sentence
    ("BANGOR, Maine, March 3 - The Maine Public Utilities Commission said rates would fall. The company "
     "said it would appeal.", "company", []),
    ("PARIS: Service was fully restored to the network on Monday.", "Service", []),
    # a noun of a kind of body after the name, wherever the article writes it: a newsletter
    # or magazine no one knows is of where the story was filed; a stock exchange is a market's
    ("HAMBURG, March 3 - Stocks of oils will fall sharply, the Fats Weekly newsletter said.\n    Fats Weekly "
     "forecast that stocks may be cut to 9.8 mln tonnes by October.", "Fats Weekly forecast",
     [("fats-weekly", "DEU", "MED")]),
    ("LONDON, March 3 - Sales rose sharply, according to figures compiled by Eurocredit magazine.", "Eurocredit",
     [("eurocredit", "GBR", "MED")]),
    ("NEW YORK, March 3 - The tax would hurt trading, the Midwest Stock Exchange said in a statement.\n    The "
     "exchange said its volume rose.", "exchange said", [("midwest-stock-exchange", "USA", "BUS")]),
    # a company named again by the first word of its name, in the story or its headline; not
    # a word two companies start with
    ("MONTREAL, March 3 - Norcan Aluminium Ltd said it joined with Carrozzeria Bertone to exhibit its technology "
     "at the Geneva auto salon.\n    Norcan said it and Bertone have built two cars.", "Norcan said",
     [("norcan-aluminium-ltd", "CAN", "BUS")]),
    ("HALCOR SETS PACT WITH BERTONE\n\nMONTREAL, March 3 - Halcor Minerals Ltd said it signed a pact with "
     "Bertone.", "HALCOR", [("halcor-minerals-ltd", "CAN", "BUS")]),
    ("PIEDMONT AIR <PIE> LOAD FACTOR RISES\n\nWINSTON-SALEM, N.C., March 3 - Piedmont Aviation Inc's Piedmont "
     "Airlines said its load factor rose.\n    Year to date, Piedmont said its load factor was 54.1 pct.",
     "Piedmont said", []),
    # "a bank spokesman" speaks for the bank the story named last
    ("TOKYO, March 3 - The Bank of Japan will keep rates on hold, a bank spokesman said.", "spokesman",
     [("jp-boj", "JPN", "GOV")]),
    # two companies joined by "and" stay two
    ("NEW YORK, March 3 - Citicorp and Chase Manhattan Corp said they would merge.", "Chase",
     [("chase-manhattan-corp", "USA", "BUS")]),
]


# a name that is both a state's and a place of another ("Georgia"): the other's when the
# sentence names it, or when the story is filed there and names no other state
SHARED_PLACE_NAMES = [
    ("ATLANTA, April 8 - Delta Air Lines said traffic rose in Georgia.", "Georgia", "USA-georgia"),
    ("The company sold plants in Georgia and Texas.", "Georgia", "USA-georgia"),
    ("Russia sent troops into Georgia on Friday.", "Georgia", "GEO"),
    ("WASHINGTON, Aug 9 - Bush urged Russia to withdraw its troops from Georgia.", "Georgia", "GEO"),
    ("WASHINGTON, Aug 9 - The United States urged Georgia to stop. Georgian troops left Tskhinvali.", "Georgia",
     "GEO"),
]


@pytest.mark.parametrize("text,surface,actor_id", SHARED_PLACE_NAMES)
def test_a_name_several_states_have(text: str, surface: str, actor_id: str) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2008-08-09")] == [actor_id]


def test_a_company_named_for_a_shared_place_is_of_where_it_is() -> None:
    text = "ATLANTA, April 8 - Georgia Power Co said it would build a plant, company president Bill Dahlberg said."
    assert _ids_at(text, "Georgia Power", "1987-04-08") == [("georgia-power-co", "USA", "BUS")]
    assert _ids_at(text, "Bill", "1987-04-08") == [("bill-dahlberg", "USA", "BUS")]
    # a hyphenated name in a headline is no dateline, nor its first word a title's country
    text = (
        "GEORGIA-PACIFIC SAYS\n\nATLANTA, April 8 - Georgia-Pacific Corp said profit rose. Georgia-Pacific "
        "chairman Marshall Hahn said so."
    )
    assert _ids_at(text, "Georgia-Pacific Corp", "1987-04-08") == [("georgia-pacific-corp", "USA", "BUS")]
    assert _ids_at(text, "Marshall", "1987-04-08") == [("marshall-hahn", "USA", "BUS")]
    # ... nor a shared place name in a title; a president of a company named short is in business
    text = (
        "HOUSTON, April 8 - Georgia Gulf Corp said profit rose. Georgia Gulf chairman James Akers said so. "
        "\"We are pleased,\" said Edward Schmitt, president of Georgia Gulf."
    )
    assert _ids_at(text, "James", "1987-04-08") == [("james-akers", "USA", "BUS")]
    assert _ids_at(text, "Edward", "1987-04-08") == [("edward-schmitt", "USA", "BUS")]


@pytest.mark.parametrize("text,surface,expected", WIRE_COMPANIES)
def test_wire_companies(text: str, surface: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert _ids_at(text, surface, "1987-04-08") == expected


# a company the article introduces by what it is, where the NER model saw no name: a word for
# a company before the name or beside it ("giant", "group" only with a trade); the state its
# description names; named again by the same word. Not a person so described, nor a group
# of another kind
INTRODUCED_COMPANIES = [
    ("DVD piracy will be harder thanks to measures devised by US copy protection firm Macrovision. Macrovision "
     "says its technology works.", "Macrovision says", [("macrovision", "USA", "BUS")]),
    ("Parmalat boasts doubled profits\n\nParmalat, the Italian food group at the centre of a scandal, has "
     "doubled profits.", "Parmalat,", [("parmalat", "ITA", "BUS")]),
    ("Belgian brewing giant Vandermolen has seen its profits soar. Vandermolen said profit rose.", "Vandermolen said",
     [("vandermolen", "BEL", "BUS")]),
    ("The film was made by documentary maker Michael Moore.", "Moore", [("michael-moore", "USA", "ELI")]),
    ("The attack was claimed by rebel group Tarnak.", "Tarnak", [("tarnak", None, None)]),
    # "the company" is one the article called a company of any kind ("media group Reuters")
    ("Revenues at media group Reuters slipped 11% during 2004.\n\nThe company said it was optimistic.",
     "company said", [("reuters", "GBR", "MED")]),
    # "the firm" is the one the article called a firm, though a sentence was about another
    ("Writing a Microsoft Word document is risky, according to document security firm Workshare. Most documents "
     "leak, a survey by the firm revealed.", "firm revealed", [("workshare", "GBR", "BUS")]),
]


@pytest.mark.parametrize("text,surface,expected", INTRODUCED_COMPANIES)
def test_introduced_companies(text: str, surface: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert _ids_at(text, surface, "2005-03-01", url="https://news.bbc.co.uk/x") == expected


# a party named by its adjective ("a Conservative spokeswoman"), not an adjective that
# opens a sentence ("Conservative estimates")
PARTY_ADJECTIVES = [
    ("Michael Howard spoke in Dover. A Conservative spokeswoman said the poster was fine.", "Conservative spokeswoman",
     ["conservative-party-uk"]),
    ("A Liberal Democrat spokesman said it was wrong.", "Liberal Democrat spokesman", ["liberal-democrats-uk"]),
    ("Conservative estimates suggest a rise in sales.", "Conservative estimates", []),
    # "the" party "leader", no name after: the party's leader at the article's date
    ("Tony Blair has failed, Michael Howard has said. \"Britain is heading the wrong way,\" the Conservative leader "
     "said.", "Conservative leader", ["michael-howard"]),
    ("In his New Year message the Liberal Democrat leader said voters had a choice.", "Liberal Democrat leader",
     ["charles-kennedy"]),
]


@pytest.mark.parametrize("text,surface,ids", PARTY_ADJECTIVES)
def test_a_party_named_by_its_adjective(text: str, surface: str, ids: list[str]) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-03-01", url="https://news.bbc.co.uk/x")] == ids


# news outlets: a name several share goes to the story's state's; a name that is also a word
# names only itself in full, not the start of a longer name
OUTLETS = [
    ("The Telegraph was sued by Mr Galloway after the newspaper claimed he took money.", "newspaper claimed",
     ["daily-telegraph"]),
    ("Variety said the film had taken $20m at the box office.", "Variety said", ["variety"]),
    ("ITN reported the news from London.", "ITN", ["itn-news"]),
    ("The papers were released at the National Archives on Friday.", "National Archives", ["national-archives"]),
]


@pytest.mark.parametrize("text,surface,ids", OUTLETS)
def test_news_outlets(text: str, surface: str, ids: list[str]) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "2005-03-01", url="https://news.bbc.co.uk/x")] == ids


# a leader's government that the NER model names as one ("the Trump Administration"), and a
# body named with a US state ("Louisiana State University")
STATES_BODIES = [
    ("The Trump Administration said it would respond.", "Trump Administration", "2026-01-10",
     [("trump-administration", "USA", "GOV")]),
    ("Louisiana State University researchers said the storm had weakened.", "Louisiana State", "2026-01-10",
     [("louisiana-state-university", "USA", "EDU")]),
    ("Officials in Ohio said so.", "Ohio", "2026-01-10", [("USA-ohio", "USA", None)]),
    ("Virginia Woolf wrote it.", "Virginia", "2026-01-10", [("virginia-woolf", None, None)]),
    # a palace is no actor, but the one whose office speaks for the King is
    ("Buckingham Palace said the King would attend.", "Buckingham", "2026-01-10", [("uk-royal-household", "GBR", "GOV")]),
]


@pytest.mark.parametrize("text,surface,published,expected", STATES_BODIES)
def test_states_and_their_bodies(text: str, surface: str, published: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert _ids_at(text, surface, published) == expected


def test_a_surname_the_tagger_took_for_a_noun() -> None:
    # "Cates" tagged a plural noun: still the surname of the Gil Cates the article named
    text = ("The show's producer Gil Cates told reporters bleeps would be used. Organisers have put up a canopy. "
            "Cates said the covers would be removed.")
    assert _ids_at(text, "Cates said", "2005-03-01") == [("gil-cates", None, None)]


# a name the NER model took for a person's that the article treats as a company's: "shares
# in" it, "X's shareholders", "X ... its chief executive", a word for a company before it;
# then named short by its last word. Not a person who holds shares, nor one described by a
# trade, nor a film or book "which" did something
PERSON_NAMED_COMPANIES = [
    ("Shares in engineering group Pellowe have soared on news that it is selling its stake in a rail venture. "
     "Pellowe said the sale would help.", "Pellowe said", ("pellowe", "organization", "BUS")),
    ("Shares in Krumley Kreme sank 14% after the firm revealed errors. Krumley Kreme said it would restate its "
     "accounts.", "Krumley Kreme said", ("krumley-kreme", "organization", "BUS")),
    ("Daisy Ashcombe is parting company with its chief executive after reports of poor sales. "
     "Daisy Ashcombe said the sales were improving.", "Daisy Ashcombe said", ("daisy-ashcombe", "organization", "BUS")),
    ("Australian building products group James Wardle has agreed to pay $1.1bn to victims. The deal needs the "
     "approval of Wardle's shareholders. Wardle said the plan was affordable.", "Wardle said",
     ("james-wardle", "organization", "BUS")),
    ("Tom Petrov bought a stake in Millwall. Petrov said he was pleased.", "Petrov said", ("tom-petrov", "person", None)),
    ("Film maker Ken Barlow, whose shares in the studio rose, said he was pleased.", "Ken Barlow",
     ("ken-barlow", "person", None)),
    ("Virgil Rosendale, a pork producer from Illinois, said refunds were low. Rosendale said so.", "Rosendale said",
     ("virgil-rosendale", "person", None)),
    ("The comedy was a hit with Tony Moffat, which ended in 1989. Moffat said he was pleased.", "Moffat said",
     ("tony-moffat", "person", None)),
]


@pytest.mark.parametrize("text,surface,expected", PERSON_NAMED_COMPANIES)
def test_a_company_with_a_person_s_name(text: str, surface: str, expected: tuple[str, str, str | None]) -> None:
    analysis = analyze(text, published="2005-03-01", url="https://news.bbc.co.uk/x")
    start = text.index(surface)
    (actor,) = [a for a in analysis.actors if any(m.start <= start < m.end for m in a.mentions)]
    assert (actor.id, actor.type, actor.sector) == expected


def test_a_figure_in_millions_ends_its_sentence() -> None:
    # "$640m." is no abbreviation "m.": the sentence ends there, and the next one's subject speaks
    text = "It sold for $640m. Allianz, a leading German insurer, said it did not know yet what its exposure would be."
    (quote,) = analyze(text, published="2005-03-01").quotes
    assert quote.speaker is not None and (quote.speaker.span.text, quote.speaker.actor) == ("Allianz", "allianz")


@pytest.mark.parametrize("text,surface,sector", CHAIRMEN)
def test_chairmen(text: str, surface: str, sector: str) -> None:
    assert [s for _, _, s in _ids_at(text, surface, "1987-04-08")] == [sector]


def test_a_headline_in_capitals_names_no_one() -> None:
    text = "KODAR <EK> SAYS SALES ROSE\n\nNEW YORK, March 3 - Eastman Kodar Co said sales rose."
    analysis = analyze(text, published="1987-03-03")
    assert not [a for a in analysis.actors if any(m.start < text.index("\n") for m in a.mentions)]


@pytest.mark.parametrize("text,surface,actor_id,country", DATELINES)
def test_wire_datelines(text: str, surface: str, actor_id: str, country: str | None) -> None:
    analysis = analyze(text, published="1987-04-08")
    pos = text.index(surface)
    assert [(a.id, a.country) for a in analysis.actors if any(m.start == pos for m in a.mentions)] == [(actor_id, country)]
    speakers = {q.speaker.span.text for q in analysis.quotes if q.speaker}
    assert not any(s.isupper() for s in speakers), speakers  # never the dateline


def test_a_state_s_parties_say_where_the_story_is() -> None:
    """A story on the Tories that names Australia is British: its unplaced people are."""
    text = (
        "The Tories gathered in Brighton. Tory activists cheered the Tories and their leader. Much credit goes to "
        "Lynton Crosby, the Australian strategist who won four elections there. \"It has been a fantastic "
        "few weeks,\" said John Murray."
    )
    assert _ids_at(text, "John Murray", "2005-02-01") == [("john-murray", "GBR", None)]


def test_mps_are_a_group_of_the_story_s_state() -> None:
    analysis = analyze("LONDON (Reuters) - MPs said the law should change.", published="2005-01-15")
    pos = analysis.article.text.index("MPs")
    assert [(a.id, a.type, a.country, a.sector) for a in analysis.actors if any(m.start == pos for m in a.mentions)] == [
        ("GBR-mp", "group", "GBR", "LEG")
    ]


@pytest.mark.parametrize("text,surface,actor_id", CALLED_AFTER)
def test_an_organisation_called_by_a_noun_or_it(text: str, surface: str, actor_id: str | None) -> None:
    assert [i for i, _, _ in _ids_at(text, surface, "1987-03-02")] == ([actor_id] if actor_id else [])


# officials named by a plural title alone: a group of the story's own state
GROUPS = [
    ("MOSCOW (Reuters) - Officials said on Monday the talks had failed.", "Officials", "RUS-official"),
    ("MOSCOW (Reuters) - The talks failed, officials said.", "officials", "RUS-official"),
    ("MOSCOW (Reuters) - The ministers said taxes would rise.", "ministers", "RUS-minister"),
    ("MOSCOW (Reuters) - Local officials said the talks had failed.", "officials", None),
    ("MOSCOW (Reuters) - Officials from the ministry said the talks had failed.", "Officials", None),
    ("MOSCOW (Reuters) - Diplomats said the talks had failed.", "Diplomats", None),
    ("The talks failed, officials said.", "officials", None),
]


@pytest.mark.parametrize("text,surface,group", GROUPS)
def test_officials_named_by_a_plural_title_alone(text: str, surface: str, group: str | None) -> None:
    assert _ids_at(text, surface, "2024-05-03") == ([(group, "RUS", "GOV")] if group else [])


def test_a_company_named_short_is_the_company_named_in_full() -> None:
    text = "ITT Corp said it was considering a buyback. ITT said the plan was not final."
    analysis = analyze(text, published="1987-03-02")
    assert [(a.id, len(a.mentions)) for a in analysis.actors if a.type != "person"] == [("itt-corp", 2)]
    # ... also a company the gazetteer knows by a hyphenated name
    text = "LONDON, March 3 - Rolls Royce Plc said profits rose. Rolls said the engine orders were strong."
    assert [(a.id, len(a.mentions)) for a in analyze(text, published="1987-03-03").actors if a.type != "place"] == [
        ("rolls-royce", 2)
    ]
    # two companies start so: which one is unclear
    text = "Harwell Inc and Harwell Canada Ltd agreed to merge. Harwell said the deal would close soon."
    ids = {a.id for a in analyze(text, published="1987-03-02").actors}
    assert ids == {"harwell-inc", "harwell-canada-ltd", "harwell"}


def test_a_company_s_legal_form_makes_it_a_company() -> None:
    (alcan,) = analyze("Alcan Aluminium Ltd said it would cut output.", published="1987-03-02").actors
    assert alcan.sector == "BUS"


def test_a_title_standing_for_a_person_is_no_name_of_theirs() -> None:
    text = ("French President Jacques Chirac met Blair. The French president told reporters he "
            "welcomed the talks. President Bush was not there.")  # fmt: skip
    analysis = analyze(text, published="2005-02-21")
    (chirac,) = [a for a in analysis.actors if a.id == "jacques-chirac"]
    assert text.index("French president") in {m.start for m in chirac.mentions}
    assert text.index("President Bush") not in {m.start for m in chirac.mentions}


def test_a_leader_the_ner_model_took_for_a_place() -> None:
    analysis = analyze("Sharif met Modi on Monday.", published="2024-05-03")
    assert {a.id for a in analysis.actors} == {"shehbaz-sharif", "narendra-modi"}


def test_a_name_two_organisations_share_is_the_one_of_the_country_named() -> None:
    """"Jamaat-e-Islami" is a party in Bangladesh and one in Pakistan."""
    for text, country in (
        ("Jamaat-e-Islami won 70 seats in Bangladesh's election.", "BGD"),
        ("Jamaat-e-Islami held a rally against the Pakistani government.", "PAK"),
        # "the People's Party" is Spain's and Thailand's
        ("Thailand's prime minister faces a vote in Bangkok. The People's Party proposed it.", "THA"),
        ("Spain's prime minister faces a vote in Madrid. The People's Party proposed it.", "ESP"),
        # the BNP is Britain's and Bangladesh's; "UK Independence Party" is no Icelandic party
        ("The BNP won a council seat in Britain.", "GBR"),
        ("The BNP called a strike in Dhaka against the government of Bangladesh.", "BGD"),
        ("Robert Kilroy-Silk recently quit the UK Independence Party,said the paper.", "GBR"),
    ):
        parties = [a for a in analyze(text, published="2026-02-17").actors if a.sector == "PTY"]
        assert [a.country for a in parties] == [country], text


def test_organisation_word_inside_a_title_is_not_the_organisation() -> None:
    analysis = analyze("Australian Labour Minister Tony Burke met union leaders.", published="2024-06-01")
    assert not any(a.id == "labour-party-uk" for a in analysis.actors)


@pytest.mark.parametrize("text,surface,actor_id,country,sector", CASES)
def test_actor_resolution(text: str, surface: str, actor_id: str | None, country: str | None, sector: str | None) -> None:
    analysis = analyze(text, published="2024-06-01")
    pos = text.index(surface)
    hits = [a for a in analysis.actors if any(m.start <= pos < m.end or pos <= m.start < pos + len(surface) for m in a.mentions)]
    assert hits, f"{surface!r} not found among {[a.name for a in analysis.actors]}"
    actor = hits[0]
    if actor_id:
        assert actor.id == actor_id
    if country:
        assert actor.country == country
    if sector:
        assert actor.sector == sector


def test_surname_and_pronoun_resolve_within_article() -> None:
    text = "Russian President Vladimir Putin met the envoy. Putin said he was ready for talks."
    analysis = analyze(text, published="2024-06-01")
    putin = [a for a in analysis.actors if a.id == "vladimir-putin"]
    assert putin and sum(m.text == "Putin" for m in putin[0].mentions) == 1
    q = analysis.quotes[0]
    assert q.speaker is not None and q.speaker.actor == "vladimir-putin"


@pytest.mark.parametrize(
    "a,b",
    [("Dmytri", "Dmitry"), ("Dmitrii", "Dmitriy"), ("Zelenskyy", "Zelensky"), ("Sergey", "Sergei"), ("Mohammed", "Muhammad")],
)
def test_transliteration_key(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


# a full name against the known people: (name, the person or None)
def test_slogan_in_scare_quotes_is_not_an_actor() -> None:
    text = 'With his "America First!" motto, the new president faces Congress.'
    analysis = analyze(text, published="2024-06-01")
    pos = text.index("America")
    assert not any(m.start <= pos < m.end for a in analysis.actors for m in a.mentions)


@pytest.mark.parametrize(
    "text,surface",
    [
        ("An anti-American cleric addressed the crowd.", "American"),
        ("Pro-Russian separatists shelled the town.", "Russian"),
        ("The Iranian-backed militia fired rockets.", "Iranian"),
    ],
)
def test_stance_toward_a_state_is_not_that_state(text: str, surface: str) -> None:
    """"anti-American", "pro-Russian", "Iranian-backed": a state someone is for, against or
    backed by does not act."""
    analysis = analyze(text, published="2024-06-01")
    pos = text.index(surface)
    assert not any(m.start <= pos < m.end for a in analysis.actors for m in a.mentions)


def test_backing_state_does_not_hide_a_leading_one() -> None:
    analysis = analyze("Saudi-led forces struck the port.", published="2024-06-01")
    assert any(a.country == "SAU" for a in analysis.actors)


# a near-miss spelling of a long country name is that country; old names are the state's
@pytest.mark.parametrize(
    "text,surface,country",
    [
        ("Pakistan rejected an offer from Afganistan on Monday.", "Afganistan", "AFG"),
        ("The Phillipines protested to Beijing.", "Phillipines", "PHL"),
        ("Zaire closed its border with Rwanda.", "Zaire", "COD"),
        ("The Soviet Union expelled two diplomats.", "Soviet Union", "RUS"),
        ("Rhodesian troops crossed the border.", "Rhodesian", "ZWE"),
        # a misspelling the entity tagger did not label
        ("Ethopia has closed its embassy in Kenya.", "Ethopia", "ETH"),
    ],
)
def test_spelling_variants_and_old_names(text: str, surface: str, country: str) -> None:
    _assert_country_at(text, "1990-06-01", surface, country)


# a place name several states have: the one the sentence names, or the one it was in then
@pytest.mark.parametrize(
    "text,published,surface,country",
    [
        ("Militias clashed in Tripoli as shells hit the north Lebanese port.", "2024-06-01", "Tripoli", "LBN"),
        ("Militias clashed in Tripoli on Monday.", "2024-06-01", "Tripoli", "LBY"),
        ("Rebels shelled Juba on Sunday.", "1992-06-01", "Juba", "SDN"),
        ("Rebels shelled Juba on Sunday.", "2015-06-01", "Juba", "SSD"),
    ],
)
def test_place_names_shared_by_states(text: str, published: str, surface: str, country: str) -> None:
    _assert_country_at(text, published, surface, country)


def _assert_country_at(text: str, published: str, surface: str, country: str) -> None:
    """The actor whose mention covers ``surface`` in ``text`` has ``country``."""
    analysis = analyze(text, published=published)
    pos = text.index(surface)
    hits = [a for a in analysis.actors if any(m.start <= pos < m.end for m in a.mentions)]
    assert hits and hits[0].country == country, [(a.name, a.country) for a in analysis.actors]


@pytest.mark.parametrize(
    ("text", "word", "same_as"),
    [
        # a given name alone refers to the one person of the article who has it
        ("Hillary Clinton spoke in Iowa on Monday. Later, Hillary told reporters the race was close.", "Hillary", "Hillary Clinton"),
        ("Bernie Sanders won the primary. Bernie thanked his supporters.", "Bernie", "Bernie Sanders"),
        # ... and to neither of two who share it
        ("John Kerry met John Kasich. John said the talks went well.", "John", None),
    ],
)
def test_a_given_name_alone_is_the_article_person_who_has_it(text: str, word: str, same_as: str | None) -> None:
    analysis = analyze(text, published="2016-02-01")
    pos = text.rindex(word)
    (actor,) = [a for a in analysis.actors if any(m.start == pos for m in a.mentions)]
    named = [a for a in analysis.actors if any(m.text == same_as for m in a.mentions)]
    if same_as is None:
        assert all(not m.text.startswith(f"{word} ") for m in actor.mentions)
    else:
        assert named == [actor]


def test_a_surname_taken_for_an_organisation_is_the_known_person() -> None:
    """The small NER model calls a lone "Trump" an ORG in headlines; with no full name
    earlier, it is still the one known person of that surname at the date, spelt so. An
    acronym or a party's name that only transliterates to someone's surname is not."""
    (trump,) = [a for a in analyze("Erdogan warns Trump over Syria.", published="2025-06-01").actors if a.name.endswith("Trump")]
    assert (trump.id, trump.country, trump.sector) == ("donald-trump", "USA", "GOV")
    text = "The fundamentalist Umma (Nation) party has said it will boycott the elections."
    assert "monica-juma" not in {a.id for a in analyze(text, published="1991-06-01").actors}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # headlines name leaders by surname, where the small NER model often sees no name
        ("Trump threatens tariffs on Canada", "2025-06-01", "donald-trump"),
        ("Modi visits Washington", "2025-06-01", "narendra-modi"),
        ("Starmer backs Ukraine deal", "2025-06-01", "keir-starmer"),
        ("Carney rejects new tariffs", "2025-06-01", "mark-carney"),  # taken for a nationality
        # only a head of state or government in office at the date
        ("Starmer backs Ukraine deal", "2019-06-01", None),
        # a regnal number is no surname ("Frederik X")
        ("X briefly went down on Tuesday, monitors said.", "2026-02-01", None),
    ],
)
def test_a_leader_in_office_is_named_by_surname_alone(text: str, published: str, expected: str | None) -> None:
    people = {a.id for a in analyze(text, published=published).actors if a.type == "person"}
    assert people == ({expected} if expected else set())


@pytest.mark.parametrize(
    "text",
    [
        "UN rapporteur Francesca Albanese spoke in Geneva. Albanese said the report was accurate.",
        "Albanese rejects the criticism. The UN rapporteur Francesca Albanese spoke in Geneva.",
    ],
)
def test_a_surname_the_article_names_in_full_is_no_leader_of_that_surname(text: str) -> None:
    """Anthony Albanese is prime minister in 2025, but an article about Francesca Albanese
    means her by "Albanese", before her full name or after it."""
    ids = {a.id for a in analyze(text, published="2025-06-01").actors}
    assert "anthony-albanese" not in ids
