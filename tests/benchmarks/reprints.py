"""A near-duplicate evaluation stream, generated from real articles (deterministic, seeded).

Source: DER STANDARD articles of ../shared/data/news/10kgnad_test.csv (read at run time, never
copied; licence CC BY-NC-SA 4.0, benchmark use). Each of the first `originals` articles gets one
to three reprints, each with one or more of:
- chrome: an outlet's own header and footer lines (kicker, "Anzeige", "Lesen Sie auch: ...",
  sharing prompts, a copyright line);
- trimmed ending: the last 10-30 % of its sentences dropped (agency copy cut to fit);
- edits: one to three words replaced in different sentences, or a sentence of the outlet's own
  inserted.
Hard negatives, which must not be flagged: every other article of the file (same categories and
the same weeks as the originals: politics, economy, sport ...), and "wire-passage" articles: one
of those other articles with two or three sentences of an original spliced in — a near duplicate
of its host article, and not of the original it quotes. Each item has a `group`: items of one group are duplicates of each other; any other
pair is not.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "10kgnad_test.csv"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")
HEADERS = ["Politik", "Startseite › Nachrichten › Welt", "Anzeige", "Aktualisiert vor 2 Stunden",
           "Von unserem Korrespondenten", "Exklusiv für Abonnenten"]
FOOTERS = ["Lesen Sie auch: Was die Entscheidung für Sie bedeutet", "Teilen Sie diesen Artikel",
           "© dpa-infocom, dpa:220121-99-800000/3", "Mehr zum Thema", "Kommentare (12)",
           "Jetzt den Newsletter abonnieren", "Quelle: APA/Reuters"]
OWN_SENTENCES = ["Die Redaktion hat bei den Beteiligten nachgefragt.",
                 "Eine Stellungnahme stand bis Redaktionsschluss aus.",
                 "Wie es weitergeht, ist offen.", "Das berichteten mehrere Medien übereinstimmend."]
REPLACEMENTS = {"sagte": "erklärte", "am": "an diesem", "nach": "laut", "mehr": "zusätzlich",
                "Montag": "Dienstag", "rund": "etwa", "bereits": "schon", "wurde": "worden war"}


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    group: str
    kind: str  # original, reprint:<edits>, other, wire_passage


def load_articles() -> list[tuple[str, str]]:
    """Articles of 40 words or more: the file also holds stubs whose text was withdrawn ("Der
    Volltext dieses ... Artikels steht ... nicht mehr zur Verfügung"), which are not articles."""
    with NEWS.open(encoding="utf-8") as handle:
        rows = [(row[0], row[1]) for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) == 2]
    return [row for row in rows if len(row[1].split()) >= 40]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def reprint(text: str, rng: random.Random) -> tuple[str, str]:
    edits = rng.sample(["chrome", "trim", "edit", "insert"], rng.randint(1, 3))
    parts = sentences(text)
    if "trim" in edits and len(parts) > 4:
        keep = max(3, round(len(parts) * (1 - rng.uniform(0.1, 0.3))))
        parts = parts[:keep]
    if "edit" in edits:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(parts))
            words = parts[i].split(" ")
            choices = [j for j, w in enumerate(words) if w in REPLACEMENTS]
            if choices:
                j = rng.choice(choices)
                words[j] = REPLACEMENTS[words[j]]
            else:
                words[rng.randrange(len(words))] = "jedenfalls"
            parts[i] = " ".join(words)
    if "insert" in edits:
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(OWN_SENTENCES))
    body = " ".join(parts)
    if "chrome" in edits:
        body = "\n".join([*rng.sample(HEADERS, 2), body, *rng.sample(FOOTERS, 3)])
    return body, "+".join(sorted(edits))


def build(originals: int = 300, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    articles = load_articles()
    items: list[Item] = []
    for index, (_, text) in enumerate(articles):
        group = f"g{index}"
        if index < originals:
            items.append(Item(f"a{index}", text, group, "original"))
            for n in range(rng.randint(1, 3)):
                body, edits = reprint(text, rng)
                items.append(Item(f"a{index}-r{n}", body, group, f"reprint:{edits}"))
        else:
            items.append(Item(f"a{index}", text, group, "other"))
    # Shared passages: a later article quotes two or three sentences of an original.
    for n in range(100):
        source = sentences(articles[rng.randrange(originals)][1])
        host = sentences(articles[originals + n][1])
        if len(source) < 4 or len(host) < 4:
            continue
        start = rng.randrange(len(source) - 2)
        passage = source[start : start + rng.randint(2, 3)]
        at = rng.randrange(1, len(host))
        # A near duplicate of its host article, not of the original it quotes.
        items.append(Item(f"w{n}", " ".join(host[:at] + passage + host[at:]), f"g{originals + n}", "wire_passage"))
    rng.shuffle(items)
    return items
