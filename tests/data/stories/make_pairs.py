"""Build pairs.tsv, the same-story pair set, from the labelled stream (stories.tsv).

Run:  .venv/bin/python tests/data/stories/make_pairs.py   (deterministic; rewrites pairs.tsv)

Every pair is judged by the rule of README.md through the stream's hand-made partition: same
story = same real-world event. Positives: every pair of one story's articles within ten days.
Negatives are hard ones only: for every article, the two articles of other stories within seven
days that are most alike by TF-IDF cosine of the text, and the one that shares most linked
entities (same topic, region or actors, another event). Split by time (the later article's
date): train before 2016-02-15, dev before 2016-03-10, test after.
"""

from __future__ import annotations

import csv
import itertools
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # run as a script from anywhere

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from agents.chrome import InMemoryTemplates  # noqa: E402
from agents.registry import build_stage  # noqa: E402
from tests.benchmarks.story_stream import build_stream  # noqa: E402

TRAIN_BEFORE = datetime(2016, 2, 15, tzinfo=UTC)
DEV_BEFORE = datetime(2016, 3, 10, tzinfo=UTC)
DAY = 86400.0


def split_of(moment: datetime) -> str:
    return "train" if moment < TRAIN_BEFORE else "dev" if moment < DEV_BEFORE else "test"


def main() -> None:
    items, _ = build_stream()
    clean, tag = build_stage("clean", None, templates=InMemoryTemplates()), build_stage("tag")
    tagged = [tag(clean(item.raw)) for item in items]
    name = {item.raw.id: item.raw.url if item.raw.url.startswith("http") else item.raw.id for item in items}
    gold = {item.raw.id: item.story for item in items}
    when = {item.raw.id: item.when for item in items}
    ids = [item.raw.id for item in items]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([a.text for a in tagged])
    cosine = (matrix @ matrix.T).toarray()
    at = {a: n for n, a in enumerate(ids)}
    entities = {a.id: {e.entity_id for e in a.entities if not e.entity_id.startswith("nil:")} for a in tagged}

    def apart(a: str, b: str) -> float:
        return abs((when[a] - when[b]).total_seconds()) / DAY

    pairs: dict[tuple[str, str], str] = {}
    for a, b in itertools.combinations(ids, 2):
        if gold[a] == gold[b] and apart(a, b) <= 10:
            pairs[(a, b) if at[a] < at[b] else (b, a)] = "same"
    for a in ids:
        others = [b for b in ids if b != a and gold[b] != gold[a] and apart(a, b) <= 7]
        alike = sorted(others, key=lambda b: (-cosine[at[a], at[b]], b))[:2]
        sharing = sorted((b for b in others if entities[a] & entities[b]),
                         key=lambda b: (-len(entities[a] & entities[b]), -cosine[at[a], at[b]], b))[:1]
        for b in alike + sharing:
            pairs.setdefault((a, b) if at[a] < at[b] else (b, a), "different")
    rows = sorted(
        ((split_of(max(when[a], when[b])), label, name[a], name[b]) for (a, b), label in pairs.items()),
        key=lambda r: (["train", "dev", "test"].index(r[0]), r[2], r[3]),
    )
    with (HERE / "pairs.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["split", "label", "first", "second"])
        writer.writerows(rows)
    counts: dict[tuple[str, str], int] = {}
    for split, label, *_ in rows:
        counts[(split, label)] = counts.get((split, label), 0) + 1
    print(f"{len(rows)} pairs:", ", ".join(f"{s} {lab} {n}" for (s, lab), n in sorted(counts.items())))


if __name__ == "__main__":
    main()
