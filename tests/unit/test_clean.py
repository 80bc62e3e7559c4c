from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agents.base import StageError
from agents.clean import CleanConfig, Cleaner, find_date, normalise, normalise_line
from streams.schemas import RawArticle
from tests.builders import raw_article, seed_expectation, seed_files, seed_raw

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(CleanConfig())


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.stem[:3])
def test_seed_chrome_goes_and_every_article_line_stays(cleaner: Cleaner, path: Path) -> None:
    expected = seed_expectation(path)
    out = cleaner(seed_raw(path))
    paragraphs = out.text.split("\n\n")
    for junk in expected.junk:
        assert junk not in paragraphs, f"chrome line kept: {junk!r}"
        if len(junk) > 12:
            assert junk not in out.text, f"chrome text kept: {junk!r}"
    for chrome in expected.inline:
        assert chrome not in out.text
    assert paragraphs == expected.article
    assert out.title == expected.title
    assert out.kicker == expected.kicker


def test_seed_metadata(cleaner: Cleaner) -> None:
    files = {p.stem[:3]: p for p in seed_files()}
    sna = cleaner(seed_raw(files["000"]))
    assert sna.published_at == datetime(2022, 1, 19, tzinfo=BERLIN)
    assert sna.published_precision == "day"
    assert sna.outlet == "SNA"
    month_only = cleaner(seed_raw(files["001"]))
    assert (month_only.published_at.year, month_only.published_at.month) == (2022, 1)
    assert month_only.published_precision == "month"
    epoch = cleaner(seed_raw(files["002"]))
    assert epoch.outlet == "Epoch Times"
    assert epoch.agencies[:1] == ["ap"] and {"dpa", "afp"} <= set(epoch.agencies)
    rtl = cleaner(seed_raw(files["004"]))
    assert rtl.published_at == datetime(2022, 1, 21, 17, 4, tzinfo=BERLIN)
    assert rtl.published_precision == "minute"
    assert rtl.agencies == ["dpa", "reuters"]
    assert all(a.language == "de" for a in (sna, month_only, epoch, rtl))


def test_removed_spans_name_their_rule(cleaner: Cleaner) -> None:
    out = cleaner(seed_raw(seed_files()[0]))
    rules = {span.text: span.rule for span in out.removed}
    assert rules["Заголовок открываемого материала"] == "foreign_script_ui"
    assert rules["Newsticker"] == "ui_string"
    assert rules["loggen Sie sich ein oder registrieren Sie sich"] == "login_prompt"


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("21. Januar 2022 - 17:04 Uhr", datetime(2022, 1, 21, 17, 4, tzinfo=BERLIN), "minute"),
        ("19.01.2022", datetime(2022, 1, 19, tzinfo=BERLIN), "day"),
        ("Stand: 3. März 2023, 08.15 Uhr", datetime(2023, 3, 3, 8, 15, tzinfo=BERLIN), "minute"),
        ("January 21, 2022", datetime(2022, 1, 21, tzinfo=BERLIN), "day"),
        ("2022-01-21T09:30", datetime(2022, 1, 21, 9, 30, tzinfo=BERLIN), "minute"),
    ],
)
def test_find_date(text: str, expected: datetime, precision: str) -> None:
    found = find_date(text, BERLIN)
    assert found is not None
    assert (found.value, found.precision) == (expected, precision)


def test_impossible_date_is_not_a_date() -> None:
    assert find_date("31.02.2022", BERLIN) is None


def test_normalisation_repairs_and_strips_invisible_characters() -> None:
    assert normalise_line("MÃ¼nchen  ist\u00a0gro\u00adß\u200b") == "München ist groß"
    assert normalise("a\n\n\nb\n") == "a\n\nb"
    # German quotes are kept as they are; only the encoding damage is repaired.
    assert normalise_line("„Zitat“") == "„Zitat“"


def test_each_normalisation_step_applies_to_a_line_that_needs_only_it() -> None:
    assert normalise_line("a  b") == "a b"
    assert normalise_line("a\tb") == "a b"
    assert normalise_line("a\u00a0b") == "a b"
    assert normalise_line("a\u2009b") == "a b"
    assert normalise_line("Stra\u00adße") == "Straße"
    assert normalise_line("3\u22122") == "3-2"
    assert normalise_line("Cafe\u0301") == "Café"
    assert normalise_line("MÃ¼nchen") == "München"
    assert normalise_line("Fish &amp; Chips") == "Fish & Chips"
    assert normalise_line("  gerahmt ") == "gerahmt"


def test_foreign_script_is_relative_to_the_page_not_to_german() -> None:
    russian = (
        "Лавров встретился с Блинкеном в Женеве.\n"
        "Переговоры продолжались полтора часа и завершились раньше срока.\n"
        "Share this article\n"
    )
    out = Cleaner(CleanConfig())(raw_article(text=russian))
    assert "Лавров встретился с Блинкеном в Женеве." in out.text
    assert "Share this article" not in out.text
    assert out.language == "ru"


def test_html_input_goes_through_trafilatura_and_the_same_rules() -> None:
    html = (
        "<html><head><title>Gipfel in Genf</title></head><body><nav>Startseite</nav><article>"
        "<h1>Gipfel in Genf</h1><p>Die Außenminister trafen sich am Freitag in Genf zu Gesprächen "
        "über die Lage in der Ukraine.</p><p>Lese-Tipp: Alles zum Konflikt</p><p>Beide Seiten "
        "wollen weiter verhandeln, hieß es nach dem Treffen aus Delegationskreisen.</p></article>"
        "<footer>Impressum</footer></body></html>"
    )
    out = Cleaner(CleanConfig())(raw_article(text=None, html=html))
    assert out.title == "Gipfel in Genf"
    assert "Die Außenminister trafen sich am Freitag in Genf" in out.text
    assert "Beide Seiten wollen weiter verhandeln" in out.text
    assert "Lese-Tipp" not in out.text
    assert "Impressum" not in out.text


def test_an_html_title_that_is_only_the_site_name_gives_way_to_the_headline() -> None:
    html = (
        "<html><head><title>Nachrichten aus der Region | Heimatblatt</title></head><body><article>"
        "<h2>Verdi weitet Warnstreiks auf Flughäfen aus</h2><p>Zehntausende Passagiere müssen sich am "
        "Mittwoch auf Ausfälle einstellen: Verdi weitet die Warnstreiks auf die Flughäfen aus.</p>"
        "<p>Die Gewerkschaft will vor der nächsten Verhandlungsrunde den Druck erhöhen.</p></article>"
        "</body></html>"
    )
    out = Cleaner(CleanConfig())(raw_article(text=None, html=html))
    assert out.title == "Verdi weitet Warnstreiks auf Flughäfen aus"


def test_page_of_nothing_but_chrome_is_an_error_not_an_empty_article() -> None:
    with pytest.raises(StageError, match="field 'text'"):
        Cleaner(CleanConfig())(raw_article(text="Newsticker\nAnzeige\nTeilen\n0\n"))


def test_trailing_credit_leaves_body_and_names_agencies() -> None:
    out = Cleaner(CleanConfig())(
        raw_article(text="Die Gespräche sollen nächste Woche weitergehen. (dpa/AFP/red)\n")
    )
    assert out.text == "Die Gespräche sollen nächste Woche weitergehen."
    assert out.agencies == ["dpa", "afp"]


def test_a_crawler_title_wins_and_the_body_keeps_its_first_line() -> None:
    out = Cleaner(CleanConfig())(
        raw_article(title="Vom Crawler", text="Kurzer Vorspann ohne Punkt\nDer erste Satz.\n")
    )
    assert out.title == "Vom Crawler"
    assert out.text.split("\n\n")[0] == "Kurzer Vorspann ohne Punkt"


def test_invalid_timezone_is_rejected_at_configuration() -> None:
    with pytest.raises(ValueError, match="IANA zone"):
        CleanConfig(timezone="Mars/Olympus")


def test_captions_leave_the_body_but_stay_in_the_metadata(cleaner: Cleaner) -> None:
    files = {p.stem[:3]: p for p in seed_files()}
    out = cleaner(seed_raw(files["002"]))
    caption = "US-Außenminister Antony Blinken (l) und sein russischer Amtskollege Sergei Lawrow."
    assert caption not in out.text
    assert any(c.startswith(caption) for c in out.captions)


@pytest.mark.parametrize(
    ("line", "expected", "precision"),
    [
        ("vor 3 Stunden", datetime(2022, 1, 21, 15, 0, tzinfo=BERLIN), "minute"),
        ("heute, 16:21 Uhr", datetime(2022, 1, 21, 16, 21, tzinfo=BERLIN), "minute"),
        ("gestern", datetime(2022, 1, 20, tzinfo=BERLIN), "day"),
        ("2 hours ago", datetime(2022, 1, 21, 16, 0, tzinfo=BERLIN), "minute"),
    ],
)
def test_relative_dates_count_from_the_fetch(line: str, expected: datetime, precision: str) -> None:
    fetched = datetime(2022, 1, 21, 18, 0, tzinfo=BERLIN)
    text = f"Gipfel in Genf\n{line}\nDie Außenminister trafen sich am Freitag zu langen Gesprächen in Genf.\n"
    out = Cleaner(CleanConfig())(raw_article(text=text, fetched_at=fetched))
    assert (out.published_at, out.published_precision) == (expected, precision)
    undated = Cleaner(CleanConfig())(raw_article(text=text))
    assert undated.published_at is None  # without the fetch time there is no honest answer


def test_byline_becomes_the_author() -> None:
    text = "Von Anna Beispiel\nDie Außenminister trafen sich am Freitag zu langen Gesprächen in Genf.\n"
    out = Cleaner(CleanConfig())(raw_article(text=text))
    assert out.authors == ["Anna Beispiel"]
    assert "Anna Beispiel" not in out.text


def test_hard_wrapped_lines_are_rejoined_but_subheadings_stay() -> None:
    text = (
        "Die Dreharbeiten zum Kino-Debüt von Regisseur Lars Henning haben in Köln\n"
        "begonnen und sollen bis zum 7. März dauern, teilte der Sender mit.\n"
        "\n"
        "Zum Inhalt\n"
        "\n"
        "Ein wortkarger Mann ist nach einer langen Haftstrafe aus dem Gefängnis entlassen worden.\n"
    )
    out = Cleaner(CleanConfig())(raw_article(text=text))
    assert out.text.split("\n\n") == [
        "Die Dreharbeiten zum Kino-Debüt von Regisseur Lars Henning haben in Köln begonnen und "
        "sollen bis zum 7. März dauern, teilte der Sender mit.",
        "Zum Inhalt",
        "Ein wortkarger Mann ist nach einer langen Haftstrafe aus dem Gefängnis entlassen worden.",
    ]


def test_the_headline_is_the_line_the_opening_paragraphs_talk_about() -> None:
    page = "\n".join([
        "Mein Konto",
        "Politik Wirtschaft Sport",
        "Footernavigation",
        "Verdi weitet Warnstreiks auf Flughäfen aus",
        "erschienen am 26.04.2016",
        "Frankfurt. Zehntausende Passagiere müssen sich am Mittwoch auf Ausfälle einstellen: Verdi weitet die "
        "Warnstreiks im öffentlichen Dienst auf die Flughäfen in Frankfurt, München und Köln aus.",
        "Die Gewerkschaft will damit vor der nächsten Verhandlungsrunde den Druck erhöhen, sagte ein Sprecher.",
    ])
    out = Cleaner(CleanConfig())(raw_article(text=page))
    assert out.title == "Verdi weitet Warnstreiks auf Flughäfen aus"  # not the navigation above it
    assert "Verdi weitet Warnstreiks auf Flughäfen aus" not in out.text and "Zehntausende Passagiere" in out.text


