"""PLOVER events: who did what to whom, from the dependency parse.

Loaded data: ``data/plover_types.yaml`` (types, quads, base intensities, modes) and
``data/plover_lexicon.csv`` (verb/noun + object → type, mode, direction).

For each trigger (a verb or noun in the lexicon, the most specific row winning):

* source and target: the subject and the object or prepositional object, after
  climbing ``xcomp``/``conj``/``advcl`` to find an inherited subject ("Russia is ready
  to normalize relations with the United States": Russia → United States); passive
  and ``reverse`` rows swap the roles ("Russia withstood sanctions");
* flags, read off the path from the trigger to its clause: negation ("has never
  refused", "is not a priority"), hypothetical (may/might/could/would, "if",
  "possibility of"), future/intent (will, "is ready to", "plans to");
* PLOVER's rule that future CONSULT/SUPPORT/COOPERATE/AID are coded AGREE;
* ``said_by``: the speaker of the statement whose content holds the trigger;
* date: the time expression in the trigger's clause, else the statement's date.

The main act of a sentence: a trigger that is the object, complement or purpose of another
("rejected a call for sanctions", "agreed that they should cooperate", "shelled the town,
killing 20") is that act's content and not coded apart; a complement extends the outer
trigger ("agreed to allow"); an order for an act is coded as the act ("ordered patrols");
a verb that is no trigger stands for the act its object names ("continued their hunger
strike to demand ..."). A sentence whose main act names no actor keeps that act with no
participants. Nominal acts take their doer from the verb that governs them ("Italy
announced a suspension of air links with Serbia") and their target from an "of" phrase
("the blockade of Serbia"), a purpose ("a hunger strike to protest against ..."), or the
place. When the parse hides the recipient, the first actor after the verb in its clause
is taken (as TABARI/PETRARCH do); threats take as target who must meet their condition
("unless Israel rescinded"); an act with no named doer is coded to the country where it
happens; a hostile act on unnamed people in a sentence naming one state falls on it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from detente.models import Actor, Event, Quote, Span, Time
from detente.nlp.actors import ActorIndex
from detente.nlp.model import doc_text
from detente.nlp.quotes import is_calendar

DOMESTIC_BY_DEFAULT = {"PROTEST", "COERCE", "CONCEDE"}
# acts done to someone: with no named target in a one-country sentence, that country's people
HOSTILE_TYPES = {"ASSAULT", "COERCE", "THREATEN", "REJECT", "ACCUSE", "SANCTION"}
UNDIRECTED_TYPES = {"AGREE", "CONSULT", "RETREAT", "SUPPORT", "COOPERATE", "MOBILIZE", "AID"}
FUTURE_TYPES_AS_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
# announced or intended hostile acts are threats: "will impose sanctions", "vowed to strike"
FUTURE_TYPES_AS_THREATEN = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}
# heads that make what they govern an intention, but not a threat: "tried to kill" is an attack
NOT_THREAT_HEADS = {"try", "attempt", "seek", "hope", "want", "aim", "likely", "expect", "consider", "wish",
                    "decide", "agree", "eager", "keen", "determined", "offer", "propose"}
MODALS_HYPOTHETICAL = {"may", "might", "could", "would", "should"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
# heads that put what they govern in the future: "is ready to", "plans to"
FUTURE_HEADS = {
    "ready", "willing", "prepared", "poised", "set", "eager", "keen", "determined", "likely",
    "plan", "intend", "want", "seek", "aim", "vow", "pledge", "promise", "expect", "hope", "prepare",
    "threaten", "offer", "propose", "decide", "agree", "consider", "wish", "try", "attempt", "swear",
}
HYPOTHETICAL_NOUNS = {"possibility", "prospect", "chance", "option", "risk", "threat", "likelihood", "idea"}
TARGET_PREPS = {"with", "to", "on", "against", "for", "toward", "towards", "into", "at", "upon", "over", "between"}
# where the act happens, the target when nothing else is: "lifted a curfew in Montenegro"
PLACE_PREPS = {"in", "inside", "within", "across", "throughout"}
# what a place phrase can name: a country, or a place of one ("in Basra")
PLACE_TYPES = frozenset({"country", "place"})
# pronouns standing for the subject of the clause that reports them: "Syria said it would ..."
ANAPHORS = {"it", "they", "we", "its", "their"}
MAX_PAIRS = 6
# a cooperative act refused or not done is a rejection: "will not accept refugees",
# "failed to reach agreement", "declined to resign"
NEGATED_AS_REJECT = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
NEGATING_HEADS = {"fail", "decline", "refuse", "reject"}
# verbs that report a statement; "X said Y must ..." is X's demand on Y
REPORTING = {"say", "declare", "insist", "reiterate", "stress", "announce", "state", "conclude", "tell",
             "add", "warn", "argue", "write", "repeat", "emphasize", "emphasise", "underline", "maintain"}
OBLIGATION = {"must", "should"}
# an order for an act is coded as that act, done by whoever ordered it (CAMEO practice)
COMMAND_VERBS = {"order", "authorize", "authorise", "command"}
SOURCE_PREPS = {"by", "from"}
# participles that with "be" state the subject's own stance: "is committed to", "is opposed to"
STATIVE_PARTICIPLES = {"commit", "oppose", "determine", "resolve", "dedicate", "devote", "prepare", "engage", "involve"}
# exercises: MOBILIZE for one state, COOPERATE when held jointly (manual 3.14.1)
EXERCISE_WORDS = {"exercise", "drill", "maneuver", "manoeuvre", "maneuvre", "game", "wargame"}
# a lexicon object that matches any object naming an actor: "defend,VERB,<actor>"
ACTOR_OBJECT = "<actor>"
# nominal acts whose "of" phrase is the doer: "the withdrawal of US troops", "a visit of the
# president"; for the others it is the patient: "the blockade of Serbia"
COMPLAINT_TYPES = {"ACCUSE", "PROTEST"}
OF_IS_SOURCE = {"RETREAT", "MOBILIZE", "CONSULT", "PROTEST", "AGREE", "COOPERATE"}


@dataclass(frozen=True)
class Row:
    trigger: str
    pos: str
    objects: frozenset[str]
    type: str
    mode: str | None
    reverse: bool


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: str
    intensity: float
    mode_intensity: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Lexicon:
    rows: dict[tuple[str, str], list[Row]]
    types: dict[str, PloverType]
    legacy: dict[str, str]

    def intensity(self, type_: str, mode: str | None) -> float:
        t = self.types.get(type_)
        if t is None:
            return 0.0
        if mode and mode in t.mode_intensity:
            return t.mode_intensity[mode]
        return t.intensity


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = resources.files("detente.data")
    try:
        raw = yaml.safe_load(data.joinpath("plover_types.yaml").read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raw = {}
    types = {
        name: PloverType(
            name,
            str(spec.get("quad", "")),
            float(spec.get("intensity", 0.0)),
            {str(k): float(v) for k, v in (spec.get("mode_intensity") or {}).items()},
        )
        for name, spec in (raw.get("types") or {}).items()
    }
    rows: dict[tuple[str, str], list[Row]] = {}
    try:
        text = data.joinpath("plover_lexicon.csv").read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    for rec in csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#")):
        trigger = (rec.get("trigger") or "").strip().lower()
        pos = (rec.get("pos") or "VERB").strip().upper()
        type_ = (rec.get("type") or "").strip().upper()
        if not trigger or not type_:
            continue
        objects = frozenset(o.strip().lower() for o in (rec.get("objects") or "").split("|") if o.strip())
        mode = (rec.get("mode") or "").strip() or None
        reverse = (rec.get("direction") or "").strip().lower() == "reverse"
        rows.setdefault((trigger, pos), []).append(Row(trigger, pos, objects, type_, mode, reverse))
    return Lexicon(rows, types, {str(k): str(v) for k, v in (raw.get("legacy") or {}).items()})


class EventCoder:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()

    def __call__(
        self,
        doc: Doc,
        index: ActorIndex,
        quotes: list[Quote],
        times: list[Time],
        *,
        end_char: int | None = None,
    ) -> list[Event]:
        text = doc_text(doc)
        end_char = len(text) if end_char is None else end_char
        events: list[Event] = []
        consumed: set[int] = set()  # object nouns already coded with their verb
        candidates: list[tuple[Token, Row, list[Token]]] = []
        for t in doc:
            if t.idx >= end_char:
                break
            if t.pos_ in {"VERB"} or (t.pos_ == "AUX" and t.dep_ == "ROOT") or (t.pos_ == "ADJ" and t.dep_ == "acomp"):
                match = self._match_verb(t, index)
                if match:
                    row, objs, extra = match
                    candidates.append((t, row, extra))
                    consumed.update(o.i for o in objs)
        for t in doc:
            if t.idx >= end_char:
                break
            if t.pos_ in {"NOUN", "PROPN"} and t.i not in consumed and not _in_attribution(t) and _names_an_act(t):
                mods = {c.lemma_.lower() for c in t.children if c.dep_ in {"compound", "amod"}}
                noun_row = self._best(self.lex.rows.get((t.lemma_.lower(), "NOUN"), []), mods)
                if noun_row is not None:
                    candidates.append((t, noun_row, []))
        for t in doc:
            if t.idx >= end_char:
                break
            if t.lemma_.lower() in REPORTING and t.pos_ == "VERB" and (demand := _obligation_row(t)) is not None:
                candidates.append((t, demand, []))
        triggers = {t.i for t, _, _ in candidates}
        dropped: set[int] = set()
        extend: dict[int, list[Token]] = {}
        governor = {t.i: g for t, _, _ in candidates if (g := _governing_trigger(t, triggers)) is not None}
        for t, _, _ in candidates:
            gov = governor.get(t.i)
            if gov is None:
                continue
            back = governor.get(gov.i)
            if back is not None and back.i == t.i and t.i < gov.i:
                continue  # each the other's content through a light verb: the first stays
            if gov.lemma_.lower() in COMMAND_VERBS and t.dep_ == "dobj" and t.head == gov:
                dropped.add(gov.i)  # "ordered patrols", "ordered the arrest of": the act ordered
            else:
                dropped.add(t.i)
                if t.dep_ == "xcomp" and t.head == gov:
                    extend.setdefault(gov.i, []).append(t)  # one trigger: "agreed to allow"
        candidates = [(t, row, extra + extend.get(t.i, [])) for t, row, extra in candidates if t.i not in dropped]
        unplaced: list[tuple[Token, Row, list[Token]]] = []
        for t, row, extra in sorted(candidates, key=lambda c: c[0].i):
            coded = self._code(t, row, extra, index, quotes, times, text)
            if not coded and _main_event(t):
                unplaced.append((t, row, extra))
            events.extend(coded)
        # a sentence whose main act names no actor still reports that act ("Ibo elders
        # demanded ..."): code it with no participants when the sentence has no other event
        if unplaced:
            had = {e.evidence.start for e in events}
            for t, row, extra in unplaced:
                if t.sent.start_char not in had:
                    events.extend(self._code(t, row, extra, index, quotes, times, text, anonymous=True))
            events.sort(key=lambda e: e.trigger.start)
        return events

    # --- matching --------------------------------------------------------------------------

    def _participle_lemma(self, t: Token) -> str | None:
        """The verb of a predicative participle the tagger calls an adjective: "is committed
        to" -> commit, "is opposed to" -> oppose."""
        w = t.lower_
        if t.dep_ != "acomp" or not w.endswith("ed"):
            return None
        for cand in (w[:-1], w[:-2], w[:-3] if len(w) > 4 and w[-3] == w[-4] else ""):
            if cand and ((cand, "VERB") in self.lex.rows or any(c.dep_ == "prep" and (f"{cand} {c.lower_}", "VERB") in self.lex.rows for c in t.children)):
                return cand
        return None

    def _best(self, rows: list[Row], objects: set[str], direct: set[str] | None = None) -> Row | None:
        """The most specific row: one whose objects the direct object names ("evacuated the
        wounded from the town": AID, not RETREAT), then one any object names, then the
        general row."""
        if direct:
            specific = [r for r in rows if r.objects and r.objects & direct]
            if specific:
                return specific[0]
        specific = [r for r in rows if r.objects and r.objects & objects]
        if specific:
            return specific[0]
        general = [r for r in rows if not r.objects]
        return general[0] if general else None

    def _match_verb(self, t: Token, index: ActorIndex) -> tuple[Row, list[Token], list[Token]] | None:
        lemma = t.lemma_.lower() if t.pos_ != "ADJ" else self._participle_lemma(t)
        if not lemma:
            return None
        objs = _objects(t)
        direct = {o.i for c in t.children if c.dep_ in {"dobj", "attr", "oprd", "nsubjpass"} for o in [c, *c.children]}
        words: set[str] = set()
        direct_words: set[str] = set()
        if any(c.dep_ == "dobj" and _names_actor(c, index) for c in t.children):
            words.add(ACTOR_OBJECT)
            direct_words.add(ACTOR_OBJECT)
        for o in objs:
            forms = {o.lemma_.lower(), o.lower_}
            mods = [c.lower_ for c in o.children if c.dep_ in {"compound", "amod"}]
            forms.update(f"{m} {o.lemma_.lower()}" for m in mods)
            words |= forms
            if o.i in direct:
                direct_words |= forms
        particles = [c for c in t.children if c.dep_ in {"prt", "prep"}]
        for p in particles:
            rows = self.lex.rows.get((f"{lemma} {p.lower_}", "VERB"))
            if rows:
                row = self._best(rows, words, direct_words)
                if row is not None:
                    return row, objs, [p]
        rows = self.lex.rows.get((lemma, "VERB"))
        if not rows:
            return None
        row = self._best(rows, words, direct_words)
        if row is None:
            return None
        used = [o for o in objs if o.lemma_.lower() in row.objects or o.lower_ in row.objects] if row.objects else []
        return row, used, []

    # --- coding ------------------------------------------------------------------------------

    def _code(
        self,
        t: Token,
        row: Row,
        extra: list[Token],
        index: ActorIndex,
        quotes: list[Quote],
        times: list[Time],
        text: str,
        *,
        anonymous: bool = False,
    ) -> list[Event]:
        """The event of a trigger; one per (source, target) pair when either side is a
        coordination ("Jordan and Britain agreed", "sanctions on Iran and Syria")."""
        sources, targets = self._participants(t, row, index)
        # a place does not act ("police in Jerusalem arrested", "a bombing near Samarra
        # killed"), but an act there with no other doer is of its country (CAMEO practice)
        places = [a for a in sources if index.actors[a].type == "place"]
        sources = [a for a in sources if a not in places]
        place_country = index.actors[places[0]].country if places and not sources else None
        if not sources and not targets:
            topic = _topic_of_previous_sentence(t, index)
            if topic is not None:
                sources = [topic]
            elif not anonymous:
                return []
        chain = _governing_chain(t)
        negated = _negated(t, chain)
        hypothetical = _hypothetical(t, chain)
        future = _future(t, chain)
        type_ = self.lex.legacy.get(row.type, row.type)
        mode = row.mode
        if type_ == "MOBILIZE" and t.lemma_.lower() in EXERCISE_WORDS and _joint(t, sources, index):
            type_, mode = "COOPERATE", None  # "French and Egyptian warships launched war games"
        refused = type_ in NEGATED_AS_REJECT and (negated or _refused(chain))
        if refused:
            type_, mode, negated = "REJECT", None, False
        elif _intended(t, chain) and _ultimatum(chain):
            type_, mode = "THREATEN", None
        elif future and type_ in FUTURE_TYPES_AS_AGREE:
            type_, mode = "AGREE", None
        elif type_ in FUTURE_TYPES_AS_THREATEN and (_intended(t, chain) or (hypothetical and _conditioned(chain))):
            # "will impose sanctions", "may halt mediation if cooperation founders"
            type_, mode = "THREATEN", None
        if type_ == "THREATEN" and (not targets or _own_places(targets, sources, index)):
            # the one who must meet the condition: "threatened to strike unless Israel rescinded"
            targets = [a for a in _condition_subject(chain + extra, index) if a not in sources] or targets
        trig_start = t.idx
        trig_end = t.idx + len(t.text)
        for p in extra:
            trig_end = max(trig_end, p.idx + len(p.text))
        sent = t.sent
        ev_text = sent.text.rstrip()
        said_by = None
        quote_date = None
        for q in quotes:
            if q.content.start <= trig_start < q.content.end:
                said_by = q.speaker.actor if q.speaker else None
                quote_date = q.date
                break
        date = _clause_time(t, times) or quote_date
        pairs: list[tuple[str | None, str | None]] = []
        reflexive: set[str | None] = set()  # a state acting on itself: "Croatia is investigating Croatian extremists"
        src_ids: list[str | None] = list(sources) or [None]
        tgt_ids: list[str | None] = list(targets) or [None]
        for s_id in src_ids:
            for t_id in tgt_ids:
                pair = (s_id, None if t_id == s_id else t_id)
                if pair not in pairs:
                    pairs.append(pair)
                if t_id is not None and t_id == s_id:
                    reflexive.add(s_id)
        out = []
        context: list[str | None] = []  # computed once, when a side needs it
        for source, target in pairs[:MAX_PAIRS]:
            src = index.actors.get(source) if source else None
            tgt = index.actors.get(target) if target else None
            source_country = src.country if src else place_country
            target_country = tgt.country if tgt else None
            if (source_country is None and _unplaced(src, index)) or (target_country is None and _unplaced(tgt, index)):
                if not context:
                    context.append(_context_country(t, index))
                # an unknown person or group, or an unnamed doer, acts in the one state
                # its sentence names (PETRARCH/NGEC use the context the same way):
                # "President Dos Santos conceded to UNITA's demands", "Ibo elders demanded"
                if source_country is None and _unplaced(src, index) and (src is not None or context[0] != target_country or _has_doer(t)):
                    # with no doer named at all, not the state acted on: "Retaliating
                    # against Iraq is not a priority"
                    source_country = context[0]
                if target_country is None and _unplaced(tgt, index) and (
                        tgt is not None or (type_ not in UNDIRECTED_TYPES and not (hypothetical or negated))):
                    # an act with no named target, on the one state its sentence names
                    # (not an act only imagined: "if Moscow retaliates")
                    target_country = context[0]
            if type_ in DOMESTIC_BY_DEFAULT and tgt is None and source_country is not None:
                # with no stated target, protests are against the protesters' own state and a
                # state's curfews, arrests and concessions fall on its own people (CAMEO/PLOVER
                # practice): "Algerians blocked roads", "the junta imposed a curfew"
                target_country = source_country
            elif tgt is None and source in reflexive and src is not None and src.type != "person":
                target_country = source_country  # its own people: a domestic act
            elif (type_ in HOSTILE_TYPES and tgt is None and source_country is not None and not (hypothetical or negated)
                  and _domestic(t, source_country, index)):
                # a hostile act on unnamed people ("opened fire on demonstrators", "is
                # prepared to impose martial law") in a sentence that names no other state
                # falls on the doer's own country
                target_country = source_country
            elif type_ in HOSTILE_TYPES and tgt is None and target_country is None and not negated:
                # ... and on unnamed people elsewhere, on the country where it happens:
                # "killed 23 people when they blew themselves up in Tel Aviv"
                place = _place_of(t, index)
                target_country = index.actors[place[0]].country if place else None
            out.append(
                Event(
                    type=type_,
                    mode=mode,
                    source=source,
                    target=target,
                    source_country=source_country,
                    target_country=target_country,
                    negated=negated,
                    hypothetical=hypothetical,
                    future=future,
                    intensity=self.lex.intensity(type_, mode),
                    date=date,
                    said_by=said_by,
                    trigger=Span.of(text, trig_start, trig_end),
                    evidence=Span.of(text, sent.start_char, sent.start_char + len(ev_text)),
                )
            )
        return out

    def _participants(self, t: Token, row: Row, index: ActorIndex) -> tuple[list[str], list[str]]:
        if t.pos_ in {"NOUN", "PROPN"}:
            return _noun_participants(t, row, index)
        if row.trigger == OBLIGATION_TRIGGER:
            subj, _ = _subject(t)
            demanded = _obliged_clause(t)
            targets: list[str] = []
            if demanded is not None:
                for c in demanded.children:
                    if c.dep_ in {"nsubj", "nsubjpass"}:
                        targets = _actors_of(c, index)
            return (_actors_of(subj, index) if subj is not None else []), targets
        subj, passive = _subject(t)
        subj_actors = _actors_of(subj, index) if subj is not None else []
        if passive and t.lemma_.lower() in STATIVE_PARTICIPLES and not any(c.dep_ == "agent" for c in t.children):
            passive = False  # "Vietnam is committed to", "Israel is opposed to": a stance, not a passive
        agents: list[str] = []
        for holder in [t, *[c for c in t.children if c.dep_ == "dobj"]]:
            for c in holder.children:
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in SOURCE_PREPS):
                    for p in c.children:
                        if p.dep_ == "pobj" and not agents:
                            agents = _actors_of(p, index)
        finite = t.tag_ in {"VBD", "VBZ", "VBP"} or (t.tag_ == "VBN" and any(c.dep_ == "aux" for c in t.children))
        if subj is None and not passive and finite and t.dep_ in {"ROOT", "conj", "ccomp"}:
            # a finite verb the parser left without a subject: the nearest actor before it
            # in its sentence (the TABARI rule)
            subj_actors = _actor_before(t, index)
        if passive or row.reverse:
            sources, targets = agents, subj_actors
        else:
            targets = _complaint_topic(t, index) if row.type in COMPLAINT_TYPES else []
            sources, targets = subj_actors, targets or _target_of(t, index)
        if not sources:
            # an act with no named doer is coded to the country where it happens (CAMEO
            # practice): "a roadside bomb near Samarra killed a U.S. soldier", "leaders of
            # the opposition coalition agreed to postpone the demonstration in Baku"
            sources = [a for a in _place_of(t, index) if a not in targets]
            if not sources and row.type == "PROTEST" and subj is not None:
                # unnamed protesters where the place is all the sentence names: "prisoners
                # rioted at a jail in Dili" are that country's people, acting at home
                sources = _place_of(t, index)
        return sources, targets


