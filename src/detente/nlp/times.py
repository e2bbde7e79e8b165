"""Time expressions: a fast, rule-based (HeidelTime-style) tagger and normaliser.

``find_times(text, anchor)`` finds date expressions in English news and normalises
them against ``anchor`` (the publication date). Values follow TimeML/TimeBank:

* calendar dates ``YYYY-MM-DD``, months ``YYYY-MM``, years ``YYYY``;
* weeks ``YYYY-Www`` (weekends ``YYYY-Www-WE``), quarters ``YYYY-Qn``, halves ``YYYY-Hn``,
  seasons ``YYYY-SP|SU|FA|WI``, decades ``199`` (the 1990s);
* ``PRESENT_REF`` ("now", "currently"), ``PAST_REF`` ("recently"), ``FUTURE_REF``
  ("the future");
* durations anchored at the publication date ("the next two months", "his remaining
  two years in office") as an interval ``start/end`` of ``YYYY-MM-DD`` dates.

Plain durations ("for five years", "a two-week visit") are not dates in TimeML and are
not returned. Without an anchor only absolute expressions (dates and years written out)
are returned. Everything is plain ``re`` compiled once at import; nothing here raises on
any ``str``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from detente.models import Span, Time

__all__ = ["find_times", "infer_anchor"]

# ---------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_ORD: dict[str, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E"}

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
for _t, _w in enumerate(_TENS):
    if _w:
        _NUMBER_WORDS[_w] = _t * 10
_NUMBER_WORDS.update({"a": 1, "an": 1, "a couple of": 2, "couple of": 2})

# Capitalised month names: "may"/"march" in lower case are verbs.
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER))"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
_TENS_RE = "|".join(w for w in _TENS if w)
_SMALL_RE = "|".join(reversed(_SMALL[1:]))  # longest first: "seventeen" before "seven"
_NUM = rf"(?:\d{{1,3}}|(?:{_TENS_RE})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?|{_SMALL_RE}|a couple of|a|an|a few|several|few)"
_NUM_NOA = rf"(?:\d{{1,3}}|(?:{_TENS_RE})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?|{_SMALL_RE}|a couple of|a few|several)"

_B = r"(?<![\w$£€#/.-])"  # left word boundary that also refuses "$1990", "No.1990", "3/1990"
_E = r"(?![\w%]|[.,]\d|-\d)"  # right boundary that refuses "1990%", "1990.5", "1,990,000", "1990-91"

# Tense cues for weekdays and yearless dates: the cue nearest the date (same sentence) wins.
_FUTURE_WORDS = (
    r"will|won't|shall|'ll|would|going\s+to|is\s+to|are\s+to|plans?\s+to|planned\s+for|scheduled|"
    r"expected|due|set\s+to|supposed\s+to|intends?\s+to|payable|effective|upcoming|next|coming|until|till|deadline"
)
_TENSE_CUE = re.compile(
    rf"(?i)\b(?:(?P<fut>{_FUTURE_WORDS})|(?P<past>was|were|had|did|said|says|told|ago|last|earlier|since|"
    r"met|began|took|rose|fell|sold|bought|made|came|went|left|won|lost|held|gave|saw|got|paid|struck|shot|"
    r"ran|spoke|wrote|broke|hit|led|put|quit|sent|spent|stood|fought|fled|built|"
    r"(?!(?:schedul|expect|plann)ed\b)\w+ed))\b",
)
_SENT_BREAK = re.compile(r"[.!?;]\s+(?=[A-Z\"'])|\n\s*\n")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: str
    kind: str  # DATE, DURATION (anchored interval) or TIME


# ---------------------------------------------------------------------------
# calendar helpers
# ---------------------------------------------------------------------------


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(day: dt.date, k: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + k
    y, m = divmod(total, 12)
    y = min(max(y, 1), 9999)
    m += 1
    for d in (day.day, 30, 29, 28):
        out = _safe_date(y, m, d)
        if out is not None:
            return out
    return day  # pragma: no cover


def _add_days(day: dt.date, k: int) -> dt.date:
    try:
        return day + dt.timedelta(days=k)
    except OverflowError:
        return day


def _ym(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(y: int, q: int, k: int) -> tuple[int, int]:
    t = y * 4 + q - 1 + k
    return t // 4, t % 4 + 1


def _number(word: str) -> int | None:
    w = word.lower().replace("-", " ").strip()
    w = re.sub(r"\s+", " ", w)
    if w.isdigit():
        return int(w)
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    parts = w.split(" ")
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None  # "a few", "several": vague


def _month_num(word: str) -> int:
    return _MONTHS.get(word.lower().rstrip("."), 0)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 200)
    left = text[lo:start]
    s = lo
    for m in _SENT_BREAK.finditer(left):
        s = lo + m.end()
    hi = min(len(text), end + 200)
    m2 = _SENT_BREAK.search(text, end, hi)
    e = m2.start() + 1 if m2 else hi
    return s, e


def _is_future(text: str, start: int, end: int) -> bool:
    """Does the clause around ``text[start:end]`` talk about the future? The tense cue
    (auxiliary, past-tense verb, "next", "ago" ...) nearest the expression decides;
    with no cue, past (news mostly reports what happened)."""
    s, e = _sentence_bounds(text, start, end)
    lo = max(s, start - 70)
    hi = min(e, end + 40)
    best: tuple[int, bool] | None = None
    for m in _TENSE_CUE.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue
        dist = start - m.end() if m.end() <= start else (m.start() - end) * 2  # prefer cues before
        fut = m["fut"] is not None
        if best is None or dist < best[0] or (dist == best[0] and not fut):
            best = (dist, fut)
    return bool(best and best[1])


def _yearless(anchor: dt.date, month: int, day: int | None, future: bool) -> int:
    """Year for a month(-day) given without one: the anchor's, unless that lands more than
    ~6 months after it (then the previous year) or, in future context, before it."""
    d = day or 15
    y = anchor.year
    cand = _safe_date(y, month, min(d, 28)) or anchor
    delta = (cand - anchor).days
    if future:
        return y + 1 if delta < -31 else y
    if delta > 183:
        return y - 1
    if day is None and not future and delta > 31:
        # a bare month in past context: the last such month that has begun
        return y - 1
    return y


# ---------------------------------------------------------------------------
# rules: (pattern, handler). A handler returns (value, kind) or None.
# ---------------------------------------------------------------------------

_Handler = Callable[[re.Match[str], str, "dt.date | None"], "tuple[str, str] | None"]
_RULES: list[tuple[re.Pattern[str], _Handler, int, tuple[str, ...]]] = []


def _rule(
    pattern: str, flags: int = 0, prio: int = 0, need: tuple[str, ...] = ()
) -> Callable[[_Handler], _Handler]:
    """Register a rule; ``need``: lower-case substrings one of which must occur in the
    text for the rule to be tried at all (a cheap prefilter)."""
    rx = re.compile(pattern, flags)

    def deco(fn: _Handler) -> _Handler:
        _RULES.append((rx, fn, prio, need))
        return fn

    return deco


def _is_title(m: re.Match[str], text: str, word: str) -> bool:
    """'This Week' with a capitalised noun, not at a sentence start: a programme or a title."""
    if not word[:1].isupper():
        return False
    at_start = m.start() == 0 or bool(re.search(r"(?:[.!?][\"')]?\s+|\n\s*)$", text[max(0, m.start() - 4) : m.start()]))
    return not at_start


def _dayval(y: int, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if _safe_date(y, m, d) else None


@_rule(rf"{_B}(?P<y>{_YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\w-])", need=("-",))
def _iso(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    v = _dayval(int(m["y"]), int(m["m"]), int(m["d"]))
    return (v, "DATE") if v else None


@_rule(r"(?<![\w/.$-])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\w/])", need=("/",))
def _slash(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    mo, d = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    v = _dayval(y, mo, d)
    return (v, "DATE") if v else None


_WD_OPT = rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"


@_rule(
    rf"{_B}{_WD_OPT}(?:(?P<mon>{_MONTH_ANY})\s+(?P<d>{_DAYNUM})|(?P<d2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_MONTH_ANY}))"
    rf"(?:,?\s+(?P<y>{_YEAR4})|(?P<ty>,?\s+(?:this|last|next)\s+year))?{_E}(?!:)"
)
def _month_day(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    mon = _month_num(m["mon"] or m["mon2"])
    d = int(re.sub(r"\D", "", m["d"] or m["d2"]))
    if m["y"]:
        v = _dayval(int(m["y"]), mon, d)
        return (v, "DATE") if v else None
    if anchor is None:
        return None
    if m["ty"]:
        k = {"this": 0, "last": -1, "next": 1}[m["ty"].split()[-2].lower()]
        v = _dayval(anchor.year + k, mon, d)
    else:
        v = _dayval(_yearless(anchor, mon, d, _is_future(text, m.start(), m.end())), mon, d)
    return (v, "DATE") if v else None


_EDGE = r"(?:(?:early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+)"


@_rule(rf"{_B}(?P<edge>{_EDGE})?(?P<mon>{_MONTH_FULL}|{_MONTH_ABBR}),?\s+(?:of\s+)?(?P<y>{_YEAR4}){_E}", re.I)
def _month_year(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    mon = _month_num(m["mon"])
    if not mon or not m["mon"][0].isupper():
        return None
    return f"{int(m['y']):04d}-{mon:02d}", "DATE"


_MONTH_PREP = re.compile(r"(?i)\b(?:in|since|by|until|till|of|from|through|during|before|after|early|late|mid)\s+$")


@_rule(
    rf"(?P<pre>\b(?:last|this|next|this\s+past|this\s+coming)\s+|{_EDGE})?"
    rf"\b(?P<mon>{_MONTH_FULL})\b(?P<post>\s+(?:this|last|next)\s+year\b)?"
)
def _bare_month(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    mon = _month_num(m["mon"])
    pre = (m["pre"] or "").lower().split()
    # "May" and "March" are also a name and a verb: need a preposition before them.
    if (
        m["mon"] in ("May", "March")
        and not pre
        and not m["post"]
        and not _MONTH_PREP.search(text[max(0, m.start() - 12) : m.start()])
    ):
        return None
    if m["post"]:
        k = {"this": 0, "last": -1, "next": 1}[m["post"].split()[0].lower()]
        return f"{anchor.year + k:04d}-{mon:02d}", "DATE"
    if pre and pre[0] == "last":
        # "last June" in October: this year's; "last September" in October: a year before
        y = anchor.year if mon < anchor.month - 1 else anchor.year - 1
    elif pre[-2:] == ["this", "past"]:
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif pre and pre[0] == "next" or pre[-2:] == ["this", "coming"]:
        y = anchor.year if mon > anchor.month else anchor.year + 1
    elif pre and pre[0] == "this":
        y = anchor.year
    else:
        y = _yearless(anchor, mon, None, _is_future(text, m.start(), m.end()))
    return f"{y:04d}-{mon:02d}", "DATE"


@_rule(rf"(?:\b(?P<edge>{_EDGE})|\b(?P<fy>fiscal\s+(?:year\s+)?)|{_B})(?P<y>{_YEAR4}){_E}(?!\s*(?:%|percent|per\s*cent))", re.I)
def _year(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    before = text[max(0, m.start() - 2) : m.start()]
    if before.endswith(("$", "£", "€", "#", "No", ", ")) and not m["fy"] and not m["edge"]:
        if before.endswith(", "):
            # "1,990" style lists are caught by _E; ", 1990" after a month-day is a full date
            # handled elsewhere, and after anything else it is still a year.
            pass
        else:
            return None
    if not m["fy"] and not m["edge"]:
        # "Orion 1980", "Vision 2030": a capitalised name before the number, mid-sentence
        pm = re.search(r"(?:^|[^.!?:\"\s]\s+)([A-Z][a-z]+)\s+$", text[max(0, m.start() - 30) : m.start()])
        if pm and pm[1].lower() not in _MONTHS and pm[1].lower() not in _SEASONS and pm[1] not in (
            "In", "Since", "By", "From", "Until", "Before", "After", "During", "Of", "Fiscal", "Through"
        ):
            return None
    after = text[m.end() : m.end() + 24]
    # "1990 people", "2000 troops": a count, not a year (news writes years before nouns rarely)
    if re.match(r"\s+(?:people|persons|troops|soldiers|men|women|children|dollars|euros|pounds|yuan|rupees|"
                r"tons|tonnes|barrels|shares|votes|kilometres|kilometers|miles|metres|meters|feet|acres|"
                r"units|cars|jobs|workers|members|deaths|cases|refugees|civilians|times|hours|minutes|"
                r"calories|points|rounds)\b", after, re.I):
        return None
    return m["y"], "DATE"


_DECADE_WORDS = {w: i for i, w in enumerate(_TENS) if w}


@_rule(
    rf"(?P<the>\bthe\s+)?(?:\b(?:early|late|mid)[\s-]+|{_B})(?:(?P<c>1[6-9]|20)(?P<d>\d)0'?s\b|'(?P<s>\d)0s\b|(?<=the )(?P<w2>{_TENS_RE.replace('y', 'ies')})\b)",
    re.I,
    need=("0s", "0's", "ies"),
)
def _decade(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if m["c"]:
        return f"{m['c']}{m['d']}", "DATE"
    if m["s"]:
        # "the '90s": the century of the anchor if it's past, else the one before.
        cent = 19 if anchor is None or anchor.year < 2000 + int(m["s"]) * 10 + 10 else 20
        if anchor is not None and anchor.year >= 2000 and int(m["s"]) >= 3:
            cent = 19
        return f"{cent}{m['s']}", "DATE"
    if m["w2"]:
        d = _DECADE_WORDS.get(m["w2"].lower().replace("ies", "y"), 0)
        if not m["the"] or not d:
            return None
        return f"19{d}", "DATE"
    return None


@_rule(
    rf"\b(?:nineteen\s+(?P<t>{_TENS_RE}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    rf"(?:[\s-](?P<u>one|two|three|four|five|six|seven|eight|nine))?|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:\s+(?P<u2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
    re.I,
    need=("nineteen", "thousand"),
)
def _spelled_year(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if m["t"]:
        y = 1900 + _NUMBER_WORDS.get(m["t"].lower(), 0) + (_NUMBER_WORDS.get(m["u"].lower(), 0) if m["u"] else 0)
        return str(y), "DATE"
    after = text[m.end() : m.end() + 20]
    if re.match(r"\s*(?:dollars|people|troops|\w+s\b)", after, re.I) and not m.group(0).lower().startswith("the"):
        return None
    return str(2000 + (_NUMBER_WORDS.get(m["u2"].lower(), 0) if m["u2"] else 0)), "DATE"


_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}


@_rule(
    r"\b(?P<pre>(?:early|late|earlier|later)\s+)?(?P<w>yesterday|today|tomorrow|tonight|"
    r"(?:this|last|yesterday|tomorrow)\s+(?:morning|afternoon|evening|night))\b",
    re.I,
    need=("day", "tom", "night", "morning", "evening", "afternoon"),
)
def _rel_day(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    w = m["w"].lower().split()
    if len(w) == 1:
        if w[0] == "today" and re.match(r"(?i)today'?s\s+(?:world|society|market|economy|youth)", text[m.start("w") :]):
            return None
        if m["w"] == "Today" and re.search(r"[A-Za-z,]\s+$", text[max(0, m.start() - 3) : m.start()]):
            return None  # "VOA Today", "USA Today": a title mid-sentence
        if w[0] == "tomorrow" and re.match(r"(?i)tomorrow'?s?\s+(?:world|generation|leaders|people)", text[m.start("w") :]):
            return None
        if w[0] == "tomorrow" and text[max(0, m.start() - 3) : m.start()] == "of ":
            return None  # "the people of tomorrow"
        kind = "TIME" if w[0] == "tonight" else "DATE"
        return _add_days(anchor, _DAY_WORDS[w[0]]).isoformat(), kind
    k = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[w[0]]
    return _add_days(anchor, k).isoformat(), "TIME"


@_rule(
    rf"\b(?:(?P<mod>last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following|coming|past)\s+|(?P<edge>early|late|earlier|later)\s+)?"
    rf"(?P<wd>{_WEEKDAY})(?:'s)?\b",
    need=("day",),
)
def _weekday(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    target = _WEEKDAYS[m["wd"].lower()]
    mod = (m["mod"] or "").lower().split()
    diff = (target - anchor.weekday()) % 7  # days forward to the next such weekday (0: today)
    if mod and mod[-1] in ("last", "past", "previous"):
        k = diff - 7 if diff else -7
    elif mod and mod[-1] in ("next", "coming", "following"):
        k = diff if diff else 7
    elif mod == ["this"]:
        k = diff if _is_future(text, m.start(), m.end()) else (diff - 7 if diff else 0)
    elif _is_future(text, m.start(), m.end()):
        k = diff
    else:
        k = diff - 7 if diff else 0
    return _add_days(anchor, k).isoformat(), "DATE"


_REL_MOD = {
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the last": -1, "the previous": -1,
    "this": 0, "the current": 0, "current": 0, "this past": -1, "this coming": 1,
    "next": 1, "the next": 1, "coming": 1, "the coming": 1, "the following": 1, "the latest": 0,
}  # fmt: skip


def _unit_value(anchor: dt.date, unit: str, k: int) -> str | None:
    if unit == "year":
        return f"{anchor.year + k:04d}"
    if unit == "month":
        return _ym(_add_months(anchor, k))
    if unit == "week":
        return _week(_add_days(anchor, 7 * k))
    if unit == "weekend":
        return _week(_add_days(anchor, 7 * k)) + "-WE"
    if unit == "quarter":
        y, q = _shift_quarter(*_quarter_of(anchor), k)
        return f"{y:04d}-Q{q}"
    if unit == "decade":
        return f"{(anchor.year + 10 * k) // 10:03d}"
    if unit == "day":
        return _add_days(anchor, k).isoformat()
    if unit in _SEASONS:
        code = _SEASONS[unit]
        y = anchor.year + k
        if code == "WI" and k == -1 and anchor.month <= 3:
            y = anchor.year - 1
        return f"{y:04d}-{code}"
    return None


@_rule(
    r"\b(?P<edge>(?:early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of|the\s+rest\s+of|sometime|some\s+time)[\s-]+(?:in\s+)?)?"
    r"(?P<mod>last|this\s+past|this\s+coming|this|next|(?:the\s+)?(?:past|previous|current|coming|following|latest))\s+"
    r"(?P<unit>years?|months?|weeks?|quarters?|weekend|decade|summer|winter|spring|fall|autumn)\b"
    r"(?P<tail>'s)?",
    re.I,
    need=("year", "month", "week", "quarter", "decade", "spring", "summer", "fall", "autumn", "winter"),
)
def _rel_unit(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    if _is_title(m, text, m["unit"]):
        return None
    unit = m["unit"].lower()
    plural = unit.endswith("s") and unit[:-1] in _UNITS
    if plural:
        # "the past years", "the coming months": vague
        mod = m["mod"].lower()
        if "past" in mod or "previous" in mod or "last" in mod:
            return "PAST_REF", "DATE"
        if "coming" in mod or "next" in mod or "following" in mod:
            return "FUTURE_REF", "DATE"
        return None
    mod = re.sub(r"\s+", " ", m["mod"].lower())
    k = _REL_MOD.get(mod, 0)
    if mod in ("the latest",) and unit == "quarter":
        k = -1
    if mod in ("the following",):
        return None  # relative to a date in the story, not the anchor
    v = _unit_value(anchor, unit, k)
    return (v, "DATE") if v else None


@_rule(
    rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|quarters?|decades?)\s+(?P<dir>ago|earlier|before|later|hence|from\s+now)\b",
    re.I,
    need=("ago", "earlier", "hence", "from now", "before", "later"),
)
def _ago(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    n = _number(m["n"])
    d = m["dir"].lower()
    if d in ("before", "later"):
        return None  # relative to a date in the story, not the anchor
    unit = m["unit"].lower().rstrip("s")
    if n is None:
        return "PAST_REF" if d in ("ago", "earlier") else "FUTURE_REF", "DATE"
    k = -n if d in ("ago", "earlier") else n
    v = _unit_value(anchor, unit, k)
    return (v, "DATE") if v else None


@_rule(
    rf"\b(?P<lead>(?:the|his|her|its|their|our|my|your)\s+)(?P<mod>next|coming|past|last|previous|remaining|final|first)\s+"
    rf"(?P<n>{_NUM_NOA})\s+(?P<unit>days|weeks|months|years|decades)\b",
    re.I,
    need=("days", "weeks", "months", "years", "decades"),
)
def _anchored_span(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    """'the next two months', 'his remaining two years in office' -> anchor/anchor+2 months."""
    if anchor is None:
        return None
    n = _number(m["n"])
    if n is None:
        return None
    mod = m["mod"].lower()
    if mod == "first":
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        other = _add_days(anchor, n if mod not in ("past", "last", "previous") else -n)
    elif unit == "week":
        other = _add_days(anchor, 7 * n if mod not in ("past", "last", "previous") else -7 * n)
    else:
        months = n * {"month": 1, "year": 12, "decade": 120}[unit]
        other = _add_months(anchor, months if mod not in ("past", "last", "previous") else -months)
    lo, hi = sorted((anchor, other))
    return f"{lo.isoformat()}/{hi.isoformat()}", "DURATION"


@_rule(
    r"\b(?P<the>(?:the|its|this\s+year's|last\s+year's|next\s+year's)\s+)?(?P<fis>fiscal[\s-]+)?"
    r"(?P<y1>(?:19|20)\d\d\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?"
    r"(?P<unit>quarter|half)\b(?P<of>\s+of\s+(?:fiscal\s+)?(?P<y2>(?:19|20)\d\d))?",
    re.I,
    need=("quarter", "half"),
)
def _quarter(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    n = _ORD[m["ord"].lower()]
    unit = m["unit"].lower()
    if unit == "half" and n > 2:
        return None
    code = "Q" if unit == "quarter" else "H"
    y: int | None = None
    if m["y1"] or m["y2"]:
        y = int((m["y1"] or m["y2"]).strip())
    elif anchor is not None:
        y = anchor.year
        the = (m["the"] or "").lower()
        if "last year" in the:
            y -= 1
        elif "next year" in the:
            y += 1
    if y is None:
        return None
    return f"{y:04d}-{code}{n}", "DATE"


@_rule(
    r"\b(?P<w>the\s+(?:latest\s+|most\s+recent\s+|recent\s+|current\s+|same\s+)?quarter(?!-)|this\s+quarter|"
    r"the\s+(?:latest|most\s+recent)\s+period|"
    r"(?:the\s+)?(?:year[\s-](?:earlier|ago)|comparable\s+year[\s-]ago|corresponding)\s+(?:quarter|period)|"
    r"(?:the\s+)?year[\s-](?:earlier|ago)|a\s+year\s+(?:earlier|ago))\b",
    re.I,
    prio=1,
    need=("quarter", "year", "period"),
)
def _fin_period(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    """Company-results vocabulary: 'the quarter' is the last completed quarter."""
    if anchor is None:
        return None
    w = re.sub(r"\s+", " ", m["w"].lower())
    cur = _quarter_of(anchor)
    last = _shift_quarter(*cur, -1)
    if "year" in w:
        if w.startswith("a year"):
            # "a year ago/earlier": a year before the period the story is about
            if _QUARTER_NEAR.search(text, max(0, m.start() - 300), m.start()):
                y, q = last
                return f"{y - 1:04d}-Q{q}", "DATE"
            return f"{anchor.year - 1:04d}", "DATE"
        y, q = last
        return f"{y - 1:04d}-Q{q}", "DATE"
    if "current" in w or "this" in w:
        y, q = cur
    else:
        y, q = last
    return f"{y:04d}-Q{q}", "DATE"


_QUARTER_NEAR = re.compile(r"(?i)\bquarter")


@_rule(
    r"\b(?P<w>now|right\s+now|currently|at\s+present|nowadays|these\s+days|"
    r"recently|more\s+recently|recent\s+(?:years|months|weeks|days|times)|(?<=in\s)the\s+past(?!\s+\w+\s+(?:years?|months?|weeks?|days?|decades?|quarters?))|"
    r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+(?:near|short|long)\s+term|the\s+recent\s+past)\b",
    re.I,
)
def _ref(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    w = m["w"].lower()
    if w == "now" and re.search(r"(?i)\bfrom\s+$", text[max(0, m.start() - 6) : m.start()]):
        return None  # "two weeks from now" is part of another expression
    if "future" in w or "near term" in w or "short term" in w or "long term" in w:
        # "in the short term" is a time; "the long term outlook" is not
        if ("long term" in w or "short term" in w) and not re.search(
            r"(?i)\b(?:in|over|for)\s+$", text[max(0, m.start() - 6) : m.start()]
        ):
            return None
        return "FUTURE_REF", "DATE"
    if "recent" in w or "past" in w:
        return "PAST_REF", "DATE"
    return "PRESENT_REF", "DATE"


@_rule(r"\b(?:over|during|on|at|for|ahead\s+of|before|after|until|by)\s+(?P<t>the\s+weekend)\b", re.I, need=("weekend",))
def _weekend(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    future = _is_future(text, m.start("t"), m.end()) or m.group(0).lower().startswith("ahead")
    days = (5 - anchor.weekday()) % 7 if future else -((anchor.weekday() + 1) % 7 or 7)
    if not future and anchor.weekday() >= 5:
        days = 0
    return _week(_add_days(anchor, days)) + "-WE", "DATE"


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@_rule(
    r"(?:\b(?:in|during|over|into|through|for|until|by|since)\s+|(?=\bthe\s))(?P<t>(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
    r"(?P<s>summer|winter|spring|fall|autumn)\b(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b)?)(?!\s+(?:of|season|collection|term|session))",
    re.I,
    need=("spring", "summer", "fall", "autumn", "winter"),
)
def _season(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    code = _SEASONS[m["s"].lower()]
    if m["y"]:
        return f"{m['y']}-{code}", "DATE"
    if anchor is None:
        return None
    y = anchor.year
    start = _SEASON_MONTH[code]
    if _is_future(text, m.start(), m.end()):
        if start + 2 < anchor.month:
            y += 1
    elif start > anchor.month:
        y -= 1
    return f"{y:04d}-{code}", "DATE"


@_rule(r"\b(?:the\s+)?(?P<w>year[\s-]end|year's\s+end|end\s+of\s+the\s+year)\b", re.I, need=("end",))
def _year_end(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    return f"{anchor.year:04d}", "DATE"


@_rule(
    r"\b(?:the|this|that)\s+(?:(?:current|full|latest)\s+)?(?:fiscal\s+)?(?P<unit>year|month|week)\b"
    r"(?!\s+(?:before|after|earlier|later|ago|to\s+date|and\s+a\s+half))(?![\w-]|'\w\w)",
    re.I,
    need=("year", "month", "week"),
)
def _the_unit(m: re.Match[str], text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    word = m.group(0).split()[0].lower()
    if _is_title(m, text, m["unit"]):
        return None
    if word == "that":
        return None
    before = text[max(0, m.start() - 14) : m.start()].lower()
    # "for the year", "over the year" are durations; "during/in the year" a date.
    qual = len(m.group(0).split()) > 2  # "the fiscal year", "the full year": the reporting year
    if word == "the" and not qual and not re.search(r"\b(?:in|during|for|of|earlier\s+in|later\s+in)\s+$", before):
        return None
    if word == "the" and not qual and re.search(r"\b(?:over|throughout)\s+$", before):
        return None
    v = _unit_value(anchor, m["unit"].lower(), 0)
    if "latest" in m.group(0).lower():
        v = _unit_value(anchor, m["unit"].lower(), -1)
    if m["unit"].lower() == "week" and word == "the":
        v = f"{anchor.year:04d}-WXX"
    return (v, "DATE") if v else None


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def _tag(text: str, anchor: dt.date | None, end: int | None) -> list[_Hit]:
    if not isinstance(text, str) or not text:
        return []
    body = text if end is None else text[: max(0, end)]
    hits: list[tuple[int, _Hit]] = []
    low = body.lower()
    for rx, fn, prio, need in _RULES:
        if need and not any(n in low for n in need):
            continue
        for m in rx.finditer(body):
            if m.end() <= m.start():
                continue
            try:
                out = fn(m, body, anchor)
            except (ValueError, KeyError, OverflowError, IndexError):
                out = None
            if out is None:
                continue
            s, e = m.span("t") if "t" in rx.groupindex and m.start("t") >= 0 else m.span()
            while s < e and body[s].isspace():
                s += 1
            while e > s and body[e - 1] in " \t\n\r,'":
                e -= 1
            if e > s:
                hits.append((prio, _Hit(s, e, out[0], out[1])))
    # longest match wins, then the more specific rule, then leftmost
    hits.sort(key=lambda ph: (-(ph[1].end - ph[1].start), -ph[0], ph[1].start))
    chosen: list[_Hit] = []
    for _, h in hits:
        if all(h.end <= c.start or c.end <= h.start for c in chosen):
            chosen.append(h)
    chosen.sort(key=lambda h: h.start)
    return chosen


def find_times(text: str, anchor: dt.date | None, *, end: int | None = None) -> list[Time]:
    """Date expressions in ``text[:end]`` normalised against ``anchor`` (see module doc)."""
    hits = _tag(text, anchor, end)
    return [Time(Span.of(text, h.start, h.end), h.value) for h in hits]


def find_times_typed(text: str, anchor: dt.date | None, *, end: int | None = None) -> list[tuple[Time, str]]:
    """Like ``find_times`` with the TimeML type: DATE, TIME or DURATION (anchored intervals)."""
    return [(Time(Span.of(text, h.start, h.end), h.value), h.kind) for h in _tag(text, anchor, end)]


_EXPLICIT_FULL = re.compile(
    rf"{_B}(?:(?P<mon>{_MONTH_ANY})\s+(?P<d>{_DAYNUM}),?\s+(?P<y>{_YEAR4})|(?P<d2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_MONTH_ANY}),?\s+(?P<y2>{_YEAR4})"
    rf"|(?P<iy>{_YEAR4})-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-3]\d)(?![\w-])){_E}"
)
_YEARLESS = re.compile(
    rf"{_B}(?:(?P<mon>{_MONTH_ANY})\s+(?P<d>{_DAYNUM})|(?P<d2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_MONTH_ANY}))(?!,?\s*\d)(?![\w:])"
)
_ANY_YEAR = re.compile(rf"{_B}(?P<y>{_YEAR4}){_E}")


def _iter_full(text: str) -> Iterator[tuple[dt.date, int, int]]:
    for m in _EXPLICIT_FULL.finditer(text):
        if m["iy"]:
            d = _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
        else:
            mon = _month_num(m["mon"] or m["mon2"])
            day = int(re.sub(r"\D", "", m["d"] or m["d2"]))
            d = _safe_date(int(m["y"] or m["y2"]), mon, day)
        if d is not None:
            yield d, m.start(), m.end()


def infer_anchor(text: str) -> dt.date | None:
    """Guess a publication date for an article that has none, from its own explicit dates.

    Rule:
    1. Collect explicit full dates (month, day and year written out). Yearless month-day
       dates ("on November 18") are then given the year (among the explicit years, +-1)
       that puts them nearest to an explicit full date -- a story's dates cluster.
    2. Yearless dates are what a reporter writes for the recent past and near future of
       the current year, so the anchor is the latest yearless date in a past-tense
       clause (or, failing that, any yearless date).
    3. With no yearless dates, the anchor is the latest explicit full date not in a
       future-tense clause (failing that, the earliest full date: a story that only
       announces future dates was written before them).
    4. With only bare years (no full or month-day date), there is no anchor: a year
       mentioned in passing ("the 2015 target") is no evidence of when the text was written.
    Returns None when the text has no explicit year.
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        return _infer_anchor(text)
    except (ValueError, OverflowError):  # pragma: no cover - defensive
        return None


