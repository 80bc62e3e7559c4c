from __future__ import annotations

import pytest

from agents.clean import CleanConfig, Cleaner
from agents.dedup import DedupConfig, StoryClusterer, words
from agents.neardup import compact, minhash, similarity
from agents.tag import EntityTagger, TagConfig
from streams.schemas import ClusteredArticle, RawArticle
from tests.builders import (
    UNRELATED_TEXT,
    raw_article,
    resent_with_other_chrome,
    seed_files,
    seed_raw,
)

CLEANER = Cleaner(CleanConfig())
TAGGER = EntityTagger(TagConfig())


def run(clusterer: StoryClusterer, raw: RawArticle) -> ClusteredArticle:
    return clusterer(TAGGER(CLEANER(raw)))


@pytest.fixture()
def clusterer() -> StoryClusterer:
    return StoryClusterer(DedupConfig())


def test_the_five_seeds_are_one_story_and_no_duplicates(clusterer: StoryClusterer) -> None:
    out = [run(clusterer, seed_raw(p)) for p in seed_files()]
    assert len({a.story_id for a in out}) == 1
    assert [a.duplicate_of for a in out] == [None] * 5


def test_a_resent_seed_with_other_chrome_is_a_duplicate_of_the_first(clusterer: StoryClusterer) -> None:
    files = seed_files()
    first = [run(clusterer, seed_raw(p)) for p in files]
    again = run(clusterer, resent_with_other_chrome(files[4], "resent"))
    assert again.duplicate_of == files[4].stem
    assert again.duplicate_similarity == 1.0 and again.duplicate_method == "exact"
    assert again.story_id == first[4].story_id


def test_an_edited_reprint_is_a_near_duplicate(clusterer: StoryClusterer) -> None:
    path = seed_files()[2]
    original = run(clusterer, seed_raw(path))
    text = path.read_text("utf-8").replace(
        "Bislang keine Ergebnisse", "Bislang keine Ergebnisse. Ein Sprecher äußerte sich nicht."
    )
    edited = run(clusterer, RawArticle(id="edited", url="x", source="other", text=text))
    assert edited.duplicate_of == original.id
    assert edited.duplicate_method == "near"
    assert 0.8 <= edited.duplicate_similarity < 1.0


def test_a_duplicate_of_a_duplicate_points_at_the_earliest(clusterer: StoryClusterer) -> None:
    path = seed_files()[1]
    run(clusterer, seed_raw(path))
    run(clusterer, resent_with_other_chrome(path, "copy-1"))
    second = run(clusterer, resent_with_other_chrome(path, "copy-2"))
    assert second.duplicate_of == path.stem


def test_an_unrelated_article_starts_its_own_story(clusterer: StoryClusterer) -> None:
    seeds = [run(clusterer, seed_raw(p)) for p in seed_files()]
    other = run(clusterer, raw_article(id="flood", text=UNRELATED_TEXT))
    assert other.story_id != seeds[0].story_id
    assert other.duplicate_of is None


def test_a_redelivered_article_gets_the_same_answer(clusterer: StoryClusterer) -> None:
    path = seed_files()[0]
    first = run(clusterer, seed_raw(path))
    again = run(clusterer, seed_raw(path))
    assert again == first


def test_story_ids_do_not_depend_on_the_process() -> None:
    a = run(StoryClusterer(DedupConfig()), seed_raw(seed_files()[0]))
    b = run(StoryClusterer(DedupConfig()), seed_raw(seed_files()[0]))
    assert a.story_id == b.story_id


def test_minhash_estimates_jaccard() -> None:
    base = words(" ".join(f"wort{i}" for i in range(400)))
    changed = base[:360] + [f"neu{i}" for i in range(40)]
    sim = similarity(compact(minhash(base)), compact(minhash(changed)))
    true = 356 / 436  # shingles shared / in the union for this edit
    assert abs(sim - true) < 0.1


def test_agency_paragraphs_are_marked_with_the_earlier_articles_that_carry_them(
    clusterer: StoryClusterer,
) -> None:
    out = {p.stem[:3]: run(clusterer, seed_raw(p)) for p in seed_files()}
    # 001 (dpa copy), then 002 and 004 reprint some of its paragraphs, cut differently.
    for reprint in ("002", "004"):
        passages = out[reprint].shared_passages
        assert passages, reprint
        assert all(out["001"].id in p.articles for p in passages)
        for p in passages:
            assert out[reprint].text[p.start : p.end].strip() and 0.5 <= p.similarity <= 1
    assert out["001"].shared_passages == []  # the first to carry them


