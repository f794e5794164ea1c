"""Contract tests across packages: layering, deployments, docs."""
from __future__ import annotations

import ast
import importlib
import re

import yaml

from conftest import ROOT

FORBIDDEN = {
    "extractors": {"prefect", "duckdb", "warehouse", "flows", "newsledger"},
    "warehouse": {"prefect", "flows", "newsledger"},
    "newsledger": {"prefect"},
}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_layers_do_not_reach_upward():
    problems = []
    for package, forbidden in FORBIDDEN.items():
        for path in (ROOT / package).rglob("*.py"):
            bad = set(_imports(path)) & forbidden
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert problems == []


def test_flows_contain_no_sql():
    for path in (ROOT / "flows").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT INTO|DELETE FROM)\b", text), path


def test_every_prefect_yaml_entrypoint_imports_and_is_a_flow():
    from prefect import Flow

    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert config["deployments"]
    for deployment in config["deployments"]:
        module_path, func = deployment["entrypoint"].split(":")
        module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, func)
        assert isinstance(flow, Flow)
        assert flow.name == func == module_path.rsplit("/", 1)[1].removesuffix(".py")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", deployment["name"])


def test_every_table_column_is_documented():
    import duckdb

    from warehouse.db import migrate

    doc = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    con = duckdb.connect()
    migrate(con)
    missing = []
    for table, column in con.execute(
            """SELECT c.table_name, c.column_name FROM information_schema.columns c
               JOIN information_schema.tables t USING (table_name)
               WHERE t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position""").fetchall():
        section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
        if section is None or f"`{column}`" not in section.group(1):
            missing.append(f"{table}.{column}")
    assert missing == []
    for view in ("designations", "contracts", "regulations", "failures", "ledger_counts"):
        assert f"`{view}`" in doc


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", readme, re.S)
    run_cmd, test_cmd = blocks[0].strip(), blocks[1].strip()
    assert "newsledger ingest" in run_cmd
    assert "pytest" in test_cmd
    assert test_cmd in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_nothing_updates_or_deletes_the_ledger():
    pattern = re.compile(r"\b(UPDATE\s+ledger|DELETE\s+FROM\s+ledger|TRUNCATE\s+ledger|DROP\s+TABLE\s+ledger)\b", re.I)
    for package in ("extractors", "warehouse", "flows", "newsledger"):
        for path in (ROOT / package).rglob("*"):
            if path.suffix in (".py", ".sql"):
                assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_guarantees_page_names_tests_that_exist():
    doc = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    for module, name in re.findall(r"`tests/(\w+)\.py::(\w+)`", doc):
        source = (ROOT / "tests" / f"{module}.py").read_text(encoding="utf-8")
        assert f"def {name}(" in source, f"{module}::{name}"
