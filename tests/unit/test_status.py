"""`wirewatch status`: readings of /metrics turned into the screen, without a broker."""

from __future__ import annotations

from rich.console import Console

from streams import status
from streams.kafka_io import Consumed, KafkaStatus

BEFORE = """
# TYPE wirewatch_records_in_total counter
wirewatch_records_in_total{topic="articles.raw.v1"} 100
wirewatch_records_in_total{topic="articles.tagged.v1"} 90
# TYPE wirewatch_records_out_total counter
wirewatch_records_out_total{topic="articles.tagged.v1"} 90
wirewatch_records_out_total{topic="articles.enriched.v1"} 80
# TYPE wirewatch_consumer_lag_seconds gauge
wirewatch_consumer_lag_seconds{processor="ingest",partition="0"} 0
# TYPE wirewatch_stage_failures_total counter
wirewatch_stage_failures_total{stage="clean",reason="invalid_json"} 0
# TYPE wirewatch_worker_ready gauge
wirewatch_worker_ready 1
"""
AFTER = """
# TYPE wirewatch_records_in_total counter
wirewatch_records_in_total{topic="articles.raw.v1"} 140
wirewatch_records_in_total{topic="articles.tagged.v1"} 110
# TYPE wirewatch_records_out_total counter
wirewatch_records_out_total{topic="articles.tagged.v1"} 130
wirewatch_records_out_total{topic="articles.enriched.v1"} 100
# TYPE wirewatch_consumer_lag_seconds gauge
wirewatch_consumer_lag_seconds{processor="ingest",partition="0"} 3.5
wirewatch_consumer_lag_seconds{processor="ingest",partition="1"} 7.25
# TYPE wirewatch_stage_failures_total counter
wirewatch_stage_failures_total{stage="clean",reason="invalid_json"} 2
wirewatch_stage_failures_total{stage="clean",reason="schema"} 0
# TYPE wirewatch_worker_ready gauge
wirewatch_worker_ready 1
"""


def reading(text: str, at: float, url: str = "http://w1/metrics") -> status.Scrape:
    scrape = status.Scrape(at)
    scrape.add(url, text)
    return scrape


def test_rates_are_differences_per_second_and_a_restarted_counter_counts_from_zero() -> None:
    before, after = reading(BEFORE, 10.0), reading(AFTER, 20.0)
    assert status.rate(before, after, "wirewatch_records_in_total", topic="articles.raw.v1") == 4.0
    assert status.rate(None, after, "wirewatch_records_in_total") is None
    restarted = reading(BEFORE.replace(" 100\n", " 3\n"), 30.0)  # raw-in fell from 140 to 3
    assert status.rate(after, restarted, "wirewatch_records_in_total", topic="articles.raw.v1") == 0.3


def test_two_workers_add_up_and_lag_age_is_the_oldest() -> None:
    both = reading(AFTER, 20.0, "http://w1/metrics")
    both.add("http://w2/metrics", AFTER.replace("7.25", "9.5"))
    assert both.total("wirewatch_records_in_total", topic="articles.raw.v1") == 280
    assert both.largest("wirewatch_consumer_lag_seconds", processor="ingest") == 9.5


def test_screen_shows_rates_lag_failures_stories_and_alerts_within_80_columns() -> None:
    kafka = KafkaStatus(
        committed_lag={"ww.ingest": {0: 5, 1: 7}, "ww.analyse": {0: 0}},
        recent_alerts=[Consumed("ww.alerts.v1", 0, 3, "a1", b'{"rule_id": "watch-lavrov", "severity": "info", '
                                b'"summary": "Sergej Lawrow named in a story that is long enough to be cut here"}',
                                {}, 1_700_000_000_000)],
        stories_open=42,
    )
    screen = status.render("127.0.0.1:9092", status.group_ids("ww"), reading(BEFORE, 10.0), reading(AFTER, 20.0),
                           kafka, None)
    console = Console(width=80, record=True, color_system=None)
    console.print(screen)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    ingest = [cell.strip() for cell in next(line for line in text.splitlines() if "ingest" in line).split("│")]
    assert ingest[1:6] == ["ingest", "4", "4", "12", "7.2 s"]  # in/s, out/s, lag (5 + 7), oldest age
    assert "invalid_json" in text and "schema" not in text  # only reasons that happened
    assert "stories open (a summary in the last 24 h): 42" in text
    assert "watch-lavrov" in text and "ready" in text


def test_a_broker_problem_is_shown_not_raised() -> None:
    screen = status.render("x", status.group_ids("ww"), None, reading(AFTER, 20.0), None, "nothing listens at x")
    console = Console(width=80, record=True, color_system=None)
    console.print(screen)
    assert "broker: nothing listens at x" in console.export_text()
