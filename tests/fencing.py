"""A processor fenced inside a transaction by another producer with its transactional id, in a
process of its own:
`python -m tests.fencing` with the broker and names in WIREWATCH_* variables; prints the keys
the output topic holds and whether the processor had stopped, as JSON.

In a process of its own because aiokafka logs the fenced producer's unretrieved futures with
their tracebacks, and formatting those on Python 3.11.7 can leave the interpreter's AST
recursion counter unbalanced: the next `ast.parse` in the same process (pytest rewriting a
module's asserts) then fails with "AST constructor recursion depth mismatch"."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer

from agents.chain import Chain
from streams import topics
from streams.codec import encode
from streams.engine import Processor
from streams.flow import Emit
from streams.inputs import InputRecord
from streams.kafka_io import produce, read_topic
from streams.schemas import RawArticle
from streams.settings import WirewatchSettings
from tests.builders import Echo, raw_article

SOURCE = topics.TopicSpec("echo.in.v1", RawArticle, "id", partitions=1)
TARGET = topics.TopicSpec("echo.out.v1", RawArticle, "id", partitions=1)
FIRST = [raw_article(id=f"a{i}") for i in range(5)]
SECOND = [raw_article(id=f"b{i}") for i in range(5)]


class FencedInTransaction(Processor):
    """The fence arrives inside a transaction, after it began and before its sends, as when two
    workers briefly hold the same partition: the producer learns it is fenced from a first send,
    and the processor's own sends then meet aiokafka's IllegalOperation ("Can't send messages
    while not in transaction"), which is no KafkaError (a worker of the crash harness stopped on it)."""

    fence_next = False

    async def _send_all(self, producer: AIOKafkaProducer, sends: list[Any]) -> list[Any]:
        if self.fence_next and producer is not self._producer:
            self.fence_next = False
            zombie = AIOKafkaProducer(bootstrap_servers=self.settings.bootstrap_servers,
                                      transactional_id=f"{self.group_id}.0", enable_idempotence=True)
            await zombie.start()
            await zombie.stop()
            with contextlib.suppress(Exception):  # the broker answers: fenced
                await (await producer.send(self.settings.topic_name(TARGET.name), b"{}", key=b"probe"))
        return await super()._send_all(producer, sends)


async def delivered(settings: WirewatchSettings, expected: int) -> list[str]:
    deadline = time.monotonic() + 90
    while True:
        keys = [str(r.key) for r in await read_topic(settings, TARGET, timeout=5, idle_timeout=1)]
        if len(set(keys)) >= expected or time.monotonic() > deadline:
            return keys
        await asyncio.sleep(1)


async def scenario(settings: WirewatchSettings) -> dict[str, object]:
    chain = Chain("echo", [Echo()], lambda a: [Emit(TARGET, a.id, a)])  # type: ignore[arg-type, list-item]
    processor = FencedInTransaction(settings, "echo", SOURCE, chain)
    task = asyncio.create_task(processor.run())
    await produce(settings, SOURCE, [InputRecord(a.id, encode(a), "") for a in FIRST])
    first_out = await delivered(settings, len(FIRST))
    processor.fence_next = True
    await produce(settings, SOURCE, [InputRecord(a.id, encode(a), "") for a in SECOND])
    keys = await delivered(settings, len(FIRST) + len(SECOND))
    stopped = task.done()
    processor.stop()
    await asyncio.wait_for(task, 30)
    return {"first": first_out, "keys": keys, "stopped": stopped}


if __name__ == "__main__":
    result = asyncio.run(scenario(WirewatchSettings(processing_guarantee="exactly_once")))
    sys.stdout.buffer.write(orjson.dumps(result) + b"\n")
