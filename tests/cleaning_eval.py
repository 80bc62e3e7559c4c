"""The cleaning evaluation set (tests/data/cleaning and the seeds) and line-level scoring."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from tests.builders import LABELS as SEED_LABELS
from tests.builders import REPO, SEEDS_DIR

EVAL_DIR = REPO / "tests" / "data" / "cleaning"


@dataclass(frozen=True)
class LabelledPage:
    id: str
    outlet: str
    split: str  # dev: used while writing the rules; test: only ever measured
    lines: list[str]  # the raw page, line by line
    labels: list[str]  # per line: T headline, A article, B boilerplate, - blank

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def load_eval_set() -> list[LabelledPage]:
    index = json.loads((EVAL_DIR / "index.json").read_text("utf-8"))
    pages = []
    for entry in index:
        rows = (EVAL_DIR / f"{entry['id']}.tsv").read_text("utf-8").split("\n")[:-1]
        labels, lines = zip(*(row.split("\t", 1) for row in rows), strict=True)
        pages.append(LabelledPage(entry["id"], entry["outlet"], entry["split"], list(lines), list(labels)))
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        meta = SEED_LABELS[path.name]
        lines = path.read_text("utf-8").splitlines()
        headline = {meta["title"], meta["kicker"]}
        labels = [
            "-" if not line.strip() else "T" if n in headline else "B" if n in meta["junk"] else "A"
            for n, line in enumerate(lines, start=1)
        ]
        pages.append(LabelledPage(f"seed-{path.stem[:3]}", f"seed-{path.stem[:3]}", "dev", lines, labels))
    return pages


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, keep: bool, truth: bool, weight: int = 1) -> None:
        if keep and truth:
            self.tp += weight
        elif keep:
            self.fp += weight
        elif truth:
            self.fn += weight

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pages: list[LabelledPage], decisions: list[list[bool]]) -> tuple[Score, Score]:
    """Line-level and character-weighted scores; positives are headline and article lines."""
    by_line, by_char = Score(), Score()
    for page, keeps in zip(pages, decisions, strict=True):
        labelled = [(line, label) for line, label in zip(page.lines, page.labels, strict=True) if label != "-"]
        assert len(labelled) == len(keeps), f"{page.id}: {len(keeps)} decisions for {len(labelled)} lines"
        for (line, label), keep in zip(labelled, keeps, strict=True):
            truth = label in "TA"
            by_line.add(keep, truth)
            by_char.add(keep, truth, len(line.strip()))
    return by_line, by_char


def wirewatch_decisions(page: LabelledPage, cleaner) -> list[bool]:
    cleaned = cleaner.classify(page.text)
    decided = {line.index: line.keep for line in cleaned.lines}
    return [decided.get(i, False) for i, label in enumerate(page.labels) if label != "-"]


def justext_decisions(page: LabelledPage) -> list[bool]:
    """jusText on the plain text, one <p> per line (its paragraph unit), German stoplist."""
    import justext

    lines = [line for line, label in zip(page.lines, page.labels, strict=True) if label != "-"]
    document = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(document, justext.get_stoplist("German"))
    if len(paragraphs) != len(lines):  # a line jusText could not see as a paragraph: not kept
        by_text: dict[str, bool] = {}
        for p in paragraphs:
            by_text.setdefault(p.text.strip(), not p.is_boilerplate)
        return [by_text.get(" ".join(line.split()), False) for line in lines]
    return [not p.is_boilerplate for p in paragraphs]
