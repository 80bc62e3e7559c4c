"""The crash harness, small (tests/crash.py): for each guarantee, 300 articles at 30/s through two
workers, four kill -9s at random moments with immediate restarts, one broker restart. Each
guarantee has a broker of its own, so the two run side by side (they mostly wait: for kills,
restarts, rebalances). The full version is tests/benchmarks/bench_crash.py."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from streams.settings import WirewatchSettings
from tests.crash import Report, run_harness

pytestmark = pytest.mark.integration
COUNT, KILLS = 300, 4


@pytest.fixture(scope="module")
def reports(kafka: WirewatchSettings) -> dict[str, Report]:
    # `kafka`: the session's broker has resolved the jars the harnesses' own brokers share.
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            guarantee: pool.submit(run_harness, count=COUNT, rate=30.0, kills=KILLS, broker_restart=True,
                                   guarantee=guarantee, seed=seed)
            for guarantee, seed in (("at_least_once", 11), ("exactly_once", 12))
        }
        return {guarantee: run.result() for guarantee, run in runs.items()}


@pytest.mark.timeout(900)
def test_at_least_once_loses_nothing_under_kills_and_a_broker_restart(reports: dict[str, Report]) -> None:
    report = reports["at_least_once"]
    print(report.summary())
    assert report.kills == KILLS and report.broker_restarts == 1
    assert report.lost == [], report.summary()
    assert report.inconsistent == [], report.summary()
    assert report.alerts_missing == [], report.summary()
    # Redelivery is bounded by what was in flight: at most a batch per processor per fault.
    assert report.extra_copies <= (report.kills + report.broker_restarts) * 2 * 200, report.summary()


@pytest.mark.timeout(900)
def test_exactly_once_neither_loses_nor_duplicates(reports: dict[str, Report]) -> None:
    report = reports["exactly_once"]
    print(report.summary())
    assert report.kills == KILLS and report.broker_restarts == 1
    assert report.lost == [], report.summary()
    assert report.duplicated == {}, report.summary()
    assert report.tagged_duplicated == 0, report.summary()
    assert report.inconsistent == [], report.summary()
    assert report.alerts_missing == [] and report.alerts_unexpected == [], report.summary()
