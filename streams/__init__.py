"""Wirewatch platform layer: settings, schemas, codec, topic catalogue, metrics, Faust app, CLI."""

__version__ = "0.1.0"
