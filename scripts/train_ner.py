"""Train Wirewatch's German NER model from the open corpora in ../shared/data.

    .venv/bin/python scripts/train_ner.py [--out DIR] [--holdout] [--corpora germeval_dev_12 ...]

Steps, all deterministic (fixed seeds, sorted inputs, one worker thread):
1. word clusters: word2vec (gensim) over the sentences of every corpus but GermEval test, labels
   unused (the SmartData documents are the SmartData corpus's sentences); k-means on the vectors at three granularities;
2. gazetteer: word -> classes, from the entity base (aliases by type), the extended base (names of
   people, regions and parties by type) and the shared place and surname lists;
3. a CRF (python-crfsuite, L-BFGS with L1+L2) on GermEval 2014 dev (12 outer labels), with the
   other corpora's sentences added where they help (see BENCHMARKS.md).
GermEval 2014 test is never read here. `--holdout` trains on 80 % of GermEval dev and prints
span F1 on the rest: the number used to choose features and parameters.
Output: model.crfsuite, clusters.tsv.gz, gazetteer.tsv.gz in agents/resources/ner/.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
import re
import sys
import time
import unicodedata
import zlib
from pathlib import Path

import numpy as np
import pycrfsuite

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from agents.ner import Featurizer, WordResources, general_frequencies, read_conll, span_scores  # noqa: E402
from agents.tag import ADJECTIVE_ENDINGS, EntityBase  # noqa: E402

DATA = REPO.parent / "shared" / "data"
OUT = REPO / "agents" / "resources" / "ner"
UNLABELLED = ["germeval_dev", "smartdata_all", "mobie_train", "mobie_dev", "mobie_test",
              "europeana_lft", "europeana_onb", "europeana_sbb", "ler_dev", "ler_test"]
CLUSTER_SIZES = (32, 128, 512)


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def unlabelled_sentences() -> list[list[str]]:
    out = []
    for name in UNLABELLED:
        out.extend([token for token, _ in s] for s in read_conll(DATA / "ner" / f"{name}.tsv"))
    return out


def stable_hash(text: str) -> int:
    """gensim seeds each word's vector with a hash; Python's own changes per process."""
    return zlib.crc32(text.encode("utf-8"))


def build_clusters(corpus: list[list[str]]) -> dict[str, str]:
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    lowered = [[w.lower() for w in s] for s in corpus]
    model = Word2Vec(lowered, vector_size=100, window=5, min_count=3, workers=1, seed=7, epochs=10, sg=1,
                     hashfxn=stable_hash)
    words = sorted(model.wv.key_to_index)
    vectors = np.array([model.wv[w] for w in words])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = []
    for k in CLUSTER_SIZES:
        labels.append(KMeans(n_clusters=k, n_init=1, random_state=7).fit_predict(vectors))
    return {w: "|".join(f"{lab[i]:03d}" for lab in labels) for i, w in enumerate(words)}


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text).lower()


def build_gazetteer() -> dict[str, set[str]]:
    gaz: dict[str, set[str]] = {}

    def add(word: str, cls: str) -> None:
        word = word.strip().lower()
        if len(word) >= 2 and not word.isdigit():
            gaz.setdefault(word, set()).add(cls)

    for entity in EntityBase.load().entities:
        for stem in entity.adjectives:
            for ending in ADJECTIVE_ENDINGS:
                add(stem + ending, "ebADJ")
        for demonym in entity.demonyms:
            add(demonym, "ebDEM")
        for alias in [entity.name, *entity.aliases]:
            words = alias.split()
            for index, word in enumerate(words):
                if word[:1].isupper():
                    add(word, f"eb{entity.type}" if len(words) == 1 else f"eb{entity.type}{'L' if index == len(words) - 1 else 'F'}")
    # The extended base (agents/resources/entities_extended.tsv.gz: Pantheon, Bundestag, regions,
    # parties): its names' words by type and place in the name, a class of their own ("xb").
    # On the GermEval dev holdout: 12 labels 61.4 -> 62.2, base types 65.0 -> 65.3.
    extended = (REPO / "agents" / "resources" / "entities_extended.tsv.gz").read_bytes()
    for row in csv.DictReader(io.StringIO(gzip.decompress(extended).decode("utf-8")), delimiter="\t"):
        for alias in row["aliases"].split(" | "):
            words = alias.split()
            for index, word in enumerate(words):
                if word[:1].isupper():
                    place = "" if len(words) == 1 else ("L" if index == len(words) - 1 else "F")
                    add(word, f"xb{row['type']}{place}")
    g = DATA / "gazetteers"
    for line in (g / "city_names.txt").read_text("utf-8").splitlines():
        if " " not in line.strip():
            add(line, "city")
    for line in (g / "german_towns_osm.txt").read_text("utf-8").splitlines():
        if " " not in line.strip():
            add(line, "town")
    for line in (g / "country_names_de.txt").read_text("utf-8").splitlines():
        for word in line.split():
            if word[:1].isupper():
                add(word, "country")
    for line in (g / "surnames_germaner.txt").read_text("utf-8").splitlines():
        add(line, "surname")
    for line in (g / "intl_orgs_de.tsv").read_text("utf-8").splitlines()[1:]:
        columns = line.split("\t")
        for column in columns[1:]:
            for name in column.split("|"):
                for word in name.split():
                    if word[:1].isupper() and len(word) > 2:
                        add(word, "org")
    return gaz


def build_lexicon() -> dict[str, set[str]]:
    """Wiktionary's German nouns, every inflected form: common nouns vs names (german-nouns)."""
    import german_nouns

    classes = {"Substantiv": "noun", "Toponym": "wtopo", "Vorname": "wgiven", "Nachname": "wsurname",
               "Eigenname": "wname", "Abkürzung": "wabbr"}
    lex: dict[str, set[str]] = {}
    path = Path(next(iter(german_nouns.__path__))) / "nouns.csv"
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kinds = set(row["pos"].split(","))
            if "Wortverbindung" in kinds:
                continue
            names = kinds & {"Toponym", "Vorname", "Nachname", "Eigenname", "Abkürzung"}
            found = {classes[k] for k in names} if names else {"noun"}
            forms = {value for key, value in row.items() if key and value and key != "pos" and key != "genus" and not key.startswith("genus ")}
            for form in forms:
                if form[:1].isupper() and " " not in form:
                    for cls in found:
                        lex.setdefault(form.lower(), set()).add(cls)
    return lex


