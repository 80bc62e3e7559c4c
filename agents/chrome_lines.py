"""How much a short line reads like a site's chrome, from its words' letter sequences; pure.

The chrome rules know phrases; a site never seen phrases its buttons, prompts and footers anew
("Weitere Kommentare laden", "Jetzt im App Store", "Abonnement kündigen"). A logistic regression
over the character 2- to 4-grams of each word (padded with spaces, as "kom", "omm", "ntar ")
generalises from the phrases it was shown to their relatives: chrome speaks of comments, apps,
subscriptions, pages and buttons, in the imperative or to "Sie"; an article's short lines speak of
its subject. Trained by scripts/train_chrome_lines.py on the short lines of the labelled cleaning
pages whose errors have been read and on the site-furniture lists; the weights ship in
agents/resources/chrome_lines.json.gz (n-gram → weight).
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from importlib import resources

NGRAM_SIZES = (2, 3, 4)


def ngrams(text: str) -> set[str]:
    """The distinct character n-grams of each word, lower-cased and padded with spaces."""
    found: set[str] = set()
    for word in text.lower().split():
        padded = f" {word} "
        for n in NGRAM_SIZES:
            found.update(padded[k : k + n] for k in range(len(padded) - n + 1))
    return found


class ChromeLineModel:
    def __init__(self, weights: dict[str, float], intercept: float) -> None:
        self.weights = weights
        self.intercept = intercept

    def probability(self, text: str) -> float:
        """The chance that the line is the site's, not the article's."""
        score = self.intercept + sum(self.weights.get(gram, 0.0) for gram in ngrams(text))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def chrome_line_model() -> ChromeLineModel:
    raw = resources.files("agents.resources").joinpath("chrome_lines.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return ChromeLineModel(data["weights"], data["intercept"])
