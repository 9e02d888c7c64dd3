"""openpyxl helpers shared by the marked copy: fills, borders, cached styles, sheet titles."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from copy import copy
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from catalog_check.reports._styles import ERROR_FILL, HEADER_FILL, WARNING_FILL, xml_text
from catalog_check.safe import set_cell

RED = PatternFill(fill_type="solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
YELLOW = PatternFill(fill_type="solid", start_color=WARNING_FILL, end_color=WARNING_FILL)
HEADER = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
_THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


class StyleCache:
    """Reuse a finished cell style: registering fonts and fills cell by cell is what costs."""

    def __init__(self) -> None:
        self._done: dict[Hashable, Any] = {}

    def apply(self, cell: Any, key: Hashable, build: Callable[[Any], None]) -> None:
        """Give ``cell`` the style ``build`` makes; ``key`` must say all ``build`` depends on."""
        hit = self._done.get(key)
        if hit is not None:
            cell._style = copy(hit)
            return
        build(cell)
        self._done[key] = copy(cell._style)


def wrap_top(cell: Any) -> None:
    """Wrap the cell's text and align it to the top."""
    cell.alignment = WRAP_TOP


def unique_title(name: str, taken: list[str]) -> str:
    """A valid, unused sheet title close to ``name`` (≤ 31 characters, no []:*?/\\)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in xml_text(name or "")).strip("'")
    base = (base or "Sheet")[:31]
    title, n = base, 1
    lowered = {t.lower() for t in taken}
    while title.lower() in lowered:
        n += 1
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
    return title


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    border: Border | None = None,
    align: Alignment | None = None,
) -> Any:
    """Write a value (text stays text) with the given look; return the cell."""
    cell = ws.cell(row, col)
    set_cell(cell, xml_text(value) if isinstance(value, str) else value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if align is not None:
        cell.alignment = align
    return cell