# how an act can be the content of another: its object, complement or purpose ("rejected a
# call for", "agreed that they should cooperate", "shelled Juba, killing 20")
NESTING_DEPS = {"xcomp", "ccomp", "dobj", "attr", "oprd", "pobj", "prep", "pcomp", "acl", "advcl", "appos", "compound", "amod", "nsubjpass", "agent"}


def _governing_trigger(t: Token, triggers: set[int]) -> Token | None:
    """The trigger whose content ``t`` is: a trigger reached by climbing from ``t``
    through objects, complements and adverbial clauses, not through a coordination
    ("kidnapped ... and exploded bombs" are two acts) or a relative clause (but an
    infinitival one is a purpose: "a hunger strike to protest ...")."""
    h = t
    path = {t.i}
    for _ in range(6):
        if (h.dep_ not in NESTING_DEPS and not (h.dep_ == "relcl" and _infinitival(h))) or h.head == h:
            return None
        h = h.head
        path.add(h.i)
        if h.i in triggers:
            return h
        if h.pos_ in {"VERB", "AUX"}:
            # a verb that is not a trigger stands for the act its object names: "continued
            # their hunger strike to demand ...", "remained on alert after ... unrest"
            for o in _light_objects(h):
                if o.i in triggers and o.i not in path:
                    return o
    return None


