"""Neutralising untrusted text before it is written into a workbook we produce."""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_PREFIXES", "XLSXWRITER_OPTIONS", "looks_like_formula", "set_cell"]

#: Options for every XlsxWriter workbook we write: text stays text, never a formula, URL or
#: number (XlsxWriter would otherwise turn "=…" into a live formula).
XLSXWRITER_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

#: A cell starting with one of these would be read by Excel or WPS as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """True for text that a spreadsheet would take for a formula if written as-is."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_cell(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell so that text can never become a formula.

    Text is stored as a string cell; formula-looking text also gets Excel's quote prefix
    (the cell shows the text exactly, and stays text when a person edits it).
    """
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True

