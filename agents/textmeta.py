"""Text helpers of the clean stage: normalisation, dates, agency credits, scripts. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import ftfy
import re2

from streams.schemas import DatePrecision

# --- normalisation ------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Typographic variants folded to one form each; German „“ and ‚‘ and French «» stay as they are.
_TYPOGRAPHY = str.maketrans({
    "\u2010": "-", "\u2011": "-",  # hyphen, non-breaking hyphen
    "\u2012": "–", "\u2015": "—", "\u2212": "-",  # figure dash, horizontal bar, minus
    "\u201f": "“", "\u2033": "\"", "\u2032": "'",  # reversed quote, double and single prime
    "\uff02": "\"", "\uff07": "'",  # full-width quotes
})
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, {**_INVISIBLE, **_TYPOGRAPHY}))) + "]")
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGIT = re.compile(r"\d")


class LinearPattern(re2._Regexp):
    """google-re2's `search` and `match` spend about 1.5 µs in Python before RE2 runs (a generator,
    the text's offset tables) — a fifth of the chrome rules' pattern time on long articles, where
    nearly every line matches nothing. Here RE2 is asked directly whether the pattern matches at
    all; only a line that matches goes through the library's path to build its match object."""

    __slots__ = ()

    def _matches(self, text: str, anchor: Any) -> bool:
        encoded = text.encode()
        return bool(self._regexp.Match(anchor, encoded, 0, len(encoded))[0] != _NO_SPAN)

    def search(self, text: str, pos: int | None = None, endpos: int | None = None) -> Any:
        if pos is None and endpos is None and not self._matches(text, _UNANCHORED):
            return None
        return super().search(text, pos, endpos)

    def match(self, text: str, pos: int | None = None, endpos: int | None = None) -> Any:
        if pos is None and endpos is None and not self._matches(text, _ANCHOR_START):
            return None
        return super().match(text, pos, endpos)


_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_NO_SPAN = (-1, -1)


def linear(pattern: re.Pattern[str]) -> Any:
    """The same pattern compiled by RE2, whose matching time is linear in the text. Python's
    engine tries every alternative at every position: the chrome rules' long alternations cost
    about 70 µs a line with it and 3 µs with RE2 (BENCHMARKS.md, "Clean stage"). RE2's \\b and \\w
    know ASCII letters only, so a pattern passes here only where that cannot matter; a unit test
    checks each against Python's engine on the labelled pages."""
    options = re2.Options()
    options.case_sensitive = not pattern.flags & re.IGNORECASE
    options.log_errors = False
    return LinearPattern(pattern.pattern, options)


UNION_MAX_MEM = 32 << 20


def linear_any(*patterns: Any) -> Any:
    """One RE2 pattern that matches wherever one of the `linear` patterns would: a line none of
    them can match is passed over with one search instead of one each."""
    parts = [f"(?:{p.pattern})" if p.options.case_sensitive else f"(?i:{p.pattern})" for p in patterns]
    options = re2.Options()
    options.log_errors = False
    # A union of phrase lists has more DFA states than RE2's default 8 MB holds: its cache fills,
    # is flushed and refilled, line after line. 32 MB holds it: 10.4 → 3.7 µs a line on SmartData's
    # 13,178 lines (16 MB: 4.7; 64 MB: no faster). Memory is taken only as states are built.
    options.max_mem = UNION_MAX_MEM
    return LinearPattern("|".join(parts), options)


# What ftfy can repair: UTF-8 read as Latin-1/cp1252 (a lead byte as À-ô followed by a
# continuation byte as \x80-\xbf or its cp1252 letter), HTML entities, control characters, the
# replacement character. A line with none of these is only NFC-normalised: ftfy cost more than
# the rest of normalisation on clean text (BENCHMARKS.md, "Data path").
_REPAIRABLE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|&#?[0-9A-Za-z]+;|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]"
)


# Anything the steps below change; most lines have none of it and are only stripped.
# By RE2: Python's engine tries each alternative at each position, a third of normalising's cost.
_NEEDS_WORK = linear(
    re.compile(f"{_REPAIRABLE.pattern}|{_TRANSLATED.pattern}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")
)