def _light_objects(v: Token) -> list[Token]:
    """The act a verb that is no trigger itself is about: its object, its complement
    ("declined to resign", "is prepared to impose") or its first prepositional phrase."""
    out = [c for c in v.children if c.dep_ in {"dobj", "attr", "xcomp"}]
    if out:
        return out
    for c in v.children:
        if c.dep_ == "prep" and c.i > v.i and c.lower_ in {"on", "in", "into"}:
            out += [p for p in c.children if p.dep_ == "pobj"]
            break
    return out


# nouns that an act-noun modifies without ceasing to name the act: "a mediation mission"
ACT_SHELLS = {"mission", "effort", "bid", "campaign", "operation", "attempt", "drive", "initiative", "process",
              "round", "plan", "programme", "program", "talk", "offensive", "action"}


def _names_an_act(t: Token) -> bool:
    """A noun modifying another names a kind of thing, not an act ("riot police", "aid
    groups", "border patrol agents"), unless the other is an act itself ("a mediation
    mission")."""
    return t.dep_ != "compound" or t.head.lemma_.lower() in ACT_SHELLS


def _in_attribution(t: Token) -> bool:
    """Inside "according to ...": the source of a report ("a press release by"), not an act."""
    h = t
    for _ in range(5):
        if h.dep_ == "pobj" and h.head.lower_ == "to" and h.head.head.lower_ == "according":
            return True
        if h.head == h:
            return False
        h = h.head
    return False


