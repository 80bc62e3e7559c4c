"""Writes the cleaning evaluation set from DFKI SmartData v1 (CC BY 4.0) and hand labels.

Run from the repository root:  python tests/data/cleaning/extract.py
It reads ../shared/data/news/smartdata_v1_{train,test}.jsonl.gz, picks the web pages listed in
LABELS (by outlet and rank within the outlet, in corpus order), and writes one TSV per page:
`label<TAB>line` for every line of the page as the crawler flattened it. Labels were assigned by
reading each page (see README.md): T headline or kicker, A article text, B boilerplate, - blank.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # run as a script from anywhere

from tests.smartdata import documents, page_text  # noqa: E402 (after the path is set)

# (outlet, rank within outlet) -> {"T": [...], "B": [...]}; every other non-blank line is A.
# Line numbers are 1-based, as in the flattened page.
LABELS: dict[tuple[str, int], dict[str, list[int]]] = {
    ("welt.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8, 9, 10, 12]},
    ("welt.de", 1): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]},
    ("welt.de", 2): {"T": [], "B": [1, 2, 5, 6]},
    ("welt.de", 3): {"T": [], "B": [1, 2]},
    ("welt.de", 4): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]},
    ("welt.de", 5): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8, 9, 10]},
    ("t-online.de", 0): {"T": [2], "B": [1, 3, 4, 5, 6, 7, 8]},
    ("t-online.de", 1): {"T": [1, 4, 5], "B": [2, 3, 6, 7, 9, 10]},
    ("t-online.de", 2): {"T": [1, 4], "B": [2, 3, 5, 6, 8, 9]},
    ("t-online.de", 3): {"T": [2, 5], "B": [1, 3, 4, 6, 7, 9, 10]},
    ("stern.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ("stern.de", 1): {"T": [2], "B": [1, 3, 4, 5, 6]},
    ("stern.de", 2): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ("stern.de", 3): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ("derwesten.de", 0): {"T": [1], "B": [2, 3, 6, 7, 8]},
    ("derwesten.de", 1): {"T": [1], "B": [2, 3]},
    ("derwesten.de", 2): {"T": [1], "B": [2, 3]},
    ("derwesten.de", 3): {"T": [1], "B": [2, 3]},
    ("nwzonline.de", 0): {"T": [3], "B": [1, 2, 4, 5]},
    ("nwzonline.de", 1): {"T": [3], "B": [1, 2, 4, 7]},
    ("nwzonline.de", 2): {"T": [2], "B": [1, 3]},
    ("handelsblatt.com", 0): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("handelsblatt.com", 1): {"T": [1], "B": [2, 3, 4, 5, 6, 8, 9, 10, 11]},
    ("handelsblatt.com", 2): {"T": [1], "B": [2, 3, 4, 5, 6, 8, 9, 10]},
    ("wiwo.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("wiwo.de", 1): {"T": [1], "B": [2, 3, 4, 5, 6]},
    ("wiwo.de", 2): {"T": [1], "B": [2, 3, 4]},
    ("derstandard.at", 0): {"T": [2], "B": [1, 3]},
    ("derstandard.at", 1): {"T": [2], "B": [1, 3, 4]},
    ("derstandard.at", 2): {"T": [2], "B": [1, 3, 4]},
    ("stuttgarter-zeitung.de", 0): {"T": [1], "B": [2, 3, 4, 5]},
    ("stuttgarter-zeitung.de", 1): {"T": [1], "B": [2, 3, 5]},
    ("stuttgarter-zeitung.de", 2): {"T": [], "B": list(range(1, 15))},
    ("tagesspiegel.de", 0): {"T": [2], "B": [1, 4, 5]},
    ("tagesspiegel.de", 1): {"T": [2], "B": [1, 4, 5]},
    ("tagesspiegel.de", 2): {"T": [], "B": [1, 3, 4]},
    ("focus.de", 0): {"T": [], "B": [1, 2, 3]},
    ("focus.de", 1): {"T": [], "B": [1, 2, 3]},
    ("focus.de", 2): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("rhein-zeitung.de", 0): {"T": [2], "B": [1, 4, 5, 6]},
    ("rhein-zeitung.de", 1): {"T": [2], "B": [1, 4, 5, 6]},
    ("swp.de", 0): {"T": [1, 2], "B": [4, 5, 6, 7]},
    ("swp.de", 1): {"T": [1, 2], "B": [4, 5, 6]},
    ("mz-web.de", 0): {"T": [1], "B": [2, 3, 4, 8]},
    ("mz-web.de", 1): {"T": [1], "B": [2, 3, 4, 6]},
    ("morgenpost.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8]},
    ("morgenpost.de", 1): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8]},
    ("ostsee-zeitung.de", 0): {"T": [4], "B": [1, 2, 3, 6, 7, 8, 9, 10, 11, 12]},
    ("ostsee-zeitung.de", 1): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("merkur.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("merkur.de", 1): {"T": [1, 2], "B": []},
    ("augsburger-allgemeine.de", 1): {"T": [], "B": [1, 2, 5]},
    ("shz.de", 0): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("shz.de", 1): {"T": [], "B": [1, 2, 3]},
    ("suedkurier.de", 0): {"T": [8], "B": [1, 2, 3, 4, 5, 6, 12, 13, 14]},
    ("sueddeutsche.de", 0): {"T": [1], "B": [2, 3, 4, 5, 7, 8, 9, 10]},
    ("sueddeutsche.de", 1): {"T": [], "B": [1, 2, 3, 4, 5, 7, 8, 9, 10]},
    ("finanzen.net", 0): {"T": [3, 4], "B": [1, 2]},
    ("lvz.de", 0): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("lvz.de", 1): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("zeit.de", 0): {"T": [1], "B": [2, 3, 5]},
    ("faz.net", 0): {"T": [1], "B": [2, 3]},
    ("tagesschau.de", 0): {"T": [2], "B": [1, 3, 5]},
    ("krone.at", 0): {"T": [1, 2], "B": [4, 5, 6, 7, 8, 9, 10, 11]},
    ("nzz.ch", 0): {"T": [1, 2], "B": [4, 5, 6, 7]},
    ("20min.ch", 0): {"T": [2, 4], "B": [1, 3, 6, 7]},
    ("abendblatt.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8]},
    ("waz-online.de", 0): {"T": [4], "B": [1, 2, 3, 6, 7, 8, 9, 10, 11, 12]},
}

# Labelled after the rules were written, from pages never looked at before; only measured.
HELDOUT: dict[tuple[str, int], dict[str, list[int]]] = {
    ("welt.de", 6): {"T": [1, 3], "B": [2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]},
    ("t-online.de", 4): {"T": [2, 5], "B": [1, 3, 4, 6, 7, 8, 10]},
    ("stern.de", 4): {"T": [1], "B": [2, 3, 4]},
    ("derwesten.de", 4): {"T": [1], "B": [2, 3]},
    ("nwzonline.de", 3): {"T": [3], "B": [1, 2, 4]},
    ("finanzen.net", 2): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("nachrichten.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("wiwo.de", 3): {"T": [1], "B": [2, 3, 4]},
    ("derstandard.at", 3): {"T": [2], "B": [1, 3, 4]},
    ("stuttgarter-zeitung.de", 3): {"T": [], "B": [2, 4, 5, 8, 9]},
    ("tagesspiegel.de", 3): {"T": [], "B": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
    ("rhein-zeitung.de", 2): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]},
    ("swp.de", 2): {"T": [1, 2], "B": [4, 5, 6]},
    ("mz-web.de", 2): {"T": [1], "B": [2, 3, 4]},
    ("morgenpost.de", 2): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ("ostsee-zeitung.de", 2): {"T": [4], "B": [1, 2, 3, 6, 7, 8, 9, 10]},
    ("merkur.de", 2): {"T": [1, 2], "B": []},
    ("shz.de", 2): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("nordbayern.de", 0): {"T": [1, 2], "B": [4, 5, 6]},
    ("infranken.de", 0): {"T": [1], "B": [3, 4, 6]},
    ("neuepresse.de", 0): {"T": [2, 3], "B": [1, 5, 6, 7]},
    ("austria.com", 0): {"T": [], "B": [1, 2, 3, 4, 5]},
    ("rosenheim24.de", 0): {"T": [1], "B": [2, 3, 4, 7]},
    ("wn.de", 0): {"T": [2], "B": [1, 4, 6, 7]},
    ("fr-online.de", 0): {"T": [], "B": [1, 2, 4]},
    ("wz.de", 0): {"T": [], "B": [1, 2, 3]},
    ("sz-online.de", 0): {"T": [1], "B": [2, 3, 6, 7, 8, 9, 10]},
    ("maz-online.de", 0): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("salzburg.com", 0): {"T": [], "B": [2, 3]},
    ("aargauerzeitung.ch", 0): {"T": [1], "B": [2, 3, 4, 5]},
    ("giessener-anzeiger.de", 0): {"T": [2, 4], "B": [1, 3]},
    ("nachrichten.at", 0): {"T": [1], "B": [3]},
    ("ndr.de", 0): {"T": [], "B": [1, 2, 4]},
    ("peiner-nachrichten.de", 0): {"T": [1], "B": [4, 5, 7, 8]},
    ("nzz.ch", 1): {"T": [1, 2], "B": [4, 5, 6]},
    ("kaernten.orf.at", 0): {"T": [2], "B": [1]},
    ("gmx.at", 0): {"T": [1], "B": [2, 3, 4]},
    ("moz.de", 0): {"T": [2], "B": [1, 4, 5, 6]},
    ("nw.de", 0): {"T": [1, 2], "B": [3, 4, 5]},
    ("aachener-nachrichten.de", 0): {"T": [1], "B": [2, 3, 4, 6, 7, 8, 9, 10]},
}

# The last batch: labelled after every rule change above was made, and never tuned on.
FINAL: dict[tuple[str, int], dict[str, list[int]]] = {
    ("abendzeitung-muenchen.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("ad-hoc-news.de", 0): {"T": [6], "B": [1, 2, 3, 4, 5]},
    ("badische-zeitung.de", 0): {"T": [3, 4], "B": [1, 2, 6, 7, 8]},
    ("berliner-kurier.de", 0): {"T": [2], "B": [3, 6, 10, 11, 12, 14]},
    ("berliner-stadtmagazin-blog.de", 0): {"T": [1], "B": [5]},
    ("br.de", 0): {"T": [1], "B": []},
    ("bzbasel.ch", 0): {"T": [], "B": [1, 2, 3, 4]},
    ("de.euronews.com", 0): {"T": [], "B": [1]},
    ("diepresse.com", 0): {"T": [1], "B": [2, 4, 5, 7, 8, 9]},
    ("ee-news.ch", 0): {"T": [5], "B": [1, 2, 3, 4]},
    ("epochtimes.de", 0): {"T": [1], "B": [2, 4, 5, 7]},
    ("fnp.de", 0): {"T": [1], "B": [2, 3]},
    ("frankenpost.de", 0): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("freiepresse.de", 0): {"T": [3], "B": [1, 2, 4]},
    ("gateo.de", 0): {"T": [1], "B": [2]},
    ("general-anzeiger-bonn.de", 0): {"T": [1], "B": [2, 4, 5]},
    ("goettinger-tageblatt.de", 0): {"T": [2], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("grenchnertagblatt.ch", 0): {"T": [1], "B": [2, 3]},
    ("hannover-zeitung.net", 0): {"T": [5], "B": [1, 2, 3, 4]},
    ("haufe.de", 0): {"T": [4], "B": [1, 3, 5]},
    ("hessenschau.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("hna.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ("ka-news.de", 0): {"T": [], "B": [1, 2, 4]},
    ("kicker.de", 0): {"T": [1, 2], "B": [5, 6]},
    ("kn-online.de", 0): {"T": [], "B": [1, 2, 3, 4, 5, 6, 7, 8]},
    ("ksta.de", 0): {"T": [1], "B": [2, 3, 4]},
    ("lr-online.de", 0): {"T": [2], "B": [1, 5, 6, 7, 8, 9, 10, 11, 12, 13]},
    ("lto.de", 0): {"T": [1], "B": [2, 5]},
    ("mdr.de", 0): {"T": [1], "B": [3, 4]},
    ("meta.tagesschau.de", 0): {"T": [], "B": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
    ("motor-talk.de", 0): {"T": [1], "B": [2, 4]},
    ("mt.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8]},
    ("news.ch", 0): {"T": [1], "B": [2, 7]},
    ("noe.orf.at", 0): {"T": [2], "B": [1, 5, 7]},
    ("noen.at", 0): {"T": [2], "B": [1, 4, 5]},
    ("orf.at", 0): {"T": [2], "B": [1]},
    ("pnn.de", 0): {"T": [1], "B": [2, 3]},
}

# The test batch: outlets never seen before, labelled after the last rule change; reported as is.
TEST: dict[tuple[str, int], dict[str, list[int]]] = {
    ("antenne1.de", 0): {"T": [1], "B": [2, 3, 4, 7]},
    ("anwalt24.de", 0): {"T": [2], "B": [1]},
    ("auto-service.de", 0): {"T": [1], "B": [2, 3]},
    ("automobil-produktion.de", 0): {"T": [1], "B": [2, 3, 5]},
    ("automobilwoche.de", 0): {"T": [2, 3], "B": [1, 5]},
    ("autozeitung.de", 0): {"T": [4], "B": [1, 2, 3, 5, 6, 9]},
    ("be24.at", 0): {"T": [2], "B": [1]},
    ("bergedorfer-zeitung.de", 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7, 8, 10, 11]},
    ("blaulicht.at", 0): {"T": [2], "B": [1]},
    ("boerse-express.com", 0): {"T": [1], "B": [3, 4]},
    ("boerse-social.com", 0): {"T": [1], "B": [2]},
    ("borkenerzeitung.de", 0): {"T": [2], "B": [1, 4]},
    ("bundesregierung.de", 0): {"T": [1, 2], "B": [4, 5]},
    ("cash.ch", 0): {"T": [1], "B": [2]},
    ("derorkan.at", 0): {"T": [], "B": [1]},
    ("dewezet.de", 0): {"T": [1], "B": [2, 3]},
    ("die-glocke.de", 0): {"T": [2], "B": [1, 4, 5]},
    ("domradio.de", 0): {"T": [2], "B": [1, 5, 6, 7]},
    ("dwdl.de", 0): {"T": [1], "B": [2, 3, 4, 7]},
    ("elektronikpraxis.vogel.de", 0): {"T": [2, 3], "B": [1, 4, 5, 6, 7]},
    ("eurailpress.de", 0): {"T": [], "B": [1, 4, 5, 6, 7, 8, 9, 10]},
    ("extremnews.com", 0): {"T": [2], "B": [1, 3, 4, 5]},
    ("fuw.ch", 0): {"T": [], "B": [1, 2, 3, 4, 5, 6, 7]},
    ("giessener-allgemeine.de", 0): {"T": [2], "B": [1, 3, 4, 6, 7]},
    ("gn-online.de", 0): {"T": [5], "B": [1, 3, 4, 6, 7]},
    ("grenzecho.net", 0): {"T": [], "B": [1, 2, 6]},
    ("gruenderszene.de", 0): {"T": [], "B": [1, 2, 4]},
    ("harzkurier.de", 0): {"T": [2], "B": [1, 5, 6, 8, 9]},
    ("heimatsport.de", 0): {"T": [], "B": [1, 2, 3, 4]},
    ("heimatzeitung.de", 0): {"T": [3], "B": [1, 4, 5, 6, 7, 8]},
    ("heise.de", 0): {"T": [], "B": [1, 2]},
    ("helmstedter-nachrichten.de", 0): {"T": [1], "B": [3, 4]},
    ("hersfelder-zeitung.de", 0): {"T": [1, 2], "B": [3, 4, 5, 6, 7, 8]},
    ("heute.at", 0): {"T": [], "B": [1, 2, 7]},
    ("hitradio-ohr.de", 0): {"T": [1], "B": [2, 3, 5, 6, 7, 8]},
    ("holzkirchnerstimme.de", 0): {"T": [1, 2], "B": [3]},
    ("honnef-heute.de", 0): {"T": [], "B": [8]},
    ("immobilien-zeitung.de", 0): {"T": [3], "B": [1, 2, 4, 5]},
}


# Labelled after the last rule change of the frame work (3 December 2026) and measured once: outlets
# none of the other splits has (chosen at random among the corpus's unused outlets; a forum thread, a
# legal wiki, a radio programme, a traffic service page, a video page and a comment thread were
# skipped: no article).
TEST2: dict[tuple[str, int], dict[str, list[int]]] = {
    ('infosat.de', 0): {"T": [1], "B": [2, 3, 4]},
    ('cio.de', 0): {"T": [], "B": []},
    ('landeszeitung.de', 0): {"T": [3], "B": [1, 2, 4, 5]},
    ('pnr24.de', 0): {"T": [], "B": [1]},
    ('onprnews.com', 0): {"T": [2, 4], "B": [1, 3]},
    ('wolfenbuetteler-zeitung.de', 0): {"T": [2], "B": [1, 5, 6, 8, 9]},
    ('foonds.com', 0): {"T": [1, 4], "B": [2]},
    ('gabot.de', 0): {"T": [2], "B": [1, 3]},
    ('soester-anzeiger.de', 0): {"T": [1, 2, 3], "B": [4, 5, 6]},
    ('stuttgarter-nachrichten.de', 0): {"T": [], "B": [1, 2]},
    ('kfz-betrieb.vogel.de', 0): {"T": [2, 3], "B": [1, 4, 5, 6]},
    ('weltfussball.com', 0): {"T": [2], "B": [1]},
    ('pnp.de', 0): {"T": [], "B": [1, 2, 3, 4]},
    ('wort.lu', 0): {"T": [1], "B": [2, 3, 4]},
    ('onlinepresse.info', 0): {"T": [1], "B": []},
    ('openpr.de', 0): {"T": [2], "B": [1, 3, 4, 6]},
    ('musikmarkt.de', 0): {"T": [1], "B": [3]},
    ('pressaktuell.de', 0): {"T": [], "B": []},
    ('mainfranken24.de', 0): {"T": [2], "B": [1, 3]},
    ('travelink.de', 0): {"T": [1], "B": [2, 4, 5, 6, 7, 8]},
    ('neue-verpackung.de', 0): {"T": [1], "B": [2, 3, 5]},
    ('topagrar.com', 0): {"T": [], "B": [1, 2, 3, 4]},
    ('myheimat.de', 0): {"T": [2], "B": [1, 3, 4]},
}


# Labelled on 3 December 2026 after the session's speed work and two headline rules (a section path
# run into the headline; a headline not joined to its lead), before any later rule change: outlets
# none of the other splits has, in a fixed random order; measured once. Skipped on the way: a shop
# page, two forum threads, a Q&A thread, a video page, a club's news list, a speed-trap and weather
# page, a timetable notice, an order form, a magazine's app advert (no article); two pages with
# encoding damage (U+FFFD); pages with lines printed while this session looked at rule hits.
TEST3: dict[tuple[str, int], dict[str, list[int]]] = {
    ('prignitzer.de', 0): {"T": [], "B": [2, 3, 4]},
    ('kledy.de', 0): {"T": [1], "B": [2, 3, 4]},
    ('pressemitteilung.ws', 0): {"T": [1], "B": [2, 3]},
    ('businessportal24.com', 0): {"T": [1, 3], "B": [2]},
    ('bz-berlin.de', 0): {"T": [1], "B": []},
    ('lite-magazin.de', 0): {"T": [3], "B": [1, 2, 5]},
    ('wa.de', 0): {"T": [1], "B": [2, 3, 4, 5, 6, 7]},
    ('presseschleuder.com', 0): {"T": [4], "B": [1, 3]},
    ('berlin.de', 0): {"T": [2], "B": [1, 4]},
    ('tz.de', 0): {"T": [], "B": [1, 2, 6]},
    ('radiobremen.de', 0): {"T": [1, 2], "B": [4]},
    ('finanzen.at', 0): {"T": [1], "B": [2, 3, 4, 5]},
    ('thueringer-allgemeine.de', 0): {"T": [1], "B": [2, 5]},
    ('ramasuri.de', 0): {"T": [], "B": [1, 2, 3]},
    ('pr-inside.com', 0): {"T": [2, 3], "B": [1, 5, 6]},
    ('rro.ch', 0): {"T": [2], "B": [1, 3, 5]},
    ('88finanz.de', 0): {"T": [3], "B": [1, 2, 4]},
    ('fu-berlin.de', 0): {"T": [1], "B": [2, 3]},
    ('bahnaktuell.net', 0): {"T": [1], "B": [2]},
    ('kreis-anzeiger.de', 0): {"T": [2], "B": [1, 3]},
    ('lifepr.de', 0): {"T": [1, 2], "B": [3, 4]},
    ('pressenachrichten.com', 0): {"T": [1], "B": [2, 4, 5, 6, 7]},
    ('radio-trausnitz.de', 0): {"T": [1], "B": [2]},
    ('szo.de', 0): {"T": [1, 2], "B": [3, 4]},
}

# Labelled on 3 December 2026 in a later session, after the rules written from `test`'s errors
# (`test` was then retired into development) and before any rule after them: outlets none of the
# other splits has, in a fixed random order (seed "test4"), skipping pages whose cleaned output had
# been printed in that session; measured once. Skipped on the way: three forum threads, a Q&A
# thread, two railway notices, a video page, a DGAP feed page that prints its headline four times.
TEST4: dict[tuple[str, int], dict[str, list[int]]] = {
    ('newskitchen.eu', 0): {"T": [2, 7, 8], "B": [1, 3, 4, 5, 6]},
    ('weser-kurier.de', 0): {"T": [4], "B": [1, 2, 3, 6, 7, 8]},
    ('swr.de', 0): {"T": [2], "B": [1, 4, 5, 6, 7, 8]},
    ('ivz-aktuell.de', 0): {"T": [1, 3], "B": [2, 5, 6, 7, 8, 9, 10]},
    ('ots.at', 0): {"T": [1, 2], "B": []},
    ('radio912.de', 0): {"T": [2], "B": [1, 4]},
    ('rundschau-online.de', 0): {"T": [1], "B": [2, 3, 5]},
    ('games.ch', 0): {"T": [3, 4], "B": [1, 5, 6]},
    ('greentech-germany.com', 0): {"T": [1], "B": [2, 3, 4]},
    ('tagblatt.ch', 0): {"T": [2], "B": [1, 3]},
    ('schwaebische.de', 0): {"T": [1], "B": [2, 3]},
    ('mobil.teltarif.de', 0): {"T": [1, 2], "B": [4, 5]},
    ('verivox.de', 0): {"T": [1], "B": [2, 3]},
    ('ariva.de', 0): {"T": [1], "B": [2]},
    ('tomshardware.de', 0): {"T": [1], "B": [2, 3]},
    ('nibelungen-kurier.de', 0): {"T": [1], "B": [3]},
    ('ww-kurier.de', 0): {"T": [2], "B": [1, 4]},
    ('fabeau.de', 0): {"T": [1], "B": [2, 4]},
    ('fashionunited.de', 0): {"T": [], "B": [1, 2, 5]},
    ('wochenspiegelonline.de', 0): {"T": [1], "B": [2, 3, 4, 5]},
    ('pv-magazine.de', 0): {"T": [3], "B": [1, 2, 4, 6, 7]},
    ('steiermark.orf.at', 0): {"T": [2], "B": [1, 5, 6]},
    ('politikexpress.de', 0): {"T": [1], "B": [2]},
    ('klimaretter.info', 0): {"T": [2], "B": [1, 4]},
}

# Labelled the same way in the same session, after the whole-page rules and the short-line model,
# from outlets in a fixed random order (seed "test5") none of the other splits has; skipped: pages
# whose cleaned output that session had printed, three forum threads, a club's news list, a news
# list of police reports, a gallery page, two DGAP/newswire feed pages printing their headline
# several times, a railway notice, a magazine's app advert, a video page; measured once.
TEST5: dict[tuple[str, int], dict[str, list[int]]] = {
    ('uena.de', 0): {"T": [2], "B": [1]},
    ('rp-online.de', 0): {"T": [1, 2], "B": [4, 5, 6, 7]},
    ('iz-jobs.de', 0): {"T": [1], "B": [2, 4, 5]},
    ('mittelbayerische.de', 0): {"T": [1, 2], "B": [3, 4, 5, 6]},
    ('lokalo.de', 0): {"T": [1], "B": [3]},
    ('usinger-anzeiger.de', 0): {"T": [2], "B": [1, 3, 4]},
    ('web.de', 0): {"T": [1, 2], "B": [3, 4]},
    ('tt.com', 0): {"T": [1, 2], "B": [4, 5]},
    ('wien.orf.at', 0): {"T": [2], "B": [1, 5]},
    ('swr3.de', 0): {"T": [1], "B": [2, 3, 5]},
    ('medizin-aspekte.de', 0): {"T": [1], "B": [2]},
    ('presseportal.co.uk', 0): {"T": [1], "B": [3]},
    ('report-k.de', 0): {"T": [4], "B": [1, 2, 3]},
    ('nintendo-online.de', 0): {"T": [1], "B": [2, 4, 5, 6, 7, 8]},
    ('de.investing.com', 0): {"T": [1], "B": [2, 3]},
    ('marchanzeiger.ch', 0): {"T": [2], "B": [1, 3]},
    ('playnation.de', 0): {"T": [1], "B": [2, 4]},
    ('playstation4.gaming-universe.org', 0): {"T": [], "B": [1, 2]},
    ('finanzpraxis.com', 0): {"T": [3], "B": [1, 2, 4, 5]},
    ('saarbruecker-zeitung.de', 0): {"T": [1], "B": [2, 3, 4, 5]},
    ('wirtschaftsblatt.at', 0): {"T": [1], "B": [2, 4, 5]},
    ('pressebox.com', 0): {"T": [3, 4], "B": [1, 2, 5, 6]},
    ('gamestar.de', 0): {"T": [1], "B": [5]},
    ('wetter24.de', 0): {"T": [1], "B": [2, 3]},
}

# Labelled the same way at the end of that session (seed "test6"), the rules unchanged since `test5`
# but for those read from `test3`; the outlets left are mostly forums, feeds and lists, so 13 pages
# (skipped: four forum threads, two feed pages printing their headline several times, two railway
# and traffic notices, a speed-trap page, a shop page, a law text, a radio's programme list, a news
# list, a gallery page, a video page, a magazine's app advert, a blog's weekly review, and pages
# whose cleaned output that session had printed); measured once.
TEST6: dict[tuple[str, int], dict[str, list[int]]] = {
    ('wirtschaft.ch', 0): {"T": [1], "B": [2, 3, 7]},
    ('swissinfo.ch', 0): {"T": [], "B": [1, 2]},
    ('juraforum.de', 0): {"T": [2, 5], "B": [1, 3, 4, 6, 7]},
    ('presse.uni-wuppertal.de', 0): {"T": [2], "B": [1]},
    ('songtexte.com', 0): {"T": [2], "B": [1, 3, 4, 5]},
    ('pcgameshardware.de', 0): {"T": [1], "B": [2, 3]},
    ('wz-newsline.de', 0): {"T": [2], "B": [1]},
    ('fair-news.de', 0): {"T": [], "B": [1, 2, 3]},
    ('pressetext.com', 0): {"T": [1, 2], "B": [3]},
    ('inar.de', 0): {"T": [2, 4], "B": [1, 3, 5]},
    ('japaniac.de', 0): {"T": [], "B": [1, 2]},
    ('pressebox.de', 0): {"T": [3], "B": [1, 2, 4, 5]},
    ('saasmagazin.de', 0): {"T": [1, 2], "B": [3]},
}


def main() -> None:
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for doc in documents():
        url = doc["id"]
        text = page_text(doc)
        if url.startswith("http") and len(text.splitlines()) >= 6:
            by_outlet[urlparse(url).netloc.removeprefix("www.")].append(doc)
    index = []
    pages = [(key, labels, None) for key, labels in sorted(LABELS.items())]
    pages += [(key, labels, "heldout") for key, labels in sorted(HELDOUT.items())]
    pages += [(key, labels, "final") for key, labels in sorted(FINAL.items())]
    pages += [(key, labels, "test") for key, labels in sorted(TEST.items())]
    pages += [(key, labels, "test2") for key, labels in sorted(TEST2.items())]
    pages += [(key, labels, "test3") for key, labels in sorted(TEST3.items())]
    pages += [(key, labels, "test4") for key, labels in sorted(TEST4.items())]
    pages += [(key, labels, "test5") for key, labels in sorted(TEST5.items())]
    pages += [(key, labels, "test6") for key, labels in sorted(TEST6.items())]
    for n, ((outlet, rank), labels, split) in enumerate(pages):
        doc = by_outlet[outlet][rank]
        lines = doc["text"]["string"].splitlines()
        rows = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                label = "-"
            elif number in labels["T"]:
                label = "T"
            elif number in labels["B"]:
                label = "B"
            else:
                label = "A"
            rows.append(f"{label}\t{line}")
        prefix = {None: "sd", "heldout": "ho", "final": "fi", "test": "te", "test2": "tt", "test3": "tu", "test4": "tv", "test5": "tw", "test6": "tx"}[split]
        name = f"{prefix}{n:03d}-{outlet.split('.')[0]}"
        (HERE / f"{name}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        index.append({"id": name, "outlet": outlet, "url": doc["id"], "source": "smartdata_v1",
                      "split": split or "dev"})
    (HERE / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(index)} pages from {len({i['outlet'] for i in index})} outlets")


if __name__ == "__main__":
    main()
