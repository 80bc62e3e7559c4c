from __future__ import annotations

from agents.chrome import InMemoryTemplates, template_key
from agents.clean import CleanConfig, Cleaner
from tests.builders import TEMPLATE_LINE, templated_articles


def test_a_line_repeated_across_an_outlets_articles_is_learned_as_chrome() -> None:
    cleaner = Cleaner(CleanConfig(template_min_articles=3), templates=InMemoryTemplates())
    outputs = [cleaner(article) for article in templated_articles(5)]
    kept = [TEMPLATE_LINE in out.text for out in outputs]
    assert kept == [True, True, True, False, False]
    assert {"text": TEMPLATE_LINE, "rule": "outlet_template"} in [
        span.model_dump() for span in outputs[3].removed
    ]


def test_templates_are_per_outlet() -> None:
    cleaner = Cleaner(CleanConfig(template_min_articles=3), templates=InMemoryTemplates())
    for article in templated_articles(4, outlet="blatt-a"):
        cleaner(article)
    other = templated_articles(1, outlet="blatt-b")[0]
    assert TEMPLATE_LINE in cleaner(other).text


def test_a_redelivered_article_is_not_counted_twice() -> None:
    memory = InMemoryTemplates()
    key = template_key(TEMPLATE_LINE)
    for _ in range(5):
        memory.record("o", "same-article", [key])
    memory.record("o", "another", [key])
    assert memory.counts("o", [key]) == {key: 2}


def test_template_keys_ignore_case_punctuation_and_digits() -> None:
    assert template_key("7 Postings") == template_key("12 postings!")
    assert template_key("Kurz notiert") != template_key("Kurz gesagt")


def test_without_memory_nothing_is_learned() -> None:
    cleaner = Cleaner(CleanConfig())
    assert all(TEMPLATE_LINE in cleaner(a).text for a in templated_articles(5))
