"""Shared wording, colours and small text helpers of the review reports."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from catalog_check.dates import moment_text
from catalog_check.findings import Finding, render_message
from catalog_check.rules import RULES_BY_CODE, Severity
from catalog_check.safe import write_text

AUTHOR = "审核小组"
ACCEPTED_LABEL = "通过"
REJECTED_LABEL = "退回"

#: Excel's own "light red" and "yellow" presets: text stays readable on both.
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
ERROR_TEXT = "9C0006"
WARNING_TEXT = "9C5700"
ACCEPTED_TEXT = "006100"
HEADER_FILL = "DDEBF7"
TITLE_COLOR = "1F4E79"

MAX_CELL_CHARS = 32_767  # Excel's limit on the text of one cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text that every xlsx writer accepts: no XML-illegal characters, at most 32,767 characters."""
    text = _ILLEGAL_XML.sub("", value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def rule_name(code: str) -> str:
    """The rule's Chinese name, or the code itself for a code the registry does not know."""
    r = RULES_BY_CODE.get(code)
    return r.name if r else code


def severity_label(severity: Severity | str) -> str:
    """退回 / 提示 / 备注."""
    try:
        return Severity(severity).label
    except ValueError:
        return str(severity)


def message(f: Finding) -> str:
    """The finding's Chinese message with how to fix it."""
    if f.message:
        return f.message
    if f.code in RULES_BY_CODE:
        return render_message(f, with_fix=True)
    return f.code


def received_text(when: datetime | None) -> str:
    """A received time as the notice writes it (2017年3月10日 09:30), empty when unknown."""
    return moment_text(when) if when else ""


def display_width(text: str) -> int:
    """Width of text in half-width units: CJK and other wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def numbered(lines: tuple[str, ...] | list[str]) -> str:
    """One line per entry, numbered when there are several."""
    if len(lines) == 1:
        return lines[0]
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def xlsx_write(ws: Any, row: int, col: int, value: Any, cell_format: Any) -> None:
    """Write one XlsxWriter cell: text as text (safe.write_text), numbers as numbers.

    ``cell_format`` comes from safe.add_format."""
    if value is None:
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", cell_format)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, cell_format)
    else:
        write_text(ws, row, col, xml_text(str(value)), cell_format)
