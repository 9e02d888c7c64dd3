"""The rule registry is the contract of spec/rules.md: every code, once, with its severity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog_check.rules import RULES, RULES_BY_CODE, Scope, Severity

#: Every code of spec/rules.md with its severity (the contract, copied so CI needs no ../shared).
CONTRACT = {
    "unsupported-format": "error", "file-unreadable": "error", "file-encrypted": "error",
    "file-too-large": "error", "header-not-found": "error", "missing-column": "error",
    "no-items": "error", "late-submission": "warning",
    "missing-value": "error", "invalid-item-type": "error", "ex-officio-item": "error",
    "duplicate-item": "error", "duplicate-item-code": "error", "unknown-department": "error",
    "invalid-level": "error",
    "basis-no-citation": "error", "basis-no-article": "warning", "basis-unknown-law": "warning",
    "permit-basis-too-low": "warning",
    "time-limit-unparseable": "error", "promise-exceeds-legal": "error",
    "instant-mismatch": "error", "trips-invalid": "error", "trips-exceed-one": "error",
    "trips-exception": "warning", "zero-trip-offline": "error", "fee-without-basis": "error",
    "no-materials": "error", "catch-all-material": "error", "certificate-without-basis": "error",
    "certificate-basis-too-low": "error", "seal-without-basis": "error",
    "shareable-material": "warning",
    "vague-condition": "warning", "process-too-short": "warning", "invalid-phone": "warning",
    "published-in-earlier-batch": "warning", "duplicate-across-departments": "warning",
    "probable-duplicate": "info",
}
#: Codes we added beyond rules.md (docs/decisions.md says why).
EXTENSIONS = {"invalid-yes-no": "error", "unlinked-material": "warning",
              "item-after-notes": "warning", "returned-report": "error"}


def test_every_contract_code_is_registered_with_its_severity() -> None:
    """Codes and severities match the contract exactly; extensions are listed."""
    registered = {r.code: r.severity.value for r in RULES}
    assert registered == {**CONTRACT, **EXTENSIONS}


def test_codes_are_unique_kebab_case() -> None:
    """A code is registered once and is kebab-case."""
    assert len(RULES_BY_CODE) == len(RULES)
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.code), r.code


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_chinese_name_message_and_fix(rule) -> None:
    """Names, templates and fixes are Chinese sentences a department can act on."""
    for text in (rule.name, rule.template, rule.fix):
        assert re.search(r"[\u4e00-\u9fff]", text), (rule.code, text)
    assert isinstance(rule.severity, Severity)
    assert isinstance(rule.scope, Scope)


def test_contract_matches_shared_spec_when_present() -> None:
    """When the shared spec is beside the checkout, its tables list exactly the contract codes."""
    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "rules.md"
    if not spec.exists():
        pytest.skip("shared/spec/rules.md is not beside this checkout")
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", spec.read_text(), re.M)
    assert dict(rows) == CONTRACT