@pytest.mark.parametrize(("page", "title", "kicker", "start"), [
    ("Arbeitsgericht erlaubt Streik bei der Lufthansa in Düsseldorf\n"
     "Düsseldorf (dpa). Das Düsseldorfer Arbeitsgericht hat den Streik des Kabinenpersonals bei der "
     "Lufthansa in Düsseldorf erlaubt. Ein Antrag der Lufthansa auf eine einstweilige Verfügung wurde "
     "abgelehnt, sagte ein Gerichtssprecher am Mittwoch.",
     "Arbeitsgericht erlaubt Streik bei der Lufthansa in Düsseldorf", None,
     "Düsseldorf (dpa). Das Düsseldorfer Arbeitsgericht"),
    # eight words and no full stop, like a wrapped line; but the lead under it is many times longer
    ("Heidenheim\nWarnstreik im öffentlichen Dienst war nur ein Vorgeschmack\n"
     "Einmal mehr klopft Verdi der öffentlichen Hand auf die Finger. Gestern fiel dieser Schlag noch eher "
     "verhalten aus, doch schon nächste Woche will die Gewerkschaft die Beschäftigten der Stadtverwaltung, "
     "des Landratsamts und des Klinikums zu einem ganztägigen",
     "Warnstreik im öffentlichen Dienst war nur ein Vorgeschmack", "Heidenheim", "Einmal mehr klopft Verdi"),
], ids=["glued-by-joining", "not-a-wrap"])
def test_a_headline_is_kept_apart_from_its_lead(page: str, title: str, kicker: str | None, start: str) -> None:
    out = Cleaner(CleanConfig())(raw_article(text=page))
    assert out.title == title
    assert out.kicker == kicker
    assert out.text.startswith(start)


def test_a_wrapped_line_a_long_word_longer_than_the_one_above_is_still_joined() -> None:
    text = ("Nach der zweiten ergebnislosen Verhandlungsrunde rief die Gewerkschaft Verdi\n"
            "Beschäftigten der Stadtwerke Heidenheim und der Müllabfuhr am Montag zum Warnstreik auf.\n")
    out = Cleaner(CleanConfig())(raw_article(text=text))
    assert out.text == " ".join(text.split())


def test_the_first_line_of_a_wrapped_sentence_is_no_headline() -> None:
    page = ("Bei einer\nMassenkarambolage auf der A33 bei Paderborn ist am Morgen ein Mensch ums Leben gekommen, "
            "mehrere wurden verletzt, teilte die Polizei mit.")
    out = Cleaner(CleanConfig())(raw_article(text=page))
    assert out.title is None
    assert out.text.startswith("Bei einer Massenkarambolage")


@pytest.mark.parametrize(
    "chrome",
    [
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
        "Your email address will not be published. Required fields are marked *",
        "Fanden Sie diesen Artikel nützlich?",
        "War dieser Beitrag hilfreich?",
        "Jetzt vorsorgen – sparen Sie bis zu 500 Euro!",
        "Dieser Text ist unter einer Creative-Commons-Lizenz verfügbar.",
    ],
)
def test_comment_forms_feedback_widgets_sales_pitches_and_licence_footers_go(cleaner: Cleaner, chrome: str) -> None:
    raw = seed_raw(seed_files()[0])
    out = cleaner(raw.model_copy(update={"text": raw.text + "\n" + chrome + "\n"}))
    assert chrome not in out.text
    # an article sentence that merely mentions saving or a licence stays
    sentence = "Die Stadt will jetzt sparen, sagte der Kämmerer am Abend vor dem Rat der Gemeinde."
    kept = cleaner(raw.model_copy(update={"text": raw.text + "\n" + sentence + "\n"}))
    assert sentence in kept.text


ARTICLE = (
    "Streik legt Flughäfen lahm\n\n"
    "Frankfurt – Ein Warnstreik der Gewerkschaft Verdi hat am Mittwoch den Betrieb an mehreren "
    "deutschen Flughäfen weitgehend zum Erliegen gebracht, Hunderte Flüge wurden gestrichen.\n\n"
    "Die Gewerkschaft fordert für die Beschäftigten im öffentlichen Dienst sechs Prozent mehr Lohn "
    "und kündigte weitere Arbeitsniederlegungen an, falls die Arbeitgeber kein Angebot vorlegen.\n"
)


def after_article(*lines: str) -> RawArticle:
    """ARTICLE with these lines after it, a blank line between each."""
    return raw_article(text="\n\n".join([ARTICLE.strip(), *lines]) + "\n")


@pytest.mark.parametrize(
    "tail",
    [
        ["Judy Eddy/WENN.com", "0 Kommentare"],  # a credit without "Foto:" above the comments
        ["Hat Ihnen dieser Artikel gefallen?", "Ja", "Nein"],  # a feedback widget
        ["Zur Startseite", "Impressum"],
        ["Anzeige", "Sparen beim Strom: So geht es"],  # an advert's slogan
    ],
)
def test_a_tail_of_short_lines_after_the_last_paragraph_goes(cleaner: Cleaner, tail: list[str]) -> None:
    out = cleaner(raw_article(text=ARTICLE + "\n".join(tail) + "\n"))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text.splitlines() for line in tail)


@pytest.mark.parametrize(
    "tail",
    [
        ["Der Flughafen rechnet mit Ausfällen."],  # the article's last short paragraph
        ["Das Spiel endete 2:1.", "Teilen"],  # a short statement ends the article
        ["Ein Sprecher des Flughafens sagte"],  # a page cut off mid-sentence
        ["Endstand in der Serie: 4:1", "(dpa)"],  # a result closes a sports report
    ],
)
def test_an_article_ending_in_short_lines_keeps_them(cleaner: Cleaner, tail: list[str]) -> None:
    out = cleaner(raw_article(text=ARTICLE + "\n".join(tail) + "\n"))
    assert tail[0] in out.text


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Michael Kappeler/dpa", True),
        ("Judy Eddy/WENN.com", True),
        ("picture alliance / Sven Simon", True),
        ("IMAGO/Sven Simon", True),
        ("Jens Büttner/dpa-Zentralbild/dpa", True),
        ("Getty Images/iStockphoto", True),
        ("Bündnis 90/Die Grünen", False),  # a party, no picture service
        ("Die Grünen/EFA im Europaparlament", False),
    ],
)
def test_a_photo_credit_without_foto_between_paragraphs_goes(cleaner: Cleaner, line: str, credit: bool) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], line, paragraphs[2]]) + "\n"))
    assert (line not in out.text.splitlines()) == credit
    assert "sechs Prozent mehr Lohn" in out.text


def test_a_short_line_above_a_credit_without_foto_is_its_caption(cleaner: Cleaner) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    caption = "Verdi-Mitglieder streiken am Flughafen Frankfurt."
    out = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], caption, "Boris Roessler/dpa", paragraphs[2]]) + "\n"))
    assert caption not in out.text and "Boris Roessler" not in out.text
    assert "Hunderte Flüge wurden gestrichen" in out.text and "sechs Prozent mehr Lohn" in out.text


