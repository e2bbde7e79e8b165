"""The actor gazetteer: loads ``data/{countries,organizations,people,titles}.yaml``.

It answers four questions for the actor resolver:

* which phrases in a text name a known actor (``phrase_patterns``, fed to spaCy's
  PhraseMatcher: one pass over the tokens, no Python loop over the gazetteer);
* whom a person's name refers to, across spelling and transliteration variants
  (``resolve_person``: exact alias, then a transliteration-folded key, then rapidfuzz
  on the surname and the given name);
* which country a word stands for (``country_of``: names, demonyms, metonyms, and the
  regions and cities of a country that are not its seat of government);
* which sector a title or institution noun implies (``title_sector``, ``institution``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml
from rapidfuzz import fuzz, process

from detente.models import ActorType

# near-miss spellings of country names: only long names, only very close ("Ethopia")
MIN_FUZZY_LEN = 6
FUZZY_COUNTRY_CUTOFF = 90

# Words that are never a surname short form on their own.
_NAME_PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "de", "da", "der", "la", "le", "di", "du", "abu"}
# "son/daughter of": the name after one is the father's, not a family name
_PATRONYMIC = {"bin", "ibn", "bint"}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w+' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1 << 16)
def translit_key(text: str) -> str:
    """A key equal for the usual romanisation variants of one name:
    Dmytri/Dmitri/Dmitry/Dmitriy/Dmitrii, Zelensky/Zelenskyy/Zelenskiy, Sergey/Sergei,
    Mohammed/Muhammad, Khamenei/Hamenei."""
    t = fold(text).replace("'", "")
    t = re.sub(r"^(the) ", "", t)
    rules = [
        ("kh", "h"), ("ph", "f"), ("sch", "sh"), ("tch", "ch"), ("tz", "z"), ("ts", "z"),
        ("ou", "u"), ("oo", "u"), ("w", "v"), ("j", "i"), ("y", "i"), ("q", "k"), ("ck", "k"),
        ("ee", "i"), ("ie", "i"), ("ei", "i"), ("ii", "i"), ("io", "o"), ("iu", "u"), ("ia", "a"),
        ("e", "i"), ("o", "u"),
    ]
    for a, b in rules:
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)  # double letters
    t = re.sub(r"\bm[ua]hamm?[ai]d\b", "muhamad", t)
    return t


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    ambiguous_name: bool = False


def _held(start: str | None, end: str | None, when: str) -> bool:
    """Whether a role from ``start`` to ``end`` (dates of any precision) was held on ``when``."""
    return (start is None or start[: len(when)] <= when) and (end is None or when <= end or end.startswith(when[:7]))


@dataclass(frozen=True, slots=True)
class KnownActor:
    """A gazetteer entry: a country, an organisation or a person."""

    id: str
    name: str
    type: ActorType
    country: str | None
    sector: str | None
    roles: tuple[tuple[str, str | None, str | None], ...] = ()
    # the sector each role gives where it differs from the person's own (None: the person's):
    # Michael Howard was GOV as Home Secretary, OPP as Leader of the Conservative Party
    role_sectors: tuple[str | None, ...] = ()
    # (ISO3, until): the state it belonged to before a date, for an organisation of a state
    # that did not exist yet (the SPLM was Sudan's until South Sudan's independence)
    country_before: tuple[str, str] | None = None

    def country_at(self, when: str | None) -> str | None:
        if self.country_before is not None and when and when < self.country_before[1]:
            return self.country_before[0]
        return self.country

    def before_office(self, when: str | None) -> bool:
        """Whether on date ``when`` a person had not yet taken up any role the gazetteer
        dates (Liam Fox, Defence Secretary from 2010, in a 2005 story): then neither that
        role nor the sector it gives is theirs yet."""
        if self.type != "person" or not when or not self.roles:
            return False
        starts = [start for _, start, _ in self.roles]
        return all(start is not None for start in starts) and when < min(s for s in starts if s is not None)[: len(when)]

    def sector_at(self, when: str | None) -> str | None:
        """The sector on date ``when``: the sector of the role then held where the role has
        one (of several, the one taken up last: John Prescott, Labour's deputy leader from
        1994, was Deputy Prime Minister from 1997), else of the last such role that had ended
        by then, else the person's own."""
        if self.before_office(when):
            return None
        if when and any(self.role_sectors):
            dated = list(zip(self.roles, self.role_sectors, strict=False))
            held = [(start or "", sector) for (_, start, end), sector in dated if sector and _held(start, end, when)]
            if held:
                return max(held, key=lambda h: h[0])[1]
            ended = [(end, sector) for (_, _, end), sector in dated if sector and end and end[: len(when)] < when]
            if ended:
                return max(ended)[1]
        return self.sector

    def role_at(self, when: str | None) -> str | None:
        """The role held on date ``when`` (YYYY-MM-DD), else the latest role (none before
        the first began)."""
        if not self.roles or self.before_office(when):
            return None
        if when:
            for role, start, end in self.roles:
                if _held(start, end, when):
                    return role
        return self.roles[-1][0]

    def roles_at(self, when: str) -> list[str]:
        """The roles held on date ``when``."""
        return [role for role, start, end in self.roles if (start is None or start <= when) and (end is None or when <= end)]

    def active_at(self, when: str | None) -> bool:
        if not when or not self.roles:
            return True
        return bool(self.roles_at(when))


