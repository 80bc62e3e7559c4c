"""Numbered raw articles for load and crash tests, built at run time from real news text.

Texts come from ../shared/data/news (10kGNAD, DER STANDARD, CC BY-NC-SA 4.0: benchmarks and load
generation only, never committed). To get many distinct articles of realistic length and
vocabulary from about a thousand, each generated article takes one source article and replaces a
third of its sentences with sentences of others; a share of the stream are reprints (the same
text under a new id, another outlet) and near duplicates (a reprint with a sentence changed), so
the dedup index does real work. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from streams.codec import encode
from streams.schemas import RawArticle
from tests.builders import REPO

GNAD = REPO.parent / "shared" / "data" / "news" / "10kgnad_test.csv"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„])")
OUTLETS = ["derstandard", "diepresse", "kurier", "orf", "krone", "salzburg", "kleinezeitung", "wienerzeitung"]


def source_texts() -> list[str]:
    with GNAD.open(encoding="utf-8") as handle:
        return [text for _label, text in csv.reader(handle, delimiter=";", quotechar="'")]


@dataclass(frozen=True)
class Generated:
    article: RawArticle
    kind: str  # "new", "reprint", "near"
    original: str | None  # id of the article it repeats


def generate(count: int, seed: int = 7, prefix: str = "load", reprint_share: float = 0.05,
             near_share: float = 0.05, start: datetime | None = None) -> list[Generated]:
    rng = random.Random(seed)
    texts = source_texts()
    sentences = [_SENTENCE.split(t) for t in texts]
    pool = [s for ss in sentences for s in ss if len(s) > 40]
    moment = start or datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    out: list[Generated] = []
    for i in range(count):
        article_id = f"{prefix}-{i:06d}"
        moment += timedelta(seconds=rng.uniform(5, 40))  # ~2,000-4,000 articles a day
        roll = rng.random()
        recent = [g for g in out[-200:] if g.kind == "new"]
        if recent and roll < reprint_share + near_share:
            base = rng.choice(recent)
            text = base.article.text or ""
            kind = "reprint"
            if roll >= reprint_share:
                paragraphs = text.split("\n\n")
                k = rng.randrange(len(paragraphs))
                paragraphs[k] = paragraphs[k] + " " + rng.choice(pool)
                text = "\n\n".join(paragraphs)
                kind = "near"
            outlet = rng.choice([o for o in OUTLETS if o != base.article.source])
            raw = RawArticle(id=article_id, url=f"https://{outlet}.example/{article_id}", source=outlet,
                             text=text, published_at=moment)
            out.append(Generated(raw, kind, base.article.id))
            continue
        parts = list(sentences[rng.randrange(len(texts))])
        for j in range(len(parts)):
            if rng.random() < 0.33:
                parts[j] = rng.choice(pool)
        outlet = rng.choice(OUTLETS)
        text = "\n\n".join(" ".join(parts[k:k + 3]) for k in range(0, len(parts), 3))  # paragraphs
        raw = RawArticle(id=article_id, url=f"https://{outlet}.example/{article_id}", source=outlet,
                         text=text, published_at=moment)
        out.append(Generated(raw, "new", None))
    return out


def encoded(generated: list[Generated]) -> list[tuple[str, bytes]]:
    return [(g.article.id, encode(g.article)) for g in generated]
