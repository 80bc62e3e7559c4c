"""Clean stage: scraped text or HTML in, article body and metadata out.

The raw text is split into lines; a catalogue of named rules classifies each line as article or
site chrome (or strips a chrome prefix/suffix from an article line); metadata found in the chrome
(dates, outlet, agency credits) is kept. Every removal is recorded with the rule that made it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

import ftfy
from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.base import StageError
from streams.schemas import CleanArticle, DatePrecision, RawArticle, RemovedSpan

# --- normalisation ------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_line(line: str) -> str:
    """NFC, mojibake repaired, invisible characters gone, runs of spaces collapsed."""
    line = ftfy.fix_text(line, uncurl_quotes=False, normalization="NFC")
    line = line.translate(_INVISIBLE)
    return _SPACES.sub(" ", line).strip()


def normalise(text: str) -> str:
    """Normalise every line; paragraphs (non-blank lines) are separated by one blank line."""
    lines = (normalise_line(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


# --- dates --------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "feber": 2, "february": 2,
    "feb": 2, "märz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5,
    "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*[-–,|]?\s*(?:um\s+)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})\s*(?:Uhr|h)?)?"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 21. Januar 2022 - 17:04 Uhr / 21 January 2022
    re.compile(
        rf"(?P<d>\d{{1,2}})\.?\s*(?P<mon>{_MONTH_NAMES})\.?\s+(?P<y>\d{{4}}){_TIME}",
        re.IGNORECASE,
    ),
    # January 21, 2022
    re.compile(rf"(?P<mon>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}}){_TIME}", re.I),
    # 19.01.2022 17:04
    re.compile(rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){_TIME}"),
    # 2022-01-19T17:04
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2}))?"),
)
_MONTH_ONLY = re.compile(r"\bdate\s+(?P<y>\d{4})-(?P<m>\d{2})\b")


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    precision: DatePrecision
    span: tuple[int, int]


def find_date(text: str, tz: ZoneInfo) -> FoundDate | None:
    """The first absolute date in `text`, with its precision, in the given time zone."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
        try:
            hour = int(parts["hh"]) if parts.get("hh") else 0
            minute = int(parts["mi"]) if parts.get("mi") else 0
            value = datetime(int(parts["y"]), month, int(parts["d"]), hour, minute, tzinfo=tz)
        except ValueError:
            continue
        precision: DatePrecision = "minute" if parts.get("hh") else "day"
        return FoundDate(value, precision, match.span())
    return None


# --- agencies -----------------------------------------------------------------------------

# Canonical spelling of agencies whose credit appears as "(dpa/afp/red)" or "Foto: AP/dpa".
AGENCIES = {
    "dpa": "dpa", "afp": "afp", "ap": "ap", "reuters": "reuters", "kna": "kna", "epd": "epd",
    "apa": "apa", "sda": "sda", "ddp": "ddp", "dts": "dts", "sid": "sid", "ansa": "ansa",
    "efe": "efe", "tass": "tass", "ria": "ria", "ukrinform": "ukrinform", "xinhua": "xinhua",
    "anp": "anp", "belga": "belga", "ktk": "ktk", "dapd": "dapd", "afx": "afx",
}


def agencies_in(credit: str) -> list[str]:
    tokens = re.split(r"[^\w]+", credit.lower())
    return [AGENCIES[t] for t in tokens if t in AGENCIES]


# --- line classification ------------------------------------------------------------------

