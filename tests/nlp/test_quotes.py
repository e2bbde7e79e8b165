"""Statement rules: sentence -> (speaker text, cue, content snippet, kind). Written by us, news-style."""

from __future__ import annotations

import pytest

from detente import analyze
from detente.models import Quote
from detente.nlp.quotes import quote_spans

# (text, speaker substring, cue substring or None, content substring, kind)
CASES = [
    ('"We will not back down," the president said on Monday.', "president", "said", "We will not back down", "direct"),
    ('Peskov said: "Russia has never refused dialogue."', "Peskov", "said", "Russia has never refused dialogue", "direct"),
    ("The minister said that the talks would resume next week.", "minister", "said", "that the talks would resume", "indirect"),
    ("Officials believe the ceasefire will hold through the winter.", "Officials", "believe", "the ceasefire will hold", "indirect"),
    ("A new poll shows that most voters oppose the deal.", "poll", "shows", "most voters oppose the deal", "indirect"),
    ("According to the Foreign Ministry, the ambassador was summoned on Tuesday.", "Foreign Ministry", "According to", "the ambassador was summoned", "indirect"),
    ("The ambassador was summoned on Tuesday, according to state media.", "state media", "according to", "The ambassador was summoned", "indirect"),
    ('Sergei Lavrov stated: Moscow "remains open to talks," and "pressure will not work."', "Lavrov", "stated", "remains open to talks", "mixed"),
    ("Chinese Foreign Minister Wang Yi warned that the sanctions would backfire.", "Wang Yi", "warned", "the sanctions would backfire", "indirect"),
    ('"The door is open," Erdogan told reporters in Ankara, "but we will not wait forever."', "Erdogan", "told", "The door is open", "direct"),
    # stances whose object is what is held (cues.yaml object_content)
    ("The governor opposes the new pipeline project.", "governor", "opposes", "the new pipeline project", "indirect"),
    ("The foreign minister welcomed the ceasefire agreement with Hamas.", "foreign minister", "welcomed", "the ceasefire agreement", "indirect"),
    ("Most Democrats support a higher minimum wage.", "Democrats", "support", "a higher minimum wage", "indirect"),
    # a speaker the parser hung on the name before the comma as an apposition
    ("The final decision on deployment rests with President Prabowo Subianto, the country's army spokesperson said on "
     "Monday.", "army spokesperson", "said", "The final decision on deployment rests with", "indirect"),
]


@pytest.mark.parametrize("text,speaker,cue,content,kind", CASES)
def test_statement_rules(text: str, speaker: str, cue: str | None, content: str, kind: str) -> None:
    analysis = analyze(text, published="2024-03-01")
    matches = [q for q in analysis.quotes if content in q.content.text]
    assert matches, f"no statement containing {content!r}: {[q.content.text for q in analysis.quotes]}"
    q = matches[0]
    assert q.speaker is not None and speaker.lower() in q.speaker.span.text.lower()
    if cue:
        assert q.cue is not None and cue.lower() in q.cue.text.lower()
    assert q.kind == kind
    # offsets point at the evidence
    assert text[q.content.start : q.content.end] == q.content.text


# quotations signed with a dash: (text, the quotation, its speaker or None)
SIGNED = [
    ("“The war will end before the winter.” ― Jane Doe, 34, Ohio", "The war will end before the winter.", "Jane Doe"),
    # a fact check's claim, a paragraph of its own, signed on the line after it with a hyphen
    ("“Boeing and GE and other multinationals pay zero taxes.”\n\n- Sanders.\n\nThis is a complex issue.",
     "Boeing and GE and other multinationals pay zero taxes.", "Sanders"),
    # ... and so in typewriter marks, as older newswires write them
    ("''Boeing and GE and other multinationals pay zero taxes.''\n\n- Sanders.\n\nThis is a complex issue.",
     "Boeing and GE and other multinationals pay zero taxes.", "Sanders"),
    # a byline after a paragraph that only ends with a quotation does not sign it
    ("The senator called the plan unfair: “Nobody should pay zero taxes.”\n\n- Amber Phillips.",
     "Nobody should pay zero taxes.", None),
]


