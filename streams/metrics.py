"""Prometheus metrics, declared once in Wirewatch's own registry (names per the naming guide).

Labels are bounded: catalogue topic names, stage names, and fixed reason/outcome vocabularies.
Never an article id, URL or outlet.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

from streams import __version__

REGISTRY = CollectorRegistry(auto_describe=True)

# Stage work on news articles takes milliseconds; a backlog shows in the upper buckets.
_DURATION_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

BUILD_INFO = Info("wirewatch_build", "Wirewatch version", registry=REGISTRY)
BUILD_INFO.info({"version": __version__})

RECORDS_IN = Counter(
    "wirewatch_records_in_total", "Records consumed, by catalogue topic", ["topic"],
    registry=REGISTRY,
)
RECORDS_OUT = Counter(
    "wirewatch_records_out_total", "Records produced, by catalogue topic", ["topic"],
    registry=REGISTRY,
)
STAGE_FAILURES = Counter(
    "wirewatch_stage_failures_total",
    "Records a stage could not process (each one went to the dead-letter topic)",
    ["stage", "reason"], registry=REGISTRY,
)
STAGE_SKIPS = Counter(
    "wirewatch_stage_skipped_total", "Records a stage dropped on purpose", ["stage", "reason"],
    registry=REGISTRY,
)
STAGE_DURATION = Histogram(
    "wirewatch_stage_duration_seconds", "Time a stage spends on one record", ["stage"],
    buckets=_DURATION_BUCKETS, registry=REGISTRY,
)
END_TO_END_LATENCY = Histogram(
    "wirewatch_end_to_end_latency_seconds",
    "From the raw record's Kafka timestamp to the enriched record being sent",
    buckets=_LATENCY_BUCKETS, registry=REGISTRY,
)
ALERTS_RAISED = Counter(
    "wirewatch_alerts_total", "Alerts raised, by rule kind", ["kind"], registry=REGISTRY,
)
ALERT_RULES = Gauge(
    "wirewatch_alert_rules", "Alert rules in force (from the rules file and the alert-rules topic)",
    registry=REGISTRY,
)
WEBHOOK_DELIVERIES = Counter(
    "wirewatch_webhook_deliveries_total",
    "Webhook delivery attempts of alerts, by outcome (delivered, retried, failed)", ["outcome"],
    registry=REGISTRY,
)
CONSUMER_LAG_RECORDS = Gauge(
    "wirewatch_consumer_lag_records",
    "Records in a processor's input partition not yet processed (end offset - next offset)",
    ["processor", "partition"], registry=REGISTRY,
)
CONSUMER_LAG_SECONDS = Gauge(
    "wirewatch_consumer_lag_seconds",
    "Age of the oldest record of a processor's input partition not yet processed (0 when caught up)",
    ["processor", "partition"], registry=REGISTRY,
)
CHANGELOG_RECORDS = Counter(
    "wirewatch_changelog_records_total", "State changelog records written, by processor", ["processor"],
    registry=REGISTRY,
)
STATE_RESTORED = Counter(
    "wirewatch_state_restored_records_total", "Changelog records replayed into local state at assignment",
    ["processor"], registry=REGISTRY,
)
SEND_RETRIES = Counter(
    "wirewatch_send_retries_total",
    "Sends that failed and were retried while their input partition waited (nothing committed past them)",
    ["topic"], registry=REGISTRY,
)
PARTITION_BLOCKED = Gauge(
    "wirewatch_processor_blocked",
    "1 while a processor holds its partitions because sends fail (dead letters included)",
    ["processor"], registry=REGISTRY,
)
PROCESSOR_RESTARTS = Counter(
    "wirewatch_processor_restarts_total",
    "Times a processor lost the broker and started over with new clients (nothing past the last stored batch was committed)",
    ["processor"], registry=REGISTRY,
)
STALE_RECORDS = Counter(
    "wirewatch_stale_records_total",
    "Records the consumer delivered again below the offset already stored; dropped, not processed twice",
    ["processor"], registry=REGISTRY,
)
TRANSACTIONS_ABORTED = Counter(
    "wirewatch_transactions_aborted_total", "Exactly-once transactions aborted (the batch is re-read)",
    ["processor"], registry=REGISTRY,
)
WORKER_READY = Gauge(
    "wirewatch_worker_ready",
    "1 once the worker has its partitions, has recovered its tables and is fetching; 0 while it rebalances",
    registry=REGISTRY,
)
