"""What the reader returns: sheets of cell values with the row numbers Excel shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CellRange", "Sheet", "Workbook"]


@dataclass(frozen=True, slots=True)
class CellRange:
    """A merged range, 1-based and inclusive, in Excel coordinates."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet as read.

    rows[i][j] is the raw value (str, int, float, bool, datetime or None) of Excel row
    row_numbers[i], column j + 1 (A = 1); CSV rows carry the line a record starts on.
    merged: merged ranges (filled down by the table step, not here);
    hidden: the sheet is hidden or very hidden; hidden_rows: Excel rows hidden in the sheet.
    """

    name: str
    rows: list[list[Any]]
    row_numbers: list[int]
    merged: tuple[CellRange, ...] = ()
    hidden: bool = False
    hidden_rows: frozenset[int] = field(default_factory=frozenset)

    def row(self, number: int) -> list[Any]:
        """The values of Excel row ``number`` (a header row: near the top, found at once)."""
        return self.rows[self.row_numbers.index(number)]


@dataclass(frozen=True, slots=True)
class Workbook:
    """A submission as read: its format (xlsx, xlsm, xls, ods, csv) and its sheets in order."""

    path: Path
    format: str
    sheets: tuple[Sheet, ...]
