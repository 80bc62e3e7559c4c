from __future__ import annotations

from agents.tag import EntityBase
from tests.linking_eval import load_nonlinks, load_variants


def test_lists_are_large_enough_and_resolvable() -> None:
    variants = load_variants(EntityBase.load())  # raises if a canonical alias is unknown
    assert len(variants) >= 200
    assert len({v.text for v in variants}) == len(variants)
    nonlinks = load_nonlinks()
    assert len(nonlinks) >= 200
    assert not {v.text for v in variants} & set(nonlinks)
