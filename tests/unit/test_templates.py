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


def test_one_text_sent_under_ten_ids_keeps_its_title_and_body() -> None:
    cleaner = Cleaner(CleanConfig(), templates=InMemoryTemplates())
    article = templated_articles(1)[0]
    outputs = [cleaner(article.model_copy(update={"id": f"copy-{n}"})) for n in range(10)]
    assert all(out.text == outputs[0].text and out.title == outputs[0].title for out in outputs)
    assert all(span.rule != "outlet_template" for out in outputs for span in out.removed)


def test_a_reprint_with_other_chrome_counts_once() -> None:
    memory = InMemoryTemplates()
    cleaner = Cleaner(CleanConfig(template_min_articles=3), templates=memory)
    article = templated_articles(1)[0]
    for n, chrome in enumerate(["Zum Seitenanfang", "Startseite", "Mehr aus Wien"]):
        cleaner(article.model_copy(update={"id": f"r{n}", "text": f"{article.text}\n{chrome}\n"}))
    key = template_key(TEMPLATE_LINE)
    assert memory.counts("heimatblatt", [key]) == {key: 1}


def test_a_sentence_needs_many_distinct_articles_before_it_is_template() -> None:
    from agents.chrome import classify_lines
    from agents.clean import normalise_line, rule_context

    sentence = "Die Polizei bittet Zeugen, sich bei der nächsten Dienststelle zu melden."
    page = f"Ein Titel\n\n{'Ein Absatz mit genug Wörtern, um ein Artikel zu sein. ' * 3}\n\n{sentence}\n"
    for seen, dropped in ((3, False), (9, False), (10, True)):
        ctx = rule_context(CleanConfig(), {template_key(sentence): seen})
        lines = classify_lines(page, ctx, normalise_line).lines
        assert any(line.text == sentence and not line.keep for line in lines) is dropped, seen
