"""The stage contract, checked by the chain: declared models line up, results and emits match."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from agents.chain import Chain, StageContractError
from agents.registry import CHAINS, STAGES
from streams import topics
from streams.codec import encode
from streams.flow import Emit, failure_kind
from streams.schemas import CleanArticle, RawArticle
from tests.builders import Echo, raw_article


class Passes(Echo):
    name = "passes"


class Lies(Passes):
    name = "lies"
    output_model = CleanArticle  # declared, but it returns the raw article

    def __call__(self, item: RawArticle) -> BaseModel:
        return item


def test_a_chain_whose_models_do_not_line_up_is_refused_at_start() -> None:
    class WantsClean(Passes):
        name = "wants_clean"
        input_model = CleanArticle

    with pytest.raises(StageContractError, match="outputs RawArticle, but stage 'wants_clean' expects CleanArticle"):
        Chain("bad", [Passes(), WantsClean()], lambda item: [])


def test_a_stage_returning_other_than_it_declares_is_a_contract_failure() -> None:
    handled = Chain("c", [Lies()], lambda item: [])(encode(raw_article()))
    assert handled.failed_stage == "lies"
    assert isinstance(handled.error, StageContractError)
    assert failure_kind(handled.error) == "stage_contract"


def test_an_emit_of_the_wrong_schema_for_its_topic_is_a_contract_failure() -> None:
    chain = Chain("c", [Passes()], lambda item: [Emit(topics.ENRICHED, item.id, item)])
    handled = chain(encode(raw_article()))
    assert handled.failed_stage == "c-route"
    assert "emitted RawArticle to articles.enriched.v1" in str(handled.error)


def test_records_over_the_size_limit_are_refused_before_decoding() -> None:
    chain = Chain("c", [Passes()], lambda item: [], max_input_bytes=100)
    handled = chain(encode(raw_article(text="x " * 200)))
    assert failure_kind(handled.error) == "too_large"  # type: ignore[arg-type]
    assert "at most 100" in str(handled.error)


def test_good_records_are_emitted_with_stage_timings() -> None:
    chain = Chain("c", [Passes()], lambda item: [Emit(topics.RAW, item.id, item)])
    handled = chain(encode(raw_article(id="a9")))
    assert [e.key for e in handled.emits] == ["a9"]
    assert [name for name, _ in handled.durations] == ["passes"]


def test_every_registered_stage_runs_in_exactly_one_chain() -> None:
    assert sorted(n for names in CHAINS.values() for n in names) == sorted(STAGES)