def _main_event(t: Token) -> bool:
    """The trigger is the sentence's main act: its root, or what the root does or says
    ("demanded the removal", "decided to allow")."""
    h = t
    for _ in range(3):
        if h.dep_ == "ROOT":
            return True
        if h.dep_ in {"xcomp", "dobj", "ccomp"}:
            h = h.head
            continue
        break
    return False


# actor types that stand for a state's people or a group in it, when the gazetteer does not
# know them: their country can come from the sentence
_PLACEABLE_TYPES = {"person", "group", "organization"}


def _unplaced(actor: Actor | None, index: ActorIndex) -> bool:
    """An actor whose country is unknown because it is unknown (not a non-state actor the
    gazetteer knows, such as the UN or al-Qaeda), or no actor at all."""
    if actor is None:
        return True
    g = index.gazetteer
    if actor.country is not None or actor.type not in _PLACEABLE_TYPES or actor.id in g.actors:
        return False
    return not (actor.type == "organization" and g.multinational(actor.name))


def _own_places(targets: list[str], sources: list[str], index: ActorIndex) -> bool:
    """The targets are the doer itself or places of the doer's country ("threatened to ban
    voting in Vojvodina if Kosovo ..."): a threat's condition names a better target."""
    own = {index.actors[a].country for a in sources}
    return all(a in sources or (index.actors[a].type in PLACE_TYPES and index.actors[a].country in own) for a in targets)