@pytest.mark.parametrize(
    "chrome",
    [
        "Impressum", "Datenschutz", "Seite drucken", "Top-Themen", "Empfehlungen der Redaktion", "Bildergalerie",
        "Schlagworte: Streik, Verdi, Flughafen", "Lesezeit: 3 Minuten", "3 Min. Lesezeit", "Mit Material von dpa",
        "mit dpa und AFP", "Folgen Sie uns auf Facebook", "WhatsApp-Kanal abonnieren", "Jetzt für unsere Top-News anmelden",
        "Jetzt kostenlos registrieren und weiterlesen", "Hier geht's zum Liveblog", "Unser Newsletter: Das Wichtigste am Morgen",
        "Dieser Artikel erschien zuerst auf tagesschau.de", "Alle Inhalte unterliegen dem Urheberrecht.",
        "Das könnte Sie auch interessieren", "Sie haben einen Fehler gefunden? Hier melden", "Zum Kommentarbereich",
        "Das könnte Sie auch inter", "schlechtsehr gut", "weiter Zoom",  # cut off or run together by the crawl
        "Lesezeit: 4 Min.", "Artikel anhören", "Video abspielen", "Zur Merkliste hinzufügen", "Nächste Seite",
        "Alle Bilder anzeigen", "Einstellungen",
        "Hier könnt Ihr den Artikel anhören:", "Links zu diesem Thema", "vergrößern", "Artikel 1 / 22", "Seite 2 von 3",
        "spoods.de", "BahnMarkt.EU", "Fachartikel aus dem Bereich Recht - 08.03.2016 - 29 mal gelesen.",
        "Aufrufe: 1.204", "Mehr zu diesem Thema lesen Sie am Dienstag im GrenzEcho.",
        "8 Bilder ansehen", "pnr24 0 Comment", "suedkurier.de meldet:", "Ihre Mitteilung an den Empfänger:",
        "Mit der Nutzung des Services willigen Sie in folgende Vorgehensweise ein:",
        "Pressemitteilung von: Kanzlei Muster Rechtsanwälte / PR Agentur: Kanzlei Muster",
        # from site_furniture_tails.txt, whole pages' chrome
        "Kommentar verfassen", "Diskutieren Sie mit!", "E-Mail (wird nicht veröffentlicht)", "Neueste zuerst",
        "Danke für Ihre Bewertung!", "Fehler gefunden? Jetzt melden.", "Erhalten Sie Eilmeldungen per Push-Nachricht",
        "Facebook Twitter WhatsApp E-Mail", "Das interessiert andere Leser", "Vervielfältigung nur mit Genehmigung",
        "Diese Seite verwendet Cookies. Mit der Nutzung stimmen Sie zu.", "Lesen Sie jetzt weiter mit Plus",
        "Dieser Artikel ist nur für Abonnenten verfügbar.", "Lesedauer: 3 Minuten", "Mehr zu: Streik, Verdi, Flughafen",
        "Jetzt abstimmen!", "Umfrage: Haben Sie Verständnis für den Streik?", "Über uns",
        # read from the retired test3 split
        "Allgemein", "Aktuelles » Berlin", "Erstellt von Redaktion Allgemein Montag, Februar 1st, 2016",
        "Pressetext verfasst von Kathy Eichholz am Mi, 2016-01-06 12:29.", "(lifePR) (Bielefeld,", "Feb 24 2016",
        "Dormagen, 26. Januar 2016.", "Wirtschaft & Industrie", "Politik / Ausland",
        "» Anmelden oder registrieren um Kommentare einzutragen - 1655 Zeichen in dieser Pressemeldung",
        # read from the retired test4 split
        "Verwandte Themen: Streik , Verdi , Flughafen , Deutsche Lufthansa AG", "Schlagwörter: Streik, Flughafen", "Jan",
        "Ein Gastbeitrag von Rita Muster (freie Autorin mit Schwerpunkt Südafrika )",
        "Aus Chiang Mai (Thailand) Christian Muster", "Diesen Artikel teilen", "Zur Anmeldung",
        "Wetter: Schneeschauer,  -3 bis 2 °C", "Der Artikel wurde zur Merkliste hinzugefügt.",
        "Die Merkliste finden Sie oben links auf der Seite.", "Foto der bestreikten Halle: Reinhard Muster.",
        "8. Januar 2016 in Business von Regine Muster", "25. Januar 2016 |  Märkte und Trends, Speicher und Netze, Topnews",
        # credit and caption labels besides "Foto:"
        "Grafik: dpa-infografik", "Bildrechte: dpa", "Symbolfoto", "Bildnachweis: Shutterstock", "Karte: OpenStreetMap",
        "Bild 1 von 5: Streikende vor dem Terminal",
        # embeds, adverts' markers, the author's box, provenance notes
        "Externer Inhalt", "Inhalte von Drittanbietern laden", "Wir benötigen Ihre Zustimmung, um den Inhalt von YouTube anzuzeigen.",
        "Ein Beitrag geteilt von Verdi (@verdi) am 12. März 2016 um 8:15 Uhr PST", "Dieser Inhalt ist nicht mehr verfügbar.",
        "Anzeige – Artikel wird unten fortgesetzt", "Kontakt zum Autor", "Mehr Artikel dieses Autors", "Zur Autorenseite",
        "Max Muster auf Twitter folgen", "Über den Autor: Max Muster schreibt seit 2010 über Luftfahrt.",
        "Dieser Artikel stammt aus der Musterzeitung vom 12. März 2016.", "Erschienen in der Ausgabe 11/2016",
        "Hören Sie diesen Artikel", "Artikel verschenken", "Geschenkt: Diesen Artikel können Sie kostenlos lesen.",
        "Mit Agenturmaterial", "Textquelle: APA", "Teaserbild: dpa", "Mitarbeit: Anna Muster", "(red)",
        "Das Interview führte Anna Muster.", "Die Fragen stellte Max Muster.", "» Streik: Diese Rechte haben Fluggäste",
        "Audio: Interview mit dem Verdi-Chef (4:12 Min.)",
        # lines known by their make-up rather than by their phrase
        "Weitere Nachrichten aus Hessen",  # a header over other articles, by its make-up
        "Verwandte Themen",
        "Lesen Sie hierzu auch",
        "Andere Leser interessierten sich auch für",
        "Hat dir dieser Beitrag gefallen?",  # the page speaking of itself with a widget's verb
        "Diesen Text per Mail verschicken",
        "Danke für Ihre Stimme!",
        "Benachrichtige mich über neue Beiträge via E-Mail.",  # a comment form's fine print
        "Folgen Sie uns auf Instagram und TikTok",
        "Unterstützen Sie unseren unabhängigen Journalismus",
        "Tickets bestellen",
        "Anzeige – weiter nach der Werbung",
        "Zuletzt aktualisiert: 9:12 Uhr",
        "Redaktion: Jana Berger",
        "Der Autor ist Politikwissenschaftler an der Universität Kassel.",
        "Artikel per Mail versenden",
        "Hinweis an die Redaktion senden",
        "Kleinanzeigen",
        "Lesedauer: 5 Minuten", "Read time: 7 min", "Musterzeitung Logo",
        "Verpassen Sie keine Nachricht aus Ihrer Region!", "Keine Meldung der Polizei Köln mehr verpassen.",
        "Weitere Meldungen: Polizei Köln", "Pressestelle",
        "Original-Content von: Stadtwerke Musterstadt, übermittelt durch news aktuell",
        "Weitere Antworten laden", "Push-Mitteilungen aktivieren", "Weiter zum nächsten Video", "Älterer Eintrag",
        "Ihr Kommentar wird nach Prüfung freigeschaltet.", "Laden Sie unsere News-App herunter",
        "Sie haben noch 2 freie Artikel.", "Wir verwenden auf dieser Seite Cookies, um Inhalte zu personalisieren.",
        "Gesponserter Beitrag", "Präsentiert von Musterbank", "Tipps an die Redaktion", "Hast du einen Tippfehler gefunden?",
        "Jana Berger ist Redakteurin im Ressort Politik.", "Pinterest",
    ],
)
def test_site_furniture_on_a_line_of_its_own_goes(cleaner: Cleaner, chrome: str) -> None:
    assert_gone_after_and_inside(cleaner, ARTICLE, chrome, "sechs Prozent mehr Lohn")


def assert_gone_after_and_inside(cleaner: Cleaner, article: str, chrome: str, article_words: str) -> None:
    """`chrome` on a line of its own after the article and after its lead: it goes, the article stays."""
    paragraphs = article.strip().split("\n\n")
    for text in ("\n\n".join([*paragraphs, chrome]), "\n\n".join([*paragraphs[:2], chrome, *paragraphs[2:]])):
        out = cleaner(raw_article(text=text + "\n"))
        assert chrome not in out.text.splitlines()
        assert article_words in out.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Kontakt zu den Behörden gab es nach Angaben der Polizei nicht.",
        "Videos von dem Unfall kursieren seit Mittwoch im Netz, die Polizei prüft sie.",
        "Mit dem Streik will Verdi den Druck auf die Arbeitgeber erhöhen.",
        "Folgen hat der Streik vor allem für Pendler, sagte ein Sprecher.",
        "Impressionen vom Streiktag am Frankfurter Flughafen",
        "Das könnte Folgen für den Flugplan im Sommer haben, sagte ein Sprecher.",
        "Schlecht sei die Stimmung unter den Beschäftigten nicht, sagte ein Sprecher.",
        "Seine Kolumne wurde 2015 über 40.000 mal gelesen, sagte ein Sprecher.",
        "Mehr zu diesem Thema wollte der Sprecher am Mittwoch nicht sagen.",
        "Ja, der Streik trifft vor allem Pendler, sagte ein Sprecher.",
        "Home Office sei für viele Beschäftigte am Streiktag die Lösung gewesen, sagte ein Sprecher.",
        "Über uns brach am Morgen das Chaos herein, sagte eine Reisende am Schalter.",
        "Danke für Ihre Geduld, sagte der Pilot zu den wartenden Passagieren.",
        "Facebook setzt Cookies auch bei Nutzern ohne Konto, urteilte das Gericht im Streit mit Verbraucherschützern.",
        "Die Nachrichten vom Streik erreichten viele Reisende erst am Flughafen.",
        "Ihr Kommentar zum Streik fiel knapp aus: Man sei enttäuscht, sagte die Ministerin.",
        "Der Streik begann am 26. Januar 2016.",
        "Erstellt wurde der Streikplan von der Gewerkschaftsspitze, sagte ein Sprecher.",
        "Erstellt von der Polizei wurde ein Phantombild des Täters.",
        "Weitere Meldungen zufolge wurden drei Menschen verletzt.",
        "Das Video teilen Tausende Nutzer im Netz.",
        "Der Autor des Gutachtens, ein Professor aus Köln, gilt als umstritten.",
        "Dank der Einigung fliegen die Maschinen wieder.",
        "Peter Müller ist Korrespondent der ARD und wurde am Montag in Moskau festgenommen, weil er ohne Akkreditierung berichtet habe.",
        "Die App des Flughafens war am Morgen stundenlang nicht erreichbar.",
    ],
)
def test_article_lines_that_start_like_site_furniture_stay(cleaner: Cleaner, sentence: str) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], sentence, paragraphs[2]]) + "\n"))
    assert sentence in out.text


def test_an_announced_list_in_the_article_is_no_teaser_block(cleaner: Cleaner) -> None:
    listed = ["Die Forderungen im Überblick:", "- 6 Prozent mehr Lohn", "- 200 Euro Mindestbetrag", "- 12 Monate Laufzeit"]
    out = cleaner(raw_article(text=ARTICLE + "\n".join(listed) + "\n"))
    assert all(line in out.text.splitlines() for line in listed)
    teasers = ["Mehr zum Thema:", "- Bahnstreik: Was Pendler wissen müssen", "- Lufthansa streicht Flüge"]
    out = cleaner(raw_article(text=ARTICLE + "\n".join(teasers) + "\n"))  # a list of other articles
    assert not any(line in out.text.splitlines() for line in teasers)


@pytest.mark.parametrize(
    "teaser",
    [
        ["Bahnstreik: Was Pendler jetzt wissen müssen",
         "Die Lokführergewerkschaft GDL hat erneut zum Streik aufgerufen. Millionen Pendler müssen sich auf Ausfälle einstellen …",
         "Lufthansa streicht Hunderte Flüge am Freitag",
         "Wegen des Streiks fallen an den Drehkreuzen Frankfurt und München zahlreiche Verbindungen aus …"],
        ["Bahnstreik: Was Pendler jetzt wissen müssen",
         "Die Lokführergewerkschaft GDL hat erneut zum Streik aufgerufen, viele Pendler trifft das hart. Weiterlesen"],
        ["Bahnstreik: Was Pendler jetzt wissen müssen",
         "Die Lokführergewerkschaft GDL hat erneut zum Streik aufgerufen. Zweite Ausgabe ab jetzt erhältlich. mehr"],
    ],
)
def test_a_teaser_cut_short_under_its_headline_goes(cleaner: Cleaner, teaser: list[str]) -> None:
    out = cleaner(raw_article(text=ARTICLE + "\n".join(teaser) + "\n"))
    assert not any(line in out.text.splitlines() for line in teaser)
    trailing = "Er sagte, es gehe ihm nicht mehr gut, und er wolle nicht mehr …"  # the article's own
    assert trailing in cleaner(raw_article(text=ARTICLE + trailing + "\n")).text
    preview = ["Arbeitskampf und kein Ende in Sicht", "Der in der vergangenen Woche begonnene Streik soll noch bis ..."]
    assert preview[1] in cleaner(raw_article(text=ARTICLE + "\n".join(preview) + "\n")).text  # its own, cut


def test_comment_guidelines_after_the_article_start_the_comments(cleaner: Cleaner) -> None:
    tail = ["Hinweise zum Kommentieren: Bitte halten Sie sich an unsere Netiquette.", "Super Artikel, danke!"]
    out = cleaner(raw_article(text=ARTICLE + "\n".join(tail) + "\n"))
    assert not any(line in out.text for line in tail)
    assert "sechs Prozent mehr Lohn" in out.text


MENU_PAGE = """Main Menu
Startseite
Politik
Wirtschaft
Sport
Kultur
Mein Konto
Abo
Footernavigation
Bahn
Streik bei der Bahn: GDL legt Fernverkehr lahm
Bahnkunden müssen sich auf massive Einschränkungen im Fernverkehr einstellen
Von Anna Müller
Share on Facebook
Auf WhatsApp teilen
Die Lokführergewerkschaft GDL hat ihre Mitglieder erneut zum Streik aufgerufen. Ab Dienstagmorgen soll der Fernverkehr der Deutschen Bahn weitgehend stillstehen, teilte die Gewerkschaft mit.
Die Bahn kritisierte den Streik scharf. Ein Sprecher sprach von einer unverantwortlichen Eskalation, die Millionen Pendler treffe.
"""


