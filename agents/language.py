"""Language identification: py3langid's model, scored with numpy instead of its per-byte loop.

py3langid walks a text's bytes through its n-gram automaton one Python step at a time and scores
the features with a float16 table that numpy converts to float32 on every call: ~0.47 ms for a
1,000-character sample, a quarter of the clean stage. The automaton's state after a byte is the
longest feature prefix ending there, at most `MODEL_DEPTH` bytes long, so it depends only on the
last `MODEL_DEPTH` bytes: walking that many steps over every position at once finds the same
states. With the table converted once, the same features and scores (tests/unit/test_language.py)
cost ~0.19 ms. The price is memory: the float32 table takes 57 MB instead of 28 MB.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

import numpy as np
import numpy.typing as npt

# The longest feature prefix in py3langid 0.4.0's model, in bytes (the test checks it against
# the automaton: the greatest distance of any state from the start).
MODEL_DEPTH = 6


class LanguageModel:
    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loading the model costs ~0.3 s

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self.next_state = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32).astype(np.int32)
        self.row_start = np.asarray(identifier.tk_row, dtype=np.int32) << 8
        self.feature_of_state = np.asarray(identifier.tk_output, dtype=np.int32)
        self.feature_weights = np.asarray(identifier.nb_ptc, dtype=np.float32)
        self.prior = np.asarray(identifier.nb_pc, dtype=np.float32)
        self.languages: list[str] = list(identifier.nb_classes)
        # A language with two columns (a script alias, e.g. srl and sr) keeps the sum in its first.
        first: dict[str, int] = {}
        self.aliases: list[tuple[int, int]] = []
        for column, lang in enumerate(self.languages):
            if lang in first:
                self.aliases.append((first[lang], column))
            else:
                first[lang] = column

    @staticmethod
    def encode(text: str) -> bytes:
        """The bytes py3langid reads: all-capital text in lower case, NFC, UTF-8."""
        if text.isupper():
            text = text.lower()
        return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")

    def features(self, data: bytes) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """The model's features found in `data` and how often each occurs."""
        symbols = np.frombuffer(data, dtype=np.uint8).astype(np.int32)
        length = len(symbols)
        states = np.zeros(length, dtype=np.int32)
        # Position i reads bytes i-k for k = MODEL_DEPTH-1 down to 0; positions nearer the start
        # than k read fewer bytes, as the walk from the text's first byte does.
        for k in range(min(MODEL_DEPTH, length) - 1, -1, -1):
            states[k:] = self.next_state[self.row_start[states[k:]] + symbols[: length - k]]
        found = self.feature_of_state[states]
        features, counts = np.unique(found[found >= 0], return_counts=True)
        return features, counts

    def classify(self, text: str) -> tuple[str, float]:
        """The most probable language and its probability (normalised as py3langid's norm_probs)."""
        data = self.encode(text)
        features, counts = self.features(data)
        if len(features):
            scores = np.log1p(counts.astype(np.float32)) @ self.feature_weights[features] + self.prior
        else:
            scores = np.zeros(len(self.languages), dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for kept, alias in self.aliases:
            scores[kept] += scores[alias]
            scores[alias] = 0.0
        best = int(scores.argmax())
        return self.languages[best], float(scores[best])


@lru_cache(maxsize=1)
def language_model() -> LanguageModel:
    return LanguageModel()