@dataclass(frozen=True, slots=True)
class Institution:
    name: str
    type: ActorType
    sector: str
    # "the government" with no country is the story's own (titles.yaml, `home`)
    home: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase the PhraseMatcher looks for, and what it names."""

    text: str
    kind: str  # country | metonym | demonym | region | organization | person
    ref: str  # ISO3 for country/metonym/demonym, actor id otherwise
    ambiguous: bool = False
    case_sensitive: bool = False


# "(R-Texas)", "( D - N.Y. )", "(I-Vt.)", "(R-OH)", "(D-New Mexico)": party letters, a hyphen
# or dash, then a place of one to three capitalised words or an abbreviation
_AFFILIATION = re.compile(r"\(\s*([A-Z]{1,3})\s*[-\u2013]\s*((?:[A-Z][A-Za-z.]*\s*){1,3})\)")


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, KnownActor] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # folded title -> sector
    institutions: dict[str, Institution] = field(default_factory=dict)  # folded name/alias -> institution
    country_words: dict[str, str] = field(default_factory=dict)  # folded name/demonym/metonym -> ISO3
    demonyms: dict[str, str] = field(default_factory=dict)
    metonyms: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # folded region/city -> ISO3
    # a state or province a dateline names after its city ("GREENWICH, Conn.,") -> ISO3
    dateline_regions: dict[str, str] = field(default_factory=dict)
    person_keys: dict[str, str] = field(default_factory=dict)  # translit key of full name/alias -> id
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # translit surname -> ids
    org_keys: dict[str, str] = field(default_factory=dict)  # folded org name/alias -> id
    # folded acronym-like alias -> as written ("MPS"): a name of other case is no match
    org_cased: dict[str, str] = field(default_factory=dict)
    # folded org name several organisations share -> their ids ("Jamaat-e-Islami": Bangladesh's, Pakistan's)
    org_alternates: dict[str, list[str]] = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)  # folded given name -> male|female
    gendered_titles: dict[str, str] = field(default_factory=dict)  # folded title -> male|female
    common_surnames: set[str] = field(default_factory=set)  # translit keys naming nobody alone
    family_first: frozenset[str] = frozenset()  # countries whose names start with the surname
    surname_honorifics: frozenset[str] = frozenset()  # "mr", "prof": before a surname, never a given name
    multinational_words: frozenset[str] = frozenset()  # "World", "African": an unknown org of no one state
    leader_titles: frozenset[str] = frozenset()  # roles of a state's head or head of government
    home_groups: frozenset[str] = frozenset()  # "officials said": the story's state's (titles.yaml)
    same_titles: dict[str, frozenset[str]] = field(default_factory=dict)  # "premier" -> {"prime minister"}
    portfolio_heads: frozenset[str] = frozenset()  # "secretary", "minister" after a brief
    portfolio_briefs: frozenset[str] = frozenset()  # "education", "trade", "work"
    # party letter ("R") -> (ISO3, sector) of a bracketed affiliation after a name: "(R-Texas)"
    affiliations: dict[str, tuple[str, str]] = field(default_factory=dict)
    # head noun of an unknown organisation's name -> (type, sector): "party" -> PTY
    org_heads: dict[str, tuple[ActorType, str]] = field(default_factory=dict)
    # folded names and head nouns of what NER takes for an actor and is none ("Ramadan",
    # "... Conference", "... Palace")
    not_actor_names: frozenset[str] = frozenset()
    not_actor_heads: frozenset[str] = frozenset()
    # "the commission" after "the European Commission"; "the company" after "Alcan"
    # (titles.yaml, described_organisations)
    described_heads: frozenset[str] = frozenset()
    company_words: frozenset[str] = frozenset()
    any_organisation_words: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    spokespeople: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    authored_by: frozenset[str] = frozenset()
    company_voices: frozenset[str] = frozenset()
    by_trade: frozenset[str] = frozenset()  # "giant": a company's word with a trade before it
    trades: frozenset[str] = frozenset()  # "brewing", "food"
    held: frozenset[str] = frozenset()  # "shares" in a company
    owned: frozenset[str] = frozenset()  # a company's "shareholders"
    media_words: frozenset[str] = frozenset()  # "the newspaper": the last news outlet named
    # folded place name -> other states it can name: (kind, ISO3, until): "Tripoli" is
    # also in Lebanon; "Juba" was in Sudan until 2011-07-09
    alternates: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    spellings: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded long name -> (kind, ISO3)
    # news outlets' home countries: registered domain -> ISO3, country-code TLD -> ISO3
    outlet_domains: dict[str, str] = field(default_factory=dict)
    outlet_tlds: dict[str, str] = field(default_factory=dict)
    _by_initial: dict[str, list[str]] = field(default_factory=dict)

    # --- lookups ---------------------------------------------------------------------------

    def outlet_country(self, url: str | None, source: str | None = None) -> str | None:
        """The home country of the outlet that published an article: by its web domain
        ("www.dawn.com" -> PAK, "news.bbc.co.uk" -> GBR), else its country-code domain
        ("example.co.ke" -> KEN), else a known news medium named as the source; None when
        none tells."""
        host = (urlsplit(url).hostname or "") if url and "://" in url else ""
        labels = host.lower().rstrip(".").split(".") if host else []
        for i in range(len(labels) - 1):
            hit = self.outlet_domains.get(".".join(labels[i:]))
            if hit:
                return hit
        if len(labels) >= 2 and labels[-1] in self.outlet_tlds:
            return self.outlet_tlds[labels[-1]]
        known = self.organization(source) if source else None
        if known is not None and known.sector == "MED":
            return known.country
        return None

    def country_of(self, word: str) -> str | None:
        return self.country_words.get(fold(word)) or self.country_words.get(fold(re.sub(r"^the\s+", "", word, flags=re.I)))

    def affiliation(self, text: str) -> tuple[str, str] | None:
        """(ISO3, sector) for a bracketed party-and-place affiliation ("(R-Texas)",
        "(D-Calif.)", "(I-Vt.)"; see ``affiliations`` in titles.yaml), else None."""
        m = _AFFILIATION.fullmatch(text.strip())
        return self.affiliations.get(m.group(1)) if m else None

    def org_head(self, name_words: list[str]) -> tuple[ActorType, str] | None:
        """(type, sector) an unknown organisation's name tells by its head noun: the last
        word, or the word before "of" ("Pakistan Bureau of Statistics" -> bureau -> GOV); but
        a legal form that ends the name makes it a company's ("Gold Fields of South Africa
        Ltd")."""
        last = fold(name_words[-1]).rstrip(".") if name_words else ""
        if last in self.legal_forms:
            return self.org_heads.get(last) or ("organization", "BUS")
        head = _head_noun(name_words)
        if head is None:
            return None
        return self.org_heads.get(head) or (self.org_heads.get(head[:-1]) if head.endswith("s") else None)

    def head_noun(self, name: str) -> str | None:
        """The folded head noun of a name ("Bank of Japan" -> "bank")."""
        return _head_noun(name.split())

    def names_no_actor(self, name_words: list[str]) -> bool:
        """A name that is no actor: a faith, festival or time zone, or an event or building
        by its head noun ("the Munich Security Conference", "Qasr Al Shati Palace")."""
        if fold(" ".join(name_words)) in self.not_actor_names:
            return True
        return len(name_words) > 1 and _head_noun(name_words) in self.not_actor_heads

    def multinational(self, name: str) -> bool:
        """An organisation name with a word that makes it of no one state ("the Association of
        African Jurists", "the Third World Water Forum")."""
        words = fold(name).split()
        return any(w in self.multinational_words for w in words) or any(
            " ".join(words[i : i + 2]) in self.multinational_words for i in range(len(words) - 1)
        )

    def misspelt_country(self, word: str) -> tuple[str, str] | None:
        """(kind, ISO3) for a near-miss spelling of a long country name or demonym that
        the exact lists do not have ("Ethopia", "Afganistan", "Phillipines")."""
        key = fold(word)
        if len(key) < MIN_FUZZY_LEN or key in self.country_words:
            return None
        # a slip keeps the first letter and about the length: compare with those only
        candidates = [k for k in self._spelling_index.get(key[0], ()) if abs(len(k) - len(key)) <= 2]
        match = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_COUNTRY_CUTOFF) if candidates else None
        return self.spellings[match[0]] if match else None

    def misspelt_place(self, place: str) -> str | None:
        """The ISO3 of a near-miss spelling of a city or region a dateline names ("ATALANTA",
        "WASINGTON", "PHILADEPHIA": wire copy has its typos), when one place alone is that
        near; None for a place of fewer than :data:`MIN_FUZZY_LEN` letters."""
        key = fold(place)
        if len(key) < MIN_FUZZY_LEN:
            return None
        places = {**self.regions, **self.metonyms, **self.dateline_regions}
        candidates = [k for k in places if k[:1] == key[:1] and abs(len(k) - len(key)) <= 2]
        found = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_COUNTRY_CUTOFF, limit=None)
        countries = {places[k] for k, _, _ in found}
        return countries.pop() if len(countries) == 1 else None

    @property
    def _spelling_index(self) -> dict[str, list[str]]:
        if not self._by_initial and self.spellings:
            for k in self.spellings:
                self._by_initial.setdefault(k[0], []).append(k)
        return self._by_initial

    def title_sector(self, title: str) -> str | None:
        key = fold(title)
        for k in (key, *_singulars(key)):
            if k in self.titles:
                return self.titles[k]
        # the head of a longer title: "deputy foreign minister" -> "foreign minister" -> "minister"
        words = key.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            for k in (tail, *_singulars(tail)):
                if k in self.titles:
                    return self.titles[k]
        # a brief and "secretary": "work and pensions secretary"
        if len(words) > 1 and words[-1] in self.portfolio_heads and any(
            self.brief(" ".join(words[i:-1])) for i in range(len(words) - 1)
        ):
            return "GOV"
        return None

    def brief(self, words: str) -> bool:
        """Whether words name a minister's brief, or several joined ("trade and industry",
        "culture, media and sport"; titles.yaml ``portfolios``)."""
        ws = [w for w in fold(words).split() if w not in {"and", "&"}]
        # each word starts a brief of one word or more that runs to where the next starts
        ends = {0}
        for i in range(len(ws)):
            if i in ends:
                ends |= {j for j in range(i + 1, len(ws) + 1) if " ".join(ws[i:j]) in self.portfolio_briefs}
        return bool(ws) and len(ws) in ends

    def portfolio_title(self, title: str) -> bool:
        """A brief and "secretary" or "minister": "home secretary", "trade and industry
        secretary", "foreign minister"."""
        brief, _, head = fold(title).rpartition(" ")
        return head in self.portfolio_heads and self.brief(brief)

    def ministerial(self, role: str) -> bool:
        """Whether a role is a minister's, as "the minister" names its holder: a title
        ending "minister" (not the prime minister's), a brief's secretary, or a minister or
        secretary of state "of"/"for" a brief ("Minister of State for Small Business")."""
        head = re.split(r" of | for | to ", fold(role))[0]
        words = head.split()
        if not words or "prime" in words:
            return False
        return words[-1] == "minister" or head == "secretary" or self.portfolio_title(head)

    def same_title(self, title: str, role: str) -> bool:
        """Whether ``role`` (folded) is the office ``title`` (folded) names: itself, or the
        same office by another name ("premier", "prime minister")."""
        return role == title or role in self.same_titles.get(title, ())

    def institution(self, noun: str) -> Institution | None:
        key = fold(noun)
        if key in self.institutions:
            return self.institutions[key]
        if key.endswith("s") and key[:-1] in self.institutions:
            return self.institutions[key[:-1]]
        return None

    def gender_of(self, name: str) -> str | None:
        """male/female from a title ("Mrs Blair", "King Abdullah") or a given name
        ("Cherie Blair"); None when neither tells."""
        words = fold(name).split()
        if not words:
            return None
        for n in (2, 1):
            if len(words) > n and " ".join(words[:n]) in self.gendered_titles:
                return self.gendered_titles[" ".join(words[:n])]
        if len(words) >= 2:
            return self.given_names.get(words[0])
        return None

    def organization(self, name: str) -> KnownActor | None:
        """A known organisation by name, also named with a legal form its entry leaves out
        ("Volkswagen AG", "Alcan Aluminium Ltd." for "Alcan Aluminium")."""
        key = fold(name)
        ref = self.org_keys.get(key)
        cased = self.org_cased.get(key)
        if cased is not None and name.strip() != cased and not (name.strip().istitle() or name.strip().isupper()):
            ref = None  # "MPs" is no "MPS" (a party of Chad); "Nato" is NATO, "KAN" Kan
        if ref is None:
            words = key.rstrip(".").replace(",", " ").split()
            if len(words) > 1 and words[-1] in self.legal_forms:
                ref = self.org_keys.get(" ".join(words[:-1]))
        return self.actors.get(ref) if ref else None

    def resolve_person(self, name: str, when: str | None = None) -> KnownActor | None:
        """A known person for a full name (two words or more), across variants; but a common
        surname is a name of its own, not a variant of another ("David Davies" is no David
        Davis, though the transliteration key joins them)."""
        key = translit_key(name)
        written = name.split()[-1] if name.split() else name
        common = translit_key(written) in self.common_surnames

        def spelt(pids: Iterable[str]) -> list[str]:
            return [p for p in pids if not common or _spelt_in(self.actors[p].name, written)]

        if key in self.person_keys:
            found = spelt([self.person_keys[key]])
            return self.actors[found[0]] if found else None
        parts = key.split()
        if len(parts) < 2:
            return None
        surname, given = parts[-1], parts[0]
        candidates = spelt(self.surnames.get(surname, []))
        if not candidates:
            # a spelling the transliteration key does not join ("Peskow"); not a common surname
            # in its own right ("David Davies" is no David Davis), nor one only the keys make
            # alike ("Houston" and "Hutton" as "hustun" and "hutun")
            if common:
                return None
            match = process.extractOne(surname, list(self.surnames), scorer=fuzz.ratio, score_cutoff=88)
            if match is None or fuzz.ratio(fold(written), fold(self.actors[self.surnames[match[0]][0]].name.split()[-1])) < 88:
                return None
            candidates = self.surnames[match[0]]
        # a particle of an Arabic name ("Abu Askar", "bin Zayed") is part of who is meant:
        # "Osama Abu Askar" is not Osama Askar
        particles = {p for p in parts[1:-1] if p in _ARABIC_PARTICLES}
        best: tuple[float, KnownActor] | None = None
        for pid in candidates:
            person = self.actors[pid]
            for full in self._names_of(pid):
                fparts = full.split()
                if len(fparts) < 2 or not particles <= set(fparts):
                    continue
                score = fuzz.ratio(given, fparts[0])
                # an initial ("V. Putin") stands for the given name when the surname is
                # spelt as the person's is: an initial and a surname that only sounds
                # alike ("AMM Nasir" and Amin Nasser) are too little
                if given[:1] == fparts[0][:1] and len(given) <= 2 and _spelt_in(person.name, name.split()[-1]):
                    score = max(score, 80.0)
                if score >= 75 and (best is None or score > best[0]):
                    best = (score, person)
        return best[1] if best else None

    def resolve_surname(self, surname: str, when: str | None = None, *, spelt: bool = False) -> KnownActor | None:
        """A known person for a bare surname, only when that is unambiguous at ``when`` (of
        several then in office, a head of state or government is meant) and the surname is
        not one of the commonest ("Khan", "Singh"), which alone name nobody.
        The people whose surname is spelt as written come first: the transliteration key
        joins "Barak" and "Barrack", but "Barak" is Ehud Barak whoever is in office. With
        ``spelt``, only they."""
        key = translit_key(surname)
        if key in self.common_surnames:
            return None
        ids = self.surnames.get(key, [])
        as_written = [i for i in ids if _spelt_in(self.actors[i].name, surname)]
        ids = as_written if as_written or spelt else ids
        if len(ids) == 1:
            return self.actors[ids[0]]
        active = [self.actors[i] for i in ids if self.actors[i].active_at(when)]
        if len(active) > 1 and when:
            # of several in office, the one head of state or government: "Fox" in 2005 is
            # Mexico's president, not the Tory co-chairman (named in full, he is meant)
            active = [a for a in active if any(fold(role) in self.leader_titles for role in a.roles_at(when))] or active
        return active[0] if len(active) == 1 else None

    def leader_by_surname(self, surname: str, when: str | None) -> KnownActor | None:
        """The one head of state or government (a role in ``leader_titles``) in office at
        ``when`` whose surname is spelt ``surname``: "Modi", "Trump" in a headline."""
        if not when:
            return None
        leaders = [
            a
            for i in self.surnames.get(translit_key(surname), [])
            if _spelt_in((a := self.actors[i]).name, surname)
            and any(fold(role) in self.leader_titles for role in a.roles_at(when))
        ]
        return leaders[0] if len(leaders) == 1 else None

    def holder(self, country: str, title: str, when: str | None) -> KnownActor | None:
        """The one known person of ``country`` who held ``title`` (folded, a role as
        people.yaml dates it) on ``when``; None when nobody or several did."""
        if not when:
            return None
        found = [
            a for a in self.actors.values()
            if a.type == "person" and a.country == country and any(self.same_title(title, fold(r)) for r in a.roles_at(when))
        ]
        return found[0] if len(found) == 1 else None

    def surname_country(self, surname: str) -> str | None:
        """The country all known people of a surname share ("Assad", "Kim", "Gandhi" in
        their countries), when which of them is meant is unclear."""
        key = translit_key(surname)
        if key in self.common_surnames:
            return None
        countries = {self.actors[i].country for i in self.surnames.get(key, [])}
        return countries.pop() if len(countries) == 1 else None

    def _names_of(self, pid: str) -> list[str]:
        return [k for k, v in self.person_keys.items() if v == pid]