def test_a_menu_above_the_article_goes_and_the_headline_is_found_below_it(cleaner: Cleaner) -> None:
    out = cleaner(raw_article(text=MENU_PAGE))
    assert out.title == "Streik bei der Bahn: GDL legt Fernverkehr lahm"
    lines = out.text.splitlines()
    for chrome in ("Main Menu", "Politik", "Wirtschaft", "Mein Konto", "Footernavigation", "Share on Facebook",
                   "Auf WhatsApp teilen"):
        assert chrome not in lines
    assert "Bahnkunden müssen sich auf massive Einschränkungen im Fernverkehr einstellen" in lines
    assert out.kicker == "Bahn" or "Bahn" in lines  # the kicker shares the article's words: it stays


def test_a_genre_label_under_the_headline_is_no_comment_section(cleaner: Cleaner) -> None:
    page = ("Startseite\nPolitik\nWirtschaft\nMeinung\nAbo\nLogin\nFatale Gewaltstrategien in Nahost\n"
            "Die bedrohten arabischen Regime sind mit nackter Gewalt gegen ihre Untertanen vorgegangen, schreibt unser Autor.\n"
            "Kommentar\nvon Jürg Bischoff\n"
            "Die Hinrichtung von 43 Terroristen und vier Dissidenten in Saudiarabien hat die Spannungen verschärft.\n")
    out = cleaner(raw_article(text=page))
    assert "Die Hinrichtung von 43 Terroristen" in out.text


OTHER_REPORT = ["Streik bei der Lufthansa geht am Samstag weiter",
                "Düsseldorf (dpa) - Die Flugbegleiter der Lufthansa setzen ihren Streik am Samstag fort, "
                "teilte die Gewerkschaft mit."]


@pytest.mark.parametrize(
    "after",
    [
        [*OTHER_REPORT, "Fanden Sie diesen Artikel hilfreich?", "Ja", "Nein"],  # a headline and its dated lead
        ["Mehr zum Thema", *OTHER_REPORT],  # the headline goes as a teaser's, its dated lead with it
    ],
)
def test_teasers_of_other_reports_after_the_article_go_by_their_own_dateline(cleaner: Cleaner, after: list[str]) -> None:
    out = cleaner(after_article(*after))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in after)


def test_a_dated_paragraph_after_a_caption_like_first_one_is_the_article(cleaner: Cleaner) -> None:
    page = ("Finalisten für den Green Fashion Award stehen fest\n"
            "Showfloor Key Visual / Weiterer Text über ots und www.presseportal.de / Die Verwendung dieses Bildes ist frei.\n"
            "Bild-Infos Download\n"
            "Wennigsen (ots) - Am 21. Januar 2016 vergibt lavera Naturkosmetik bereits zum zweiten Mal den Green Fashion Award.\n"
            "Mit dem parallel zur Berlin Fashion Week stattfindenden Showfloor zeigt das Unternehmen neue Kollektionen.\n")
    out = cleaner(raw_article(text=page))
    assert "Am 21. Januar 2016 vergibt lavera Naturkosmetik" in out.text


def test_a_related_box_after_the_article_goes_to_the_end(cleaner: Cleaner) -> None:
    box = ["Das könnte Sie auch interessieren", "Bahn kündigt neue Preise an",
           "Die Bahn erhöht zum Fahrplanwechsel die Preise im Fernverkehr um durchschnittlich drei Prozent.",
           "Neuer Rekord bei Fluggästen", "Noch nie flogen so viele Menschen ab Frankfurt wie im vergangenen Jahr."]
    out = cleaner(after_article(*box))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in box)


def test_a_box_inside_the_article_leaves_the_rest_of_the_article(cleaner: Cleaner) -> None:
    rest = ("Die Arbeitgeber wiesen die Forderungen zurück. Sie verwiesen auf die angespannte Lage der "
            "kommunalen Haushalte, die steigenden Kosten für Energie und Personal und die Unsicherheit über die "
            "Steuereinnahmen der kommenden Jahre, und sie kündigten an, in der nächsten Runde ein eigenes Angebot "
            "vorzulegen, das sich an der Inflation orientiere.")
    box = ["Lesen Sie auch", "Bahn kündigt neue Preise an"]
    out = cleaner(after_article(*box, rest))
    assert rest in out.text and "Bahn kündigt neue Preise an" not in out.text


def test_site_furniture_between_headline_and_lead_goes_the_subtitle_and_dateline_stay(cleaner: Cleaner) -> None:
    page = ("Warnstreik legt Flughäfen lahm\n"
            "Eine Analyse von Tobias Hartmann\n"
            "Krone Logo\n"
            "Artikel zum Hören\n"
            "Hunderte Verbindungen fallen aus\n"
            "Frankfurt -\n"
            "Ein Warnstreik der Gewerkschaft Verdi hat am Mittwoch den Betrieb an mehreren deutschen Flughäfen "
            "weitgehend zum Erliegen gebracht, Hunderte Flüge wurden gestrichen.\n"
            "Die Gewerkschaft fordert für die Beschäftigten im öffentlichen Dienst sechs Prozent mehr Lohn "
            "und kündigte weitere Arbeitsniederlegungen an.\n")
    out = cleaner(raw_article(text=page))
    assert out.title == "Warnstreik legt Flughäfen lahm"
    # (a line sharing a word with the opening stays: "Weitere Optionen zum Teilen" over "weitere Arbeitsniederlegungen")
    for chrome in ("Eine Analyse von Tobias Hartmann", "Krone Logo", "Artikel zum Hören"):
        assert chrome not in out.text
    assert "Hunderte Verbindungen fallen aus" in out.text  # the subtitle speaks of the article
    assert "Frankfurt -" in out.text


@pytest.mark.parametrize("prompt", ["Haben Sie einen Fehler entdeckt?", "Sie möchten Ihre Meinung mit uns teilen?",
                                    "Sie wollen wissen, was wichtig ist? Holen Sie sich unseren Newsletter.",
                                    "Verpasse keinen Tipp mehr: Folge uns, dann weißt du immer Bescheid."])
def test_the_site_addressing_its_reader_after_the_article_goes(cleaner: Cleaner, prompt: str) -> None:
    out = cleaner(after_article(prompt, "Impressum"))
    assert prompt not in out.text and "sechs Prozent mehr Lohn" in out.text


def test_an_interview_question_answered_by_a_paragraph_stays(cleaner: Cleaner) -> None:
    question = "Haben Sie mit uns gerechnet?"
    answer = ("Ehrlich gesagt nicht, wir hatten mit einer viel kleineren Beteiligung gerechnet, aber die "
              "Beschäftigten sind wütend über die Haltung der Arbeitgeber.")
    out = cleaner(after_article(question, answer))
    assert question in out.text and answer in out.text


def test_teasers_of_other_subjects_at_the_end_go_the_articles_last_sections_stay(cleaner: Cleaner) -> None:
    teasers = ["Neuer Rekord bei Fluggästen",
               "Noch nie flogen so viele Menschen ab Frankfurt wie im vergangenen Jahr, meldet der Betreiber.",
               "Orkan über der Nordsee",
               "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde."]
    own = ["Weitere Streiks angekündigt",
           "Verdi kündigte an, die Warnstreiks an den Flughäfen auf weitere Tage auszuweiten, falls die Arbeitgeber nicht einlenken.",
           "Flughäfen raten zur Bahn",
           "Die Flughäfen rieten Reisenden, für innerdeutsche Flüge auf die Bahn auszuweichen, solange der Warnstreik andauert."]
    out = cleaner(after_article(*own, "Zur Startseite", *teasers))
    assert all(line in out.text for line in own)
    assert not any(line in out.text for line in teasers)


@pytest.mark.parametrize("sections", [
    ["Ein Fall für die Gerichte",
     "Mehrere Kliniken kündigten an, eine einstweilige Verfügung gegen den Ausstand beantragen zu wollen.",
     "Wandel",
     "Das traditionelle Geschäft mit Neonröhren und Halogenlampen gilt als Auslaufmodell der Branche."],
    # an interview's questions under its introduction
    ["Wie lange kann der Streik noch dauern?",
     "Das hängt von den Arbeitgebern ab, sie haben es in der Hand, mit einem Angebot den Ausstand zu beenden.",
     "Was raten Sie Reisenden?",
     "Wer in den nächsten Tagen fliegen will, sollte sich vorher bei seiner Fluggesellschaft informieren."],
])
def test_sections_right_under_the_article_are_its_own_whatever_their_subject(cleaner: Cleaner, sections: list[str]) -> None:
    # nothing of the site's between the article and them: they may be its last sections
    out = cleaner(after_article(*sections))
    assert all(line in out.text for line in sections)


def test_a_box_inside_the_article_leaves_a_short_paragraph_that_goes_on_with_its_subject(cleaner: Cleaner) -> None:
    rest = "Grund sind die Warnstreiks der Gewerkschaft Verdi vor der nächsten Verhandlungsrunde im öffentlichen Dienst."
    box = ["Auch interessant", "Neuer Rekord bei Fluggästen",
           "Noch nie flogen so viele Menschen ab Frankfurt wie im vergangenen Jahr …"]
    out = cleaner(after_article(*box, rest))
    assert rest in out.text
    assert not any(line in out.text for line in box)


def test_a_related_teaser_whose_lead_repeats_its_headline_goes_with_the_box(cleaner: Cleaner) -> None:
    box = ["Mehr zum Thema:", "Verdi droht mit Streiks an Flughäfen",
           "Die Gewerkschaft Verdi droht mit Streiks an deutschen Flughäfen, wenn die Arbeitgeber kein Angebot vorlegen."]
    out = cleaner(after_article(*box))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in box)


@pytest.mark.parametrize(("page", "title", "absent"), [
    ("Ressorts\nWelt\nSport\nNachrichten\nNach Streikjahr 2015: Wo 2016 Tarifverhandlungen anstehen\nKrone Logo\n"
     "Frankfurt. Noch nie wurden Tarifstreitigkeiten in Deutschland so heftig ausgetragen wie im vergangenen Jahr, "
     "ein Ausblick auf die Verhandlungen.\n",
     "Nach Streikjahr 2015: Wo 2016 Tarifverhandlungen anstehen", "Krone Logo"),  # a logo's text under the headline
    ("> ROUNDUP: Mars ruft Millionen Schokoriegel zurück\n"
     "VEGHEL (dpa-AFX) - Der Süßwarenhersteller Mars ruft in mehr als 50 Ländern Schokoriegel zurück, "
     "weil in einem Riegel ein Stück Plastik gefunden worden war, teilte das Unternehmen mit.",
     "ROUNDUP: Mars ruft Millionen Schokoriegel zurück", "> ROUNDUP"),  # a finance feed's quote marker
], ids=["logo", "quote-marker"])
def test_the_headline_is_the_title_without_what_the_site_adds(cleaner: Cleaner, page: str, title: str, absent: str) -> None:
    out = cleaner(raw_article(text=page))
    assert out.title == title
    assert absent not in out.text


def test_a_lead_between_a_picture_credit_and_a_paywall_is_the_article_not_a_caption(cleaner: Cleaner) -> None:
    lead = ("Osterode. Im Tarifstreit des öffentlichen Dienstes kann es in Osterode am Mittwoch zu Einschränkungen "
            "in Kitas, Verwaltung und Bauhof kommen.")
    page = ("Verdi bestreikt Kitas, Verwaltung und Bauhof\n(Bild: APA/HELMUT FOHRINGER)\n" + lead + "\n"
            "Wenn Sie diesen Inhalt vollständig lesen möchten, benötigen Sie einen kostenpflichtigen Zugang.\n")
    out = cleaner(raw_article(text=page))
    assert lead in out.text and lead not in out.captions


