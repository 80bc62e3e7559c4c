"""Webhook delivery of alerts, the pure part: which alerts go where, the signature, the retry schedule.

A receiver checks a delivery by recomputing the signature over the timestamp and the exact body:
    X-Wirewatch-Signature: sha256=hex(HMAC-SHA256(secret, f"{timestamp}.{body}"))
and rejects old timestamps, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac

from streams.schemas import Alert
from streams.settings import SEVERITY_ORDER, WebhookTarget

SIGNATURE_HEADER = "X-Wirewatch-Signature"
TIMESTAMP_HEADER = "X-Wirewatch-Timestamp"


def wants(target: WebhookTarget, alert: Alert) -> bool:
    return (not target.rules or alert.rule_id in target.rules) and (
        SEVERITY_ORDER[alert.severity] >= SEVERITY_ORDER[target.min_severity]
    )


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: bytes, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