_ROMAN = re.compile(r"[IVXLC]+")


# particles of an Arabic name that say whose son or father someone is
_ARABIC_PARTICLES = frozenset({"abu", "abou", "bin", "ibn", "bint"})


# name particles as they are in a transliteration key ("von" is "vun")
_KEY_PARTICLES = frozenset(translit_key(p) for p in _NAME_PARTICLES)


def surname_keys(name: str, country: str | None, family_first: frozenset[str]) -> set[str]:
    """The keys a person of ``country`` may be called by alone: :func:`surname_key`, and
    the first word where the family name comes first ("Wang" of "Wang Yi")."""
    keys = {surname_key(name)}
    words = translit_key(name).split()
    if country in family_first and len(words) >= 2:
        keys.add(words[0])
    return keys - {""}


def surname_key(name: str) -> str:
    """The key of a full name's surname: its last word without particles ("al-Assad" is
    "asad", "Ursula von der Leyen" "liin"), or the whole of a double-barrelled one
    ("Keast-Butler": "Butler" alone is someone else)."""
    words = name.split()
    if not words:
        return ""
    return without_particles(translit_key(words[-1]))


def without_particles(key: str) -> str:
    """A name key without the particles before its last word ("vun dir liin" -> "liin",
    "al asad" -> "asad")."""
    words = key.split()
    return " ".join([w for w in words[:-1] if w not in _KEY_PARTICLES] + words[-1:])


