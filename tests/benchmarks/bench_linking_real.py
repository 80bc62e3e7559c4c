"""Entity linking on mentions in real articles, judged by hand, half held out.

Run:  .venv/bin/pytest tests/benchmarks/bench_linking_real.py -s -p no:cacheprovider
Data: tests/data/linking/real_mentions.tsv (README there): 969 person, organisation and place
mentions that SmartData's annotators marked in its news pages, sampled at random, each judged
by hand: the Wikidata QID (or the base's ww: id) of what it names if the entity base knows it,
NIL if it does not. The page text is read from ../shared/data/news. Each article is tagged
whole, as the worker would; a mention counts as linked to the id of the system's entity that
overlaps it most (none, or a nil: id, is NIL). Reported per split; the held-out half is the
figure: nothing was tuned on it. With and without the extended base, in one run.
"""

from __future__ import annotations

import csv
from collections import Counter

from agents.tag import EntityTagger, TagConfig
from tests.builders import REPO
from tests.smartdata import documents, page_text

MENTIONS = REPO / "tests" / "data" / "linking" / "real_mentions.tsv"


def predicted(entities: list, start: int, end: int) -> str:
    best, overlap = "NIL", 0
    for e in entities:
        shared = min(end, e.end) - max(start, e.start)
        if shared > overlap:
            best, overlap = e.entity_id, shared
    return best if best.startswith(("Q", "ww:")) else "NIL"


def test_linking_on_real_mentions() -> None:
    with MENTIONS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts = {d["id"]: page_text(d) for d in documents()}
    print(f"\n{len(rows)} mentions: " + ", ".join(
        f"{s} {sum(1 for r in rows if r['split'] == s and r['gold'] != 'NIL')} linkable / "
        f"{sum(1 for r in rows if r['split'] == s)}" for s in ("dev", "heldout")))
    print("\n| split | tagger | linkable right | wrong id | left NIL | NIL linked (false links) | all right |")
    print("|---|---|---|---|---|---|---|")
    for label, config in (("with the extended base", TagConfig()), ("without it", TagConfig(extended_base=False))):
        tagger = EntityTagger(config)
        tagged = {doc: tagger.tag_text(texts[doc]) for doc in {r["document"] for r in rows}}
        # Each split whole, then the third batch alone (names the base has a candidate for).
        for split, batches in (("dev", "1234"), ("heldout", "1234"), ("dev", "3"), ("heldout", "3"),
                               ("dev", "4"), ("heldout", "4")):
            chosen = [r for r in rows if r["split"] == split and r["batch"] in batches]
            split = split if len(batches) > 1 else f"{split}, batch {batches}"
            outcome: Counter[str] = Counter()
            misses = []
            for r in chosen:
                got = predicted(tagged[r["document"]], int(r["start"]), int(r["end"]))
                if r["gold"] == "NIL":
                    outcome["nil_ok" if got == "NIL" else "false_link"] += 1
                elif got == r["gold"]:
                    outcome["right"] += 1
                else:
                    outcome["left_nil" if got == "NIL" else "wrong"] += 1
                if got != r["gold"]:
                    misses.append((r["surface"], r["gold"], got))
            linkable = sum(1 for r in chosen if r["gold"] != "NIL")
            nil = len(chosen) - linkable
            print(f"| {split} | {label} | {outcome['right']}/{linkable} ({outcome['right'] / linkable:.3f}) | "
                  f"{outcome['wrong']} | {outcome['left_nil']} | {outcome['false_link']}/{nil} "
                  f"({outcome['false_link'] / nil:.3f}) | {(outcome['right'] + outcome['nil_ok']) / len(chosen):.3f} |")
            if split == "dev" and label == "with the extended base":  # the held-out errors stay unread
                print(f"  dev errors: {misses}")
