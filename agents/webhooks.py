"""Alerts to webhooks: signed POSTs with retries; an alert never accepted becomes a dead letter.

Its own consumer group over the alerts topic; an alert's offset is committed after its
deliveries are settled, so a crash re-delivers (receivers dedupe by the alert id, which the
payload and the X-Wirewatch-Alert header carry).
"""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from agents import webhook
from streams import codec, metrics
from streams.connection import client_options
from streams.errors import DecodeError
from streams.flow import dead_letter
from streams.schemas import Alert
from streams.settings import WebhookTarget, WirewatchSettings
from streams.topics import ALERTS, DEAD_LETTERS

log = logging.getLogger(__name__)


async def deliver_alerts(settings: WirewatchSettings, targets: list[WebhookTarget], stopping: asyncio.Event) -> None:
    consumer = AIOKafkaConsumer(
        settings.topic_name(ALERTS.name), **client_options(settings),
        group_id=f"{settings.app_id}.webhooks", enable_auto_commit=False, auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    dead_letters = settings.topic_name(DEAD_LETTERS.name)
    try:
        await consumer.start()
        await producer.start()
        async with aiohttp.ClientSession() as session:
            while not stopping.is_set():
                batch = await consumer.getmany(timeout_ms=500, max_records=50)
                for tp, records in batch.items():
                    for record in records:
                        problem: Exception | None = None
                        try:
                            alert = codec.decode(record.value, Alert)
                        except DecodeError as exc:
                            metrics.STAGE_FAILURES.labels("webhook", exc.kind).inc()
                            problem = exc
                        else:
                            for target in targets:
                                if webhook.wants(target, alert):
                                    failed = await _post(session, target, alert, record.value or b"")
                                    if failed is not None:
                                        problem = WebhookError(failed)
                        if problem is not None:
                            letter = dead_letter(
                                "webhook", record.topic, record.partition, record.offset,
                                record.key.decode("utf-8", "replace") if record.key else None, record.value, problem,
                            )
                            await producer.send_and_wait(
                                dead_letters, codec.encode(letter), key=letter.key.encode() if letter.key else None
                            )
                    if records:
                        await consumer.commit({TopicPartition(tp.topic, tp.partition): records[-1].offset + 1})
    finally:
        await asyncio.gather(consumer.stop(), producer.stop(), return_exceptions=True)


class WebhookError(Exception):
    """A webhook that did not accept an alert after every attempt."""


async def _post(session: aiohttp.ClientSession, target: WebhookTarget, alert: Alert, body: bytes) -> str | None:
    """None once delivered; else why the last attempt failed."""
    secret = target.secret()
    problem = "not attempted"
    for attempt, delay in enumerate([0.0, *target.delays()], start=1):
        if delay:
            metrics.WEBHOOK_DELIVERIES.labels("retried").inc()
            await asyncio.sleep(delay)
        stamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            webhook.SIGNATURE_HEADER: webhook.sign(secret, stamp, body),
            webhook.TIMESTAMP_HEADER: str(stamp),
            "X-Wirewatch-Alert": alert.alert_id,
        }
        try:
            timeout = aiohttp.ClientTimeout(total=target.timeout_seconds)
            async with session.post(target.url, data=body, headers=headers, timeout=timeout) as response:
                if 200 <= response.status < 300:
                    metrics.WEBHOOK_DELIVERIES.labels("delivered").inc()
                    return None
                problem = f"HTTP {response.status} from {target.url}"
                if 400 <= response.status < 500 and response.status not in (408, 429):
                    break  # the receiver refuses this alert: retrying will not change its mind
        except (aiohttp.ClientError, TimeoutError) as exc:
            problem = f"{type(exc).__name__} posting to {target.url}: {exc}"
        log.warning("webhook attempt %d for alert %s failed: %s", attempt, alert.alert_id, problem)
    metrics.WEBHOOK_DELIVERIES.labels("failed").inc()
    return f"{problem} (after {attempt} attempts)"


