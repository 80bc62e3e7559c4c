"""Typed, frozen configuration read from WIREWATCH_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SEVERITY_ORDER = {"info": 0, "warning": 1, "critical": 2}


class WebhookTarget(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(pattern=r"^https?://", description="where alerts are POSTed as JSON")
    secret_env: str = Field(description="name of the environment variable holding the HMAC secret")
    rules: list[str] = Field(default_factory=list, description="only these rule ids; empty: all")
    min_severity: str = Field(default="info", pattern="^(info|warning|critical)$")
    attempts: int = Field(default=5, ge=1, le=20)
    backoff_seconds: float = Field(default=0.5, gt=0, description="first retry delay; doubles each time")
    max_backoff_seconds: float = Field(default=30.0, gt=0)
    timeout_seconds: float = Field(default=10.0, gt=0)

    def secret(self) -> bytes:
        value = os.environ.get(self.secret_env)
        if not value:
            raise KeyError(f"webhook {self.url}: environment variable {self.secret_env} (its secret) is not set")
        return value.encode("utf-8")

    def delays(self) -> list[float]:
        """Seconds to wait before each retry (attempts - 1 of them): exponential, capped."""
        return [min(self.max_backoff_seconds, self.backoff_seconds * 2**i) for i in range(self.attempts - 1)]


class WirewatchSettings(BaseSettings):
    """Every setting of a worker or CLI command; validated once at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="WIREWATCH_", env_nested_delimiter="__", frozen=True, extra="ignore",
        env_ignore_empty=True,  # WIREWATCH_X= means "not set", as in shells and compose files
    )

    broker_url: str = Field(
        default="kafka://127.0.0.1:19092",
        description="Kafka bootstrap servers, kafka://host:port[;host:port]",
    )
    topic_prefix: str = Field(default="wirewatch", pattern=r"^[A-Za-z0-9._-]+$")
    app_id: str = Field(default="wirewatch", pattern=r"^[A-Za-z0-9._-]+$")
    data_dir: Path = Field(default=Path(".cache/worker"), description="local state (RocksDB) of the processors")
    table_store: Literal["rocksdb://", "memory://"] = Field(
        default="rocksdb://",
        description="where tables live between changelog writes: RocksDB (rocksdict) on disk, or memory",
    )
    metrics_port: int = Field(default=9108, ge=0, le=65535, description="0 disables /metrics")
    metrics_host: str = Field(default="127.0.0.1", description="0.0.0.0 inside a container")
    log_level: Literal["debug", "info", "warn", "warning", "error"] = Field(
        default="info", description="Wirewatch's own loggers; Kafka client libraries stay at WARNING unless debug"
    )
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        default="at_least_once",
        description="exactly_once: outputs, state and input offsets in one Kafka transaction per partition",
    )
    batch_size: int = Field(default=200, ge=1, le=10_000, description="records a processor takes per batch")
    rules_file: Path | None = Field(default=None, description="alert rules YAML")
    webhooks: list[WebhookTarget] = Field(
        default_factory=list, description='JSON list, e.g. [{"url": "https://...", "secret_env": "HOOK_SECRET"}]'
    )
    # Kafka's 45-60 s defaults make a restarted worker's partitions wait that long; these rejoin in seconds.
    broker_session_timeout: float = Field(default=10.0, gt=0)
    broker_rebalance_timeout: float = Field(default=10.0, gt=0)
    broker_heartbeat_interval: float = Field(default=1.0, gt=0)
    stages: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per-stage config overrides, e.g. STAGES__DEDUP__..."
    )
    # Transport security, the same for every Kafka client of a process. Secrets are SecretStr
    # (shown as ********** in any repr or log) or read from files (Docker/Kubernetes secrets).
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="SASL_SSL for SCRAM over TLS"
    )
    sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: SecretStr | None = Field(default=None, description="or sasl_password_file")
    sasl_password_file: Path | None = Field(default=None, description="a file holding the password")
    ssl_cafile: Path | None = Field(default=None, description="CA certificate(s) (PEM) the broker's certificate is checked against; default: the system's")
    ssl_certfile: Path | None = Field(default=None, description="client certificate (PEM), for brokers that require one")
    ssl_keyfile: Path | None = Field(default=None, description="the client certificate's private key (PEM)")
    ssl_key_password: SecretStr | None = None

    @field_validator("broker_url")
    @classmethod
    def _kafka_scheme(cls, value: str) -> str:
        if not value.startswith("kafka://"):
            raise ValueError(f"broker_url must start with kafka://, got {value!r}")
        return value

    @model_validator(mode="after")
    def _security_complete(self) -> WirewatchSettings:
        sasl = self.security_protocol.startswith("SASL_")
        tls = self.security_protocol.endswith("SSL")
        if sasl:
            if not self.sasl_username:
                raise ValueError(f"security_protocol {self.security_protocol} needs sasl_username (WIREWATCH_SASL_USERNAME)")
            if (self.sasl_password is None) == (self.sasl_password_file is None):
                raise ValueError("SASL needs exactly one of sasl_password (WIREWATCH_SASL_PASSWORD) "
                                 "and sasl_password_file (WIREWATCH_SASL_PASSWORD_FILE)")
        elif self.sasl_username or self.sasl_password or self.sasl_password_file:
            raise ValueError(f"SASL credentials are set but security_protocol is {self.security_protocol}: "
                             "set WIREWATCH_SECURITY_PROTOCOL=SASL_SSL")
        files = {"sasl_password_file": self.sasl_password_file, "ssl_cafile": self.ssl_cafile,
                 "ssl_certfile": self.ssl_certfile, "ssl_keyfile": self.ssl_keyfile}
        for field, path in files.items():
            if path is None:
                continue
            if field.startswith("ssl_") and not tls:
                raise ValueError(f"{field} is set but security_protocol is {self.security_protocol}: "
                                 "set WIREWATCH_SECURITY_PROTOCOL=SSL or SASL_SSL")
            if not path.is_file():
                raise ValueError(f"{field}: no readable file at {path}")
        if (self.ssl_certfile is None) != (self.ssl_keyfile is None):
            raise ValueError("a client certificate needs both ssl_certfile and ssl_keyfile")
        return self

    def sasl_secret(self) -> str:
        """The SASL password, from the setting or its file (read when a client connects, so a
        rotated secret file is picked up by the next connection)."""
        if self.sasl_password is not None:
            return self.sasl_password.get_secret_value()
        if self.sasl_password_file is not None:
            return self.sasl_password_file.read_text("utf-8").rstrip("\r\n")
        raise ValueError("no SASL password configured")

    @property
    def bootstrap_servers(self) -> str:
        """Comma-separated host:port list for aiokafka clients."""
        return self.broker_url.removeprefix("kafka://").replace(";", ",")

    def topic_name(self, name: str) -> str:
        return f"{self.topic_prefix}.{name}"
