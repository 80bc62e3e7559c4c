from __future__ import annotations

from prometheus_client import Counter, Histogram

from streams import metrics


def test_metric_names_follow_the_prometheus_guide() -> None:
    collectors = [v for v in vars(metrics).values() if hasattr(v, "_name") and hasattr(v, "_type")]
    assert len(collectors) >= 8
    for collector in collectors:
        name = collector._name
        assert name.startswith("wirewatch_"), name
        if isinstance(collector, Counter):
            assert collector._type == "counter"  # exported with the _total suffix
        if isinstance(collector, Histogram):
            assert name.endswith("_seconds"), name


def test_metrics_live_in_our_own_registry() -> None:
    names = {m.name for m in metrics.REGISTRY.collect()}
    assert "wirewatch_records_in" in names
    assert "python_gc_objects_collected" not in names  # not the default global registry
