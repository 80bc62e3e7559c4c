"""Story clustering: B-cubed precision/recall/F1 on the labelled German stream.

Run:  .venv/bin/pytest tests/benchmarks/bench_stories.py -s -p no:cacheprovider
Data: tests/benchmarks/story_stream.py (SmartData news pages and the seeds, gold stories in
tests/data/stories). Each article goes through the clean and tag stages once; then the dedup
stage (a fresh one per configuration) sees the tagged articles in replay order, exactly as the
worker would. Baselines: every article its own story, and stories made of duplicates only.
The default configuration is scored first. The sweep after it is how the defaults were chosen:
on the dev half of the stream (articles before 2016-03-01), by B-cubed F1, near-ties broken by
the F1 over grouped articles; the test half (from March on) was not used to choose.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime

import pytest

from agents.chrome import InMemoryTemplates
from agents.registry import build_stage
from streams.schemas import TaggedArticle
from tests.benchmarks.story_stream import bcubed, build_stream

SWEEP = [
    {"story_threshold": t, "entity_weight": w} for t in (0.25, 0.3, 0.35, 0.4, 0.5, 0.6) for w in (0.3, 0.5, 0.7)
]
DEV_BEFORE = datetime(2016, 3, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def tagged() -> tuple[list[TaggedArticle], dict[str, str], set[str], int]:
    items, rejected = build_stream()
    clean = build_stage("clean", None, templates=InMemoryTemplates())
    tag = build_stage("tag")
    articles = [tag(clean(item.raw)) for item in items]
    gold = {item.raw.id: item.story for item in items}
    dev = {item.raw.id for item in items if item.when < DEV_BEFORE}
    return articles, gold, dev, len(rejected)


def cluster(articles: list[TaggedArticle], overrides: dict | None = None) -> tuple[dict[str, str], dict[str, str | None], float]:
    dedup = build_stage("dedup", overrides)
    stories: dict[str, str] = {}
    duplicate_of: dict[str, str | None] = {}
    started = time.perf_counter()
    for article in articles:
        out = dedup(article)
        stories[article.id] = out.story_id
        duplicate_of[article.id] = out.duplicate_of
    return stories, duplicate_of, (time.perf_counter() - started) / len(articles)


def test_story_clustering_bcubed(tagged) -> None:
    articles, gold, dev, rejected = tagged
    sizes = Counter(gold.values())
    print(f"\nstream: {len(articles)} articles ({rejected} pages rejected by the clean stage), "
          f"{len(sizes)} gold stories, {sum(1 for n in sizes.values() if n > 1)} with two or more "
          f"articles ({sum(n for n in sizes.values() if n > 1)} articles)")
    predicted, duplicate_of, per_article = cluster(articles)
    singletons = {a: a for a in gold}
    duplicates_only = {a: duplicate_of[a] or a for a in gold}
    # Most articles are stories of their own, which flatters any clusterer that merges little:
    # the second set of columns averages over the articles of multi-article stories only.
    grouped = {a for a in gold if sizes[gold[a]] > 1}
    rows = [
        (name, *bcubed(labels, gold), *bcubed(labels, gold, grouped))
        for name, labels in (
            ("every article its own story", singletons),
            ("duplicates only (exact + near)", duplicates_only),
            ("Wirewatch defaults", predicted),
        )
    ]
    print(f"\n| clustering | B-cubed P | R | F1 | P, {len(grouped)} grouped | R, grouped | F1, grouped |")
    print("|---|---|---|---|---|---|---|")
    for name, *figures in rows:
        print(f"| {name} | " + " | ".join(f"{x:.3f}" for x in figures) + " |")
    print(f"\ndedup stage: {per_article * 1000:.2f} ms/article on this stream, "
          f"{len(set(predicted.values()))} stories predicted")
    test = set(gold) - dev
    print(f"\nsweep: dev = {len(dev)} articles before {DEV_BEFORE.date()} ({len(dev & grouped)} grouped), "
          f"test = {len(test)} ({len(test & grouped)} grouped); B-cubed F1")
    print("\n| story_threshold | entity_weight | dev | dev, grouped | test | test, grouped |\n|---|---|---|---|---|---|")
    for overrides in SWEEP:
        labels = cluster(articles, overrides)[0]
        figures = [bcubed(labels, gold, part)[2] for part in (dev, dev & grouped, test, test & grouped)]
        print(f"| {overrides['story_threshold']} | {overrides['entity_weight']} | "
              + " | ".join(f"{x:.3f}" for x in figures) + " |")
    # Errors, for reading: gold stories split apart and predicted stories that mix gold stories.
    by_predicted: dict[str, set[str]] = {}
    for article, story in predicted.items():
        by_predicted.setdefault(story, set()).add(gold[article])
    mixed = [labels for labels in by_predicted.values() if len(labels) > 1]
    split = [s for s in sizes if sizes[s] > 1 and len({predicted[a] for a in gold if gold[a] == s}) > 1]
    print(f"\npredicted stories mixing gold stories: {len(mixed)}; gold stories split: {len(split)}")
    for labels in mixed:
        print("  mixed:", sorted(label if not label.startswith("single:") else "single" for label in labels))
    for story in split:
        parts = Counter(predicted[a] for a in gold if gold[a] == story)
        print(f"  split: {story} into {sorted(parts.values(), reverse=True)}")
    assert rows[2][3] > rows[0][3]  # clustering must beat leaving every article alone
