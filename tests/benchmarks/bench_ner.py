"""NER on GermEval 2014 test: strict span F1 (conlleval-style, outer chunks) and tokens per second.

Run:  .venv/bin/pytest tests/benchmarks/bench_ner.py -s -p no:cacheprovider
Data: ../shared/data/ner/germeval_test_12.tsv (evaluation only: the model never sees it).
Speed: one thread. The model alone (featurizer and CRF on GermEval's own tokens), and the whole
tag stage (tokenizer, sentence splitter, model, automaton, linking) on the same sentences as plain
text; "cold" is the first pass (empty word-feature cache), "warm" a second pass, as in a
long-running worker.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from agents.ner import NerModel, read_conll, span_scores, tokenize
from agents.tag import EntityTagger, TagConfig

TEST = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner" / "germeval_test_12.tsv"


@pytest.mark.skipif(not TEST.exists(), reason="needs ../shared/data/ner")
def test_germeval_test_f1_and_speed() -> None:
    sentences = read_conll(TEST)
    gold = [[tag for _, tag in s] for s in sentences]
    words = [[token for token, _ in s] for s in sentences]
    tokens = sum(map(len, words))
    model = NerModel()
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        predicted = [model.tag_tokens(w) for w in words]
        timings.append(time.perf_counter() - started)
    print(f"\nGermEval 2014 test: {len(sentences)} sentences, {tokens} tokens")
    for base_types, title in ((False, "12 labels"), (True, "4 base types")):
        scores = span_scores(gold, predicted, base_types)
        print(f"{title}:")
        for label, score in scores.items():
            gold_count = score.true_positives + score.false_negatives
            print(f"  {label:9} P {score.precision:5.1f}  R {score.recall:5.1f}  F1 {score.f1:5.1f}  (gold {gold_count})")
    print(f"model, tokens/s, one thread: cold {tokens / timings[0]:,.0f}, warm {tokens / timings[1]:,.0f}")
    tagger = EntityTagger(TagConfig())
    texts = [" ".join(w) for w in words]
    stage_tokens = sum(len(tokenize(t)) for t in texts)
    stage_timings = []
    for _ in range(2):
        started = time.perf_counter()
        for text in texts:
            tagger.tag_text(text)
        stage_timings.append(time.perf_counter() - started)
    print(f"tag stage, tokens/s, one thread: cold {stage_tokens / stage_timings[0]:,.0f}, "
          f"warm {stage_tokens / stage_timings[1]:,.0f}")
    assert span_scores(gold, predicted)["all"].f1 > 40  # a broken model or featurizer scores near 0
