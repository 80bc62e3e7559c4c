"""The ports the test suite gives its brokers and workers."""

from __future__ import annotations

import socket
from pathlib import Path

from streams.local import free_port


def test_free_ports_lie_outside_the_range_outgoing_connections_take_and_do_not_repeat() -> None:
    low, high = (int(part) for part in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(not low <= port <= high for port in ports)
    with socket.socket() as sock:  # and they can be bound
        sock.bind(("127.0.0.1", ports[-1]))
