"""The short-line chrome model (agents/chrome_lines.py) and where the clean stage lets it veto."""

from __future__ import annotations

import pytest

from agents.chrome_lines import chrome_line_model, ngrams
from agents.clean import CleanConfig, Cleaner
from tests.builders import raw_article
from tests.unit.test_clean import ARTICLE


def test_a_words_ngrams_are_padded_and_lower_cased() -> None:
    assert ngrams("Abo") == {" a", "ab", "bo", "o ", " ab", "abo", "bo ", " abo", "abo "}
    assert ngrams("Abo abo") == ngrams("abo")


@pytest.mark.parametrize("chrome", ["Alle Kommentare laden", "Teilen Sie diesen Beitrag", "Mehr Artikel aus Sport",
                                    "Kommentarbereich öffnen"])
def test_chrome_phrased_anew_reads_as_chrome(chrome: str) -> None:
    threshold = CleanConfig().chrome_line_threshold
    assert threshold is not None and chrome_line_model().probability(chrome) >= threshold


@pytest.mark.parametrize("line", ["Die Polizei ermittelt.", "Das Spiel endete 2:1.", "Merkel reist nach Paris",
                                  "Keine Videoüberwachung"])
def test_an_articles_short_lines_do_not(line: str) -> None:
    assert chrome_line_model().probability(line) < 0.5


def test_the_model_vetoes_short_lines_after_the_last_paragraph_only() -> None:
    chrome = "Kommentarbereich öffnen"  # no rule knows it
    paragraphs = ARTICLE.strip().split("\n\n")
    cleaner = Cleaner(CleanConfig())
    at_end = cleaner(raw_article(text="\n\n".join([*paragraphs, chrome, "Das Spiel endete 2:1."]) + "\n"))
    assert chrome not in at_end.text and "Das Spiel endete 2:1." in at_end.text
    inside = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], chrome, paragraphs[2]]) + "\n"))
    assert chrome in inside.text  # between paragraphs a short line may be a subheading: the rules decide
    rules_alone = Cleaner(CleanConfig(chrome_line_threshold=None))
    assert chrome in rules_alone(raw_article(text="\n\n".join([*paragraphs, chrome]) + "\n")).text


@pytest.mark.parametrize(("setting", "threshold"), [("off", None), ("null", None), ("0.9", 0.9)])
def test_the_threshold_is_set_from_an_environment_string(setting: str, threshold: float | None) -> None:
    assert CleanConfig(chrome_line_threshold=setting).chrome_line_threshold == threshold  # type: ignore[arg-type]


def test_a_threshold_outside_0_to_1_names_the_field() -> None:
    with pytest.raises(ValueError, match="chrome_line_threshold"):
        CleanConfig(chrome_line_threshold=1.5)


def test_a_short_line_over_a_paragraph_the_crawl_cut_off_is_no_candidate() -> None:
    subheading = "Kommentarbereich öffnen"  # the model's chrome: where it stands makes it a subheading
    paragraphs = ARTICLE.strip().split("\n\n")
    cut = "Die Gewerkschaft will am Donnerstag über weitere Schritte und die Lage an den"
    out = Cleaner(CleanConfig())(raw_article(text="\n\n".join([*paragraphs, subheading, cut]) + "\n"))
    assert subheading in out.text and cut in out.text


@pytest.mark.parametrize("chrome", ["Postleitzahl eingeben", "Region wählen"])
def test_a_line_above_the_headline_that_reads_as_chrome_is_no_kicker(chrome: str) -> None:
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = Cleaner(CleanConfig())(raw_article(text="\n\n".join([chrome, headline, *paragraphs]) + "\n"))
    assert out.title == headline and out.kicker is None and chrome not in out.text
    assert ("chrome_above_headline", chrome) in {(span.rule, span.text) for span in out.removed}
    rules_alone = Cleaner(CleanConfig(chrome_line_threshold=None))
    assert rules_alone(raw_article(text="\n\n".join([chrome, headline, *paragraphs]) + "\n")).kicker == chrome


def test_a_kicker_that_names_a_subject_stays_the_kicker() -> None:
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = Cleaner(CleanConfig())(raw_article(text="\n\n".join(["Lufthansa-Streik", headline, *paragraphs]) + "\n"))
    assert out.title == headline and out.kicker == "Lufthansa-Streik"


def test_a_line_under_the_headline_that_reads_as_chrome_goes() -> None:
    chrome = "Sämtliche Artikel aus der Kategorie Verkehr lesen"  # seven words: longer than the rules' under-headline lines
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = Cleaner(CleanConfig())(raw_article(text="\n\n".join([headline, chrome, *paragraphs]) + "\n"))
    assert out.title == headline and chrome not in out.text
    assert ("chrome_under_headline", chrome) in {(span.rule, span.text) for span in out.removed}
    assert all(paragraph in out.text for paragraph in paragraphs)