def test_a_byline_glued_to_the_headline_by_line_joining_is_neither_title_nor_article(cleaner: Cleaner) -> None:
    lead = ("Das politische Berlin ist für Facebook-Chef Zuckerberg ein schwieriges Pflaster, Minister werfen "
            "dem Konzern seit Monaten vor, Hasskommentare zu dulden.")
    # "… ein" may end a wrapped sentence's first line: line joining glues the byline to the headline
    page = ("Politik\nNetzwelt\nMark Zuckerberg räumt Fehler im Umgang mit Hasskommentaren ein\n"
            "Eine Analyse von Tobias Hartmann\n03.12.2026, 06.17 Uhr\nX.com\n" + lead + "\n")
    out = cleaner(raw_article(text=page))
    assert out.title == "Mark Zuckerberg räumt Fehler im Umgang mit Hasskommentaren ein"
    assert "Eine Analyse von Tobias Hartmann" not in out.text and "X.com" not in out.text
    assert lead in out.text


def test_a_shorter_line_under_the_headline_is_no_title(cleaner: Cleaner) -> None:
    lead = ("Frankfurt. Noch nie wurden Tarifstreitigkeiten in Deutschland so heftig ausgetragen wie 2015, "
            "ein Ausblick auf das, was 2016 in den Branchen ansteht.")
    headline = "Nach dem Streikjahr 2015: Wo 2016 überall Tarifverhandlungen anstehen"  # a word of it in the lead
    page = headline + "\n\nRead time: 4 min\n\n" + lead + "\n"
    assert cleaner(raw_article(text=page)).title == headline


def test_a_teaser_at_the_end_goes_when_another_went_by_its_dateline(cleaner: Cleaner) -> None:
    teaser = ["Orkan über der Nordsee",
              "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde, warnt der Wetterdienst."]
    out = cleaner(after_article("Weitere Meldungen", *OTHER_REPORT, *teaser, "Alle Meldungen"))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in teaser)


@pytest.mark.parametrize("header", ["Weitere Meldungen", "Mehr aus dem Bereich Sport", "Read more:", "Neueste Beiträge"])
def test_more_teaser_box_headers_take_their_box(cleaner: Cleaner, header: str) -> None:
    box = [header, "Bahn kündigt neue Preise an",
           "Die Bahn erhöht zum Fahrplanwechsel die Preise im Fernverkehr um durchschnittlich drei Prozent."]
    out = cleaner(after_article(*box))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in box)


def test_english_interface_strings_are_chrome(cleaner: Cleaner) -> None:
    chrome = ["Save article", "Sign in", "Privacy Policy", "Accessibility Help", "Skip to content"]
    out = cleaner(raw_article(text="\n\n".join([chrome[0], chrome[1], ARTICLE.strip(), *chrome[2:]]) + "\n"))
    assert not any(line in out.text.splitlines() for line in chrome)


def test_a_section_name_above_the_headline_is_no_kicker_a_subject_is(cleaner: Cleaner) -> None:
    lead = ("Indian Wells (dpa) - Raymond Moore hat nach seiner Macho-Attacke die Konsequenzen gezogen und "
            "seinen Posten als Turnierdirektor geräumt.")
    out = cleaner(raw_article(text="Netzwelt\nMoore tritt als Turnierdirektor zurück\n" + lead + "\n"))
    assert out.kicker is None and "Netzwelt" not in out.text
    out = cleaner(raw_article(text="Tennis\nMoore tritt als Turnierdirektor zurück\n" + lead + "\n"))
    assert out.kicker == "Tennis"


@pytest.mark.parametrize("signature", ["Maria Huber sagt:\n3. Dezember 2026 um 14:02 Uhr",
                                       "Am 23. Januar 2016 um 14:00 von dr.bashir"])
def test_a_signed_readers_comment_after_the_article_starts_the_comments(cleaner: Cleaner, signature: str) -> None:
    comment = "Endlich tut sich was bei den Flughäfen, danke für den ausführlichen Bericht über den Streik!"
    out = cleaner(after_article(signature, comment))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in signature.splitlines()) and comment not in out.text


def test_a_speaker_announced_before_a_quote_is_no_comment_signature(cleaner: Cleaner) -> None:
    quote = ("„Wir werden die Streiks ausweiten, wenn die Arbeitgeber in der nächsten Runde kein Angebot "
             "vorlegen“, kündigte die Gewerkschaft an.")
    out = cleaner(after_article("Die Verdi-Chefin sagt:", quote))
    assert quote in out.text


def test_a_dated_sentence_of_the_article_is_no_comment_signature(cleaner: Cleaner) -> None:
    rest = ["Am 5. Mai 2016 um 10:00 Uhr von der Polizei festgenommen.",
            "Der Mann sitzt seitdem in Untersuchungshaft, die Staatsanwaltschaft ermittelt wegen Brandstiftung."]
    out = cleaner(after_article(*rest))
    assert all(line in out.text for line in rest)


@pytest.mark.parametrize("advert", [
    ["Sponsored Content", "Bombe in Leipzig gefunden: Sprengung des Blindgängers erfolgreich",
     "Der Blindgänger aus dem Zweiten Weltkrieg wurde in Leipzig nach der Sprengung geborgen, die Bombe war gefunden worden."],
    # a cut teaser: its paragraph shares one word with its headline and none with the article
    ["Anzeige", "Venezuelas Präsident Maduro erklärt Freitage zu Feiertagen",
     "Um Strom zu sparen, greift die Regierung von Venezuela zu besonderen Mitteln. Das von Wasser"],
], ids=["retold", "cut"])
def test_an_adverts_teaser_inside_the_article_goes_the_article_goes_on(cleaner: Cleaner, advert: list[str]) -> None:
    rest = ("Die Gewerkschaft Verdi kündigte weitere Warnstreiks im öffentlichen Dienst an, falls die Arbeitgeber "
            "in der nächsten Runde kein Angebot vorlegen.")
    out = cleaner(after_article(*advert, rest))
    assert rest in out.text
    assert not any(line in out.text for line in advert)


def test_a_text_whose_opening_is_unsure_gets_the_full_sample() -> None:
    from agents.clean import LANGUAGE_FIRST_CHARS, detect_language

    english = ("The union called on its members at six airports to stop work on Wednesday, and hundreds of flights "
               "were cancelled as a result. ")
    german = ("Die Gewerkschaft hat die Beschäftigten an sechs Flughäfen zum Warnstreik aufgerufen, Hunderte Flüge "
              "wurden gestrichen, und Reisende müssen mit Verspätungen rechnen. ")
    assert detect_language(german * 8) == "de"
    assert detect_language(english * 8) == "en"
    # the opening is one English sentence and the rest German: the full sample decides
    mixed = (english + german * 10)
    assert len(english) < LANGUAGE_FIRST_CHARS
    assert detect_language(mixed) == "de"
    # under three words there is nothing to tell a language by
    assert detect_language("Zwei Wörter") is None
    assert detect_language("Drei kurze Wörter") is not None


def test_a_line_of_the_articles_own_subject_under_an_advert_label_stays(cleaner: Cleaner) -> None:
    own = ["Flughafen Frankfurt / Verdi",
           "Am Flughafen Frankfurt rief Verdi die Beschäftigten am Mittag zu einer Kundgebung vor dem Terminal auf."]
    rest = "Die Arbeitgeber wiesen die Forderungen der Gewerkschaft zurück und verwiesen auf die Kosten für Energie."
    out = cleaner(after_article("Anzeige", *own, rest))
    assert own[1] in out.text and rest in out.text


HANNOVER_LEAD = ("Die Stadt Hannover will ihr Haushaltsdefizit abbauen und erhöht deshalb von April an die Gebühren "
                 "für den Unterricht an der städtischen Musikschule um durchschnittlich zwölf Prozent.")
HANNOVER_REST = ("Der Rat hatte die Erhöhung am Donnerstag mit den Stimmen der Mehrheitsfraktionen beschlossen. Eltern "
                 "und Lehrkräfte hatten vor der Sitzung vor dem Rathaus gegen die Pläne protestiert.")


def test_a_section_path_run_into_the_headline_goes_and_the_headline_stays(cleaner: Cleaner) -> None:
    path = "Niedersachsen Hannover Politik Stadt erhöht Gebühren für die Musikschule"
    headline = "Hannover – Stadt erhöht Gebühren für die Musikschule"
    out = cleaner(raw_article(text="\n".join(
        [path, "Mehr aus Politik", "Text kleiner größer", headline, HANNOVER_LEAD, HANNOVER_REST])))
    assert out.title == headline
    assert out.kicker is None
    assert path not in out.text
    assert HANNOVER_LEAD in out.text and HANNOVER_REST in out.text


def test_a_headline_printed_after_its_longer_print_is_kept_with_its_kicker(cleaner: Cleaner) -> None:
    # the longer print first: the later, clean prints of kicker and headline looked like its copies
    longer = "Musikschule - Stadt erhöht Gebühren für Unterricht in Hannover"
    out = cleaner(raw_article(text="\n".join(
        ["Sie sind hier: Startseite > Nachrichten >", longer, "Musikschule",
         "Stadt erhöht Gebühren für Unterricht in Hannover", HANNOVER_LEAD, HANNOVER_REST])))
    assert out.title == "Stadt erhöht Gebühren für Unterricht in Hannover"
    assert out.kicker == "Musikschule"
    assert longer not in out.text


def test_a_kicker_joined_to_the_headline_by_a_colon_is_no_second_print(cleaner: Cleaner) -> None:
    joined = "Musikschule: Stadt erhöht Gebühren für den Unterricht"
    out = cleaner(raw_article(text="\n".join(
        [joined, "Stadt erhöht Gebühren für den Unterricht", HANNOVER_LEAD, HANNOVER_REST])))
    assert joined in {out.title, out.kicker, *out.text.splitlines()}


def test_headlines_that_ask_or_exclaim_in_a_row_after_the_article_are_teasers(cleaner: Cleaner) -> None:
    teasers = ["Was bedeutet die Zinswende für Sparer?", "Scharapowa positiv auf Meldonium getestet!",
               "Bahn kündigt neue Verbindungen nach Prag an"]
    out = cleaner(after_article("Weiterlesen", *teasers, "Impressum"))
    assert not any(teaser in out.text for teaser in teasers)
    assert "sechs Prozent mehr Lohn" in out.text


def test_questions_in_a_row_inside_the_article_stay(cleaner: Cleaner) -> None:
    questions = ["Wer ist Täter, wer ist Opfer?", "Wer hat die Listen ausgestellt?"]
    answer = ("Die Ermittler wollen diese Fragen bis zum Sommer klären und haben dafür zusätzliche Beamte aus "
              "anderen Dezernaten angefordert, sagte eine Sprecherin der Staatsanwaltschaft.")
    out = cleaner(after_article(*questions, answer))
    assert all(question in out.text for question in questions)


