"""Builders and seed helpers shared by unit and integration tests."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.clean import normalise_line
from streams.schemas import RawArticle

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(os.environ.get("WIREWATCH_SEEDS_DIR", REPO.parent / "shared" / "seeds"))
LABELS = json.loads((REPO / "tests" / "fixtures" / "seed_labels.json").read_text("utf-8"))

# An article written for these tests (not from any outlet): unrelated to the seeds' story.
UNRELATED_TEXT = """Hochwasser in Passau: Pegel steigt weiter

Nach tagelangem Regen ist der Pegel der Donau in Passau am Sonntag auf über neun Meter gestiegen.
Die Stadt hat die Altstadt für den Verkehr gesperrt und Sandsäcke an die Anwohner verteilt.
Feuerwehr und Technisches Hilfswerk sind mit mehreren hundert Einsatzkräften vor Ort.
Der Wetterdienst erwartet erst zur Wochenmitte ein Ende der Niederschläge.
"""


class Echo:
    """A stage that passes the raw article on unchanged."""

    name = "echo"
    input_model = RawArticle
    output_model = RawArticle

    def __call__(self, article: RawArticle) -> RawArticle:
        return article


def raw_article(**overrides: Any) -> RawArticle:
    fields: dict[str, Any] = {
        "id": "a1", "url": "https://example.org/a1", "source": "example",
        "text": "Ein Satz über die Lage in Genf, der lang genug ist.",
    }
    fields.update(overrides)
    return RawArticle(**fields)


def seed_files() -> list[Path]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    assert len(files) == 5, f"expected the five seeds in {SEEDS_DIR}, found {len(files)}"
    return files


def seed_raw(path: Path) -> RawArticle:
    return RawArticle(id=path.stem, url=f"file:{path.name}", source="file", text=path.read_text("utf-8"))


@dataclass(frozen=True)
class SeedExpectation:
    title: str | None
    kicker: str | None
    junk: list[str]  # whole chrome lines, normalised
    inline: list[str]  # chrome glued to article lines
    article: list[str]  # article lines with their inline chrome removed, normalised


def seed_expectation(path: Path) -> SeedExpectation:
    labels = LABELS[path.name]
    lines = path.read_text("utf-8").splitlines()

    def line(n: int | None) -> str | None:
        return normalise_line(lines[n - 1]) if n else None

    headline = {labels["title"], labels["kicker"]} - {None}
    junk = [normalise_line(lines[n - 1]) for n in labels["junk"]]
    inline = list(labels["inline"].values())
    article = []
    for number, text in enumerate(lines, start=1):
        if not text.strip() or number in labels["junk"] or number in headline:
            continue
        text = normalise_line(text)
        chrome = labels["inline"].get(str(number))
        if chrome:
            assert chrome in text, f"label for {path.name}:{number} does not match the line"
            text = normalise_line(text.replace(chrome, " "))
        article.append(text)
    return SeedExpectation(line(labels["title"]), line(labels["kicker"]), junk, inline, article)


def resent_with_other_chrome(path: Path, new_id: str) -> RawArticle:
    """The same article as crawled again: other teasers, a cookie prompt, a different footer."""
    text = path.read_text("utf-8")
    text = "Startseite > Politik > Ausland\nAnzeige\n" + text
    text += "\n\nMehr zum Thema: Was Sie heute wissen müssen\nJetzt anmelden und weiterlesen\nTeilen\n"
    return RawArticle(id=new_id, url=f"file:{new_id}", source="file", text=text)


# A line no rule in the catalogue knows: only the outlet's template can tell it is chrome.
TEMPLATE_LINE = "Kurz notiert aus Stadt und Land"


def templated_articles(count: int, outlet: str = "heimatblatt") -> list[RawArticle]:
    """Articles of one outlet, each with its own body (from the evaluation set) and the same
    unknown footer line."""
    from tests.cleaning_eval import load_eval_set

    pages = [p for p in load_eval_set() if p.split == "dev" and p.id.startswith("sd")]
    articles = []
    for page in pages:
        body = [line.strip() for line, label in zip(page.lines, page.labels, strict=True) if label == "A"]
        # Whole sentences only: the corpus cuts pages off, and a cut-off line is not tested here.
        body = [b for b in body if b.endswith((".", "!", "?", "“", "»", "\""))]
        if len(body) < 2 or sum(len(b.split()) for b in body) < 50:
            continue
        n = len(articles)
        text = f"Meldung Nummer {n + 1}\n\n" + "\n\n".join(body) + f"\n\n{TEMPLATE_LINE}\n"
        articles.append(RawArticle(id=f"{outlet}-{n}", url=f"https://{outlet}.example/{n}",
                                   source=outlet, text=text))
        if len(articles) == count:
            break
    assert len(articles) == count
    return articles
