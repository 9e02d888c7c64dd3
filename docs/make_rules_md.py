"""Regenerate docs/rules.md from the rule registry (run: .venv/bin/python docs/make_rules_md.py)."""

from __future__ import annotations

from pathlib import Path

from catalog_check.rules import RULES, Scope

HERE = Path(__file__).resolve().parent
SCOPES = {Scope.FILE: "File level", Scope.ITEM: "Item level", Scope.CATALOGUE: "Across submissions"}


def render() -> str:
    """The Markdown page listing every rule, grouped by scope, in registry order."""
    lines = [
        "# Review rules",
        "",
        "Generated from `src/catalog_check/rules.py` by `docs/make_rules_md.py`; a test fails when",
        "this page and the registry disagree. The contract is `spec/rules.md`; codes never change.",
        "Messages are rendered from each finding's fields: `{value}`, `{item}`, `{row}` and the",
        "rule's own parameters.",
    ]
    for scope, title in SCOPES.items():
        lines += ["", f"## {title}", "", "| code | severity | 名称 | 问题 | 修改建议 |",
                  "|---|---|---|---|---|"]
        for rule in RULES:
            if rule.scope is scope:
                lines.append(
                    f"| `{rule.code}` | {rule.severity.value}（{rule.severity.label}） "
                    f"| {rule.name} | {rule.template} | {rule.fix} |"
                )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (HERE / "rules.md").write_text(render(), encoding="utf-8")
    print(f"写入 {HERE / 'rules.md'}")
