"""Line classification of scraped plain text: article or site chrome, and why.

Three kinds of evidence, applied in this order, each as a named rule:
1. a catalogue of site-chrome patterns (German and English): comment sections, teasers,
   advertising, login/paywall/newsletter/cookie prompts, sharing and print widgets, captions and
   photo credits, bylines and datelines, breadcrumbs, counters, markup remnants, UI strings in
   another script than the page's;
2. the page's own structure: repeated lines (a title printed twice, a teaser that repeats the
   first paragraph), captions next to a credit line, blocks of headline-like lines between
   paragraphs (teasers of other articles), text statistics (letters, stopwords);
3. the outlet's template: a line that recurs across many articles of the same outlet
   (`TemplateMemory`, kept as streaming state by the worker).
Metadata found in the chrome (dates, outlet, agencies, authors) is collected on the way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from agents.chrome_lines import chrome_line_model
from agents.textmeta import (
    AGENCIES,
    FUNCTION_WORDS,
    FoundDate,
    agencies_in,
    content_stems,
    find_date,
    find_dates,
    has_relative_date,
    has_words,
    linear,
    linear_any,
    script_of,
    word_count,
    words_of,
)
from streams.schemas import RemovedSpan

# --- the catalogue ------------------------------------------------------------------------

_I = re.IGNORECASE
_CREDIT_TOKEN = r"[A-Za-zÄÖÜäöü]{2,12}"  # noqa: S105 (an agency credit, not a secret)
_TRAILING_CREDIT = re.compile(rf"\s*\(\s*({_CREDIT_TOKEN}(?:\s*/\s*{_CREDIT_TOKEN})*)\s*\)\s*$")
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:Kommentare?|Leserkommentare|Kommentar schreiben|Kommentieren|"
    r"Diskutieren Sie mit|Diskussion|Comments?|Leave a comment|Join the discussion|"
    r"Kommentar (?:verfassen|absenden|hinzufügen)|Ihr Kommentar|Alle Kommentare(?: anzeigen| lesen)?)"
    r"(?:\s*\(\d+\))?(?:\s+Kommentar schreiben)?[:!]?$",
    _I,
)
# A reader's comment signed: "Am 23. Januar 2016 um 14:00 von dr.bashir"; "Maria H. sagt:" with
# the comment's date on the next line (an article's "Der Minister sagt:" before a quote has none).
_COMMENT_SIGNATURE = re.compile(
    r"^(?:Am )?\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s?\d{2,4},? (?:um )?\d{1,2}[:.]\d{2}(?: Uhr)? von \S{2,30}(?: \S{1,30}){0,2}(?<!\.)$"
)
_COMMENTER_SAYS = re.compile(r"^[\w.\- ]{2,40} (?:sagt|schreibt|schrieb|meint|antwortete):$")
_COMMENT_DATE = re.compile(r"\d{1,2}:\d{2}|\b\d{4}\b")
_SIGN_OFF = re.compile(r"^Ihre?\s+(?P<outlet>.{2,40}?)\s*[-–]?\s*Redaktion$")
# a teaser's link marked by an arrow: "» Streik: Diese Rechte haben Fluggäste" (not a quote: "» Wir … «")
_ARROW_LINK = re.compile(r"^[»►→▶]\s+[^«]{3,120}$")
_TEASER_PREFIX = re.compile(
    r"^(?:Lese-?Tipp|Lesetipp|Mehr zum Thema|Auch interessant|Lesen Sie auch|Lesen Sie mehr|"
    r"Das könnte Sie auch interessieren|Weitere Artikel|Zum Thema|Passend dazu|Empfehlung|"
    r"Im Video|Video|Audio|Podcast|Bildergalerie|Fotostrecke|Newsletter|Read more|Read also|"
    r"Related|See also|Watch|Top-Thema|Top-Artikel)\s*:",
    _I,
)
_ADVERT = re.compile(
    r"^(?:Anzeigen?|Werbung|Advertisement|Sponsored|Gesponsert|Promotion|Sponsored Content)\s*:?$|"
    r"^(?:Gesponserte[rs]? (?:Inhalte?|Beitrag|Artikel)|Partner-?[Ii]nhalte?|Aus unserem (?:Partner-?)?Netzwerk|"
    r"Werbefrei lesen|(?:Sponsored|Präsentiert|Unterstützt) (?:by|von) .{2,40})$|"
    r"^(?:\S+\s+){0,3}empfiehlt:?$",
    _I,
)
# Whole lines that are widgets: sharing, printing, navigation, feedback, galleries.
_WIDGET = re.compile(
    r"^(?:Fehler melden|Fehler gesehen\??|Sie haben einen Fehler gefunden\??|Text kleiner größer|"
    r"Schrift(?:größe)? (?:kleiner|größer)|Voriger Artikel|Vorheriger Artikel|Nächster Artikel|"
    r"Artikel per (?:E-?)?Mail (?:(?:weiter)?empfehlen|versenden|verschicken|senden|teilen)|"
    r"(?:Hinweis|Nachricht|Feedback|Fehlermeldung|Tipps?|Leserbrief) an (?:die|unsere) Redaktion(?: senden| schicken| schreiben)?|Empfänger E-?Mail|Teilen und Details|"
    r"Bild vergrößern|Drucken(?: per Mail)?|Mail schreiben|Feedback|Fullscreen|Vollbild|"
    r"Top-Nachrichten|Unsere wichtigsten Themen|Zur Startseite|Seitennavigation|"
    # sharing buttons: "Share on Facebook", "Auf WhatsApp teilen"
    r"(?:Share|Teilen|Post|Tweet)(?: (?:on|auf|via|bei|per))? (?:Facebook|Twitter|X|WhatsApp|LinkedIn|Xing|Pinterest|"
    r"Reddit|Telegram|Threads|Bluesky|Flipboard|E-?Mail)$|"
    r"(?:Auf|Bei|Via|Per) (?:Facebook|Twitter|X|WhatsApp|LinkedIn|Xing|Pinterest|Reddit|Telegram|Threads|Bluesky|E-?Mail)"
    r" (?:teilen|posten|empfehlen|versenden|folgen)$|"
    # rating widgets, flattened: "schlecht sehr gut", "schlechtsehr gut"
    r"(?:sehr )?schlecht\s*(?:sehr )?gut$|"
    r"Nicht mehr fragen\.?|(?:Diesen |Den )?(?:Artikel|Beitrag) (?:teilen|drucken|merken|vorlesen|versenden|empfehlen|speichern)|"
    r"Darauf antworten|"
    r"Antworten|Melden|Mehr aus .{1,40}|Alle Artikel|Zurück|Weiter|Seite \d+ von \d+|"
    r"Hier klicken und teilen:?|(?:Sport|Politik|Wirtschaft|Kultur|Panorama) aktuell|"
    r"Share(?: this)?(?: article| story)?|Print(?: this)?(?: article)?|Email|Comments?|"
    r"Skip to (?:main )?content|Back to top|Advertisement|Redaktion|Tweet|Twittern|Mailen|"
    r"Mehr (?:zu|zum|zur|von) .{1,40}|Weitere (?:Meldungen|Nachrichten|Artikel|Themen)(?: \.\.\.| …)?|"
    r"Meist ?gelesen|Meistgelesene Artikel|Benutzername|Passwort|Kennwort|Zum (?:Ortsteil|Thema|Dossier) .{1,40}|"
    r"Kommentar schreiben|Mehr Info(?:s)?|Alle Meldungen|\d+ (?:Fotos|Bilder|Videos)|\+ ?Text|OK|"
    r"Hinweis!?|Text|Versenden|(?:auf|bei) (?:Facebook|Twitter|WhatsApp|Xing|LinkedIn)|Die Redaktion|"
    r"Liebe Leserinnen und Leser,?|Liebe Leser,?)$",
    _I,
)
# What a site says of the page or to its reader, by how it is phrased rather than by the phrase:
# a header over other articles ("Weitere Meldungen aus Sachsen", "Ähnliche Beiträge"), the page
# speaking of itself with a widget's verb ("Hat Ihnen dieser Artikel gefallen?", "Diese Seite
# empfehlen"), thanks for a click, a comment form's fine print, an invitation to follow, donate or
# buy, an advert's label with its line.
_OTHER_ARTICLES = re.compile(
    r"^(?:(?:Weitere|Mehr|Alle|Aktuelle|Neueste|Neue|Ähnliche|Verwandte|Passende|Beliebte|Beliebteste|Meistgelesene|"
    r"Meistgeklickte|Meistkommentierte|Empfohlene|Andere|Letzte|Top)\s+){1,2}"
    r"(?:Artikel|Beiträge|Meldungen|Nachrichten|News|Themen|Videos|Stories|Storys|Geschichten|Berichte|Texte|"
    r"Podcasts|Inhalte|Schlagzeilen|Posts|Kommentare|Galerien|Bilderstrecken)"
    r"(?:\s+(?:zum|zur|zu|aus|von|über|im|in|rund um|für|des|der|dem|auf|dieses|dieser)\b[^.!?]{0,40}|:\s*[^.!?:]{2,40})?\s*:?$"
    r"|^Lesen Sie (?:dazu |hierzu |zum Thema )?(?:auch|mehr|weiter|außerdem|ebenfalls)\b[^.!?]{0,30}:?$"
    r"|^Andere (?:Leser(?:innen)?|Nutzer(?:innen)?|User) (?:interessierten|interessieren|lasen|lesen|sahen)\b[^.!?]{0,40}:?$"
    r"|^(?:Most (?:popular|read|viewed|shared|commented)|Trending(?: now| stories| topics)?|You (?:might|may) also like"
    r"|Recommended(?: for you| stories| articles)?|Related (?:articles|stories|posts|content|news|coverage)"
    r"|(?:More|Latest|Top|Other) (?:stories|news|articles|headlines|videos)(?: from [^.!?]{2,30})?|Editor'?s picks"
    r"|Also read|Read (?:more|next|also)(?: on [^.!?]{2,30})?)\s*:?$"
)
_PAGE_ITSELF = linear(re.compile(
    r"\b(?:diese[nmrs]?) (?:Artikel|Beitrag|Seite|Text|Meldung|Story|Inhalt|Video)\b", _I))
_WIDGET_VERB = re.compile(
    r"\b(?:gefallen|gefällt|hilfreich|nützlich|interessant gefunden|bewerten|(?:weiter)?empfehlen|teilen|drucken|speichern|"
    r"merken|melden|fanden|finden Sie|vorlesen|anhören|kommentieren|verschicken|versenden|per (?:E-)?Mail)\b", _I)
_THANKS = re.compile(
    r"^Thanks? (?:you )?for (?:your )?(?:feedback|rating|vote|signing up|subscribing|reading)\b[^.!?]{0,30}[.!]?$|"
    r"^(?:Vielen |Herzlichen )?Dank(?:e)?(?: schön)?,? für (?:Ihre?n?|deine?n?|Ihr|dein|die|das) (?:Bewertung|Feedback|Stimme|"
    r"Hinweis|Meldung|Anmeldung|Interesse|Kommentar|Registrierung|Unterstützung|Besuch|Abstimmung|Teilnahme)\b[^.!?]{0,30}[.!]?$",
    _I)
_COMMENT_FORM = linear(re.compile(
    r"\bE-?Mail(?:-Adresse)?\b.{0,80}\b(?:veröffentlicht|speichern|gespeichert|Pflichtfeld\w*|markiert)\b"
    r"|\bbenachrichtig\w* (?:mich|Sie|uns)\b.{0,80}\b(?:Kommentar|Beitr|Antwort)"
    r"|\bbis ich wieder kommentiere|\bAkismet\b|\bErforderliche Felder\b|\bPflichtfelder? (?:sind|ist) mit\b", _I))
_FOLLOW = re.compile(
    r"^(?:Folge|Folgt|Folgen Sie|Follow)(?: uns| us| \w+)? (?:auf|bei|on|via) (?:Facebook|X|Twitter|Instagram|TikTok|"
    r"YouTube|LinkedIn|Xing|Threads|Bluesky|Mastodon|WhatsApp|Telegram|Google News|Flipboard)"
    r"(?:(?:,| und| and| &| oder) \w+)*[.!]?$", _I)
_SUPPORT = re.compile(
    r"^(?:Jetzt )?(?:[Uu]nterstützen|[Ss]penden|Mitglied werden)!?$"
    r"|^Unterstütze?n?(?: Sie)? (?:uns|unsere Arbeit|(?:den |unseren )?(?:unabhängigen |freien |kritischen )?Journalismus)\b"
    r"|^Werden? (?:Sie )?(?:jetzt )?(?:Mitglied|Unterstützer(?:in)?|Förder\w+|Abonnent(?:in)?)\b")


def _button(verbs: str) -> re.Pattern[str]:
    """A button: maybe a word to urge, a thing, and what to do with it ("Weitere Kommentare laden")."""
    return re.compile(rf"^(?:(?:Jetzt|Hier|Gleich|Alle|Weitere|Mehr)\s+)?(?:[\wÄÖÜäöüß-]+\s+)?(?:{verbs})!?$", _I)


_BUY_BUTTON = _button("einlösen|sichern|bestellen|testen|abonnieren|herunterladen|registrieren|buchen|kaufen|"
                      "vergleichen|anfordern|downloaden|shoppen|spenden")
_ADVERT_LINE = re.compile(r"^(?:Anzeige|Werbung|Sponsored|Promotion|Advertisement)\s*[-–—|:]\s*[^.!?]{0,50}$", _I)
# the author's note under an article: "Die Autorin ist Korrespondentin in Brüssel.", "Jana Berger ist
# Redakteurin im Ressort Politik."
_AUTHOR_NOTE = re.compile(
    r"^(?:Der|Die|Unser|Unsere) (?:Autor|Autorin|Verfasser|Verfasserin|Gastautor|Gastautorin)"
    r"(?: dieses (?:Beitrags|Textes|Artikels|Gastbeitrags))?(?: \w+(?: \w+)?,)? "
    r"(?:ist|war|lebt|arbeitet|schreibt|berichtet|lehrt|leitet|forscht|studierte|studiert)\b[^!?]{0,200}$"
    r"|^[A-ZÄÖÜ][\w'’-]+ [A-ZÄÖÜ][\w'’-]+ (?:ist|war|arbeitet als|schreibt als) (?:\w+ )?(?:freie[rn]? )?"
    r"(?:Korrespondent|Redakteur|Autor|Journalist|Reporter|Kolumnist|Volontär|Chefredakteur|Ressortleiter|"
    r"Mitarbeiter|Leiter)(?:in)?\b[^!?,]{0,60}$")
_READ_TIME = re.compile(
    r"^(?:Lesezeit|Lesedauer|Read(?:ing)? time)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:Min(?:uten|\.)?|min(?:utes|\.)?)$"
    r"|^(?:ca\.\s*)?\d+\s*(?:Min(?:uten|\.)?|min(?:utes|\.)?)\s*(?:Lesezeit|Lesedauer|read)$", _I)
_LOGO = re.compile(r"^[\w.&-]+(?: [\w.&-]+)? Logo$")
# The page's own furniture named by what it is: a skip link ("Zu den Kommentaren springen"), a gallery's
# link ("Zur Bildergalerie (14 Bilder)"), a picture's or an article's label ("Teaser-Bild", "Plus-Artikel"),
# an audio player ("Audio-Version dieses Artikels: 5:12 Min."), a button to follow ("Autor folgen"), a
# section's name in a phrase ("Aus dem Ressort Wirtschaft").
_PAGE_FURNITURE = re.compile(
    r"^(?:Direkt )?(?:zum|zur|zu den) [\wÄÖÜäöüß -]{2,30} springen$"
    r"|^(?:Zur|Zu der|Zu den) (?:Bildergalerie|Fotostrecke|Bilderstrecke|Galerie|Fotogalerie)\b[^.!?]{0,30}$"
    r"|^(?:Teaser|Titel|Symbol|Archiv|Header|Vorschau|Beitrags)-?[Bb]ild$"
    r"|^(?:Plus|Premium|Abo|Exklusiv|Paid)-?(?:Artikel|Inhalt|Beitrag|Text)$"
    r"|^(?:Audio(?:-?[Vv]ersion)?|Vorlesefunktion|Artikel zum Hören)\b[^.!?]{0,40}\d{1,2}:\d{2}\s*(?:Min\.?|Minuten)?$"
    r"|^(?:(?:Dem |Der )?(?:Autor|Autorin|Thema|Kanal|Ressort|Newsroom)|Uns) folgen$"
    r"|^Aus dem (?:Ressort|Bereich|Rubrik) [\w&-]+(?: [\w&-]+)?$",
    _I,
)
# a prompt to the article's audio or video: "Hören Sie hier den Podcast zur Folge", "Sehen Sie das Video"
_LISTEN = re.compile(r"^(?:Hören|Sehen|Schauen) Sie (?:sich )?(?:hier |jetzt |auch |im Folgenden )?(?:\w+ ){0,3}"
                     r"(?:Podcasts?|Audios?|Videos?|Sendung|Beitrag|Interview)\b[^.!?]{0,40}[.!:]?$")
# "Keine Meldung von Polizeipräsidium Süd mehr verpassen.", "Verpassen Sie keine Nachricht aus Ihrer Region!"
_DONT_MISS = re.compile(r"^(?:Keine|Nichts|Nie wieder)\b[^.!?]{0,60}\bverpassen[.!]?$|^Verpassen Sie (?:keine|nichts)\b[^.!?]{0,60}[.!]?$")
# and in English: "Load more comments", "Continue reading", "Print this page", "Report an error"
_ENGLISH_BUTTON = re.compile(
    r"^(?:(?:Load|Show|View|See) (?:more|all)(?: \w+)?|(?:Subscribe|Sign up|Register|Log in|Sign in)(?: now| here| today)?"
    r"|Continue reading|Keep reading|(?:Print|Email|Share|Save) (?:this )?(?:page|story|article|post)"
    r"|Report an? (?:error|typo|mistake)|Send feedback|Give feedback)!?$", _I)
_BUTTON = _button("anzeigen|laden|nachladen|abgeben|aktivieren|deaktivieren|anpassen|verwalten|kündigen|vergrößern|"
                  "verkleinern|ausblenden|einblenden|aufklappen|zuklappen|abspielen|akzeptieren|ablehnen|zurücksetzen|"
                  "bewerten|kommentieren")
# the site's way around its pages: "Zurück zur Startseite", "Weiter zum nächsten Artikel", "Nächster Beitrag"
_PAGE_STEP = re.compile(
    r"^(?:Zurück|Weiter) (?:zur|zum) (?:Startseite|Übersicht|Homepage|Ressort|Anfang|Artikel|"
    r"(?:nächsten|vorherigen|letzten) (?:Artikel|Beitrag|Bild|Video|Seite))$"
    r"|^(?:Vorherige[rs]?|Voriger|Nächste[rs]?|Älterer|Ältere|Neuerer|Neuere) (?:Artikel|Beitrag|Post|Eintrag|Seite|Bild|Video)$"
    r"|^(?:Next|Previous|Prev|Older|Newer) (?:article|story|post|page|entry|video)$", _I)
_COMMENT_RULES = linear(re.compile(
    r"\bKommentare? (?:werden|wird) (?:\S+ ){0,4}(?:geprüft|moderiert|freigeschaltet|veröffentlicht)\b"
    r"|angemeldet sein, um|^Sortieren nach\b|^Kommentare? (?:laden|einblenden|ausblenden)$", _I))
_APP = linear(re.compile(r"\bApp[- ]Store\b|\bGoogle Play\b|\bunsere[rn]? (?:kostenlosen? )?(?:News-?)?App\b"
                         r"|\b(?:Download|Get) (?:our|the) (?:free )?(?:news )?app\b", _I))
_FOUND_AN_ERROR = re.compile(
    r"^(?:Ist|Sind|Hast|Haben) (?:Ihnen|dir|du|Sie) (?:\w+ ){0,2}(?:Fehler|Tippfehler)\b[^.!]{0,30}(?:aufgefallen|gefunden|"
    r"entdeckt|bemerkt|gesehen)\?$")
_UPDATED_AT = re.compile(
    r"^(?:Zuletzt |Letzte )?(?:aktualisiert|Aktualisierung|geändert|Update|Stand)\s*:?\s*(?:am |um |vor )?"
    r"\d{1,2}[:.]\d{2}(?: Uhr)?$", _I)
_ISIN = re.compile(r"\b[A-Z]{2}[A-Z0-9]{9}\d\b")
_WEB_ADDRESS = re.compile(r"\bwww\.|https?://", _I)
_URL_REMNANT = re.compile(r"^[\w\-./:?=&%#~+]*/[\w\-./:?=&%#~+]*$")
_PARTIAL_DATELINE = re.compile(
    r"^\d+ (?:Minuten|Stunden|Tage|minutes|hours|days)$|"
    # a date printed over several lines: "Jan" above "2016"
    r"^(?:Jan|Feb|Mär|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Oct|Nov|Dez|Dec)\.?(?:\s+\d{4})?$|^(?:\d{1,2}[:.]\d{2}\s*(?:Uhr)?\s*[-–|,]?\s*)?\d{1,2}\.\s*"
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
    r"(?:\s*[-–|,]?\s*\d{1,2}[:.]\d{2}\s*(?:Uhr)?)?$",
    _I,
)
_LOGIN = linear(re.compile(
    r"loggen Sie sich ein|registrieren Sie sich|Um an der Diskussion teilzunehmen|"
    r"(?:jetzt|bitte) (?:anmelden|einloggen|registrieren)|melden Sie sich an|"
    r"(?:log|sign) in to (?:comment|continue|read)|create (?:a free|an) account|"
    r"bereits registriert|noch kein konto|passwort vergessen|anmelden oder registrieren",
    _I,
))
_PROMPT = linear(re.compile(
    r"Bitte (?:markieren|tragen) Sie|Mit nur zwei Klicks|persönliche Nachricht|"
    r"^Tipp: (?:mehrere|das Bild)|Merkliste|mit F(?:r)?eunden teilen|Kommentarfunktion|"
    r"Storyposting|mit anderen Usern|Pflichtfeld|Ein technischer Fehler ist aufgetreten|"
    r"Versand erfolgt|Vielen Dank für Ihr Interesse|Biografie und alle Artikel|"
    r"Ihre Meinung ist uns wichtig|Schreiben Sie (?:uns|einen Kommentar)|"
    r"Mit freundlichen Grüßen$|Dieser Artikel wurde ausgedruckt|ist ein Angebot (?:der|von)|"
    r"Alle Rechte vorbehalten|All rights reserved|Keine Gewähr für die Richtigkeit|"
    r"Verzögerung der Kursdaten|Nutzungsbasierte Onlinewerbung|keine Gewähr(?:leistung)?\b|"
    r"Bitte geben Sie|Fehler beim (?:Einsenden|Senden|Laden)|erfolgreich (?:eingesendet|versendet|gespeichert)|"
    r"Wie bewerten Sie diese Seite|Problem mit dieser Seite|benötigen Sie Javascript|"
    r"aktivieren Sie (?:dies|JavaScript)|Felder sind mit einem Stern|Accesskey|vorlesen lassen|"
    r"Für den Inhalt der Mitteilung ist der Emittent verantwortlich|"
    r"Weitere Informationen (?:erhalten|finden) Sie unter|"
    r"finden Sie hier|hier klicken|hier geht es zu|zum Artikel|mehr erfahren|click here|"
    # comment forms (WordPress and its kin), in German and English
    r"E-?Mail(?:-Adresse)? wird nicht veröffentlicht|(?:Erforderliche|Benötigte) Felder sind|"
    r"email address will not be published|Required fields are marked|"
    # feedback widgets: a question about the article itself
    r"^(?:Fanden|Finden|Fandest|Findest) (?:Sie|du) (?:diesen|den|diese|die|das) (?:Artikel|Beitrag|Text|Seite|Inhalt)\b|"
    r"^(?:War|Ist) (?:dieser|der|dieses|das) (?:Artikel|Beitrag|Text|Inhalt) (?:hilfreich|nützlich|interessant|lesenswert)|"
    r"^Wie (?:hat|gefällt) (?:Ihnen|dir) (?:dieser|der|dieses|das) (?:Artikel|Beitrag|Text)|"
    r"^(?:Was this|Did you find this) (?:article|page|story)|"
    # licence footers
    r"\bunter (?:der|einer) (?:Creative[- ]Commons|CC[- ]BY)|\bLizenz(?:iert)?:? (?:CC[- ]BY|Creative)|licensed under",
    _I,
))
# Site furniture on a line of its own: legal and service links, reading time, tags, prompts to
# follow, subscribe or comment, syndication notes, feedback widgets, related-article headers.
# The labels of a page's tag list ("Schlagwörter: Streik, Flughafen"), here and in `_TAG_LIST`
_TAG_LABELS = r"Schlagw(?:o|ö)rte?r?|Stichw(?:o|ö)rte?r?|Tags|Themen"
_SITE_LINE = linear(re.compile(
    r"^(?:Impressum|Datenschutz(?:erklärung|hinweise)?|Kontakt|AGB|Nutzungsbedingungen|Cookie-Einstellungen|"
    r"Barrierefreiheit|Mediadaten|E-?Paper|Sitemap|Seite drucken|Mehr anzeigen|Alle anzeigen|Mehr laden|"
    r"Zum Kommentarbereich|Zu den Kommentaren|Top-?Themen|Neu(?:e)?ste Artikel|Empfehlungen der Redaktion|"
    r"Bildergalerie|Fotostrecke|Videos?|Ihre Meinung(?: zählt| ist gefragt)?|"
    r"Bewerten Sie diesen (?:Artikel|Beitrag)|Schreiben Sie den ersten Kommentar|Jetzt kommentieren|"
    r"Zum Angebot|Zur Übersicht|Zum Liveblog|Zum Ticker|Jetzt abstimmen|Jetzt mitmachen|"
    r"Zur (?:Anmeldung|Registrierung|Bildergalerie|Galerie|Fotostrecke|Mediathek|Homepage|Artikelübersicht|Merkliste))"
    r"\s*[:!.]?$"
    rf"|^(?:{_TAG_LABELS}|Themenseite|Ressort|Rubrik|Kategorie|Mehr zu)\s*:\s*\S"
    r"|^(?:Lese(?:zeit|dauer):?\s*(?:ca\.\s*)?\d+|\d+\s*Min(?:uten|\.)?\s*Lese(?:zeit|dauer))"
    r"|^Folgen Sie (?:uns|\w+) (?:auf|bei) "
    r"|(?:Push-Benachrichtigungen|WhatsApp-Kanal|Telegram-Kanal|Benachrichtigungen) (?:aktivieren|abonnieren)$"
    r"|^Jetzt (?:kostenlos |gratis )?(?:registrieren|anmelden|abonnieren|bestellen|testen|weiterlesen)\b"
    r"|^Jetzt\b.{0,60} (?:anmelden|registrieren|abonnieren|bestellen|testen|sichern|herunterladen)!?$"
    r"|^Hier geht'?s (?:zum|zur|zu den) |^Unser Newsletter\b|^Sie haben einen Fehler gefunden\?"
    r"|^Alle Artikel (?:zum Thema|von|zu) |^Mehr Nachrichten (?:aus|zu|zum|von) "
    # an audio player's label ("Hier könnt Ihr den Artikel anhören:"), a links box's header
    r"|\b(?:den|diesen) (?:Artikel|Beitrag|Text) (?:anhören|vorlesen lassen)\s*:?$|^(?:Links|Mehr) zu diesem Thema\s*:?$"
    r"|^(?:Gelesen|Aufrufe|Views)\s*:?\s*\d[\d.]*$"
    # the author's box: "Kontakt zum Autor", "Mehr Artikel dieses Autors", "Max Muster auf Twitter folgen"
    r"|^(?:Kontakt zu[mr] Autor(?:in)?|Mehr (?:Artikel|Beiträge|Texte) (?:dieses Autors|dieser Autorin|von)|Zur Autorenseite"
    r"|Folgen Sie (?:dem Autor|der Autorin)\b)|\bauf (?:Twitter|X|Instagram|LinkedIn) folgen$"
    # an audio player, a gift, an agency's share: "Hören Sie diesen Artikel", "Artikel verschenken"
    r"|^(?:Hören Sie (?:diesen|den) (?:Artikel|Beitrag)|(?:Dieser|Den) (?:Artikel|Beitrag) als Audio|Artikel verschenken"
    r"|Mit Agenturmaterial)\b"
    # feedback and polls: "Danke für Ihre Bewertung!", "Fehler gefunden? Jetzt melden.", "Umfrage: … ?"
    r"|^Danke für Ihre (?:Bewertung|Stimme|Teilnahme)|^Umfrage:\s.{0,120}\?$"
    # push and app prompts: "Die wichtigsten Nachrichten direkt aufs Handy"
    r"|\b(?:Nachrichten|News|Eilmeldungen|Meldungen)\b.{0,40}(?:aufs Handy|aufs Smartphone|per Push)",
    re.IGNORECASE,
))
# The same, written as a sentence (so it may end in a full stop): notices of the site, not the report's.
_SITE_NOTICE = linear(re.compile(
    r"^Original-Content von:|übermittelt durch news aktuell|"  # a press release's distribution footer
    r"^(?:Alle (?:Inhalte|Beiträge|Artikel|Texte) (?:unterliegen|sind urheberrechtlich)"
    r"|Dieser (?:Artikel|Beitrag|Text) (?:erschien|ist) (?:zuerst|ursprünglich)"
    r"|Weitere Informationen zum Datenschutz|Sie möchten keine (?:Nachrichten|News) verpassen"
    # the print edition's promise ("Mehr zu diesem Thema lesen Sie am Dienstag im GrenzEcho.")
    r"|Mehr (?:dazu|zu diesem Thema|zum Thema) lesen Sie (?:am|in|morgen|heute)"
    # a form to send the article to a friend, a press portal's sender line
    r"|Ihre (?:Mitteilung|Nachricht) an den Empfänger|Mit der Nutzung (?:des|dieses) (?:Services|Dienstes) willigen Sie"
    r"|Ihre E-Mail-Adresse und die E-Mail-Adresse des Empfängers|Pressemitteilung von:"
    r"|Vervielfältigung nur mit (?:Genehmigung|Zustimmung|schriftlicher)|Fehler gefunden\?"
    # where the article appeared: "Dieser Artikel stammt aus der …", "Erschienen in der Ausgabe 11/2016"
    r"|Dieser (?:Artikel|Beitrag|Text) (?:stammt aus|ist Teil (?:unseres|unserer|des|der))|Erschienen in (?:der )?Ausgabe"
    # an embed's placeholder: "Externer Inhalt", "Wir benötigen Ihre Zustimmung, um den Inhalt von YouTube anzuzeigen."
    r"|Externer Inhalt\b|Hier finden Sie (?:einen )?Inhalte? (?:aus|von)|Inhalte? von Drittanbietern"
    r"|(?:Wir benötigen|Mit) Ihrer? Zustimmung\b.{0,80}\b(?:Inhalt|anzeigen|laden)|Um diesen Inhalt zu sehen"
    r"|Dieser Inhalt ist nicht mehr verfügbar|Ein Beitrag geteilt von\b|Über (?:den Autor|die Autorin)\s*:"
    r"|Weitere Informationen finden Sie in unserer Datenschutzerklärung)"
    # an advert's marker in the text ("Anzeige – Artikel wird unten fortgesetzt"), a gift
    r"|\bArtikel wird (?:unten|unter der Anzeige|nach der Anzeige) fortgesetzt|\bScrollen Sie weiter, um (?:den Artikel )?zu lesen"
    r"|\bDiesen Artikel können Sie kostenlos lesen"
    # a reading count after the page's metadata ("… - 08.03.2016 - 29 mal gelesen.")
    r"|(?:^|[-|·,]\s*)\d[\d.]*\s*(?:mal|x)\s+gelesen\.?$",
    re.IGNORECASE,
))
_SITE_LINE_WORDS = 12
# A list of the article's tags, however long: "Verwandte Themen: Blue Fire , Menswear , neue Kollektion"
_TAG_LIST = re.compile(
    rf"^(?:(?:Verwandte |Weitere |Ähnliche )?(?:{_TAG_LABELS}|Kategorien?|Rubriken?)"
    r"|Trending|Im Trend|Top-Themen|Im Fokus)"
    r"\s*:\s*[^.!?]+$",
    _I,
)
# A weather widget in the page's header: "Wetter: Schneeschauer,  -3 bis 2 °C"
_WEATHER = re.compile(r"^(?:Das )?Wetter\b[^.!?]{0,60}-?\d+\s*°|^[A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+)?:?\s+-?\d+\s*°\s*C?$", _I)
# "Mit Material von dpa", "mit dpa und AFP": the agencies a report drew on, not its text.
_WITH_MATERIAL = re.compile(r"^(?:Mit Material (?:von|der|aus)|Material:|mit)\s+(?P<credit>.{2,40})$", _I)

# Advertising in one line: an exclamation that sells ("Jetzt vorsorgen – sparen Sie bis zu 500 Euro!").
_SALES_PITCH = re.compile(
    r"^(?:Jetzt|Hier|Gleich)\b[^.?]{0,80}\b(?:sparen|sichern|bestellen|vergleichen|buchen|kaufen|gewinnen|"
    r"Rabatt|gratis|kostenlos)\b[^.?]{0,60}!$",
    _I,
)
_NEWSLETTER = linear(re.compile(
    r"Newsletter.{0,160}\b(?:bestellen|abonnieren|anmelden|erhalten|Anmeldung|subscribe|sign up)|"
    r"\b(?:bestellen|abonnieren|anmelden|subscribe|sign up)\b.{0,40}Newsletter",
    _I,
))
_PAYWALL = linear(re.compile(
    r"(?:Um )?diesen (?:Artikel|Inhalt|Beitrag) (?:vollständig )?(?:weiter)?zu ?lesen|"
    r"kostenpflichtigen Zugang|noch \d+ (?:kostenlose|freie|Gratis-)\s?(?:Artikel|Beiträge)|"
    r"weiterlesen mit|Jetzt (?:freischalten|gratis testen|testen|abonnieren|weiterlesen)|\bPlus[- ]Mitglied|"
    r"Abo abschließen|\bnur \d+,\d{2}\s?€|\d+,\d{2}\s?€ (?:im|pro) Monat|Einmalig nur|"
    r"exklusiv für (?:Abonnenten|Abonnentinnen)|subscribe to (?:continue|read)|"
    r"already a subscriber|Bereits Abonnent|(?:Artikel|Inhalt|Beitrag) freischalten|"
    r"nur für (?:Abonnenten|Abonnentinnen|Abonnements?-?Kunden)|weiterlesen mit \w*\+|weiter mit (?:Plus|\w+\+)",
    _I,
))
_COOKIES = linear(re.compile(
    r"\b(?:Cookies?|Datenschutzerklärung|Privacy Policy|Einwilligung)\b.{0,120}"
    r"\b(?:verwenden|nutzen|setzen|akzeptieren|zustimmen|stimmen Sie|Zustimmung|accept|use|consent)|"
    r"\b(?:Diese (?:Seite|Website|Webseite)|Wir) (?:verwendet|verwenden|nutzt|nutzen|setzt|setzen)(?: \w+){0,4} Cookies\b|"
    r"\b(?:Alle akzeptieren|Accept all|Einstellungen verwalten|Manage (?:cookies|preferences))\b",
    _I,
))
_COUNTER = re.compile(
    r"^\d+(?:[.,]\d+)?\s*(?:\(\d+ Stimmen\)|(?:Postings?|Kommentare?|Stimmen|Likes?|Shares?|"
    r"Comments?|Bewertungen|Leser(?:innen)?)\b).{0,30}$"
    r"|^(?:Kommentare?|Leserkommentare|Postings?|Comments?|Reaktionen)\s*:?\s*\(?\d+\)?$",  # "Kommentare: 12"
    _I,
)
_REPLY = re.compile(r"^(?:Darauf antworten|Antworten|Reply|Kommentar melden|Melden)$", _I)
_FIELD_LABEL = re.compile(r"^\w+(?:[ -]\w+){0,2}\s*:$")
_COMMENT_NOTICE = linear(re.compile(
    r"Kommentarfunktion|Storyposting|Kommentare (?:sind|wurden) geschlossen|"
    r"Hinweise zum Kommentieren|Netiquette|Kommentarrichtlinien|Diskussionsregeln|"
    r"comments are closed|Leserkommentare|\(wird nicht veröffentlicht\)|\bein,? an der Diskussion teil(?:zu)?nehmen",
    _I,
))
# Every RE2 phrase pattern in one: a line it passes over (all but one in sixty on SmartData's pages)
# none of them can match, and one search of the union costs what one of them alone does (~4 µs).
_ANY_PHRASE = linear_any(_LOGIN, _PROMPT, _SITE_LINE, _SITE_NOTICE, _NEWSLETTER, _PAYWALL, _COOKIES,
                         _COMMENT_NOTICE, _COMMENT_FORM, _COMMENT_RULES, _APP, _PAGE_ITSELF)


@lru_cache(maxsize=4096)  # asked of a line by several rules
def _phrase_possible(text: str) -> bool:
    return _ANY_PHRASE.search(text) is not None


def _phrase(pattern: Any, text: str) -> bool:
    """One of the RE2 phrase patterns searched, behind the union's answer for the line."""
    return _phrase_possible(text) and pattern.search(text) is not None
