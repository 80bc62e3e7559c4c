"""Entity linking: accuracy on spelling variants and false links on ordinary words.

Run:  .venv/bin/pytest tests/benchmarks/bench_linking.py -s -p no:cacheprovider
Data: tests/data/linking (variants.tsv: variant -> entity; nonlinks.txt: must not link).
"""

from __future__ import annotations

from collections import Counter

from agents.tag import EntityTagger, TagConfig
from tests.linking_eval import link, load_nonlinks, load_variants


def test_linking_accuracy_and_false_links() -> None:
    tagger = EntityTagger(TagConfig())
    variants = load_variants(tagger.base)
    right = Counter()
    total = Counter()
    misses = []
    for variant in variants:
        got = link(tagger, variant.text)
        total[variant.kind] += 1
        if got == variant.gold_id:
            right[variant.kind] += 1
        else:
            misses.append((variant.text, variant.gold_id, got))
    # Family names alone are linked where the text names the person in full first, as articles do.
    names = {e.id: e.name for e in tagger.base.entities}
    short = [v for v in variants if v.kind.startswith(("surname", "genitive_surname"))]
    in_context = sum(
        1 for v in short if link(tagger, v.text, f"{names[v.gold_id]} äußerte sich am Morgen.") == v.gold_id
    )
    # ... and after a sentence that names the person's country, as news reports do.
    countries = {e.id: e.name for e in tagger.base.entities if e.type == "LOC"}
    by_id = {e.id: e for e in tagger.base.entities}
    with_country = [v for v in short if by_id[v.gold_id].country in countries]
    country_context = sum(
        1 for v in with_country
        if link(tagger, v.text, f"Die Lage in {countries[by_id[v.gold_id].country]} war Thema.") == v.gold_id
    )
    nonlinks = load_nonlinks()
    # Non-entities after a sentence naming a country must not link either.
    false_in_context = [(w, got) for w in nonlinks if (got := link(tagger, w, "Die Lage in Deutschland war Thema.")) is not None]
    false_links = [(word, got) for word in nonlinks if (got := link(tagger, word)) is not None]
    accuracy = sum(right.values()) / len(variants)
    print(f"\nlinking accuracy: {accuracy:.3f} ({sum(right.values())}/{len(variants)} variants)")
    print(f"family names after the full name: {in_context}/{len(short)} linked")
    print(f"family names after a sentence naming the person's country: {country_context}/{len(with_country)} linked")
    print(f"false-link rate: {len(false_links) / len(nonlinks):.3f} ({len(false_links)}/{len(nonlinks)})")
    print(f"false-link rate after a sentence naming Deutschland: {len(false_in_context) / len(nonlinks):.3f} {false_in_context}")
    print("| kind | correct | total |\n|---|---|---|")
    for kind in sorted(total):
        print(f"| {kind} | {right[kind]} | {total[kind]} |")
    print("missed:", misses)
    print("false links:", false_links)
