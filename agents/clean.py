"""Clean stage: scraped text or HTML in, article body and metadata out.

HTML goes through trafilatura first. The text is then split into lines, each line is classified
as article or site chrome by the rules of `agents.chrome` (pattern catalogue, page structure,
the outlet's learned template), hard-wrapped lines are rejoined into paragraphs, and metadata
found in the chrome (dates, outlet, agencies, authors) is kept. Every removal is recorded with
the rule that made it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.base import StageError
from agents.chrome import (
    SHORT_LINE_WORDS,
    Classified,
    Line,
    Metadata,
    RuleContext,
    TemplateMemory,
    classify_lines,
    drop_line,
    is_headline_like,
    labelled_teaser,
    lesser_print,
    template_key,
)
from agents.chrome_lines import chrome_line_model
from agents.language import language_model
from agents.textmeta import (
    FUNCTION_WORDS,
    content_stems,
    find_date,
    find_relative_date,
    has_words,
    normalise,
    normalise_line,
    word_count,
    words_of,
)
from streams.schemas import CleanArticle, DatePrecision, RawArticle

__all__ = ["CleanConfig", "Cleaner", "find_date", "normalise", "normalise_line"]


class CleanConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = Field(default="Europe/Berlin", description="zone of dates without one")
    comment_section_min_position: float = Field(default=0.4, ge=0, le=1)
    caption_max_words: int = Field(default=40, ge=1)
    prompt_max_words: int = Field(default=45, ge=1)
    foreign_script_max_words: int = Field(default=8, ge=1)
    min_words: int = Field(default=1, ge=1, description="fewer words left: dead letter")
    template_min_articles: int = Field(
        default=3, ge=2, description="a short line seen in this many articles of one outlet is chrome"
    )
    template_min_articles_long: int = Field(
        default=6, ge=2, description="the same for lines of more than 20 words"
    )
    template_max_words: int = Field(
        default=40, ge=1, description="longer lines are never remembered as template"
    )
    chrome_line_threshold: float | None = Field(
        default=0.9, gt=0, le=1,
        description="a short line after the article's last paragraph that the short-line model is this sure "
        "is chrome goes (around the headline the model acts at 0.8, on lines sharing no word with the "
        "article); null (or \"off\" from the environment): the rules alone, everywhere",
    )
    template_min_articles_prose: int = Field(
        default=10, ge=2,
        description="a line that reads like prose (a sentence of 8+ words) needs this many distinct articles",
    )
    max_chars: int = Field(
        default=100_000, ge=1000,
        description="text analysed per article (a long read is ~50,000 characters); the rest is cut, "
        "and `truncated_from` in the output says so, so one huge page cannot stall a worker",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:  # an unknown or malformed key
            raise ValueError(f"timezone must be an IANA zone name, got {value!r}") from exc
        return value

    @field_validator("chrome_line_threshold", mode="before")
    @classmethod
    def _off(cls, value: object) -> object:
        """An environment variable cannot be null: "null", "none" or "off" turn the model off."""
        return None if isinstance(value, str) and value.strip().lower() in ("null", "none", "off", "") else value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def article_identity(lines: list[str]) -> str | None:
    """What makes an article the same article whatever its id and chrome: its prose lines
    (12 words or more; chrome lines are short), as a hash. None for a page without prose."""
    prose = sorted({template_key(line) for line in lines if word_count(line) >= PROSE_WORDS})
    if not prose:
        return None
    return "text:" + hashlib.blake2b(" ".join(prose).encode("ascii"), digest_size=12).hexdigest()


PROSE_WORDS = 12


def rule_context(config: CleanConfig, template_counts: dict[str, int] | None = None) -> RuleContext:
    return RuleContext(
        zone=config.zone,
        caption_max_words=config.caption_max_words,
        prompt_max_words=config.prompt_max_words,
        comment_section_min_position=config.comment_section_min_position,
        foreign_script_max_words=config.foreign_script_max_words,
        template_counts=template_counts or {},
        template_min_articles=config.template_min_articles,
        template_min_articles_long=config.template_min_articles_long,
        template_min_articles_prose=config.template_min_articles_prose,
        chrome_line_threshold=config.chrome_line_threshold,
    )


_CAPTION_RULES = frozenset({"caption", "caption_with_credit", "caption_dateline", "caption_duplicate"})
_ENDS_PARAGRAPH = re.compile(r"[.!?…:;\"“”»«)\]]$")


def _could_wrap_to(line: str, following: str) -> bool:
    """Could `following` be the rest of a paragraph wrapped after `line`? A wrap fills a line until
    the next word does not fit, so the next line is not longer than this one by more than its
    first word (a quarter more allowed for proportional type). A headline runs into a lead of
    many times its length: "Warnstreik im öffentlichen Dienst war nur ein Vorgeschmack"."""
    return len(following) <= 1.25 * len(line) + len(following.split(" ", 1)[0]) + 1


def paragraphs_of(lines: list[Line]) -> list[str]:
    """Kept lines as paragraphs, hard line-wraps rejoined.

    A line continues on the next when they were adjacent in the input (no blank line or removed
    line between), it does not end a sentence, and the next starts in lower case, or it is
    itself long enough to be wrapped prose rather than a subheading.
    """
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if not line.keep or not line.text:
            previous = None
            continue
        if (
            previous is not None
            and out
            and line.index == previous.index + 1
            and not _ENDS_PARAGRAPH.search(out[-1])
            and (line.text[:1].islower() or (word_count(previous.text) >= 8 and word_count(out[-1]) >= 8
                                             and _could_wrap_to(previous.text, line.text))
                 or out[-1].split()[-1].lower() in FUNCTION_WORDS)  # "Bei einer" goes on
        ):
            if out[-1].endswith("-") and line.text[:1].islower():
                out[-1] = out[-1][:-1] + line.text  # a word hyphenated at the wrap
            else:
                out[-1] = out[-1] + " " + line.text
        else:
            out.append(line.text)
        previous = line
    return out


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
    if len(heads) == 2 and word_count(heads[0]) >= 5 and word_count(heads[0]) > word_count(heads[1]) + 1:
        # A kicker is shorter than its headline: the second line is no title ("Read time: 4 min")
        # when the first speaks more of what the article says.
        opening = content_stems(" ".join(paragraphs[2:5]))
        first, second = (content_stems(head) for head in heads)
        if len(first & opening) / max(1, len(first)) > len(second & opening) / max(1, len(second)):
            return heads[0], None, paragraphs[1:]
    if len(heads) == 2:
        return heads[1], heads[0], paragraphs[2:]
    if len(heads) == 1:
        return heads[0], None, paragraphs[1:]
    return None, None, paragraphs


# Removed lines that may still be the headline: a headline printed twice, or taken for a teaser.
_HEADLINE_RULES = frozenset({None, "duplicate_line", "duplicate_teaser", "teaser_title", "teaser", "teaser_block", "outlet_template"})
_HEADLINE_REACH = 25  # lines above the lead that may hold the headline


def _is_prose(text: str) -> bool:
    return word_count(text) >= 8  # (pages cut off mid-sentence: no full stop asked)


_ENDS_A_SENTENCE = re.compile(r"[.!?\"“”»«]$")


def _is_lead(line: Line) -> bool:
    return line.keep and _is_lead_text(line.text)


def _is_lead_text(text: str) -> bool:
    return word_count(text) >= 15 and _ENDS_A_SENTENCE.search(text.strip()) is not None


ABOVE_HEADLINE_CHROME = 0.8
_WRAPPED_LEAD_WORDS = 30


_OTHER_STORY = 1 / 5  # at most this share of a teaser's content words in the article
_TEASER_HEADLINE_WORDS = 14


def _past_teasers(lines: list[Line], leads: list[int]) -> int:
    """Of the paragraphs of prose (`leads`), the first, unless a strip of teasers stands above the
    article: two paragraphs or more, each alone under a headline-like line and speaking of other
    things than the first paragraph another paragraph follows (the article's lead)."""
    def following(i: int) -> Line | None:
        """The next line, the site's lines aside (kept, or taken for a teaser's: the article's own
        headline may be)."""
        return next((line for line in lines[i + 1 :] if line.keep or line.rule in _HEADLINE_RULES), None)

    def alone(i: int) -> bool:
        nxt = following(i)  # (a teaser's headline may ask: "Streik bei Amazon kurz vor Weihnachten?")
        return nxt is not None and is_headline_like(nxt.text.rstrip("?!"), _TEASER_HEADLINE_WORDS)

    def opens_run(i: int) -> bool:
        """The article goes on under paragraph i: another paragraph follows it, or (past a crosshead
        or a box) paragraphs that speak of what it says."""
        nxt = following(i)
        if nxt is not None and nxt.keep and _is_lead(nxt):
            return True
        stems = content_stems(lines[i].text)
        after = list(islice((line.text for line in lines[i + 1 :] if _is_lead(line)), 2))
        return len(after) == 2 and bool(stems) and len(stems & content_stems(" ".join(after))) / len(stems) >= _OTHER_STORY

    if not alone(leads[0]):
        return leads[0]
    start = next((i for i in leads[1:] if opens_run(i)), None)
    if start is None:
        return leads[0]
    # (a teaser's lead another rule took as another article's counts among them)
    taken = sum(1 for line in lines[:start] if not line.keep and line.rule == "other_article" and _is_lead_text(line.text))
    if sum(1 for i in leads if i < start) + taken < 2:
        return leads[0]  # one paragraph above: the article's lead over a subheading as likely as a teaser
    article = content_stems(_opening(lines, start))
    for i in leads:
        if i == start:
            return start
        stems = content_stems(lines[i].text)
        if not alone(i) or not stems or len(stems & article) / len(stems) >= _OTHER_STORY:
            return leads[0]  # a paragraph of the article's own subject: its lead after all
    return leads[0]


def _drop_teaser_strip(lines: list[Line], at: int, meta: Metadata) -> None:
    """The strip of teasers `_past_teasers` looked past, when the headline found stands below it:
    each teaser's paragraph and the headline-like line above it."""
    leads = [i for i, line in enumerate(lines[:at]) if _is_lead(line)]
    lead = lead_index(lines)
    if not leads or lead is None or lead <= at:
        return
    if _past_teasers(lines, [*leads, lead]) != lead:
        return  # (the paragraphs above the headline are not all teasers of other subjects)
    for i in leads:
        above = next((k for k in range(i - 1, -1, -1) if lines[k].keep), None)
        drop_line(lines[i], meta, "teaser_strip")
        if above is not None and is_headline_like(lines[above].text, _TEASER_HEADLINE_WORDS):
            drop_line(lines[above], meta, "teaser_strip")


def lead_index(lines: list[Line]) -> int | None:
    """The first kept paragraph of prose: a line of 15 words or more that ends a sentence (past a
    strip of teasers above the article, see `_past_teasers`); on a page
    without one, the first of a run of hard-wrapped lines that together make 30 words and end a
    sentence (not the page's first line: its headline)."""
    leads = [i for i, line in enumerate(lines) if _is_lead(line)]
    if leads:
        return _past_teasers(lines, leads)
    first = next((i for i, line in enumerate(lines) if line.keep), None)
    for i, line in enumerate(lines):
        if not line.keep or word_count(line.text) < 6 or i == first:  # (the page's first line: its headline)
            continue
        words, k = 0, i
        while k < len(lines) and lines[k].keep and (k == i or lines[k].index == lines[k - 1].index + 1):
            words += word_count(lines[k].text)
            if words >= _WRAPPED_LEAD_WORDS and re.search(r"[.!?\"“”»«]$", lines[k].text.strip()):
                return i
            k += 1
    return None


def headline_candidate(lines: list[Line], i: int) -> bool:
    """Could line i be a headline: 3 to 24 words, not a sentence, not the first line of a
    hard-wrapped sentence (the next line goes on in lower case, or it ends in a comma or a
    function word)."""
    text = lines[i].text.strip()
    words = word_count(text)
    if words < 3 or words > 24 or (text.endswith(".") and words >= 6):
        return False
    after = lines[i + 1].text if i + 1 < len(lines) and lines[i + 1].keep else ""  # a removed line ends it
    last = text.split()[-1].lower()
    return not (after[:1].islower() or text.endswith((",", ";", "-")) or last in FUNCTION_WORDS)


_OPENING_WORDS = 40


def _opening(lines: list[Line], lead: int) -> str:
    """The article's first three paragraphs of prose from the lead on, and more lines while they
    hold under 40 words (the lines of a hard-wrapped page are short)."""
    taken: list[str] = []
    words = paragraphs = 0
    for line in lines[lead:]:
        if not line.keep or (not _is_prose(line.text) and line.index != lines[lead].index):
            continue
        taken.append(line.text)
        words += word_count(line.text)
        paragraphs += 1
        if paragraphs >= 3 and words >= _OPENING_WORDS:
            break
    return " ".join(taken)


def find_headline(lines: list[Line], body: list[str]) -> str | None:
    """The headline of a flattened page: of the lines above the lead (the first kept paragraph
    of prose), the one whose words the opening paragraphs share most, nearer the lead better,
    more so when a "<headline> | <site>" line repeats it; None when no line shares a third of
    its words with the opening. Navigation and section names share none, so they lose."""
    lead = lead_index(lines)
    if lead is None or not body:
        return None
    candidates = [i for i in range(max(0, lead - _HEADLINE_REACH), lead)
                  if lines[i].rule in _HEADLINE_RULES and headline_candidate(lines, i)]
    # a print of another candidate cut short or with the site's name added is not the headline, nor
    # is what a sentence ending in a colon announces (a quoted tweet: "… hat getwittert:"), nor a
    # line its label gives to another article ("Mehr zum Thema: Energiewende")
    candidates = [i for i in candidates if not any(lesser_print(lines[i].text, lines[j].text) for j in candidates if j > i)
                  and not _announced(lines, i) and not labelled_teaser(lines[i].text)]
    if not candidates:
        return None
    # The opening paragraphs of prose from the lead on (not what navigation the rules left at the
    # top, nor a line above the lead that line joining glued to a headline).
    opening = content_stems(_opening(lines, lead))
    # "<headline> | <site>" (the page's <title>, flattened into the text): the same words, then more
    titled = [" ".join(words_of(line.text)) for line in lines
              if word_count(line.text) <= 40 and re.search(r"\s[|–-]\s", line.text)]
    first_kept = next((i for i, line in enumerate(lines) if line.keep), None)
    # past a strip of teasers (`_past_teasers`), the candidate nearest the lead heads it as the page's first line would
    first_lead = next((i for i, line in enumerate(lines) if _is_lead(line)), lead)
    best: tuple[float, str] | None = None
    scored: list[str] = []
    for i in candidates:
        line = lines[i]
        stems = content_stems(line.text)
        if len(stems) < 2:
            continue
        overlap = len(stems & opening) / len(stems)
        key = " ".join(words_of(line.text))
        repeated = any(other.startswith(key) and len(other) > len(key) for other in titled)
        # the page's first line, just above the lead (two short lines between at most, the site's
        # lines the rules removed aside: a byline, a share button), may speak of the article in its
        # own words; so may a line the page's "<headline> | <site>" repeats
        opens_page = i == first_kept and sum(1 for line in lines[i + 1 : lead] if line.keep) <= 2
        # (and so may the line nearest the lead when nothing kept above it speaks of the article: the
        # rules left some of the site's lines at the top)
        nearest = i == candidates[-1] and (lead != first_lead or not any(
            line.keep and content_stems(line.text) & opening for line in lines[:i]))
        if overlap < (1 / 5 if opens_page or repeated or nearest else 1 / 3):
            continue
        scored.append(line.text)
        score = overlap + (0.5 if repeated else 0.0) - 0.01 * (lead - i) - (0.3 if line.text.rstrip().endswith(":") else 0.0)
        if best is None or score > best[0]:
            best = (score, line.text)
    if best is None:
        return None
    # A kicker or section path run into a later print ("Richard-Linde-Weg Eltern fordern: …" under
    # "Eltern fordern: …"): the plain print is the headline.
    # A kicker joined by a colon ("Idomeni: Flüchtlinge fliehen …") is the headline's own.
    plain = next((text for text in scored if best[1].endswith(" " + text) and ":" not in best[1][: -len(text)]), None)
    if plain is not None:
        return plain
    # The kicker printed on its own as well as joined to the headline by a colon
    # ("Telekom, E-Plus, O2" and "Telekom, E-Plus, O2: Was … erwartet"): the joined print is the title.
    joined = next((lines[i].text for i in candidates if lines[i].text.startswith(best[1] + ":")), None)
    if joined is not None:
        return joined
    # The headline printed twice in other words (a teaser's or a social card's wording under the
    # page's own): the first print is the page's headline. A print with more words around all of
    # the other's is a section path run into it (see `_restates`), not a rewording.
    chosen = content_stems(best[1])
    return next((text for text in scored if text == best[1] or _reworded(content_stems(text), chosen)), best[1])


def _announced(lines: list[Line], i: int) -> bool:
    above = lines[i - 1] if i > 0 else None
    return bool(above and above.keep and above.text.endswith(":") and word_count(above.text) >= 8)


def _reworded(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two lines' content words: three fifths of the fewer shared, and neither all of the other's plus more."""
    fewer = min(len(first), len(second))
    return fewer >= 3 and len(first & second) >= 0.6 * fewer and not (first < second or second < first)


def _structural_headline(lines: list[Line], kept: list[str]) -> str | None:
    """Without a line the opening talks about: the first of the two short lines the page opens
    with that could be a headline (the second may be a logo's text or a wrapped line)."""
    title, kicker, _ = split_headline(kept)
    return next((head for head in (title, kicker) if head is not None and _stands_alone(lines, head)), None)


_UNDER_HEADLINE_WORDS = 6


def _opens_the_lead(text: str) -> bool:
    """A line right above the lead that belongs to it: its subtitle (three words or more), or a
    dateline that lost its dash ("Wien", "Breslau (Wroclaw)")."""
    return word_count(text) >= 3 or bool(re.fullmatch(r"[^\W\d_][\w-]*", text)) or text.endswith(")")


def _restates(text: str, headline: str, titled: frozenset[str]) -> bool:
    """The headline printed again with more words before or after it, as where a section path
    runs into it ("Mecklenburg Wismar Politik Gebühren für Musikschule werden erhöht"): all of the
    headline's content words and some more. A kicker joined by a colon ("Unicredit-Tochter:
    Stellenabbau belastet ...") is the headline's own and stays."""
    stems = content_stems(text)
    return (len(titled) >= 3 and word_count(text) <= 24 and titled < stems
            and text.count(":") <= headline.count(":"))


def drop_under_headline(classified: Classified, model_threshold: float | None = None) -> tuple[str | None, bool]:
    """Between the headline and the lead sit the article's standfirst and dateline, and the
    site's furniture: bylines, dates, sharing and bookmark buttons, reading time, a logo's alt
    text. A short line there (no sentence) that shares no content word with the headline and the
    opening paragraphs is the site's; a dateline ("Washington.", "Berlin -") stays. Returns what
    the headline finder chose, and whether lines went (then it must look again: a candidate above
    a removed line is no wrapped sentence's start)."""
    lines = classified.lines
    kept = paragraphs_of(lines)
    _, _, body = split_headline(kept)
    found = find_headline(lines, body or kept)
    headline = found or _structural_headline(lines, kept)
    if headline is None:
        return found, False
    titled = content_stems(headline)
    # from the headline's first print (a page may print it twice, first with more around it)
    at = next(i for i, line in enumerate(lines) if line.text == headline or (
        titled and word_count(line.text) <= 24 and titled <= content_stems(line.text)))
    if found is not None:
        _drop_teaser_strip(lines, at, classified.meta)
    # the first line of prose after the headline (the lead, or a short first sentence of it)
    # (not the headline itself, printed again below a first print cut short, nor a print of it
    # with more around it)
    lead = next((i for i in range(at + 1, len(lines))
                 if lines[i].keep and _is_prose(lines[i].text) and lines[i].text != headline
                 and not (is_headline_like(lines[i].text) and _restates(lines[i].text, headline, titled))), None)
    words = titled | (content_stems(_opening(lines, lead)) if lead is not None else frozenset())
    if model_threshold is not None:
        # Above the headline: what the model reads as the site's (on the labelled pages the kickers the
        # structure took scored at most 0.36, the chrome it took for kickers at least 0.89). Its
        # removals leave the headline as found: they are not the rules' furniture that can make a line
        # above them look like a wrapped sentence's start.
        _drop_chrome_lines(lines[max(0, at - _HEADLINE_REACH) : at], words, model_threshold, classified.meta,
                           "chrome_above_headline")
    if lead is None:
        return found, False
    dropped = False
    head = lines[max(0, lead - _HEADLINE_REACH) : lead]
    own = next((line for line in head if line.text == headline), None)  # (not an article line taken for it)
    variants = [line for line in head if own and line.keep and line is not own and _restates(line.text, headline, titled)]
    for line in variants:
        drop_line(line, classified.meta, "headline_variant")
        dropped = True
    # The headline or its kicker went as a copy of the longer print: now they are the only one.
    printed = [f" {' '.join(words_of(line.text))} " for line in variants]
    for line in head:
        if line.rule == "duplicate_line" and any(f" {' '.join(words_of(line.text))} " in variant for variant in printed):
            line.keep, line.rule = True, None
            classified.meta.removed = [span for span in classified.meta.removed
                                       if not (span.text == line.text and span.rule == "duplicate_line")]
    for k in range(at + 1, lead):
        line, below = lines[k], lines[k + 1]
        if (
            line.keep and word_count(line.text) <= _UNDER_HEADLINE_WORDS
            and not re.search(r"[.!?:\-–]$", line.text)  # a sentence, a dateline ("Berlin -"), an announcement
            and line.text.split()[-1].lower() not in FUNCTION_WORDS  # a wrapped sentence's start: "Bei einer"
            and not (line.index == lines[lead].index - 1 and _opens_the_lead(line.text))
            and not content_stems(line.text) & words
            # the kicker of the headline printed again below it
            and not (below.index == line.index + 1 and set() < content_stems(below.text) <= titled)
        ):
            drop_line(line, classified.meta, "under_headline")
            dropped = True
    if model_threshold is not None:  # and what the rules left there that reads as the site's
        _drop_chrome_lines(lines[at + 1 : lead], words, model_threshold, classified.meta)
    return found, dropped


def _drop_chrome_lines(lines: list[Line], topic: frozenset[str], threshold: float, meta: Metadata,
                       rule: str = "chrome_under_headline") -> None:
    """Of these lines, those of two to eight words that share no word with the article (`topic`) and
    that the short-line model is `threshold` sure are the site's go ("Region wählen", "Alles über
    Werbung, Stellenanzeigen und Immobilieninserate"). (A line of one word is left to the rules:
    the model scores a quarter of the news' frequent nouns 0.8 or more, and a kicker may be one:
    "Flüchtlingskrise".)"""
    model = chrome_line_model()
    for line in lines:
        if (
            line.keep and 2 <= word_count(line.text) <= SHORT_LINE_WORDS and not content_stems(line.text) & topic
            and model.probability(line.text) >= threshold
        ):
            drop_line(line, meta, rule)


def _kicker_above(lines: list[Line], headline: str, offered: str | None) -> str | None:
    """A short kept line right above the headline is its kicker (the one the page structure
    offered, or one the structure took for the title)."""
    at = next((i for i, line in enumerate(lines) if line.keep and line.text == headline), None)
    if not at or not lines[at - 1].keep or lines[at - 1].index != lines[at].index - 1:
        return None
    above = lines[at - 1].text
    return above if above == offered or (word_count(above) <= 4 and is_headline_like(above)) else None


def _talks_about(title: str, body: list[str]) -> bool:
    """The opening paragraphs share a third of the title's content words."""
    stems = content_stems(title)
    return not stems or len(stems & content_stems(" ".join(body[:3]))) / len(stems) >= 1 / 3


def _stands_alone(lines: list[Line], text: str) -> bool:
    """The structure's headline is a line of its own that could be a headline."""
    return any(line.text == text and headline_candidate(lines, i) for i, line in enumerate(lines))


def _headline_alone(lines: list[Line], text: str) -> bool:
    """The one line kept is the page's first or second, short, capitalised, and no teaser cut short."""
    first = next((line for line in lines if line.keep), None)
    return (
        first is not None and first.text == text and first.index <= 1 and 3 <= word_count(text) <= 12
        and text[:1].isupper() and not re.search(r"\.\.\.|…|\bmehr$|^[A-ZÄÖÜ]{3,}\W", text)
    )


def cap_text(text: str, max_chars: int) -> tuple[str, int | None]:
    """The text cut to `max_chars` at a line end (or inside a line that is longer), and its
    original length if it was cut."""
    if len(text) <= max_chars:
        return text, None
    cut = text.rfind("\n", 0, max_chars)
    return text[: cut if cut > max_chars // 2 else max_chars], len(text)


LANGUAGE_SAMPLE_CHARS = 1000  # a few paragraphs decide the language as well as the whole text (same answer on 2,624 pages as 2,000)


# A first look at the first 200 characters settles most texts (1,547 of 1,986 cleaned texts longer
# than that; 1,802 at 300 characters) and gives the same language as looks at 300 and 1,000 did on
# all 3,375 cleaned SmartData, generated and labelled texts; the others get the full sample.
LANGUAGE_FIRST_CHARS = 200
LANGUAGE_SURE = 0.999


def detect_language(text: str) -> str | None:
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not has_words(sample, 3):
        return None
    model = language_model()
    if len(sample) > LANGUAGE_FIRST_CHARS:
        lang, probability = model.classify(sample[:LANGUAGE_FIRST_CHARS])
        if probability >= LANGUAGE_SURE:
            return lang
    return model.classify(sample)[0]


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
    failure_kinds: ClassVar[tuple[str, ...]] = ("empty_body",)

    def __init__(self, config: CleanConfig, templates: TemplateMemory | None = None) -> None:
        self.config = config
        self.templates = templates

    def classify(self, text: str, outlet: str | None = None) -> Classified:
        """The line-by-line decisions on plain text (evaluation and `process --explain`)."""
        return self._classify(text, outlet)[0]

    def _classify(self, text: str, outlet: str | None) -> tuple[Classified, tuple[str | None, bool]]:
        """The decisions, and the headline the finder chose on the way with whether lines went after."""
        counts: dict[str, int] = {}
        if self.templates is not None and outlet:
            keys = [template_key(line) for line in text.splitlines() if line.strip()]
            counts = self.templates.counts(outlet, keys)
        classified = classify_lines(text, rule_context(self.config, counts), normalise_line)
        return classified, drop_under_headline(classified, model_threshold=None if self.config.chrome_line_threshold is None
                                               else ABOVE_HEADLINE_CHROME)

    def explain(self, raw: RawArticle) -> list[tuple[str, str | None]]:
        """Each input line with the rule that removed it (None: kept), for `process --explain`.

        Reads the outlet's template memory without adding to it.
        """
        text = raw.text if raw.text and raw.text.strip() else html_to_text(raw.html or "")[0]
        decided = {line.index: line for line in self.classify(text, raw.source).lines}
        rows: list[tuple[str, str | None]] = []
        for index, original in enumerate(text.splitlines()):
            if not original.strip():
                continue
            line = decided.get(index)
            if line is None:
                rows.append((original, "blank_after_normalisation"))
            elif not line.keep:
                rows.append((original, line.rule))
            else:
                trimmed = normalise_line(original) != line.text
                rows.append((original, "kept, trimmed" if trimmed else None))
        return rows

    def learn(self, outlet: str, article_id: str, text: str) -> None:
        """Remember this article's short lines for the outlet's template.

        Only lines short enough to be chrome are remembered, which keeps the state small:
        paragraphs of articles are longer and almost never repeat. Articles are counted by
        their text, not their id (`article_identity`): one article sent under ten ids, or
        reprinted with other chrome, is one sighting, so its own lines never become template.
        """
        if self.templates is not None:
            lines = [line for line in text.splitlines() if line.strip()]
            keys = [template_key(line) for line in lines if word_count(line) <= self.config.template_max_words]
            self.templates.record(outlet, article_identity(lines) or article_id, keys)

    def __call__(self, raw: RawArticle) -> CleanArticle:
        html_meta: dict[str, str | None] = {}
        if raw.text and raw.text.strip():
            source_text = raw.text
        else:
            source_text, html_meta = html_to_text(raw.html or "")
        source_text, truncated_from = cap_text(source_text, self.config.max_chars)
        classified, (headline, lines_went) = self._classify(source_text, raw.source)
        self.learn(raw.source, raw.id, source_text)
        meta = classified.meta
        kept = paragraphs_of(classified.lines)
        page_title, kicker, body = split_headline(kept)
        if lines_went:
            headline = find_headline(classified.lines, body or kept)
        if headline is not None and headline != page_title:
            # The line the page structure offered was not the headline: back into the body.
            body = [p for p in ([page_title, *body] if page_title else body) if p != headline]
            for k, para in enumerate(body[:3]):
                if para.startswith(headline + " "):
                    body[k] = para[len(headline) + 1:]  # the headline glued to what follows by line joining
                    break
            kicker = _kicker_above(classified.lines, headline, kicker)
            if kicker in body:
                body.remove(kicker)
            page_title = headline
        elif headline is None and page_title is not None and not _stands_alone(classified.lines, page_title):
            if kicker is not None and _stands_alone(classified.lines, kicker):
                body, page_title, kicker = [page_title, *body], kicker, None  # a logo's text under the title
            else:
                body, page_title, kicker = [page_title, *body], None, None  # a wrapped sentence's first line
        html_title = html_meta.get("title")
        if html_title and body and page_title and not _talks_about(html_title, body):
            html_title = None  # a site name or section page's <title>: the page's own headline wins
        title = normalise_line(raw.title) if raw.title else (html_title or page_title)
        if raw.title and page_title and page_title != title:
            body = [page_title, *body]  # the line we took for a title was not the title
        if body and title and body[0] == title:
            body = body[1:]
        elif title is None and len(body) == 1 and _headline_alone(classified.lines, body[0]):
            title = body[0]  # a page that is its headline and chrome (a paywall): the headline is both
        if title:
            title = title.removeprefix(">").lstrip()  # a finance feed's quote marker: "> ROUNDUP: …"
        text = "\n\n".join(body)
        if not has_words(text, self.config.min_words):
            raise StageError(
                "empty_body",
                f"field 'text': no article text left after removing boilerplate "
                f"({len(meta.removed)} chrome spans removed)",
            )
        published_at, precision = self._published(raw, meta, html_meta)
        html_author = html_meta.get("author")
        authors = _unique([*meta.authors, *([html_author] if html_author else [])])
        return CleanArticle(
            id=raw.id,
            url=raw.url,
            source=raw.source,
            title=title,
            kicker=kicker,
            text=text,
            published_at=published_at,
            published_precision=precision,
            fetched_at=raw.fetched_at,
            language=raw.language or detect_language(text),
            outlet=_first(_unique(meta.outlets)) or html_meta.get("sitename"),
            authors=authors,
            captions=[span.text for span in meta.removed if span.rule in _CAPTION_RULES],
            agencies=_unique(meta.agencies),
            removed=meta.removed,
            truncated_from=truncated_from,
        )

    def _published(
        self, raw: RawArticle, meta: Metadata, html_meta: dict[str, str | None]
    ) -> tuple[datetime | None, DatePrecision | None]:
        if raw.published_at is not None:
            return raw.published_at, "second"
        dates = list(meta.dates)
        for phrase in meta.relative_dates:
            found = find_relative_date(phrase, raw.fetched_at, self.config.zone)
            if found:
                dates.append(found)
        if dates:
            # The most precise of the dates the page states; ties go to the first.
            order = {"second": 0, "minute": 1, "day": 2, "month": 3}
            best = min(dates, key=lambda d: order[d.precision])
            return best.value, best.precision
        if html_meta.get("date"):
            found = find_date(str(html_meta["date"]), self.config.zone)
            if found:
                return found.value, found.precision
        return None, None
