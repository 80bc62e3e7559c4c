"""The crash harness, small (tests/crash.py): 500 articles at 25/s through two workers, five
kill -9s at random moments with immediate restarts, one broker restart. The full version is
tests/benchmarks/bench_crash.py."""

from __future__ import annotations

import pytest

from streams.settings import WirewatchSettings
from tests.crash import run_harness

pytestmark = pytest.mark.integration


@pytest.mark.timeout(600)
def test_at_least_once_loses_nothing_under_kills_and_a_broker_restart(kafka: WirewatchSettings) -> None:
    # `kafka`: the session's broker has resolved the jars the harness's own broker shares.
    report = run_harness(count=500, rate=25.0, kills=5, broker_restart=True, guarantee="at_least_once", seed=11)
    print(report.summary())
    assert report.kills == 5 and report.broker_restarts == 1
    assert report.lost == [], report.summary()
    assert report.inconsistent == [], report.summary()
    assert report.alerts_missing == [], report.summary()
    # Redelivery is bounded by what was in flight: at most a batch per processor per fault.
    assert report.extra_copies <= (report.kills + report.broker_restarts) * 2 * 200, report.summary()


@pytest.mark.timeout(600)
def test_exactly_once_neither_loses_nor_duplicates(kafka: WirewatchSettings) -> None:
    report = run_harness(count=500, rate=25.0, kills=5, broker_restart=True, guarantee="exactly_once", seed=12)
    print(report.summary())
    assert report.kills == 5 and report.broker_restarts == 1
    assert report.lost == [], report.summary()
    assert report.duplicated == {}, report.summary()
    assert report.tagged_duplicated == 0, report.summary()
    assert report.inconsistent == [], report.summary()
    assert report.alerts_missing == [] and report.alerts_unexpected == [], report.summary()
