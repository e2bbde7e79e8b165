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
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from detente.models import Event, Quote, Span, Time
from detente.nlp.actors import ActorIndex
from detente.nlp.quotes import is_calendar

DOMESTIC_BY_DEFAULT = {"PROTEST", "COERCE", "CONCEDE"}
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
SOURCE_PREPS = {"by", "from"}


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
        text = doc.text  # Doc.text joins every token: build it once per article
        end_char = len(text) if end_char is None else end_char
        events: list[Event] = []
        consumed: set[int] = set()  # object nouns already coded with their verb
        candidates: list[tuple[Token, Row, list[Token]]] = []
        for t in doc:
            if t.idx >= end_char:
                break
            if t.pos_ in {"VERB"} or (t.pos_ == "AUX" and t.dep_ == "ROOT"):
                match = self._match_verb(t)
                if match:
                    row, objs, extra = match
                    candidates.append((t, row, extra))
                    consumed.update(o.i for o in objs)
        for t in doc:
            if t.idx >= end_char:
                break
            if t.pos_ in {"NOUN", "PROPN"} and t.i not in consumed:
                mods = {c.lemma_.lower() for c in t.children if c.dep_ in {"compound", "amod"}}
                noun_row = self._best(self.lex.rows.get((t.lemma_.lower(), "NOUN"), []), mods)
                if noun_row is not None:
                    candidates.append((t, noun_row, []))
        for t in doc:
            if t.idx >= end_char:
                break
            if t.lemma_.lower() in REPORTING and t.pos_ == "VERB" and (demand := _obligation_row(t)) is not None:
                candidates.append((t, demand, []))
        for t, row, extra in sorted(candidates, key=lambda c: c[0].i):
            events.extend(self._code(t, row, extra, index, quotes, times, text))
        return events

    # --- matching --------------------------------------------------------------------------

    def _best(self, rows: list[Row], objects: set[str]) -> Row | None:
        specific = [r for r in rows if r.objects and r.objects & objects]
        if specific:
            return specific[0]
        general = [r for r in rows if not r.objects]
        return general[0] if general else None

    def _match_verb(self, t: Token) -> tuple[Row, list[Token], list[Token]] | None:
        lemma = t.lemma_.lower()
        objs = _objects(t)
        words: set[str] = set()
        for o in objs:
            words.add(o.lemma_.lower())
            words.add(o.lower_)
            mods = [c.lower_ for c in o.children if c.dep_ in {"compound", "amod"}]
            for m in mods:
                words.add(f"{m} {o.lemma_.lower()}")
        particles = [c for c in t.children if c.dep_ in {"prt", "prep"}]
        for p in particles:
            rows = self.lex.rows.get((f"{lemma} {p.lower_}", "VERB"))
            if rows:
                row = self._best(rows, words)
                if row is not None:
                    return row, objs, [p]
        rows = self.lex.rows.get((lemma, "VERB"))
        if not rows:
            return None
        row = self._best(rows, words)
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
    ) -> list[Event]:
        """The event of a trigger; one per (source, target) pair when either side is a
        coordination ("Jordan and Britain agreed", "sanctions on Iran and Syria")."""
        sources, targets = self._participants(t, row, index)
        if not sources and not targets:
            topic = _topic_of_previous_sentence(t, index)
            if topic is None:
                return []
            sources = [topic]
        chain = _governing_chain(t)
        negated = _negated(t, chain)
        hypothetical = _hypothetical(t, chain)
        future = _future(t, chain)
        type_ = self.lex.legacy.get(row.type, row.type)
        mode = row.mode
        refused = type_ in NEGATED_AS_REJECT and (negated or _refused(chain))
        if refused:
            type_, mode, negated = "REJECT", None, False
        elif _intended(t, chain) and _ultimatum(chain):
            type_, mode = "THREATEN", None
        elif future and type_ in FUTURE_TYPES_AS_AGREE:
            type_, mode = "AGREE", None
        elif type_ in FUTURE_TYPES_AS_THREATEN and _intended(t, chain):
            type_, mode = "THREATEN", None
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
        src_ids: list[str | None] = list(sources) or [None]
        tgt_ids: list[str | None] = list(targets) or [None]
        for s_id in src_ids:
            for t_id in tgt_ids:
                pair = (s_id, None if t_id == s_id else t_id)
                if pair not in pairs and (pair[0] or pair[1]):
                    pairs.append(pair)
        out = []
        for source, target in pairs[:MAX_PAIRS]:
            src = index.actors.get(source) if source else None
            tgt = index.actors.get(target) if target else None
            target_country = tgt.country if tgt else None
            if type_ in DOMESTIC_BY_DEFAULT and tgt is None and src is not None:
                # with no stated target, protests are against the protesters' own state and a
                # state's curfews, arrests and concessions fall on its own people (CAMEO/PLOVER
                # practice): "Algerians blocked roads", "the junta imposed a curfew"
                target_country = src.country
            out.append(
                Event(
                    type=type_,
                    mode=mode,
                    source=source,
                    target=target,
                    source_country=src.country if src else None,
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
        agents: list[str] = []
        for holder in [t, *[c for c in t.children if c.dep_ == "dobj"]]:
            for c in holder.children:
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in SOURCE_PREPS):
                    for p in c.children:
                        if p.dep_ == "pobj" and not agents:
                            agents = _actors_of(p, index)
        if passive or row.reverse:
            sources, targets = agents, subj_actors
        else:
            sources, targets = subj_actors, _target_of(t, index)
        if not sources and row.type == "ASSAULT":
            # unattributed violence is coded to the country where it happens (CAMEO
            # practice): "a roadside bomb near Samarra killed a U.S. soldier"
            sources = [a for a in _place_of(t, index) if a not in targets]
        return sources, targets


def _actors_of(tok: Token, index: ActorIndex) -> list[str]:
    """The actor a noun phrase names, then those coordinated with it ("Jordan and
    Britain", "Hungarian and Romanian officials"); a reporting clause's subject for
    "it"/"they" ("Syria says it is willing to ...")."""
    main = index.resolve_tokens(_np(tok))
    if main is None and tok.lower_ in ANAPHORS:
        main = _antecedent(tok, index)
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


def _place_of(v: Token, index: ActorIndex) -> list[str]:
    """The country of a place phrase ("in Basra", "near the town of Samarra") in the
    clause of ``v``, its subject included."""
    for x in v.subtree:
        if x.dep_ == "pobj" and x.head.lower_ in PLACE_PREPS | {"near", "outside"}:
            m = index.mention_at(x) or next((index.mention_at(y) for y in x.subtree if index.mention_at(y)), None)
            if m is not None and index.actors[m.actor_id].type == "country":
                return [m.actor_id]
    return []


def _antecedent(tok: Token, index: ActorIndex) -> str | None:
    h = tok.head
    for _ in range(4):
        if h.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or h.head is h:
            return None
        h = h.head
        for c in h.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c is not tok and c.lower_ not in ANAPHORS:
                return index.resolve_tokens(_np(c))
    return None


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
                            found = [a for a in found if index.actors[a].type == "country"]
                        if found:
                            return found
    return []


def _np(t: Token) -> list[Token]:
    """A noun phrase without its trailing relative clauses or appositions."""
    out = []
    for x in t.subtree:
        if x.i > t.i and (x.dep_ in {"relcl", "acl", "appos"} or x.text in {",", "(", "—"}):
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
        # "dep": the parser's fallback label, usually a verb coordinated without "and"
        if (h.dep_ in {"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp"} or (h.dep_ == "dep" and h.head.pos_ == "VERB")) and h.head is not h:
            if h.dep_ == "ccomp" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in h.children):
                break
            h = h.head
            continue
        break
    return None, False


def _noun_participants(t: Token, row: Row, index: ActorIndex) -> tuple[list[str], list[str]]:
    source: list[str] = []
    target: list[str] = []
    for c in t.children:
        if c.dep_ in {"poss", "compound", "amod"}:
            source = source or _actors_of(c, index)
        elif c.dep_ == "prep":
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                actors = _actors_of(p, index)
                if c.lower_ in SOURCE_PREPS:
                    source = source or actors
                elif c.lower_ in TARGET_PREPS:
                    target = target or actors
    head = t.head
    if head is not t and head.pos_ == "VERB" and t.dep_ in {"dobj", "nsubjpass"} and not source:
        subj, _ = _subject(head)
        if subj is not None:
            source = _actors_of(subj, index)
    if row.reverse:
        source, target = target, source
    return source, target


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
        if h.dep_ in {"xcomp", "acomp", "pcomp", "prep", "pobj", "nsubj", "dobj", "aux"} and h.head is not h:
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
    while head.dep_ in {"xcomp", "conj", "acomp"} and head.head is not head:
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
