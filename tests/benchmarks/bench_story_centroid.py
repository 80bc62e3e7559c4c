"""Experiment: a learned centroid story model (Miranda et al., EMNLP 2018) on the labelled stream.

Run:  .venv/bin/pytest tests/benchmarks/bench_story_centroid.py -s -p no:cacheprovider
Not the worker's model: this measures whether the data on hand can learn one
(tests/benchmarks/story_centroid.py; BENCHMARKS.md, "Story clustering: a learned centroid model").

Each article becomes five normalised vectors (body words, title words, stems, character 4-grams,
entity ids); a story keeps their decayed sums. Training examples come from replaying the stream
with the gold stories (every article against every story open within seven days: positive for
its own). A logistic regression over the five centroid cosines and log(1 + days apart) is
learned on the train split only; its regularisation and joining threshold are chosen on dev by
the F1 of `story_id` agreement on the dev pairs; the test pairs are scored once. Also: a
hand-set geometric mean of entity and character-4-gram cosine, chosen on dev the same way, and
the worker's own dedup stage, all in one run.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from agents.chrome import InMemoryTemplates
from agents.registry import build_stage
from agents.storyvectors import centroid_norm, grow_centroid
from tests.benchmarks.bench_story_pairs import PAIRS, prf
from tests.benchmarks.story_centroid import (
    FEATURES,
    REPRESENTATIONS,
    ArticleVectors,
    article_vectors,
    similarity_features,
)
from tests.benchmarks.story_stream import build_stream

TRAIN_BEFORE = datetime(2016, 2, 15, tzinfo=UTC)  # as tests/data/stories/make_pairs.py
DEV_BEFORE = datetime(2016, 3, 10, tzinfo=UTC)
WINDOW = 7 * 86400.0
GRACE, HALF_LIFE = 36 * 3600.0, 96 * 3600.0
SIZES = {"body": 100, "title": 40, "stems": 100, "chars": 300, "entities": 60}


class Centroid:
    def __init__(self) -> None:
        self.sums: dict[str, dict[str, float]] = {r: {} for r in REPRESENTATIONS}
        self.norms: dict[str, float] = {}
        self.last: float | None = None

    def add(self, vectors: ArticleVectors, when: float) -> None:
        keep = 1.0 if self.last is None else 0.5 ** (max(0.0, abs(when - self.last) - GRACE) / HALF_LIFE)
        for name in REPRESENTATIONS:
            self.sums[name] = grow_centroid(self.sums[name], vectors.of(name), keep, SIZES[name])
        self.norms = {name: centroid_norm(self.sums[name]) for name in REPRESENTATIONS}
        self.last = when if self.last is None else max(self.last, when)


def split_of(when: float) -> str:
    moment = datetime.fromtimestamp(when, UTC)
    return "train" if moment < TRAIN_BEFORE else "dev" if moment < DEV_BEFORE else "test"


def model_inputs(features: dict[str, float]) -> list[float]:
    return [features[n] for n in REPRESENTATIONS] + [math.log1p(features["days_apart"])]


@pytest.mark.timeout(3600)
def test_story_centroid_model() -> None:
    items, _ = build_stream()
    clean, tag = build_stage("clean", None, templates=InMemoryTemplates()), build_stage("tag")
    tagged = [tag(clean(item.raw)) for item in items]
    ids = [a.id for a in tagged]
    when = {item.raw.id: item.when.timestamp() for item in items}
    gold = {item.raw.id: item.story for item in items}
    seen: Counter[str] = Counter()
    vectors: dict[str, ArticleVectors] = {}
    for n, article in enumerate(tagged, 1):
        counts = Counter(e.entity_id for e in article.entities)
        seen.update(counts.keys())
        weights = {e: (1 + math.log(c)) * (math.log((1 + n) / (1 + seen[e])) + 1) for e, c in counts.items()}
        vectors[article.id] = article_vectors(article.text, article.title, article.language, weights)

    def features(article_id: str, story: Centroid) -> dict[str, float]:
        assert story.last is not None
        days = abs(when[article_id] - story.last) / 86400
        return similarity_features(vectors[article_id], story.sums, story.norms, days, True)

    # Teacher-forced replay: the training examples.
    stories: dict[str, Centroid] = {}
    rows: list[tuple[str, list[float], int]] = []
    for a in ids:
        for name, story in stories.items():
            if story.last is not None and when[a] - story.last <= WINDOW:
                rows.append((split_of(when[a]), model_inputs(features(a, story)), int(name == gold[a])))
        stories.setdefault(gold[a], Centroid()).add(vectors[a], when[a])
    train = [(x, y) for split, x, y in rows if split == "train"]
    print(f"\ntraining examples (train split): {len(train)}, of them joining their story: {sum(y for _, y in train)}")

    def cluster(score: Callable[[dict[str, float]], float], threshold: float) -> dict[str, str]:
        open_stories: dict[str, Centroid] = {}
        assigned = {}
        for a in ids:
            best: tuple[float, str] | None = None
            for name, story in open_stories.items():
                if story.last is not None and when[a] - story.last <= WINDOW:
                    s = score(features(a, story))
                    if best is None or s > best[0]:
                        best = (s, name)
            name = best[1] if best is not None and best[0] >= threshold else a
            open_stories.setdefault(name, Centroid()).add(vectors[a], when[a])
            assigned[a] = name
        return assigned

    by_name = {item.raw.url if item.raw.url.startswith("http") else item.raw.id: item.raw.id for item in items}
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        pairs = [(r["split"], r["label"] == "same", by_name[r["first"]], by_name[r["second"]])
                 for r in csv.DictReader(handle, delimiter="\t")]

    def scored(assigned: dict[str, str], split: str) -> tuple[float, float, float]:
        chosen = [p for p in pairs if p[0] == split]
        return prf([p[1] for p in chosen], [assigned[a] == assigned[b] for _, _, a, b in chosen])

    def choose(candidates: dict[str, tuple[Callable[[dict[str, float]], float], float]]) -> str:
        results = {label: cluster(score, t) for label, (score, t) in candidates.items()}
        best = max(results, key=lambda label: scored(results[label], "dev")[2])
        test = scored(results[best], "test")
        print(f"| {best} | {scored(results[best], 'train')[2]:.3f} | {scored(results[best], 'dev')[2]:.3f} "
              f"| {test[0]:.3f} | {test[1]:.3f} | **{test[2]:.3f}** |")
        return best

    print("\n| system (chosen on dev) | train F1 | dev F1 | test P | test R | test F1 |\n|---|---|---|---|---|---|")
    x = np.array([r[0] for r in train])
    y = np.array([r[1] for r in train])
    learned = {}
    for c in (0.1, 0.3, 1.0, 3.0, 10.0):
        model = LogisticRegression(C=c, max_iter=1000).fit(x, y)
        weights, bias = model.coef_[0], float(model.intercept_[0])

        def probability(f: dict[str, float], w: np.ndarray = weights, b: float = bias) -> float:
            return 1 / (1 + math.exp(-(b + float(np.dot(w, model_inputs(f))))))

        for t in (0.1, 0.2, 0.3, 0.4, 0.5):
            learned[f"learned centroid model, C {c}, threshold {t}"] = (probability, t)
        print(f"weights at C {c}: " + ", ".join(f"{n} {w:.2f}" for n, w in zip(FEATURES, weights, strict=True))
              + f", bias {bias:.2f}")
    choose(learned)
    geometric = {}
    for w in (0.3, 0.5, 0.7):
        def mean(f: dict[str, float], w: float = w) -> float:
            decay = 0.5 ** (max(0.0, f["days_apart"] * 86400 - GRACE) / HALF_LIFE)
            return decay * f["entities"] ** w * f["chars"] ** (1 - w)

        for t in (0.15, 0.2, 0.25, 0.3, 0.35):
            geometric[f"entities^{w} x chars^{1 - w:.1f} centroid, threshold {t}"] = (mean, t)
    choose(geometric)
    dedup = build_stage("dedup")
    worker = {a.id: dedup(a).story_id for a in tagged}
    test = scored(worker, "test")
    print(f"| the dedup stage as shipped | {scored(worker, 'train')[2]:.3f} | {scored(worker, 'dev')[2]:.3f} "
          f"| {test[0]:.3f} | {test[1]:.3f} | **{test[2]:.3f}** |")
