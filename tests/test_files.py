"""safe_filename: names of the reports and copies we write, from names departments chose."""

from __future__ import annotations

import pytest

from catalog_check.files import safe_filename


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("浙江省公安厅-第二批.xlsx", "浙江省公安厅-第二批.xlsx"),
        ('审核:报告/第"2"批?.xlsx', "审核_报告_第_2_批_.xlsx"),
        ("报告\r\n.xlsx", "报告_.xlsx"),
        ("CON.xlsx", "_CON.xlsx"),
        ("...", "未命名"),
        # a direction override shows 报告\u202excod.exe as 报告exe.docx
        ("报告\u202excod.exe", "报告_xcod.exe"),
        ("名\u2066称\u2069.xlsx", "名_称_.xlsx"),
        ("名\x85称\u2028.xlsx", "名_称_.xlsx"),  # C1 controls, line separators
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_safe_filename_keeps_to_its_byte_budget() -> None:
    """Callers pass stems (the suffix is theirs to add): a long one is cut to whole characters."""
    assert safe_filename("事" * 100) == "事" * 50
