"""The layering rules: pure stages, one catalogue, a chain whose types line up."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from agents.registry import STAGES
from streams import topics
from streams.schemas import RawArticle, Record
from tests.builders import REPO

PURE = ["agents.base", "agents.clean", "agents.tag", "agents.dedup", "agents.alert",
        "agents.registry", "agents.pipeline", "streams.schemas", "streams.codec",
        "streams.topics", "streams.settings", "streams.metrics", "streams.errors"]


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_do_not_load_faust_or_kafka(module: str) -> None:
    code = (
        f"import sys, {module}; bad = [m for m in ('faust', 'aiokafka', 'mode') if m in sys.modules];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"{module} imports {result.stdout.strip()} {result.stderr[-500:]}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_streams_never_imports_agents_except_the_composition_root() -> None:
    for path in (REPO / "streams").glob("*.py"):
        if path.name == "cli.py":
            continue
        offending = {m for m in _imports(path) if m.split(".")[0] == "agents"}
        assert not offending, f"{path.name} imports {offending}"


def test_stage_chain_types_line_up() -> None:
    stages = [cls for _, cls in STAGES.values()]
    assert stages[0].input_model is RawArticle
    for before, after in zip(stages, stages[1:], strict=False):
        assert before.output_model is after.input_model, f"{before.name} -> {after.name}"


def test_catalogue_names_and_schemas() -> None:
    names = [spec.name for spec in topics.PIPELINE]
    assert len(names) == len(set(names))
    for spec in topics.PIPELINE:
        assert spec.name.rsplit(".", 1)[-1].startswith("v"), spec.name
        assert spec.partitions >= 1
        if spec is not topics.RAW:
            assert issubclass(spec.schema, Record)
            assert spec.schema.model_fields["schema_version"].default == 1
    # The stages' models are the catalogue's schemas, in order.
    chain = [topics.RAW, topics.CLEAN, topics.TAGGED, topics.CLUSTERED, topics.ENRICHED]
    models = [cls.input_model for _, cls in STAGES.values()] + [STAGES["alert"][1].output_model]
    assert [spec.schema for spec in chain] == models


def test_stateful_stage_state_is_colocated() -> None:
    # Dedup and alert keep global state: their inputs must be single-partition topics
    # (README: "Partitioning and state").
    assert topics.TAGGED.partitions == 1
    assert topics.CLUSTERED.partitions == 1


def test_lookup_by_short_and_full_name() -> None:
    assert topics.lookup("enriched", "ww") is topics.ENRICHED
    assert topics.lookup("ww.alerts.v1", "ww") is topics.ALERTS
    with pytest.raises(KeyError, match="unknown topic"):
        topics.lookup("nope", "ww")
