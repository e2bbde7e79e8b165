"""Sentence boundaries set before the parser: line breaks, wire datelines, closing quotation marks and units."""

from __future__ import annotations

import pytest

from detente.nlp.model import dateline_end, doc_sents, load_model

# a wire dateline that opens a paragraph is a sentence of its own, so the parser does not
# take the place and date for the subject of what follows
DATELINES = [
    ("NEW YORK, March 3 - Standard and Poor's said it is reviewing the debt.", "Standard and Poor's said"),
    ("GREENWICH, Conn., April 8 - National Guardian Corp said it has bought a guard company.", "National Guardian Corp said"),
    ("FLINT, Mich., Oct. 4 (UPI) — Former President Bill Clinton criticized the law.", "Former President Bill Clinton"),
    ("LONDON (Reuters) - Lifetime Corp said it will make an announcement.", "Lifetime Corp said"),
    ("ISLAMABAD: Prime Minister Shehbaz Sharif said the talks would go on.", "Prime Minister Shehbaz Sharif said"),
    # no dateline: a headline's capitals, a short word, a sentence that starts in capitals
    ("US, EU agree - a deal on steel was signed on Monday.", None),
    ("NATO said on Monday - after a long meeting - that it would act.", None),
    ("The deal - signed on Monday - holds.", None),
    # a headline: a dash joined to its word, a run of capitals too long for a place
    ("AUSTRALIA TO PAY SUBSIDIES--USDA said the government would pay.", None),
    ("US TRADE DEFICIT WIDENS SHARPLY IN JANUARY - OFFICIAL figures show a rise.", None),
    # a hyphenated place
    ("WINSTON-SALEM, N.C., March 3 - Carolina Mills Inc said it opened a plant.", "Carolina Mills Inc said"),
]


@pytest.mark.parametrize("text,second", DATELINES)
def test_a_wire_dateline_is_a_sentence_of_its_own(text: str, second: str | None) -> None:
    doc = load_model()(text)
    sents = doc_sents(doc)
    if second is None:
        assert dateline_end(doc, 0) is None
        assert len(sents) == 1
    else:
        assert len(sents) == 2 and sents[1].text.startswith(second), [s.text for s in sents]


def test_no_sentence_starts_between_two_words() -> None:
    """The parser broke "Lifetime | Corp said" after a dateline, and "<Precambrian | Shield"."""
    for text in ("NEW YORK, March 3 - Lifetime Corp said it will make an announcement.",
                 "<Precambrian Shield Resources Ltd>, earlier reporting a loss, said the loss was due to a writedown."):
        sents = doc_sents(load_model()(text))
        assert not any(s.start > 0 and s.doc[s.start - 1].is_alpha for s in sents), [s.text for s in sents]


# a sentence ends after the quotation mark that closes it, and a figure's unit ends a
# sentence ("$640m."): the parser had left the mark alone as a sentence, and read "m." as
# an abbreviation that ends nothing
SENTENCE_ENDS = [
    ('In its filing, the bank said Houston was "a jurisdiction in which it owns no property."\n\n'
     "It also said the court should not become involved.", ["In its filing", "It also said"]),
    ("The deal was worth $640m. Allianz, a German insurer, said it did not know.", ["The deal", "Allianz"]),
    ("Profits rose to £3m. Analysts said so.", ["Profits", "Analysts"]),
    # "p.m." and initials keep their full stops
    ("The vote closes at 5 p.m. on Monday, said J. Smith.", ["The vote"]),
]


@pytest.mark.parametrize("text,starts", SENTENCE_ENDS)
def test_where_sentences_end(text: str, starts: list[str]) -> None:
    sents = doc_sents(load_model()(text))
    assert [s[0].text for s in sents] == [w.split()[0] for w in starts], [s.text for s in sents]
