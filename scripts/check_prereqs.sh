#!/usr/bin/env bash
# What `make demo` and `make test` need from the machine; one line for each thing missing.
# Usage: scripts/check_prereqs.sh demo|test
set -u
missing=0
need() {  # command, what to install
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing: $1 — install $2" >&2
    missing=1
  fi
}
need python3 "Python 3.11+ (Debian: python3 python3-venv)"
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "missing: Python 3.11+ — found $(python3 --version 2>&1)" >&2
  missing=1
fi
need java "a JDK 17+ for the Kafka broker (Debian: openjdk-17-jre-headless)"
need mvn "Maven, which fetches the broker's jars once (Debian: maven)"
if [[ "${1:-}" == "test" ]]; then
  need promtool "Prometheus's promtool, which checks the alert rules (Debian: prometheus)"
  need prometheus "Prometheus, which a test runs against a live worker (Debian: prometheus)"
  if ! command -v alertmanager >/dev/null 2>&1 && ! command -v prometheus-alertmanager >/dev/null 2>&1; then
    echo "missing: alertmanager — install Alertmanager, which a test runs (Debian: prometheus-alertmanager)" >&2
    missing=1
  fi
fi
exit $missing