def _spelt_in(name: str, surname: str) -> bool:
    """Whether a bare surname is written as it is in a known person's name: one of its
    words ("Jinping" aside, "Xi" is a word of "Xi Jinping"), but not in a styled name
    ("Catherine, Princess of Wales"), nor a regnal number ("X" of "Frederik X")."""
    word = surname.strip(".,'’")
    if "," in name or " of " in name or _ROMAN.fullmatch(word):
        return False
    return fold(word) in {fold(w) for w in name.split()}


def _head_noun(name_words: list[str]) -> str | None:
    """The folded head noun of a name: its last word, or the word before "of"."""
    words = [fold(w) for w in name_words if w.strip()]
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else None


def _singulars(key: str) -> tuple[str, ...]:
    """The singulars a regular plural can have: "youths" -> "youth", "ministries" ->
    "ministry", "marches" -> "march" (irregular plurals are listed in the data)."""
    if len(key) < 4 or not key.endswith("s") or key.endswith("ss"):
        return ()
    out = [key[:-1]]
    if key.endswith("ies"):
        out.append(key[:-3] + "y")
    elif key.endswith("es"):
        out.append(key[:-2])
    return tuple(out)


# libyaml's safe loader where PyYAML was built with it: the same documents, parsed about 5x
# faster (the people and organisations files are most of the start-up time of a process)
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(name: str) -> Any:
    try:
        text = resources.files("detente.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader, C or Python


def _as_name(item: Any) -> tuple[str, bool]:
    if isinstance(item, dict):
        return str(item.get("name", "")), bool(item.get("ambiguous", False))
    return str(item), False


def _alternates(item: Any, kind: str) -> list[tuple[str, str, str | None]]:
    """The ``also`` list of a name: other states it names ("LBN", or {iso3: SDN, until:
    2011-07-09} for a place that belonged to another state until a date). A state's name
    stays a state's name, unless ``as: region`` says it is a place of the other ("Georgia",
    the US state); a capital or city of another state is a place there."""
    if not isinstance(item, dict):
        return []
    other_kind = kind if kind in {"country", "demonym"} else "region"
    out = []
    for a in item.get("also") or []:
        if isinstance(a, dict):
            out.append((str(a.get("as") or other_kind), str(a["iso3"]), _date(a.get("until"))))
        else:
            out.append((other_kind, str(a), None))
    return out


def _date(v: Any) -> str | None:
    return None if v is None else str(v)


def _is_case_sensitive(text: str) -> bool:
    """Short or all-capital aliases (US, UK, UN, AP) must match with their case."""
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 3 or (bool(letters) and all(c.isupper() for c in letters))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    g = Gazetteer()
    for entry in _load_yaml("countries.yaml") or []:
        iso3 = str(entry["iso3"])
        c = Country(iso3, _as_name(entry["name"])[0], bool(entry.get("ambiguous_name", False)))
        g.countries[iso3] = c
        g.actors[iso3] = KnownActor(iso3, c.name, "country", iso3, "GOV")
        for raw in [entry["name"], *(entry.get("aliases") or [])]:
            text, amb = _as_name(raw)
            g.phrases.append(Phrase(text, "country", iso3, amb or c.ambiguous_name, _is_case_sensitive(text)))
            if alt := _alternates(raw, "country"):
                g.alternates.setdefault(fold(text), alt)
            g.country_words.setdefault(fold(text), iso3)
            if len(fold(text)) >= MIN_FUZZY_LEN and not (amb or c.ambiguous_name):
                g.spellings.setdefault(fold(text), ("country", iso3))
        for raw in entry.get("demonyms") or []:
            text, amb = _as_name(raw)
            g.phrases.append(Phrase(text, "demonym", iso3, amb, _is_case_sensitive(text)))
            if alt := _alternates(raw, "demonym"):
                g.alternates.setdefault(fold(text), alt)
            g.country_words.setdefault(fold(text), iso3)
            if len(fold(text)) >= MIN_FUZZY_LEN and not amb:
                g.spellings.setdefault(fold(text), ("demonym", iso3))
            g.demonyms.setdefault(fold(text), iso3)
        for raw in entry.get("metonyms") or []:
            text, amb = _as_name(raw)
            g.phrases.append(Phrase(text, "metonym", iso3, amb, _is_case_sensitive(text)))
            if alt := _alternates(raw, "metonym"):
                g.alternates.setdefault(fold(text), alt)
            g.country_words.setdefault(fold(text), iso3)
            g.metonyms.setdefault(fold(text), iso3)
        for raw in entry.get("dateline_regions") or []:
            g.dateline_regions.setdefault(fold(str(raw)), iso3)
        for raw in entry.get("regions") or []:
            text, amb = _as_name(raw)
            g.phrases.append(Phrase(text, "region", iso3, amb, _is_case_sensitive(text)))
            if alt := _alternates(raw, "region"):
                g.alternates.setdefault(fold(text), alt)
            g.country_words.setdefault(fold(text), iso3)
            g.regions.setdefault(fold(text), iso3)
    for entry in _load_yaml("organizations.yaml") or []:
        oid = str(entry["id"])
        before = entry.get("before")
        g.actors[oid] = KnownActor(
            oid, str(entry["name"]), entry.get("type") or "organization", entry.get("country"), entry.get("sector"),
            country_before=(str(before["country"]), str(before["until"])) if before else None,
        )
        for raw in [entry["name"], *(entry.get("aliases") or [])]:
            text, amb = _as_name(raw)
            g.phrases.append(Phrase(text, "organization", oid, amb, _is_case_sensitive(text)))
            g.org_keys.setdefault(fold(text), oid)
            if _is_case_sensitive(text):
                g.org_cased.setdefault(fold(text), text)
            if isinstance(raw, dict) and raw.get("also"):
                g.org_alternates[fold(text)] = [oid, *(str(o) for o in raw["also"])]
    for entry in _load_yaml("people.yaml") or []:
        pid = str(entry["id"])
        roles = tuple(
            (str(r.get("role", "")), _date(r.get("from")), _date(r.get("to"))) for r in (entry.get("roles") or [])
        )
        role_sectors = tuple(r.get("sector") for r in (entry.get("roles") or []))
        g.actors[pid] = KnownActor(
            pid, str(entry["name"]), "person", entry.get("country"), entry.get("sector"), roles,
            role_sectors if any(role_sectors) else (),
        )
        for raw in [entry["name"], *(entry.get("aliases") or [])]:
            text, _ = _as_name(raw)
            key = translit_key(text)
            g.person_keys.setdefault(key, pid)
            parts = key.split()
            words = [w for w in parts if w not in _NAME_PARTICLES]
            # "Abdullah bin Nasser": a father's name, which alone names someone else
            patronymic = len(parts) >= 2 and parts[-2] in _PATRONYMIC
            surname = surname_key(text)
            if len(parts) >= 2 and surname and not patronymic and pid not in g.surnames[surname]:
                g.surnames[surname].append(pid)
            g.phrases.append(Phrase(text, "person", pid, False, False))
    names = _load_yaml("given_names.yaml") or {}
    g.common_surnames = {translit_key(str(n)) for n in names.get("common_surnames") or []}
    g.family_first = frozenset(str(c) for c in names.get("family_name_first") or [])
    g.surname_honorifics = frozenset(fold(str(h)) for h in names.get("surname_honorifics") or [])
    # "Xi Jinping ... Xi": the first word is the surname of a person of such a country too
    # (not a common one: "Wang" alone is the Wang Yi the article named, never a known one)
    for pid, actor in g.actors.items():
        if actor.type != "person" or actor.country not in g.family_first:
            continue
        words = translit_key(actor.name).split()
        if len(words) >= 2 and words[0] not in g.common_surnames and pid not in g.surnames[words[0]]:
            g.surnames[words[0]].append(pid)
    for gender in ("male", "female"):
        for n in names.get(gender) or []:
            g.given_names.setdefault(fold(str(n)), gender)
        for t in (names.get("titles") or {}).get(gender) or []:
            g.gendered_titles.setdefault(fold(str(t)), gender)
    outlets = _load_yaml("outlets.yaml") or {}
    g.outlet_domains = {str(k).lower(): str(v) for k, v in (outlets.get("domains") or {}).items()}
    g.outlet_tlds = {str(k).lower(): str(v) for k, v in (outlets.get("tlds") or {}).items()}
    titles = _load_yaml("titles.yaml") or {}
    for t in titles.get("titles") or []:
        g.titles.setdefault(fold(str(t["title"])), str(t["sector"]))
    g.multinational_words = frozenset(fold(str(w)) for w in titles.get("multinational_words") or [])
    g.leader_titles = frozenset(fold(str(w)) for w in titles.get("leader_titles") or [])
    g.home_groups = frozenset(fold(str(w)) for w in titles.get("home_groups") or [])
    g.same_titles = {fold(str(k)): frozenset(fold(str(v)) for v in vs) for k, vs in (titles.get("same_titles") or {}).items()}
    portfolios = titles.get("portfolios") or {}
    g.portfolio_heads = frozenset(fold(str(w)) for w in portfolios.get("heads") or [])
    g.portfolio_briefs = frozenset(fold(str(w)) for w in portfolios.get("briefs") or [])
    for aff in titles.get("affiliations") or []:
        for party in aff["parties"]:
            g.affiliations.setdefault(str(party), (str(aff["country"]), str(aff["sector"])))
    not_actors = titles.get("not_actors") or {}
    g.not_actor_names = frozenset(fold(str(n)) for n in not_actors.get("names") or [])
    g.not_actor_heads = frozenset(fold(str(n)) for n in not_actors.get("heads") or [])
    g.place_words = frozenset(fold(str(n)) for n in not_actors.get("places") or [])
    described = titles.get("described_organisations") or {}
    g.described_heads = frozenset(fold(str(n)) for n in described.get("heads") or [])
    g.company_words = frozenset(fold(str(n)) for n in described.get("company") or [])
    g.legal_forms = frozenset(fold(str(n)) for n in titles.get("legal_forms") or [])
    g.any_organisation_words = frozenset(fold(str(n)) for n in described.get("any") or [])
    g.spokespeople = frozenset(fold(str(n)) for n in described.get("spokespeople") or [])
    documents = titles.get("documents") or {}
    g.documents = frozenset(fold(str(n)) for n in documents.get("nouns") or [])
    g.authored_by = frozenset(fold(str(n)) for n in documents.get("authored_by") or [])
    g.company_voices = frozenset(fold(str(n)) for n in described.get("company_voices") or [])
    g.by_trade = frozenset(fold(str(n)) for n in described.get("by_trade") or [])
    g.trades = frozenset(fold(str(n)) for n in described.get("trades") or [])
    g.held = frozenset(fold(str(n)) for n in described.get("held") or [])
    g.owned = frozenset(fold(str(n)) for n in described.get("owned") or [])
    g.media_words = frozenset(fold(str(n)) for n in described.get("media") or [])
    for head in titles.get("org_heads") or []:
        g.org_heads.setdefault(fold(str(head["head"])), (head.get("type") or "organization", str(head["sector"])))
    for inst in titles.get("institutions") or []:
        item = Institution(
            str(inst["name"]), inst.get("type") or "organization", str(inst.get("sector") or "GOV"), bool(inst.get("home"))
        )
        for alias in [inst["name"], *(inst.get("aliases") or [])]:
            g.institutions.setdefault(fold(str(alias)), item)
    return g