# A row of headlines after one of these is a box of other articles.
_TEASER_BOX = re.compile(
    r"^(?:(?:\w+ )?aktuell|Nächster Artikel|Voriger Artikel|Top-Nachrichten|Unsere wichtigsten Themen|Mehr zum Thema|"
    r"Auch interessant|Weitere Nachrichten|Meistgelesen|Meist gelesen|Das könnte Sie auch interessieren|"
    r"Empfehlungen|Related|More stories|Most read|Mehr aus (?:dem|der|diesem|dieser) \w+|Mehr zu diesem Thema|"
    r"Neueste Artikel|Beliebte Artikel|Empfohlene Artikel|Verwandte Artikel|Ähnliche Artikel|Weitere Themen|"
    r"Auch lesenswert|Dazu passend|Unsere Empfehlungen?|Aktuelle Nachrichten|Top-Artikel|Lesen Sie auch|"
    r"Weitere (?:Meldungen|News|Artikel|Beiträge|Storys|Stories|Berichte)|Mehr (?:Nachrichten|News|Artikel|Meldungen)|"
    r"Mehr aus (?:dem|der) (?:Bereich|Ressort|Rubrik|Region) [\w&-]+|Neueste (?:Beiträge|Meldungen|Nachrichten)|"
    r"Das könnte dich auch interessieren|Read more|Read next|Related (?:articles|topics|stories)|"
    r"More from [\w-]+|You may also like|Recommended(?: for you)?|Das interessiert (?:andere Leser|Sie auch|auch)|"
    r"Weitere Nachrichten aus (?:der|dem) \w+|Auch interessant für Sie)\s*:?$",
    _I,
)
# Headers of teaser boxes, for one the crawl cut off mid-word ("Das könnte Sie auch inter").
_TEASER_HEADERS = ("das könnte sie auch interessieren", "mehr zum thema", "auch interessant",
                   "weitere nachrichten", "empfehlungen der redaktion", "lesen sie auch", "weitere artikel")


