"""The documentation is generated from the code, and says what the code does."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from catalog_check.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def test_rules_page_is_generated_from_the_registry() -> None:
    """docs/rules.md equals what docs/make_rules_md.py renders from rules.py."""
    render = runpy.run_path(str(ROOT / "docs" / "make_rules_md.py"))["render"]
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render()


def test_readme_starts_with_the_two_commands() -> None:
    """A newcomer's first two commands come first."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make demo" in first_block
    assert "make test" in first_block


COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_with_help(command: str, capsys) -> None:
    """Every command is in the README and has Chinese help."""
    assert f"catalog-check {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in capsys.readouterr().out)