_CREDIT_TOKEN = r"[A-Za-zÄÖÜäöü]{2,12}"
_TRAILING_CREDIT = re.compile(rf"\s*\(\s*({_CREDIT_TOKEN}(?:\s*/\s*{_CREDIT_TOKEN})*)\s*\)\s*$")
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:Kommentare?|Leserkommentare|Kommentar schreiben|Kommentieren|"
    r"Diskutieren Sie mit|Diskussion|Comments?|Leave a comment|Join the discussion)"
    r"(?:\s*\(\d+\))?:?$",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"loggen Sie sich ein|registrieren Sie sich|Um an der Diskussion teilzunehmen|"
    r"(?:jetzt|bitte) (?:anmelden|einloggen|registrieren)|melden Sie sich an|"
    r"(?:log|sign) in to (?:comment|continue|read)|create (?:a free|an) account|"
    r"bereits registriert|noch kein konto|passwort vergessen",
    re.IGNORECASE,
)
_TEASER_PREFIX = re.compile(
    r"^(?:Lese-?Tipp|Lesetipp|Mehr zum Thema|Auch interessant|Lesen Sie auch|Lesen Sie mehr|"
    r"Das könnte Sie auch interessieren|Weitere Artikel|Zum Thema|Passend dazu|Empfehlung|"
    r"Im Video|Video|Podcast|Bildergalerie|Fotostrecke|Newsletter|Read more|Read also|"
    r"Related|See also|Watch)\s*:",
    re.IGNORECASE,
)
_ADVERT = re.compile(
    r"^(?:Anzeigen?|Werbung|Advertisement|Sponsored|Gesponsert|Promotion)\s*:?$|"
    r"^(?:\S+\s+){0,3}empfiehlt:?$",
    re.IGNORECASE,
)
_PHOTO_CREDIT_START = re.compile(
    r"^(?:©|\(c\)|Copyright\b|Fotos?:|Bild(?:er)?:|Photos?:|Image:|Quelle:|Source:|Credit:)",
    re.IGNORECASE,
)
_EMBEDDED_PHOTO_CREDIT = re.compile(r"(?:Fotos?|Bild|Photo)\s*:\s*(?P<credit>[^:]{2,120})$")
_CAPTION_DATELINE = re.compile(
    r"\s[-–]\s(?P<outlet>[^,]{1,40}),\s\d{3,4},\s(?P<date>\d{1,2}\.\d{1,2}\.\d{4})$"
)
_CAPTION_MARKER = re.compile(r"\((?:l|r|M|li|re|v\.\s?l\.|l\.|r\.|Mitte|Archivbild|Symbolbild)\)")
_DATE_PREFIX = re.compile(r"^date\s+\d{4}-\d{2}(?:-\d{2})?\s+")
_MARKUP_PREFIX = re.compile(r"^(?:h[1-6]|p|div|span|li|br|strong|em|blockquote)\s+(?=\S)")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_LINK_PARENTHESIS = re.compile(
    r"\s*\((?:[^()]*?\b(?:lesen Sie hier|lesen Sie mehr|mehr dazu hier|hier klicken|"
    r"read more here|click here)\b[^()]*)\)",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(
    r"finden Sie hier|hier klicken|hier geht es zu|zur Startseite|zum Artikel|mehr erfahren|"
    r"jetzt abonnieren|click here|subscribe now",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^Ihre?\s+(?P<outlet>.{2,40}?)\s*[-–]?\s*Redaktion$")
_UI_WORDS = frozenset(
    """newsticker liveticker loader chats teilen drucken e-mail mail twitter facebook whatsapp
    share print tweet merken zurück weiter mehr schließen menü menu suche search anmelden login
    abmelden abonnieren newsletter kommentar kommentieren anzeige werbung startseite home top
    nach oben artikel teilen link kopieren vorlesen hören audio video fotos bilder galerie
    play pause mute weiterlesen zum artikel""".split()
)
_BREADCRUMB = re.compile(r"^[^.!?]{1,60}(?:\s[>›»/|]\s[^.!?]{1,60}){2,}$")
_SENTENCE_END = re.compile(r"[.!?…:;\"“”»«'’)]$")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Line:
    index: int
    text: str
    keep: bool = True
    rule: str | None = None


@dataclass
class Metadata:
    dates: list[FoundDate] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)

    def remove(self, text: str, rule: str) -> None:
        self.removed.append(RemovedSpan(text=text, rule=rule))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_headline_like(text: str, max_words: int = 20) -> bool:
    """Short, and not ending like a sentence: a title, kicker, subheading or teaser title."""
    return 0 < word_count(text) <= max_words and not re.search(r"[.!?…]$", text)


def script_of(text: str) -> str | None:
    """The dominant Unicode script of the letters in `text` (LATIN, CYRILLIC, ...)."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            # Latin letters (the common case) without the costly name lookup.
            script = "LATIN" if ord(char) < 0x250 else unicodedata.name(char, "?").split(" ", 1)[0]
            counts[script] += 1
    return counts.most_common(1)[0][0] if counts else None


def _drop(line: Line, meta: Metadata, rule: str) -> None:
    line.keep = False
    line.rule = rule
    meta.remove(line.text, rule)


LineRule = Callable[[list[Line], int, Metadata, "CleanConfig"], None]


def rule_comment_section(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """A comment-section header in the second half of the page: it and all below are chrome."""
    line = lines[i]
    if not line.keep or not _COMMENT_HEADER.match(line.text):
        return
    if i < len(lines) * config.comment_section_min_position:
        return
    for rest in lines[i:]:
        if rest.keep:
            _drop(rest, meta, "comment_section")
            match = _SIGN_OFF.match(rest.text)
            if match:
                meta.outlets.append(match.group("outlet"))


def rule_photo_credit(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    line = lines[i]
    if _PHOTO_CREDIT_START.match(line.text):
        meta.agencies.extend(agencies_in(line.text))
        _drop(line, meta, "photo_credit")
        return
    if word_count(line.text) > config.caption_max_words:
        return
    match = _EMBEDDED_PHOTO_CREDIT.search(line.text)
    if match:
        # "Caption text.Foto: Name/Pool AP/dpa": a caption carrying its credit.
        meta.agencies.extend(agencies_in(match.group("credit")))
        _drop(line, meta, "caption_with_credit")
        # The same caption often appears just above without its credit (alt text).
        caption = line.text[: match.start()].strip()
        for j in range(i - 1, max(-1, i - 3), -1):
            above = lines[j]
            if above.keep and caption and above.text.strip() == caption:
                _drop(above, meta, "caption_duplicate")


def rule_caption_dateline(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """'Caption - Outlet, 1920, 19.01.2022': an image caption; the next short line is a teaser."""
    line = lines[i]
    if word_count(line.text) > config.caption_max_words:
        return
    match = _CAPTION_DATELINE.search(line.text)
    if not match:
        return
    meta.outlets.append(match.group("outlet").strip())
    found = find_date(match.group("date"), config.zone)
    if found:
        meta.dates.append(found)
    _drop(line, meta, "caption_dateline")
    # A caption between article paragraphs introduces a teaser of another article: its title.
    nxt = next((ln for ln in lines[i + 1 :] if ln.text), None)
    if nxt is not None and nxt.keep and is_headline_like(nxt.text, 14):
        _drop(nxt, meta, "teaser_title")


def rule_caption_marker(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    line = lines[i]
    if _CAPTION_MARKER.search(line.text) and word_count(line.text) <= config.caption_max_words:
        _drop(line, meta, "caption")


def rule_dateline(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """A line that is only a date (and time, and maybe the outlet's name)."""
    line = lines[i]
    if word_count(line.text) > 12:  # a date, a time and at most a few words of outlet name
        return
    found = find_date(line.text, config.zone)
    if not found:
        return
    rest = (line.text[: found.span[0]] + " " + line.text[found.span[1] :]).strip(" -–|,·")
    if word_count(rest) > 4 or _SENTENCE_END.search(rest):
        return
    meta.dates.append(found)
    if rest and not re.fullmatch(r"(?i)(?:stand|aktualisiert|updated|veröffentlicht|am|vom)\W*", rest):
        meta.outlets.append(rest.strip())
    _drop(line, meta, "dateline")


def rule_teaser(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    line = lines[i]
    if _TEASER_PREFIX.match(line.text):
        _drop(line, meta, "teaser")
    elif _ADVERT.match(line.text):
        match = re.match(r"^(?P<outlet>.+?)\s+empfiehlt:?$", line.text, re.IGNORECASE)
        if match:
            meta.outlets.append(match.group("outlet"))
        _drop(line, meta, "advertising")
    elif word_count(line.text) > config.prompt_max_words:
        return
    elif _LOGIN.search(line.text):
        _drop(line, meta, "login_prompt")
    elif _LINK_LINE.search(line.text):
        _drop(line, meta, "link_text")


def rule_ui_string(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    line = lines[i]
    folded = line.text.casefold().strip(" :·|>»«")
    if folded in _UI_WORDS or not any(ch.isalpha() for ch in line.text):
        _drop(line, meta, "ui_string")
    elif len(line.text) <= 200 and _BREADCRUMB.match(line.text):
        _drop(line, meta, "breadcrumb")


def rule_trailing_credit(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """'... geführt. (dpa/afp/red)': the credit leaves the body, its agencies stay."""
    line = lines[i]
    match = _TRAILING_CREDIT.search(line.text)
    if not match:
        return
    agencies = agencies_in(match.group(1))
    if not agencies:
        return
    meta.agencies.extend(agencies)
    if match.start() == 0:
        _drop(line, meta, "agency_credit")
    else:
        meta.remove(line.text[match.start() :].strip(), "agency_credit")
        line.text = line.text[: match.start()].rstrip()


def rule_inline_chrome(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """Chrome glued to an article line: a date prefix, a markup remnant, a link teaser, tags."""
    line = lines[i]
    for pattern, rule in (
        (_DATE_PREFIX, "date_prefix"),
        (_MARKUP_PREFIX, "markup_remnant"),
    ):
        match = pattern.match(line.text)
        if match:
            if rule == "date_prefix":
                month = _MONTH_ONLY.search(match.group(0))
                if month:
                    meta.dates.append(
                        FoundDate(
                            datetime(int(month["y"]), int(month["m"]), 1, tzinfo=config.zone),
                            "month", (0, 0),
                        )
                    )
            meta.remove(match.group(0).strip(), rule)
            line.text = line.text[match.end() :]
    for pattern, rule in ((_TAG, "markup_remnant"), (_LINK_PARENTHESIS, "link_teaser")):
        for match in list(pattern.finditer(line.text)):
            meta.remove(match.group(0).strip(), rule)
        line.text = pattern.sub("", line.text).strip()
    if not line.text:
        line.keep = False
        line.rule = "markup_remnant"


def rule_foreign_script(lines: list[Line], i: int, meta: Metadata, config: CleanConfig) -> None:
    """A short line in another script than the page's: a UI string left over from a template."""
    line = lines[i]
    if word_count(line.text) > config.foreign_script_max_words or re.search(r"[.!?]$", line.text):
        return
    script = script_of(line.text)
    if script and config.document_script and script != config.document_script:
        _drop(line, meta, "foreign_script_ui")


# Order matters: the comment section swallows its tail first; inline chrome runs last on what
# survived, so a stripped line is never mistaken for a dateline or a caption.
LINE_RULES: tuple[LineRule, ...] = (
    rule_comment_section,
    rule_photo_credit,
    rule_caption_dateline,
    rule_caption_marker,
    rule_teaser,
    rule_ui_string,
    rule_dateline,
    rule_foreign_script,
    rule_trailing_credit,
    rule_inline_chrome,
)


# --- the stage ----------------------------------------------------------------------------


class CleanConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = Field(default="Europe/Berlin", description="zone of dates without one")
    comment_section_min_position: float = Field(default=0.4, ge=0, le=1)
    caption_max_words: int = Field(default=40, ge=1)
    prompt_max_words: int = Field(default=25, ge=1)
    foreign_script_max_words: int = Field(default=8, ge=1)
    min_words: int = Field(default=1, ge=1, description="fewer words left: dead letter")
    document_script: str | None = Field(default=None, description="set per article")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception as exc:  # ZoneInfoNotFoundError or a bad key
            raise ValueError(f"timezone must be an IANA zone name, got {value!r}") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass
class Cleaned:
    title: str | None
    kicker: str | None
    paragraphs: list[str]
    meta: Metadata


def classify_lines(text: str, config: CleanConfig) -> Cleaned:
    """Run the rule catalogue over normalised lines; return kept paragraphs and metadata."""
    lines = [Line(i, normalise_line(raw)) for i, raw in enumerate(text.splitlines())]
    lines = [ln for ln in lines if ln.text]
    meta = Metadata()
    # The page's script, from a sample: enough letters to outvote any UI string.
    sample = " ".join(ln.text for ln in lines)[:4000]
    config = config.model_copy(update={"document_script": script_of(sample)})
    for rule in LINE_RULES:
        for i in range(len(lines)):
            if lines[i].keep:
                rule(lines, i, meta, config)
    kept = [ln.text for ln in lines if ln.keep and ln.text]
    title, kicker, body = split_headline(kept)
    return Cleaned(title, kicker, body, meta)


def split_headline(paragraphs: list[str]) -> tuple[str | None, str | None, list[str]]:
    """Up to two short non-sentence lines before the first paragraph: kicker and title."""
    heads: list[str] = []
    for para in paragraphs[:2]:
        if is_headline_like(para) and not para.startswith(("\"", "„", "“", "«", "»")):
            heads.append(para)
        else:
            break
    if len(heads) == len(paragraphs):  # nothing but headlines: keep them as the body
        return None, None, paragraphs
    if len(heads) == 2:
        return heads[1], heads[0], paragraphs[2:]
    if len(heads) == 1:
        return heads[0], None, paragraphs[1:]
    return None, None, paragraphs


def detect_language(text: str) -> str | None:
    import py3langid  # imported lazily: loading its model costs ~0.3 s

    if word_count(text) < 3:
        return None
    lang, _score = py3langid.classify(text)
    return str(lang)


def html_to_text(page: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata (title, date, author) of an HTML page, with trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        page, include_comments=False, include_tables=False, with_metadata=True
    )
    if extracted is None:
        return "", {}
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    meta = {k: data.get(k) for k in ("title", "date", "author", "sitename")}
    return str(data.get("text") or ""), meta


def _first(values: Iterable[str]) -> str | None:
    return next(iter(values), None)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


class Cleaner:
    name: ClassVar[str] = "clean"
    input_model = RawArticle
    output_model = CleanArticle

    def __init__(self, config: CleanConfig) -> None:
        self.config = config

    def __call__(self, raw: RawArticle) -> CleanArticle:
        html_meta: dict[str, str | None] = {}
        if raw.text and raw.text.strip():
            source_text = raw.text
        else:
            source_text, html_meta = html_to_text(raw.html or "")
        cleaned = classify_lines(source_text, self.config)
        title = normalise_line(raw.title) if raw.title else (html_meta.get("title") or cleaned.title)
        body = cleaned.paragraphs
        if raw.title and cleaned.title and cleaned.title != title:
            body = [cleaned.title, *body]  # the line we took for a title was not the title
        if body and title and body[0] == title:
            body = body[1:]
        text = "\n\n".join(body)
        if word_count(text) < self.config.min_words:
            raise StageError(
                "empty_body",
                f"field 'text': no article text left after removing boilerplate "
                f"({len(cleaned.meta.removed)} chrome spans removed)",
            )
        published_at, precision = self._published(raw, cleaned.meta, html_meta)
        return CleanArticle(
            id=raw.id,
            url=raw.url,
            source=raw.source,
            title=title,
            kicker=cleaned.kicker,
            text=text,
            published_at=published_at,
            published_precision=precision,
            fetched_at=raw.fetched_at,
            language=raw.language or detect_language(text),
            outlet=_first(_unique(cleaned.meta.outlets)) or html_meta.get("sitename"),
            agencies=_unique(cleaned.meta.agencies),
            removed=cleaned.meta.removed,
        )

    def _published(
        self, raw: RawArticle, meta: Metadata, html_meta: dict[str, str | None]
    ) -> tuple[datetime | None, DatePrecision | None]:
        if raw.published_at is not None:
            return raw.published_at, "second"
        if meta.dates:
            # The most precise of the dates the page states; ties go to the first.
            order = {"second": 0, "minute": 1, "day": 2, "month": 3}
            best = min(meta.dates, key=lambda d: order[d.precision])
            return best.value, best.precision
        if html_meta.get("date"):
            found = find_date(str(html_meta["date"]), self.config.zone)
            if found:
                return found.value, found.precision
        return None, None