def _cut_short_header(folded: str) -> bool:
    return 12 <= len(folded) < 33 and any(h.startswith(folded) and h != folded for h in _TEASER_HEADERS)


_CREDIT_PREFIX = re.compile(r"^(?:[\w.\-]+/){1,4}[\w.\- ]{2,30}?\s(?=[A-ZÄÖÜ])")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_GALLERY = re.compile(
    r"^(?:(?P<picture>Bild|Foto|Image|Photo)\s+|(?:Artikel|Seite|Page|Slide)\s+)?\d+\s*(?:von|/|of)\s*\d+$", _I
)
# a gallery's counter with the picture's caption: "Bild 1 von 5: Streikende vor dem Terminal"
_GALLERY_CAPTION = re.compile(r"^(?:Bild|Foto)\s+\d+\s*(?:von|/)\s*\d+\s*:\s*\S", _I)
# A gallery's link ("8 Bilder ansehen"), a site's comment count ("pnr24 0 Comment").
_GALLERY_LINK = re.compile(r"^\d+\s+(?:Bilder|Fotos|Videos|Photos)(?:\s+(?:ansehen|anzeigen|anschauen))?$", _I)
_SITE_COUNT = re.compile(r"^\S+\s+\d+\s+(?:Comments?|Kommentare?)$", _I)
# A path of one step, the first a section: "Aktuelles » Berlin".
_ONE_STEP = re.compile(r"(?i:aktuelles|nachrichten|news|start|startseite|home|lokales|region)\s*[»›>]\s*[\w -]{2,30}")
# A site's path before the headline, without separators ("Startseite Gesellschaft /Politik CGT-Gruppe: …").
_HOME_PATH = re.compile(r"^(?:Startseite|Home)\s+\S")
# A web address alone on its line ("spoods.de", "BahnMarkt.EU"): a logo's or a link's text.
_BARE_DOMAIN = re.compile(
    r"^[\w-]+(?:\.[\w-]+)*\.(?:de|at|ch|com|net|org|eu|info|tv|fm)(?:\s+(?:meldet|berichtet|schreibt):)?$", _I
)
_CREDIT_LINE = re.compile(
    r"^\(?(?:©|\(c\)|Copyright\b|Fotos?\s*:|Bild(?:er)?\s*:|Bildquelle\s*:|Fotoquelle\s*:|Photos?\s*:|Image\s*:|"
    r"Quelle\s*:|Source\s*:|Credit\s*:|Foto\s*:|(?:Symbol|Archiv)(?:foto|bild)\s*:)",
    _I,
)
# What the photo shows, then who took it: "Foto der freigegebenen Strecke: Reinhard Panthel." (a
# caption of its own: the line above it is not one)
_DESCRIBED_CREDIT = re.compile(r"^Fotos? (?:[\w-]+ ){1,4}?[\w-]+\s*:\s*[A-ZÄÖÜ][\w.-]+(?: [A-ZÄÖÜ][\w.-]+){0,3}\.?$")
# The other labels of a picture's or a graphic's credit or caption ("Grafik: Statista", "Symbolfoto"): a
# graphic's stands under the graphic, so the line above is no caption for it.
_OTHER_CREDIT = re.compile(
    r"^\(?(?:(?:Bildrechte|Fotocredits?|Bildnachweis|Bildunterschrift|Abbildung|Abb\.|Grafik|Infografik|Karte|"
    r"Illustration|Montage|Screenshot|Archiv|Textquelle|Teaserbild|Titelbild|Titelfoto|Vorschaubild)\s*:"
    r"|(?:Symbol|Archiv)(?:foto|bild)\)?$)",
    _I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright\b)", _I)
