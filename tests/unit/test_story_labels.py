"""The story benchmark's labels (tests/data/stories) and its B-cubed scorer."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.benchmarks.story_stream import bcubed, crawl_time, gold_stories, news_documents
from tests.smartdata import DATA


def test_bcubed_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    predicted = {"a": "x", "b": "y", "c": "y"}
    # precision: a 1/1, b 1/2, c 1/2; recall: a 1/2, b 1/2, c 1/1
    precision, recall, f1 = bcubed(predicted, gold)
    assert precision == pytest.approx(2 / 3) and recall == pytest.approx(2 / 3) and f1 == pytest.approx(2 / 3)
    assert bcubed(predicted, gold, over={"c"}) == pytest.approx((0.5, 1.0, 2 / 3))
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)


def test_bcubed_rejects_mismatched_items() -> None:
    with pytest.raises(ValueError, match="same items"):
        bcubed({"a": "x"}, {"b": "1"})


def test_every_labelled_document_names_its_crawl_time() -> None:
    stories = gold_stories()
    assert len(set(stories.values())) >= 25
    for document in stories:
        crawl_time(document)  # raises if the id lacks its crawl time


@pytest.mark.skipif(not DATA.exists(), reason="needs ../shared/data/news")
def test_every_labelled_document_is_in_the_stream_and_every_story_has_two_articles() -> None:
    copies = Counter(doc["id"] for doc in news_documents())  # one page is in the corpus twice
    stories = gold_stories()
    assert set(stories) <= set(copies)
    sizes = Counter()
    for document, story in stories.items():
        sizes[story] += copies[document]
    assert min(sizes.values()) >= 2


def test_the_pair_set_agrees_with_the_stories_and_is_split_by_time() -> None:
    import csv

    from tests.benchmarks.story_stream import LABELS, SEED_STORY

    stories = gold_stories()
    pairs_file = LABELS.with_name("pairs.tsv")
    with pairs_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))

    def story(document: str) -> str:
        return SEED_STORY if not document.startswith("http") else stories.get(document, f"single:{document}")

    for row in rows:
        assert (row["label"] == "same") == (story(row["first"]) == story(row["second"])), row
        assert row["split"] in ("train", "dev", "test")
    counts = Counter((r["split"], r["label"]) for r in rows)
    assert len(rows) >= 600 and sum(n for (_, label), n in counts.items() if label == "same") >= 200
    assert all(counts[(split, "same")] > 0 for split in ("train", "dev", "test"))
