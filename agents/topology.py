r"""The pipeline, top to bottom: each agent is its input topic, its stage and where results go.

raw -> clean -> tag -> dedup -> alert -> enriched + alerts      (failures -> dead letters)
                          \-> stories (compacted)    ^ alert-rules (compacted, followed live)
                                                             alerts -> webhooks (optional)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import faust

from agents.alert import AlertOutcome
from agents.registry import build_stage
from agents.wiring import (
    Output,
    TableStoryIndex,
    TableTemplates,
    deliver_alerts,
    follow_rules,
    run_stage,
)
from streams import metrics, topics
from streams.app import bytes_table, table, topic
from streams.schemas import ClusteredArticle
from streams.settings import WirewatchSettings
from streams.topics import TopicSpec


def stage_overrides(settings: WirewatchSettings, name: str) -> dict[str, Any]:
    overrides = dict(settings.stages.get(name, {}))
    if name == "alert" and settings.rules_file is not None:
        overrides.setdefault("rules_file", settings.rules_file)
    return overrides


def build_topology(app: faust.App, settings: WirewatchSettings) -> None:
    """Register the four agents and their state tables on `app`; stages are validated here."""
    t = {spec: topic(app, settings, spec) for spec in topics.PIPELINE}
    dead_letters = t[topics.DEAD_LETTERS]

    def to(spec: TopicSpec, key: str = "id") -> Any:
        def route(result: Any) -> Iterable[Output]:
            yield spec, t[spec], getattr(result, key), result
        return route

    def fan_out(outcome: AlertOutcome) -> Iterable[Output]:
        yield topics.ENRICHED, t[topics.ENRICHED], outcome.article.id, outcome.article
        for alert in outcome.alerts:
            metrics.ALERTS_RAISED.labels(alert.kind).inc()
            yield topics.ALERTS, t[topics.ALERTS], alert.alert_id, alert

    # State tables: partitions match the topic of the agent that writes them.
    dedup_partitions = topics.TAGGED.partitions
    story_index = TableStoryIndex(
        table(app, "dedup-articles", dedup_partitions, "article id -> what dedup remembers"),
        table(app, "dedup-hashes", dedup_partitions, "body hash -> first article id"),
        table(app, "dedup-stories", dedup_partitions, "story id -> story summary"),
        bytes_table(app, "dedup-near", dedup_partitions, "near-duplicate index: LSH postings and signatures"),
        bytes_table(app, "dedup-passages", dedup_partitions, "shared-passage index: winnowed fingerprints"),
        table(app, "dedup-frequencies", dedup_partitions, "term or entity -> articles carrying it (idf)"),
    )
    alert_state = table(
        app, "alert-state", topics.CLUSTERED.partitions, "story id -> first seen, outlets, rules fired"
    )

    templates = TableTemplates(
        table(app, "clean-templates", topics.RAW.partitions, "outlet|line -> articles seen", by_key=True)
    )
    clean = build_stage("clean", stage_overrides(settings, "clean"), templates=templates)
    tag = build_stage("tag", stage_overrides(settings, "tag"))
    dedup = build_stage("dedup", stage_overrides(settings, "dedup"), index=story_index)
    # Rules: the file's at start, then the alert-rules topic's, followed while the worker runs.
    alert = build_stage("alert", stage_overrides(settings, "alert"), state=alert_state)
    rules_synced = asyncio.Event()

    @app.task
    async def rules_follower() -> None:
        await follow_rules(settings, alert.book, rules_synced, dead_letters)

    def clustered_and_story(article: ClusteredArticle) -> Iterable[Output]:
        yield topics.CLUSTERED, t[topics.CLUSTERED], article.story_id, article
        summary = dedup.summary(article.story_id)  # the story as it is now, this article included
        if summary is not None:
            yield topics.STORIES, t[topics.STORIES], summary.story_id, summary

    @app.agent(t[topics.RAW], name="clean_agent")
    async def clean_agent(stream: faust.StreamT) -> None:
        await run_stage(stream, clean, topics.RAW, to(topics.CLEAN), dead_letters)

    @app.agent(t[topics.CLEAN], name="tag_agent")
    async def tag_agent(stream: faust.StreamT) -> None:
        await run_stage(stream, tag, topics.CLEAN, to(topics.TAGGED), dead_letters)

    @app.agent(t[topics.TAGGED], name="dedup_agent")
    async def dedup_agent(stream: faust.StreamT) -> None:
        await run_stage(stream, dedup, topics.TAGGED, clustered_and_story, dead_letters)

    @app.agent(t[topics.CLUSTERED], name="alert_agent")
    async def alert_agent(stream: faust.StreamT) -> None:
        await rules_synced.wait()  # no article is judged by a partial rule set
        await run_stage(stream, alert, topics.CLUSTERED, fan_out, dead_letters, final=True)

    if settings.webhooks:
        @app.agent(t[topics.ALERTS], name="webhook_agent")
        async def webhook_agent(stream: faust.StreamT) -> None:
            await deliver_alerts(stream, list(settings.webhooks), dead_letters)
