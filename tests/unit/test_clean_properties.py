"""Properties of the clean stage over generated input (hypothesis)."""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agents.base import StageError
from agents.clean import CleanConfig, Cleaner, normalise_line
from tests.builders import raw_article

CLEANER = Cleaner(CleanConfig())

# Lines of anything: letters of several scripts, digits, punctuation, control characters.
any_line = st.text(st.characters(exclude_categories=("Cs",)), max_size=160)
chromey_line = st.sampled_from([
    "Foto: dpa", "Lese-Tipp: Mehr dazu", "Anzeige", "Kommentare", "Von Anna Beispiel",
    "12.03.2016, 14:40 Uhr", "Sie sind hier: Home > Politik > Ausland", "(dpa/afp)",
    "Bild 1 von 3", "0", "Teilen", "Заголовок", "h2 Zwischentitel", "date 2022-01 Text",
])
page = st.lists(st.one_of(any_line, chromey_line), min_size=1, max_size=40).map("\n".join)


def _squash(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@given(page)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_never_raises_but_for_an_empty_body_and_invents_nothing(text: str) -> None:
    assume(text.strip())
    try:
        out = CLEANER(raw_article(text=text))
    except StageError as exc:
        assert exc.kind == "empty_body"
        return
    normalised = "".join(normalise_line(line) for line in text.splitlines())
    # Title, kicker and body are cut from the normalised input: in order, nothing added
    # (rejoining a word hyphenated at a line break only removes the hyphen).
    for part in (out.kicker or "", out.title or "", out.text):
        assert _is_subsequence(_squash(part), _squash(normalised))


VOCABULARY = ["Regierung", "Stadt", "Gemeinde", "Bürger", "Gericht", "Polizei", "Unternehmen", "Mitarbeiter", "Haushalt", "Schule", "Verkehr", "Bahn", "Wetter", "Wasser", "Energie", "Preise", "Markt", "Kunden", "Projekt", "Bericht", "Antwort", "Frage", "Plan", "sagte", "erklärte", "kündigte", "plant", "prüft", "fordert", "erwartet", "meldete", "wollen", "sollen", "können", "müssen", "neue", "große", "kleine", "wichtige", "weitere", "erste", "letzte", "mehrere", "viele", "einige", "am", "im", "in", "auf", "mit", "nach", "vor", "über", "unter", "für", "gegen", "ohne", "seit", "bis", "zum", "zur", "vom", "beim", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "und", "oder", "aber", "doch", "auch", "noch", "schon", "nur"]


@st.composite
def article_text(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    paragraphs = []
    for _ in range(draw(st.integers(1, 8))):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(14, 45))]
        paragraphs.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    assume(len(set(paragraphs)) == len(paragraphs))
    return "\n\n".join(paragraphs)


@given(article_text())
@settings(max_examples=200, deadline=None)
def test_clean_text_goes_through_unchanged(text: str) -> None:
    out = CLEANER(raw_article(text=text))
    assert out.text == text
    assert out.title is None and out.removed == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("shape", ["many_lines", "one_line", "repetitive"])
def test_a_megabyte_of_input_finishes(shape: str) -> None:
    rng = random.Random(7)
    vocabulary = [*VOCABULARY, "Foto:", "(dpa)", "Lese-Tipp:", "12.03.2016", "Von", "|", ">", "«"]
    if shape == "repetitive":
        text = ("Foto: (((( Bild 1 von 1 " * 40 + "\n") * 1100
    else:
        lines, size = [], 0
        while size < 1_000_000:
            lines.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 30))))
            size += len(lines[-1]) + 1
        text = ("\n" if shape == "many_lines" else " ").join(lines)
    assert len(text) >= 1_000_000
    with contextlib.suppress(StageError):
        CLEANER(raw_article(text=text))