def normalise_line(line: str) -> str:
    """NFC, mojibake repaired, invisible characters gone, dashes unified, spaces collapsed."""
    if not _NEEDS_WORK.search(line) and unicodedata.is_normalized("NFC", line):
        return line.strip()
    if _REPAIRABLE.search(line):
        line = ftfy.fix_text(line, uncurl_quotes=False, normalization="NFC")
    elif not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    if _TRANSLATED.search(line):  # str.translate walks every character in Python: only if needed
        line = line.translate(_INVISIBLE).translate(_TYPOGRAPHY)
    return _SPACES.sub(" ", line).strip()


def normalise(text: str) -> str:
    """Normalise every line; paragraphs (non-blank lines) are separated by one blank line."""
    lines = (normalise_line(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


# Words a line cannot end on unless the sentence goes on (articles, conjunctions, prepositions
# that are never a verb's particle: "räumt Fehler ein", "kündigt Streiks an" are headlines).
FUNCTION_WORDS = frozenset(
    "der die das den dem des eine einer einem einen eines und oder sowie von für im in zum zur vom beim "
    "the of and or to".split()
)


@lru_cache(maxsize=4096)  # the headline finder and the teaser rules ask it of the same lines
def content_stems(text: str) -> frozenset[str]:
    """Content words cut to six letters: enough to match inflected forms of the same word."""
    return frozenset(w[:6] for w in _WORD.findall(text.lower()) if len(w) > 3 and not w.isdigit()) - FUNCTION_WORDS


@lru_cache(maxsize=4096)  # the line rules ask it of the same line again and again
def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def has_words(text: str, n: int) -> bool:
    """At least `n` words, found without counting them all."""
    return next(islice(_WORD.finditer(text), n - 1, None), None) is not None


def words_of(text: str) -> list[str]:
    if "\u0130" in text:  # "İ" lowers to two characters, the second no word character
        return [w.lower() for w in _WORD.findall(text)]
    return _WORD.findall(text.lower())


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_OTHER_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]+")


def script_of(text: str) -> str | None:
    """The dominant Unicode script of the letters in `text` (LATIN, CYRILLIC, ...)."""
    others = "".join(_OTHER_LETTERS.findall(text))
    if not others:  # the common case: Latin letters need no counting
        return "LATIN" if _LATIN_LETTERS.search(text) else None
    # Latin letters are counted by a regex, in runs, without a name lookup each.
    latin = sum(map(len, _LATIN_LETTERS.findall(text)))
    if len(others) <= latin:
        return "LATIN" if latin else None
    counts: Counter[str] = Counter(unicodedata.name(c, "?").split(" ", 1)[0] for c in others)
    script, count = counts.most_common(1)[0]
    return script if count >= latin else "LATIN"


# --- dates --------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "feber": 2, "february": 2,
    "feb": 2, "märz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5,
    "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*[-–,|;]?\s*(?:um\s+)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?![.\d])\s*(?:Uhr|h\b)?)?"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 21. Januar 2022 - 17:04 Uhr / 21 January 2022
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?P<mon>{_MONTH_NAMES})\.?\s+(?P<y>\d{{4}}){_TIME}",
        re.IGNORECASE,
    ),
    # January 21, 2022
    re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}}){_TIME}", re.I),
    # 19.01.2022 17:04, 5.1.16
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}|\d{{2}})(?!\d){_TIME}"),
    # 2022-01-19T17:04
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2}))?"),
)
_RELATIVE = linear(re.compile(
    r"\bvor\s+(?P<n>\d+|einer?|zwei|drei)\s+(?P<unit>Minuten?|Stunden?|Tag(?:en)?)\b|"
    r"\b(?P<n2>\d+|an?|one|two|three)\s+(?P<unit2>minutes?|hours?|days?)\s+ago\b|"
    r"\b(?P<day>heute|gestern|today|yesterday)\b(?:,?\s*(?:um\s+)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2}))?",
    re.IGNORECASE,
))
_NUMBER_WORDS = {"ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "a": 1, "an": 1,
                 "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    precision: DatePrecision
    span: tuple[int, int]


def find_dates(text: str, tz: ZoneInfo) -> list[FoundDate]:
    """Every absolute date in `text`, each with its precision, in the given time zone."""
    if not _DIGIT.search(text):  # every pattern needs the day's digits
        return []
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < e and match.end() > s for s, e in taken):
                continue
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
            year = int(parts["y"])
            year = year + 2000 if year < 100 else year
            try:
                hour = int(parts["hh"]) if parts.get("hh") else 0
                minute = int(parts["mi"]) if parts.get("mi") else 0
                value = datetime(year, month, int(parts["d"]), hour, minute, tzinfo=tz)
            except ValueError:
                continue
            precision: DatePrecision = "minute" if parts.get("hh") else "day"
            found.append(FoundDate(value, precision, match.span()))
            taken.append(match.span())
    return sorted(found, key=lambda d: d.span)


