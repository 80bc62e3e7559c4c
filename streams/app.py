"""The Faust app and the catalogue's topics as Faust channels; nothing else lives here."""

from __future__ import annotations

from typing import Any

import faust
from faust.serializers import codecs

from streams import codec, metrics
from streams.settings import WirewatchSettings
from streams.topics import TopicSpec


class OrjsonCodec(codecs.Codec):
    """Table state and any value Faust serialises itself go through the same orjson codec."""

    def _dumps(self, obj: Any) -> bytes:
        return codec.dumps(obj)

    def _loads(self, s: bytes) -> Any:
        return codec.loads(s)


codecs.register("orjson", OrjsonCodec())


class WirewatchApp(faust.App):
    """Reports readiness: set once recovery has finished and the fetcher runs, cleared while the
    group rebalances. Records that arrive during a rebalance are what Faust may fail to fetch
    for a partition never read before (README, "Known issues"); readiness makes that window visible."""

    wirewatch_table_store: str | None = None  # see durable_store()

    def on_rebalance_start(self) -> None:
        metrics.WORKER_READY.set(0)
        super().on_rebalance_start()

    def on_rebalance_end(self) -> None:
        super().on_rebalance_end()
        metrics.WORKER_READY.set(1)


def create_app(settings: WirewatchSettings) -> faust.App:
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # Faust does not create parents
    app = WirewatchApp(
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
    app.wirewatch_table_store = settings.table_store
    return app


def durable_store(app: faust.App, name: str) -> str | None:
    """The configured table store (RocksDB by default) for tables written in their stream's
    partitioning. Tables written by key (`by_key`) stay in memory, rebuilt from the changelog:
    Faust's RocksDB store puts a key into the database of the *event's* partition while such a
    table sends the changelog record to the key's partition, and after a restart the outlet
    templates came back without what they had learned (tests/integration)."""
    scheme = getattr(app, "wirewatch_table_store", None)
    if scheme is None or scheme == "memory://":
        return None
    # The table name as the URL's path: Faust ignores a store URL without one ("rocksdb://"
    # is falsy for yarl) and falls back to the app's store.
    return f"{scheme.removesuffix('//')}{name}"


def table(
    app: faust.App, name: str, partitions: int, help: str, by_key: bool = False
) -> faust.Table:
    """A changelog-backed table whose values (plain JSON data) use the orjson codec.

    `by_key`: the table's keys do not follow the partitioning of the stream that writes them
    (several source partitions write the same key), so each key's changelog partition is chosen
    from the key. Otherwise a restart would replay the key's writes from several partitions in
    partition order and could end on an older value.
    """
    tbl = app.Table(name, partitions=partitions, key_type=str, help=help, use_partitioner=by_key,
                    store=None if by_key else durable_store(app, name))
    # Faust derives a table's value serializer from its value type (json for plain values);
    # set it before first use, when the store and changelog producer pick it up.
    tbl.value_serializer = "orjson"
    return tbl


def bytes_table(app: faust.App, name: str, partitions: int, help: str) -> faust.Table:
    """A changelog-backed table of raw bytes keys and values (compact binary state)."""
    tbl = app.Table(
        name, partitions=partitions, key_type=bytes, value_type=bytes, help=help, store=durable_store(app, name)
    )
    tbl.key_serializer = "raw"
    tbl.value_serializer = "raw"
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
