"""How every Kafka client of a process connects (bootstrap, TLS, SASL), and what a connection
error means to the person who has to fix it."""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from aiokafka.conn import create_conn
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaError,
    SaslAuthenticationFailed,
    TopicAuthorizationFailedError,
    UnsupportedSaslMechanismError,
)
from aiokafka.helpers import create_ssl_context

from streams.settings import WirewatchSettings


def client_options(settings: WirewatchSettings) -> dict[str, Any]:
    """Keyword arguments shared by every producer, consumer and admin client."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        key_password = settings.ssl_key_password.get_secret_value() if settings.ssl_key_password else None
        options["ssl_context"] = create_ssl_context(
            cafile=settings.ssl_cafile, certfile=settings.ssl_certfile, keyfile=settings.ssl_keyfile,
            password=key_password,
        )
    if settings.security_protocol.startswith("SASL_"):
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_secret(),
        )
    return options


async def diagnose(settings: WirewatchSettings, exc: BaseException) -> BaseException:
    """What lies behind "unable to bootstrap": the client keeps only that, so connect once by
    hand with the same settings and return what went wrong (wrong password, untrusted
    certificate, refused connection), or `exc` itself when the probe finds nothing."""
    if not isinstance(exc, KafkaConnectionError):
        return exc
    options = client_options(settings)
    host, _, port = settings.bootstrap_servers.split(",")[0].rpartition(":")
    try:
        conn = await asyncio.wait_for(create_conn(
            host, int(port), request_timeout_ms=10_000, ssl_context=options.get("ssl_context"),
            security_protocol=settings.security_protocol, sasl_mechanism=options.get("sasl_mechanism"),
            sasl_plain_username=options.get("sasl_plain_username"),
            sasl_plain_password=options.get("sasl_plain_password"),
        ), 15)
    except (KafkaError, OSError, TimeoutError, ValueError) as found:
        return found
    conn.close()
    return exc


def is_fatal(exc: BaseException) -> bool:
    """Errors no reconnect can cure: wrong credentials, a mechanism or permission the broker refuses."""
    return isinstance(exc, SaslAuthenticationFailed | UnsupportedSaslMechanismError | TopicAuthorizationFailedError)


def explain(exc: BaseException, settings: WirewatchSettings) -> str:
    """One line: what failed, and what to check. Never contains a secret."""
    where = f"{settings.bootstrap_servers} ({settings.security_protocol})"
    if isinstance(exc, SaslAuthenticationFailed):
        return (f"Kafka at {where} refused user {settings.sasl_username!r} with {settings.sasl_mechanism}: "
                "check WIREWATCH_SASL_USERNAME and the password (WIREWATCH_SASL_PASSWORD or _FILE)")
    if isinstance(exc, UnsupportedSaslMechanismError):
        return (f"Kafka at {where} does not offer {settings.sasl_mechanism}: "
                f"set WIREWATCH_SASL_MECHANISM to one it enables ({exc})")
    if isinstance(exc, TopicAuthorizationFailedError):
        return (f"Kafka at {where} denies user {settings.sasl_username!r} access to a topic: "
                "grant it the ACLs the README lists")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"the certificate of Kafka at {where} is not trusted ({exc.verify_message}): "
                "set WIREWATCH_SSL_CAFILE to the CA that signed it")
    if isinstance(exc, ssl.SSLError):
        return (f"TLS with Kafka at {where} failed ({exc.reason or exc}): is that listener TLS, and "
                "WIREWATCH_SECURITY_PROTOCOL right?")
    if isinstance(exc, ConnectionRefusedError):
        return (f"nothing listens at {where}: is the broker running (make broker-start) and "
                "WIREWATCH_BROKER_URL right?")
    if isinstance(exc, KafkaConnectionError | OSError | TimeoutError):
        return (f"cannot connect to Kafka at {where}: is the broker running (make broker-start) and are "
                "WIREWATCH_BROKER_URL and WIREWATCH_SECURITY_PROTOCOL right? "
                f"({_reason(exc)})")
    if isinstance(exc, KafkaError):
        return f"Kafka at {where}: {type(exc).__name__}: {_reason(exc)}"
    return f"{type(exc).__name__}: {_reason(exc)}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