@pytest.mark.parametrize("text,content,speaker", SIGNED)
def test_signed_quotations(text: str, content: str, speaker: str | None) -> None:
    quotes = [q for q in analyze(text, published="2016-02-05").quotes if content in q.content.text]
    assert quotes
    speakers = {q.speaker.span.text if q.speaker else None for q in quotes}
    if speaker is None:
        assert not any(s and "Phillips" in s for s in speakers), speakers
    else:
        assert speakers == {speaker}


NOT_STATEMENTS = [
    'The talks crossed several "red lines" for the alliance.',
    'Critics dismissed the "peace plan" as a stunt.',
    'He called it a "special military operation" and moved on.',
]


@pytest.mark.parametrize("text", NOT_STATEMENTS)
def test_scare_quotes_are_not_statements(text: str) -> None:
    analysis = analyze(text, published="2024-03-01")
    for q in analysis.quotes:
        inner = [text[s:e] for s, e in quote_spans(text)]
        assert q.content.text not in inner


@pytest.mark.parametrize(
    "text",
    [
        'The minister told MPs: "I have never modified a policy I believed to be right. "\n\nHe left.',
        'He said: "We should cut the number or increase it depending on the country\'s needs... "',
    ],
)
def test_a_statements_evidence_has_no_space_at_its_ends(text: str) -> None:
    (q,) = analyze(text, published="2005-01-01").quotes
    spans = [q.content, q.cue] + ([q.speaker.span] if q.speaker else [])
    assert all(s is not None and s.text == s.text.strip() == text[s.start : s.end] for s in spans)
    assert q.kind == "direct" and q.content.text.startswith(("I have", "We should"))


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a relative pronoun speaker is the actor its clause is about, person or not
        ("The plan was criticised by the Scottish National Party, which accused ministers of neglect.", "snp"),
        ("The move was welcomed by Beijing, which described the embargo as a relic.", "CHN"),
        ("The report was praised by Antonio Guterres, who said it was overdue.", "antonio-guterres"),
    ],
)
def test_a_relative_pronoun_speaker_is_the_actor_before_it(text: str, actor: str) -> None:
    (q,) = analyze(text, published="2024-01-01").quotes
    assert q.speaker is not None and q.speaker.actor == actor


def test_a_transcript_line_is_its_speaker_s() -> None:
    analysis = analyze("Debate\n\nPENCE: Well, look, we will win this election for sure.", published="2016-10-04")
    assert [(q.speaker.span.text if q.speaker else None, q.content.text) for q in analysis.quotes] == [
        ("PENCE", "Well, look, we will win this election for sure.")
    ]


def test_follow_on_quote_keeps_the_speaker() -> None:
    text = (
        '"We are ready to talk," Kremlin spokesman Dmitry Peskov told reporters. '
        '"But the other side must show that it is serious about a settlement this time."'
    )
    analysis = analyze(text, published="2024-03-01")
    follow = [q for q in analysis.quotes if "other side must show" in q.content.text]
    assert follow and follow[0].speaker is not None
    assert follow[0].speaker.actor == "dmitry-peskov"


def test_nominal_cue_attributes_previous_sentence() -> None:
    text = (
        "Beijing is prepared to mediate between the two sides. "
        "This statement by Chinese Foreign Minister Wang Yi on May 4 surprised diplomats."
    )
    analysis = analyze(text, published="2024-05-10")
    q = [q for q in analysis.quotes if "prepared to mediate" in q.content.text]
    assert q and q[0].speaker is not None and "Wang Yi" in q[0].speaker.span.text
    assert q[0].date == "2024-05-04"


@pytest.mark.parametrize(
    "text",
    ['He said "we will win', 'She said “no deal', '"', "“”", 'a " b " c "', "“nested ‘quotes’ without end"],
)
def test_unbalanced_quotes_never_crash(text: str) -> None:
    analysis = analyze(text, published="2024-01-01")
    for q in analysis.quotes:
        assert 0 <= q.content.start <= q.content.end <= len(text)


def test_quote_spans_unclosed_runs_to_line_end() -> None:
    text = "He said “we will win the war.\n\nNext paragraph."
    spans = quote_spans(text)
    assert spans == [(text.index("we"), text.index("\n\n"))]


def test_a_failing_stage_is_one_article_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.models import Article
    from detente.nlp.pipeline import get_pipeline

    pipeline = get_pipeline()

    def boom(*args: object, **kwargs: object) -> list[object]:
        raise IndexError("simulated bug")

    monkeypatch.setattr(type(pipeline.quotes), "__call__", boom)
    out = list(pipeline.pipe([Article(text="Iran said it would talk."), Article(text="Russia said no.")]))
    assert len(out) == 2
    assert all("analysis failed" in a.warnings[0] for a in out)


