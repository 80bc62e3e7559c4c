"""Story vectors: language-aware word weights, character 4-grams, centroids."""

from __future__ import annotations

import math

from agents.storyvectors import (
    centroid_norm,
    char_vector,
    content_words,
    cosine_with_centroid,
    grow_centroid,
    word_idf,
)


def test_word_weights_follow_the_article_language() -> None:
    # "the" is a function word in English and a rare string in German
    assert word_idf("the", "en") < 3 < word_idf("the", "de")
    assert word_idf("und", "de") < 3 < word_idf("und", "en")
    assert [w for w, _ in content_words("Die Polizei und der Zoll", "de")] == ["polizei", "zoll"]
    assert [w for w, _ in content_words("The police and the customs", "en")] == ["police", "customs"]


def cosine(a: str, b: str) -> float:
    va, vb = char_vector(content_words(a, "de")), char_vector(content_words(b, "de"))
    return cosine_with_centroid(va, vb, centroid_norm(vb))


def test_character_grams_match_inflections_and_compounds() -> None:
    same_event = cosine("Mindestens 16 Tote bei Kämpfen in mexikanischem Gefängnis",
                        "16 Tote bei Massenschlägerei in Gefängnis in Mexiko")
    other_event = cosine("Mindestens 16 Tote bei Kämpfen in mexikanischem Gefängnis",
                         "Bürgermeister setzt Sprechstunden im Rathaus fort")
    assert same_event > 0.3
    assert other_event < 0.05


def test_a_centroid_decays_and_keeps_its_heaviest_features() -> None:
    first = {"a": 0.8, "b": 0.6}
    second = {"c": 1.0}
    centroid = grow_centroid(grow_centroid({}, first, 1.0, 10), second, 0.5, 10)
    assert centroid == {"a": 0.4, "b": 0.3, "c": 1.0}  # the older article counts half
    assert grow_centroid(centroid, {}, 1.0, 2) == {"c": 1.0, "a": 0.4}
    # an article identical to the centroid's direction scores 1; one sharing nothing, 0
    assert math.isclose(cosine_with_centroid({"a": 0.8, "b": 0.6}, first, centroid_norm(first)), 1.0)
    assert cosine_with_centroid({"z": 1.0}, first, centroid_norm(first)) == 0.0


def test_an_unknown_language_weighs_every_word_alike() -> None:
    words = content_words("kala ya samaki", "xx")
    assert {idf for _, idf in words} == {7.0}
