"""The engine is pure: no I/O, database, web or CLI imports, and it never reads the clock."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import salesplan.engine

ENGINE = Path(salesplan.engine.__file__).resolve().parent
MODULES = sorted(ENGINE.rglob("*.py"))

BANNED = (
    "django",
    "duckdb",
    "ibis",
    "sqlalchemy",
    "pandas",
    "requests",
    "httpx",
    "pathlib",
    "os",
    "io",
    "shutil",
    "subprocess",
    "socket",
    "urllib",
    "ruamel",
    "yaml",
    "typer",
    "rich",
    "salesplan.cli",
    "salesplan.plan.yaml_io",
)

CLOCK = re.compile(r"\b(?:today|now|utcnow)\s*\(|\btime\.(?:time|time_ns|localtime|gmtime)\s*\(")


def imported_names(source: str, package: str = "salesplan.engine") -> set[str]:
    """Every module a piece of code imports, including ``from x import submodule``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in {"__import__", "import_module"}:
                names.add(_dynamic_target(node))
    return names


def _dynamic_target(call: ast.Call) -> str:
    """The module a dynamic import names: a literal, or the literal head of an f-string.

    ``import_module(f"holidays.countries.{name}")`` counts as importing
    ``holidays.countries``; a name computed any other way cannot be checked.
    """
    if call.args:
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        if isinstance(first, ast.JoinedStr) and first.values:
            head = first.values[0]
            if isinstance(head, ast.Constant) and isinstance(head.value, str) and head.value:
                return head.value.rstrip(".")
    return "<dynamic import>"


def banned_imports(source: str) -> list[str]:
    return sorted(
        name
        for name in imported_names(source)
        if name == "<dynamic import>"
        or any(name == banned or name.startswith(banned + ".") for banned in BANNED)
    )


def clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"today", "now", "utcnow"}
        ):
            found.append(ast.unparse(node.func))
    return found


def test_engine_modules_are_found() -> None:
    names = {path.name for path in MODULES}
    assert {"__init__.py", "build.py", "funnel.py", "staffing.py", "sensitivity.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_imports_nothing_impure(path: Path) -> None:
    assert banned_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_never_reads_the_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert clock_reads(source) == []
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("#", ">>>"))
    )
    assert CLOCK.findall(code) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import os", ["os"]),
        ("import os.path", ["os.path"]),
        ("from pathlib import Path", ["pathlib", "pathlib.Path"]),
        ("import pandas as pd", ["pandas"]),
        ("from ruamel.yaml import YAML", ["ruamel.yaml", "ruamel.yaml.YAML"]),
        ("def f():\n    import requests", ["requests"]),
        ("from salesplan.plan import yaml_io", ["salesplan.plan.yaml_io"]),
        (
            "from salesplan.plan.yaml_io import loads",
            ["salesplan.plan.yaml_io", "salesplan.plan.yaml_io.loads"],
        ),
        ("from salesplan.cli.app import app", ["salesplan.cli.app", "salesplan.cli.app.app"]),
        ("import importlib\nimportlib.import_module('os')", ["os"]),
        ("import importlib\nimportlib.import_module(name)", ["<dynamic import>"]),
        ("import importlib\nimportlib.import_module(f'pandas.{x}')", ["pandas"]),
        ("import datetime", []),
        ("import osmosis", []),
        ("from salesplan.plan.document import SalesPlan", []),
        ("from . import funnel", []),
    ],
)
def test_the_import_check_catches_banned_modules(source: str, found: list[str]) -> None:
    assert banned_imports(source) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import datetime as dt\ndt.date.today()", ["dt.date.today"]),
        ("from datetime import datetime\ndatetime.now()", ["datetime.now"]),
        ("import datetime\ndatetime.datetime.utcnow()", ["datetime.datetime.utcnow"]),
        ("as_of = as_of or start", []),
    ],
)
def test_the_clock_check_catches_clock_reads(source: str, found: list[str]) -> None:
    assert clock_reads(source) == found
