"""Neutralising untrusted text before it is written into a workbook we produce."""

from __future__ import annotations

import weakref
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "XLSXWRITER_OPTIONS",
    "add_format",
    "looks_like_formula",
    "set_cell",
    "write_text",
]

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


# XlsxWriter formats cannot be changed once cells use them, so formula-looking text gets a
# twin of its format with the quote prefix. add_format remembers how each format was made
# (weakly: a written workbook and its formats can go), write_text makes the twin once.
_RECIPES: weakref.WeakKeyDictionary[Any, tuple[weakref.ref[Any], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_TWINS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def add_format(book: Any, props: dict[str, Any]) -> Any:
    """``book.add_format(props)`` for a format that write_text may write text with."""
    fmt = book.add_format(props)
    _RECIPES[fmt] = (weakref.ref(book), dict(props))
    return fmt


def write_text(ws: Any, row: int, col: int, text: str, fmt: Any) -> None:
    """Write ``text`` into an XlsxWriter cell as a string, never a formula.

    Formula-looking text is written with the quote prefix (shown exactly, and still text
    when a person edits the cell); ``fmt`` must come from :func:`add_format`.
    """
    if looks_like_formula(text):
        twin = _TWINS.get(fmt)
        if twin is None:
            book_ref, props = _RECIPES[fmt]
            twin = _TWINS[fmt] = book_ref().add_format({**props, "quote_prefix": True})
        fmt = twin
    ws.write_string(row, col, text, fmt)