def _has_doer(t: Token) -> bool:
    """A verb with a subject, though one that names no known actor ("Leaders of the
    opposition coalition agreed ..."), or a nominal act whose governing verb has one
    ("Islamist students continued their hunger strike")."""
    if t.pos_ in {"NOUN", "PROPN"}:
        verb = _governing_verb(t)
        if verb is None:
            return False
        subj, passive = _subject(verb)
        return subj is not None and not passive
    return t.pos_ in {"VERB", "AUX"} and _subject(t)[0] is not None


def _context_country(t: Token, index: ActorIndex) -> str | None:
    """The one state the sentence of ``t`` names, leaving out who reports it ("..., Thai
    police said") and "according to" phrases; None when it names none or several."""
    skip: set[int] = set()
    h = t
    for _ in range(12):
        if h.head.i == h.i:
            break
        child, h = h, h.head
        if h.lemma_.lower() in REPORTING | {"report", "quote"} and h.pos_ == "VERB":
            for c in h.children:
                if c.i != child.i and c.dep_ in {"nsubj", "nsubjpass", "agent", "prep"}:
                    skip.update(x.i for x in c.subtree)
    found: set[str] = set()
    for x in t.sent:
        if x.i in skip:
            continue
        m = index.mention_at(x)
        if m is None:
            continue
        country = index.actors[m.actor_id].country
        if country is not None and not _in_attribution(x):
            found.add(country)
            if len(found) > 1:
                return None
    return found.pop() if found else None


def _domestic(t: Token, country: str, index: ActorIndex) -> bool:
    """The sentence of ``t`` names no state but ``country`` and ``t`` acts on something."""
    for x in t.sent:
        m = index.mention_at(x)
        if m is not None and index.actors[m.actor_id].country not in {None, country}:
            return False
    for c in t.children:
        if c.dep_ in {"dobj", "nsubjpass", "dative"}:
            return True
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS and any(p.dep_ == "pobj" for p in c.children):
            return True
    return False



def _joint(t: Token, sources: list[str], index: ActorIndex) -> bool:
    """Two or more states take part: coordinated doers ("French and Egyptian warships"),
    a "joint" exercise, or one held "with" a partner."""
    if any(c.lower_ in {"joint", "combined", "bilateral", "multinational"} for c in t.children):
        return True
    partners = list(sources)
    for h in (t, t.head):
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                partners += [a for p in c.children if p.dep_ == "pobj" for a in _actors_of(p, index)]
    countries = {index.actors[a].country for a in partners if index.actors[a].country}
    return len(countries) >= 2


def _names_actor(tok: Token, index: ActorIndex) -> bool:
    """The noun phrase headed by ``tok`` names a state, person or organisation (not a
    place): "defended Iraq and Libya"."""
    for x in _np(tok):
        m = index.mention_at(x)
        if m is not None and m.kind not in {"region", "metonym"} and (x == tok or x.head == tok):
            return True
    return False


def _actors_of(tok: Token, index: ActorIndex) -> list[str]:
    """The actor a noun phrase names, then those coordinated with it ("Jordan and
    Britain", "Hungarian and Romanian officials"); a reporting clause's subject for
    "it"/"they" ("Syria says it is willing to ...")."""
    main = index.resolve_tokens(_np(tok))
    if main is None and tok.lower_ in ANAPHORS:
        main = _antecedent(tok, index)
    if main is None:
        main = _affiliation(tok, index)
    out = [main] if main else []
    starts = [tok, *[c for c in tok.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]]
    # the named actor may sit deeper in the phrase: "trade with Iraq and Syria"
    starts += [x for x in _np(tok) if x not in starts and (m := index.mention_at(x)) is not None and m.actor_id == main]
    stack = [c for s in starts for c in s.children if c.dep_ == "conj"]
    seen = 0
    while stack and seen < 12:
        seen += 1
        x = stack.pop(0)
        a = index.resolve_tokens(_np(x))
        if a and a not in out:
            out.append(a)
        stack.extend(c for c in x.children if c.dep_ == "conj")
    return out


# "workers affiliated with the union", "fighters loyal to the general", "militias allied with"
AFFILIATION_WORDS = {"affiliate", "affiliated", "belong", "loyal", "ally", "allied", "attach", "attached"}


def _affiliation(tok: Token, index: ActorIndex) -> str | None:
    """Unnamed people named by whom they belong to: "workers affiliated with the
    Serbian Workers' Union" are the union's."""
    for c in tok.children:
        if c.dep_ in {"acl", "amod"} and c.i > tok.i and c.lemma_.lower() in AFFILIATION_WORDS:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in {"with", "to"}:
                    for o in p.children:
                        if o.dep_ == "pobj" and (found := index.resolve_tokens(_np(o))):
                            return found
    return None


def _place_of(v: Token, index: ActorIndex) -> list[str]:
    """The country of a place phrase ("in Basra", "near the town of Samarra") in the
    clause of ``v``, its subject included."""
    for x in v.subtree:
        prep = x.head.head if x.head.lower_ == "of" and x.head.head.lower_ in {"outside", "north", "south", "east", "west"} else x.head
        if x.dep_ == "pobj" and prep.lower_ in PLACE_PREPS | {"near", "outside", "north", "south", "east", "west"}:
            m = index.mention_at(x) or next((index.mention_at(y) for y in x.subtree if index.mention_at(y)), None)
            if m is not None and index.actors[m.actor_id].type in PLACE_TYPES:
                return [m.actor_id]
    return []


def _antecedent(tok: Token, index: ActorIndex) -> str | None:
    """The subject of the clause that reports a pronoun's clause ("Syria said it would
    ..."); for a possessive, first the subject of its own clause ("Israel reimposed its
    blockade", "the Serbs said their forces had completed their withdrawal")."""
    h = tok.head
    for _ in range(4):
        if h.pos_ in {"VERB", "AUX"} or h.head == h:
            break
        h = h.head
    if tok.dep_ == "poss" and h.pos_ in {"VERB", "AUX"}:
        for c in h.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in ANAPHORS and tok.i not in {x.i for x in c.subtree}:
                found = index.resolve_tokens(_np(c))
                if found is not None:
                    return found
    elif h.pos_ not in {"VERB", "AUX"}:
        h = tok.head
    for _ in range(4):
        if h.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or h.head.i == h.i:
            return None
        h = h.head
        for c in h.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c is not tok and c.lower_ not in ANAPHORS:
                return index.resolve_tokens(_np(c))
    return None


def _actor_before(v: Token, index: ActorIndex) -> list[str]:
    for x in reversed(list(v.sent)[: v.i - v.sent.start]):
        m = index.mention_at(x)
        if m is not None and index.actors[m.actor_id].country is not None:
            return _actors_of(x, index) or [m.actor_id]
    return []