def _infer_anchor(text: str) -> dt.date | None:
    full = list(_iter_full(text))
    years = [int(m["y"]) for m in _ANY_YEAR.finditer(text)]
    if not full and not years:
        return None
    full_spans = [(s, e) for _, s, e in full]
    yearless: list[tuple[dt.date, bool]] = []
    if full or years:
        refs = [d for d, _, _ in full] or [dt.date(y, 7, 1) for y in years]
        cand_years = sorted({r.year + k for r in refs for k in (-1, 0, 1)})
        for m in _YEARLESS.finditer(text):
            if any(s <= m.start() < e for s, e in full_spans):
                continue
            mon = _month_num(m["mon"] or m["mon2"])
            day = int(re.sub(r"\D", "", m["d"] or m["d2"]))
            best: tuple[int, dt.date] | None = None
            for y in cand_years:
                c = _safe_date(y, mon, day)
                if c is None:
                    continue
                dist = min(abs((c - r).days) for r in refs)
                if best is None or dist < best[0]:
                    best = (dist, c)
            if best is not None:
                yearless.append((best[1], _is_future(text, m.start(), m.end())))
    if yearless:
        past = [d for d, fut in yearless if not fut]
        return max(past) if past else max(d for d, _ in yearless)
    if full:
        past_full = [d for d, s, e in full if not _is_future(text, s, e)]
        return max(past_full) if past_full else min(d for d, _, _ in full)
    # Bare years alone ("the 2015 target", "since 1997") say too little about when the
    # article was written: no anchor rather than a wrong one.
    return None