def write_table(path: Path, rows: dict[str, str]) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write("".join(f"{w}\t{v}\n" for w, v in sorted(rows.items()) if "\t" not in w and "\n" not in w).encode())


def write_resources(out: Path, clusters: dict[str, str], gaz: dict[str, set[str]], lex: dict[str, set[str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_table(out / "clusters.tsv.gz", clusters)
    write_table(out / "gazetteer.tsv.gz", {w: ",".join(sorted(c)) for w, c in gaz.items()})
    write_table(out / "lexicon.tsv.gz", {w: ",".join(sorted(c)) for w, c in lex.items()})


_PLACE_ADJECTIVE = re.compile(r"^(?:[a-zäöü]+isch|deutsch|europäisch)(?:e|en|er|es|em)?$")


def fits_germeval(sentence: list[tuple[str, str]], lexicon: dict[str, set[str]]) -> bool:
    """A sentence from a corpus without OTH and -deriv labels that those labels would not touch.

    Such corpora leave titles, events and adjectives of places (russischen) unlabelled; a sentence
    with an unlabelled capitalised word no lexicon knows, or with a place adjective, would teach
    the model that these are not entities, so it is left out.
    """
    for index, (token, tag) in enumerate(sentence):
        if tag != "O":
            continue
        if _PLACE_ADJECTIVE.match(token):
            return False
        if index > 0 and token[:1].isupper() and "noun" not in lexicon.get(token.lower(), ()):
            return False
    return True


def train(
    featurizer: Featurizer, train_sets: list[tuple[list, int]], model_path: Path, c1: float, c2: float,
    iterations: int,
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentences_, weight in train_sets:
        for sentence in sentences_:
            x = featurizer.sentence([w for w, _ in sentence])
            y = [t for _, t in sentence]
            for _ in range(weight):
                trainer.append(x, y)
    trainer.select("lbfgs")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    trainer.train(str(model_path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--holdout", action="store_true", help="train on 80%% of GermEval dev, score the rest")
    parser.add_argument("--reuse-resources", action="store_true", help="keep clusters and gazetteer in --out")
    parser.add_argument("--extra", nargs="*", default=[], help="more corpora, NAME or NAME:WEIGHT")
    parser.add_argument("--dev-weight", type=int, default=1)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()

    started = time.time()
    if not args.reuse_resources:
        corpus = unlabelled_sentences()
        log(f"unlabelled: {len(corpus)} sentences, {sum(map(len, corpus))} tokens")
        clusters = build_clusters(corpus)
        log(f"clusters: {len(clusters)} words ({time.time() - started:.0f}s)")
        write_resources(args.out, clusters, build_gazetteer(), build_lexicon())
    general_frequencies()
    featurizer = Featurizer(WordResources.read(args.out))

    dev = read_conll(DATA / "ner" / "germeval_dev_12.tsv")
    heldout: list = []
    if args.holdout:
        order = list(range(len(dev)))
        random.Random(13).shuffle(order)
        cut = len(order) // 5
        heldout = [dev[i] for i in sorted(order[:cut])]
        dev = [dev[i] for i in sorted(order[cut:])]
    train_sets: list[tuple[list, int]] = [(dev, args.dev_weight)]
    lexicon = {w: set(c) for w, c in featurizer.words.gazetteer.items()}
    for spec in args.extra:
        name, _, weight = spec.partition(":")
        extra = read_conll(DATA / "ner" / f"{name}.tsv")
        kept = [s for s in extra if fits_germeval(s, lexicon)]
        log(f"{name}: {len(kept)} of {len(extra)} sentences fit GermEval's labels")
        train_sets.append((kept, int(weight or 1)))
    model_path = args.out / ("holdout.crfsuite" if args.holdout else "model.crfsuite")
    train(featurizer, train_sets, model_path, args.c1, args.c2, args.iterations)
    log(f"trained in {time.time() - started:.0f}s: {model_path} ({model_path.stat().st_size / 1e6:.1f} MB)")
    if args.holdout:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_path))
        gold = [[t for _, t in s] for s in heldout]
        predicted = [tagger.tag(featurizer.sentence([w for w, _ in s])) for s in heldout]
        for base_types in (False, True):
            score = span_scores(gold, predicted, base_types)["all"]
            print(f"holdout {'base types' if base_types else '12 labels'}: P {score.precision:.1f} "
                  f"R {score.recall:.1f} F1 {score.f1:.1f}")
        model_path.unlink()


if __name__ == "__main__":
    main()