def _complaint_topic(v: Token, index: ActorIndex) -> list[str]:
    """What a complaint is about, before whom it is made to: "complained to the United
    Nations over Israeli air raids" -> Israel."""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in {"over", "about", "against"}:
            for p in c.children:
                if p.dep_ == "pobj" and (found := _actors_of(p, index)):
                    return found
    return []


def _target_of(v: Token, index: ActorIndex, *, depth: int = 0) -> list[str]:
    """Who a verb acts on: its object, a prepositional object of the verb or of its
    object, the subject of its complement ("allowed the army to use"), then what the
    complement acts on ("refused to lift the curfew on Gaza"), "from" ("withdraw its
    troops from Lebanon"), and last the place it happens ("a curfew in Montenegro")."""
    for c in v.children:
        if c.dep_ in {"dobj", "dative", "iobj"}:
            found = _actors_of(c, index)
            if found:
                return found
    holders = [v, *[c for c in v.children if c.dep_ == "dobj"]]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj" and (found := _actors_of(p, index)):
                        return found
    for c in v.children:
        if c.dep_ in {"ccomp", "xcomp"}:
            for gc in c.children:
                if gc.dep_ == "nsubj" and (found := _actors_of(gc, index)):
                    return found
    if depth < 2:
        for c in v.children:
            if c.dep_ == "xcomp" and (found := _target_of(c, index, depth=depth + 1)):
                return found
    for prepset, countries_only in (({"from"}, False), (PLACE_PREPS, True)):
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ in prepset:
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        found = _actors_of(p, index)
                        if countries_only:
                            found = [a for a in found if index.actors[a].type in PLACE_TYPES]
                        if found:
                            return found
    if found := _first_actor_after(v, index):
        return found
    if depth < 2 and (not any(c.dep_ == "dobj" for c in v.children) or _bare_prep(v)):
        # "donated and delivered goods to X", "established ties with and opened an embassy
        # in Tehran": coordinated verbs share what they act on
        for c in v.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children):
                found = _target_of(c, index, depth=depth + 1)
                if found:
                    return found
    return []


def _bare_prep(v: Token) -> bool:
    """A preposition of the verb or its object left without its object, which a
    coordinated verb took: "established ties with and opened an embassy in Tehran"."""
    holders = [v, *[c for c in v.children if c.dep_ == "dobj"]]
    return any(c.dep_ == "prep" and not any(p.dep_ in {"pobj", "pcomp"} for p in c.children) for h in holders for c in h.children)


# children of a verb that are not where its recipient is named
NOT_RECIPIENT_DEPS = {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "neg", "mark", "punct", "cc", "conj",
                      "agent", "parataxis", "relcl", "npadvmod", "advmod", "intj", "expl"}


def _first_actor_after(v: Token, index: ActorIndex) -> list[str]:
    """The first actor named after the verb in its own clause (the rule of the TABARI and
    PETRARCH coders), when the parse puts the recipient somewhere the rules above do not
    look ("denounced as an ugly crime Serbia's suppression of ...", "granted asylum to five
    Panamanian army officers holed up in ..."). Not in a reporting clause ("..., Norway's
    foreign minister said"), an "according to" phrase or a clause of its own subject."""
    bare = {c.i for c in v.children if c.dep_ == "prep" and not any(p.dep_ in {"pobj", "pcomp"} for p in c.children)}
    for c in v.children:
        if c.i < v.i or c.dep_ in NOT_RECIPIENT_DEPS:
            continue
        if c.lemma_.lower() in REPORTING or c.lower_ in {"according", "after", "before", "since", "during", "despite", "following"}:
            continue
        if c.dep_ in {"ccomp", "advcl", "xcomp"} and any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children):
            # a clause whose subject is the object a bare preposition of the verb lost to it
            # ("granted asylum to five army officers holed up in ..."): that object
            if c.left_edge.i - 1 in bare:
                subj = next(g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"})
                # a noun phrase, never a pronoun ("over two raids in which it said ...")
                if subj.pos_ != "PRON" and (
                    found := [a for a in _actors_of(subj, index) if index.actors[a].country is not None]
                ):
                    return found
            continue
        for x in c.subtree:
            if x.lemma_.lower() in REPORTING and x.pos_ == "VERB":
                break
            m = index.mention_at(x)
            if m is not None and index.actors[m.actor_id].country is not None:
                return _actors_of(x, index) or [m.actor_id]
    return []


def _np(t: Token) -> list[Token]:
    """A noun phrase without its trailing relative clauses or appositions, from where
    they start ("raids in which it said ..." is "raids")."""
    clauses = {y.i for x in t.subtree if x.i > t.i and x.dep_ in {"relcl", "acl", "appos"} for y in x.subtree}
    out = []
    for x in t.subtree:
        if x.i > t.i and (x.i in clauses or x.text in {",", "(", "—"}):
            break
        out.append(x)
    return out or [t]


def _objects(t: Token) -> list[Token]:
    objs = []
    for c in t.children:
        if c.dep_ in {"dobj", "attr", "oprd", "nsubjpass"}:
            objs.append(c)
            objs.extend(x for x in c.children if x.dep_ == "conj")
            # "suspended part of a military aid program", "gave 5 million dollars of aid"
            for x in c.children:
                if x.dep_ == "prep" and x.lower_ == "of":
                    objs.extend(p for p in x.children if p.dep_ == "pobj")
                if x.dep_ == "compound":
                    objs.append(x)
        elif c.dep_ == "prep":
            objs.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "xcomp":
            objs.extend(p for p in c.children if p.dep_ == "dobj")
        elif c.dep_ == "ccomp" and not any(x.dep_ == "dobj" for x in t.children):
            # an object moved after a phrase ("shortened by one hour the nightly curfew
            # imposed after a coup toppled ...") that the parser made the subject of a
            # clause it precedes the subordinator of
            mark = min((m.i for m in c.children if m.dep_ == "mark"), default=c.i)
            objs.extend(p for p in c.children if p.dep_ == "nsubj" and p.pos_ == "NOUN" and p.i < mark)
    return objs


def _subject(t: Token) -> tuple[Token | None, bool]:
    h = t
    for _ in range(6):
        for c in h.children:
            if c.dep_ in {"nsubj", "csubj"}:
                return c, False
            if c.dep_ == "nsubjpass":
                return c, h is t
        if h.dep_ == "relcl":
            return h.head, False
        if (h.dep_ == "acl" and h.tag_ in {"VBN", "VBD"} and h.head.dep_ in {"nsubj", "dep"} and h.head.i < h.i
                and h.head.head.lemma_.lower() in REPORTING
                and any(c.dep_ == "nsubj" and c.i > h.i for c in h.head.head.children)):
            # "Palestinian youths resorted to ..., officials said": a root with two subjects,
            # the first one's verb misparsed as its modifier
            return h.head, False
        if h.dep_ == "acl" and h.tag_ in {"VBN", "VBD"} and _misparsed_main_verb(h):
            # "Doctors from two aid groups donated ...": the parser made the main verb a
            # modifier of a noun it made the root; the root's noun phrase is the subject
            return h.sent.root, False
        if h.dep_ == "acl" and h.tag_ == "VBG" and h.head.dep_ in {"dobj", "attr"} and h.head.head.pos_ in {"VERB", "AUX"}:
            # "issued a declaration demanding ...": the one who issued it
            h = h.head.head
            continue
        # "dep": the parser's fallback label, usually a verb coordinated without "and"
        # "prep": from a gerund after a preposition, "are guilty of violating"
        if (h.dep_ in {"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp"} or (h.dep_ == "dep" and h.head.pos_ == "VERB")
                or (h.dep_ == "prep" and h.head.pos_ in {"ADJ", "VERB", "AUX"})) and h.head != h:
            if h.dep_ == "ccomp" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in h.children):
                break
            h = h.head
            continue
        break
    return None, False