def test_quote_spans_mixed_marks_pair() -> None:
    text = 'He said "we will win this war.” Then he left.'
    assert quote_spans(text) == [(text.index("we"), text.index("”"))]
    text = "She said “the talks are over.\" Then she left."
    assert quote_spans(text) == [(text.index("the talks"), text.index('"'))]
    # curly open, straight close, then a straight open and a curly close: two quotations
    text = "“There is no bad publicity,\" said the mayor. \"We made mistakes.” He left."
    assert quote_spans(text) == [
        (1, text.index(',"') + 1),
        (text.index("We made"), text.index("”")),
    ]
    # a straight mark opening a quotation inside a curly one is not its end
    text = "“He called it \"a disaster” and left."
    assert quote_spans(text) == [(1, text.index("”"))]


# (text, speaker substring or None for no speaker, cue substring, exact content): where a
# statement starts and ends. Each row fails without the rule family named beside it.
BOUNDARY_CASES = [
    # the cue's own second predicate ends the content ("said X and insisted Y")
    ("The mayor said the budget was balanced and insisted that taxes would not rise.", "mayor", "said", "the budget was balanced"),
    ("The mayor said the budget was balanced and insisted that taxes would not rise.", "mayor", "insisted", "that taxes would not rise"),
    # a coordinated clause with its own subject the parser hung on the cue is still content
    (
        "The lawyer said the government tried to silence him, but a federal judge refused to let it.",
        "lawyer",
        "said",
        "the government tried to silence him, but a federal judge refused to let it",
    ),
    # a second cue hung deep inside the first content: the same speaker's next act
    (
        "Ginsburg said she did not want to think about it and predicted that the court would rule soon.",
        "Ginsburg",
        "said",
        "she did not want to think about it",
    ),
    (
        "Ginsburg said she did not want to think about it and predicted that the court would rule soon.",
        "Ginsburg",
        "predicted",
        "that the court would rule soon",
    ),
    # the parse saw one sentence of a longer quotation: the quotation is the statement
    ("“We have done our part. Now it is their turn,” the minister said.", "minister", "said", "We have done our part. Now it is their turn,"),
    ("The minister told reporters: “We have done our part. Now it is their turn.”", "minister", "told", "We have done our part. Now it is their turn."),
    # a short quotation that is a whole utterance
    ("“No,” the spokesman said.", "spokesman", "said", "No,"),
    # an object's modifiers hung on the cue verb
    ("The mayor promised to cut taxes should she win a second term.", "mayor", "promised", "to cut taxes should she win a second term"),
    # the writer's comment after a comma is not what was said
    ("The senator said the bill would pass, despite objections from the opposition.", "senator", "said", "the bill would pass"),
    # a relative clause or a dashed noun phrase closing the content is the writer's aside
    (
        "The mayor said the new tax would fund road repairs across the county, which have been delayed for years.",
        "mayor",
        "said",
        "the new tax would fund road repairs across the county",
    ),
    ("The governor said he had signed the order on Friday -- a reversal for his administration.", "governor", "said", "he had signed the order on Friday"),
    # "what he calls X": the name given; "termed" so too
    ("The candidate railed against what he calls a rigged system.", "he", "calls", "a rigged system"),
    ("The senator railed against what he termed mainstream extremism.", "he", "termed", "mainstream extremism"),
    # "voiced optimism that X", as "expressed"
    ("The French presidency has voiced optimism that a deal could be reached.", "French presidency", "voiced",
     "optimism that a deal could be reached"),
    # two clauses, the first one not closed by a comma before the subject: the second is said
    (
        "The coach was so excited about the team's chances he said they should win the title easily.",
        "he",
        "said",
        "they should win the title easily",
    ),
    # "by saying": the subject of the verb the phrase modifies
    ("The governor ended the debate by saying the state would appeal.", "governor", "saying", "the state would appeal"),
    # passive reports with no one named
    ("The central bank is expected to raise rates in December.", None, "is expected", "The central bank is expected to raise rates in December"),
    ("It is widely believed that the deal will collapse.", None, "believed", "that the deal will collapse"),
    # ... but not one that is itself what someone said
    (
        "Demand for the shares is expected to be strong, Christopher Clark of Samuel Montagu said.",
        "Christopher Clark",
        "said",
        "Demand for the shares is expected to be strong",
    ),
    # headline "Speaker: claim"
    ("Mayor Smith: Budget will not pass this year\n\nThe city council met on Monday.", "Mayor Smith", ":", "Budget will not pass this year"),
    # cue verbs: "declined to", "hoped to" (spaCy lemmatises "hoped" as "hop")
    ("The company declined to comment.", "company", "declined", "to comment"),
    ("She hoped to finish the report by Friday.", "She", "hoped", "to finish the report by Friday"),
    # a quotation split by its cue sentence is one statement: a short second sentence, an
    # appositive naming someone else, a participle of the cue, a noun such as "question"
    ("“We are farmers,” said Ms. Lopez. “We are not bankers.”", "Lopez", "said", "We are farmers,” said Ms. Lopez. “We are not bankers."),
    (
        "“We face a hard winter,” said Ana Ruiz, a former aide to Senator John Tester. “We have to plan for it now.”",
        "Ana Ruiz",
        "said",
        "We face a hard winter,” said Ana Ruiz, a former aide to Senator John Tester. “We have to plan for it now.",
    ),
    (
        "“The mill was busy once,” Ms. Hale said, pointing to the empty lot. “Those days are gone for this town.”",
        "Hale",
        "said",
        "The mill was busy once,” Ms. Hale said, pointing to the empty lot. “Those days are gone for this town.",
    ),
    (
        "“The plan is not finished,” Smith said in answer to a question from a reporter. “We need another week.”",
        "Smith",
        "said",
        "The plan is not finished,” Smith said in answer to a question from a reporter. “We need another week.",
    ),
]


