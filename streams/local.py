"""Local processes for the demo and the test suite: the development broker and worker subprocesses."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
BROKER_SCRIPT = REPO / "deploy" / "kafka" / "broker.sh"


_EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_handed_out: set[int] = set()


def _ports_outside_ephemeral_range() -> range:
    """Ports the kernel never gives an outgoing connection. A port found by binding to 0 lies inside
    that range, and a Kafka client's connection can take it before the worker binds it (seen in CI:
    a worker's metrics server failed with "Address already in use")."""
    try:
        low, high = (int(part) for part in _EPHEMERAL_RANGE.read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999  # Linux's default
    return range(10000, low) if low > 11000 else range(high + 1, 65536)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now, no outgoing connection will take
    and this process has not handed out before."""
    candidates = _ports_outside_ephemeral_range()
    for port in random.sample(candidates, min(500, len(candidates))):
        if port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {candidates}")


def broker(action: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run deploy/kafka/broker.sh start|stop|status."""
    return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        ["bash", str(BROKER_SCRIPT), action],  # noqa: S607
        check=check, text=True, capture_output=action == "status",
    )


def broker_running() -> bool:
    return broker("status", check=False).returncode == 0


class WorkerProcess:
    """`wirewatch worker` in a subprocess, with its log in a file and a clean stop."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            cwd=REPO, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_for_metrics(self, port: int, timeout: float = 60.0) -> None:
        """The metrics endpoint answers once the worker has built its stages."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"worker exited early; see {self.log_path}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"worker metrics not up after {timeout} s; see {self.log_path}")

    def wait_ready(self, port: int, timeout: float = 90.0) -> None:
        """Until the worker reports wirewatch_worker_ready 1: partitions assigned, tables
        recovered, fetching."""
        self.wait_for_metrics(port, timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"worker exited early; see {self.log_path}:\n{self.tail()}")
            if "wirewatch_worker_ready 1.0" in fetch_metrics(port):
                return
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready after {timeout} s; see {self.log_path}")

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self._log:
            self._log.close()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL: the crash a restart test needs."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def fetch_metrics(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode("utf-8")