def _misparsed_main_verb(v: Token) -> bool:
    """A past verb the parser hung as a modifier under a noun root, in a sentence with no
    verb at its root: the sentence's main verb, misparsed."""
    root = v.sent.root
    if root.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ == "agent" for c in v.children):
        return False
    h = v.head
    for _ in range(4):
        if h == root:
            return True
        if h.dep_ not in {"pobj", "prep", "compound", "conj"}:
            return False
        h = h.head
    return False


def _noun_participants(t: Token, row: Row, index: ActorIndex) -> tuple[list[str], list[str]]:
    """Who does a nominal act to whom: a possessive or modifier ("Serbia's suppression",
    "Israeli raids"), "by"/"from" for the doer and a target preposition for the
    recipient, also one level down an "of" phrase ("a suspension of air links with
    Serbia"); then the subject of the verb that governs the noun ("Italy announced a
    suspension", "Nigerians converged for a rally"), a demand's clause subject ("demands
    that Burundi's government grant"), and the verb's own recipient ("gave a warm welcome
    to de Klerk")."""
    source: list[str] = []
    target: list[str] = []
    of_objects: list[Token] = []
    # "a mediation mission between Sudan and Chad": the phrase the trigger modifies
    phrase = t.head if t.dep_ == "compound" and t.head.pos_ in {"NOUN", "PROPN"} else t
    children = list(t.children) + ([c for c in phrase.children if c != t] if phrase != t else [])
    for c in children:
        if c.dep_ in {"poss", "compound", "amod", "nmod"}:
            source = source or _actors_of(c, index)
        elif c.dep_ == "prep":
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                if c.lower_ == "of":
                    of_objects.append(p)
                    continue
                actors = _actors_of(p, index)
                if c.lower_ == "from" and row.type in {"RETREAT", "MOBILIZE"}:
                    target = target or actors  # "the withdrawal of forces from Panama": the place left
                elif c.lower_ in SOURCE_PREPS:
                    source = source or actors
                elif c.lower_ in TARGET_PREPS and not (c.lower_ == "with" and row.type in HOSTILE_TYPES):
                    target = target or actors  # hostile acts are not done "with" their target
    for o in of_objects:
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ == "from" and row.type in {"RETREAT", "MOBILIZE"} and not target:
                # "the withdrawal of forces from Panama": the place left
                target = [a for p in c.children if p.dep_ == "pobj" for a in _actors_of(p, index)]
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS - {"on"}:
                for p in c.children:
                    if p.dep_ == "pobj" and not target:
                        target = _actors_of(p, index)
    if not target:
        for c in children:
            if c.dep_ in {"acl", "ccomp", "relcl"} and c.pos_ in {"VERB", "AUX"} and c.tag_ not in {"VBN", "VBG"}:
                for gc in c.children:
                    if gc.dep_ == "nsubj" and not target and gc.lower_ not in {"that", "which", "who"}:
                        target = _actors_of(gc, index)
    if of_objects and not (target and source):
        # "the blockade of Serbia": the patient of a hostile or verbal act; "the
        # withdrawal of US troops", "a visit of the president": the one who acts
        of_actors = [a for o in of_objects for a in _actors_of(o, index) if a not in target]
        if row.type in OF_IS_SOURCE:
            source = source or of_actors
        elif not target:
            target = of_actors
    if not target:
        # what the act is for: "a hunger strike to protest against Sweden's decision"
        for c in children:
            if _infinitival(c) and c.dep_ in {"acl", "relcl"}:
                target = target or [a for a in _target_of(c, index, depth=2) if a not in source]
    verb = _governing_verb(phrase)
    if verb is not None:
        subj, passive = _subject(verb)
        if passive and subj is not None and phrase.dep_ == "pobj" and verb.lemma_.lower() not in STATIVE_PARTICIPLES and not target:
            # "was put under investigation in Italy", "was placed under arrest by the police":
            # the act falls on the subject; its doer is the agent, else the place it happens
            target = [a for a in _actors_of(subj, index) if a not in source]
            if target and not source:
                source = _agent_of(verb, index) or [a for a in _place_of(verb, index) if a not in target]
        elif not source and subj is not None and (not passive or verb.lemma_.lower() in STATIVE_PARTICIPLES):
            source = [a for a in _actors_of(subj, index) if a not in target]
        if not target and phrase.dep_ == "dobj":
            target = [a for a in _verb_recipient(verb, phrase, index) if a not in source]
        if not target and row.type == "REQUEST" and phrase.dep_ == "dobj":
            # "reiterated its demand today that Israel ease ...": the demand's clause, hung
            # on the verb by the parser; whoever must act is the target
            for c in verb.children:
                if c.dep_ in {"ccomp", "advcl"} and c.i > phrase.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    for gc in c.children:
                        if gc.dep_ == "nsubj" and not target:
                            target = [a for a in _actors_of(gc, index) if a not in source]
        if not target:
            # "began a hunger strike on Monday to protest against Sweden's decision"
            for c in verb.children:
                if c.dep_ in {"advcl", "xcomp"} and _infinitival(c):
                    target = target or [a for a in _target_of(c, index, depth=2) if a not in source]
    if not target:
        target = [a for a in _place_target(t, index) if a not in source]
    if not target and verb is not None:
        target = [a for a in _place_target(verb, index) if a not in source]
    if not target and row.type in {"MOBILIZE", "AID"} and phrase.dep_ == "nsubj" and phrase.head.pos_ == "VERB":
        # "the first deployment of NATO troops has arrived in Bosnia": where it arrives
        target = [a for a in _place_target(phrase.head, index) if a not in source]
    if row.reverse:
        source, target = target, source
    return source, target