def test_comment_guidelines_at_a_lines_start_open_the_comments_whatever_their_length(cleaner: Cleaner) -> None:
    guidelines = ("Hinweise zum Kommentieren: Die Redaktion behält sich vor, Beiträge zu prüfen und gegebenenfalls zu "
                  "löschen, wenn sie gegen die Regeln verstoßen. Beleidigungen, Werbung und Links zu fremden Angeboten "
                  "werden grundsätzlich nicht veröffentlicht. Bitte bleiben Kommentare sachlich und beim Thema des "
                  "Artikels, damit die Diskussion für alle Leserinnen und Leser lesenswert bleibt.")
    out = cleaner(after_article(guidelines))
    assert "Hinweise zum Kommentieren" not in out.text
    assert "sechs Prozent mehr Lohn" in out.text


def test_a_short_question_heading_a_newsletter_box_goes_with_it(cleaner: Cleaner) -> None:
    box = ["Wissen was in der Region läuft?", "Hier anmelden für den täglichen Newsletter."]
    rest = ("Verdi will die Arbeitsniederlegungen bis Freitag fortsetzen, sagte ein Sprecher der Gewerkschaft am "
            "Abend in Frankfurt.")
    out = cleaner(after_article(*box, rest))
    assert not any(line in out.text for line in box)
    assert rest in out.text


def test_the_articles_own_question_above_a_newsletter_box_stays(cleaner: Cleaner) -> None:
    question = "Wie lange dauert der Streik an den Flughäfen?"
    out = cleaner(after_article(question, "Hier anmelden für den täglichen Newsletter.",
                                "Verdi will die Arbeitsniederlegungen bis Freitag fortsetzen, sagte ein Sprecher der "
                                "Gewerkschaft am Abend in Frankfurt."))
    assert question in out.text


def test_of_two_wordings_of_the_headline_the_first_print_is_the_title(cleaner: Cleaner) -> None:
    first = "Jahrestag des Anschlags auf Charlie Hebdo: Satiremagazin feiert Überleben mit bissiger Ausgabe"
    page = "\n".join([
        first,
        "05.01.16",
        "Terror Charlie Hebdo feiert Überleben mit bissiger Sonderausgabe",  # a teaser's wording, nearer the lead
        "Von Peter Heusch",
        "Paris. Ein Jahr nach dem Terroranschlag feiert das französische Magazin Charlie Hebdo sein Überleben "
        "mit einer bissigen Sonderausgabe, die am Mittwoch in einer Auflage von einer Million Exemplaren erscheint.",
        "Auf dem Titel ist eine Zeichnung zu sehen, die seit Tagen in den sozialen Netzwerken diskutiert wird.",
    ])
    out = cleaner(raw_article(text=page))
    assert out.title == first


@pytest.mark.parametrize(
    "first_print",
    [
        "Stadt erhöht Gebühren für Unterricht an der Musikschule…",  # cut short by a teaser box
        "Stadt erhöht Gebühren für Unterricht an der Musikschule deutlich - Hannoversche Nachrichten.",  # <title>
    ],
)
def test_a_lesser_first_print_gives_way_to_the_headline(cleaner: Cleaner, first_print: str) -> None:
    headline = "Stadt erhöht Gebühren für Unterricht an der Musikschule deutlich"
    out = cleaner(raw_article(text="\n".join(
        [first_print, "19.04.2016, 17:41 Uhr", headline, "Artikel", "von Anna Berger", HANNOVER_LEAD, HANNOVER_REST])))
    assert out.title == headline
    assert first_print not in out.text
    assert "Artikel" not in out.text.split("\n\n")  # furniture under the headline, found from its first print
    assert HANNOVER_LEAD in out.text


def test_the_headline_line_stays_and_its_print_with_the_site_name_goes(cleaner: Cleaner) -> None:
    headline = "Ab 2018 mehr Kampfflieger über dem Moor?"  # (a headline the lead does not repeat)
    titled = f"{headline} - Hannoversche Nachrichten."
    decided = cleaner.classify("\n".join([titled, "19.04.2016, 17:41 Uhr", headline, HANNOVER_LEAD, HANNOVER_REST]))
    keep = {line.text: line.keep for line in decided.lines}
    assert keep[headline] and not keep[titled]


@pytest.mark.parametrize("buttons", ["JA NEIN", "Ja", "Yes / No"])
def test_a_question_above_yes_and_no_buttons_goes_anywhere_on_the_page(cleaner: Cleaner, buttons: str) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    question = "Möchten Sie auf die mobile Seite wechseln?"
    out = cleaner(raw_article(text="\n\n".join([paragraphs[0], question, buttons, *paragraphs[1:]]) + "\n"))
    assert question not in out.text
    assert "Hunderte Flüge wurden gestrichen" in out.text and "sechs Prozent mehr Lohn" in out.text


def test_an_interview_question_answered_stays(cleaner: Cleaner) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    question = "Wird der Streik noch länger dauern?"
    answer = "Ja. Wir rechnen damit, dass die Arbeitgeber erst nach weiteren Warnstreiks ein Angebot vorlegen."
    out = cleaner(raw_article(text="\n\n".join([*paragraphs, question, answer]) + "\n"))
    assert question in out.text and answer in out.text


@pytest.mark.parametrize(
    "furniture",
    ["von Regine Pfaff / Uwe Mantel", "Die Gründer Nikolas Engelhard, Lukas Zanger und Frederik Brantner (v.l.n.r.)"],
)
def test_a_byline_of_two_authors_and_a_group_photo_caption_go(cleaner: Cleaner, furniture: str) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([paragraphs[0], furniture, *paragraphs[1:]]) + "\n"))
    assert furniture not in out.text
    assert "Hunderte Flüge wurden gestrichen" in out.text


def test_a_kicker_run_into_a_later_print_of_the_headline_is_no_title(cleaner: Cleaner) -> None:
    headline = "Eltern fordern: „Hier muss ein Zebrastreifen her“"
    lead = ("Lohbrügge. Eltern und Lehrer der Stadtteilschule sorgen sich um die Sicherheit der Schüler an der "
            "Bushaltestelle, weil dort kein Zebrastreifen ist. Die Polizei ist skeptisch.")
    rest = ("„Muss denn erst etwas Schlimmes passieren?“, fragen die Eltern. Sie fordern einen Zebrastreifen "
            "an der Bushaltestelle, die Polizei prüft den Antrag.")
    out = cleaner(raw_article(text="\n".join(
        [headline, "06.01.2016, 17:54", f"Richard-Linde-Weg {headline}", "Gerrit Pfennig", lead, rest])))
    assert out.title == headline
    assert f"Richard-Linde-Weg {headline}" not in out.text


def test_a_subheading_in_capitals_between_paragraphs_is_no_byline(cleaner: Cleaner) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join(
        [paragraphs[0], "HANS MÜLLER", paragraphs[1], "WEITERE STREIKS", paragraphs[2]]) + "\n"))
    assert "WEITERE STREIKS" in out.text.split("\n\n")
    assert "HANS MÜLLER" not in out.text  # under the headline: the author


def test_a_site_path_run_into_the_headline_without_separators_goes(cleaner: Cleaner) -> None:
    headline = "Stadt erhöht Gebühren für Unterricht an der Musikschule deutlich"
    path = f"Startseite Gesellschaft /Politik {headline}"
    out = cleaner(raw_article(text="\n".join([path, headline, HANNOVER_LEAD, HANNOVER_REST])))
    assert out.title == headline
    assert path not in out.text


def test_a_page_that_is_only_its_headline_and_a_paywall_has_the_headline_as_title(cleaner: Cleaner) -> None:
    headline = "Heftiges Erdbeben in Ecuador - viele Tote"
    out = cleaner(raw_article(text="\n".join([
        headline, "Jetzt weiterlesen und mehr erfahren",
        "Wenn Sie diesen Inhalt vollständig lesen möchten, benötigen Sie einen kostenpflichtigen Zugang zu unserer Webseite."])))
    assert out.title == headline
    assert out.text == headline


def test_a_kicker_printed_alone_and_joined_to_the_headline_gives_the_joined_title(cleaner: Cleaner) -> None:
    # (the kicker speaks of what the lead does, the headline's second part does not)
    joined = "Gebühren der Musikschule Hannover: Was Familien jetzt wissen sollten"
    out = cleaner(raw_article(text="\n".join(
        [joined, "Gebühren der Musikschule Hannover", "Was Familien jetzt wissen sollten", "Datum:",
         HANNOVER_LEAD, HANNOVER_REST])))
    assert out.title == joined


def test_three_authors_named_above_the_article_are_no_headline(cleaner: Cleaner) -> None:
    authors = "Fabian Klein, Sven Stricker, Wolfgang Schneider"
    headline = "Büroinvestment: A-Standorte bleiben im Fokus"
    lead = ("Die großen Standorte bleiben im Fokus der Büroinvestoren, schreiben Fabian Klein, Sven Stricker und "
            "Wolfgang Schneider in ihrer Marktanalyse zum ersten Quartal.")
    out = cleaner(raw_article(text="\n".join([authors, "Immobilienart:", headline, lead, HANNOVER_REST])))
    assert out.title == headline
    assert out.kicker is None and authors not in out.text
    assert "Fabian Klein" in out.authors


def test_what_a_sentence_ending_in_a_colon_announces_is_no_headline(cleaner: Cleaner) -> None:
    headline = "Bizarrer Tweet: Rapper hält Bill Cosby für unschuldig"
    announce = "Der Rapper hat am Dienstag einen völlig bizarren Tweet über Bill Cosby gepostet:"
    quote = "Bill Cosby ist unschuldig!!!!!"
    lead = ("Wir erinnern uns: Gegen den Schauspieler Bill Cosby läuft ein Verfahren, mehr als fünfzig Frauen "
            "werfen ihm Übergriffe vor. Der Rapper sieht das anders und hält Cosby für unschuldig.")
    out = cleaner(raw_article(text="\n".join([headline, "10.02.16, 15:42 Uhr", announce, quote, lead, HANNOVER_REST])))
    assert out.title == headline
    assert quote in out.text


def test_a_hard_wrapped_first_line_ending_in_in_goes_on_and_is_no_title(cleaner: Cleaner) -> None:
    headline = "Kommentar zum Lufthansa-Streik: Die falsche Instanz"
    out = cleaner(raw_article(text="\n".join([
        headline, "120 Arbeitsgerichte gibt es in",
        "Deutschland. Und die Lufthansa-Führung vermittelt den Eindruck, dass",
        "sie auf der Suche nach einem willfährigen Richter ist, der den Streik",
        "der Flugbegleiter beenden soll, und am liebsten ein Gericht nach dem anderen anruft."])))
    assert out.title == headline
    assert out.text.startswith("120 Arbeitsgerichte gibt es in Deutschland.")


def test_a_symbol_photos_credit_is_a_credit(cleaner: Cleaner) -> None:
    credit = "Symbolfoto: U.S. Air Force [Public domain], Wikimedia Commons"
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([paragraphs[0], credit, *paragraphs[1:]]) + "\n"))
    assert credit not in out.text
    assert "Hunderte Flüge wurden gestrichen" in out.text and "sechs Prozent mehr Lohn" in out.text


def test_a_paywalls_offer_under_its_prompt_goes_with_it(cleaner: Cleaner) -> None:
    offer = ["Den Inhalt dieser Seite haben wir für unsere Abonnenten reserviert",
             "Sie sind noch kein Abonnent und möchten unser Angebot testen?",
             "Dann wählen Sie bitte zwischen den unten genannten Abo-Angeboten."]
    out = cleaner(raw_article(text="\n".join([HANNOVER_LEAD, HANNOVER_REST, "Möchten Sie jetzt weiterlesen?", *offer])))
    assert not any(line in out.text for line in offer)
    assert HANNOVER_LEAD in out.text and HANNOVER_REST in out.text


