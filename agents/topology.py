r"""The worker, top to bottom: two processors, each a consumer group running a chain of stages.

    raw --[ingest: clean -> tag]--> tagged --[analyse: dedup -> alert]--> enriched, stories, alerts
          state: outlet templates              state: dedup index, stories, alert state
          -> state.ingest.changelog             -> state.analyse.changelog
    alert-rules (compacted) --> rules follower --> the analyse processor's rule book
    alerts --> webhooks (optional)             every failure --> dead letters

ingest scales with the raw topic's partitions (4) across workers; analyse runs on the single
tagged partition, on whichever worker holds it. Delivery rules: streams.engine.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from aiokafka.errors import KafkaError

from agents import stores
from agents.alert import RuleBook
from agents.registry import State, all_overrides, build_chains
from agents.rules_follower import follow_rules
from agents.webhooks import deliver_alerts
from streams import metrics, topics
from streams.connection import diagnose, explain
from streams.engine import Processor
from streams.errors import DECODE_REASONS
from streams.settings import WirewatchSettings
from streams.state import StateStore

log = logging.getLogger(__name__)
SHUTDOWN_SECONDS = 8.0  # SIGTERM to exit, at most (a batch in flight is abandoned, not committed)


def open_store(settings: WirewatchSettings, name: str) -> StateStore:
    if settings.table_store == "memory://":
        return StateStore(None)
    return StateStore(Path(settings.data_dir) / settings.app_id / name)


def _start_series_at_zero(failure_labels: list[list[tuple[str, str]]]) -> None:
    """Every labelled series the worker can count exists from the start at 0: a counter that
    first appears at 1 is invisible to increase() and rate(), so an alert on it would never
    fire for a reason's first events. (Each processor creates its own per-processor series.)"""
    for labels in failure_labels:
        for stage, reason in labels:
            metrics.STAGE_FAILURES.labels(stage, reason).inc(0)
    metrics.STAGE_FAILURES.labels("rules", "invalid_rule").inc(0)
    for reason in DECODE_REASONS:
        metrics.STAGE_FAILURES.labels("webhook", reason).inc(0)
    for spec in (topics.TAGGED, topics.ENRICHED, topics.STORIES, topics.ALERTS, topics.DEAD_LETTERS):
        metrics.RECORDS_OUT.labels(spec.name).inc(0)
    for kind in ("entity", "keyword", "burst"):
        metrics.ALERTS_RAISED.labels(kind).inc(0)
    for outcome in ("delivered", "retried", "failed"):
        metrics.WEBHOOK_DELIVERIES.labels(outcome).inc(0)


class Worker:
    """Builds every stage first (a bad setting stops the process before it joins a group)."""

    def __init__(self, settings: WirewatchSettings) -> None:
        self.settings = settings
        self.ingest_store = open_store(settings, "ingest")
        self.analyse_store = open_store(settings, "analyse")
        chains = build_chains(all_overrides(settings), State(
            templates=stores.templates(self.ingest_store),
            story_index=stores.story_index(self.analyse_store),
            alert_state=stores.alert_state(self.analyse_store),
        ))
        self.book: RuleBook = chains.alert.book  # the rules file's, then the topic's
        _start_series_at_zero([chains.ingest.failure_labels(), chains.analyse.failure_labels()])
        self.rules_synced = asyncio.Event()
        self.stopping = asyncio.Event()
        self.processors = [
            Processor(settings, "ingest", topics.RAW, chains.ingest,
                      store=self.ingest_store, changelog=topics.INGEST_CHANGELOG),
            Processor(settings, "analyse", topics.TAGGED, chains.analyse,
                      store=self.analyse_store, changelog=topics.ANALYSE_CHANGELOG,
                      final=True, before_start=self.rules_synced),
        ]

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop)
        tasks = [asyncio.create_task(p.run(), name=f"processor-{p.name}") for p in self.processors]
        tasks.append(asyncio.create_task(
            follow_rules(self.settings, self.book, self.rules_synced, self.stopping), name="rules"))
        if self.settings.webhooks:
            tasks.append(asyncio.create_task(
                deliver_alerts(self.settings, list(self.settings.webhooks), self.stopping), name="webhooks"))
        readiness = asyncio.create_task(self._report_ready())
        stop_wait = asyncio.create_task(self.stopping.wait())
        done, _ = await asyncio.wait([*tasks, stop_wait], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            error = None if task is stop_wait else task.exception()
            if error is not None:
                why = (explain(await diagnose(self.settings, error), self.settings)
                       if isinstance(error, KafkaError) else repr(error))
                log.error("%s failed: %s; stopping the worker", task.get_name(), why)
                self.stop()
        self.stop()
        _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_SECONDS)
        for task in pending:
            task.cancel()
        readiness.cancel()
        failed = [t for t in tasks if t.done() and not t.cancelled() and t.exception() is not None]
        if failed:
            raise SystemExit(1)

    def stop(self) -> None:
        if not self.stopping.is_set():
            log.info("stopping: the batches in flight finish or are left uncommitted")
        self.stopping.set()
        self.rules_synced.set()  # a processor still waiting for the rules gives up
        for processor in self.processors:
            processor.stop()

    async def _report_ready(self) -> None:
        while True:
            metrics.WORKER_READY.set(1 if all(p.ready for p in self.processors) else 0)
            await asyncio.sleep(0.2)