def _agent_of(v: Token, index: ActorIndex) -> list[str]:
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj" and (found := _actors_of(p, index)):
                    return found
    return []


def _infinitival(c: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)


def _governing_verb(t: Token) -> Token | None:
    """The verb whose object or prepositional phrase a noun is: "announced a suspension",
    "converged for a rally", "engaged in ethnic cleansing"."""
    h = t
    for _ in range(3):
        if h.dep_ in {"dobj", "nsubjpass", "attr", "oprd"} and h.head.pos_ in {"VERB", "AUX"}:
            return h.head
        if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.pos_ in {"VERB", "AUX", "ADJ"}:
            return h.head.head if h.head.head.pos_ != "ADJ" else None
        if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.dep_ in {"dobj", "attr"}:
            h = h.head.head
            continue
        if h.dep_ == "conj":
            h = h.head
            continue
        break
    return None


def _verb_recipient(v: Token, obj: Token, index: ActorIndex) -> list[str]:
    """What a verb's prepositions name, for the act its object names: "gave a welcome to X"."""
    for c in v.children:
        if c.dep_ in {"dative", "iobj"} and (found := _actors_of(c, index)):
            return found
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for p in c.children:
                if p.dep_ == "pobj" and (found := _actors_of(p, index)):
                    return found
    return []


def _place_target(t: Token, index: ActorIndex) -> list[str]:
    """A country named as where a nominal act happens: "settlements in the Gaza Strip"."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS | {"from"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    found = [a for a in _actors_of(p, index) if index.actors[a].type in PLACE_TYPES]
                    if found:
                        return found
    return []


def _topic_of_previous_sentence(t: Token, index: ActorIndex) -> str | None:
    """The actor a sentence with no actor of its own goes on talking about: the subject of
    the previous sentence's main verb ("Moscow will not be concerned. ... the possibility of
    retaliating ... is not a priority"). Only for a trigger with no subject of its own (a
    gerund or a noun), and only when its sentence mentions no actor at all."""
    sent = t.sent
    if t.pos_ == "VERB" and t.tag_ != "VBG":
        return None
    if any(index.mention_at(x) is not None for x in sent):
        return None
    if sent.start == 0:
        return None
    prev = t.doc[sent.start - 1].sent
    root = prev.root
    for c in root.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return index.resolve_tokens(_np(c))
    return None


def _governing_chain(t: Token) -> list[Token]:
    """The tokens between the trigger and the head of its clause, trigger first."""
    chain = [t]
    h = t
    for _ in range(8):
        # an infinitival adverbial clause is mostly a misparsed complement: "have sworn to fight"
        to_clause = h.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children)
        if (h.dep_ in {"xcomp", "acomp", "pcomp", "prep", "pobj", "nsubj", "dobj", "aux"} or to_clause) and h.head != h:
            h = h.head
            chain.append(h)
            continue
        break
    return chain


def _negated(t: Token, chain: list[Token]) -> bool:
    for h in chain:
        for c in h.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "det" and c.lower_ in {"no"} and h.pos_ in {"NOUN"}:
                return True
    return False


def _hypothetical(t: Token, chain: list[Token]) -> bool:
    for h in chain:
        if h.lemma_.lower() in HYPOTHETICAL_NOUNS and h is not t:
            return True
        for c in h.children:
            if c.dep_ == "aux" and c.lower_ in MODALS_HYPOTHETICAL:
                return True
            if c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"}:
                return True
    # the clause is itself the condition of something: "if X attacks"
    top = chain[-1]
    return top.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in top.children)


def _future(t: Token, chain: list[Token]) -> bool:
    for h in chain:
        if h is not t and h.lemma_.lower() in FUTURE_HEADS:
            return True
        for c in h.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return True
            # reported future: "Kenya said it would send aid"
            if c.dep_ == "aux" and c.lower_ in {"would", "'d"} and h.dep_ == "ccomp" and h.head.lemma_.lower() in REPORTING:
                return True
            if c.dep_ == "aux" and c.lower_ == "going":
                return True
    return False


OBLIGATION_TRIGGER = "<obligation>"


def _obliged_clause(t: Token) -> Token | None:
    """The clause a reporting verb governs when it says someone must act: "said that
    Sudan must return the helicopter" -> "return"."""
    for c in t.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION for a in c.children):
            return c
    return None


def _obligation_row(t: Token) -> Row | None:
    if _obliged_clause(t) is None:
        return None
    return Row(OBLIGATION_TRIGGER, "VERB", frozenset(), "REQUEST", None, False)


def _refused(chain: list[Token]) -> bool:
    """Governed by a verb of refusal or failure: "failed to reach", "declined to resign"."""
    return any(h is not chain[0] and h.lemma_.lower() in NEGATING_HEADS and h.pos_ == "VERB" for h in chain)


def _ultimatum(chain: list[Token]) -> bool:
    """An act announced on a condition, "unless ...": a threat."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for h in chain
        for c in h.children
    )


def _conditioned(chain: list[Token]) -> bool:
    """An act announced on a condition: "may halt mediation if cooperation founders"."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for h in chain
        for c in h.children
    )


def _condition_subject(chain: list[Token], index: ActorIndex) -> list[str]:
    for h in chain:
        for c in h.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children):
                for s in c.children:
                    if s.dep_ in {"nsubj", "nsubjpass"} and (found := _actors_of(s, index)):
                        return found
    return []


def _intended(t: Token, chain: list[Token]) -> bool:
    """Announced or intended, not attempted: "will impose", "would blockade",
    "threatened to ban", "vowed to strike"; not "tried to kill"."""
    for h in chain:
        if h is not t and h.lemma_.lower() in FUTURE_HEADS and h.lemma_.lower() not in NOT_THREAT_HEADS:
            return True
        for c in h.children:
            if c.dep_ == "aux" and (c.lower_ in FUTURE_AUX or c.lower_ in {"would", "'d", "going"}):
                return True
    return False


def _clause_time(t: Token, times: list[Time]) -> str | None:
    if not times:
        return None
    head = t
    while head.dep_ in {"xcomp", "conj", "acomp"} and head.head.i != head.i:
        head = head.head
    lo = head.left_edge.idx
    last = head.right_edge
    hi = last.idx + len(last.text)
    best: tuple[int, str] | None = None
    for tm in times:
        if lo <= tm.span.start and tm.span.end <= hi and is_calendar(tm.value):
            d = abs(tm.span.start - t.idx)
            if best is None or d < best[0]:
                best = (d, tm.value)
    return best[1] if best else None
