"""The clean stage's patterns compiled by RE2 (`textmeta.linear`) find what Python's engine finds.

RE2 knows ASCII word characters only for \\b and \\w; these patterns were moved to it for speed
and must keep their meaning on German text: both engines are asked on every line of the labelled
pages and on lines that put umlauts and ß right against the patterns' words."""

from __future__ import annotations

import re

import pytest
import re2

import agents.chrome
import agents.textmeta
from tests.cleaning_eval import load_eval_set

LINEAR = [
    (f"{module.__name__}.{name}", value)
    for module in (agents.chrome, agents.textmeta)
    for name, value in vars(module).items()
    if isinstance(value, re2._Regexp)
]
TRICKY = [
    "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
    "Übernahme: keine Gewährleistung für Kursdaten", "keine Gewähr für die Richtigkeit",
    "Fanden Sie diesen Artikel nützlich?", "Stand: heute, 16:21 Uhr", "vor 3 Stunden aktualisiert",
    "zuvor 3 Stunden", "Grüße vorgestern 12:30", "Jetzt für den Newsletter anmelden", "Newsletterabo für Ärzte",
    "Um diesen Artikel weiterzulesen, loggen Sie sich ein.", "Cookies und Datenschutzerklärung: Ihre Einwilligung",
    "Foto: dpa | Text: Müller", "ÄRGER über Kommentarfunktion", "straße.heute", "Lizenz: CC BY-SA 4.0",
    "Ã¼ber die BrÃ¼cke", "Tom &amp; Jerry", "&#8211; Bericht", "Daten\x00satz", "kaputt\ufffd", "Ab\u00adsatz",
    "Abstand\u00a0hier", "zwei  Leerzeichen", "Tab\tgetrennt", "„Zitat“ – Gedankenstrich", "&ähm; kein Entity",
    "Ihr Kommentar wird nach Prüfung freigeschaltet.", "Benachrichtige mich über neue Beiträge via E-Mail.",
    "Hat Ihnen dieser Beitrag gefallen?", "Laden Sie unsere News-App herunter", "Bewertung für diesen Ärztebeitrag",
]


def lines() -> list[str]:
    return [line for page in load_eval_set() for line in page.text.splitlines() if line.strip()] + TRICKY


@pytest.mark.parametrize(("name", "pattern"), LINEAR, ids=[n for n, _ in LINEAR])
def test_linear_pattern_agrees_with_python(name: str, pattern: re2._Regexp) -> None:
    python = re.compile(pattern.pattern, 0 if pattern.options.case_sensitive else re.IGNORECASE)
    differ = [line for line in lines() if bool(python.search(line)) != bool(pattern.search(line))]
    assert not differ, f"{name}: RE2 and Python disagree on {differ[:3]}"


@pytest.mark.parametrize(("name", "pattern"), LINEAR, ids=[n for n, _ in LINEAR])
def test_the_no_match_shortcut_answers_as_the_library_does(name: str, pattern: re2._Regexp) -> None:
    library = re2.compile(pattern.pattern, options=pattern.options)
    for line in lines():
        for mine, theirs in ((pattern.search(line), library.search(line)), (pattern.match(line), library.match(line))):
            assert (mine and mine.span()) == (theirs and theirs.span()), f"{name} on {line!r}"


def test_the_slow_patterns_are_linear() -> None:
    names = {n.rsplit(".", 1)[1] for n, _ in LINEAR}
    assert {"_PROMPT", "_PAYWALL", "_LOGIN", "_EMBEDDED_CREDIT", "_RELATIVE"} <= names


def test_the_phrase_prefilter_passes_every_line_a_phrase_pattern_matches() -> None:
    from agents.chrome import _ANY_PHRASE, _COOKIES, _LOGIN, _NEWSLETTER, _PAYWALL, _PROMPT, _SITE_LINE, _SITE_NOTICE

    members = (_LOGIN, _PROMPT, _SITE_LINE, _SITE_NOTICE, _NEWSLETTER, _PAYWALL, _COOKIES)
    matched = [line for line in lines() if any(p.search(line) for p in members)]
    assert matched, "no line to check the prefilter on"
    assert all(_ANY_PHRASE.search(line) for line in matched)
    assert not _ANY_PHRASE.search("Die Gewerkschaft fordert sechs Prozent mehr Lohn.")