def test_the_passage_index_finds_a_paragraph_inside_a_longer_text_and_not_unrelated_ones() -> None:
    from agents.neardup import DictByteStore
    from agents.passages import PassageIndex

    wire = ("Die Außenminister trafen sich am Freitag in Genf zu einem Gespräch über die Lage an der "
            "Grenze und vereinbarten, die Gespräche in der kommenden Woche fortzusetzen.")
    index = PassageIndex(DictByteStore())
    index.add("a", "outlet-a", wire, [(0, len(wire))], 1e9, 0.5)
    own = "Ein eigener Absatz. " + wire
    found = index.add("b", "outlet-b", own, [(0, len(own))], 1e9 + 60, 0.5)
    assert [s.article_id for s in found[0]] == ["a"] and found[0][0].outlet == "outlet-a"
    other = "Ganz andere Nachrichten aus Wien über Radwege, Baustellen und den Verkehr am Ring in dieser Woche."
    assert index.add("c", "outlet-c", other, [(0, len(other))], 1e9 + 120, 0.5) == [[]]


WIRE = ("Die Außenminister der beiden Länder trafen sich am Freitag in Genf zu einem Gespräch über die "
        "Lage an der Grenze und vereinbarten, die Gespräche in der kommenden Woche fortzusetzen.")


def _own_story(n: int) -> str:
    topics = ["den Hafen von Hamburg und seine Container", "die Ernte in Niederbayern nach dem Hagel",
              "ein Konzert im Wiener Musikverein", "den Streik der Lokführer im Regionalverkehr"]
    return (f"Unsere Redaktion berichtet heute ausführlich über {topics[n]}, mit Stimmen von Anwohnern, "
            f"Fachleuten und Vertretern der Behörden, die sich zu {topics[n]} äußerten.")


def test_a_shared_paragraph_is_marked_only_against_other_outlets(clusterer: StoryClusterer) -> None:
    first = run(clusterer, raw_article(id="first", source="heimatblatt", text=f"{_own_story(0)}\n\n{WIRE}"))
    same = run(clusterer, raw_article(id="same", source="heimatblatt", text=f"{_own_story(1)}\n\n{WIRE}"))
    other = run(clusterer, raw_article(id="other", source="kurier", text=f"{_own_story(2)}\n\n{WIRE}"))
    assert first.shared_passages == [] and same.shared_passages == []
    assert len(other.shared_passages) == 1
    passage = other.shared_passages[0]
    assert other.text[passage.start : passage.end] == WIRE
    assert passage.articles == ["first", "same"] and passage.outlets == ["heimatblatt"]


def test_a_story_summary_tracks_outlets_counts_entities_and_times(clusterer: StoryClusterer) -> None:
    files = seed_files()
    out = [run(clusterer, seed_raw(p)) for p in files]
    run(clusterer, resent_with_other_chrome(files[4], "resent"))
    summary = clusterer.summary(out[0].story_id)
    assert summary is not None
    assert summary.representative_article_id == files[0].stem
    assert summary.article_count == 6 and summary.duplicate_count == 1
    assert {"SNA", "Epoch Times", "RTL NEWS"} <= set(summary.outlets)
    top = {e.entity_id: e for e in summary.top_entities}
    assert {"Q58217", "ww:antony-blinken"} <= set(top)
    assert top["Q58217"].name == "Sergej Lawrow" and top["Q58217"].mentions >= 5
    assert summary.first_seen is None or summary.first_seen <= summary.last_seen
    assert clusterer.summary("story-unknown") is None


def test_passages_are_found_whatever_order_dated_and_undated_articles_arrive(clusterer: StoryClusterer) -> None:
    files = seed_files()  # 001 has only a month (taken as undated), 002 a day
    first = run(clusterer, seed_raw(files[1]))
    second = run(clusterer, seed_raw(files[2]))
    assert first.shared_passages == []
    assert {a for p in second.shared_passages for a in p.articles} == {files[1].stem}


