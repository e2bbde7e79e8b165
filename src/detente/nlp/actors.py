"""Find the actors of an article and resolve each mention to a canonical identity.

The sequence, one pass each over a parsed spaCy ``Doc``:

1. gazetteer phrases (PhraseMatcher): countries, demonyms, metonyms ("the Kremlin",
   "Kyiv"), organisations ("OPEC+"), people's full names and variants;
2. spaCy's entities that the gazetteer did not cover: people (resolved by
   :meth:`Gazetteer.resolve_person`, fuzzy across transliterations, then by surname
   within the article), organisations;
3. institutions of a state ("the Russian Foreign Ministry", "the Ukrainian army",
   "US military contractors"): a country word + an institution noun from ``titles.yaml``;
4. titles around a person ("Russian Deputy Foreign Minister Alexander Pankin") give an
   unknown person country and sector, and a role; a title alone ("the Kremlin
   spokesman") names the known holder of that office at the publication date.

Pronouns are resolved on demand (:meth:`ActorIndex.resolve_token`) by the quote and
event stages, to the nearest preceding person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from detente.models import Actor, ActorType, Span
from detente.nlp.gazetteer import (
    _NAME_PARTICLES,
    _PATRONYMIC,
    Gazetteer,
    Institution,
    KnownActor,
    fold,
    load_gazetteer,
    surname_keys,
    translit_key,
    without_particles,
)
from detente.nlp.model import dateline, dateline_end, doc_sents, doc_text

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
RELATIVE_PRONOUNS = {"who", "whom", "whose"}
# what a body, a company or a state is called after its name ("Texaco said it would sell");
# not "its", whose noun is often the body's own and not an actor of the clause ("Syria
# offered its troops to Lebanon")
BODY_PRONOUNS = {"it"}
# "they" as a main clause's subject: a group or party that was the last one (_previous_group)
GROUP_PRONOUNS = {"they"}
# honorifics before a given name, which stand between a title and the name ("Chairman Sir
# Francis Tombs")
_NAME_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})
# how many sentences back a subject pronoun looks for the last subject that was a person
SUBJECT_SENTENCES = 3
# the label of a name that is no actor (a festival, an event, a building): it claims its
# words so that nothing inside it is read as one
NOT_ACTOR = "NOT_ACTOR"
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
# the possessive, with a straight or a typographic apostrophe ("Iran’s foreign minister")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# words around an organisation's name that do not change whom it names: "Fatah Party"
_GENERIC_ORG_WORDS = {"party", "movement", "group", "organization", "organisation", "militia", "faction",
                      "the", "'s", "’s", "rebels", "guerrillas", "front",
                      # what a known company or medium is: "the IRNA news agency", "the X platform"
                      "news", "agency", "newspaper", "daily", "broadcaster", "channel", "network",
                      "company", "firm", "platform", "website", "app"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9+]+", "-", fold(text)).strip("-") or "x"


@dataclass(slots=True)
class Mention:
    start: int  # token indices, end exclusive
    end: int
    actor_id: str
    # name | surname | metonym | country | demonym | region | institution | title | pronoun |
    # description ("the government": a state's body named with no name and no country)
    kind: str


@dataclass
class ActorIndex:
    """The actors found in one Doc, and which tokens mention whom."""

    doc: Doc
    published: str | None
    gazetteer: Gazetteer
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    token_actor: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    acronyms: dict[str, str] = field(default_factory=dict)  # "ISPR" -> the actor it abbreviates here
    # the country of the place the story was filed from ("ISLAMABAD:"), if a dateline says
    filed_in: str | None = None
    # the story's own country: where it was filed from, else the country it names most
    # (see ActorFinder._story_country); an institution or an official named with no
    # country is of it ("the Election Commission", "Planning Minister Ahsan Iqbal")
    home: str | None = None
    # the same, but None when the dateline and the country the story names most differ, and
    # the outlet's only when the story names no other country: the state "the government"
    # is when the article named no government before
    story: str | None = None
    # the people the article names in full, by the folded last word of the name: the
    # gazetteer id the match gave ("" for an NER name) and the name. A bare word that is
    # one of them is that person, never a leader of the same surname ("Albanese" after
    # "Francesca Albanese")
    full_names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # companies with a person's name, by the folded last word that names them short:
    # "hardie" -> "james hardie" (see ActorFinder._companies_named_like_people)
    short_companies: dict[str, str] = field(default_factory=dict)
    _genders: dict[str, str | None] = field(default_factory=dict)
    _quotes: list[tuple[int, int]] | None = None
    _lower: frozenset[str] | None = None

    def add(self, start: int, end: int, actor: Actor, kind: str) -> Mention:
        existing = self.actors.get(actor.id)
        if existing is None:
            existing = self.actors[actor.id] = actor
        else:
            if existing.role is None and actor.role:
                existing.role = actor.role
            if existing.country is None and actor.country:
                existing.country = actor.country
            if existing.sector is None and actor.sector:
                existing.sector = actor.sector
        m = Mention(start, end, actor.id, kind)
        idx = len(self.mentions)
        self.mentions.append(m)
        for i in range(start, end):
            self.token_actor.setdefault(i, idx)
        existing.mentions.append(_evidence(self.doc[start:end]))
        return m

    def merge(self, old_id: str, into_id: str, *, take: bool = True) -> None:
        """Make every mention of ``old_id`` one of ``into_id`` (which keeps what it knows and,
        with ``take``, takes what only the other knew)."""
        old, into = self.actors.pop(old_id), self.actors[into_id]
        for m in self.mentions:
            if m.actor_id == old_id:
                m.actor_id = into_id
        into.mentions.extend(old.mentions)
        if not take:
            self._genders.pop(into_id, None)
            return
        into.country = into.country or old.country
        into.sector = into.sector or old.sector
        into.role = into.role or old.role
        self._genders.pop(into_id, None)

    def latest_before(self, i: int) -> Iterator[Mention]:
        """The mentions that end by token ``i``, the latest-starting first."""
        for m in sorted(self.mentions, key=lambda m: m.start, reverse=True):
            if m.end <= i:
                yield m

    def mention_at(self, token: Token) -> Mention | None:
        idx = self.token_actor.get(token.i)
        return self.mentions[idx] if idx is not None else None

    def actors_in(self, tokens: Iterable[Token]) -> list[Actor]:
        """The actors the tokens mention, in order (once per token)."""
        return [self.actors[m.actor_id] for t in tokens if (m := self.mention_at(t)) is not None]

    def resolve_token(self, token: Token, *, record: bool = True) -> str | None:
        """The actor a token refers to: a mention it is part of, or for a personal or
        relative pronoun the nearest preceding person."""
        m = self.mention_at(token)
        if m is not None:
            return m.actor_id
        low = token.lower_
        if _relative(token):
            # "Peskov, who said ..." -> the noun the relative clause modifies (also "the
            # CBI, which complains ...")
            head = token.head.head if token.head.dep_ == "relcl" else token.head
            # "O'Rourke, a Clinton endorser, who said": the name the noun is in apposition
            # to before the noun's own modifiers; nothing inside the relative clause
            named = [head.head] if head.dep_ == "appos" else []
            # "which"/"that" is the thing itself, not something named inside its phrase ("a
            # state of emergency in West Darfur, that was imposed ..." is no Sudan)
            inside = (t for t in head.subtree if t.i < token.i) if low in RELATIVE_PRONOUNS else ()
            for t in [head, *named, *inside]:
                m = self.mention_at(t)
                if m is not None:
                    return m.actor_id
            # the name right before it, set off by a comma, where the parser hung the clause
            # on a noun further back ("the ire of China, which views Taiwan as ..."); not a
            # city for its state ("a trade mission to Tokyo, which refused"), nor "whose"
            before = self.doc[token.i - 2] if token.i >= 2 and self.doc[token.i - 1].text == "," and low != "whose" else None
            m = self.mention_at(before) if before is not None else None
            if m is not None and m.end == token.i - 1 and m.kind != "metonym" and self.actors[m.actor_id].type != "place":
                return m.actor_id
            return None
        if low in PERSON_PRONOUNS:
            gender = "female" if low in FEMALE_PRONOUNS else "male"
            person = self._previous_person(token.i, gender, subject=_clause_subject(token))
            if person is not None and record:
                self.add(token.i, token.i + 1, self.actors[person], "pronoun")
            return person
        if low in GROUP_PRONOUNS and (_clause_subject(token) or _speaks(token)):
            group = self._previous_group(token)
            if group is not None and record:
                self.add(token.i, token.i + 1, self.actors[group], "pronoun")
            return group
        if low in BODY_PRONOUNS:
            body = self._previous_body(token)
            if body is not None and record:
                self.add(token.i, token.i + 1, self.actors[body], "pronoun")
            return body
        return None

    def _previous_group(self, token: Token) -> str | None:
        """What "they" stands for as the subject of a main clause or of a verb of speech
        ("The Lib Dems have published what they say are the costings", "Officials met. They
        said"): the subject
        of the last main clause before it, in its sentence or the one before, when that
        subject is a plural name, a group or a party (not "analysts", who are no actor: then
        no one)."""
        first = self._sentence_start(token.i, 1)
        for t in reversed(self.doc[first : token.i]):
            if not _clause_subject(t):
                continue
            m = self.mention_at(t)
            if m is None:
                return None
            actor = self.actors[m.actor_id]
            plural = t.tag_ in {"NNS", "NNPS"} or t.lower_ == "they"
            if actor.type != "place" and (plural or actor.type in {"group", "igo"} or actor.sector in {"PTY", "OPP"}):
                return m.actor_id
            return None
        return None

    def _previous_body(self, token: Token) -> str | None:
        """What "it" stands for as the subject of a verb: the body (not a person or a
        place) that was the subject of this sentence's main clause or the one before, by
        name or as "it" ("Texaco said it would sell", "The army said it had killed ... It
        said ... It added"); nothing
        for the "it" of "it is expected" or "it rained"."""
        if token.dep_ != "nsubj" or token.head.lemma_ == "be" or token.head.pos_ != "VERB":
            return None
        first = self._sentence_start(token.i, 1)
        for m in self.latest_before(token.i):
            if m.start < first:
                break
            root = self.doc[m.start : m.end].root
            if (
                # a body, or a document that stood for its author ("Mr Crosby's statement
                # said ... It added")
                (self.actors[m.actor_id].type not in {"person", "place"} or fold(root.lemma_) in self.gazetteer.documents)
                # an "it" that was itself a body: "Deutsche Bank said ... It also said ...
                # It suggested"
                and (m.kind != "pronoun" or self.doc[m.start].lower_ in BODY_PRONOUNS)
                and _main_subject(root)
            ):
                return m.actor_id
        return None

    def resolve_tokens(self, tokens: list[Token]) -> str | None:
        """The actor named by a phrase: the mention nearest the phrase's syntactic head."""
        if not tokens:
            return None
        ids = {t.i for t in tokens}
        best: tuple[int, int, str] | None = None
        for t in tokens:
            actor = self.mention_at(t)
            aid = actor.actor_id if actor else None
            if aid is None and (t.lower_ in PERSON_PRONOUNS | BODY_PRONOUNS | GROUP_PRONOUNS or _relative(t)):
                aid = self.resolve_token(t, record=False)
            if aid is None:
                continue
            depth = 0
            h = t
            while h.head.i != h.i and h.head.i in ids and depth < 50:
                h = h.head
                depth += 1
            # prefer people over groups they are coordinated with ("analysts and Trump")
            rank = depth * 2 + (0 if self.actors[aid].type == "person" else 1)
            if best is None or rank < best[0] or (rank == best[0] and t.i < best[1]):
                best = (rank, t.i, aid)
        if best is None:
            return None
        tok = self.doc[best[1]]
        if self.mention_at(tok) is None:
            return self.resolve_token(tok)
        return best[2]

    def resolve_speaker(self, tokens: list[Token]) -> str | None:
        """The actor a speaker's phrase names (:meth:`resolve_tokens`); else, for one who
        speaks for a body as "its" officer or voice ("..., its chief executive has said",
        "Its spokesman said"), that body: the last one named before it in its sentence,
        else the main subject of the sentence before. (Only a speaker's "its": elsewhere its
        noun is often no actor of the clause, "Syria offered its troops".)"""
        found = self.resolve_tokens(tokens)
        its = next((t for t in tokens if t.lower_ == "its" and t.dep_ == "poss" and t.head in tokens), None)
        if found is not None or its is None:
            return found
        first = self._sentence_start(its.i, 1)
        for m in self.latest_before(its.i):
            if m.start < first:
                break
            actor = self.actors[m.actor_id]
            if actor.type in {"person", "place"} or m.kind == "pronoun":
                continue
            if m.start >= its.sent.start or _main_subject(self.doc[m.start : m.end].root):
                return m.actor_id
        return None

    def _previous_person(self, i: int, gender: str | None = None, *, subject: bool = False) -> str | None:
        """The person a pronoun at token ``i`` stands for: the nearest person mentioned
        before it whose gender (from given name or title, when known) does not contradict
        the pronoun's. A pronoun that is the subject of its sentence's main clause ("He
        said", "“…,” he said": ``subject``) is rather the person who was last the subject
        of a main clause, in its sentence or the :data:`SUBJECT_SENTENCES` before it
        ("Kennedy said voters distrust Blair. He said" is Kennedy). Outside quotations, no
        one named only inside one ("“Blair, Howard and myself …,” he said"), unless no one
        else is; inside one, "he" is someone the speaker speaks of: the nearest person.
        (Marks left unbalanced can make narration look quoted: then the nearest too.)"""
        found: list[Mention] = []
        for m in self.mentions:
            if (
                m.end <= i
                and self.actors[m.actor_id].type == "person"
                and m.kind != "pronoun"
                # "the prime minister" is who "he" is when it was the subject of its
                # sentence, not in "a row with the prime minister. He said ..." nor in
                # "Trump called for the president to resign. He said ..."
                and (m.kind != "description" or _main_subject(self.doc[m.start : m.end].root))
                and (gender is None or self._gender(m.actor_id) in {None, gender})
            ):
                found.append(m)
        if not found:
            return None
        found.sort(key=lambda m: m.start)
        if self._quoted_at(i) is not None:
            return found[-1].actor_id
        outside = [m for m in found if self._quoted_at(m.start) is None] or found
        if subject:
            first_sentence = self._sentence_start(i, SUBJECT_SENTENCES)
            for m in reversed(outside):
                if m.start < first_sentence:
                    break
                if _clause_subject(self.doc[m.start : m.end].root):
                    return m.actor_id
        return outside[-1].actor_id

    def _sentence_start(self, i: int, back: int) -> int:
        """The first token of the sentence ``back`` sentences before token ``i``'s."""
        sent = self.doc[i].sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start

    def lower_words(self) -> frozenset[str]:
        """The words the article writes in lower case somewhere (found once): a capitalised
        one that is among them may be a common word, not a name ("General" in "GENERAL")."""
        if self._lower is None:
            self._lower = frozenset(t.lower_ for t in self.doc if t.is_lower)
        return self._lower

    def _quoted_at(self, i: int) -> tuple[int, int] | None:
        """The quotation (character span) token ``i`` is inside, if any."""
        if self._quotes is None:
            from detente.nlp.quotes import doc_quote_spans

            self._quotes = doc_quote_spans(self.doc)
        char = self.doc[i].idx
        for s, e in self._quotes:
            if s <= char < e:
                return (s, e)
        return None

    def _gender(self, actor_id: str) -> str | None:
        if actor_id not in self._genders:
            actor = self.actors[actor_id]
            forms = [actor.name] + [m.text for m in actor.mentions]
            found = {g for g in (self.gazetteer.gender_of(f) for f in forms) if g}
            # titled mentions ("Mrs Blair") come from the words just before the mention
            for m in self.mentions:
                if m.actor_id == actor_id and m.start > 0:
                    g = self.gazetteer.gender_of(self.doc[m.start - 1].text + " " + self.doc[m.start : m.end].text)
                    if g:
                        found.add(g)
            self._genders[actor_id] = found.pop() if len(found) == 1 else None
        return self._genders[actor_id]

    def to_actors(self) -> list[Actor]:
        out = []
        for a in self.actors.values():
            a.mentions.sort(key=lambda s: (s.start, s.end))
            out.append(a)
        out.sort(key=lambda a: a.mentions[0].start if a.mentions else 0)
        return out


class ActorFinder:
    """Builds the matchers once per process; called once per Doc."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None) -> None:
        self.g = gazetteer or load_gazetteer()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.phrase_of: dict[str, tuple[str, str, bool]] = {}
        lower_pats: list[Doc] = []
        exact_pats: list[Doc] = []
        for ph in self.g.phrases:
            key = ph.text if ph.case_sensitive else ph.text.lower()
            if key in self.phrase_of:
                continue
            self.phrase_of[key] = (ph.kind, ph.ref, ph.ambiguous)
            (exact_pats if ph.case_sensitive else lower_pats).append(nlp.make_doc(ph.text))
        if lower_pats:
            self.lower.add("GAZ", lower_pats)
        if exact_pats:
            self.exact.add("GAZ", exact_pats)
        # the last words of titles: where "the prime minister" may end
        self.title_ends = frozenset(k.split()[-1] for k in self.g.titles)
        inst_pats = [nlp.make_doc(name) for name in self.g.institutions]
        self.inst = PhraseMatcher(nlp.vocab, attr="LOWER")
        if inst_pats:
            self.inst.add("INST", inst_pats)

    # --- helpers -------------------------------------------------------------------------

    def _country_actor(self, iso3: str) -> Actor:
        c = self.g.countries.get(iso3)
        return Actor(id=iso3, name=c.name if c else iso3, type="country", country=iso3, sector="GOV")

    def _leaders_government(self, doc: Doc, span: SpacySpan, index: ActorIndex, consumed: set[int]) -> bool:
        """A leader's name before "administration", "government" or "regime" ("the Trump
        administration", "the Assad regime"): the government they lead, an organisation of
        their country (GOV), not the person. A one-word name is first the person the article
        has named so ("Prime Minister Peter Brandt ... the Brandt government"). The NER
        model's name may hold both ("the Trump Administration"). Whether it was."""
        if len(span) > 1 and span[-1].lower_ in _LEADERS_BODIES and span.label_ == "ORG":
            # the NER model's one name for both: "the Trump Administration"
            name = span[:-1].text
            earlier = self._article_person(index, name) if len(span) == 2 else None
            leader = None if earlier else (
                self.g.resolve_person(name, index.published) if len(span) > 2 else self.g.resolve_surname(name, index.published)
            )
            country = index.actors[earlier].country if earlier else leader.country if leader else None
            if country is None:
                return False
            _add_government(doc, span.start, span.end - 1, country, index)
            consumed.update(range(span.start, span.end))
            return True
        if not _before_leaders_body(doc, span.start, span.end):
            return False
        label = span.label_
        earlier = self._article_person(index, span.text) if _word_end(span[0]) == span.end else None
        if earlier is not None:
            country = index.actors[earlier].country
        elif label.startswith("person|"):
            country = self.g.actors[label.split("|", 1)[1]].country
        elif label == "PERSON":
            name = span.text
            leader = self.g.resolve_person(name, index.published) if len(span) > 1 else self.g.resolve_surname(name, index.published)
            country = leader.country if leader is not None else self.g.surname_country(name)
        else:
            return False
        _add_government(doc, span.start, span.end, country, index)
        consumed.update(range(span.start, span.end + 1))
        return True

    def _as_article_person(self, span: SpacySpan, index: ActorIndex) -> bool:
        """A one-word name that is the surname (or given name) of a person the article has
        already named: a mention of them. Whether it was."""
        same = self._article_person(index, span.text)
        if same:
            index.add(span.start, span.end, index.actors[same], "surname")
        return bool(same)

    def _titled_name_start(self, t: Token, *, after_title: bool = True) -> bool:
        """Whether ``t`` is a word of a name: a capitalised proper noun of letters that is no
        title, institution or known phrase of its own; with ``after_title``, one that a
        capitalised title of one to three words comes right before."""
        if t.ent_type_ or not self._name_word(t):
            return False
        return not after_title or self._after_title(t.doc, t.i)

    def _after_title(self, doc: Doc, i: int) -> bool:
        """Whether a capitalised title of one to three words comes right before token ``i``."""
        return any(
            all(w.is_title and w.is_alpha for w in doc[i - k : i]) and self.g.title_sector(doc[i - k : i].text) is not None
            for k in range(1, min(3, i) + 1)
        )

    def _name_word(self, t: Token) -> bool:
        """A capitalised proper noun of letters that is no title, institution or known phrase."""
        if not (t.pos_ == "PROPN" and t.is_title and t.is_alpha):
            return False
        return self.g.title_sector(t.text) is None and self.g.institution(t.text) is None and t.lower_ not in self.phrase_of

    def _voice(self, t: Token) -> bool:
        """Whether a word names who speaks for a body ("spokesman", "spokesperson")."""
        return fold(t.lemma_) in self.g.spokespeople

    def _leader(self, surname: str, index: ActorIndex) -> KnownActor | None:
        """The leader in office a bare surname names (:meth:`Gazetteer.leader_by_surname`),
        unless the article names someone else of that surname in full."""
        leader = self.g.leader_by_surname(surname, index.published)
        if leader is None or self._other_named_in_full(surname, leader.id, index):
            return None
        return leader

    def _other_named_in_full(self, surname: str, known_id: str, index: ActorIndex) -> bool:
        """Whether the article names in full someone of this surname other than the known
        person ``known_id`` (the story of "Liam Fox" is not of Vicente Fox, even in a
        headline's "Fox" before the full name)."""
        for known, name in index.full_names.get(fold(surname), []):
            person = known or getattr(self.g.resolve_person(name, index.published), "id", None)
            if person != known_id:
                return True
        return False

    def _known_surname(self, surname: str, index: ActorIndex, *, spelt: bool = False) -> KnownActor | None:
        """The one known person at the article's date of this surname
        (:meth:`Gazetteer.resolve_surname`), unless the article names another in full."""
        k = self.g.resolve_surname(surname, index.published, spelt=spelt)
        if k is None or self._other_named_in_full(surname, k.id, index):
            return None
        return k

    def _org_of_named_country(self, doc: Doc, span: SpacySpan, ids: list[str]) -> str:
        """Of organisations that share a name ("Jamaat-e-Islami" in Bangladesh and in
        Pakistan), the one whose country its sentence names, else the one whose country the
        article names most; the first listed when neither tells."""
        countries = {i: self.g.actors[i].country for i in ids if i in self.g.actors}

        def named(tokens: Iterable[Token]) -> Counter[str]:
            return Counter(c for t in tokens if t.pos_ in {"PROPN", "ADJ"} and (c := self.g.country_of(t.text)))

        for counts in (named(span.sent), named(doc)):
            best = max(ids, key=lambda i: counts.get(countries.get(i) or "", 0))
            if counts.get(countries.get(best) or "", 0):
                return best
        return ids[0]

    def _as_location(self, span: SpacySpan) -> bool:
        """Whether a capital or seat of government is named as where something happens
        ("talks were held in Doha", "a rally at the White House"), not as the state acting
        ("Doha said"; "officials in Washington" are its government)."""
        root = span.root
        if _names_a_place(root):
            return True
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in _LOCATIVE:
            return False
        holder = prep.head
        people = holder.pos_ in {"NOUN", "PROPN"} and (
            self.g.title_sector(holder.lemma_) is not None or holder.ent_type_ in {"PERSON", "NORP", "ORG"}
        )
        return not people

    def _country_name(self, iso3: str) -> str:
        return self.g.countries[iso3].name if iso3 in self.g.countries else iso3

    def _institution_actor(self, country: str, name: str, atype: ActorType, sector: str) -> Actor:
        label = name.title() if name.islower() else name
        return Actor(id=f"{country}-{slug(name)}", name=f"{self._country_name(country)} {label}", type=atype, country=country, sector=sector)

    def _titled_actor(self, iso3: str, title: str, atype: ActorType, sector: str | None) -> Actor:
        """An unnamed person of a state known by a title ("a French minister": role the
        title), or a group of them ("Saudi businessmen", "officials said")."""
        return Actor(
            id=f"{iso3}-{slug(title)}", name=f"{self._country_name(iso3)} {title}", type=atype, country=iso3,
            sector=sector, role=title if atype == "person" else None,
        )

    @staticmethod
    def _from_known(k: KnownActor, when: str | None) -> Actor:
        return Actor(id=k.id, name=k.name, type=k.type, country=k.country_at(when), sector=k.sector_at(when), role=k.role_at(when))

    def _title_before(self, doc: Doc, start: int, sent_start: int) -> tuple[int, str | None, str | None, str | None]:
        """Title words right before a name: (first token, title text, sector, country)."""
        i = start
        country: str | None = None
        while i > sent_start:
            t = doc[i - 1]
            if t.is_punct and t.text not in {"-"}:
                break
            if t.lower_ in _DETERMINERS:
                break
            if t.pos_ not in {"PROPN", "NOUN", "ADJ", "PUNCT", "ADP", "NUM", "CCONJ"} and t.lower_ not in _POSSESSIVE | {"of"}:
                break
            if t.pos_ == "CCONJ" and t.lower_ not in {"and", "&"}:
                break
            if t.ent_type_ == "PERSON" and doc[t.i + 1].ent_iob_ != "I":
                break  # another person's name (one the name's own entity began with is a title)
            i -= 1
        words = [t for t in doc[i:start]]
        # "and" inside what a title is of ("minister of mines and power"); before that, it
        # joins two people ("minister X and Nigerian minister Y"): the title starts after it
        for k in range(len(words) - 1, -1, -1):
            if words[k].lower_ in {"and", "&"} and not any(w.lower_ in {"of", "for"} for w in words[:k]):
                words = words[k + 1 :]
                break
        # drop leading prepositions / possessives, and numbers ("13,000 Turkish Kurds")
        while words and (words[0].pos_ in {"ADP", "NUM"} or words[0].lower_ in _POSSESSIVE | {"of", "-"}):
            words = words[1:]
        if not words:
            return start, None, None, None
        title_tokens: list[Token] = []
        for t in words:
            c = self.g.country_of(t.text) if t.pos_ in {"PROPN", "ADJ", "NOUN"} else None
            if c and (fold(t.text) in self.g.alternates or t.i + 1 < len(t.doc) and _hyphen_in_word(t.nbor())):
                c = None  # a name several states have, or a word of a hyphenated name: "Georgia-Pacific chairman"
            if c and not title_tokens:
                country = country or c
                continue
            if t.lower_ in _POSSESSIVE:
                continue
            title_tokens.append(t)
        # an honorific between the title and the name ("Chairman Sir Francis Tombs")
        while len(title_tokens) > 1 and fold(title_tokens[-1].text).rstrip(".") in self.g.surname_honorifics | _NAME_HONORIFICS:
            title_tokens.pop()
        # as written ("co-chairman", not "co - chairman"), but one line
        title = " ".join("".join(t.text_with_ws for t in title_tokens).split()) or None
        sector = self.g.title_sector(title) if title else None
        if sector is None and title and (of := re.search(r" (?:of|for) ", title)):
            # a title and what it is of, right before the name: "minister of mines and power"
            sector = self.g.title_sector(title[: of.start()])
        if sector is None and country is None:
            return start, None, None, None
        return words[0].i, title, sector, country

    def _country_near(self, tokens: list[Token]) -> str | None:
        """The first state a word names; not a name several states have a place of
        ("Georgia Power Co" may be of the US state)."""
        for t in tokens:
            c = self.g.country_of(t.text)
            if c and fold(t.text) not in self.g.alternates:
                return c
        return None

    # --- the pass ------------------------------------------------------------------------

    def __call__(
        self,
        doc: Doc,
        published: str | None = None,
        *,
        end_char: int | None = None,
        exclude: list[tuple[int, int]] | None = None,
        outlet: str | None = None,
    ) -> ActorIndex:
        """``exclude``: character spans not to look in (scare quotes such as a
        slogan, "America First!"); ``outlet``: the home country of the outlet that
        published the article, the home of a story that names no country of its own."""
        index = ActorIndex(doc, published, self.g)
        limit = len(doc) if end_char is None else next((t.i for t in doc if t.idx >= end_char), len(doc))
        ents_at = {t.i: t.ent_type_ for t in doc[:limit]}

        # 1. gazetteer phrases
        found: list[SpacySpan] = []
        in_capitals: list[SpacySpan] = []
        for matcher, exact in ((self.lower, False), (self.exact, True)):
            for _, s, e in matcher(doc):
                if e > limit:
                    continue
                span = doc[s:e]
                key = span.text if exact else span.text.lower()
                info = self.phrase_of.get(key)
                if info is None:
                    continue
                kind, ref, ambiguous = info
                body = [t for t in span if t.lower_ != "the"]
                if not exact and not any(c.isupper() for t in body[:1] for c in t.text):
                    continue  # proper names are capitalised: "the kremlin" in running text is rare, "us" never
                if ambiguous and not any(ents_at.get(t.i) in {"GPE", "LOC", "ORG", "NORP"} for t in span):
                    continue
                if ambiguous and _inside_longer_entity(span):
                    continue  # "The National" in "the National Archives", "Campaign" in "Campaign for ..."
                if ambiguous and _in_capitals_line(span):
                    # in a headline in capitals the NER's names are guesses: "AIR" is All India
                    # Radio only if the story's own text names it ("PIEDMONT AIR <PIE> ...")
                    in_capitals.append(span)
                    in_capitals[-1].label_ = f"{kind}|{ref}"
                    continue
                if kind == "person" and any(ents_at.get(t.i) in {"GPE", "ORG"} for t in span) and len(span) == 1:
                    continue
                if kind == "organization" and (leader := self._party_leader(span, ref, published)) is not None:
                    # "the Conservative leader said": the party's leader at the article's date
                    found.append(doc[s - 1 : e + 1])
                    found[-1].label_ = f"person|{leader.id}"
                    continue
                if kind == "organization" and _adjective_opening(span) and not (
                    self.g.title_sector(doc[e].text) or fold(doc[e].lemma_) in self.g.spokespeople
                ):
                    continue  # "Conservative estimates suggest": an adjective, no party
                if kind in {"organization", "person"} and e < len(doc) and (
                    (title := fold(f"{span.text} {doc[e].text}")) in self.g.titles or self.g.portfolio_title(title)
                ):
                    continue  # a word of a title: "Labour Minister" is no mention of the Labour Party
                if kind == "person" and doc[e - 1].ent_type_ == "PERSON" and e < limit and doc[e].ent_iob_ == "I":
                    # a known form that ends inside a longer name of the same person:
                    # "President Xi" in "President Xi Jinping" is the whole name
                    ent = next(x for x in doc.ents if x.start < e <= x.end - 1)
                    same = self.g.resolve_person(ent.text, published)
                    if same is not None and same.id == ref:
                        e = ent.end
                found.append(doc[s:e])
                found[-1].label_ = f"{kind}|{ref}"
        named = {sp.label_ for sp in found}
        found.extend(sp for sp in in_capitals if sp.label_ in named)
        # 2. entities the gazetteer did not cover; a place or people the gazetteer misses
        # by a letter is the country ("Ethopia", "Afganistan")
        covered = {i for sp in found for i in range(sp.start, sp.end)}
        for ent in doc.ents:
            if ent.end > limit:
                continue
            if ent.label_ in {"GPE", "NORP", "ORG"} and len(ent) <= 3 and not any(i in covered for i in range(ent.start, ent.end)):
                span = _trim(ent) or ent
                near = self.g.misspelt_country(span.text)
                if near is not None:
                    kind, iso3 = near
                    found.append(span)
                    found[-1].label_ = f"{kind}|{iso3}"
                    continue
            if ent.label_ not in {"PERSON", "ORG", "NORP"}:
                continue
            if _in_capitals_line(ent):
                continue  # a wire headline in capitals: the NER model's names there are guesses
            trimmed = _trim(ent)
            if trimmed is not None:
                # ... or a minister's brief in a title: "Education [ORG] Secretary Ruth Kelly"
                if self._in_brief(_bare(trimmed)) or self.g.names_no_actor([t.text for t in _bare(trimmed)]) or _names_a_place(trimmed.root):
                    # kept, so that no place or name inside it is read as an actor
                    # ("Munich" in "the Munich Security Conference")
                    trimmed.label_ = NOT_ACTOR
                found.append(trimmed)
        # ... also when the misspelling left the word without an entity label
        for t in doc[:limit]:
            if t.pos_ == "PROPN" and not t.ent_type_ and t.is_title and t.i not in covered:
                near = self.g.misspelt_country(t.text)
                if near is not None:
                    found.append(doc[t.i : t.i + 1])
                    found[-1].label_ = f"{near[0]}|{near[1]}"
        # ... and a leader in office named by surname alone where the NER model saw no name
        # ("Trump threatens tariffs": "Trump" a noun) or a place no gazetteer knows ("Sharif
        # met Modi": "Modi" a GPE), as a subject or object, not part of a longer name, and
        # not the surname of someone the article names in full
        for sp in [*found, *doc.ents]:
            if len(sp) > 1 and (sp.label_ == "PERSON" or sp.label_.startswith("person|")):
                index.full_names.setdefault(fold(sp[-1].text), []).append((sp.label_.partition("|")[2], sp.text))
        for t in doc[:limit]:
            if (
                t.is_title
                and (not t.ent_type_ or t.ent_type_ == "GPE" and _one_word_entity(t) and not self.g.country_of(t.text))
                and t.i not in covered
                and t.pos_ in {"PROPN", "NOUN"}
                and t.dep_ in _ARGUMENT_DEPS
                and not any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title for j in (t.i - 1, t.i + 1))
                and (leader := self._leader(t.text, index)) is not None
            ):
                found.append(doc[t.i : t.i + 1])
                found[-1].label_ = f"person|{leader.id}"
        # ... and a company named with its legal form where the NER model saw no name
        # ("National Guardian Corp said") or only pieces of it ("Gold Fields [PERSON] of
        # South Africa [GPE] Ltd", "Samuel Montagu [PERSON] and Sons Ltd [ORG]")
        places = {i for sp in found if sp.label_.partition("|")[0] in {"country", "region", "metonym"} for i in range(sp.start, sp.end)}
        # (a place inside a known organisation's name is the name's: "Gold Fields of South Africa Ltd")
        named_orgs = {i for sp in found if sp.label_.startswith("organization|") for i in range(sp.start, sp.end)}
        for begin, end in self._legal_form_names(doc, limit, covered, places - named_orgs):
            found = [sp for sp in found if sp.end <= begin or sp.start >= end]
            found.append(doc[begin:end])
            found[-1].label_ = "ORG"
            covered.update(range(begin, end))
        # ... and the name that opens a story after its dateline, which the NER model, reading
        # the date before it, does not see ("BANGOR, Maine, March 3 - Bangor Hydro said")
        for begin, end in _names_after_datelines(doc, limit):
            if not any(i in covered for i in range(begin, end)):
                found.append(doc[begin:end])
                found[-1].label_ = "PERSON" if end - begin > 1 and fold(doc[begin].text) in self.g.given_names else "ORG"
                covered.update(range(begin, end))
        # ... and a name Reuters marks as a company's ("<Norrell Corp> said"); not a ticker
        # ("Volkswagen AG <VOWG.F>"), which names the company before it again
        known_orgs = {i for sp in found if sp.label_.startswith("organization|") for i in range(sp.start, sp.end)}
        for begin, end in _marked_companies(doc, limit):
            # a ticker ("<PHAB ST>", "<NHC>") names nothing of its own, though its letters
            # may spell a name the gazetteer knows
            ticker = all(c.isupper() for c in doc[begin:end].text if c.isalpha())
            if not ticker and any(i in known_orgs for i in range(begin, end)):
                continue  # "<Airbus Industrie>" is the Airbus the gazetteer knows
            found = [sp for sp in found if sp.end <= begin or sp.start >= end]
            if not ticker:
                found.append(doc[begin:end])
                found[-1].label_ = "ORG"
            covered.update(range(begin, end))
        # ... and a company the article introduces by what it is, where the NER model saw no
        # name or took it for a people's ("copy protection firm Macrovision", "Parmalat, the
        # Italian dairy company", "Belgian brewing giant Inbev")
        for begin, end in self._introduced_companies(doc, limit, covered):
            found = [sp for sp in found if sp.end <= begin or sp.start >= end]
            found.append(doc[begin:end])
            found[-1].label_ = "ORG"
            covered.update(range(begin, end))
        # ... and a name the NER model took for a person's that the article treats as a
        # company's ("Shares in Krispy Kreme", "engineering group Jarvis")
        self._companies_named_like_people(doc, found, index)
        # ... and a name after a capitalised title where the NER model saw none ("Field
        # Marshal Munir met ...")
        for t in doc[:limit]:
            if t.i in covered or t.ent_type_ or not self._titled_name_start(t):
                continue
            end = t.i + 1
            while end < min(limit, t.i + 3) and self._titled_name_start(doc[end], after_title=False):
                end += 1
            # a name is a known person's surname or starts with a given name: "Prime
            # Minister Office" names nobody
            if fold(doc[t.i].text) not in self.g.given_names and translit_key(doc[end - 1].text) not in self.g.surnames:
                continue
            found.append(doc[t.i : end])
            found[-1].label_ = "PERSON"
            covered.update(range(t.i, end))
        # ... and a name the NER model took for an organisation's after a person's capitalised
        # title ("Cardinal Cormac Murphy-O'Connor" with "Murphy-O'Connor" an ORG): two words or
        # more, every one a name's, the last no head of a body's name
        for ent in doc.ents:
            if ent.label_ != "ORG" or ent.end > limit or any(i in covered for i in range(ent.start, ent.end)):
                continue
            if not all(x.text in {"-", "'", "’"} or self._name_word(x) or x.is_title and "'" in x.text for x in ent):
                continue
            last = fold(ent[-1].text)
            if last in self.g.org_heads or last in self.g.described_heads or last in self.g.not_actor_heads:
                continue
            begin = ent.start
            while begin > max(0, ent.start - 2) and begin - 1 not in covered and self._titled_name_start(doc[begin - 1], after_title=False):
                begin -= 1
            if not self._after_title(doc, begin) or sum(x.is_title for x in doc[begin : ent.end]) < 2:
                continue  # one word names no one for sure: "Cardinal Health" is a company
            found = [sp for sp in found if sp.end <= begin or sp.start >= ent.end]
            found.append(doc[begin : ent.end])
            found[-1].label_ = "PERSON"
            covered.update(range(begin, ent.end))
        # ... and a given name with a surname after it where the NER model saw no name
        # ("Laurence Fournier Beaudry and Guillaume Cizeron of France"): the given name is
        # one people bear (given_names.yaml), what follows a proper noun of no other kind
        for t in doc[:limit]:
            # (the NER model's label there is a guess too: "Guillaume Cizeron" a GPE)
            if t.i in covered or t.ent_type_ not in {"", "GPE", "ORG", "NORP"} or t.ent_iob_ == "I":
                continue
            if not (t.is_title and t.pos_ == "PROPN" and fold(t.text) in self.g.given_names):
                continue
            if _in_capitals_line(doc[t.i : t.i + 1]) or t.i > 0 and doc[t.i - 1].is_title and doc[t.i - 1].pos_ == "PROPN":
                continue  # a headline's guess, or inside a longer name
            end = t.i + 1
            while end < min(limit, t.i + 3) and end not in covered and doc[end].ent_type_ == t.ent_type_ and (
                doc[end].ent_iob_ != "B" and self._name_word(doc[end])
            ):
                end += 1
            words = [w.text for w in doc[t.i : end]]
            last = fold(words[-1])
            if end == t.i + 1 or self.g.country_of(words[-1]) or last in self.g.given_names or last in self.g.place_words or self.g.names_no_actor(words):
                continue  # "Victoria Falls", "Jordan Valley", "Charlotte Square"
            if end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                continue  # a longer name than this
            found.append(doc[t.i : end])
            found[-1].label_ = "PERSON"
            covered.update(range(t.i, end))
        # ... and X, the platform once called Twitter, which the NER model never tags
        # (once one "X" is surely the platform, so is every "X" standing alone in the article)
        if "twitter" in self.g.actors:
            xs = [t for t in doc[:limit] if t.text in {"X", "X."} and t.i not in covered]
            platform = any(_names_platform_x(t) for t in xs)
            for t in xs:
                if _names_platform_x(t) or platform and _x_alone(t):
                    # the NER model's "X" (an organisation of no country) gives way
                    found = [sp for sp in found if [x.i for x in sp if not x.is_space] != [t.i]]
                    found.append(doc[t.i : t.i + 1])
                    found[-1].label_ = "organization|twitter"
        # 3. institutions of a state
        descriptions: list[tuple[int, int, Institution]] = []
        for _, s, e in self.inst(doc):
            if e > limit:
                continue
            begin, _country = self._institution_country(doc, doc[s:e])
            if _country is None:
                described = self._described_institution(doc[s:e])
                if described is not None:
                    descriptions.append((s, e, described))
                continue
            # the noun starts a title of another sector: "White House press secretary" names
            # no press, "Pakistan Army chief" names the army
            inst = self.g.institution(doc[s:e].text)
            as_title = self.g.title_sector(doc[s : e + 1].text) if e < len(doc) else None
            voice = e < len(doc) and self._voice(doc[e])  # "the army spokesperson" speaks for it
            if inst is not None and as_title is not None and as_title != inst.sector and not voice:
                continue
            if begin > 0 and doc[begin - 1].lower_ == "the" and any(
                doc[begin - 1 : k].text.lower() in self.phrase_of for k in range(begin + 1, e)
            ):
                begin -= 1  # so that the phrase "the US" does not outlast "the US military"
            found.append(doc[begin:e])
            found[-1].label_ = "INST"
        if exclude:
            found = [sp for sp in found if not any(s <= sp.start_char and sp.end_char <= e for s, e in exclude)]
        datelines = [sp for sp in found if _dateline(sp)]
        labels = (sp.label_.partition("|") for sp in datelines)
        index.filed_in = next((ref for kind, _, ref in labels if kind in {"country", "metonym", "region"}), None)
        index.filed_in = index.filed_in or self._dateline_region(doc)
        # where the story is: its dateline, else the country it names most, else where the
        # outlet is ("the government" in a BBC story about Westminster)
        named_most = self._story_country(doc, found)
        index.home = index.filed_in or named_most or outlet
        # a NEW YORK dateline on a story about Venezuela's debt: "the government" is no one's;
        # the outlet's country only when the story names no other ("the government" in a BBC
        # story on Westminster, not in its world desk's story on Sudan)
        if index.filed_in is not None:
            index.story = index.filed_in if named_most in {None, index.filed_in} else None
        elif named_most is None and outlet is not None and set(self._countries_named(doc, found)) <= {outlet}:
            index.story = outlet
        else:
            index.story = named_most
        found = [sp for sp in found if not _stance_modifier(sp) and sp not in datelines]
        spans = filter_spans(found)
        consumed: set[int] = set()
        for span in sorted(spans, key=lambda sp: sp.start):
            if span.start in consumed:
                continue
            known = index.acronyms.get(_bare(span).text)
            if known is not None:
                index.add(span.start, span.end, index.actors[known], "acronym")
                continue
            n_mentions = len(index.mentions)
            self._resolve_span(doc, span, index, consumed)
            if len(index.mentions) > n_mentions:
                self._acronym_after(doc, span, index, consumed)
        # 4. surname repeats the NER model missed or mislabelled ("Trump" as ORG), and
        # acronyms the NER model did not tag
        self._surname_repeats(doc, index, limit)
        self._given_name_repeats(doc, index, limit)
        self._acronym_repeats(doc, index, limit)
        # 5. a one-word name nobody knows that is the surname of one person the article
        # names in full, wherever it came first ("Brown attacks ..." above "Gordon Brown"),
        # and a company named short ("Georgia Gulf" after "Georgia Gulf Corp")
        self._merge_surnames(index)
        self._merge_short_companies(index)
        self._merge_acronyms(index)
        self._company_repeats(doc, index, limit)
        # ... then people described by the body they serve ("BNP leader Tarique Rahman",
        # "X, president of Georgia Gulf")
        self._people_of_bodies(doc, index)
        # 6. an official named by a title of state with no country ("Planning Minister Ahsan
        # Iqbal", "the interior minister, X") is of the story's country
        if index.home:
            for a in index.actors.values():
                if a.type == "person" and a.country is None and a.role and a.sector in _STATE_SECTORS:
                    a.country = index.home
        # ... and anyone else whose country nothing tells, of the story's own state when it
        # has one (an MP quoted in a British story; not an official of an international
        # body), and so is a company no one knows ("National Guardian Corp" filed from Conn.).
        # A company, and a person in business, is else of where the story was filed: a wire
        # story on a company is filed where the company is ("PALO ALTO, Calif." for Hewlett
        # Packard), even when it names other states
        for a in index.actors.values():
            if a.country is not None:
                continue
            if a.type == "person" and a.sector != "IGO" or a.type == "organization" and a.sector == "BUS":
                a.country = index.story or (index.filed_in if a.sector == "BUS" else None)
            elif a.type == "organization" and a.sector == "MED":
                # a newspaper or newsletter no one knows: of where the wire story was filed
                # ("HAMBURG, March 3 - ... the Oil World newsletter said"), not of what it is about
                a.country = index.filed_in
        # 7. a state's body named by its noun alone ("the government said", "police said"),
        # and a person by their title alone ("the prime minister said")
        self._described_bodies(descriptions, index)
        self._described_people(doc, index, limit)
        self._described_organisations(doc, index, limit)
        self._described_groups(doc, index, limit)
        self._spokespeople(doc, index, limit)
        self._documents(doc, index, limit)
        return index

    def _documents(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """A document that speaks ("the report said", "a study found") is whoever wrote it
        (titles.yaml ``documents``): the author its own phrase names, else the one named
        with that kind of document earlier in the article, or who the article says reported
        ("the Sunday Telegraph reported ... the report added"); when the article named no
        such document before, the author of any document named before ("a survey by the
        firm revealed ... The report warns"), else, for "a" document, of "the" one of the
        same kind named later ("a survey says. ... The survey, by the institute, ...");
        nobody when none is."""
        for t in doc[:limit]:
            if t.tag_ != "NN" or fold(t.lemma_) not in self.g.documents or t.i in index.token_actor or not _speaks(t):
                continue
            author = self._author_of(t, index)
            if author is None and not any(c.lower_ in _OTHER_ONE for c in t.children):  # not "a second poll"
                # the same kind of document, or the verb of it whose subject reported
                same = [u for u in reversed(doc[: t.i]) if u.lower_ == t.lower_ and u.tag_ == "NN" or u.pos_ == "VERB" and u.lemma_ == t.lemma_]
                if same:
                    author = next((a for u in same if (a := self._author_of(u, index)) is not None), None)
                else:
                    before = (u for u in reversed(doc[: t.i]) if u.tag_ == "NN" and fold(u.lemma_) in self.g.documents)
                    # ("a survey says. ... The survey, by X": not "In a separate survey by X")
                    lead = _determiner(t) in {"a", "an"}
                    after = (u for u in doc[t.i + 1 : limit] if lead and u.lower_ == t.lower_ and u.tag_ == "NN" and _determiner(u) == "the")
                    author = next((a for u in (*before, *after) if (a := self._author_of(u, index)) is not None), None)
            if author is not None:
                index.add(t.i, t.i + 1, author, "description")

    def _author_of(self, t: Token, index: ActorIndex) -> Actor | None:
        """Who wrote the document ``t`` names, as its own sentence tells: "a report by X",
        "X's report", "the X report", "In a new report, X says", "X published a report"."""
        if t.pos_ == "VERB":  # "the Sunday Telegraph reported"
            candidates = [c for c in t.children if c.dep_ == "nsubj"]
            return next((index.actors[m.actor_id] for c in candidates if (m := index.mention_at(c)) is not None), None)
        candidates = [c for c in t.children if c.dep_ in {"poss", "compound", "nmod"}]
        candidates += [o for c in t.children if c.dep_ == "prep" and c.lower_ in {"by", "from"} for o in c.children if o.dep_ == "pobj"]
        head: Token | None = t.head
        if t.dep_ == "pobj" and t.head.lower_ in {"in", "according"} and t.head.head.pos_ == "VERB":
            head = t.head.head  # "In a new report, the Electoral Commission says"
        elif not (t.dep_ == "dobj" and fold(t.head.lemma_) in self.g.authored_by):
            head = None
        if head is not None:
            candidates += [c for c in head.children if c.dep_ == "nsubj"]
        for c in candidates:
            m = index.mention_at(c)
            if m is not None and index.actors[m.actor_id].type not in {"place"}:
                return index.actors[m.actor_id]
        return None

    def _described_groups(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """Officials named by a plural title alone ("officials said", "the ministers"): a
        group of the story's own state (titles.yaml, ``home_groups``), when the story has
        one; not "officials from the ministry", "local officials", "government officials"."""
        if index.story is None:
            return
        for t in doc[:limit]:
            # an acronym's plural: "MPs"
            acronym = t.text[:-1].isupper() and t.text.endswith("s") and fold(t.text[:-1]) in self.g.home_groups
            if not acronym and (t.tag_ != "NNS" or fold(t.lemma_) not in self.g.home_groups) or t.i in index.token_actor:
                continue
            before = doc[t.i - 1] if t.i > t.sent.start else None
            opening = before is None or before.is_punct
            if not (acronym or t.is_lower or opening and t.is_title or before is not None and before.lower_ == "the" and t.is_lower):
                continue
            if t.dep_ in {"compound", "amod", "nmod"} and t.head.i > t.i:
                continue
            # modified ("local officials", "officials from the ministry"); a dateline the parser
            # hung on the noun ("MOSCOW (Reuters) - Officials") is no modifier
            fence = max((x.i for x in t.subtree if x.i < t.i and set_off(x)), default=-1)
            if any(c.dep_ in {"amod", "compound", "nmod", "poss", "prep"} and c.i > fence for c in t.children):
                continue
            title = fold(t.text[:-1]) if acronym else fold(t.lemma_)
            index.add(t.i, t.i + 1, self._titled_actor(index.story, title, "group", self.g.titles.get(title)), "description")

    def _described_organisations(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """An organisation the article named, later called by "the" and a noun alone
        (titles.yaml, ``described_organisations``): the last one before it whose name's head
        is the noun ("the European Commission ... the commission said"), or whose kind it
        names ("Hamas ... the group said"), or for a word for a company the last company
        that was the main subject of a sentence ("Alcan said ... The company said"); for a
        word for a news outlet that the article cites, the last outlet named ("the Financial
        Times ... the newspaper said"; not "a fire at the station")."""
        for t in doc[:limit]:
            noun = t.lower_
            if noun not in self.g.described_heads and noun not in self.g.company_words and noun not in self.g.media_words:
                continue
            if t.tag_ != "NN" or not t.is_lower or t.i in index.token_actor or t.i == 0 or doc[t.i - 1].lower_ != "the":
                continue
            if t.dep_ in {"compound", "amod", "nmod"} and t.head.i > t.i:
                continue  # "the company's shares" is the company's; "the bank holiday" no bank
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                continue  # "the board of directors", "the bank of the river"
            # named in an earlier sentence: in "Texaco sold assets to the bank" the bank is another
            actor = None
            if noun in self.g.described_heads or noun in self.g.company_words:
                actor = self._last_organisation(doc, index, noun, t.sent.start)
            if actor is None and noun in self.g.media_words and _as_source(t):
                actor = next((a for m in index.latest_before(t.i) if (a := index.actors[m.actor_id]).sector == "MED"), None)
            if actor is not None:
                index.add(t.i, t.i + 1, actor, "description")

    def _last_organisation(self, doc: Doc, index: ActorIndex, noun: str, before: int) -> Actor | None:
        found = self._last_organisation_of(doc, index, noun, before, unknown=False)
        if found is None and noun in self.g.company_words:
            # no company a sentence was about: an organisation of no known kind that one was,
            # else (after the one called a company, below) the first company the story named
            # ("... pay off for Harwell Stores Co, which said its income rose. ... the
            # company reported")
            found = self._last_organisation_of(doc, index, noun, before, unknown=True)
            # ... else the last one the article called a company by another word ("media
            # group Reuters ... The company said")
            found = found or next(
                (
                    index.actors[m.actor_id] for m in index.latest_before(before)
                    if index.actors[m.actor_id].type == "organization" and self._company_descriptor(doc[m.start : m.end].root) is not None
                ),
                None,
            )
            found = found or next(
                (
                    actor for m in sorted(index.mentions, key=lambda m: m.start)
                    if m.start < before and (actor := index.actors[m.actor_id]).type == "organization" and actor.sector == "BUS"
                ),
                None,
            )
        return found

    def _last_organisation_of(self, doc: Doc, index: ActorIndex, noun: str, before: int, *, unknown: bool) -> Actor | None:
        for m in index.latest_before(before):
            actor = index.actors[m.actor_id]
            if actor.type in {"person", "place", "country"}:
                continue
            heads = {self.g.head_noun(actor.name), self.g.head_noun(doc[m.start : m.end].text)}
            # ... or what the article called it ("document security firm Workshare ... the firm")
            described = self._company_descriptor(doc[m.start : m.end].root)
            if noun in heads or noun == actor.type or described is not None and fold(described.lemma_) == noun:
                return actor
            # any company: the one a sentence was about ("Imtec said shareholders of Computer
            # Identics proposed a merger. The company said ..." is Imtec); any organisation
            # likewise ("CAIR urged ... The group described")
            root = doc[m.start : m.end].root
            while noun in self.g.company_words and root.dep_ in {"compound", "poss"} and root.head.i > root.i and (
                (owner := index.mention_at(root.head)) is None or index.actors[owner.actor_id].type == "person"
            ):
                root = root.head  # its person or its description spoke: "X Plc chairman Y said"
            about = _main_subject(root)
            if about and (noun in self.g.any_organisation_words or noun in self.g.company_words and actor.sector == "BUS"):
                return actor
            if about and unknown and noun in self.g.company_words and self._company(actor, index):
                return actor
        return None

    def _company(self, actor: Actor, index: ActorIndex) -> bool:
        """Whether an organisation can be the one a word for a company points back to: a
        company, or an organisation no gazetteer knows, of no sector, whose name's head
        names no other kind of body ("Tender Loving Care ... The company said"; not "the
        Maine Public Utilities Commission"). That one is a company from then on, of the
        story's state (else where it was filed) when nothing else places it."""
        if actor.sector == "BUS":
            return True
        if actor.type != "organization" or actor.sector is not None or actor.id in self.g.actors:
            return False
        if self.g.head_noun(actor.name) in self.g.described_heads - self.g.company_words:
            return False
        actor.sector = "BUS"
        actor.country = actor.country or index.story or index.filed_in
        return True

    @staticmethod
    def _spoken_for(t: Token, index: ActorIndex) -> Actor | None:
        """The body a spokesman word speaks for, as its phrase or the analysis says: itself
        resolved, or the body in its "for"/"of" phrase or before it ("a Foreign Office
        spokesman"); not a person's ("the prime minister's spokesman")."""
        if (m := index.mention_at(t)) is not None:
            return index.actors[m.actor_id]
        named = [c for c in t.children if c.dep_ == "compound"]
        named += [p for c in t.children if c.dep_ == "prep" and c.lower_ in {"for", "of"} for p in c.children if p.dep_ == "pobj"]
        for x in named:
            for y in x.subtree:
                if (m := index.mention_at(y)) is not None and index.actors[m.actor_id].type not in {"person", "place"}:
                    return index.actors[m.actor_id]
        return None

    def _spokespeople(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """Who speaks for a body without its name: "a spokesman said" is the organisation
        (or state) that was last the main subject of a sentence before ("Volkswagen is due
        to announce ... A spokesman said"), and "a company spokesman", "company sources", "a
        bank spokesman" the last company that was (titles.yaml, ``spokespeople``,
        ``company_voices``, a word for a company before them);
        "the spokesman" after another is the body that one spoke for, or no one. Not "a
        spokesman for X" or "a Foreign Office spokesman", which name their body."""
        for t in doc[:limit]:
            if t.i in index.token_actor or t.pos_ != "NOUN":
                continue
            lemma = fold(t.lemma_)
            # "a company spokesman", "a bank spokesman", "airline sources"
            company = [c for c in t.children if c.dep_ == "compound" and c.lower_ in self.g.company_words - self.g.any_organisation_words]
            if not (company and lemma in self.g.company_voices or lemma in self.g.spokespeople and t.tag_ == "NN"):
                continue
            if any(
                c.dep_ in {"prep", "appos", "poss", "amod", "nmod"} or c.dep_ == "compound" and c not in company
                for c in t.children
            ):
                continue  # "a spokesman for the ministry", "a Kremlin spokesman", "his spokesman"
            if t.dep_ in {"compound", "amod", "nmod"} and t.head.i > t.i:
                continue
            # "the spokesman" after "a spokesman for the Home Office" is that one
            earlier = [x for x in doc[: t.i] if fold(x.lemma_) == lemma and x.pos_ == "NOUN"]
            if earlier and any(c.lower_ == "the" for c in t.children):
                body = self._spoken_for(earlier[-1], index)
                if body is not None:
                    index.add(t.i, t.i + 1, body, "description")
                continue
            # "a bank spokesman": the last body named a bank ("the Bank of Japan"), else a
            # company's voice: the last company a sentence was about, else the last
            # organisation of no known kind that one was
            if company:
                named = next(
                    (
                        actor for m in index.latest_before(t.i)
                        if (actor := index.actors[m.actor_id]).type not in {"person", "place", "country"}
                        and self.g.head_noun(actor.name) == company[0].lower_
                    ),
                    None,
                )
                if named is not None:
                    index.add(t.i, t.i + 1, named, "description")
                    continue
            for unknown in (False, True) if company else (False,):
                body = next(
                    (
                        actor for m in index.latest_before(t.i)
                        if (actor := index.actors[m.actor_id]).type not in {"person", "place"} and m.kind != "pronoun"
                        and _main_subject(doc[m.start : m.end].root)
                        and (not company or actor.sector == "BUS" or unknown and self._company(actor, index))
                    ),
                    None,
                )
                if body is not None:
                    index.add(t.i, t.i + 1, body, "description")
                    break

    def _described_people(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """A person named by "the" and a lower-case title alone ("the prime minister said",
        "the foreign minister, Ishaq Dar, said"): the person in apposition, else the person
        the article last named who holds that title (as written before their name, or as
        the gazetteer has it at the article's date), else, for a head of state or
        government, the one the gazetteer has in office in the story's country then.
        Nobody when none is sure: "the minister" alone names no one."""
        for t in doc[:limit]:
            if t.lower_ not in self.title_ends or t.i in index.token_actor:
                continue
            # in lower case, or capitalised after "the" as some outlets write it ("the
            # President insisted"); not a name's title ("the President of Iran")
            capitalised = t.is_title and t.tag_ == "NNP" and t.i > 0 and not (t.i + 1 < len(doc) and doc[t.i + 1].is_title)
            if not (t.tag_ == "NN" and t.is_lower or capitalised):
                continue
            if t.dep_ in {"compound", "amod", "nmod"} and t.head.i > t.i:
                continue  # "the prime minister's office" is his, "the president election" no one
            j = t.i
            while j > max(t.sent.start, t.i - 5) and doc[j - 1].lower_ != "the" and (
                doc[j - 1].is_title or doc[j - 1].lower_ in {"of", "and", "&", ","}
                if capitalised
                else doc[j - 1].is_lower or _hyphen_in_word(doc[j - 1])
            ):
                j -= 1  # ("co-chairman": three tokens; "the Culture, Media and Sport Secretary")
            # ... or the title of a body named before it: "the Tory co-chairman"
            body = index.mention_at(doc[j - 1]) if j > 1 and doc[j - 1].lower_ != "the" else None
            if body is not None and (body.start, body.end) == (j - 1, j) and index.actors[body.actor_id].type in _BODY_TYPES:
                j -= 1
            else:
                body = None
            if j == 0 or doc[j - 1].lower_ != "the":
                continue
            title = fold(doc[j + (body is not None) : t.i + 1].text)
            if title not in self.g.titles and not self.g.portfolio_title(title) and not (body is not None and self.g.title_sector(title)):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children) or (
                t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"
            ):
                continue  # "the president of the club", "the president Emmanuel Macron"
            if body is not None:
                person = self._body_title_holder(index, body.actor_id, title, t.i)
            else:
                person = self._titled_person(index, t, title)
            if person is not None:
                index.add(j, t.i + 1, person, "description")

    def _body_title_holder(self, index: ActorIndex, body_id: str, title: str, before: int) -> Actor | None:
        """The person the article last named before token ``before`` whose title (as the
        article gave it, or the gazetteer's role at the date) is ``title`` of the body
        ``body_id``: "Conservative co-chairman Liam Fox ... the Tory co-chairman"."""
        for m in index.latest_before(before):
            actor = index.actors[m.actor_id]
            if actor.type != "person":
                continue
            known = self.g.actors.get(actor.id)
            roles = [actor.role or ""] + (known.roles_at(str(index.published)) if known is not None and index.published else [])
            for role in roles:
                # "Tory co-chairman", or "Co-Chairman of the Conservative Party"
                head, _, of = fold(role).partition(" of ")
                words = head.split()
                if of:
                    named = of.removeprefix("the ")
                elif " ".join(words[-len(title.split()) :]) == title and len(words) > len(title.split()):
                    named, head = " ".join(words[: len(words) - len(title.split())]), title
                else:
                    continue
                if head != title:
                    continue
                if any((k := self.g.organization(n)) is not None and k.id == body_id for n in (named, f"{named}s", f"{named} party")):
                    return actor
        return None

    def _titled_person(self, index: ActorIndex, title_tok: Token, title: str) -> Actor | None:
        for c in title_tok.children:
            m = index.mention_at(c) if c.dep_ == "appos" else None
            if m is not None and index.actors[m.actor_id].type == "person":
                return index.actors[m.actor_id]
        named = (
            self._last_holder(index, title, title_tok.i)
            or (self._last_minister(index, title_tok.i) if title == "minister" else None)
            or self._next_holder(title_tok.doc, index, title, title_tok.i)
        )
        if named is not None:
            return named
        return self._leader_in_office(index.story, title, index) if index.story else None

    def _party_leader(self, span: SpacySpan, ref: str, when: str | None) -> KnownActor | None:
        """The leader of the party ``span`` names, at ``when``, where "the" party "leader"
        stands for them with no name after ("the Conservative leader said", not
        "Conservative leader Michael Howard"): the one person people.yaml gives the role
        "Leader of" the party then."""
        doc, party = span.doc, self.g.actors.get(ref)
        if party is None or party.sector not in _PARTY_SECTORS or not party.country or span.start == 0 or span.end + 1 >= len(doc):
            return None
        if doc[span.start - 1].lower_ != "the" or doc[span.end].lower_ != "leader" or doc[span.end + 1].pos_ == "PROPN":
            return None
        name = fold(party.name)
        for title in (f"leader of the {name}", f"leader of {name}"):
            if (holder := self.g.holder(party.country, title, when)) is not None:
                return holder
        return None

    def _leader_in_office(self, country: str, title: str, index: ActorIndex) -> Actor | None:
        """The head of state or government of ``country`` titled so, in office at the
        article's date: the one the article already has, else the gazetteer's."""
        if title not in self.g.leader_titles:
            return None
        known = self.g.holder(country, title, index.published)
        if known is None:
            return None
        return index.actors.get(known.id) or self._from_known(known, index.published)

    def _last_holder(self, index: ActorIndex, title: str, before: int, country: str | None = None) -> Actor | None:
        """The person the article last named before token ``before`` who holds ``title``
        (of ``country``, if given)."""
        for m in index.latest_before(before):
            actor = index.actors[m.actor_id]
            if actor.type != "person" or country is not None and actor.country != country:
                continue
            if self._holds(index, actor, title):
                return actor
        return None

    def _next_holder(self, doc: Doc, index: ActorIndex, title: str, after: int) -> Actor | None:
        """The person named first after token ``after``, in its sentence or the next, when
        they hold ``title``: a lead that gives the title and then the name ("..., the Trade
        and Industry Secretary has said. Patricia Hewitt said ...")."""
        sent = doc[after].sent
        limit = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
        m = min((m for m in index.mentions if after < m.start < limit and index.actors[m.actor_id].type == "person"),
                key=lambda m: m.start, default=None)
        return index.actors[m.actor_id] if m is not None and self._holds(index, index.actors[m.actor_id], title) else None

    def _holds(self, index: ActorIndex, actor: Actor, title: str) -> bool:
        """Whether a person holds ``title``: "the chancellor" is the Chancellor of the
        Exchequer, "the premier" the prime minister."""
        roles = self._roles(index, actor)
        return any(self.g.same_title(title, r) for r in roles | {r.split(" of ")[0] for r in roles})

    def _roles(self, index: ActorIndex, actor: Actor) -> set[str]:
        """A person's roles, folded: a known person's at the article's date (Imran Khan was
        prime minister, not in 2024), else the title the article gave them."""
        known = self.g.actors.get(actor.id) if index.published else None
        if known is not None and known.roles:
            return {fold(r) for r in known.roles_at(str(index.published))}
        return {fold(actor.role or "")}

    def _last_minister(self, index: ActorIndex, before: int) -> Actor | None:
        """"The minister" alone: the person the article last named before token ``before``,
        when their role (at the article's date, or as the article gave it) is a minister's
        ("Education Secretary Ruth Kelly ... Ms Kelly told the BBC ... The minister also
        confirmed"); no one when the last person named is no minister."""
        for m in index.latest_before(before):
            actor = index.actors[m.actor_id]
            if actor.type == "person":
                return actor if any(self.g.ministerial(r) for r in self._roles(index, actor)) else None
        return None

    def _described_institution(self, span: SpacySpan) -> Institution | None:
        """The institution a phrase names with no name and no country: "the" and the
        lower-case noun alone ("the government", "the foreign ministry"), or with nothing
        before it as a subject or a passive's agent ("police said", "held by police"); the
        noun heads its phrase ("the government forces" is no government). Only a state's own bodies
        (``home`` in titles.yaml). So is one whose spokesman speaks ("an army spokesperson",
        "the country's police spokesman")."""
        inst = self.g.institution(span.text)
        doc = span.doc
        before = doc[span.start - 1] if span.start > span.sent.start else None
        # lower case, but for a capital opening a sentence or following a dateline's dash
        opening = before is None or before.is_punct
        if inst is None or not inst.home or not all(t.is_lower or t.i == span.start and opening and t.is_title for t in span):
            return None
        head = span[-1]
        # who speaks for it: "an army spokesperson", "the country's police spokesman"
        voice = head.head.i == head.i + 1 and self._voice(head.head)
        if head.dep_ in {"compound", "amod", "nmod"} and head.head.i > head.i and not voice:
            return None
        if before is not None and before.lower_ == "the":
            return inst
        if voice and before is not None and (
            before.lower_ in {"a", "an"}
            or before.lower_ in _POSSESSIVE and span.start >= 2 and doc[span.start - 2].lower_ in {"country", "nation"}
        ):
            return inst
        # no determiner: only a subject or a passive's agent ("police said", "detained by
        # police"), not "the party in government"
        agent = head.dep_ == "pobj" and head.head.lower_ == "by"
        bare = before is None or opening or before.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"}
        return inst if bare and (head.dep_ in {"nsubj", "nsubjpass"} or agent) else None

    def _described_bodies(self, descriptions: list[tuple[int, int, Institution]], index: ActorIndex) -> None:
        """Each description is the body of that kind the article named last ("Pakistan's
        government ... the government said"), else the story's country's (never the
        outlet's: a world desk's story about another state may name its own too rarely)."""
        for s, e, inst in descriptions:
            if any(i in index.token_actor for i in range(s, e)):
                continue
            person = self._voice_named(index, s, e)
            if person is not None:
                index.add(s, e + 1, person, "description")
                continue
            actor = self._last_body(index, inst, s)
            if actor is None and index.story is not None:
                actor = self._institution_actor(index.story, inst.name, inst.type, inst.sector)
            if actor is not None:
                index.add(s, e, actor, "description")

    def _voice_named(self, index: ActorIndex, s: int, e: int) -> Actor | None:
        """The one person the article names with the title a body's spokesman is called by
        here ("the army spokesperson said ... Army spokesperson Donny Pramono noted")."""
        doc = index.doc
        if e >= len(doc) or not self._voice(doc[e]):
            return None
        title = fold(doc[s : e + 1].text)
        people = [a for a in index.actors.values() if a.type == "person" and a.role is not None and fold(a.role) == title]
        return people[0] if len(people) == 1 else None

    def _last_body(self, index: ActorIndex, inst: Institution, before: int) -> Actor | None:
        """The body of a state the article last mentioned before token ``before`` whose
        name ends in the institution's noun ("Pakistan Government", "Israeli Army")."""
        for m in index.latest_before(before):
            actor = index.actors[m.actor_id]
            if actor.type == "person" or actor.country is None:
                continue
            words = actor.name.split()
            if any(self.g.institution(" ".join(words[k:])) == inst for k in range(1, len(words))):
                return actor
        return None

    def _countries_named(self, doc: Doc, found: list[SpacySpan]) -> Counter[str]:
        """How often the story names each country (by name, capital, region or demonym), one
        of its politicians or one of its political parties the gazetteer knows ("Gordon
        Brown", "the Tories" are Britain's: a story on their conference that names Australia
        three times is still British; a state's other bodies are named as often in stories
        abroad: "the Fed" in one on Brazil's debt)."""
        named: dict[int, str] = {}  # token -> country, so a word both found is counted once
        for sp in found:
            kind, _, ref = sp.label_.partition("|")
            if kind in {"country", "demonym", "metonym", "region"} and ref:
                if fold(sp.text) not in self.g.alternates:  # ("Georgia" may be the US state)
                    named[sp.start] = ref
            elif kind == "person" and (person := self.g.actors.get(ref)) is not None:
                # a state's politician the gazetteer knows ("Gordon Brown", "Peter Hain")
                if person.country and person.sector in _PARTY_SECTORS | _STATE_SECTORS:
                    named[sp.start] = person.country
            elif kind == "organization" and (body := self.g.actors.get(ref)) is not None:
                country = body.country if body.sector in _PARTY_SECTORS else None
                # not a name inside a longer one ("Congress" in "Trades Union Congress"), nor
                # one several bodies share ("BNP": Bangladesh's or Britain's)
                inside = any(o.start <= sp.start and sp.end <= o.end and len(o) > len(sp) for o in found)
                info = self.phrase_of.get(sp.text) or self.phrase_of.get(sp.text.lower())
                shared = fold(sp.text) in self.g.org_alternates or info is not None and info[2]
                if country and not inside and not shared:
                    named[sp.start] = country
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"} and (iso3 := self.g.country_of(ent.text)) and fold(ent.text) not in self.g.alternates:
                named.setdefault(ent.start, iso3)
        return Counter(named.values())

    def _dateline_region(self, doc: Doc) -> str | None:
        """The country of the city, state or province the first dateline names ("GREENWICH,
        Conn., April 8 -", "LAKE SUCCESS, N.Y. March 3 -"; countries.yaml
        ``dateline_regions``, read only there)."""
        for t in doc[: min(len(doc), 80)]:
            if _paragraph_start(doc, t.i, back=0) is None or (found := dateline(doc, t.i)) is None:
                continue
            for part in doc[t.i : found[1] - 1].text.split(","):
                words = part.split()
                # the longest run of words from the part's start: "N.Y." in "N.Y. March 3"
                for n in range(len(words), 0, -1):
                    iso3 = self.g.dateline_regions.get(fold(" ".join(words[:n])))
                    if iso3 is not None:
                        return iso3
            # else the place in capitals, misspelt ("ATALANTA, March 3 -"), if it is nothing else
            place = doc[t.i : found[0]].text
            if self.g.country_of(place) is None and self.g.organization(place) is None:
                return self.g.misspelt_place(place)
            return None
        return None

    def _story_country(self, doc: Doc, found: list[SpacySpan]) -> str | None:
        """The country a story without a dateline is about: the one its country names,
        capitals and demonyms (gazetteer matches and the NER's places and peoples) name
        most, when they name it at least :data:`_STORY_MENTIONS` times and more than twice
        as often as any other; else None (a story between two states has no one home)."""
        top = self._countries_named(doc, found).most_common(2)
        if not top or top[0][1] < _STORY_MENTIONS:
            return None
        if len(top) > 1 and 2 * top[1][1] >= top[0][1]:
            return None
        return top[0][0]

    def _people_of_bodies(self, doc: Doc, index: ActorIndex) -> None:
        """A person the gazetteer and titles left without a country or sector, named right
        after a title that names an organisation ("BNP leader Tarique Rahman", "UN expert
        Francesca Albanese", "the Amnesty chief, Agnès Callamard") or right before "of"/"for"
        one ("Michele LeVoy of PICUM"), takes that body's sector; its country too when the
        body is a state's, a party or a company (a party leader is of the party's country,
        a chairman of his company's; a journalist not of the newspaper's)."""
        for m in list(index.mentions):
            person = index.actors[m.actor_id]
            # (a title of state with a company's name is the company's: "X, president and
            # chief executive officer of Kasler Corp" is no GOV)
            placed = person.country and person.sector and not (person.sector == "GOV" and person.id not in self.g.actors)
            if person.type != "person" or m.kind not in {"name", "surname"} or placed:
                continue
            owner = self._body_owning_title(doc, index, m.end)
            body = owner or self._body_before(doc, index, m.start) or self._body_after(doc, index, m.end)
            if body is not None and body.sector is None and self._business_title_after(doc, m.end):
                self._company(body, index)  # "X, deputy chief economist at the Bank of Nova Scotia"
            if body is None or body.sector is None:
                continue
            if (body.sector in _STATE_SECTORS or body.sector == "BUS") and person.country is None:
                person.country = body.country
            if person.sector == "GOV" and body.sector == "BUS":
                person.sector = "BUS"
            if person.sector is None or owner is not None:
                # the body whose title a person holds says more than the title's generic
                # words ("X, Amnesty International's secretary general" is NGO, not IGO)
                person.sector = body.sector

    def _business_title_after(self, doc: Doc, end: int) -> bool:
        """Whether an appositive title after a name, up to its "of"/"for"/"at", is a
        business title ("X, deputy chief economist at ...")."""
        found = _appositive_title(doc, end, limit=6)
        if found is None or any(t.lower_ == "and" for t in found[0]):
            return False  # "a barrister and chairman of the League ...": the body says the sector
        return self.g.title_sector(" ".join(t.text for t in found[0] if t.pos_ != "DET")) == "BUS"

    def _body_before(self, doc: Doc, index: ActorIndex, start: int) -> Actor | None:
        i, titled = start - 1, False
        sent_start = doc[start].sent.start
        while i >= max(sent_start, start - 5):
            t = doc[i]
            m = index.mention_at(t)
            if m is not None:
                actor = index.actors[m.actor_id]
                return actor if titled and actor.type in _BODY_TYPES else None
            if t.lower_ in _POSSESSIVE or t.text in {",", "(", ")"}:
                i -= 1
                continue
            if t.pos_ not in {"NOUN", "PROPN", "ADJ"}:
                return None
            titled = titled or t.pos_ == "NOUN"
            i -= 1
        return None

    def _body_owning_title(self, doc: Doc, index: ActorIndex, end: int) -> Actor | None:
        """The body in a possessive that opens an appositive title after a name: "X,
        Amnesty International's secretary general"."""
        if end + 1 >= len(doc) or doc[end].text != ",":
            return None
        i = end + 1 + (doc[end + 1].lower_ == "the")
        m = index.mention_at(doc[i]) if i < len(doc) else None
        if m is None or m.start != i or m.end + 1 >= len(doc) or doc[m.end].lower_ not in _POSSESSIVE:
            return None
        if doc[m.end + 1].pos_ not in {"NOUN", "ADJ", "PROPN"}:
            return None
        actor = index.actors[m.actor_id]
        return actor if actor.type in _BODY_TYPES else None

    def _body_after(self, doc: Doc, index: ActorIndex, end: int) -> Actor | None:
        """The body of the "of"/"for" phrase right after a name, or after its appositive
        title ("X of PICUM", "X, a spokesman for Hamas", "X, president and chief executive
        of Y")."""
        found = _appositive_title(doc, end, limit=7, names=False)
        i = end if found is None else found[1]
        if i + 1 >= len(doc) or doc[i].lower_ not in _TITLE_PREPOSITIONS:
            return None
        i += 1
        if doc[i].lower_ == "the":
            i += 1
        # ... or a noun that says what the body is to the person ("X of the group's bankers
        # Samuel Montagu and Sons Ltd")
        j = i
        while j < min(len(doc), i + 5) and index.mention_at(doc[j]) is None and (
            doc[j].pos_ in {"DET", "ADJ", "NOUN"} or doc[j].lower_ in _POSSESSIVE
        ):
            j += 1
        if j > i and j < len(doc) and index.mention_at(doc[j]) is not None and doc[j - 1].pos_ == "NOUN":
            i = j
        m = index.mention_at(doc[i]) if i < len(doc) else None
        if m is None:
            return None
        actor = index.actors[m.actor_id]
        return actor if actor.type in _BODY_TYPES else None

    def _acronym_after(self, doc: Doc, span: SpacySpan, index: ActorIndex, consumed: set[int]) -> None:
        """"the Inter-Services Public Relations (ISPR)": the bracketed acronym is the same
        actor, here and wherever it comes again in the article."""
        e = span.end
        if e + 2 >= len(doc) or doc[e].text != "(" or doc[e + 2].text != ")":
            return
        acronym = doc[e + 1].text
        if not _is_acronym_of(acronym, span):
            return
        actor_id = index.mentions[-1].actor_id
        # the acronym used before it was spelled out: an unknown actor of that name
        earlier = index.actors.get(slug(acronym))
        if earlier is not None and earlier.id != actor_id and earlier.name == acronym:
            index.merge(earlier.id, actor_id)
        index.acronyms.setdefault(acronym, actor_id)
        index.add(e + 1, e + 2, index.actors[actor_id], "acronym")
        consumed.add(e + 1)

    def _acronym_repeats(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        if not index.acronyms:
            return
        for t in doc[:limit]:
            if t.i not in index.token_actor and t.text in index.acronyms:
                index.add(t.i, t.i + 1, index.actors[index.acronyms[t.text]], "acronym")

    def _resolve_span(self, doc: Doc, span: SpacySpan, index: ActorIndex, consumed: set[int]) -> None:
        g = self.g
        when = index.published
        label = span.label_
        if label == NOT_ACTOR:
            return
        if label == "INST":
            self._institution(doc, span, index, consumed)
            return
        if self._leaders_government(doc, span, index, consumed):
            return
        if "|" in label:
            kind, ref = label.split("|", 1)
            if kind in {"country", "metonym", "region", "demonym"} and fold(span.text) in g.alternates:
                kind, ref = self._disambiguate(span, kind, ref, when, index)
            if kind == "region" or kind == "metonym" and self._as_location(span):
                # a region or city that is not the seat of government ("the Gaza Strip",
                # "Darfur", "Basra"), or a capital as where something happens ("talks in
                # Doha"): a place of that country, with no sector
                name = _clean_name(span.text[4:] if span.text.lower().startswith("the ") else span.text)
                place = Actor(id=f"{ref}-{slug(name)}", name=name, type="place", country=ref, sector=None)
                index.add(span.start, span.end, place, "region")
            elif kind in {"country", "metonym"}:
                index.add(span.start, span.end, self._country_actor(ref), kind)
            elif kind == "demonym":
                head = span.root
                home = self._ethnic_residence(doc, span)
                if home is not None:
                    ref = home
                # "Russian President Putin", "Russian territory": the demonym modifies a
                # noun; as a modifier of a person or title it is not a mention of its own.
                if head.dep_ in {"amod", "compound"} and head.head.ent_type_ == "PERSON":
                    return
                if head.dep_ in {"amod", "compound"} and g.title_sector(head.head.text):
                    title_tok = head.head
                    if not _names_a_person(title_tok) and title_tok.i >= span.end:
                        # "a French minister", "Saudi businessmen": an unnamed member of a
                        # group of that country, with the title's sector
                        self._title_group(doc, span, title_tok, ref, index, consumed)
                    return
                if home is not None:
                    self._ethnic_group(span, home, index)
                    return
                index.add(span.start, span.end, self._country_actor(ref), kind)
            elif kind == "organization":
                if fold(span.text) in g.org_alternates:
                    ref = self._org_of_named_country(doc, span, g.org_alternates[fold(span.text)])
                index.add(span.start, span.end, self._from_known(g.actors[ref], when), "name")
            elif kind == "person":
                self._person(doc, span, self._from_known(g.actors[ref], when), index, consumed)
            return
        if label == "PERSON":
            # a title the NER model took into the name ("Sociologist Amitai Etzioni", "MEP
            # Karen Whitefield") is read as the title before it
            while len(span) > 2 and span[0].is_alpha and (g.title_sector(span[0].text) or fold(span[0].text) in g.gendered_titles):
                span = doc[span.start + 1 : span.end]
                span.label_ = label
            name = span.text
            if len(span) == 2 and fold(span[0].text).rstrip(".") in g.surname_honorifics:
                # "Ms Roche": the person the article named with that surname, else the one
                # known person of that surname at the date
                same = self._article_person(index, span[1].text, surname_only=True)
                if same is not None:
                    index.add(span.start, span.end, index.actors[same], "surname")
                    return
                k = self._known_surname(span[1].text, index, spelt=True)
                if k is not None:
                    self._person(doc, span, self._from_known(k, when), index, consumed)
                    return
            k = g.resolve_person(name, when) if len(span) > 1 else None
            given_only = False
            if k is None and _one_surname(span):  # "al-Assad", "Von der Leyen"
                if self._as_article_person(span, index):
                    return
                # a bare word that is also a given name ("Paul said") is a known person's
                # surname only under a title ("Sen. Paul")
                given_only = fold(name) in g.given_names and not self._title_before(doc, span.start, span.sent.start)[1]
                if not given_only:
                    k = self._known_surname(name, index)
            if k is None and len(span) > 1 and span[-1].tag_ in {"NNPS", "NNS"}:
                # "Bosnian Serbs", "Iraqi Kurds": a people of a country, not a person
                iso3 = g.demonyms.get(fold(span[0].text))
                if iso3:
                    rest = " ".join(t.text for t in span[1:])
                    index.add(span.start, span.end, Actor(id=f"{iso3}-{slug(rest)}", name=span.text, type="group", country=iso3), "demonym")
                    return
            actor = self._from_known(k, when) if k else Actor(id=slug(name), name=_clean_name(name), type="person")
            if k is None and len(span) == 1 and not given_only:
                actor.country = g.surname_country(name)
            self._person(doc, span, actor, index, consumed)
        elif label == "ORG":
            # a titled name taken for an organisation: "Field Marshal Munir"
            for cut in range(1, len(span)):
                named = span[cut:]
                if (
                    len(named) <= 3
                    and span[cut - 1].tag_ not in {"NNS", "NNPS"}  # "Zambian Workers Party" is no title and name
                    and g.title_sector(span[:cut].text)
                    and all(t.pos_ == "PROPN" and t.is_title and t.lower_ not in _GENERIC_ORG_WORDS for t in named)
                    and g.org_head([t.text for t in named]) is None
                ):
                    person = doc[span.start + cut : span.end]
                    person.label_ = "PERSON"
                    self._resolve_span(doc, person, index, consumed)
                    return
            # a title in the plural, no organisation: "MPs said" (a group, _described_groups)
            if len(span) == 1 and span.text.endswith("s") and g.titles.get(fold(span.text)[:-1]):
                return
            # part of a title: "Secretary of State", "Minister of Defence"
            if any(g.titles.get(fold(doc[k : span.end].text)) for k in range(max(span.sent.start, span.start - 3), span.start)):
                return
            # ... or the start of one: "Labour Minister"
            if any(g.titles.get(fold(doc[span.start : k].text)) for k in range(span.end + 1, min(span.sent.end, span.end + 2) + 1)):
                return
            k = g.organization(span.text) or self._organization_within(span)
            if k:
                index.add(span.start, span.end, self._from_known(k, when), "name")
                return
            # an ORG entity that is a person's surname ("Trump" mislabelled): the person the
            # article named so, else the one known person at the date whose surname it is,
            # spelt so (no transliteration: "Umma" is a party, not "Juma"); not a word that
            # is also a given name, nor an acronym, nor the end of a hyphenated name
            if _one_surname(span):
                if self._as_article_person(span, index):
                    return
                if (
                    span[0].pos_ in {"PROPN", "NOUN"}  # "Trump" is also a word
                    and span[0].is_title  # not an acronym: "(SAW)" is no Nyo Saw
                    and fold(span.text) not in g.given_names
                    and not (span.start > 0 and doc[span.start - 1].text == "-")
                    and (known := self._known_surname(span.text, index, spelt=True)) is not None
                ):
                    self._person(doc, span, self._from_known(known, when), index, consumed)
                    return
            country = self._country_near(list(span))
            rest = " ".join(t.text for t in span if not g.country_of(t.text) and t.lower_ not in _DETERMINERS)
            inst = g.institution(rest)
            # an institution named with no country ("the Foreign Office said") is of the
            # story's country
            country = country or (index.home if inst else None)
            if country and inst:
                index.add(span.start, span.end, self._institution_actor(country, inst.name, inst.type, inst.sector), "institution")
                return
            # "the Commission" after "the European Commission", "the Bank" after "the Bank of
            # England": the organisation named before, not one of its own
            bare = _bare(span)
            definite = span[0].lower_ == "the" or span.start > 0 and doc[span.start - 1].lower_ == "the"
            if len(bare) == 1 and definite and (noun := fold(bare.text)) in g.described_heads:
                earlier = self._last_organisation(doc, index, noun, span.sent.start)
                if earlier is not None:
                    index.add(span.start, span.end, earlier, "name")
                    return
            name = _clean_name(span.text)
            branch = self._party_branch(bare, index)
            if branch is not None:
                # a party's local branch ("Aldridge Brownhills Conservatives"): its own actor,
                # of the party's sector and country
                actor = Actor(id=slug(name), name=name, type=branch.type, country=country or branch.country, sector=branch.sector)
                index.add(span.start, span.end, actor, "name")
                return
            company = _marked(span) or fold(bare.text) in index.short_companies.values()
            atype, sector = g.org_head([t.text for t in bare]) or self._kind_after(span) or ("organization", "BUS" if company else None)
            if (described := self._company_descriptor(span.root)) is not None:
                # "Belgian brewing giant Inbev": a company, of the state its description names
                atype, sector = "organization", "BUS"
                country = country or self._country_near(list(described.subtree))
            index.add(span.start, span.end, Actor(id=slug(name), name=name, type=atype, country=country, sector=sector), "name")
        elif label == "NORP":
            iso3 = g.country_of(span.text)
            # a surname the NER model took for a nationality: the person the article named so
            # ("Francesca Albanese ... Albanese said"), else a leader in office ("Carney rejects")
            if iso3 is None and len(span) == 1:
                if self._as_article_person(span, index):
                    return
                leader = self._leader(span.text, index)
                if leader is not None:
                    self._person(doc, span, self._from_known(leader, when), index, consumed)
                    return
            if iso3 and span.root.dep_ not in {"amod", "compound"}:
                home = self._ethnic_residence(doc, span)
                if home is not None:
                    self._ethnic_group(span, home, index)
                    return
                index.add(span.start, span.end, self._country_actor(iso3), "demonym")

    def _party_branch(self, name: SpacySpan, index: ActorIndex) -> KnownActor | None:
        """The party an unknown organisation's name ends with, when it is a party of the
        story's own state: "Aldridge Brownhills Conservatives" in a British story (not
        "Christian Democrats" in a German one, which is no branch of the US Democrats)."""
        words = [t.text for t in name]
        for k in range(1, len(words)):
            known = self.g.organization(" ".join(words[k:]))
            if known is not None:
                party = known.sector in {"PTY", "OPP"} and index.home is not None and known.country == index.home
                return known if party else None
        return None

    def _kind_after(self, span: SpacySpan) -> tuple[ActorType, str] | None:
        """(type, sector) a noun of a kind of body right after an unknown organisation's name,
        wherever the article writes it, tells: "the Oil World newsletter" (titles.yaml
        ``org_heads``), "the Hanson company" (a word for a company; not "group" or "body",
        which name any kind)."""
        name = _bare(span).text
        for m in re.finditer(rf"\b{re.escape(name)}\s+([a-z]+)\b", doc_text(span.doc)):
            noun = m.group(1)
            if noun in self.g.org_heads:
                return self.g.org_heads[noun]
            if noun in self.g.company_words - self.g.any_organisation_words:
                return "organization", "BUS"
        return None

    def _disambiguate(self, span: SpacySpan, kind: str, ref: str, when: str | None, index: ActorIndex) -> tuple[str, str]:
        """A name several states have a place of ("Tripoli", "Juba", "Congo", "Georgia"):
        the other state's when the text is dated before the place changed hands, or when
        the sentence names the other state and not the first ("Tripoli ... the north
        Lebanese port"), or when the story is filed in the other state and names no other
        (no "Tbilisi", no "Georgians", no Russia in a story from ATLANTA); else the first."""
        alts = self.g.alternates[fold(span.text)]
        if when:
            for alt_kind, iso3, until in alts:
                if until is not None and when < until:
                    return alt_kind, iso3
        named: set[str] = set()
        for t in span.sent:
            if (t.i < span.start or t.i >= span.end) and t.pos_ in {"PROPN", "ADJ", "NOUN"} and t.is_title:
                c = self.g.country_of(t.text)
                if c is not None:
                    named.add(c)
        if ref not in named:
            for alt_kind, iso3, until in alts:
                if iso3 in named and (until is None or not when):
                    return alt_kind, iso3
        if index.filed_in is not None and index.filed_in != ref:
            # ... and no other state at all: "WASHINGTON - Bush urged Russia to leave
            # Georgia" is about the state
            same = fold(span.text)
            abroad = any(
                (c := self.g.country_of(t.text)) is not None and c != index.filed_in and fold(t.text) != same
                for t in span.doc if t.is_title and t.pos_ in {"PROPN", "ADJ", "NOUN"}
            )
            for alt_kind, iso3, until in alts:
                if iso3 == index.filed_in and until is None and not abroad:
                    return alt_kind, iso3
        return kind, ref

    def _ethnic_residence(self, doc: Doc, span: SpacySpan) -> str | None:
        """For "ethnic Albanians in south Serbia", "ethnic Albanian guerrillas operating in
        Macedonia": the country the ethnic group lives in, from a place phrase on the group
        or on its clause (CAMEO codes an ethnic group by its country of residence). None
        when the demonym is not qualified by "ethnic" or no place is named."""
        head = span.root
        if span.start == 0 or doc[span.start - 1].lower_ != "ethnic":
            # "the Albanians of southern Serbia": a people "of" a place lives there
            if head.tag_ not in {"NNPS", "NNS"} or head.dep_ in {"amod", "compound"}:
                return None
            ofs = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
            for c in ofs:
                for x in c.subtree:
                    iso3 = self.g.country_of(x.text) if x.pos_ == "PROPN" else None
                    if iso3 is not None and fold(x.text) not in self.g.demonyms:
                        return iso3
            return None
        if head.dep_ in {"amod", "compound"}:
            head = head.head
        holders = [head, *[c for c in head.children if c.dep_ in {"acl", "relcl"}]]
        if head.dep_ in {"nsubj", "nsubjpass", "dobj"} and head.head.pos_ in {"VERB", "AUX"}:
            holders.append(head.head)
        for h in holders:
            for c in h.children:
                if c.dep_ != "prep" or c.lower_ not in {"in", "of", "from", "inside", "within", "near", "across", "throughout"}:
                    continue
                for x in c.subtree:
                    if x.i >= span.start and x.i < span.end:
                        continue
                    iso3 = self.g.country_of(x.text) if x.pos_ == "PROPN" else None
                    if iso3 is None and x.i + 1 < len(doc):
                        iso3 = self.g.regions.get(fold(x.text + " " + doc[x.i + 1].text))
                    if iso3 is not None and fold(x.text) not in self.g.demonyms:
                        return iso3
        return None

    def _ethnic_group(self, span: SpacySpan, iso3: str, index: ActorIndex) -> None:
        words = span.text
        index.add(span.start, span.end, Actor(id=f"{iso3}-ethnic-{slug(words)}", name=f"ethnic {words}", type="group", country=iso3), "demonym")

    def _organization_within(self, span: SpacySpan) -> KnownActor | None:
        """A known organisation named inside a longer entity with a generic word around it:
        "the defeated Fatah Party", "Hamas movement"."""
        words = [t.text for t in span]
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                rest = [w for j, w in enumerate(words) if not i <= j < i + n]
                if not all(fold(w) in _GENERIC_ORG_WORDS for w in rest):
                    continue
                k = self.g.organization(" ".join(words[i : i + n]))
                if k is not None:
                    return k
        return None

    def _legal_form_names(self, doc: Doc, limit: int, covered: set[int], places: set[int]) -> list[tuple[int, int]]:
        """Token spans of company names that end in a legal form ("Ltd", "Corp") the NER
        model did not take as one name: capitalised words back from the legal form, across
        "of" and "and" and the names the NER model made of pieces, within the sentence; not
        across another company's legal form, a known actor (``covered``, ``places`` aside)
        or the dateline; an "and" only before one word and the legal form ("Samuel Montagu
        and Sons Ltd"; "Citicorp and Chase Manhattan Corp" are two), and not after an
        organisation; an "of" after a person's name only before a place ("Gold Fields of
        South Africa Ltd", not "analyst David Healy of Drexel Burnham Lambert Inc")."""
        out: list[tuple[int, int]] = []
        own = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
        for t in doc[:limit]:
            if t.i in covered or fold(t.text.rstrip(".")) not in self.g.legal_forms or not t.text[0].isupper():
                continue
            if t.ent_type_ in own and t.ent_iob_ != "B" and t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I":
                continue  # inside a longer name: "Co" in "Texaco Co Pty Ltd" is read at its end
            ent_start = t.i
            while t.ent_type_ in own and ent_start > 0 and doc[ent_start].ent_iob_ == "I":
                ent_start -= 1
            begin = i = ent_start
            while i > max(t.sent.start, t.i - 8):
                prev = doc[i - 1]
                if prev.i in covered - places or _dateline_word(prev) or fold(prev.text.rstrip(".")) in self.g.legal_forms:
                    break
                if prev.lower_ in {"of", "and", "&"}:
                    before = doc[i - 2] if i >= 2 else None
                    if before is None or not before.is_title:
                        break
                    if prev.lower_ != "of" and (before.ent_type_ == "ORG" or t.i - i > 1):
                        break
                    if prev.lower_ == "of" and before.ent_type_ == "PERSON" and not all(x in places for x in range(i, t.i)):
                        break
                elif not (prev.pos_ == "PROPN" and (prev.is_title or prev.is_upper and len(prev) > 1) or _hyphen_in_word(prev)):
                    break  # a capitalised word or an acronym ("AID Corp", "ITT Corp"), or "Georgia-Pacific"
                i -= 1
                if prev.lower_ not in {"of", "and", "&"}:
                    begin = i
            if begin < ent_start or begin < t.i and t.ent_type_ not in own:
                out.append((begin, t.i + 1))
        return out

    def _in_brief(self, span: SpacySpan) -> bool:
        """Whether words are (part of) a minister's brief before the title's "secretary" or
        "minister": "Education" in "Education Secretary", "Media" in "the Culture, Media
        and Sport Secretary" (the NER model makes each word a name of its own)."""
        doc = span.doc
        joins = {",", "and", "&"}
        start, end = span.start, span.end
        while start > 0 and end - start < 8 and (doc[start - 1].text in joins or doc[start - 1].is_title):
            start -= 1
        while end < len(doc) and end - start < 8 and fold(doc[end].text) not in self.g.portfolio_heads and (
            doc[end].text in joins or doc[end].is_title
        ):
            end += 1
        if end >= len(doc) or fold(doc[end].text) not in self.g.portfolio_heads:
            return False
        # the longest run of words before the title that is a brief
        return any(self.g.brief(doc[k:end].text) for k in range(start, span.start + 1) if doc[k].text not in joins)

    def _introduced_companies(self, doc: Doc, limit: int, covered: set[int]) -> list[tuple[int, int]]:
        """Token spans of names a word for a company introduces (:meth:`_company_descriptor`),
        where the NER model saw no name or took it for a people's: the capitalised proper
        nouns that end at the head of the name; not a person's (a given name first: "film
        maker Ken Loach"), a place's or a state's, nor a name the gazetteer knows (``covered``)."""
        out: list[tuple[int, int]] = []
        for t in doc[:limit]:
            if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.i in covered or t.ent_type_ not in {"", "NORP"}:
                continue  # (an ORG the NER model saw is read as it is, the description telling its kind)
            if t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i > t.i:
                continue  # not the name's last word
            if self._company_descriptor(t) is None:
                continue
            begin = t.i
            while begin > 0 and (x := doc[begin - 1]).pos_ == "PROPN" and x.text[:1].isupper() and x.i not in covered and x.head == t:
                begin -= 1
            name = doc[begin : t.i + 1]
            if any(x.ent_type_ not in {"", "NORP"} for x in name) or fold(name[0].text) in self.g.given_names:
                continue
            if self.g.country_of(name.text) or self.g.title_sector(name.text) or self.g.institution(name.text):
                continue
            out.append((begin, t.i + 1))
        return out

    def _companies_named_like_people(self, doc: Doc, found: list[SpacySpan], index: ActorIndex) -> None:
        """Relabel as a company's (``ORG``) every unknown person's name (``PERSON``) the
        article somewhere treats as a company's (:meth:`_as_company`), in full or by its last
        word ("Hardie's shareholders" after "James Hardie"), and its shorter forms ("Kreme"
        after "Krispy Kreme"); not a name an honorific is ever given ("Mr Jarvis")."""
        people = [sp for sp in found if sp.label_ == "PERSON"]
        if not people:
            return
        at: dict[str, list[Token]] = {}
        for t in doc:
            if t.pos_ == "PROPN":
                at.setdefault(t.text, []).append(t)
        companies = {fold(sp.text) for sp in people if any(self._as_company(sp[0], t) for t in at.get(sp[-1].text, [sp[-1]]))}
        if not companies:
            return
        titled = {fold(sp.text) for sp in people if sp.start > 0 and fold(doc[sp.start - 1].text).rstrip(".") in self.g.surname_honorifics}
        companies = {c for c in companies if not any(c.endswith(t) or t.endswith(c) for t in titled)}
        for sp in people:
            name = fold(sp.text)
            if any(name == c or c.endswith(" " + name) for c in companies):
                sp.label_ = "ORG"
        # (a last word two of them end with names neither: "Saxon" for Bill and Steven Saxon)
        last = Counter(c.split()[-1] for c in companies)
        index.short_companies.update((c.split()[-1], c) for c in companies if last[c.split()[-1]] == 1)

    def _as_company(self, first: Token, root: Token) -> bool:
        """Whether the article treats a name (its first word, and its last word where it
        stands) as a company's: "shares in X", "X shares", "X's shareholders", "X cut its
        profits" (titles.yaml ``held`` and ``owned``), or a word for a company before or
        beside it ("engineering group Jarvis"; not one for a person's trade too: "film maker
        Ken Loach", "Virgil Rosendale, a pork producer")."""
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "in" and fold(head.head.lemma_) in self.g.held:
            return True
        if root.dep_ == "compound" and head.i > root.i and fold(head.lemma_) in self.g.held | self.g.owned:
            return True
        if root.dep_ == "poss" and fold(head.lemma_) in self.g.owned:
            return True
        if root.dep_ == "nsubj" and head.pos_ in {"VERB", "AUX"} and any(
            # "X is parting company with its chief executive", "X lifted its profits": in
            # X's own clause, not a clause below it ("X said its profits rose")
            p.lower_ == "its" and p.dep_ == "poss" and _in_clause(p, head)
            and any(fold(n.lemma_) in self.g.held | self.g.owned for n in (p.head, *p.head.children) if n.dep_ != "poss")
            for p in head.subtree
        ):
            return True
        word = self._company_descriptor(root)
        if word is None and first.i > 0 and root.i - first.i < 3:
            # the word right before the name, where the parser hung the name elsewhere
            # ("Shares in engineering group Pellowe": "Pellowe" set beside "Shares")
            before = first.doc[first.i - 1]
            lemma = fold(before.lemma_)
            if before.pos_ == "NOUN" and before.is_lower and (
                lemma in self.g.company_words - self.g.any_organisation_words
                or lemma in self.g.by_trade and first.i > 1 and fold(first.doc[first.i - 2].lemma_) in self.g.trades
            ):
                word = before
        return word is not None and not word.lower_.endswith(("er", "or"))

    def _company_descriptor(self, root: Token) -> Token | None:
        """The word for a company that says what a name is: a noun compounded before it
        ("copy protection firm Macrovision") or set beside it ("Parmalat, the Italian dairy
        company", "Mittal Steel, one of the largest steel producers"); "giant", "group" only
        with a trade ("brewing giant", "food group"; titles.yaml ``described_organisations``)."""
        for d in sorted((c for c in root.children if c.dep_ == "compound" and c.i < root.i or c.dep_ == "appos" and c.i > root.i),
                        key=lambda c: abs(c.i - root.i)):
            if d.lower_ == "one":  # "Mittal Steel, one of the world's largest steel producers"
                d = next((o for p in d.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), d)
            lemma = fold(d.lemma_)
            if d.pos_ != "NOUN" or not d.is_lower:
                continue
            if lemma in self.g.by_trade:
                if any(c.dep_ in {"compound", "amod"} and (fold(c.lemma_) in self.g.trades or c.lower_ in self.g.trades) for c in d.children):
                    return d
            elif lemma in self.g.company_words - self.g.any_organisation_words:
                return d
        return None

    def _title_group(self, doc: Doc, span: SpacySpan, title_tok: Token, iso3: str, index: ActorIndex, consumed: set[int]) -> None:
        words = doc[span.end : title_tok.i + 1]
        title = " ".join(t.lemma_.lower() if t.i == title_tok.i else t.lower_ for t in words)
        sector = self.g.title_sector(title) or self.g.title_sector(title_tok.lemma_)
        atype: ActorType = "group" if title_tok.tag_ in {"NNS", "NNPS"} else "person"
        # "Russian President Vladimir Putin ... the Russian president said": him; "the Indian
        # prime minister" with nobody named before: the one in office then
        if atype == "person" and span.start > 0 and doc[span.start - 1].lower_ == "the":
            person = self._last_holder(index, fold(title), span.start, iso3) or self._leader_in_office(iso3, fold(title), index)
            if person is not None:
                index.add(span.start, title_tok.i + 1, person, "title")
                consumed.update(range(span.start, title_tok.i + 1))
                return
        index.add(span.start, title_tok.i + 1, self._titled_actor(iso3, title, atype, sector), "title")
        consumed.update(range(span.start, title_tok.i + 1))

    def _person(self, doc: Doc, span: SpacySpan, actor: Actor, index: ActorIndex, consumed: set[int]) -> None:
        first, title, sector, country = self._title_before(doc, span.start, span.sent.start)
        # actors named in the title: a body says the sector more than the title's generic
        # words do ("Amnesty International Secretary General X" is NGO, "BNP leader X" PTY);
        # a state named in several words gives the country ("White House press secretary X").
        # (A body named only later in the article is read by _people_of_bodies.)
        in_title = index.actors_in(doc[first : span.start])
        body = _first_body(in_title)
        if body is not None:
            sector = body.sector
            if body.sector in _STATE_SECTORS:
                country = country or body.country
        country = country or next((a.country for a in in_title if a.type == "country"), None)
        after = self._affiliation_after(doc, span)
        if after is not None:
            # "Sen. Ted Cruz (R-Texas)": the bracket tells country and (unless a title
            # did) sector; the state in it is no actor of its own
            close, aff_country, aff_sector = after
            country = country or aff_country
            sector = sector or aff_sector
            consumed.update(range(span.end, close + 1))
        if title and actor.role is None:
            actor.role = title
        if actor.country is None and country:
            actor.country = country
        if actor.sector is None and sector:
            actor.sector = sector
        if actor.country is None or actor.sector is None:
            # appositive: "Alexander Pankin, Russia's deputy foreign minister"; an "as"
            # phrase: "X was sworn in as Bangladesh's prime minister"
            for child in _descriptions(span):
                words = list(child.subtree)
                head_part = [t for t in words if t.i <= child.i]
                # the title is the head and its modifiers ("prime minister", not "... on Tuesday"),
                # else the whole phrase; but a title of a body that is no state ("a spokesman
                # for Amnesty International") is that body's, which says the sector
                parts = [words] if self._of_a_body(child) else [head_part, words]
                title = next((t for t in (self._title_words(p) for p in parts) if self.g.title_sector(t)), None)
                if child.dep_ != "appos" and title is None:
                    continue  # "X is a critic of the Danish government" says nothing of X's country
                # the country is named before the title or in an "of"/"from" phrase
                # ("Bangladesh's prime minister", "foreign minister of Jordan", "a lawyer from
                # Kenya"), not in what the title is about ("the UN rapporteur on the
                # Palestinian territories", "a lawyer who represented Ukraine")
                preps = {p.lower_: list(p.subtree) for p in child.children if p.dep_ == "prep"}
                named = head_part + preps.get("of", []) + preps.get("from", [])
                # a body named there says the sector ("Amnesty International's secretary
                # general"), and the country when it is a state's or a company's
                body = _first_body(index.actors_in(head_part + preps.get("of", []) + preps.get("for", [])))
                if body is not None:
                    if body.sector in _STATE_SECTORS or body.sector == "BUS":
                        actor.country = actor.country or body.country
                    actor.sector = actor.sector or body.sector
                actor.country = actor.country or self._country_near(named)
                if title is not None:
                    actor.sector = actor.sector or self.g.title_sector(title)
                    actor.role = actor.role or title
        if actor.id in index.actors:
            known = index.actors[actor.id]
            actor = known
        index.add(span.start, span.end, actor, "name")

    def _title_words(self, words: list[Token]) -> str:
        return " ".join(
            t.text for t in words
            if not self.g.country_of(t.text) and t.lower_ not in _DETERMINERS | _POSSESSIVE and t.tag_ != "PRP$"
        )

    def _of_a_body(self, title: Token) -> bool:
        """Whether a title noun is followed by "for/of/at" a name that is no country
        ("spokesman for Amnesty International", not "foreign minister of Jordan")."""
        return any(
            prep.dep_ == "prep" and prep.lower_ in {"for", "of", "at", "with"}
            and any(o.dep_ == "pobj" and o.pos_ == "PROPN" and not self.g.country_of(o.text) for o in prep.children)
            for prep in title.children
        )

    def _affiliation_after(self, doc: Doc, span: SpacySpan) -> tuple[int, str, str] | None:
        """A bracketed affiliation right after a name ("(R-Texas)"): its closing token,
        country and sector."""
        if span.end >= len(doc) or doc[span.end].text != "(":
            return None
        for close in range(span.end + 1, min(span.end + 9, span.sent.end)):
            if doc[close].text == ")":
                found = self.g.affiliation(doc[span.end : close + 1].text)
                return (close, *found) if found else None
        return None

    def _institution_country(self, doc: Doc, span: SpacySpan) -> tuple[int, str | None]:
        """The country an institution noun belongs to, from a modifier in its noun
        phrase ("the Russian military", "Russia's army", "US military contractors") or an
        "of" phrase ("the army of Ukraine"); and where the phrase starts."""
        i = span.start
        while i > span.sent.start:
            t = doc[i - 1]
            if t.is_punct or t.lower_ in _DETERMINERS:
                break
            # a country, or a region of one ("Gaza’s civil defence agency", "the Punjab police")
            c = self.g.country_of(t.text) or (self.g.regions.get(fold(t.text)) if t.pos_ == "PROPN" else None)
            if c:
                return i - 1, c
            # a name of several words: "the Ivory Coast's Supreme Court"
            for k in range(i - 2, max(span.sent.start, i - 4) - 1, -1):
                c = self.g.country_of(doc[k:i].text) if t.pos_ == "PROPN" else None
                if c:
                    return k, c
            if t.pos_ not in {"ADJ", "NOUN", "PROPN", "PART"} and t.lower_ not in _POSSESSIVE:
                break
            i -= 1
        for child in span.root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for gc in child.children:
                    c = self.g.country_of(gc.text)
                    if c:
                        return span.start, c
        return span.start, None

    def _institution(self, doc: Doc, span: SpacySpan, index: ActorIndex, consumed: set[int]) -> None:
        words = [t for t in span if not self.g.country_of(t.text) and t.lower_ not in _POSSESSIVE]
        inst = None
        for k in range(len(words)):
            inst = self.g.institution(" ".join(t.text for t in words[k:]))
            if inst:
                break
        _, country = self._institution_country(doc, doc[words[-1].i : span.end] if words else span)
        country = country or next((c for t in span if (c := self.g.country_of(t.text))), None)
        if inst is None or country is None:
            return
        # "ethnic Albanian guerrillas operating in Macedonia": of the country they live in
        country = self._ethnic_residence(doc, span[:1]) or country
        index.add(span.start, span.end, self._institution_actor(country, inst.name, inst.type, inst.sector), "institution")
        consumed.update(range(span.start, span.end))

    def _article_person(self, index: ActorIndex, surname: str, *, surname_only: bool = False) -> str | None:
        """The person already named in the article whom one word refers to: by surname, or
        (unless ``surname_only``) by a given name ("Hillary", "Bernie") that only one of them
        has."""
        key = translit_key(surname)
        key = without_particles(key)  # "al-Assad" is Assad, "Von der Leyen" von der Leyen
        for aid, actor in index.actors.items():
            if actor.type != "person":
                continue
            for form in [actor.name, *(m.text for m in actor.mentions)]:
                # (the first word of a name, not of a mention: "President Xi Jinping")
                if key in surname_keys(form, actor.country if form == actor.name else None, self.g.family_first):
                    return aid
        if surname_only or fold(surname) not in self.g.given_names:
            return None
        given = {
            aid
            for aid, actor in index.actors.items()
            if actor.type == "person" and len(words := translit_key(actor.name).split()) > 1 and words[0] == key
        }
        return given.pop() if len(given) == 1 else None

    def _merge_surnames(self, index: ActorIndex) -> None:
        """Merge an unknown person named by one word, or by titles and one word ("Mr
        Kennedy", "Prof Etzioni", "Lady Boothroyd"), or an unknown organisation of no sector
        named by one word (the NER model's "Clarke" as ORG), into the one person of the
        article whose written surname that word is; a person named by a given name alone
        ("Boris"), into the one person of the article of that given name."""
        surnames: dict[str, list[str]] = defaultdict(list)
        given: dict[str, list[str]] = defaultdict(list)
        for a in index.actors.values():
            if a.type == "person":
                words = a.name.split()
                if len(words) > 1 and not self._titled_surname(words):
                    for key in surname_keys(a.name, a.country, self.g.family_first):
                        surnames[key].append(a.id)
                    given[fold(words[0])].append(a.id)
        for a in list(index.actors.values()):
            if a.id in self.g.actors or a.type not in {"person", "organization"}:
                continue
            words = a.name.split()
            if a.type == "organization" and (len(words) != 1 or a.sector or not a.name.istitle()):
                continue
            if len(words) != 1 and not self._titled_surname(words):
                continue
            into = surnames.get(translit_key(words[-1]), [])
            if not into and len(words) == 1 and fold(words[0]) in self.g.given_names and a.type == "person":
                into = given.get(fold(words[0]), [])
            if len(into) == 1 and a.id not in index.acronyms.values():
                if a.type == "organization":
                    a.country = None  # an organisation's country says nothing of the person
                index.merge(a.id, into[0])

    def _merge_short_companies(self, index: ActorIndex) -> None:
        """Merge an unknown organisation named by the first words of a company's name that
        the article gives in full, ending in a company's form ("ITT" and "ITT Corp",
        "Saatchi" and "Saatchi and Saatchi Co Plc", "Rolls" and the gazetteer's Rolls-Royce),
        or by the one word before that form ("Kodak" and "Eastman Kodak Co"), into that
        company; not when two companies start so ("Holiday" with "Holiday Corp" and "Holiday
        Inns Inc"). So is a name the NER model took for a person's, with no title, that no
        one the article names in full bears ("Norrell was paid" after "Norrell Corp"), and
        the last word of a company with a person's name ("Hardie" after "James Hardie")."""
        companies = []
        for a in index.actors.values():
            words = _name_words(a.name)
            known = a.id in self.g.actors and a.sector == "BUS"  # "Rolls" and Rolls-Royce
            if a.type == "organization" and len(words) > 1 and (
                known or self.g.org_heads.get(words[-1].rstrip(".")) == ("organization", "BUS")
            ):
                companies.append((words, a.id))
        for a in list(index.actors.values()):
            if a.id in self.g.actors or a.sector not in {None, "BUS"}:
                continue
            if a.type != "organization" and not (a.type == "person" and a.role is None and a.sector is None):
                continue
            words = fold(a.name).split()
            into = [
                cid
                for cwords, cid in companies
                if cid != a.id
                and len(cwords) > len(words)
                and (cwords[: len(words)] == words or len(words) == 1 and cwords[-2] == words[0])
            ]
            if not into and (full := index.short_companies.get(" ".join(words))) not in {None, " ".join(words)}:
                # "Hardie" and "James Hardie", a company with a person's name
                into = [cid for cid, c in index.actors.items() if fold(c.name) == full and c.type == "organization"]
            if len(into) == 1:
                index.merge(a.id, into[0])

    def _merge_acronyms(self, index: ActorIndex) -> None:
        """An organisation named by an acronym no gazetteer knows that spells the initials
        of one other organisation the article names in full is that one: "the NAO" after "A
        National Audit Office report" (the acronym in brackets after the name is linked
        where it is read; this is for an acronym the article never spells out there)."""
        bodies = [a for a in index.actors.values() if a.type in _BODY_TYPES and a.type != "country"]
        for a in bodies:
            forms = {m.text for m in a.mentions}
            acronym = forms.pop() if len(forms) == 1 else a.name
            capitals = "".join(c for c in acronym if c.isupper())
            if not (acronym.isalpha() and 2 <= len(acronym) <= 6 and len(capitals) >= 2):
                continue
            # one the gazetteer knows only by a short name many things share ("ICO": the
            # Information Commissioner's Office, or the International Coffee Organization
            # the story names) gives way, and lends the other nothing
            known = a.id in self.g.actors
            info = self.phrase_of.get(acronym) or self.phrase_of.get(acronym.lower())
            if known and (info is None or not info[2]):
                continue
            into = [b for b in bodies if b is not a and b.id in index.actors and _initials(b.name) == capitals]
            if len(into) == 1 and a.id in index.actors:
                index.merge(a.id, into[0].id, take=not known)

    def _company_repeats(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """A company the story names in full, named again by the first words of that name
        where the NER model saw no name: "Alcan said" after "Alcan Aluminium Ltd", and a
        wire headline in capitals above it ("ALCAN SAYS ...", whose NER guesses go unread).
        Only words that are no common word (the story never writes them in lower case: not
        "GENERAL" for General Motors), that start no longer name, and that only one company
        the story names starts with ("Piedmont" for Piedmont Aviation Inc or Piedmont
        Airlines is neither)."""
        companies = [(_name_words(a.name), a) for a in index.actors.values() if a.type == "organization" and a.sector == "BUS"]
        if not companies:
            return
        lower = index.lower_words()
        for t in doc[:limit]:
            if t.i in index.token_actor or not t.is_alpha or len(t) < 3 or t.lower_ in lower:
                continue
            prev = doc[t.i - 1] if t.i > 0 else None
            if prev is not None and prev.is_alpha and not prev.is_lower:
                continue  # a name's first word only: "PIEDMONT" in "PIEDMONT AIR", not "AIR"
            # "Wardle" after "James Wardle", a company with a person's name
            short = index.short_companies.get(fold(t.text))
            if t.is_upper:
                if t.i >= _HEADLINE_TOKENS or not _in_capitals_line(doc[t.i : t.i + 1]):
                    continue
            elif not (t.is_title and t.pos_ == "PROPN" and (t.ent_type_ in {"", "ORG", "NORP"} or short)) or self.g.country_of(t.text):
                continue  # (the NER model takes "Alcan said" for a people's name)
            matches = [(words, a) for words, a in companies if words[0] == fold(t.text) or fold(a.name) == short]
            if len(matches) != 1:
                continue
            words, actor = matches[0]
            end = t.i + 1
            while end < limit and end - t.i < len(words) and fold(doc[end].text) == words[end - t.i]:
                end += 1
            if end < limit and doc[end].is_title and doc[end].pos_ == "PROPN" and end - t.i < len(words):
                continue  # another name that starts with the same word: "Alcan Smith"
            index.add(t.i, end, actor, "name")

    def _titled_surname(self, words: list[str]) -> bool:
        """Whether a name is titles or honorifics and one more word ("Mr Kennedy", "Gen
        Musharraf", "Prof Lovenduski")."""
        return len(words) > 1 and all(
            fold(w).rstrip(".") in self.g.surname_honorifics or fold(w) in self.g.gendered_titles or self.g.title_sector(w) is not None
            for w in words[:-1]
        )

    def _surname_repeats(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """A capitalised word that is the last word of a named person's name, as the
        gazetteer has it or as the article wrote it ("Hasina" after "Sheikh Hasina" for
        Sheikh Hasina Wajed), or the whole of a hyphenated one ("Kilroy-Silk", never its
        "Silk"), also where the tagger took it for a noun. People known only by a title
        ("the Pakistani minister") have no surname: "Minister" in "Prime Minister X" is not
        them."""
        # the forms a person is named by: not a title standing for them ("the French
        # president" is Chirac, but "President" in "President Bush" is not)
        named: dict[str, list[str]] = defaultdict(list)
        for m in index.mentions:
            if m.kind in {"name", "surname"}:
                named[m.actor_id].append(_evidence(doc[m.start : m.end]).text)
        people: dict[str, str] = {}
        for a in index.actors.values():
            if a.type != "person" or a.id not in named:
                continue
            for form in [a.name, *named[a.id]]:
                if len(translit_key(form).split()) > 1 or form == a.name:
                    for key in surname_keys(form, a.country if form == a.name else None, self.g.family_first):
                        people.setdefault(key, a.id)
        if not people:
            return
        # a hyphenated word first, whole ("Kilroy-Silk"); then single words, also those in
        # a hyphenated word no one is named by ("the Putin-Xi summit")
        compounds = [(t.i, end) for t in doc[:limit] if not _inside_word(t) and (end := _word_end(t)) > t.i + 1]
        # (the tagger may take a surname for a noun, "Cates said", "Rowling has revealed":
        # then a word the article never writes in lower case)
        lower = index.lower_words()
        for start, end in [*compounds, *((t.i, t.i + 1) for t in doc[:limit])]:
            t = doc[start]
            if any(i in index.token_actor for i in range(start, end)) or not t.is_title:
                continue
            if t.pos_ != "PROPN" and not (t.pos_ == "NOUN" and end == start + 1 and t.lower_ not in lower):
                continue
            aid = people.get(translit_key(doc[start:end].text))
            if aid and _before_leaders_body(doc, start, end):
                _add_government(doc, start, end, index.actors[aid].country, index)
            elif aid:
                index.add(start, end, index.actors[aid], "surname")

    def _given_name_repeats(self, doc: Doc, index: ActorIndex, limit: int) -> None:
        """A capitalised word alone that is the first word of the name of one person the
        article named in full before it, as features and Thai or Indonesian names are
        written ("Akarachai Chaimaneekarakate ... says Akarachai", "Karin Kildow ... Karin
        tells TIME"); not a word that starts two people's names or ends anyone's, nor a
        state's name, nor the first word of a longer name ("Karin Smith")."""
        first: dict[str, set[str]] = defaultdict(set)
        since: dict[str, int] = {}
        ends: set[str] = set()
        for m in index.mentions:
            actor = index.actors[m.actor_id]
            if actor.type != "person" or m.kind not in {"name", "surname"}:
                continue
            words = [w for w in _evidence(doc[m.start : m.end]).text.split() if fold(w).rstrip(".") not in self.g.surname_honorifics]
            if words:
                ends.add(translit_key(words[-1]))
            if len(words) > 1 and m.kind == "name":
                key = translit_key(words[0])
                first[key].add(actor.id)
                since[key] = min(since.get(key, m.start), m.start)
        for t in doc[:limit]:
            if t.i in index.token_actor or not t.is_title or t.pos_ != "PROPN" or not t.is_alpha:
                continue
            key = translit_key(t.text)
            ids = first.get(key)
            if not ids or len(ids) != 1 or key in ends or t.i < since[key] or self.g.country_of(t.text):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN":
                continue  # a longer name that starts so
            index.add(t.i, t.i + 1, index.actors[next(iter(ids))], "surname")


def _hyphen_in_word(t: Token) -> bool:
    """A hyphen with no space either side: "co-chairman"."""
    return t.text == "-" and not t.whitespace_ and t.i > 0 and not t.doc[t.i - 1].whitespace_


def _inside_longer_entity(span: SpacySpan) -> bool:
    """Whether the NER model's name at a span runs on past it ("the National Archives"
    for "The National"): a name that is also a word names only itself in full."""
    doc = span.doc
    ends = [t for t in span if t.ent_iob_ in {"B", "I"}]
    if not ends:
        return False
    nxt = ends[-1].i + 1  # (a possessive the name takes in is no more name: "Tel Aviv's")
    return nxt < len(doc) and nxt >= span.end and doc[nxt].ent_iob_ == "I" and doc[nxt].is_alpha


def _adjective_opening(span: SpacySpan) -> bool:
    """Whether a one-word name is an adjective opening its sentence before a common noun,
    where its capital says nothing ("Conservative estimates suggest", "Liberal
    Democrat" aside)."""
    doc = span.doc
    return (
        len(span) == 1 and span[0].tag_ == "JJ" and span.start == span[0].sent.start
        and span.end < len(doc) and doc[span.end].is_lower and doc[span.end].pos_ == "NOUN"
    )


def _in_clause(t: Token, verb: Token) -> bool:
    """Whether token ``t`` is in the clause of ``verb`` itself or one that shares its
    subject ("plans to increase its fleet"), not in one below it with a subject of its own
    (a complement, adverbial, relative or coordinated clause)."""
    while t.i != verb.i:
        if t.dep_ in {"ccomp", "advcl", "relcl", "conj", "acl", "parataxis"} or t.head.i == t.i:
            return False
        t = t.head
    return True


def _relative(t: Token) -> bool:
    """Whether ``t`` is a relative pronoun: "who", "whom", "whose", or "which"/"that" as the
    subject of a relative clause ("the CBI, which complains"; not the "that" of "said that")."""
    if t.head.i == t.i:
        return False
    if t.lower_ in RELATIVE_PRONOUNS:
        return True
    return t.lower_ in {"which", "that"} and t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "relcl"


# words that make a noun another one than the article named before: "a second poll"
_OTHER_ONE = frozenset({"second", "third", "separate", "another", "other", "different", "earlier", "previous"})


def _name_words(name: str) -> list[str]:
    """A company's name as folded words, a hyphenated name's words apart: "Rolls-Royce" is
    "rolls", "royce", so "Rolls" alone can name it."""
    return fold(name).replace("-", " ").split()


def _determiner(t: Token) -> str | None:
    """The article or determiner before a noun, lower case: "a", "the"."""
    return next((c.lower_ for c in t.children if c.dep_ == "det"), None)


def _one_surname(span: SpacySpan) -> bool:
    """Whether a name is one written word ("al-Assad", "Kilroy-Silk"), or one after
    particles ("Von der Leyen", "de Gaulle")."""
    rest = [t for t in span if fold(t.text) not in _NAME_PARTICLES]
    return _word_end(span[0]) == span.end or len(rest) == 1 and rest[0].i == span.end - 1


def _inside_word(t: Token) -> bool:
    """Whether ``t`` continues a hyphenated word ("Silk" in "Kilroy-Silk")."""
    doc = t.doc
    return t.i >= 2 and doc[t.i - 1].text in {"-", "–"} and not doc[t.i - 1].whitespace_ and not doc[t.i - 2].whitespace_


def _word_end(t: Token) -> int:
    """The end (a token index) of the hyphenated word ``t`` begins ("Kilroy-Silk"), or of
    ``t`` alone."""
    doc = t.doc
    end = t.i + 1
    while end + 1 < len(doc) and doc[end].text in {"-", "–"} and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return end


# bodies people serve; the sectors of a state's bodies and of parties, whose people are of
# that body's country
_BODY_TYPES = frozenset({"organization", "igo", "military", "group"})


def _first_body(actors: Iterable[Actor]) -> Actor | None:
    """The first organisation, IGO, military or group with a sector: a body whose title
    says a person's sector (and country, for a state's body)."""
    return next((a for a in actors if a.type in _BODY_TYPES and a.sector), None)


# what a leader's name before it makes the government they lead ("the Trump administration")
_LEADERS_BODIES = frozenset({"administration", "government", "regime", "cabinet"})


def _before_leaders_body(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at tokens ``start:end`` is the modifier of "administration",
    "government", "regime" or "cabinet" right after it."""
    return end < len(doc) and doc[end].lower_ in _LEADERS_BODIES and doc[end - 1].head.i == end


def _add_government(doc: Doc, start: int, end: int, country: str | None, index: ActorIndex) -> None:
    """The government a leader named at ``start:end`` leads, with the body word after the
    name: an organisation of the leader's country, sector GOV."""
    name = f"{_clean_name(doc[start:end].text)} {doc[end].lower_}"
    actor = Actor(id=slug(name), name=name, type="organization", country=country, sector="GOV")
    index.add(start, end + 1, actor, "institution")


# prepositions that make a capital a location
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within"})
# words that say the name after them is a place: "the town of Sodari", "the capital
# Khartoum", "the Strait of Hormuz"
_PLACE_NOUNS = frozenset({
    "town", "city", "village", "capital", "district", "province", "county", "region", "port",
    "camp", "suburb", "neighbourhood", "neighborhood", "strait", "island", "islands", "gulf",
    "valley", "enclave", "municipality", "governorate", "oblast", "hamlet", "outskirts",
})
# ... and the verbs and prepositions of going somewhere: "visiting Dhaka", "enter
# Jerusalem", "speaking from Ramallah", "through El-Obeid"
_PLACE_VERBS = frozenset({"visit", "enter", "leave", "reach", "tour", "flee", "besiege", "encircle"})
_ROUTE_PREPS = frozenset({"through", "via", "into"})
_PARTY_SECTORS = frozenset({"PTY", "OPP"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP"})
# how often a story must name a country to be taken for its home without a dateline
_STORY_MENTIONS = 3


# where a bare surname stands as someone taking part: subject, object, possessor, or the
# modifier of a noun ("the Trump tariffs"; headlines parse so: "Starmer backs Ukraine deal")
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos", "dative", "compound"})

# the words around a bare "X" that make it the platform: "posted on X", "an X post"
_X_BEFORE = frozenset({"on", "platform", "network", "site", "via", "to"})
_X_AFTER = frozenset({"post", "posts", "account", "accounts", "feed", "user", "users", "handle", "thread"})


def _names_platform_x(t: Token) -> bool:
    """Whether a token "X" is the platform: after "on"/"platform"/"via" ("said on X"),
    before "post"/"account" ("in an X post"), or before "(formerly Twitter)"."""
    doc = t.doc
    prev = doc[t.i - 1] if t.i > 0 else None
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-":
        return False  # "X-ray"
    after = doc[t.i + 1 : t.i + 5].text.lower()
    return (
        prev is not None and prev.lower_ in _X_BEFORE
        or nxt is not None and nxt.lower_ in _X_AFTER
        or "formerly twitter" in after
    )


def _evidence(span: SpacySpan) -> Span:
    """The characters of a mention: without the whitespace an entity may end in, nor the
    full stop the tokenizer keeps on a sentence-final capital letter ("... posted on X.")."""
    text = span.text.rstrip()
    last = next((t.text for t in reversed(span) if not t.is_space), "")
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    # a lone letter is a whole name ("X"); after a longer one, the stop ends the sentence
    # when a line break or a capital follows (the parser may not split there: "on X. It")
    if re.fullmatch(r"[A-Z]\.", last) and (len(span) == 1 or nxt is None or nxt.is_space or nxt.is_sent_start or nxt.is_title):
        text = text[:-1]
    return Span(span.start_char, span.start_char + len(text), text)


def _x_alone(t: Token) -> bool:
    """Whether a token "X" stands as a name of its own: not a letter in a name ("Malcolm X",
    "Article X", "Generation X") nor a word ("X-ray")."""
    doc = t.doc
    prev = doc[t.i - 1] if t.i > 0 else None
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in {"-", "–"}:
        return False
    return prev is None or not (prev.is_title and prev.pos_ in {"PROPN", "NOUN"} and not prev.is_sent_start)


def _descriptions(span: SpacySpan) -> list[Token]:
    """Phrases that say what a named person is: an appositive ("X, Russia's deputy foreign
    minister"), the object of "as" after the verb they are the subject of ("X was sworn in
    as Bangladesh's prime minister", "X, who served as foreign minister"), or what they are
    or become ("X is set to become Bangladesh's next prime minister"), or the title the name
    is in apposition to ("the French foreign minister, Jean-Noël Barrot")."""
    root = span.root
    out = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.tag_ != "NNS":
        # "the French foreign minister, Jean-Noël Barrot" (one person is in apposition to
        # no plural: "officials who attacked the rapporteur, X" is a misparse)
        out.append(root.head)
    verbs = [c for c in root.children if c.dep_ == "relcl"]
    if root.dep_ in {"nsubj", "nsubjpass"}:
        verbs.append(root.head)
    # ... through "set to become", "expected to be"
    verbs += [x for v in verbs for x in v.children if x.dep_ == "xcomp"]
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                out.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in {"attr", "oprd"} and verb.lemma_ in {"be", "become", "remain"} and child.pos_ == "NOUN":
                out.append(child)  # "X is set to become Bangladesh's next prime minister"
    return out


def _dateline(span: SpacySpan) -> bool:
    """A name inside a wire dateline (:func:`detente.nlp.model.dateline`: "ISLAMABAD: ...",
    "JERUSALEM / ISLAMABAD: ...", "DENVER, COLO., March 3 -", "LONDON, Feb 17 (Reuters) -"):
    where the story was filed, or the agency that filed it, not an actor."""
    first = _paragraph_start(span.doc, span.start, back=_DATELINE_BACK)
    found = None if first is None else dateline(span.doc, first)
    return found is not None and span.end < found[1]


_HEADLINE_TOKENS = 30  # a wire headline's length, at most
_DATELINE_BACK = 16  # tokens from a dateline's start to a name in it


def _initials(name: str) -> str:
    """The first letters of a name's capitalised words: "National Audit Office" -> "NAO",
    "Office for National Statistics" -> "ONS"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


_TITLE_PREPOSITIONS = {"of", "for", "from", "at"}


def _appositive_title(doc: Doc, end: int, *, limit: int, names: bool = True) -> tuple[list[Token], int] | None:
    """The words of a title set off by a comma after a name, up to the preposition that
    says whose it is ("X, a spokesman for", "X, president and chief executive of"), and
    that preposition's index; None where none follows within ``limit`` words. ``names``:
    whether a title's words may be names ("X, Reuters correspondent at")."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    kinds = {"DET", "ADJ", "NOUN", "PROPN"} if names else {"DET", "ADJ", "NOUN"}
    words: list[Token] = []
    for t in doc[end + 1 : min(len(doc), end + 1 + limit)]:
        if t.lower_ in _TITLE_PREPOSITIONS:
            return words, t.i
        if t.pos_ not in kinds and t.lower_ != "and":
            return None
        words.append(t)
    return None


def _paragraph_start(doc: Doc, i: int, back: int) -> int | None:
    """The token that opens the paragraph token ``i`` is in, when it is at most ``back``
    tokens before it; else None."""
    for first in range(i, max(-1, i - back - 1), -1):
        if first == 0 or doc[first - 1].is_space and "\n" in doc[first - 1].text or "\n" in doc[first - 1].whitespace_:
            return first
    return None


def _names_after_datelines(doc: Doc, limit: int) -> list[tuple[int, int]]:
    """Token spans of the capitalised names that are the subject right after a wire
    dateline and that the NER model left without a label (or put in the dateline's DATE):
    "Tender Loving Care", "Standard and Poor's", "The Maine Public Utilities Commission"
    (without "The"); one word only as the subject of a verb of speech."""
    out = []
    for sent in doc_sents(doc):
        if sent.start >= limit or (e := dateline_end(doc, sent.start)) is None:
            continue
        j = e + (doc[e].lower_ == "the") if e < limit else e
        k = j
        while k < limit and (
            doc[k].pos_ == "PROPN" and doc[k].is_title
            or k > j and k + 1 < limit and doc[k].lower_ in {"and", "&", "of"} and doc[k + 1].is_title
        ):
            k += 1
        if k < limit and k > j and doc[k].lower_ in _POSSESSIVE:
            k += 1  # "Standard and Poor's"
        words = doc[j:k]
        subject = any(t.dep_ in {"nsubj", "nsubjpass"} for t in words) and not any(t.ent_type_ not in {"", "DATE"} for t in words)
        # one capitalised word opening a sentence may be any noun ("PARIS: Service was
        # restored"): a name only as the subject of a verb of speech ("Transform said")
        if k > j and subject and (k - j > 1 or _speaks(doc[j])):
            out.append((j, k))
    return out


_MARKED_LEN = 10  # tokens: the longest company name Reuters marks


def _marked_companies(doc: Doc, limit: int) -> list[tuple[int, int]]:
    """Token spans inside the angle brackets Reuters puts round a company's name or ticker
    ("<Norrell Corp>", "<VOWG.F>"), within a paragraph; a name starts with a capital."""
    out = []
    for t in doc[:limit]:
        if t.text != "<":
            continue
        close = next((x.i for x in doc[t.i + 1 : min(limit, t.i + _MARKED_LEN + 1)] if x.text in {">", "<"} or x.text.count("\n") > 1), None)
        if close is not None and close > t.i + 1 and doc[close].text == ">" and doc[t.i + 1].text[:1].isupper():
            out.append((t.i + 1, close))  # (a name: not "<script>" or "<b>")
    return out


def _marked(span: SpacySpan) -> bool:
    """Whether a name is one Reuters marks as a company's: "<Norrell Corp>"."""
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].text == "<" and span.end < len(doc) and doc[span.end].text == ">"


def _in_capitals_line(span: SpacySpan) -> bool:
    """Whether a span lies on a line written all in capitals, as wire headlines are
    ("KODAK <EK> SAYS ..."): there the NER model takes words for names ("MCLEAN" a firm)."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.start_char)  # (the NER model's span may take the line break in)
    line = text[start : len(text) if end < 0 else end]
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and len(line.split()) > 1 and all(c.isupper() for c in letters)


def _dateline_word(t: Token) -> bool:
    """A word of a dateline that opens a paragraph in capitals ("GREENWICH, Conn.")."""
    return t.is_upper and len(t) > 1 and _dateline(t.doc[t.i : t.i + 1])


def _bare(span: SpacySpan) -> SpacySpan:
    """``span`` without a leading "the"."""
    return span[1:] if len(span) > 1 and span[0].lower_ == "the" else span


def _is_acronym_of(word: str, span: SpacySpan) -> bool:
    """Whether ``word`` ("ISPR", "Nadra", "UAE") can abbreviate the name ``span``: two to
    eight letters, capitalised, with at least two capitals or a name of three words or more,
    starting with the first letter of the name's first capitalised word."""
    if not (2 <= len(word) <= 8 and word.isalpha() and word[0].isupper()):
        return False
    words = [t.text for t in _bare(span) if t.text[:1].isupper()]
    if not words or words[0][0] != word[0]:
        return False
    return sum(c.isupper() for c in word) >= 2 or len(words) >= 3


# "anti-Syria journalist", "pro-Iranian group", "Syrian-backed militia": a state named as
# what someone is for, against or backed by is not that state acting
_STANCE_PREFIXES = {"anti", "pro", "non"}
_BACKED = {"backed", "supported", "sponsored", "funded", "financed", "armed", "trained", "allied", "aligned",
           "leaning", "oriented", "friendly", "installed", "imposed", "inspired"}


def _stance_modifier(span: SpacySpan) -> bool:
    if "|" in span.label_ and span.label_.split("|", 1)[0] not in {"country", "metonym", "demonym"}:
        return False
    if "|" not in span.label_ and span.label_ != "NORP":
        return False
    doc = span.doc
    s, e = span.start, span.end
    if s >= 1 and doc[s - 1].lower_.rstrip("-") in _STANCE_PREFIXES and doc[s - 1].lower_.endswith("-"):
        return True
    if s >= 2 and doc[s - 1].text in {"-", "–"} and doc[s - 2].lower_ in _STANCE_PREFIXES:
        return True
    if span[0].lower_.split("-", 1)[0] in _STANCE_PREFIXES and "-" in span[0].text:
        return True
    return e + 1 < len(doc) and doc[e].text in {"-", "–"} and doc[e + 1].lower_ in _BACKED


def set_off(t: Token) -> bool:
    """A colon, or a dash standing between spaces after a dateline's last word ("MOSCOW -",
    "(Reuters) -", "May 3 -"); not the dash inside a name ("Banca Nazionale del Lavoro - BNL")."""
    if t.text == ":":
        return True
    if t.text not in {"-", "—", "–", "--"} or not t.whitespace_ or t.i == 0:
        return False
    prev = t.doc[t.i - 1]
    return bool(prev.whitespace_) and (prev.text == ")" or prev.like_num or prev.is_upper and len(prev.text) > 1)


def _main_subject(t: Token) -> bool:
    return t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT" or _after_dateline(t) and _main_subject(t.head)


def _after_dateline(t: Token) -> bool:
    """A name the parser hung on the dateline it took for the subject ("GREENWICH, Conn.,
    April 8 - National Guardian Corp said"): the subject in its place."""
    return t.dep_ == "appos" and t.head.i < t.i and _dateline_word(t.head)


def _as_source(t: Token) -> bool:
    """Whether a word is what the article cites: the subject of a verb ("the newspaper
    said", "the magazine quoted him") or after "according to"."""
    if t.dep_ == "nsubj":
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according"


def _speaks(t: Token) -> bool:
    """Whether a word is the subject of a verb of speech (cues.yaml): "what they say"."""
    from detente.nlp.quotes import load_cues

    return t.dep_ == "nsubj" and t.head.lemma_.lower() in load_cues().verbs


def _clause_subject(t: Token) -> bool:
    """The subject of its sentence's main clause, or of a clause set beside it or joined to
    it ("He said", "“…,” he said", "…, he added", "Britain was cautious, but Mr Straw
    said"), not of a subordinate one ("after he predicted", "said he would")."""
    if _after_dateline(t):
        t = t.head
    if t.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    head = t.head
    return head.dep_ in {"ROOT", "parataxis"} or head.dep_ == "conj" and head.head.dep_ == "ROOT"


def _one_word_entity(t: Token) -> bool:
    doc = t.doc
    return t.ent_iob_ == "B" and (t.i + 1 >= len(doc) or doc[t.i + 1].ent_iob_ != "I")


def _names_a_person(title: Token) -> bool:
    """Whether a title noun belongs to a named person: "President Putin", "the
    minister, Sergei Lavrov", "Foreign Minister Lavrov's"."""
    if title.ent_type_ == "PERSON":
        return True
    if title.dep_ in {"compound", "amod", "appos", "nmod"} and title.head.ent_type_ == "PERSON":
        return True
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in title.children):
        return True
    doc = title.doc
    j = title.i + 1
    if j < len(doc) and doc[j].lower_ in {"of", "for"}:
        # what the title is of, then the name: "minister of mines and power Bunu Sheriff Musa"
        j += 1
        while j < min(len(doc), title.i + 8) and doc[j].ent_type_ != "PERSON" and (
            doc[j].pos_ in {"NOUN", "PROPN", "ADJ"} or doc[j].lower_ in {"and", "&"}
        ):
            j += 1
    return j < len(doc) and doc[j].ent_type_ == "PERSON"


def _names_a_place(root: Token) -> bool:
    """Whether the name headed by ``root`` stands as a place, whatever it names: after a
    place noun ("the town of Sodari", "the capital, Khartoum"), as the object of a verb of
    going ("visiting Dhaka") or of a preposition of route ("through El-Obeid"; "from" only
    after a verb: "speaking from Ramallah", not "a message from Washington")."""
    head = root.head
    if head.i == root.i:
        return False
    if root.dep_ == "appos" and head.lower_ in _PLACE_NOUNS:
        return True
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS:
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in _PLACE_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ in _ROUTE_PREPS:
        return True
    return root.dep_ == "pobj" and head.lower_ == "from" and head.head.pos_ == "VERB"


# words of news that open a sentence, not a name: "Latest Nato estimates show"
_NEWS_WORDS = frozenset({"latest", "breaking", "exclusive"})


_EDGE_MARKS = frozenset({'"', "'", "“", "”", "‘", "’", "«", "»", "-", "–", "—", "--", "<", ">"})


def _trim(ent: SpacySpan) -> SpacySpan | None:
    """Drop a leading "the", word of news ("Latest Nato") or verb ("Follow Ian Hanchett"), a trailing possessive, a
    social-media handle with what follows it ("Twitter @IanHanchett"), an opening bracket
    with what follows it ("Relief Directorate (RD": the acronym is read on its own) and a
    hyphenated lower-case word ("Elon Musk-owned") from an entity; a person's name that
    starts with "bin" or "ibn" gets back the given name the NER model left before it
    ("Adviser Sheikh [Tahnoon] bin Zayed")."""
    s, e = ent.start, ent.end
    doc = ent.doc
    if ent.label_ == "PERSON" and s > 0 and doc[s].text in _PATRONYMIC and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_title:
        s -= 1
    if e - s > 1 and doc[s].pos_ == "VERB":  # "Follow Ian Hanchett"
        s += 1
    while s < e and (doc[s].lower_ in _DETERMINERS or doc[s].is_space or e - s > 1 and doc[s].lower_ in _NEWS_WORDS):
        s += 1  # ("the\nCommission": the line break too)
    e = next((t.i for t in doc[s:e] if t.text.startswith("@") or t.text == "("), e)
    # ... and a person's double-barrelled surname the NER model cut at the hyphen
    # ("Dorothy Pemberton" of "Dorothy Pemberton-Hale")
    if (
        ent.label_ == "PERSON" and e == ent.end and e + 1 < len(doc) and doc[e].text == "-"
        and not doc[e - 1].whitespace_ and not doc[e].whitespace_ and doc[e + 1].is_title and doc[e + 1].is_alpha
    ):
        e += 2
    # "Elon Musk-owned", "Saudi-led": a hyphen and a lower-case word end the name
    e = next((t.i for t in doc[s + 1 : e] if t.text in {"-", "–"} and t.i + 1 < e and doc[t.i + 1].is_lower), e)
    while e > s and doc[e - 1].lower_ in _POSSESSIVE:
        e -= 1
    # quote marks and dashes at either end are no part of a name ('the "Abstentions
    # Party"', "Alan Beith - who chairs ..."), and a name does not begin inside a
    # hyphenated word ("A-Levels" gives "-Levels")
    while s < e and (doc[s].text in _EDGE_MARKS or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].text in _EDGE_MARKS or doc[e - 1].is_space):
        e -= 1
    if s >= e or doc[s].text[0] in "-–—":
        return None
    span = doc[s:e]
    span.label_ = ent.label_
    return span


def _clean_name(name: str) -> str:
    name = re.sub(r"(’s|'s)$", "", name.strip())
    return re.sub(r"\s+", " ", name)
