"""The Faust app and the catalogue's topics as Faust channels; nothing else lives here."""

from __future__ import annotations

from typing import Any

import faust
from faust.serializers import codecs

from streams import codec
from streams.settings import WirewatchSettings
from streams.topics import TopicSpec


class OrjsonCodec(codecs.Codec):
    """Table state and any value Faust serialises itself go through the same orjson codec."""

    def _dumps(self, obj: Any) -> bytes:
        return codec.dumps(obj)

    def _loads(self, s: bytes) -> Any:
        return codec.loads(s)


codecs.register("orjson", OrjsonCodec())


def create_app(settings: WirewatchSettings) -> faust.App:
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # Faust does not create parents
    return faust.App(
        settings.app_id,
        broker=settings.broker_url,
        datadir=str(settings.data_dir),
        store="memory://",
        autodiscover=False,
        web_enabled=False,
        processing_guarantee="at_least_once",
        broker_session_timeout=settings.broker_session_timeout,
        broker_rebalance_timeout=settings.broker_rebalance_timeout,
        broker_heartbeat_interval=settings.broker_heartbeat_interval,
        # Our topics exist before the worker starts (`wirewatch topics create`); Faust creates
        # only its internal ones (table changelogs).
        topic_allow_declare=True,
        table_cleanup_interval=30.0,
        consumer_auto_offset_reset="earliest",
    )


def table(app: faust.App, name: str, partitions: int, help: str) -> faust.Table:
    """A changelog-backed table whose values (plain JSON data) use the orjson codec."""
    tbl = app.Table(name, partitions=partitions, key_type=str, help=help)
    # Faust derives a table's value serializer from its value type (json for plain values);
    # set it before first use, when the store and changelog producer pick it up.
    tbl.value_serializer = "orjson"
    return tbl


def topic(app: faust.App, settings: WirewatchSettings, spec: TopicSpec) -> faust.TopicT:
    """Raw bytes in and out: decoding happens inside the stage wiring's dead-letter boundary."""
    return app.topic(
        settings.topic_name(spec.name),
        key_type=str,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=spec.partitions,
        internal=False,
    )