def test_state_older_than_the_window_is_forgotten() -> None:
    from datetime import UTC, datetime, timedelta

    clusterer = StoryClusterer(DedupConfig(window_days=7))
    day0 = datetime(2022, 3, 1, 9, tzinfo=UTC)
    body = ("Der Gemeinderat von Oberndorf hat am Abend nach langer Debatte beschlossen, die alte "
            "Mühle am Fluss zu einem Kulturzentrum umzubauen. Die Kosten von rund vier Millionen "
            "Euro sollen zur Hälfte aus Fördermitteln des Landes kommen, der Rest aus Rücklagen. "
            "Kritik kam von der Opposition, die ein Gutachten zur Statik vermisst.")

    def article(article_id: str, days: int, text: str = body) -> ClusteredArticle:
        return run(clusterer, raw_article(id=article_id, text=text, fetched_at=day0 + timedelta(days=days)))

    first = article("first", 0)
    within = article("within", 6)
    assert within.duplicate_of == "first" and within.story_id == first.story_id
    article("later", 12, UNRELATED_TEXT)  # stream time moves on: days 0-4 leave the window
    assert clusterer.index.article("first") is None
    assert clusterer.index.story(first.story_id) is not None  # "within" (day 6) keeps it
    again = article("again", 12)
    # found through "within", the copy still in the window; named: the earliest of the chain
    assert again.duplicate_of == "first" and again.duplicate_method == "exact"
    article("much-later", 30, UNRELATED_TEXT + " Nachtrag folgt.")
    assert clusterer.index.story(first.story_id) is None
    assert clusterer.index.article("again") is None


# Written for this test: an English report of the seeds' event (Geneva, 21 January 2022), and an
# English report of another event that shares the region (Russia, Ukraine) but not the meeting.
ENGLISH_GENEVA = """US and Russia agree to keep talking after Geneva meeting

Secretary of State Antony Blinken and Foreign Minister Sergey Lavrov met in Geneva on Friday for
about ninety minutes. Blinken said the United States had not delivered a written answer to
Moscow's security demands and would present its ideas in writing next week. Lavrov said he
expected a written reply and called the talks constructive and useful. Both said they would meet
again. NATO allies and Ukraine watched the meeting closely as Russian troops stayed massed near
the Ukrainian border.
"""
ENGLISH_OTHER_EVENT = """Grain exports from Black Sea ports rise in January

Ukrainian grain exports through Black Sea ports rose sharply in January, traders in Kyiv said on
Tuesday, as buyers in Egypt and Turkey booked wheat and maize shipments ahead of the spring. Russia
also shipped more wheat than a year earlier. Prices at the port of Odesa eased slightly while
freight rates stayed high. Analysts expect the harvest of the coming summer to match last year's.
"""


def test_an_english_report_joins_the_german_story_of_the_same_event_through_entities(
    clusterer: StoryClusterer,
) -> None:
    from datetime import UTC, datetime

    german = [run(clusterer, seed_raw(p)) for p in seed_files()]
    assert all(a.language == "de" for a in german)
    day = datetime(2022, 1, 21, 18, tzinfo=UTC)
    english = run(clusterer, raw_article(id="en-geneva", source="wire.example", text=ENGLISH_GENEVA,
                                         language="en", fetched_at=day))
    assert english.language == "en"
    assert {"ww:antony-blinken", "Q58217", "Q71"} <= {e.entity_id for e in english.entities}
    assert english.story_id == german[0].story_id
    other = run(clusterer, raw_article(id="en-grain", source="wire.example", text=ENGLISH_OTHER_EVENT,
                                       language="en", fetched_at=day))
    assert other.story_id != german[0].story_id  # same region, another event


def test_an_agency_credit_alone_does_not_join_two_reports(clusterer: StoryClusterer) -> None:
    from datetime import UTC, datetime

    from streams.schemas import Entity, TaggedArticle

    def report(n: int, text: str) -> TaggedArticle:
        dpa = Entity(text="dpa", start=0, end=3, type="ORG", entity_id="ww:agency-dpa", name="dpa",
                     confidence=0.9, method="alias")
        return TaggedArticle(id=f"r{n}", url=f"https://example.org/{n}", source="example", text=text, title=None,
                             language="de", published_at=datetime(2024, 3, 1, 10, n, tzinfo=UTC), entities=[dpa])

    chips = report(1, "Die Aktie des Chipherstellers stieg nach den Quartalszahlen kräftig. Der Umsatz wuchs um "
                      "zwölf Prozent, der Gewinn verdoppelte sich. Analysten hatten weniger erwartet.")
    cars = report(2, "Die Aktie des Autoherstellers fiel nach den Quartalszahlen deutlich. Der Umsatz sank um acht "
                     "Prozent, der Gewinn brach ein. Analysten hatten mehr erwartet.")
    assert clusterer(chips).story_id != clusterer(cars).story_id