# "... Text. Foto: Name/dpa", "... | © Name", "... Bild: X (Quelle: dpa)" at the end of a line.
_EMBEDDED_CREDIT = linear(re.compile(
    r"\.?\s*[|\-–]?\s*\(?"
    r"(?:(?:Fotos?|Bild|Photo|Simulation|Grafik|Illustration|Montage|Karte|Quelle)\s*:|©)"
    r"\s*(?P<credit>[^()]{2,120}?)\)?\s*"
    r"(?:\((?:Quelle|Source)\s*:[^()]{1,60}\)|\([^()]{1,40}\))?$"
))
_CAPTION_DATELINE = re.compile(
    r"\s[-–]\s(?P<outlet>[^,]{1,40}),\s\d{3,4},\s(?P<date>\d{1,2}\.\d{1,2}\.\d{4})$"
)
_CAPTION_MARKER = re.compile(
    r"\((?:l|r|M|li|re|v\.\s?l\.(?:\s?n\.\s?r\.)?|von links(?: nach rechts)?|l\.|r\.|Mitte|Archivbild|Symbolbild)\)"
)
_BYLINE = re.compile(
    r"^(?:Von:?|von:?|By|by|Text:|Autor:|Autorin:|"
    r"Eine? (?:Gastbeitrag|Beitrag|Kommentar|Gastkommentar|Analyse|Interview|Kolumne|Reportage|Essay|Bericht) von|"
    r"Mitarbeit:|Übersetzung:|Recherche:|Text und Fotos?:|Redaktion:|Bearbeitung:|Bearbeitet von:?|Moderation:)\s+"
    r"(?P<author>(?!der\b|dem\b|den\b|einer\b|einem\b|Kiew\b)[A-ZÄÖÜ][\w.\-']*"
    r"(?:\s+(?:[A-ZÄÖÜ][\w.\-']*|von|van|de|der|und|and|zu))*|dpa|afp|red|ap|rtr)"
    r"(?:\s*(?:,|/|und|and)\s*[\w\-/ ]{2,40})?(?:\s*\([^()]{2,80}\))?(?:\s+Quelle:\s*.{2,60})?$"
)
# a correspondent's place and name: "Aus Chiang Mai (Thailand) Christian Mihatsch"
_CORRESPONDENT = re.compile(
    r"^Aus [A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+)?(?: \([^()]{2,30}\))? (?P<author>[A-ZÄÖÜ][a-zäöüß-]+ [A-ZÄÖÜ][a-zäöüß-]+)$"
)
_SHOUTED_NAME = re.compile(r"^[A-ZÄÖÜ]{2,}(?:[ -][A-ZÄÖÜ]{2,}){1,3}\s*\|?$")
_DATE_PREFIX = re.compile(r"^date\s+\d{4}-\d{2}(?:-\d{2})?\s+")
_MONTH_ONLY = re.compile(r"\bdate\s+(?P<y>\d{4})-(?P<m>\d{2})\b")
_MARKUP_PREFIX = re.compile(r"^(?:h[1-6]|p|div|span|li|br|strong|em|blockquote)\s+(?=\S)")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_LINK_PARENTHESIS = re.compile(
    r"\s*\((?:[^()]*?\b(?:lesen Sie hier|lesen Sie mehr|mehr dazu hier|hier klicken|"
    r"read more here|click here)\b[^()]*)\)",
    _I,
)
# What is left of a dateline once its dates are gone: words that only frame a date.
_DATELINE_FILLER = re.compile(
    r"\b(?:Uhr|Akt|aktualisiert|Aktualisiert|Stand|veröffentlicht|Veröffentlicht|Artikel|am|um|"
    r"Print|Updated|Published|Last updated|on|at|heute|gestern|today|yesterday|vor|ago|"
    r"Minuten?|Stunden?|Tag(?:en)?|minutes?|hours?|days?|Montag|Dienstag|Mittwoch|Donnerstag|"
    r"Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"CET|CEST|MEZ|MESZ|UTC|GMT|\d{1,2}[:.]\d{2}(?::\d{2})?|\d+|[+-]\d{2}:\d{2})\b"
)
_UI_WORDS = frozenset(
    s.strip()
    for s in """newsticker|liveticker|live-ticker|liveblog|live-blog|loader|chats|teilen|drucken|e-mail|mail|twitter|facebook|tags|schlagworte|
    schlagwörter|stichworte|stichwörter|
    whatsapp|share|print|tweet|twittern|mailen|merken|zurück|weiter|mehr|schließen|menü|menu|
    suche|search|anmelden|login|abmelden|abonnieren|newsletter|kommentar|kommentieren|anzeige|
    werbung|startseite|home|top|nach oben|artikel teilen|link kopieren|vorlesen|hören|audio|
    video|fotos|bilder|galerie|play|pause|mute|weiterlesen|zum artikel|fullscreen|feedback|zoom|weiter zoom|
    ja|nein|ja nein|einstellungen|artikel anhören|anhören|video abspielen|abspielen|podcast abonnieren|mehr videos|
    alle videos|artikel verschenken|verschenken|zur merkliste hinzufügen|merkliste|schriftgröße|a a a|vorherige seite|
    nächste seite|alle bilder anzeigen|weitere bilder|alle bilder|mehr dazu|unsere autorin|unser autor|
    redaktion|...|…|more|close|next|previous|menü öffnen|inhalt|sign in|sign up|log in|log out|subscribe|save|
    save article|share this article|copy link|bookmark|listen|listen to this article|comments|leave a comment|
    skip to content|back to top|advertisement|sponsored|sponsored content|terms of use|terms of service|
    privacy policy|cookie policy|cookies|cookie settings|accessibility|accessibility help|contact|contact us|
    about us|advertise|careers|legal notice|follow us|kommentare öffnen|kommentare anzeigen|weitere optionen zum teilen|
    artikel speichern|speichern|folgen|jetzt folgen|zum inhalt springen|direkt zum inhalt|springe zum inhalt|
    nach oben scrollen|seitenanfang|zurück zur übersicht|alle meldungen|alle artikel|alle news|
    vergrößern|verkleinern|artikel|
    neueste zuerst|älteste zuerst|beliebteste zuerst|antwort schreiben|antworten|beitrag melden|link kopiert|
    druckversion|schriftgröße ändern|zum seitenanfang|abo-service|aboservice|leserservice|über uns|werben bei uns|
    jobs & karriere|hilfe & kontakt|cookie-richtlinie|themen des artikels|artikel bewerten|
    hauptmenü|hauptnavigation|suche öffnen|navigation überspringen|navigation öffnen|kontrast|leichte sprache|
    gebärdensprache|mein profil|mein konto|hilfe & faq|hilfe|faq|radio hören|e-paper lesen|livestream|mediathek|
    tv-programm|schlagzeilen|themen des tages|eilmeldungen|shop|gewinnspiele|leserreisen|traueranzeigen|
    stellenmarkt|immobilienmarkt|veranstaltungen|anzeigen aufgeben|zeitung digital|jobs|lotto|kleinanzeigen|
    horoskop|horoskope|rätsel|immobilien|branchenbuch|e-paper|epaper|abo|abos|kino|tickets|mediadaten|
    pressestelle|pressekontakt|medienkontakt|pressesprecher|pressesprecherin|akzeptieren|ablehnen|xing|pinterest|
    linkedin|instagram|youtube|tiktok|telegram|reddit|flipboard|threads|bluesky|mastodon""".split("|")
)
# A site's section names on a line of their own: a section label or a menu item, not a kicker
# (a kicker names the story's subject: "Tennis", "Migration", a town).
_SECTION_NAMES = frozenset("""politik wirtschaft sport kultur panorama netzwelt wissen wissenschaft digital reise auto
    mobilität gesundheit meinung kolumne kolumnen tipps ratgeber lokales regionales nachrichten news aktuelles allgemein
    verbraucher service unterhaltung lifestyle familie bildung karriere finanzen geld börse medien gesellschaft inland
    ausland presse leben stil genuss wohnen technik spiele games podcasts blogs themen dossier specials""".split())
_BREADCRUMB = re.compile(r"^(?:Sie sind hier:\s*)?[^.!?]{1,60}(?:\s[>›»/|]\s[^.!?]{1,60}){2,}\s*[>›»]?$")
_YOU_ARE_HERE = re.compile(r"^(?:Sie sind hier|You are here)\s*:", _I)
_SENTENCE_END = re.compile(r"[.!?…:;\"“”»«'’)]$")
# The longest line `rule_widgets` compares by its folded words: listed words, cut-short teaser headers.
_FOLDED_MAX = max(32, *(len(w) for w in (*_UI_WORDS, *_SECTION_NAMES, *AGENCIES)))


# --- lines, metadata, context -------------------------------------------------------------


@dataclass
class Line:
    index: int  # position in the input, blank lines counted
    text: str
    keep: bool = True
    rule: str | None = None


@dataclass
class Metadata:
    dates: list[FoundDate] = field(default_factory=list)
    relative_dates: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)

    def remove(self, text: str, rule: str) -> None:
        self.removed.append(RemovedSpan(text=text, rule=rule))


@dataclass(frozen=True)
class RuleContext:
    zone: ZoneInfo
    document_script: str | None = None
    caption_max_words: int = 40
    prompt_max_words: int = 45
    comment_section_min_position: float = 0.4
    foreign_script_max_words: int = 8
    template_counts: dict[str, int] = field(default_factory=dict)
    template_min_articles: int = 3
    template_min_articles_long: int = 6
    template_min_articles_prose: int = 10
    reply_widgets: int = 0  # reply buttons on the page: several mean a page of comments
    chrome_line_threshold: float | None = None  # the short-line model's veto (agents/chrome_lines.py); None: off


def template_key(text: str) -> str:
    """A line's identity across articles: case, punctuation and digits do not matter."""
    folded = re.sub(r"\d+", "0", " ".join(words_of(text)))
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


class TemplateMemory(Protocol):
    """Per outlet: in how many distinct articles each line key was seen."""

    def counts(self, outlet: str, keys: Iterable[str]) -> dict[str, int]: ...
    def record(self, outlet: str, article_id: str, keys: Iterable[str]) -> None: ...


class InMemoryTemplates:
    """TemplateMemory over a mapping of outlet|line key -> {n: articles seen, ids: last ids}.

    A dict by default (tests, the embedded mode); the worker passes a table of its state store.
    """

    def __init__(self, store: MutableMapping[str, dict] | None = None, remember_ids: int = 8) -> None:
        self._store: MutableMapping[str, dict] = store if store is not None else {}
        self._remember_ids = remember_ids

    def counts(self, outlet: str, keys: Iterable[str]) -> dict[str, int]:
        out = {}
        for key in keys:
            entry = self._store.get(f"{outlet}|{key}")
            if entry:
                out[key] = int(entry["n"])
        return out

    def record(self, outlet: str, article_id: str, keys: Iterable[str]) -> None:
        for key in set(keys):
            entry = self._store.get(f"{outlet}|{key}") or {"n": 0, "ids": []}
            updated = record_sighting(entry, article_id, self._remember_ids)
            if updated is not entry:  # a redelivery writes nothing
                self._store[f"{outlet}|{key}"] = updated


def record_sighting(entry: dict, article_id: str, remember_ids: int) -> dict:
    """Count an article once: a redelivered article (same id) is not a new sighting."""
    ids: list[str] = list(entry.get("ids", []))
    if article_id in ids:
        return entry
    return {"n": int(entry.get("n", 0)) + 1, "ids": [*ids, article_id][-remember_ids:]}


def drop_line(line: Line, meta: Metadata, rule: str) -> None:
    line.keep = False
    line.rule = rule
    meta.remove(line.text, rule)


def labelled_teaser(text: str) -> bool:
    """A line its label calls another article's: "Mehr zum Thema: …", "Lesen Sie auch: …"."""
    return _TEASER_PREFIX.match(text) is not None


def is_headline_like(text: str, max_words: int = 20) -> bool:
    """Short, and not ending like a sentence: a title, kicker, subheading or teaser title."""
    return 0 < word_count(text) <= max_words and not re.search(r"[.!?…]$", text)


def _next_text(lines: list[Line], i: int) -> Line | None:
    return lines[i + 1] if i + 1 < len(lines) else None


LineRule = Callable[[list[Line], int, Metadata, RuleContext], None]


# --- rules, in the order they run ----------------------------------------------------------