def find_date(text: str, tz: ZoneInfo) -> FoundDate | None:
    dates = find_dates(text, tz)
    return dates[0] if dates else None


def find_relative_date(text: str, fetched_at: datetime | None, tz: ZoneInfo) -> FoundDate | None:
    """'vor 3 Stunden', 'heute, 16:21 Uhr', '2 hours ago': only with the time of the fetch."""
    match = _RELATIVE.search(text)
    if not match or fetched_at is None:
        return None
    local = fetched_at.astimezone(tz)
    parts = match.groupdict()
    if parts["day"]:
        day = local if parts["day"].lower() in ("heute", "today") else local - timedelta(days=1)
        if parts["hh"]:
            value = day.replace(hour=int(parts["hh"]), minute=int(parts["mi"]), second=0, microsecond=0)
            return FoundDate(value, "minute", match.span())
        return FoundDate(day.replace(hour=0, minute=0, second=0, microsecond=0), "day", match.span())
    raw_n = (parts["n"] or parts["n2"]).lower()
    n = int(raw_n) if raw_n.isdigit() else _NUMBER_WORDS.get(raw_n, 1)
    unit = (parts["unit"] or parts["unit2"]).lower()
    if unit.startswith(("min",)):
        return FoundDate((local - timedelta(minutes=n)).replace(second=0, microsecond=0), "minute", match.span())
    if unit.startswith(("stunde", "hour")):
        return FoundDate((local - timedelta(hours=n)).replace(second=0, microsecond=0), "minute", match.span())
    value = (local - timedelta(days=n)).replace(hour=0, minute=0, second=0, microsecond=0)
    return FoundDate(value, "day", match.span())


def has_relative_date(text: str) -> bool:
    return _RELATIVE.search(text) is not None


# --- agencies -----------------------------------------------------------------------------

# Canonical spelling of agencies whose credit appears as "(dpa/afp/red)" or "Foto: AP/dpa".
AGENCIES = {
    "dpa": "dpa", "afp": "afp", "ap": "ap", "reuters": "reuters", "kna": "kna", "epd": "epd",
    "apa": "apa", "sda": "sda", "ddp": "ddp", "dts": "dts", "sid": "sid", "ansa": "ansa",
    "efe": "efe", "tass": "tass", "ria": "ria", "ukrinform": "ukrinform", "xinhua": "xinhua",
    "anp": "anp", "belga": "belga", "ktk": "ktk", "dapd": "dapd", "afx": "afx", "ots": "ots",
    "lby": "dpa", "lrs": "dpa", "lnw": "dpa", "lni": "dpa", "lsw": "dpa", "lhe": "dpa",
    "lmv": "dpa", "lno": "dpa", "lsa": "dpa", "lth": "dpa", "lbn": "dpa",
}


def agencies_in(credit: str) -> list[str]:
    tokens = re.split(r"[^\w]+", credit.lower())
    return list(dict.fromkeys(AGENCIES[t] for t in tokens if t in AGENCIES))
