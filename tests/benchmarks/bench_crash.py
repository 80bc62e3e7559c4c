"""The crash harness at full size (tests/crash.py): N numbered articles at a steady rate through
two workers, kill -9 at random moments (with immediate restarts), one broker restart; reports
lost, duplicated and inconsistent ids per run, for both processing guarantees.

Run:  .venv/bin/pytest tests/benchmarks/bench_crash.py -s -p no:cacheprovider
      WW_CRASH_COUNT (20000), WW_CRASH_RATE (articles/s, 50), WW_CRASH_KILLS (8), WW_CRASH_RUNS (3),
      WW_CRASH_GUARANTEES (at_least_once,exactly_once)
"""

from __future__ import annotations

import os

import pytest

from tests.crash import run_harness

pytestmark = pytest.mark.timeout(4 * 3600)  # a benchmark, not a test: no per-test limit

COUNT = int(os.environ.get("WW_CRASH_COUNT", "20000"))
RATE = float(os.environ.get("WW_CRASH_RATE", "50"))
KILLS = int(os.environ.get("WW_CRASH_KILLS", "8"))
RUNS = int(os.environ.get("WW_CRASH_RUNS", "3"))
GUARANTEES = os.environ.get("WW_CRASH_GUARANTEES", "at_least_once,exactly_once").split(",")
ROWS: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def table():
    yield
    print("\n| guarantee | run | articles | kills | broker restarts | lost | duplicated ids (extra copies) "
          "| inconsistent | alerts missing/unexpected | seconds |\n|---|---|---|---|---|---|---|---|---|---|")
    for row in ROWS:
        print(row)


@pytest.mark.parametrize("run", range(RUNS))
@pytest.mark.parametrize("guarantee", GUARANTEES)
def test_crash_run(guarantee: str, run: int) -> None:
    report = run_harness(count=COUNT, rate=RATE, kills=KILLS, broker_restart=True, guarantee=guarantee,
                         seed=100 + run, settle_seconds=600)
    ROWS.append(
        f"| {guarantee} | {run + 1} | {report.produced} | {report.kills} | {report.broker_restarts} | "
        f"{len(report.lost)} | {len(report.duplicated)} ({report.extra_copies}) | {len(report.inconsistent)} | "
        f"{len(report.alerts_missing)}/{len(report.alerts_unexpected)} | {report.seconds:.0f} |"
    )
    print(report.summary())
    assert report.lost == []
    if guarantee == "exactly_once":
        assert report.duplicated == {}