def rule_comment_section(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """A comment-section header in the second half of the page: it and all below are chrome."""
    text = lines[i].text
    # (the anchored match fails at a line's first words; the search reads the whole line, so only
    # a line the phrase union passes is searched)
    starts_comments = _COMMENT_HEADER.match(text) or _COMMENT_NOTICE.match(text) or (
        word_count(text) <= ctx.prompt_max_words and (
            _phrase(_COMMENT_NOTICE, text) or _COMMENT_SIGNATURE.match(text)
            or (text.endswith(":") and _COMMENTER_SAYS.match(text) and i + 1 < len(lines)
                and _COMMENT_DATE.search(lines[i + 1].text[:60]))
        )
    )
    if not starts_comments:
        return
    # Early on the page a comment header is a link to the comments, unless the page is comments:
    # reply buttons under several posts.
    # After the article: two paragraphs of prose above it at least (a genre label "Kommentar"
    # under a headline and its standfirst is no comment section).
    after_article = sum(1 for ln in lines[:i] if ln.keep and _is_body(ln.text)) >= 2
    early = i < len(lines) * ctx.comment_section_min_position
    if ctx.reply_widgets < 2 and (early or not after_article or _article_below(lines, i)):
        drop_line(lines[i], meta, "ui_string")  # a link to the comments, not the comments
        return
    for rest in lines[i:]:
        if rest.keep:
            drop_line(rest, meta, "comment_section")
            match = _SIGN_OFF.match(rest.text)
            if match:
                meta.outlets.append(match.group("outlet"))


_COMMENTS_LOOK = 10  # lines under a comment header in which a comment shows itself
_ARTICLE_WORDS = 50  # prose under a comment header that may be the article


def _article_below(lines: list[Line], i: int) -> bool:
    """More prose under the comment header than above it, and nothing under it that a comment
    carries (a signature, a date, a reply button): the header is a link to the comments under
    the headline, and the prose above it was teasers (the article is below)."""
    words_above = sum(word_count(ln.text) for ln in lines[:i] if ln.keep and _is_body(ln.text))
    words_below = sum(word_count(ln.text) for ln in lines[i + 1 :] if ln.keep and _is_body(ln.text))
    if words_below <= max(words_above, _ARTICLE_WORDS):
        return False
    return not any(
        _COMMENT_SIGNATURE.match(ln.text) or _COMMENTER_SAYS.match(ln.text) or _REPLY.match(ln.text)
        or _COMMENT_HEADER.match(ln.text) or _phrase(_COMMENT_NOTICE, ln.text)
        or (word_count(ln.text) <= 8 and _COMMENT_DATE.search(ln.text))
        for ln in lines[i + 1 : i + 1 + _COMMENTS_LOOK]
    )


# A photo credit standing alone, without "Foto:": photographer and agency or picture service,
# separated by slashes ("Michael Kappeler/dpa", "IMAGO/Sven Simon", "Judy Eddy/WENN.com").
_SLASH_CREDIT = re.compile(r"^©?\s*[\w .,&'’-]{2,40}(?:\s*/\s*[\w .,&'’-]{2,40}){1,3}$")
_PICTURE_SERVICES = (
    "getty images", "istock", "imago", "picture alliance", "picture-alliance", "shutterstock", "keystone",
    "epa", "wenn", "alamy", "unsplash", "pixabay", "action press", "zentralbild", "archivbild", "symbolbild",
    "privat", "ap photo", "afp photo", "sven simon", "laif", "ddp images", "bildagentur",
)
_DOMAIN = re.compile(r"\w\.(?:com|de|at|ch|net|org|eu|fr|it)\b", _I)


def _is_slash_credit(text: str) -> bool:
    if word_count(text) > 8 or not _SLASH_CREDIT.match(text):
        return False
    parts = [part.strip().lower() for part in text.lstrip("©").split("/")]
    return any(agencies_in(part) or _DOMAIN.search(part) or any(s in part for s in _PICTURE_SERVICES) for part in parts)


def rule_credit(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """Photo credits and copyright lines; a caption carrying its credit; a credit glued to text."""
    line = lines[i]
    if _CREDIT_LINE.match(line.text) and word_count(line.text) <= ctx.caption_max_words:
        meta.agencies.extend(agencies_in(line.text))
        notice = _COPYRIGHT.match(line.text) and word_count(line.text) > 8
        drop_line(line, meta, "copyright" if notice else "photo_credit")
        if notice and any(ln.keep and _is_body(ln.text) for ln in lines[:i]):
            for rest in lines[i + 1 :]:  # a copyright notice late on the page opens the footer
                if rest.keep:
                    drop_line(rest, meta, "footer")
        return
    if _OTHER_CREDIT.match(line.text) and word_count(line.text) <= ctx.caption_max_words:
        meta.agencies.extend(agencies_in(line.text))
        drop_line(line, meta, "graphic_credit")
        return
    if _is_slash_credit(line.text) or _DESCRIBED_CREDIT.match(line.text):
        meta.agencies.extend(agencies_in(line.text))
        drop_line(line, meta, "credit_line")
        return
    if ":" not in line.text and "©" not in line.text:  # the pattern needs one; most lines have neither
        return
    match = _EMBEDDED_CREDIT.search(line.text)
    if not match or match.start() == 0:
        return
    meta.agencies.extend(agencies_in(match.group("credit")))
    before = line.text[: match.start()].strip(" |")
    # Sentence ends after a lower-case word, so abbreviations like "St." do not count.
    sentences = len(re.findall(r"(?<=[a-zäöüß]{2})[.!?](?:\s|$)", line.text[: match.start() + 1]))
    if word_count(before) > 30 or sentences >= 3:  # a paragraph with a credit glued on: keep it
        meta.remove(line.text[match.start():].strip(), "photo_credit")
        line.text = line.text[: match.start()].rstrip(" |")
        return
    drop_line(line, meta, "caption_with_credit")
    # The same caption often appears just above without its credit (alt text).
    for j in range(i - 1, max(-1, i - 3), -1):
        if lines[j].keep and before and lines[j].text.strip().rstrip(".") == before.rstrip("."):
            drop_line(lines[j], meta, "caption_duplicate")


def rule_caption_dateline(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """'Caption - Outlet, 1920, 19.01.2022': an image caption; the next short line is a teaser."""
    line = lines[i]
    if word_count(line.text) > ctx.caption_max_words:
        return
    match = _CAPTION_DATELINE.search(line.text)
    if not match:
        return
    meta.outlets.append(match.group("outlet").strip())
    found = find_date(match.group("date"), ctx.zone)
    if found:
        meta.dates.append(found)
    drop_line(line, meta, "caption_dateline")
    nxt = _next_text(lines, i)
    if nxt is not None and nxt.keep and is_headline_like(nxt.text, 14):
        drop_line(nxt, meta, "teaser_title")


_LETTER = re.compile(r"[^\W\d_]")  # letters, and numerals such as "½" that are no decimal digits


def _has_letter(text: str) -> bool:
    found = _LETTER.search(text)
    return found is not None and (found.group().isalpha() or any(ch.isalpha() for ch in text))


# A row of sharing buttons flattened into one line: "Facebook Twitter WhatsApp E-Mail".
_SHARE_SERVICES = frozenset(
    "facebook twitter x whatsapp e-mail email mail linkedin xing pinterest telegram reddit flipboard messenger "
    "threads bluesky drucken teilen tweet twittern teilen: kopieren link".split()
)


def _share_row(folded: str) -> bool:
    tokens = folded.replace("|", " ").replace("/", " ").split()
    return len(tokens) >= 2 and all(token.strip(",·") in _SHARE_SERVICES for token in tokens)


_PAIR_JOIN = re.compile(r"\s*[&/|]\s*")


def _section_pair(folded: str) -> bool:
    """Two one-word categories joined by "&", "/" or "|", one of them a section: "Wirtschaft & Industrie"."""
    parts = [part.strip() for part in _PAIR_JOIN.split(folded)]
    return len(parts) == 2 and all(part.isalpha() for part in parts) and any(p in _SECTION_NAMES for p in parts)


def _mostly_single_letters(text: str) -> bool:
    """An A-Z index: three fifths of the tokens one character long."""
    tokens = text.split()
    return list(map(len, tokens)).count(1) >= 0.6 * len(tokens)


def rule_widgets(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    line = lines[i]
    text = line.text
    words = word_count(text)
    stripped = text.strip(" :·|>»«")
    # Lower-cased only where it can equal a listed word or a cut-short teaser header.
    folded = stripped.lower() if len(stripped) <= _FOLDED_MAX else ""

    if _TEASER_PREFIX.match(text) or (words <= 15 and _ARROW_LINK.match(text)):
        drop_line(line, meta, "teaser")
    elif words <= 10 and _OTHER_ARTICLES.match(text):
        drop_line(line, meta, "teaser_header")
    elif words <= 10 and _phrase(_PAGE_ITSELF, text) and _WIDGET_VERB.search(text) and not re.search(r"[.;]\s|\.$", text):
        drop_line(line, meta, "ui_prompt")
    elif words <= 30 and (_THANKS.match(text) or _phrase(_COMMENT_FORM, text)):
        drop_line(line, meta, "ui_prompt")
    elif words <= 12 and (_FOLLOW.match(text) or _SUPPORT.match(text)):
        drop_line(line, meta, "ui_prompt")
    elif (words <= 3 and _BUY_BUTTON.match(text)) or (words <= 10 and _ADVERT_LINE.match(text)):
        drop_line(line, meta, "advertising")
    elif words <= 5 and _UPDATED_AT.match(text):
        drop_line(line, meta, "dateline")
    elif words <= 30 and _AUTHOR_NOTE.match(text):
        drop_line(line, meta, "byline")
    elif words <= 6 and (_READ_TIME.match(text) or _LOGO.match(text)):
        drop_line(line, meta, "site_furniture")
    elif words <= 8 and _PAGE_FURNITURE.match(text):
        drop_line(line, meta, "site_furniture")
    elif folded in _PICTURE_SERVICES:
        drop_line(line, meta, "credit_line")  # a picture service's name alone: "Getty Images"
    elif words <= 14 and (_DONT_MISS.match(text) or _LISTEN.match(text)):
        drop_line(line, meta, "ui_prompt")
    elif words <= 4 and (_BUTTON.match(text) or _PAGE_STEP.match(text) or _ENGLISH_BUTTON.match(text)):
        drop_line(line, meta, "ui_string")
    elif words <= 15 and (_phrase(_COMMENT_RULES, text) or _phrase(_APP, text) or _FOUND_AN_ERROR.match(text)):
        drop_line(line, meta, "ui_prompt")
    elif _ADVERT.match(text):
        match = re.match(r"^(?P<outlet>.+?)\s+empfiehlt:?$", text, _I)
        if match:
            meta.outlets.append(match.group("outlet"))
        drop_line(line, meta, "advertising")
    elif folded in _UI_WORDS or _WIDGET.match(text.strip(" |")) or _YES_NO.fullmatch(folded) or _share_row(folded):
        drop_line(line, meta, "ui_string")
    elif folded in _SECTION_NAMES or _section_pair(folded):
        drop_line(line, meta, "section_label")
    elif not _has_letter(text):
        drop_line(line, meta, "ui_string")
    elif _GALLERY.match(text) or _GALLERY_LINK.match(text) or (words <= ctx.caption_max_words and _GALLERY_CAPTION.match(text)):
        drop_line(line, meta, "gallery")
    elif words <= 3 and _FIELD_LABEL.match(text):
        drop_line(line, meta, "field_label")
    elif folded in AGENCIES:
        meta.agencies.extend(agencies_in(folded))
        drop_line(line, meta, "agency_credit")
    elif " " not in text and _URL_REMNANT.match(text):
        drop_line(line, meta, "url_remnant")
    elif words <= 4 and _BARE_DOMAIN.match(text):
        drop_line(line, meta, "link_text")
    elif words <= 15 and _WEB_ADDRESS.search(text):
        drop_line(line, meta, "link_text")
    elif words <= 10 and _ISIN.search(text):
        drop_line(line, meta, "security_header")
    elif text.count(" | ") + text.count(" / ") >= 2 and words <= 30 and (find_dates(text, ctx.zone) or re.search(r"\d{1,2}:\d{2}", text)):
        meta.dates.extend(find_dates(text, ctx.zone))
        drop_line(line, meta, "metadata_bar")
    elif words >= 8 and _mostly_single_letters(text):
        drop_line(line, meta, "letter_index")
    elif words <= 30 and (m := _CREDIT_PREFIX.match(text)) and agencies_in(m.group(0)):
        meta.agencies.extend(agencies_in(m.group(0)))
        drop_line(line, meta, "caption_with_credit")
    elif _COUNTER.match(text) or _SITE_COUNT.match(text):
        drop_line(line, meta, "counter")
    elif len(text) <= 300 and (
        _BREADCRUMB.match(text) or _YOU_ARE_HERE.match(text) or (words <= 4 and _ONE_STEP.fullmatch(text))
        or (words <= 25 and _HOME_PATH.match(text) and not _SENTENCE_END.search(text))
    ):
        drop_line(line, meta, "breadcrumb")
    elif words <= ctx.prompt_max_words and _phrase(_LOGIN, text):
        drop_line(line, meta, "login_prompt")
    elif words <= ctx.prompt_max_words and _phrase(_PROMPT, text):
        drop_line(line, meta, "ui_prompt")
    elif words <= 25 and _SALES_PITCH.match(text):
        drop_line(line, meta, "advertising")
    elif words <= 12 and _WEATHER.match(text):
        drop_line(line, meta, "ui_string")
    elif words <= 40 and _TAG_LIST.match(text):
        drop_line(line, meta, "site_furniture")
    elif words <= _SITE_LINE_WORDS and (not text.endswith(".") or text.endswith("Min.")) and _phrase(_SITE_LINE, text):
        drop_line(line, meta, "site_furniture")
    elif words <= 2 * _SITE_LINE_WORDS and _phrase(_SITE_NOTICE, text):
        drop_line(line, meta, "site_furniture")
    elif _TEASER_BOX.match(text) or _cut_short_header(folded):
        drop_line(line, meta, "teaser_header")
    elif words <= 6 and (m := _WITH_MATERIAL.match(text)) and agencies_in(m.group("credit")):
        meta.agencies.extend(agencies_in(m.group("credit")))
        drop_line(line, meta, "agency_credit")
    elif words <= ctx.prompt_max_words and _phrase(_NEWSLETTER, text):
        drop_line(line, meta, "newsletter")
    elif words <= ctx.prompt_max_words and _phrase(_PAYWALL, text):
        drop_line(line, meta, "paywall")
    elif words <= 80 and _phrase(_COOKIES, text):
        drop_line(line, meta, "cookie_notice")
    elif words <= 15 and _EMAIL.search(text):
        drop_line(line, meta, "contact")


# Authors named in a row above the article: "Fabian Klein, Sven Stricker, Wolfgang Schneider" (three
# or more full names: two may be a kicker's subject, "Angela Merkel und Barack Obama").
_NAME = r"[A-ZÄÖÜ][\w'’-]+(?: [A-ZÄÖÜ]\.)?(?: (?:von |van |de )?[A-ZÄÖÜ][\w'’-]+)+"
_NAME_LIST = re.compile(rf"^{_NAME}(?:, {_NAME})+(?:,? (?:und|and|&) {_NAME}|, {_NAME})$")


def _between_paragraphs(lines: list[Line], i: int) -> bool:
    """Prose above and below (the line below may be cut off by the crawl, without its full stop)."""
    above, below = (lines[i - 1], lines[i + 1]) if 0 < i < len(lines) - 1 else (None, None)
    return bool(above and below and above.keep and below.keep and _is_body(above.text) and has_words(below.text, 12))


# who asked an interview's questions: "Das Interview führte Anna Muster."
_INTERVIEWER = re.compile(
    r"^(?:Das Interview führten?|Die Fragen stellten?)\s+(?P<author>[A-ZÄÖÜ][\w'’-]+(?: (?:und |von )?[A-ZÄÖÜ][\w'’-]+){1,4})\.?$"
)


def rule_byline(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    line = lines[i]
    if match := _INTERVIEWER.match(line.text.strip()):
        meta.authors.append(match.group("author"))
        drop_line(line, meta, "byline")
        return
    if word_count(line.text) > 12 or re.search(r"[.!?]$", line.text.strip()):
        return
    if line.text.strip() in meta.authors:  # the author's name again, under the byline
        drop_line(line, meta, "byline")
        return
    match = _BYLINE.match(line.text.strip())
    if match:
        meta.authors.append(match.group("author"))
        drop_line(line, meta, "byline")
    elif match := _CORRESPONDENT.match(line.text.strip()):
        meta.authors.append(match.group("author"))
        drop_line(line, meta, "byline")
    elif _NAME_LIST.match(line.text.strip()) and not any(ln.keep and _is_body(ln.text) for ln in lines[:i]):
        meta.authors.extend(re.split(r", | und | and | & ", line.text.strip()))
        drop_line(line, meta, "byline")
    elif _SHOUTED_NAME.match(line.text.strip()) and not _between_paragraphs(lines, i):
        # (between two paragraphs a line in capitals is a subheading: "VIELFÄLTIGES SORTIMENT")
        meta.authors.append(line.text.strip(" |").title())
        drop_line(line, meta, "byline")


_PLACE_AND_STOP = re.compile(r"[A-ZÄÖÜ][\w/-]*(?: [A-ZÄÖÜ][\w/-]*)?,\s*\.")
_ENGLISH_DATE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}")
# A press portal's opening cut by the flattening: "(lifePR) (Bielefeld," before the date's line.
_PORTAL_OPENING = re.compile(r"\([\w-]+\)\s*\([\w ./-]+,?")
# A site's metadata, with its date: "Erstellt von Redaktion Allgemein Montag, Februar 1st, 2016",
# "Pressetext verfasst von … am Mi, 2016-01-06 12:29." ("Erstellt von der Polizei …" has none).
_MADE_BY = re.compile(r"^(?:Erstellt|Veröffentlicht|Geschrieben|Verfasst|\w+ verfasst) (?:von|am) \S")


def rule_dateline(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """A line that is only dates and times (and maybe an outlet's or author's name)."""
    line = lines[i]
    if word_count(line.text) > 16:
        return
    if _ENGLISH_DATE.fullmatch(line.text.strip()) or _PORTAL_OPENING.fullmatch(line.text.strip()):
        drop_line(line, meta, "dateline")
        return
    if _MADE_BY.match(line.text) and word_count(line.text) <= 15 and any(ch.isdigit() for ch in line.text):
        drop_line(line, meta, "byline")
        return
    if _PARTIAL_DATELINE.match(line.text.strip()):  # '17:39 Uhr - 15. Januar': no year, no date
        drop_line(line, meta, "dateline")
        return
    dates = find_dates(line.text, ctx.zone)
    relative = has_relative_date(line.text)
    if not dates and not relative:
        return
    rest = line.text
    for found in reversed(dates):
        rest = rest[: found.span[0]] + " " + rest[found.span[1]:]
    rest = re.sub(r"\d{4}-\d{2}-\d{2}T[\d:.+-]+", " ", rest)
    rest = _DATELINE_FILLER.sub(" ", rest)
    author = re.search(r"[Vv]on\s+([A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,3})\s*$", rest)
    if author:
        rest = rest[: author.start()]
    rest = rest.strip(" -–|,;:·/()")
    # the site's sections: "25. Januar 2016 | Märkte und Trends, Speicher und Netze", "8. Januar 2016 in
    # Business von Regine Lettow"
    if ("|" in line.text and all(0 < word_count(part) <= 3 for part in rest.split(","))) or (
        re.fullmatch(r"in\s+\S+(?:\s+\S+)?", rest) and author
    ):
        rest = ""
    if _PLACE_AND_STOP.fullmatch(rest):
        rest = rest.rstrip(" ,.")  # "Dormagen, 26. Januar 2016.": a press release's place and date
    if word_count(rest) > 4 or _SENTENCE_END.search(rest.rstrip(")")):
        return
    meta.dates.extend(dates)
    if author:
        meta.authors.append(author.group(1))
    if relative:
        meta.relative_dates.append(line.text)
    if rest and word_count(rest) <= 4:
        meta.outlets.append(rest)
    drop_line(line, meta, "dateline")


def rule_caption_marker(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    line = lines[i]
    if _CAPTION_MARKER.search(line.text) and word_count(line.text) <= ctx.caption_max_words:
        drop_line(line, meta, "caption")


def rule_foreign_script(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """A short line in another script than the page's: a UI string left over from a template."""
    line = lines[i]
    if word_count(line.text) > ctx.foreign_script_max_words or re.search(r"[.!?]$", line.text):
        return
    script = script_of(line.text)
    if script and ctx.document_script and script != ctx.document_script:
        drop_line(line, meta, "foreign_script_ui")


_EDITORS_SIGN = re.compile(r"\((?:red|red\.|pm|eb|mit)\)", _I)


def rule_trailing_credit(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """'... geführt. (dpa/afp/red)': the credit leaves the body, its agencies stay."""
    line = lines[i]
    if not line.text.rstrip().endswith(")"):  # the pattern ends in one; searching a paragraph costs
        return
    if _EDITORS_SIGN.fullmatch(line.text.strip()):  # "(red)": an editor's sign-off on a line of its own
        drop_line(line, meta, "agency_credit")
        return
    match = _TRAILING_CREDIT.search(line.text)
    if not match:
        return
    agencies = agencies_in(match.group(1))
    if not agencies:
        return
    meta.agencies.extend(agencies)
    if match.start() == 0:
        drop_line(line, meta, "agency_credit")
    else:
        meta.remove(line.text[match.start():].strip(), "agency_credit")
        line.text = line.text[: match.start()].rstrip()


_AGENCY_OPENING = re.compile(r"^[\w/.\- ]{2,40}\((?P<credit>[\w/ ]{2,30})\)\s*[-–]")


def rule_inline_chrome(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """Chrome glued to an article line: a date prefix, a markup remnant, a link teaser, tags."""
    line = lines[i]
    match = _DATE_PREFIX.match(line.text)
    if match:
        month = _MONTH_ONLY.search(match.group(0))
        if month:
            meta.dates.append(FoundDate(
                datetime(int(month["y"]), int(month["m"]), 1, tzinfo=ctx.zone), "month", (0, 0)))
        meta.remove(match.group(0).strip(), "date_prefix")
        line.text = line.text[match.end():]
    match = _MARKUP_PREFIX.match(line.text)
    if match:
        meta.remove(match.group(0).strip(), "markup_remnant")
        line.text = line.text[match.end():]
    for pattern, rule, needs in ((_TAG, "markup_remnant", "<"), (_LINK_PARENTHESIS, "link_teaser", "(")):
        found = list(pattern.finditer(line.text)) if needs in line.text else []
        for each in found:
            meta.remove(each.group(0).strip(), rule)
        line.text = (pattern.sub("", line.text) if found else line.text).strip()
    # An agency tag opening the first sentence, "Selb (dpa/lby) - ...", names the agency.
    opening = _AGENCY_OPENING.match(line.text) if "(" in line.text[:80] else None
    if opening:
        meta.agencies.extend(agencies_in(opening.group("credit")))
    if not line.text:
        line.keep = False
        line.rule = "markup_remnant"


_NOT_A_LETTER = re.compile(r"[\W\d_]")


def rule_non_text(lines: list[Line], i: int, meta: Metadata, ctx: RuleContext) -> None:
    """Lines that are mostly digits and symbols (tickers, scales, tables of figures)."""
    text = lines[i].text[:400].replace(" ", "")  # the start tells; prose lines can be long
    if len(text) >= 12 and len(text) - len(_NOT_A_LETTER.findall(text)) < 0.4 * len(text):
        drop_line(lines[i], meta, "non_text")
    elif len(text) == 400 and " " not in lines[i].text[:400]:
        drop_line(lines[i], meta, "non_text")  # no word of prose runs 400 characters: a blob, a URL list


# Order matters: the comment section swallows its tail first; inline chrome runs last on what
# survived, so a stripped line is never mistaken for a dateline or a caption.
LINE_RULES: tuple[LineRule, ...] = (
    rule_comment_section,
    rule_credit,
    rule_caption_dateline,
    rule_dateline,
    rule_widgets,
    rule_byline,
    rule_caption_marker,
    rule_foreign_script,
    rule_non_text,
    rule_trailing_credit,
    rule_inline_chrome,
)


# --- rules over the whole page ------------------------------------------------------------


def _kept(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.keep and ln.text]


_SENTENCE_STOP = re.compile(r"[.!?…](?:\s|$|[\"“”»«])")


@lru_cache(maxsize=4096)  # the page rules ask it of the same lines again and again
def _is_body(text: str) -> bool:
    return word_count(text) >= 12 and _SENTENCE_STOP.search(text) is not None


_SHORT_CAPTION = 20


# A regional paper's lead opens with its place in capitals: "EITZWEILER Mit einer Zuwendung von …"
_SHOUTED_PLACE = re.compile(r"^[A-ZÄÖÜ]{3,}(?:[/-][A-ZÄÖÜ]{2,})*\s+[A-ZÄÖÜ][a-zäöüß]+\s")


def _shouted_lead(text: str) -> bool:
    return word_count(text) >= 15 and _SHOUTED_PLACE.match(text) is not None


def page_captions(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """A short line just above a photo credit, or just below 'Bild 1 von 3', is a caption."""
    headline_zone = _headline_zone(lines)
    for i, line in enumerate(lines):
        if not line.keep or word_count(line.text) > ctx.caption_max_words:
            continue
        if line.index in headline_zone and is_headline_like(line.text):
            continue
        nxt = _next_text(lines, i)
        prev = lines[i - 1] if i > 0 else None
        # A credit without "Foto:" ("Michael Kappeler/dpa") is weaker evidence: a line above it is
        # a caption only if it is as short as captions are (a body paragraph can sit there too).
        credit_below = nxt is not None and (
            nxt.rule == "photo_credit" or (nxt.rule == "credit_line" and word_count(line.text) <= _SHORT_CAPTION)
        )
        gallery_above = prev is not None and prev.rule == "gallery" and _picture_gallery(prev.text)
        # 'Foto: X' then the caption, then more chrome: the caption sits between credit and chrome.
        credit_above = (
            prev is not None and prev.rule == "photo_credit"
            and (nxt is None or (not nxt.keep and nxt.rule in _UI_RULES))
            and not is_headline_like(line.text)
            # the page's last paragraph of prose is its article (a lead before a paywall), no caption
            and (not _is_body(line.text) or any(ln.keep and _is_body(ln.text) for ln in lines[i + 1 :]))
        )
        # (a paragraph that opens with its place, "Frankfurt – …", is a report's, not a picture's)
        if (credit_below or gallery_above or credit_above) and not _shouted_lead(line.text) and not _dated_lead(line.text):
            drop_line(line, meta, "caption")


# Rules that remove interface chrome (not captions, datelines or bylines, which frame articles).
_UI_RULES = frozenset({"ui_string", "ui_prompt", "counter", "gallery", "field_label", "login_prompt",
                       "newsletter", "paywall", "link_text", "cookie_notice"})


def _picture_gallery(text: str) -> bool:
    match = _GALLERY.match(text)
    return bool(match and match.group("picture"))


def _headline_zone(lines: list[Line]) -> set[int]:
    """Indices of the kept lines before the first paragraph of body text."""
    zone = set()
    for line in _kept(lines):
        if _is_body(line.text):
            break
        zone.add(line.index)
    return zone


def page_duplicates(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Repeated lines: a title printed twice, a teaser that repeats the first paragraph.

    Exact repeats (and copies cut short) are found anywhere by hashing; near repeats
    (reordered or shortened titles) are looked for among the first and last lines of the page,
    where headers and footers are, so the cost stays linear in the page's length. Of two long
    copies, the one among article text stays and the one among chrome goes.
    """
    kept = _kept(lines)
    by_index = {ln.index: ln for ln in lines}

    def support(line: Line) -> int:
        return sum(1 for j in (line.index - 1, line.index + 1) if j in by_index and by_index[j].keep)

    near_candidates = {id(ln) for ln in kept[:_NEAR_DUPLICATE_SPAN] + kept[-_NEAR_DUPLICATE_SPAN // 4 :]}
    exact: dict[tuple[str, ...], Line] = {}
    openings: dict[tuple[str, ...], tuple[Line, int]] = {}
    seen: list[tuple[Line, list[str]]] = []  # lines short enough to be a near repeat
    seen_long: list[tuple[Line, list[str]]] = []
    words_in = {id(line): words_of(line.text) for line in kept}  # texts do not change here
    for line in kept:
        words = words_in[id(line)]
        if not words:
            continue
        earlier = exact.get(tuple(words))
        if earlier is None and len(words) >= 8:
            opening = openings.get(tuple(words[:8]))
            if opening is not None and opening[1] >= len(words):
                earlier = opening[0]  # the same paragraph again, cut short
        if earlier is None and id(line) in near_candidates:
            if len(words) > _NEAR_WORDS:  # only the same words again can be its near repeat
                earlier = next((e for e, ew in seen_long if e.keep and ew == words), None)
            else:
                earlier = next(
                    (e for e, ew in seen if e.keep and (_same(words, ew) or _contained(words, ew))), None
                )
        if earlier is not None and earlier.keep:
            teaser = (
                len(words) >= 12 and earlier.index < line.index - 1
                and support(line) > support(earlier) and not is_headline_like(earlier.text)
            )
            metadata_bar = (
                len(words) <= 25 and _noise(earlier.text) > _noise(line.text) + 3
                and ("|" in earlier.text or bool(find_dates(earlier.text, ctx.zone)))
            )
            if teaser or metadata_bar or lesser_print(earlier.text, line.text):
                # The earlier copy was a teaser of this one, or the same words in a metadata bar.
                drop_line(earlier, meta, "duplicate_teaser" if teaser else "duplicate_line")
            else:
                drop_line(line, meta, "duplicate_line")
        if line.keep:
            exact.setdefault(tuple(words), line)
            if len(words) >= 8:
                openings.setdefault(tuple(words[:8]), (line, len(words)))
            if id(line) in near_candidates:
                (seen if len(words) <= _NEAR_WORDS else seen_long).append((line, words))
    # A teaser that repeats what follows, wrapped differently: "Berlin - X ist ..." then "X\nist".
    kept = _kept(lines)
    # The kept lines' words end to end, and the word triples starting at each position, built
    # once: the triples of any run of lines are then a slice (a page costs linear, not 7 times).
    flat = list(chain.from_iterable(words_in[id(line)] for line in kept))
    triples = list(zip(flat, flat[1:], flat[2:], strict=False))
    starts = [0]
    for line in kept:
        starts.append(starts[-1] + len(words_in[id(line)]))
    for pos, line in enumerate(kept):
        begin, end = starts[pos], starts[pos + 1]
        if end - begin < 10 or is_headline_like(line.text):
            continue  # a title repeated by the lead is still the title
        following_end = starts[min(pos + 7, len(kept))]
        if _containment(triples, (begin, end), (end, following_end)) >= 0.8 or (
            following_end - end >= 8 and _containment(triples, (end, min(end + 30, following_end)), (begin, end)) >= 0.9
        ):
            drop_line(line, meta, "duplicate_teaser")


_NEAR_DUPLICATE_SPAN = 80
# What follows a headline in a page's <title>-like line: " - Grafschafter Nachrichten."
# (a name of capitalised words, or a web address).
_SITE_SUFFIX = re.compile(
    r"\s[-|–—·]\s+(?:[A-ZÄÖÜ0-9][\w.&'-]*(?:\s+[A-ZÄÖÜ0-9&][\w.&'-]*){0,2}|[\w-]+\.(?:de|at|ch|com|net|eu))\.?"
)


def lesser_print(earlier: str, later: str) -> bool:
    """The earlier of two prints is the headline cut short ("… Landrat Walch wehrt….") or with the
    site's name after it ("… über der Range? - Grafschafter Nachrichten."): the later is the headline."""
    cut = earlier.rstrip(". ")
    if cut.endswith("…") or earlier.endswith("..."):
        cut = cut.rstrip("….").rstrip()
        short, full = words_of(cut), words_of(later)
        return 3 <= len(short) <= len(full) and short[:-1] == full[: len(short) - 1] and full[len(short) - 1].startswith(short[-1])
    if earlier.startswith(later.rstrip(".")) and len(later) >= 20:
        return bool(_SITE_SUFFIX.fullmatch(earlier[len(later.rstrip(".")) :]))
    return False
_NEAR_WORDS = 25  # `_same` and `_contained` compare lines up to this long (or equal ones)


def _noise(text: str) -> int:
    """Digits and separators: what a metadata bar has and a headline has not."""
    return sum(ch.isdigit() or ch in "|/:" for ch in text)


def _same(a: list[str], b: list[str]) -> bool:
    if a == b:
        return True
    if len(a) <= 20 and len(b) <= 20 and min(len(a), len(b)) >= 4:
        sa, sb = set(a), set(b)
        return len(sa & sb) / len(sa | sb) >= 0.85
    return False


def _contained(short: list[str], long: list[str]) -> bool:
    """`short` is a run of words inside the (short) line `long`: a kicker or title repeated."""
    n = len(short)
    if n >= len(long) or len(long) > _NEAR_WORDS or n < 1:
        return False
    if n < 3 and len(long) > 5:
        return long[:n] == short  # a kicker printed again as the start of the title
    return any(long[k : k + n] == short for k in range(len(long) - n + 1))


def _containment(triples: list[tuple[str, str, str]], words: tuple[int, int], other: tuple[int, int]) -> float:
    """Share of the word triples of one run of words (start and end positions) found in another."""
    if words[1] - words[0] < 3 or other[1] - other[0] < 3:
        return 0.0
    mine = set(triples[words[0] : words[1] - 2])
    # Intersecting with the slice itself skips building a set of the other run (a third faster).
    return len(mine.intersection(triples[other[0] : other[1] - 2])) / len(mine)


# (not the particles a headline's verb may end on: "Bahn kündigt neue Verbindungen an")
_CUT_OFF_AFTER = FUNCTION_WORDS | frozenset("dass weil wenn ob".split())
_CLAUSE_BEGUN = re.compile(r",\s+(?:dass|weil|wenn|ob|die|der|das)(?:\s+\S+){0,2}$")


def _cut_off(text: str) -> bool:
    """A line that stops in mid-sentence ("Angesichts der Tatsache, dass ein", "„Bei dieser Kooperation
    wird das"), as no headline does."""
    return (text.split()[-1].lower() in _CUT_OFF_AFTER or text.count("„") > text.count("“")
            or _CLAUSE_BEGUN.search(text) is not None)


def page_teaser_blocks(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Headlines of other articles inside the body.

    Two or more short headline-like lines in a row; a headline-like line right under a teaser
    box header ('Sport aktuell', 'Mehr zum Thema'); a lone headline-like line directly followed
    by chrome (a subheading is followed by its paragraph).
    """
    zone = _headline_zone(lines)
    kept = [ln for ln in _kept(lines) if ln.index not in zone]
    # The page's last line of text (footer links after it aside): cut off mid-sentence, not a headline.
    last = next((ln for ln in reversed(kept) if word_count(ln.text) >= 4), None)

    top = {ln.index for ln in _kept(lines)[:2]}
    by_index = {ln.index: ln for ln in lines}

    def wrapped(line: Line) -> bool:
        """Part of a paragraph hard-wrapped over several lines."""
        before, after = by_index.get(line.index - 1), by_index.get(line.index + 1)
        return bool(
            (before is not None and before.keep and word_count(before.text) >= 8
             and not re.search(r"[.!?:;…\"“”»«]$", before.text))
            or (after is not None and after.keep and after.text[:1].islower())
        )

    def teaser_like(line: Line, asking: bool = False, in_run: bool = False) -> bool:
        """`asking`: a headline may ask or exclaim ("Was bedeutet das für Sparer?", "Scharapowa
        positiv getestet!"), among other teasers; alone, it may be the article's subheading.
        `in_run`: under other headlines the page's last line is one more of them when the site's
        chrome follows it (the crawl did not stop in it)."""
        ends_page = line is lines[-1]
        if line is last and ((word_count(line.text) >= 8 and (ends_page or not in_run)) or _cut_off(line.text)):
            return False
        if line.index in top or wrapped(line):
            return False
        text = line.text.rstrip("?!") if asking else line.text
        return is_headline_like(text, 12) and not re.search(r"[.!?]\s", line.text)

    # Questions and exclamations in a row inside the article are its own ("Wer ist Täter, wer ist
    # Opfer?"): as teasers they count only after the article's last paragraph of prose.
    last_body = max((ln.index for ln in kept if _is_body(ln.text)), default=-1)

    def teasers(run: list[Line]) -> bool:
        asks = any(ln.text.endswith(("?", "!")) for ln in run)
        return len(run) >= 2 and not _an_article_list(run, by_index) and (not asks or run[0].index > last_body)

    run: list[Line] = []
    for line in [*kept, None]:
        if line is not None and teaser_like(line, asking=True, in_run=bool(run)):
            run.append(line)
            continue
        if teasers(run):
            for member in run:
                drop_line(member, meta, "teaser_block")
        run = []
    _teasers_cut_short(lines, meta, by_index)
    for k, line in enumerate(lines):
        if not line.keep or not line.text or line.index in zone or not teaser_like(line):
            continue
        # the lines next to it, blank lines between or not
        above, below = (lines[k - 1] if k else None), (lines[k + 1] if k + 1 < len(lines) else None)
        if above is not None and not above.keep and _TEASER_BOX.match(above.text):
            drop_line(line, meta, "teaser_block")
        elif below is not None and not below.keep and below.rule in _UI_RULES:
            drop_line(line, meta, "teaser_block")


# A teaser's text, cut short or ending in its link: "… einstellen …", "… einstellen. Weiterlesen".
_CUT_SHORT = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
_READ_ON = re.compile(r"(?:\b(?:Weiterlesen|Mehr lesen|Zum Artikel)|\bmehr\s*[»›>]|\[mehr\]|[.!?…]\s+mehr)\s*[»›>]?\s*$", _I)


def _teasers_cut_short(lines: list[Line], meta: Metadata, by_index: dict[int, Line]) -> None:
    """Teasers of other articles after the lead: a headline-like line, then a sentence or two
    ending in a link ("Weiterlesen"), or cut short with an ellipsis where the page has two such
    teasers or more. One headline and cut paragraph alone may be the article's own preview
    before a paywall, and an article's own sentence may trail off, but not under a headline."""
    kept = _kept(lines)
    lead = next((k for k, line in enumerate(kept) if _is_body(line.text)), None)
    if lead is None:
        return
    linked: list[tuple[Line, Line | None]] = []
    cut: list[tuple[Line, Line | None]] = []
    for line in kept[lead + 1 :]:
        text = line.text.strip()
        if word_count(text) < 8:
            continue
        above = by_index.get(line.index - 1)
        headline = above if (
            above is not None and above.keep and is_headline_like(above.text, 14)
            and not re.search(r"[.!?:]$", above.text.strip())
        ) else None
        end = text[-60:]  # both patterns end the line: no need to scan the whole paragraph
        if _READ_ON.search(end):
            linked.append((line, headline))
        elif headline is not None and _CUT_SHORT.search(end):
            cut.append((line, headline))
    for line, headline in linked + (cut if len(cut) >= 2 else []):
        drop_line(line, meta, "teaser_block")
        if headline is not None:
            drop_line(headline, meta, "teaser_block")


_LIST_ITEM = re.compile(r"^(?:[-–•*·]|\d{1,2}[.)])\s")


def _an_article_list(run: list[Line], by_index: dict[int, Line]) -> bool:
    """Short lines in a row that are the article's own list: items marked as a list ("- 6 Prozent
    mehr Lohn") after a line that announces them ("Die Forderungen im Überblick:"), the
    announcement in the run or kept just above it."""
    lead_in = run[0] if run[0].text.rstrip().endswith(":") else by_index.get(run[0].index - 1)
    items = run[1:] if lead_in is run[0] else run
    return (
        lead_in is not None and lead_in.keep and lead_in.text.rstrip().endswith(":")
        and len(items) >= 2 and all(_LIST_ITEM.match(item.text) for item in items)
    )


def page_templates(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Lines this outlet prints on many articles: its template, whatever the words."""
    if not ctx.template_counts:
        return
    for line in _kept(lines):
        seen = ctx.template_counts.get(template_key(line.text), 0)
        words = word_count(line.text)
        if words >= 8 and line.text.rstrip("\"“”»«' ").endswith((".", "!", "?")):
            needed = ctx.template_min_articles_prose  # reads like a sentence of an article
        else:
            needed = ctx.template_min_articles if words <= 20 else ctx.template_min_articles_long
        if seen >= needed:
            drop_line(line, meta, "outlet_template")


_MENU_WORDS = 3
_MENU_RUN = 3


def page_menus(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Navigation above the article: a run of three or more short lines (a menu, flattened:
    "Politik", "Wirtschaft", "Mein Konto", "Footernavigation") before the first paragraph of
    prose, the lines other rules removed counting as part of it. Its lines that share no word
    with the opening paragraphs go; a kicker or a short headline shares the article's words."""
    lead = next((i for i, line in enumerate(lines) if line.keep and _is_body(line.text)), None)
    if lead is None:
        return
    opening: set[str] | None = None  # the opening paragraphs' words, once a menu is found

    def short(line: Line) -> bool:
        return (word_count(line.text) <= _MENU_WORDS and not re.search(r"[.!?:;,]$|\d", line.text)
                and not _LIST_ITEM.match(line.text))

    run: list[Line] = []
    for line in [*lines[:lead], None]:
        if line is not None and (not line.keep or short(line)):
            run.append(line)
            continue
        menu = [ln for ln in run if ln.keep]
        # (a menu's section names, which the line rules already took, count for the run)
        # (and its buttons, when two of its lines are left: "Mediathek" went as a button, "Live" and "Wetter" stayed)
        sections = len([ln for ln in run if ln.keep or ln.rule == "section_label"])
        buttons = len([ln for ln in run if ln.rule == "ui_string"])
        if menu and sections < _MENU_RUN and len(menu) >= 2 and sections + buttons >= _MENU_RUN:
            # (not the line right above the lead or its wrapped first words: a subheading, a dateline)
            after = {id(a): b for a, b in pairwise(lines)}
            menu = [ln for ln in menu if not ((b := after.get(id(ln))) is not None and b.keep and word_count(b.text) >= 8)]
        elif sections < _MENU_RUN:
            menu = []
        if menu:
            if opening is None:
                opening = set().union(*(content_stems(ln.text) for ln in lines[lead : lead + 3] if ln.keep))
            for item in menu:
                if not content_stems(item.text) & opening:
                    drop_line(item, meta, "menu")
        run = []


# The dateline that opens a report: "Athen (dpa) - ", "FRANKFURT (dpa-AFX) - ", "Offenbach - ",
# "Herne. " (a place, then an agency in brackets, a dash, or a full stop and the sentence).
_LEAD_DATELINE = re.compile(
    r"^[A-ZÄÖÜ][\w.\-/]*(?: [A-ZÄÖÜ(][\w.\-/)]*){0,2}"
    r"(?:\s*\((?P<credit>[^()]{2,30})\)\s*(?:[-–—:]\s)?|\s[-–—]\s|\.\s+(?=[A-ZÄÖÜ]))"
)


_NOT_PLACES = frozenset("nein ja doch gut aber und dann jetzt heute gestern morgen danke okay stopp klar "
                        "richtig falsch genau eben also trotzdem erstens zweitens drittens dr prof mag ing st".split())


_TEASER_RULES = frozenset({"teaser", "teaser_block", "teaser_title", "teaser_header", "other_article"})


def _dated_lead(text: str) -> bool:
    match = _LEAD_DATELINE.match(text)
    return match is not None and (match.group("credit") is None or bool(agencies_in(match.group("credit"))))


def page_other_leads(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Teasers of other articles after this one's lead: a headline-like line, then a paragraph
    that opens with a dateline of its own ("Athen (dpa) - …", "Herne. …") — a report starts
    there, not a paragraph of this one. Both go; the article's own lead keeps its dateline."""
    kept = _kept(lines)
    lead = next((k for k, line in enumerate(kept) if _is_body(line.text)), None)
    if lead is None:
        return
    # This article's own lead opens with a dateline, or two paragraphs of it came first: else the
    # "lead" above may be a caption or a standfirst and the dated paragraph the article's start.
    dated = _dated_lead(kept[lead].text)
    paragraphs = 1  # of prose, from the lead on, before the line looked at
    for k, line in enumerate(kept[lead + 1 :], start=lead + 1):
        enough = dated or paragraphs >= 2
        paragraphs += _is_body(line.text)
        if not enough:
            continue
        match = _LEAD_DATELINE.match(line.text)
        if match is None or word_count(line.text) < 8:
            continue
        credit = match.group("credit")
        if credit is not None and not agencies_in(credit):
            continue  # "(ÖVP)", "(DEN)": a bracket, not an agency's credit
        if line.text.split(None, 1)[0].rstrip(".-–—").lower() in _NOT_PLACES:
            continue  # "Nein. Der Minister widersprach."
        above = kept[k - 1]  # the kept line before, blank lines between them or not
        removed = [ln for ln in lines if above.index < ln.index < line.index and not ln.keep]
        if removed and removed[-1].rule in _TEASER_RULES and word_count(removed[-1].text) >= 4 and (
            is_headline_like(removed[-1].text, 14)
        ):
            drop_line(line, meta, "other_article")  # its headline already went as a teaser's
            continue
        if removed or not is_headline_like(above.text, 14) or _is_body(above.text):
            continue  # a teaser is a headline and its lead; a roundup's paragraph is not
        drop_line(above, meta, "other_article")
        drop_line(line, meta, "other_article")


_TEASER_LEAD_WORDS = 45


def page_related_block(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """A teaser box after the article ("Mehr zum Thema", "Das könnte Sie auch interessieren") to
    the page's end: when what the rules kept below its header is headlines and short paragraphs
    (teaser leads, ≤ 45 words), all of it is other articles. A paragraph after the box that speaks
    of the article's subject means the box sits inside the article: the box alone goes. Unsure
    where the box ends, only its first headline goes. Under an advert's label inside the article,
    see `_advert_inside`."""
    kept_before = 0
    for i, line in enumerate(lines):
        if line.keep:
            kept_before += _is_body(line.text)
            continue
        if kept_before >= 2 and line.rule == "advertising" and word_count(line.text) <= 3:
            _advert_inside(lines, i, meta)  # "Anzeige", "Sponsored Content" inside the article
            continue
        if kept_before < 2 or not (_TEASER_BOX.match(line.text) or line.rule == "teaser_header"):
            continue
        below = [ln for ln in lines[i + 1 :] if ln.keep]
        article = set().union(*(content_stems(ln.text) for ln in lines[:i] if ln.keep))
        # the box's lines, a headline another rule already took for a teaser's among them
        walked = _teaser_box([ln for ln in lines[i + 1 :] if ln.keep or ln.rule in _TEASER_RULES], article)
        box = [ln for ln in walked if ln.keep]
        rest = below[len(box) :]
        if walked and rest and word_count(rest[0].text) >= 8 and len(content_stems(rest[0].text) & article) >= 2:
            pass  # the article goes on after a box inside it: the box alone goes
        elif all(word_count(ln.text) <= _TEASER_LEAD_WORDS for ln in rest):
            box = below  # teasers to the page's end
        else:
            box = box[:1]  # unsure where the box ends: its first headline
        for ln in box:
            drop_line(ln, meta, "teaser_block")
        return


def _advert_inside(lines: list[Line], i: int, meta: Metadata) -> None:
    """Under an advert's label inside the article, a headline of another subject than the
    article's and a paragraph that retells it (half its words, two at least) or speaks more of it
    than of the article are the advert's teaser when the article goes on below them; a headline
    alone may be the article's own subheading under a label whose advert was lost."""
    kept = [ln for ln in lines[i + 1 :] if ln.keep][:3]
    if len(kept) < 3 or not _is_teaser_headline(kept[0]) or word_count(kept[1].text) < 8:
        return
    headline, lead, after = (content_stems(ln.text) for ln in kept)
    article = set().union(*(content_stems(ln.text) for ln in lines[:i] if ln.keep))
    shared = len(headline & lead)
    retold = shared >= 2 and shared >= len(headline) / 2
    if ((retold or len(lead & article) < shared)  # the paragraph speaks more of the headline than of the article
            and not headline & article  # of another subject
            and word_count(kept[2].text) >= 8 and len(after & article) >= 2):
        drop_line(kept[0], meta, "advertising")
        drop_line(kept[1], meta, "advertising")


def _is_teaser_headline(line: Line) -> bool:
    return is_headline_like(line.text, 14) and not re.search(r"[.!?]$", line.text.strip())


def _teaser_box(below: list[Line], article: set[str]) -> list[Line]:
    """The teasers right under a box header: headlines, each with the lead under it — a paragraph
    that repeats half its headline's words, or speaks more of its subject than of the article's
    (else it is the article going on after a box inside it)."""
    box: list[Line] = []
    for line in below:
        if _is_teaser_headline(line):
            box.append(line)
            continue
        if not box or not _is_teaser_headline(box[-1]):
            break  # a paragraph under a paragraph: no teaser's lead
        stems, headline = content_stems(line.text), content_stems(box[-1].text)
        if len(stems & headline) < len(headline) / 2 and len(stems & article) > max(1, len(stems & headline)):
            break
        box.append(line)
    return box


# The site speaking to its reader: the formal "Sie"/"Ihr…" inside a sentence (at its start "Sie"
# is also "she" or "they") or the informal "du"/"dein…", with the outlet's "wir"/"uns" or what a
# site asks of its reader (newsletter, comments, an error report, following, sharing).
_READER = re.compile(r"(?<!^)(?<![.!?:»“\"]\s)\b(?:Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b"
                     r"|\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner)\b")
_SITE_ASKS = re.compile(r"\b(?:uns|unser\w*|wir|Newsletter\w*|Postfach|E-Mail|App|Kommentar\w*|Meinung|melden|"
                        r"abonnier\w*|anmelden|teilen|folge\w*|Fehler|entdeckt|gefunden)\b", _I)
_READER_PROMPT_WORDS = 20
# what only a site asks of its reader: anywhere on the page, not only after the article's opening
_SUBSCRIBE = re.compile(r"\b(?:Newsletter\w*|Postfach|abonnier\w*)\b", _I)


_PROMPT_RULES = frozenset({"newsletter", "login_prompt", "paywall", "ui_prompt"})
_YES_NO = re.compile(r"(?:ja|nein|yes|no)(?:\s*[/|]?\s*(?:ja|nein|yes|no))+|ja|nein", _I)
_PROMPT_HEADING_WORDS = 8


def page_reader_prompts(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """After two paragraphs of the article, a short line in which the site addresses its reader
    ("Haben Sie einen Fehler entdeckt?", "Sie möchten Ihre Meinung mit uns teilen?", "Holen Sie
    sich den Newsletter zum Tag.") is the site's, unless a paragraph of prose answers it (an
    interview's question is followed by the answer); so is a short question heading a newsletter
    or login box."""
    paragraphs = 0
    article: set[str] | None = None
    for k, line in enumerate(lines):
        if not line.keep:
            continue
        answer = lines[k + 1] if k + 1 < len(lines) else None  # the next line, kept
        if (
            (paragraphs >= 2 or _SUBSCRIBE.search(line.text)) and word_count(line.text) <= _READER_PROMPT_WORDS
            and _READER.search(line.text) and _SITE_ASKS.search(line.text)
            and not (answer is not None and answer.keep and word_count(answer.text) >= 15)
        ):
            drop_line(line, meta, "reader_prompt")
            continue
        if (
            answer is not None and not answer.keep and line.text.endswith("?")
            and word_count(line.text) <= _READER_PROMPT_WORDS and _YES_NO.fullmatch(answer.text)
        ):
            drop_line(line, meta, "reader_prompt")  # a question with yes and no buttons under it, anywhere
            continue
        if (
            answer is not None and not answer.keep and answer.rule in _PROMPT_RULES
            and line.text.endswith("?") and word_count(line.text) <= _PROMPT_HEADING_WORDS
        ):
            # the heading of a newsletter or login box ("Wissen was in der Region läuft?"), when it
            # speaks of nothing the article does (the article's own question would)
            if article is None:
                article = set().union(*(content_stems(ln.text) for ln in lines if ln.keep and _is_body(ln.text)))
            if not content_stems(line.text) & article:
                drop_line(line, meta, "reader_prompt")
                continue
        paragraphs += _is_body(line.text)


_OFFER = re.compile(r"\bAbo(?:nnent\w*|nnement\w*|-\w+)?\b", _I)
_PAYWALL_BOX_WORDS = 40


def page_paywall_box(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Under a paywall's prompt after the lead ("Möchten Sie jetzt weiterlesen?"), the box goes on
    with its offer, addressed to the reader ("Sie sind noch kein Abonnent? Dann wählen Sie …"), until
    prose resumes."""
    for k, line in enumerate(lines):
        if line.keep or line.rule != "paywall":
            continue
        if not any(ln.keep and _is_body(ln.text) for ln in lines[:k]):
            return
        for rest in lines[k + 1 :]:
            if not rest.keep:
                continue
            if word_count(rest.text) > _PAYWALL_BOX_WORDS or not (_READER.search(rest.text) or _OFFER.search(rest.text)):
                return  # the article goes on (the page was flattened from a subscriber's view)
            drop_line(rest, meta, "paywall")
        return


_TEASER_PAIR_OVERLAP = 0.2
_PICTURE_RULES = frozenset({"photo_credit", "credit_line", "graphic_credit", "caption", "caption_with_credit",
                            "caption_duplicate"})
_TEASER_PAIR_WORDS = 100


def page_trailing_teasers(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """Teasers of other articles at the page's end without a box header the rules know: the kept
    text ends in two or more pairs of a headline-like line and a paragraph, set apart from the
    article above by something of the site's. A pair whose paragraph shares under a fifth of its
    content words with the article is another article's; the article's own last sections speak of
    its subject."""
    kept = _kept(lines)
    position = {id(line): n for n, line in enumerate(lines)}

    def set_apart(line: Line, before: Line) -> bool:
        """Something of the site's (a header, a prompt, a button the rules took) between them; a
        picture's caption and credit may stand inside the article."""
        return any(not ln.keep and ln.rule not in _PICTURE_RULES for ln in lines[position[id(before)] + 1 : position[id(line)]])

    # from the page's end up: (headline, paragraph, position in `kept` of the kept line above the pair)
    pairs: list[tuple[Line, Line, int]] = []
    k = len(kept) - 1
    while k >= 0 and word_count(kept[k].text) <= _TAIL_WORDS:
        k -= 1  # short lines at the very end ("Alle Meldungen"): the tail's, not a pair's
    while k >= 1:
        paragraph = kept[k]
        if not 8 <= word_count(paragraph.text) <= _TEASER_PAIR_WORDS:
            break
        above = lines[position[id(paragraph)] - 1]
        if not above.keep and above.rule in _TEASER_RULES and is_headline_like(above.text, 14) and not above.text.endswith(":"):
            pairs.append((above, paragraph, k - 1))  # its headline already went as a teaser's
            k -= 1
            continue
        headline = kept[k - 1]
        asked = headline.text.strip().rstrip("?!")  # (a teaser's headline may ask or exclaim)
        if not (is_headline_like(asked, 20) and not re.search(r"[.!?:]$|\d:\d|[.!?]\s", asked)):
            break  # (a result, "Calgary Flames 4:2", heads no teaser; nor a sentence wrapped after its end)
        pairs.append((headline, paragraph, k - 2))
        k -= 2
    # The teasers start at the topmost pair set apart from what is above it; pairs right under the
    # article's last paragraph, nothing of the site's between, may be its own last sections.
    # (and with an article of prose above it: the article's own lead under a label is no teaser)
    first = next((n for n in range(len(pairs) - 1, -1, -1)
                  if (not pairs[n][0].keep or (pairs[n][2] >= 0 and set_apart(pairs[n][0], kept[pairs[n][2]])))
                  and any(_is_body(line.text) for line in kept[: pairs[n][2] + 1])), None)
    if first is None:
        return
    pairs = pairs[: first + 1]
    article = kept[: pairs[-1][2] + 1]
    # teasers under the article that other rules took already (a lead of their own: "other_article"),
    # above the pairs as well as among them
    in_pairs = {id(line) for headline, paragraph, _ in pairs for line in (headline, paragraph)}
    start = position[id(article[-1])] + 1 if article else 0
    taken = sum(1 for line in lines[start:] if not line.keep and line.rule in _TEASER_RULES
                and word_count(line.text) >= 8 and id(line) not in in_pairs)
    body = sum(_is_body(line.text) for line in article)
    # under an article of one paragraph, a lone pair may be its own last paragraph under a box
    if len(pairs) + taken < 2 or body == 0 or (body == 1 and len(pairs) < 2):
        return
    words = set().union(*(content_stems(line.text) for line in article))
    for headline, paragraph, _ in pairs:
        stems = content_stems(paragraph.text)
        if stems and len(stems & words) / len(stems) < _TEASER_PAIR_OVERLAP:
            drop_line(headline, meta, "trailing_teaser")
            drop_line(paragraph, meta, "trailing_teaser")


_TAIL_WORDS = 6


def page_trailing_chrome(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """The page's tail after the article's last paragraph of prose: when it is two lines or more
    and what the other rules left of it is short lines that are neither statements nor list
    items (a credit without "Foto:", "Impressum", a feedback question beside its buttons, an
    advert's slogan), that is the site's too. A page cut off after one line is left alone."""
    last_prose = max((i for i, line in enumerate(lines) if line.keep and _is_body(line.text)
                      and word_count(line.text) >= 15), default=None)
    if last_prose is None:
        return
    tail = [line for line in lines[last_prose + 1 :] if line.text]
    kept = [line for line in tail if line.keep]
    if kept and _cut_off(kept[-1].text):  # the crawl stopped in the article's next paragraph
        return
    if len(tail) >= 2 and kept and all(
        word_count(line.text) <= _TAIL_WORDS
        and not line.text.rstrip("\"“”»«' ").endswith((".", "!"))  # a statement
        and not re.search(r"[a-zäöüß][.!]\s", line.text)  # a statement, and the page cut off after it
        and not _LIST_ITEM.match(line.text)
        and not re.search(r"\d:\d", line.text)  # a result or a time: "Endstand in der Serie: 4:1"
        for line in kept
    ):
        for line in kept:
            drop_line(line, meta, "trailing_chrome")


PageRule = Callable[[list[Line], Metadata, RuleContext], None]
SHORT_LINE_WORDS = 8


def chrome_line_candidates(lines: list[Line]) -> list[Line]:
    """The kept short lines after the article's last paragraph of prose: where the rules leave
    chrome they have no phrase for, and where the short-line model may veto."""
    last = next((k for k in range(len(lines) - 1, -1, -1) if lines[k].keep and _is_body(lines[k].text)), None)
    if last is None:
        return []
    tail = lines[last + 1 :]
    return [line for k, line in enumerate(tail) if line.keep and 0 < word_count(line.text) <= SHORT_LINE_WORDS
            # (a subheading over a paragraph the crawl cut off; an item of the article's list)
            and not (k + 1 < len(tail) and tail[k + 1].keep and word_count(tail[k + 1].text) > SHORT_LINE_WORDS)
            and not _LIST_ITEM.match(line.text)]


def page_chrome_lines(lines: list[Line], meta: Metadata, ctx: RuleContext) -> None:
    """A short line after the article's last paragraph that reads like a site's chrome to the
    short-line model."""
    if ctx.chrome_line_threshold is None:
        return
    model = chrome_line_model()
    for line in chrome_line_candidates(lines):
        if model.probability(line.text) >= ctx.chrome_line_threshold:
            drop_line(line, meta, "chrome_phrase")


PAGE_RULES: tuple[PageRule, ...] = (
    page_captions, page_duplicates, page_teaser_blocks, page_other_leads, page_related_block, page_templates,
    page_reader_prompts, page_paywall_box, page_trailing_teasers, page_trailing_chrome, page_menus, page_chrome_lines,
)


# --- entry point --------------------------------------------------------------------------


@dataclass
class Classified:
    lines: list[Line]  # every non-blank input line, with its decision and rule
    meta: Metadata


def classify_lines(text: str, ctx: RuleContext, normalise: Callable[[str], str]) -> Classified:
    lines = [Line(i, normalise(raw)) for i, raw in enumerate(text.splitlines())]
    lines = [ln for ln in lines if ln.text]
    meta = Metadata()
    # The page's script, from a sample: enough letters to outvote any UI string.
    sample = " ".join(ln.text for ln in lines)[:4000]
    replies = sum(1 for ln in lines if len(ln.text) < 40 and _REPLY.match(ln.text))
    ctx = RuleContext(**{**ctx.__dict__, "document_script": script_of(sample), "reply_widgets": replies})
    for rule in LINE_RULES:
        for i in range(len(lines)):
            if lines[i].keep:
                rule(lines, i, meta, ctx)
    for page_rule in PAGE_RULES:
        page_rule(lines, meta, ctx)
    return Classified(lines, meta)
