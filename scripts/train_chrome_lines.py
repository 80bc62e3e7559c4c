"""Train the short-line chrome model (agents/chrome_lines.py) and say whether it earns its place.

Run from the repository root:  .venv/bin/python scripts/train_chrome_lines.py [--write]

Data: the labelled cleaning pages of the development splits (dev, heldout, final, test, test2, test3,
test4 — never test5 or test6, whose errors are unread), their lines of at most 8 words (boilerplate
→ 1, headline or article → 0) and the short sentences of their article lines (→ 0), and the first
three site-furniture lists (site_furniture.txt, site_furniture_tails.txt, site_furniture_fresh.txt →
1). The fourth list (site_furniture_fourth.txt) is never trained on.

Evaluation, leave one development split out: the model trained on the other six splits (and the
lists) vetoes the rules' keeps among the held split's short lines after the lead when it is at least
`threshold` sure they are chrome; line F1 pooled over the seven held splits, against the rules; then
the clean stage as configured (the tail's veto and the lines above and under the headline), each
held split cleaned with the other folds' model.
`--write` trains on all seven and writes agents/resources/chrome_lines.json.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from unittest.mock import patch

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.chrome import SHORT_LINE_WORDS, Line, chrome_line_candidates  # noqa: E402
from agents.chrome_lines import ChromeLineModel, ngrams  # noqa: E402
from agents.clean import ABOVE_HEADLINE_CHROME, CleanConfig, Cleaner  # noqa: E402
from tests.cleaning_eval import LabelledPage, load_eval_set, score, wirewatch_decisions  # noqa: E402

DEVELOPMENT = ("dev", "heldout", "final", "test", "test2", "test3", "test4")
LISTS = ("site_furniture.txt", "site_furniture_tails.txt", "site_furniture_fresh.txt")
THRESHOLDS = (0.8, 0.9, 0.95, 0.98)
C = 1.0
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def short(text: str) -> bool:
    return 0 < len(re.findall(r"\w+", text)) <= SHORT_LINE_WORDS


def examples(pages: list[LabelledPage]) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for page in pages:
        for line, label in zip(page.lines, page.labels, strict=True):
            if label == "-":
                continue
            if short(line):
                texts.append(line.strip())
                labels.append(int(label == "B"))
            if label == "A":
                for sentence in _SENTENCE.split(line.strip()):
                    if short(sentence) and sentence != line.strip():
                        texts.append(sentence)
                        labels.append(0)
    for name in LISTS:
        for line in (ROOT / "tests" / "data" / "cleaning" / name).read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.strip())
                labels.append(1)
    return texts, labels


def train(pages: list[LabelledPage]) -> ChromeLineModel:
    texts, labels = examples(pages)
    vectorizer = CountVectorizer(analyzer=ngrams, binary=True)
    x = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, np.array(labels))
    weights = {gram: float(w) for gram, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return ChromeLineModel(weights, float(model.intercept_[0]))


def vetoed(lines: list[Line], page: LabelledPage, model: ChromeLineModel, threshold: float) -> list[bool]:
    """The page's line decisions (`lines`: the rules' classification of it) after the model's veto."""
    veto = {line.index for line in chrome_line_candidates(lines) if model.probability(line.text) >= threshold}
    decided = {line.index: line.keep and line.index not in veto for line in lines}
    return [decided.get(i, False) for i, label in enumerate(page.labels) if label != "-"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    cleaner = Cleaner(CleanConfig(chrome_line_threshold=None))  # the rules alone
    pages = load_eval_set()
    by_split = {split: [p for p in pages if p.split == split] for split in DEVELOPMENT}
    order = [p for split in DEVELOPMENT for p in by_split[split]]
    classified = {p.id: cleaner.classify(p.text).lines for p in order}  # the rules' decisions, once a page
    rules = score(order, [vetoed(classified[p.id], p, ChromeLineModel({}, -30.0), 1.0) for p in order])[0]
    print(f"leave one split out, {len(order)} pages: the rules P {rules.precision:.3f} R {rules.recall:.3f} "
          f"F1 {rules.f1:.3f}")
    decisions: dict[float, list[list[bool]]] = {t: [] for t in THRESHOLDS}
    for held in DEVELOPMENT:
        model = train([p for split in DEVELOPMENT if split != held for p in by_split[split]])
        for page in by_split[held]:
            for threshold in THRESHOLDS:
                decisions[threshold].append(vetoed(classified[page.id], page, model, threshold))
    for threshold in THRESHOLDS:
        result = score(order, decisions[threshold])[0]
        print(f"  veto at {threshold}: P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}")
    # The clean stage as configured: the tail's veto at the configured threshold and the lines around
    # the headline at ABOVE_HEADLINE_CHROME, each held split cleaned with the model of the other folds.
    configured = Cleaner(CleanConfig())
    around: list[list[bool]] = []
    for held in DEVELOPMENT:
        model = train([p for split in DEVELOPMENT if split != held for p in by_split[split]])
        with (patch("agents.chrome.chrome_line_model", lambda model=model: model),
              patch("agents.clean.chrome_line_model", lambda model=model: model)):
            around += [wirewatch_decisions(page, configured) for page in by_split[held]]
    result = score(order, around)[0]
    print(f"  as configured (tail at {CleanConfig().chrome_line_threshold}, around the headline at "
          f"{ABOVE_HEADLINE_CHROME}): P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}")
    if args.write:
        model = train(order)
        target = ROOT / "agents" / "resources" / "chrome_lines.json.gz"
        payload = {"intercept": round(model.intercept, 5),
                   "weights": {g: round(w, 5) for g, w in sorted(model.weights.items())}}
        target.write_bytes(gzip.compress(json.dumps(payload, ensure_ascii=False).encode(), mtime=0))
        print(f"wrote {target.relative_to(ROOT)}: {len(model.weights):,} n-grams")


if __name__ == "__main__":
    main()
