"""The linking evaluation lists (tests/data/linking) and their scoring."""

from __future__ import annotations

from dataclasses import dataclass

from agents.tag import EntityBase, EntityTagger
from tests.builders import REPO

LINKING_DIR = REPO / "tests" / "data" / "linking"


@dataclass(frozen=True)
class Variant:
    text: str
    gold_id: str
    kind: str


def _rows(name: str) -> list[str]:
    lines = (LINKING_DIR / name).read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def load_variants(base: EntityBase) -> list[Variant]:
    by_alias: dict[str, str] = {}
    for entity in base.entities:
        for alias in [entity.name, *entity.aliases]:
            by_alias.setdefault(alias, entity.id)
    out = []
    for row in _rows("variants.tsv"):
        text, canonical, kind = row.split("\t")
        if canonical not in by_alias:
            raise LookupError(f"variants.tsv: {canonical!r} is no alias of the entity base")
        out.append(Variant(text, by_alias[canonical], kind))
    return out


def load_nonlinks() -> list[str]:
    return _rows("nonlinks.txt")


def link(tagger: EntityTagger, surface: str, context: str = "") -> str | None:
    """The entity-base id the tagger gives `surface` inside an ordinary sentence, or None.

    `context`: a sentence before it (e.g. one that names the person in full). A NIL entity (a
    name the model found that links to nothing) counts as no link.
    """
    sentence = f"{context} Am Montag ging es in der Runde auch um {surface} und die Folgen.".lstrip()
    start = sentence.index(surface)
    end = start + len(surface)
    for entity in tagger.tag_text(sentence):
        if entity.start < end and entity.end > start and not entity.entity_id.startswith("nil:"):
            return entity.entity_id
    return None
