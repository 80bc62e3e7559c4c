from __future__ import annotations

import pytest

from agents.ner import NerModel, chunks, sentences, shape, span_scores, tokenize


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel()


def words_of(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_tokens_split_punctuation_and_keep_compounds_and_numbers() -> None:
    text = 'Die Nato-Außenminister ("NAto") trafen sich am 12.03.2022 in Genf, sagte Dr. Meier.'
    assert words_of(text) == [
        "Die", "Nato-Außenminister", "(", '"', "NAto", '"', ")", "trafen", "sich", "am", "12.03.2022",
        "in", "Genf", ",", "sagte", "Dr", ".", "Meier", ".",
    ]
    for start, end in tokenize(text):
        assert text[start:end].strip() == text[start:end] != ""


def test_sentences_end_at_stops_before_capitals_but_not_after_abbreviations() -> None:
    text = "Er kam um 9 Uhr. Dann sprach Dr. Meier mit z. B. Anna.\nNeue Zeile"
    cut = [" ".join(text[s:e] for s, e in sentence) for sentence in sentences(text, tokenize(text))]
    assert cut == ["Er kam um 9 Uhr .", "Dann sprach Dr . Meier mit z . B . Anna .", "Neue Zeile"]


def test_shape_collapses_runs() -> None:
    assert shape("Baerbock") == "Xxx"
    assert shape("NATO-Gipfel2022") == "XX-Xxxdd"


def test_chunks_read_iob2_and_open_a_chunk_at_a_stray_inside_tag() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-LOC"]
    assert chunks(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 7, "LOC")]


def test_span_scores_are_strict_on_span_and_label() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOCderiv"], ["B-ORG", "O"]]
    predicted = [["B-PER", "O", "O", "B-LOCderiv"], ["B-ORG", "O"]]
    scores = span_scores(gold, predicted)
    assert (scores["all"].true_positives, scores["all"].false_positives, scores["all"].false_negatives) == (2, 1, 1)
    assert scores["PER"].f1 == 0.0
    assert scores["all"].f1 == pytest.approx(66.666, abs=0.01)
    base = span_scores(gold, predicted, base_types=True)
    assert set(base) == {"PER", "LOC", "ORG", "all"}


def test_model_finds_names_it_was_not_given(model: NerModel) -> None:
    # None of these names is in the entity base: the model must find them from context.
    text = "Die Bürgermeisterin Henriette Schwarzkopf besuchte am Montag die Firma Keramikwerke Oberndorf in Passau."
    spans = {text[s.start : s.end]: s.base_type for s in model.spans(text)}
    assert spans.get("Henriette Schwarzkopf") == "PER", spans
    assert spans.get("Passau") == "LOC", spans
    for span in model.spans(text):
        assert 0 < span.confidence <= 1


def test_model_tags_every_token_of_a_sentence(model: NerModel) -> None:
    words = ["Angela", "Merkel", "sprach", "in", "Paris", "."]
    tags = model.tag_tokens(words)
    assert len(tags) == len(words)
    assert tags[0] == "B-PER" and tags[1] == "I-PER" and tags[4] == "B-LOC"
    assert model.tag_tokens([]) == []
