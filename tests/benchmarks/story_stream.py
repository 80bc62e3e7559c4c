"""The labelled German story stream for the clustering benchmark (tests/data/stories/README.md).

Articles: the web news pages of DFKI SmartData v1 (../shared/data/news, CC BY 4.0, read at run
time) with 80 words or more, less the Deutsche Bahn construction notices, plus the five seeds.
Gold stories: tests/data/stories/stories.tsv names the stories of two or more articles; every
other article is a story of its own. The stream is replayed in publication order, as a live
crawler would have delivered it: the date the clean stage reads from the page, else the crawl time.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

from agents.base import StageError
from agents.chrome import InMemoryTemplates
from agents.registry import build_stage
from streams.schemas import RawArticle
from tests.builders import REPO, seed_files, seed_raw
from tests.smartdata import documents, page_text

LABELS = REPO / "tests" / "data" / "stories" / "stories.tsv"
MIN_WORDS = 80
NOT_NEWS = ("bauarbeiten.bahn.de",)  # timetable notices: one template, no reporting
CRAWL_ZONE = timezone(timedelta(hours=1))  # the corpus's crawl times are Central European
SEED_STORY = "seeds-blinken-lavrov-geneva"


@dataclass(frozen=True)
class StreamItem:
    raw: RawArticle
    story: str  # gold label
    when: datetime  # replay order


def gold_stories() -> dict[str, str]:
    """SmartData document id -> story name, for the stories of two or more articles."""
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    stories: dict[str, str] = {}
    for row in rows:
        if row["document"] in stories:
            raise ValueError(f"{LABELS}: document {row['document']} is in two stories")
        stories[row["document"]] = row["story"]
    return stories


def crawl_time(document_id: str) -> datetime:
    match = re.search(r"@(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)", document_id)
    if not match:
        raise ValueError(f"document id {document_id!r}: expected '@<crawl time>' at its end")
    return datetime.fromisoformat(match.group(1)).replace(tzinfo=CRAWL_ZONE)


def news_documents() -> list[dict]:
    out = []
    for doc in documents():
        url = doc["id"]
        host = urlparse(url.split("@")[0]).netloc.removeprefix("www.")
        if url.startswith("http") and len(page_text(doc).split()) >= MIN_WORDS and host not in NOT_NEWS:
            out.append(doc)
    return out


def build_stream() -> tuple[list[StreamItem], list[str]]:
    """The stream in replay order, and the documents the clean stage rejects (pages with no
    article text left: they go to the dead-letter topic, so they have no story)."""
    gold = gold_stories()
    rejected = []
    clean = build_stage("clean", None, templates=InMemoryTemplates())
    items = []
    for n, doc in enumerate(news_documents()):
        url = doc["id"]
        host = urlparse(url.split("@")[0]).netloc.removeprefix("www.")
        fetched = crawl_time(url)
        raw = RawArticle(id=f"sd-{n:04d}", url=url, source=host, text=page_text(doc), fetched_at=fetched)
        try:
            published = clean(raw).published_at
        except StageError:
            rejected.append(url)
            continue
        items.append(StreamItem(raw, gold.get(url, f"single:{url}"), published or fetched))
    missing = set(gold) - {item.raw.url for item in items} - set(rejected)
    if missing:
        raise ValueError(f"{LABELS}: {len(missing)} labelled documents are not in the stream, e.g. {min(missing)}")
    # Seeds without a date in the page arrive with the last dated one (one event, one day).
    seeds = [(raw, clean(raw).published_at) for raw in map(seed_raw, seed_files())]
    last = max(when for _, when in seeds if when is not None)
    items += [StreamItem(raw, SEED_STORY, when or last) for raw, when in seeds]
    return sorted(items, key=lambda item: (item.when, item.raw.id)), rejected


def bcubed(
    predicted: dict[str, str], gold: dict[str, str], over: set[str] | None = None
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009), item-averaged:
    for each item, the share of its predicted cluster that shares its gold class (precision) and
    the share of its gold class that shares its predicted cluster (recall). `over`: average over
    these items only (clusters and classes still span every item)."""
    if predicted.keys() != gold.keys():
        raise ValueError("predicted and gold must label the same items")
    by_cluster: dict[str, set[str]] = {}
    by_class: dict[str, set[str]] = {}
    for item, klass in gold.items():
        by_cluster.setdefault(predicted[item], set()).add(item)
        by_class.setdefault(klass, set()).add(item)
    items = gold.keys() if over is None else over
    precision = recall = 0.0
    for item in items:
        cluster, klass = by_cluster[predicted[item]], by_class[gold[item]]
        both = len(cluster & klass)
        precision += both / len(cluster)
        recall += both / len(klass)
    precision /= len(items)
    recall /= len(items)
    return precision, recall, 2 * precision * recall / (precision + recall)