def test_a_lead_opening_with_its_place_in_capitals_under_a_gallery_counter_is_no_caption(cleaner: Cleaner) -> None:
    lead = ("HANNOVER Mit einer Erhöhung um durchschnittlich zwölf Prozent will die Stadt von April an ihr "
            "Haushaltsdefizit abbauen, die Musikschule trifft es zuerst.")
    out = cleaner(raw_article(text="\n".join(["Stadt erhöht Gebühren für die Musikschule", "Bild 1 von 1", lead,
                                              HANNOVER_REST])))
    assert lead in out.text


def test_a_subheading_above_the_pages_last_line_cut_off_by_the_crawl_is_the_articles(cleaner: Cleaner) -> None:
    tail = ["Eltern kündigen Widerstand an", "Angesichts der Tatsache, dass ein"]
    out = cleaner(raw_article(text="\n".join(["Stadt erhöht Gebühren für die Musikschule", HANNOVER_LEAD, HANNOVER_REST,
                                              *tail])))
    assert all(line in out.text for line in tail)


def test_a_sentence_with_a_date_and_von_names_no_author(cleaner: Cleaner) -> None:
    sentence = "Am 8. Januar 2016 wurde er von Angela Merkel empfangen"
    out = cleaner(raw_article(text="\n".join(["Stadt erhöht Gebühren für die Musikschule", HANNOVER_LEAD, sentence,
                                              HANNOVER_REST])))
    assert sentence in out.text
    assert "Angela Merkel" not in out.authors


def test_a_hard_wrapped_page_without_a_long_sentence_line_has_its_headline(cleaner: Cleaner) -> None:
    headline = "Die Retter vom Feldberg / Dokuserie über die Bergwacht im Schwarzwald ab 20. Januar, mittwochs um 21 Uhr"
    out = cleaner(raw_article(text="\n".join([
        headline, "7. Januar 2016 | Abgelegt unter: Arbeit | Beitrag von: Presse",
        "„Wenn man Angst entwickelt, ist das schlecht in unserem Job“,",
        "erzählt eine Retterin der Bergwacht im Schwarzwald. Kurz darauf",
        "kommt per Funk auch schon der erste Notruf. Eine Lawine ist",
        "abgegangen und hat zwei Menschen unter sich begraben. Die Dokuserie",
        "begleitet das Team der Bergwacht vom Feldberg eine Saison lang."])))
    assert out.title == headline


def test_a_page_opening_with_its_headline_above_the_lead_has_it_in_other_words(cleaner: Cleaner) -> None:
    # (the headline shares one of its four content words with the opening paragraphs)
    headline = "Italien macht's vor: Festnetz-Ersatz via LTE"
    out = cleaner(raw_article(text="\n".join([
        headline, "Funkdienst kommt ohne Drosselung aus - Modell für Deutschland?",
        "Über drahtlose Festnetzanschlüsse haben wir schon viel geschrieben. Im Jahr 2000 vergab die "
        "Regulierungsbehörde die ersten Frequenzen dafür an mehrere Anbieter.",
        "2006 dann der nächste Versuch: Die Bundesnetzagentur versteigerte erneut dieselben Frequenzen, "
        "doch auch diesmal blieben die Angebote der Firmen eine Randerscheinung."])))
    assert out.title == headline


def test_a_pictures_credit_above_the_articles_last_sections_sets_them_apart_from_nothing(cleaner: Cleaner) -> None:
    sections = ["Neue Räume für die Bibliothek",
                "Die Universitätsbibliothek zieht im Herbst in den sanierten Altbau am Schlossplatz, dort stehen "
                "künftig doppelt so viele Arbeitsplätze für Studierende bereit.",
                "Stipendien für Erstsemester",
                "Erstmals vergibt die Hochschule zwanzig Deutschlandstipendien an Studienanfänger aus Familien, in "
                "denen noch niemand studiert hat."]
    out = cleaner(raw_article(text="\n".join(["Stadt erhöht Gebühren für die Musikschule", HANNOVER_LEAD, HANNOVER_REST,
                                              "Der Rat der Stadt im Sitzungssaal.", "Foto: Stadt Hannover", *sections])))
    assert all(line in out.text for line in sections)


def test_a_quote_in_guillemets_is_no_arrow_link(cleaner: Cleaner) -> None:
    quote = "» Wir streiken weiter «, sagte der Verdi-Sprecher."
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], quote, paragraphs[2]]) + "\n"))
    assert quote in out.text


def test_a_menu_whose_button_went_first_still_goes_its_items_with_it(cleaner: Cleaner) -> None:
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n".join(["Suche", "Fahrplan", "Ausflugstipps", headline, *paragraphs])))
    assert out.title == headline and out.kicker is None
    assert "Fahrplan" not in out.text and "Ausflugstipps" not in out.text


ONE_PARAGRAPH = ("Streik legt Flughäfen lahm\n\n"
                 "Frankfurt – Ein Warnstreik der Gewerkschaft Verdi hat am Mittwoch den Betrieb an mehreren "
                 "deutschen Flughäfen weitgehend zum Erliegen gebracht, Hunderte Flüge wurden gestrichen.")
ORKAN = ["Orkan über der Nordsee",
         "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde, warnt der Wetterdienst."]
PELLETS = ["Wismar – German Pellets: Amtsgericht bestellt nach dem Antrag vom Freitag eine vorläufige Insolvenzverwalterin "
           "für den angeschlagenen Holzpellet-Hersteller",
           "Das Amtsgericht Schwerin hat eine Hamburger Anwältin zur vorläufigen Insolvenzverwalterin des Herstellers bestellt."]


def test_a_lone_teaser_at_the_end_goes_when_one_above_it_went_by_its_dateline(cleaner: Cleaner) -> None:
    # the teaser another rule took (a dated lead of its own) sits above the last pair, not among it
    out = cleaner(after_article("Feedback", *OTHER_REPORT, *ORKAN, "Impressum"))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in ORKAN)


def test_a_teaser_with_a_long_headline_goes_with_the_others(cleaner: Cleaner) -> None:
    out = cleaner(after_article("Zur Startseite", *PELLETS, *ORKAN))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in [*PELLETS, *ORKAN])


def test_a_newsletter_prompt_under_an_article_of_one_paragraph_goes(cleaner: Cleaner) -> None:
    prompt = "Unser Newsletter für den Landkreis: Alle wichtigen Nachrichten aus Ihrer Region kostenlos per Mail."
    out = cleaner(raw_article(text="\n\n".join([ONE_PARAGRAPH, prompt, "Impressum"]) + "\n"))
    assert "Hunderte Flüge wurden gestrichen" in out.text
    assert prompt not in out.text


def test_teasers_under_an_article_of_one_paragraph_go(cleaner: Cleaner) -> None:
    out = cleaner(raw_article(text="\n\n".join([ONE_PARAGRAPH, "Zur Startseite", *PELLETS, *ORKAN]) + "\n"))
    assert out.text == ONE_PARAGRAPH.split("\n\n")[1]


def test_one_last_paragraph_under_an_inline_box_of_a_one_paragraph_article_stays(cleaner: Cleaner) -> None:
    # one pair under a box: it may be the article's own last paragraph, whatever it speaks of
    last = ["Weitere Streiks angekündigt",
            "Reisende sollten sich vor der Fahrt zum Flughafen bei ihrer Fluggesellschaft über den Stand informieren."]
    out = cleaner(raw_article(text="\n\n".join([ONE_PARAGRAPH, "Anzeige", *last]) + "\n"))
    assert all(line in out.text for line in last)


def test_the_last_of_a_row_of_teaser_headlines_goes_when_site_lines_follow_it(cleaner: Cleaner) -> None:
    teasers = ["Seehundstationen ziehen fast 300 Jungtiere auf", "Stellenabbau",
               "«Star Wars» an US-Kinokassen weiter in Führung"]  # eight words, as a paragraph's line may be
    page = [ONE_PARAGRAPH, "Read more:", *teasers, "Sign up for our newsletter", "Follow us on Instagram", "Terms of Use"]
    out = cleaner(raw_article(text="\n\n".join(page) + "\n"))
    assert "Hunderte Flüge wurden gestrichen" in out.text
    assert not any(line in out.text for line in teasers)


def test_a_subheading_and_the_line_the_crawl_stopped_in_stay_at_the_pages_end(cleaner: Cleaner) -> None:
    rest = ["380 Menschen in Sicherheit gebracht",
            "Beim Valhall-Ölfeld vor der norwegischen Küste mussten etwa 380 Mens"]
    out = cleaner(after_article(*rest))
    assert all(line in out.text for line in rest)


def test_an_invitation_to_the_discussion_starts_the_comments(cleaner: Cleaner) -> None:
    comments = ["Liebe Leserinnen und Leser, wir laden Sie ein, an der Diskussion teilzunehmen und sich mit anderen auszutauschen.",
                "Peter K.", "Endlich tut sich was bei den Verhandlungen, das wurde aber auch Zeit."]
    out = cleaner(after_article(*comments))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in comments)


def test_teasers_go_when_the_article_under_its_label_would_pair_like_one(cleaner: Cleaner) -> None:
    # "Zusammenfassung" over the lead reads as a teaser's headline over its paragraph: the teasers
    # start below the article, not at its lead
    headline, lead = ONE_PARAGRAPH.split("\n\n")
    page = [headline, "Teilen", "Zusammenfassung", lead, "Feedback", "Schreiben Sie uns.", *PELLETS, *ORKAN, "Impressum"]
    out = cleaner(raw_article(text="\n\n".join(page) + "\n"))
    assert lead in out.text
    assert not any(line in out.text for line in [*PELLETS, *ORKAN])


def test_a_headline_the_pages_title_line_repeats_needs_fewer_of_the_leads_words(cleaner: Cleaner) -> None:
    headline = "Ab 2018 mehr Flieger über der Range?"
    page = [f"{headline} - Grafschafter Nachrichten.", " > " + headline, "19.04.2016, 17:41 Uhr", headline,
            "Nach 2018 häufiger über Nordhorn Range im Einsatz? Kampfflugzeuge vom Typ Tornado. Foto: Kleine-Ruse",
            "Von Rolf Masselink",
            "Vor einer Ausweitung des Übungsbetriebs auf dem Schießplatz Nordhorn-Range hat der Landrat "
            "am Dienstag gewarnt, die Luftwaffe wolle ihre Tornados nach 2018 wieder häufiger schicken.",
            "Die Gemeinden rund um den Platz fürchten Lärm und wollen sich gemeinsam dagegen wehren."]
    assert cleaner(raw_article(text="\n".join(page) + "\n")).title == headline


ENGLISH_ARTICLE = (
    "Airport strike grounds hundreds of flights\n\n"
    "Frankfurt – A warning strike by the Verdi union brought operations at several German airports to a near "
    "standstill on Wednesday, and hundreds of flights were cancelled.\n\n"
    "The union is demanding a six percent pay rise for public sector workers and announced further walkouts if "
    "employers fail to make an offer.\n"
)


