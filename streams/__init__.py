"""Wirewatch platform layer: settings, schemas, codec, topic catalogue, metrics, state store, the processors' engine, CLI."""

__version__ = "0.1.0"
