"""The layering rules: pure stages, one catalogue, a chain whose types line up."""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from agents.registry import CHAINS, STAGES
from streams import topics
from streams.schemas import RawArticle, Record
from tests.builders import REPO

PURE = ["agents.base", "agents.clean", "agents.tag", "agents.dedup", "agents.alert",
        "agents.chain", "agents.registry", "agents.stores", "agents.pipeline", "streams.schemas",
        "streams.codec", "streams.topics", "streams.settings", "streams.metrics", "streams.errors",
        "streams.flow", "streams.state"]


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
    for before, after in itertools.pairwise(stages):
        assert before.output_model is after.input_model, f"{before.name} -> {after.name}"


def test_chains_cover_every_stage_once_in_pipeline_order() -> None:
    fused = [name for names in CHAINS.values() for name in names]
    assert fused == list(STAGES)


def test_only_the_chain_and_the_engine_catch_every_exception() -> None:
    # The dead-letter boundary is agents/chain.py; streams/engine.py turns broker failures into
    # retries. Anywhere else a broad except would hide a bug.
    allowed = {"agents/chain.py", "streams/engine.py"}
    for path in [*(REPO / "agents").glob("*.py"), *(REPO / "streams").glob("*.py")]:
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        broad = [
            node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) and node.type.id == "Exception"
        ]
        assert not broad or rel in allowed, f"{rel}:{broad} catches Exception"


def test_catalogue_names_and_schemas() -> None:
    names = [spec.name for spec in topics.PIPELINE]
    assert len(names) == len(set(names))
    for spec in topics.PIPELINE:
        assert spec.name.rsplit(".", 1)[-1].startswith("v"), spec.name
        assert spec.partitions >= 1
        assert spec.kafka_config()["max.message.bytes"] == str(topics.MAX_MESSAGE_BYTES)
        if spec.schema is None:
            assert spec.name.startswith("state."), f"{spec.name}: only state changelogs are binary"
        elif spec is not topics.RAW:
            assert issubclass(spec.schema, Record)
            assert spec.schema.model_fields["schema_version"].default == 1
    # Each processor's input is the catalogue's schema of its topic.
    assert STAGES["clean"][1].input_model is topics.RAW.schema
    assert STAGES["dedup"][1].input_model is topics.TAGGED.schema
    assert STAGES["tag"][1].output_model is topics.TAGGED.schema
    # Changelog partitions follow the processor's input partitions.
    assert topics.INGEST_CHANGELOG.partitions == topics.RAW.partitions
    assert topics.ANALYSE_CHANGELOG.partitions == topics.TAGGED.partitions


def test_stateful_stage_state_is_colocated() -> None:
    # Dedup and alert keep global state: their inputs must be single-partition topics
    # (README: "Partitioning and state").
    assert topics.TAGGED.partitions == 1


def test_lookup_by_short_and_full_name() -> None:
    assert topics.lookup("enriched", "ww") is topics.ENRICHED
    assert topics.lookup("ww.alerts.v1", "ww") is topics.ALERTS
    with pytest.raises(KeyError, match="unknown topic"):
        topics.lookup("nope", "ww")