def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules alone, without the statistical tagger's spans."""
    from detente.nlp.pipeline import get_pipeline

    monkeypatch.setattr(get_pipeline().quotes, "use_tagger", False)


@pytest.mark.parametrize("text,speaker,cue,content", BOUNDARY_CASES)
def test_statement_boundaries(
    text: str, speaker: str | None, cue: str, content: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rules_only(monkeypatch)
    analysis = analyze(text, published="2024-03-01")
    matches = [q for q in analysis.quotes if q.cue is not None and cue.lower() in q.cue.text.lower()]
    assert matches, f"no statement with cue {cue!r}: {[(q.content.text, q.cue) for q in analysis.quotes]}"
    q = matches[0]
    assert q.content.text == content
    if speaker is None:
        assert q.speaker is None
    else:
        assert q.speaker is not None and speaker.lower() in q.speaker.span.text.lower()


def test_according_to_mid_sentence_takes_both_sides() -> None:
    text = "The economy, according to the central bank, will grow by two percent next year."
    q = [q for q in analyze(text, published="2024-03-01").quotes if q.cue is not None and "according" in q.cue.text]
    assert q and "The economy" in q[0].content.text and "will grow by two percent" in q[0].content.text


def test_quotation_continued_in_the_same_paragraph_is_one_statement() -> None:
    text = (
        "“We have done our part,” said Foreign Minister Ana Silva. "
        "“Now it is up to the other side to show that it wants peace.”"
    )
    quotes = analyze(text, published="2024-03-01").quotes
    assert len(quotes) == 1
    q = quotes[0]
    assert "We have done our part" in q.content.text and "wants peace" in q.content.text
    assert q.speaker is not None and "Silva" in q.speaker.span.text


def test_quotation_paragraph_without_closing_mark_goes_on() -> None:
    text = (
        "The minister said: “We have done our part.\n\n"
        "“Now it is up to the other side to show that it wants a settlement.”"
    )
    quotes = analyze(text, published="2024-03-01").quotes
    q = [q for q in quotes if "We have done our part" in q.content.text]
    assert q and "wants a settlement" in q[0].content.text


@pytest.mark.parametrize(
    "text,not_content",
    [
        ("He was told to leave the building.", "leave the building"),
        ("The bridge was supposed to open in May.", "open in May"),
        ("A poll of 1,000 voters was released on Monday.", "1,000 voters"),
        ("The minister left early. The ambassador's report was delayed.", "The minister left early"),
        ("The official spoke on condition of anonymity.", "condition of anonymity"),
        ("Ted Cruz: hero or villain of the party?\n\nThe city council met on Monday.", "hero or villain"),
        ("Watch: Budget talks collapse in the capital\n\nThe council met on Monday.", "Budget talks collapse"),
        # a dateline is no transcript's speaker
        ("Land plan approved\n\nJERUSALEM: The Israeli government has approved a plan to register land.",
         "The Israeli government has approved"),
    ],
)
def test_not_attributions(text: str, not_content: str) -> None:
    analysis = analyze(text, published="2024-03-01")
    assert not [q for q in analysis.quotes if not_content in q.content.text]


# the tagger's statements whose source is a pronoun pointing at someone in the text ("they",
# "it") are kept; the writer, reader or speaker talking of themselves ("I", "we", "you") not
@pytest.mark.parametrize(
    "text,speaker,content",
    [
        ("They are pushing for a new stadium near the river.", "They", "a new stadium near the river"),
        ("The council voted on Tuesday. They backed the plan to widen the road.", "They", "the plan to widen the road"),
        ("They see the tax as a threat to small farms.", "They", "the tax as a threat to small farms"),
    ],
)
def test_tagged_statements_with_pronoun_sources(text: str, speaker: str, content: str) -> None:
    from detente.nlp.pipeline import get_pipeline

    if not get_pipeline().quotes.use_tagger:
        pytest.skip("the attribution tagger is off")
    quotes = analyze(text, published="2024-03-01").quotes
    q = [q for q in quotes if content in q.content.text]
    assert q and q[0].speaker is not None and q[0].speaker.span.text == speaker


# (sentence, the rules' speaker, the tagger's source, the speaker kept)
BETTER_SPEAKER = [
    # overlapping: the tagger's span keeps the name the parse cut off
    ("The head of the group, Mike Murphy, said so.", "The head of the group", "The head of the group, Mike Murphy,", "The head of the group, Mike Murphy,"),
    # a weak pronoun from the rules gives way to the tagger's named source
    ("They said so, campaign manager Robby Mook added.", "They", "campaign manager Robby Mook", "campaign manager Robby Mook"),
    ("It was a plan that officials said would fail.", "that", "officials", "officials"),
    # a personal pronoun or a noun phrase from the rules stays
    ("He said so, and Mr. Putin agreed.", "He", "Mr. Putin", "He"),
    ("The minister said so, and the spokesman agreed.", "The minister", "the spokesman", "The minister"),
    # one side missing
    ("The minister said so.", "The minister", "", "The minister"),
    ("The minister said so.", "", "The minister", "The minister"),
]


@pytest.mark.parametrize("text,rule,tagger,kept", BETTER_SPEAKER)
def test_better_speaker(text: str, rule: str, tagger: str, kept: str) -> None:
    from detente.nlp.pipeline import get_pipeline
    from detente.nlp.quotes import _better_speaker

    doc = get_pipeline().nlp(text)

    def toks(s: str) -> list:  # type: ignore[type-arg]
        if not s:
            return []
        start = text.index(s)
        span = doc.char_span(start, start + len(s), alignment_mode="expand")
        assert span is not None
        return list(span)

    got = _better_speaker(toks(rule), toks(tagger))
    assert (got[0].idx, got[-1].idx + len(got[-1])) == (text.index(kept), text.index(kept) + len(kept))


# (sentence, cue, whether the statement it cues names no source)
UNNAMED_SOURCE = [
    ("Asked about the sanctions, Peskov said they would fail.", "Asked", True),
    ("Asked about the sanctions, Peskov said they would fail.", "said", False),
    ("Some advisers are said to be urging the governor to resign.", "are said", True),
    ("Respondents were also asked to pick the likely winner.", "were also asked", True),
    ("The ministry seemed to accept the offer on Monday.", "seemed", True),
    ("The envoy was quoted as saying the talks had failed.", "was quoted as saying", False),
    ("The minister was criticized by the opposition for the remarks.", "was criticized", False),
    ("The senator was embittered at the decision.", "was embittered at", False),
    ("The minister said the talks would resume.", "said", False),
]


@pytest.mark.parametrize("text,cue,unnamed", UNNAMED_SOURCE)
def test_unnamed_source(text: str, cue: str, unnamed: bool) -> None:
    from detente.nlp.pipeline import get_pipeline
    from detente.nlp.quotes import QuoteFinder

    doc = get_pipeline().nlp(text)
    start = text.index(cue)
    assert QuoteFinder()._unnamed_source(doc, (start, start + len(cue))) is unnamed


def test_a_passive_report_has_no_speaker() -> None:
    text = "Some advisers are said to be urging the governor to resign before the vote."
    quotes = analyze(text, published="2024-03-01").quotes
    assert quotes and all(q.speaker is None for q in quotes)


def test_a_weak_pronoun_that_resolves_to_an_actor_stays() -> None:
    from detente.nlp.pipeline import get_pipeline
    from detente.nlp.quotes import _better_speaker

    text = "Many activists cheered Warren, who endorsed the plan."
    doc = get_pipeline().nlp(text)
    who = [t for t in doc if t.text == "who"]
    activists = list(doc[0:2])
    assert _better_speaker(who, activists, resolved=True) == who
    assert _better_speaker(who, activists, resolved=False) == activists


def test_a_quotation_attributed_after_several_sentences_is_one_statement_of_its_speaker() -> None:
    # the cue's sentence is the quotation's last one; the previous paragraph's speaker must
    # not also get the quotation as a follow-on
    text = (
        "The former coach said people misunderstand the candidate.\n\n"
        "\u201cI have known him for thirty years. He is not a racist. He is a friend of this city,\u201d "
        "Walker said.\n"
    )
    quotes = analyze(text, published="2016-06-27").quotes
    on_it = [q for q in quotes if "He is not a racist" in q.content.text]
    assert len(on_it) == 1, [(q.content.text, q.speaker) for q in quotes]
    assert on_it[0].speaker is not None and on_it[0].speaker.span.text == "Walker"


def test_one_statement_per_content_span_keeps_the_attributed_one() -> None:
    from detente.models import Quote, Span, Speaker
    from detente.nlp.quotes import _one_per_content

    text = "\u201cWe will win. We always do,\u201d Walker said. Other words."
    content = Span.of(text, 1, 27)
    bare = Quote(content=content)
    attributed = Quote(content=content, speaker=Speaker(Span.of(text, 29, 35)), cue=Span.of(text, 36, 40))
    other = Quote(content=Span.of(text, 42, 53))
    assert _one_per_content([bare, attributed, other]) == [attributed, other]
    assert _one_per_content([attributed, bare]) == [attributed]


# the accurate tagger's contents lead only where it is confident of them (MIN_CONTENT_SCORE):
# (text, tagged content, its score, the statement contents expected)
SCORED_CONTENTS = [
    # a rule found the statement: a confident tagged content replaces the rule's span...
    ("The minister said on Monday that the talks would resume.", "talks would resume", 0.95, ["talks would resume"]),
    # ... a doubtful one leaves the rule's statement as it was
    ("The minister said on Monday that the talks would resume.", "talks would resume", 0.40, ["that the talks would resume"]),
    # no rule there: the tagged content stands or falls on its score
    ("The bridge over the river was built in 1932 by the city.", "the river was built in 1932", 0.95, ["the river was built in 1932"]),
    ("The bridge over the river was built in 1932 by the city.", "the river was built in 1932", 0.40, []),
]


@pytest.mark.parametrize("text,content,score,expected", SCORED_CONTENTS)
def test_accurate_mode_keeps_only_confident_tagged_contents(text: str, content: str, score: float, expected: list[str]) -> None:
    assert [q.content.text for q in _accurate_quotes(text, content, score)] == expected


def _accurate_quotes(text: str, content: str, score: float, source: str | None = None) -> list[Quote]:
    """The accurate mode's statements of ``text`` where the tagger found ``content`` (and
    ``source``, if given) and nothing else."""
    from detente.nlp.attribution_model import Tagged
    from detente.nlp.attribution_trf import set_spans
    from detente.nlp.pipeline import get_pipeline
    from detente.nlp.quotes import QuoteFinder

    pipe = get_pipeline()
    doc = pipe.nlp(text)
    start = text.index(content)
    spans = [Tagged("CONTENT", start, start + len(content), score=score)]
    if source is not None:
        s = text.index(source)
        spans.insert(0, Tagged("SOURCE", s, s + len(source)))
    set_spans(doc, spans)
    index = pipe.actors(doc, "2024-03-01", end_char=len(text))
    return QuoteFinder(tagger="accurate")(doc, index, [])


# one-word tagged contents: kept only as a noun or proper noun the tagger gives a source
# (text, tagged content, tagged source, the statement contents expected)
ONE_WORD_CONTENTS = [
    ("Putin praised Trump on Tuesday.", "Trump", "Putin", ["Trump"]),
    ("The governor made remarks about abortion last week.", "abortion", "The governor", ["abortion"]),
    ("Putin praised Trump on Tuesday.", "Trump", None, []),  # no source: a stray piece
    ("The senator said this was wrong.", "this", "The senator", []),  # a pronoun
    ("The senator said the plan failed.", "the", "The senator", []),  # a determiner
]


@pytest.mark.parametrize("text,content,source,expected", ONE_WORD_CONTENTS)
def test_accurate_mode_keeps_one_word_contents_only_of_nouns_with_a_source(
    text: str, content: str, source: str | None, expected: list[str]
) -> None:
    quotes = [q for q in _accurate_quotes(text, content, 0.95, source) if q.content.text == content]
    assert [q.content.text for q in quotes] == expected


def test_of_two_subjects_the_nearest_before_the_verb_speaks() -> None:
    """The small parser can give "said" two subjects ("In Berea, OH, after winning, Kasich
    said": "OH" and "Kasich"); the speaker is the one nearest before the verb, else the
    first after it ("said Kasich")."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from detente.nlp.quotes import _nsubj

    words = ["In", "Berea", ",", "OH", ",", "Kasich", "said", "it"]
    heads = [6, 0, 6, 6, 6, 6, 6, 6]
    deps = ["prep", "pobj", "punct", "nsubj", "punct", "nsubj", "ROOT", "dobj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert _nsubj(doc[6]).text == "Kasich"  # type: ignore[union-attr]
    inverted = Doc(Vocab(), words=["it", "said", "Kasich"], heads=[1, 1, 1], deps=["dobj", "ROOT", "nsubj"])
    assert _nsubj(inverted[1]).text == "Kasich"  # type: ignore[union-attr]


def test_no_one_inside_a_quotation_speaks_it() -> None:
    """Where the parser hangs a cue outside the quotation on a verb inside it ("telling the
    crowd, “Some people get carried away”": "telling" under "get"), walking up to that
    verb's subject must not make someone in the quoted words its speaker."""
    text = (
        "Clinton seemed to be ready to riff on the incident in Iowa, telling the crowd, "
        "“Some people get a little carried away, have you noticed that?”"
    )
    quotes = [q for q in analyze(text, published="2016-08-10").quotes if "carried away" in q.content.text]
    assert quotes
    assert all(q.speaker is None or "people" not in q.speaker.span.text for q in quotes)


def test_a_dateline_is_no_part_of_the_speaker() -> None:
    text = "MOSCOW (Reuters) - Officials said on Monday the talks had failed."
    (quote,) = analyze(text, published="2024-05-03").quotes
    assert quote.speaker is not None and quote.speaker.span.text == "Officials"
    # a hyphen inside a word is no dateline's dash
    text = "Anti-war campaigners said the talks had failed."
    (quote,) = analyze(text, published="2024-05-03").quotes
    assert quote.speaker is not None and quote.speaker.span.text == "Anti-war campaigners"


def test_the_speaker_after_a_wire_dateline_is_the_name_alone() -> None:
    """The parser took "March 3 - Standard" for a date and the dateline for the subject."""
    text = "S AND P REVIEWS DEBT\n\nNEW YORK, March 3 - Standard and Poor's said it is reviewing the debt."
    speakers = [q.speaker.span.text for q in analyze(text, published="1987-03-03").quotes if q.speaker]
    assert speakers == ["Standard and Poor's"]


def test_a_doc_s_quotations_are_found_once() -> None:
    """The pipeline, the actor finder and the quote finder share one list per Doc."""
    from detente.nlp.model import load_model
    from detente.nlp.quotes import doc_quote_spans

    text = '"We will act," the minister said. Critics called it "a farce".'
    doc = load_model()(text)
    assert doc_quote_spans(doc) == quote_spans(text)
    doc.user_data["detente_quotes"] = [(0, 1)]  # found once: the cached list is what is read
    assert doc_quote_spans(doc) == [(0, 1)]
