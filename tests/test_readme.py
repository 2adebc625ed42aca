"""The README's examples run: the Python block as a doctest, the commands through the CLI."""

from __future__ import annotations

import doctest
import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salesplan.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block is not None
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.group(1), {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0
    assert runner.tries >= 3


def _console_blocks() -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs from the README's console blocks."""
    pairs = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            command = lines[index].removeprefix("$ ")
            output = []
            index += 1
            while index < len(lines) and not lines[index].startswith("$ "):
                output.append(lines[index])
                index += 1
            pairs.append((command, "\n".join(output)))
    return pairs


def test_readme_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    runner = CliRunner()
    pairs = _console_blocks()
    assert len(pairs) >= 8
    for command, expected in pairs:
        words = shlex.split(command)
        assert words[0] == "salesplan"
        result = runner.invoke(app, words[1:])
        assert result.exit_code == 0, (command, result.output)
        if expected.strip():
            assert json.loads(result.stdout) == json.loads(expected), command


def test_readme_setup_commands_match_ci() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(blocks) == 2, "the README gives exactly two set-up commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci.splitlines(), ".ci/run must run the README's test command verbatim"