@pytest.mark.parametrize("chrome", [
    "Most viewed", "Trending stories", "You might also like", "Latest headlines", "Show more", "Load all comments",
    "Continue reading", "Print this story", "Report a typo", "Thanks for your feedback!", "Get the free news app",
    "Older post", "Shutterstock",
])
def test_an_english_pages_site_lines_go_after_and_inside_the_article(cleaner: Cleaner, chrome: str) -> None:
    assert_gone_after_and_inside(cleaner, ENGLISH_ARTICLE, chrome, "six percent pay rise")


@pytest.mark.parametrize("credit", ["Foto: Shutterstock", "Getty Images"])
def test_a_credit_under_the_lead_leaves_a_lead_that_opens_with_its_place(cleaner: Cleaner, credit: str) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([*paragraphs[:2], credit, paragraphs[2]]) + "\n"))
    assert paragraphs[1] in out.text and credit not in out.text


def test_a_link_to_the_comments_under_the_headline_leaves_the_article_below_it(cleaner: Cleaner) -> None:
    # prose teasers above the headline: two paragraphs before the link, yet the article is below it
    teasers = ["Neuer Rekord bei Fluggästen",
               "Noch nie flogen so viele Menschen ab Frankfurt wie im vergangenen Jahr, meldet der Betreiber des Flughafens.",
               "Orkan über der Nordsee",
               "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde, warnt der Wetterdienst."]
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    more = ["Betroffen waren neben Frankfurt auch die Flughäfen in München, Düsseldorf, Köln/Bonn, Hamburg und Stuttgart, "
            "wo am Morgen kaum eine Maschine abhob.",
            "Die Arbeitgeber nannten den Ausstand unverhältnismäßig und verwiesen auf die für kommende Woche angesetzte "
            "dritte Verhandlungsrunde in Potsdam."]
    nav = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Regional", "Service", "Abo", "Login", "Suche"]
    page = [*nav, *teasers, headline, "Kommentare (3)", *paragraphs, *more, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert all(line in out.text for line in [*paragraphs, *more])


def test_the_headline_under_a_strip_of_teasers_of_other_stories(cleaner: Cleaner) -> None:
    # two teasers above the article, each a paragraph alone under its headline, of other subjects
    teasers = ["Neuer Rekord bei Fluggästen",
               "Noch nie flogen so viele Menschen ab Hamburg wie im vergangenen Jahr, meldet der Betreiber des Flughafens.",
               "Orkan über der Nordsee",
               "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde, warnt der Wetterdienst."]
    headline = "Warnstreik legt Flughäfen lahm"
    _, *paragraphs = ARTICLE.strip().split("\n\n")
    page = ["Startseite", "Politik", "Wirtschaft", "Top-Themen", *teasers, headline, "Teilen", *paragraphs, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert out.title == headline
    assert all(paragraph in out.text for paragraph in paragraphs)
    assert not any(line in out.text for line in teasers)


_STRIP = ["Neuer Intendant für das Stadttheater",
          "Der Stadtrat hat am Dienstag einen Nachfolger für den scheidenden Intendanten gewählt, der sein Amt im "
          "Herbst antreten soll.",
          "Orkan über der Nordsee",
          "Meteorologen rechnen an der Küste mit Böen von bis zu 150 Kilometern in der Stunde, warnt der Wetterdienst."]
_STRIKE_LEAD = ("Frankfurt – Ein Warnstreik der Gewerkschaft Verdi hat am Mittwoch den Betrieb an mehreren deutschen "
                "Flughäfen weitgehend zum Erliegen gebracht, Hunderte Flüge wurden gestrichen.")
_STRIKE_MORE = ["Die Gewerkschaft Verdi fordert für die Beschäftigten an den Flughäfen sechs Prozent mehr Lohn und "
                "kündigte weitere Warnstreiks an, falls die Arbeitgeber kein Angebot vorlegen.",
                "Am Flughafen Frankfurt fielen nach Angaben des Betreibers mehr als 600 Flüge aus, Passagiere "
                "wurden gebeten, sich vor der Anreise bei ihrer Fluggesellschaft zu informieren."]


def test_under_a_strip_of_teasers_the_lead_under_a_crosshead_is_the_articles(cleaner: Cleaner) -> None:
    # the article's lead is not followed by its next paragraph but by a crosshead: it speaks of what
    # the paragraphs under the crosshead say, as no teaser does
    headline = "Warnstreik legt Flughäfen in ganz Deutschland lahm"
    page = ["Startseite", "Politik", "Wirtschaft", *_STRIP, headline, "Teilen", _STRIKE_LEAD,
            "Gewerkschaft droht mit weiteren Streiks", *_STRIKE_MORE, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert out.title == headline
    assert _STRIKE_LEAD in out.text


def test_under_a_strip_of_teasers_one_taken_as_another_article_still_counts(cleaner: Cleaner) -> None:
    # the teasers' leads open with their datelines, so a rule takes the second for another article's
    # under the first; the strip is still two teasers, and the article under it keeps its headline
    strip = [_STRIP[0], "Hannover – " + _STRIP[1], _STRIP[2], "Hamburg – " + _STRIP[3]]
    headline = "Warnstreik legt Flughäfen in ganz Deutschland lahm"
    page = ["Startseite", "Politik", "Wirtschaft", *strip, headline, "Teilen", _STRIKE_LEAD, *_STRIKE_MORE, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert out.title == headline


def test_past_a_strip_of_teasers_the_line_over_the_lead_needs_less_in_common_with_it(cleaner: Cleaner) -> None:
    # one content word of four in the opening paragraphs: too little for a line anywhere above the
    # lead, enough for the one right over it once the strip above has been looked past
    headline = "Nötigung im Internet: Villacher ausgeforscht"
    lead = ("Ein 26 Jahre alter Villacher hat eine 21 Jahre alte Kärntnerin mit der Veröffentlichung von Fotos "
            "erpresst, teilte die Polizei am Montag mit.")
    more = ["Der Mann hatte der jungen Frau gedroht, die Bilder in einem sozialen Netzwerk zu verbreiten, sollte "
            "sie ihm kein Geld überweisen.",
            "Er zeigte sich bei der Einvernahme geständig und wird auf freiem Fuß angezeigt, hieß es."]
    page = ["Startseite", "Politik", "Wirtschaft", *_STRIP, headline, lead, *more, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert out.title == headline


def test_under_a_strip_of_teasers_a_teasers_headline_may_ask(cleaner: Cleaner) -> None:
    # (a headline asking under the first teaser's lead: "alone" had wanted a statement there)
    strip = [*_STRIP[:2], "Wird der Winter doch noch weiß?",
             "Bisher war vom Winter im Flachland keine Spur, doch mit dem neuen Jahr könnte sich das ändern, sagen "
             "die Meteorologen."]
    headline = "Warnstreik legt Flughäfen in ganz Deutschland lahm"
    page = ["Startseite", "Politik", "Wirtschaft", *strip, headline, "Teilen", _STRIKE_LEAD, *_STRIKE_MORE, "Impressum"]
    out = cleaner(raw_article(text="\n".join(page) + "\n"))
    assert out.title == headline


def test_teasers_at_the_end_whose_headlines_ask_or_exclaim_go(cleaner: Cleaner) -> None:
    teasers = ["Droht Anlegern ein Totalverlust?",
               "Anleger eines Fonds für Wasserkraftwerke sind beunruhigt, nachdem die Betreiberin Insolvenz angemeldet hat.",
               "Scharapowa positiv getestet!",
               "Bei den Australian Open im Jänner sei sie positiv auf die Substanz Meldonium getestet worden, sagte die Russin."]
    out = cleaner(after_article("Zur Startseite", *teasers))
    assert "sechs Prozent mehr Lohn" in out.text
    assert not any(line in out.text for line in teasers)


@pytest.mark.parametrize("prompt", ["Hören Sie hier den Podcast zur Folge", "Sehen Sie sich das Video an:",
                                    "Hören Sie jetzt das ganze Interview"])
def test_a_prompt_to_the_articles_audio_or_video_goes(cleaner: Cleaner, prompt: str) -> None:
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, prompt, *paragraphs]) + "\n"))
    assert prompt not in out.text
    assert out.title == headline


def test_an_imperative_sentence_of_the_article_is_no_prompt(cleaner: Cleaner) -> None:
    advice = "Schauen Sie genau hin, forderte der Redner in seinem Beitrag."
    headline, lead, rest = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, lead, advice, rest]) + "\n"))
    assert advice in out.text


def test_a_line_labelled_as_another_articles_is_never_the_title(cleaner: Cleaner) -> None:
    # "mehr" is in the article too, so the line shares a third of its words with the opening
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, "Mehr zum Thema: Energiewende", *paragraphs]) + "\n"))
    assert out.title == headline


@pytest.mark.parametrize("under", [["Das Wichtigste in Kürze", "Artikel teilen"],
                                   ["Drucken", "Aus dem Ressort Wirtschaft", "Anzeige"]])
def test_the_headline_over_site_lines_the_rules_left_and_took_stays_the_title(cleaner: Cleaner, under: list[str]) -> None:
    # the headline shares a quarter of its words with the opening; with the line the rules left
    # under it, split by structure, it would be that line's kicker
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, *under, *paragraphs]) + "\n"))
    assert out.title == headline


def test_two_site_lines_the_rules_left_under_the_headline_go_with_the_headline_found(cleaner: Cleaner) -> None:
    under = ["Zur Bildergalerie (14 Bilder)", "Schriftgröße", "Liveblog: Alle Entwicklungen im Überblick"]
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, *under, *paragraphs]) + "\n"))
    assert out.title == headline
    assert out.kicker is None
    assert not any(line in out.text for line in under)


@pytest.mark.parametrize("above", [["Mein Profil", "Livestream", "Unabhängig. Kritisch. Regional."],
                                   ["Eilmeldung", "Mittwoch, 12. März 2016", "Meine Artikel"]])
def test_the_headline_under_site_lines_the_rules_left_above_it_is_the_title(cleaner: Cleaner, above: list[str]) -> None:
    # the headline shares a quarter of its words with the opening, and nothing kept above it any
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([*above, headline, *paragraphs]) + "\n"))
    assert out.title == headline


def test_a_tag_list_label_above_the_headline_is_no_kicker(cleaner: Cleaner) -> None:
    headline, *paragraphs = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join(["Tags", headline, *paragraphs]) + "\n"))
    assert out.kicker is None
    assert "Tags" not in out.text.splitlines()


@pytest.mark.parametrize("furniture", ["Zu den Kommentaren springen", "Zur Bildergalerie (14 Bilder)", "Teaser-Bild",
                                       "Plus-Artikel", "Audio-Version dieses Artikels: 5:12 Min.", "Autor folgen",
                                       "Aus dem Ressort Wirtschaft", "Kommentare: 12", "Live-Ticker"])
def test_the_pages_own_furniture_between_paragraphs_goes(cleaner: Cleaner, furniture: str) -> None:
    headline, lead, rest = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, lead, furniture, rest]) + "\n"))
    assert furniture not in out.text.splitlines()
    assert lead in out.text and rest in out.text


def test_an_article_sentence_naming_a_department_stays(cleaner: Cleaner) -> None:
    sentence = "Aus dem Ressort Wirtschaft kamen am Abend keine Einwände gegen den Plan."
    headline, lead, rest = ARTICLE.strip().split("\n\n")
    out = cleaner(raw_article(text="\n\n".join([headline, lead, sentence, rest]) + "\n"))
    assert sentence in out.text
