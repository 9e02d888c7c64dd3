"""What calamine does not tell about an .ods: merged ranges and hidden rows (content.xml)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from catalog_check.reader.errors import unreadable
from catalog_check.workbook import CellRange

__all__ = ["OdsSheetInfo", "scan_ods"]

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TABLE = f"{_T}table"
_ROW = f"{_T}table-row"
_CELL = f"{_T}table-cell"
_COVERED = f"{_T}covered-table-cell"
_NAME = f"{_T}name"
_ROWS_REPEATED = f"{_T}number-rows-repeated"
_COLS_REPEATED = f"{_T}number-columns-repeated"
_ROWS_SPANNED = f"{_T}number-rows-spanned"
_COLS_SPANNED = f"{_T}number-columns-spanned"
_VISIBILITY = f"{_T}visibility"
_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


@dataclass(slots=True)
class OdsSheetInfo:
    """Merged ranges and hidden rows of one table."""

    merged: list[CellRange] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    last_row: int = 0  # last row with a value (repeated rows counted out)
    last_column: int = 0  # furthest column with a value


def _int(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def scan_ods(zf: zipfile.ZipFile, max_rows: int) -> dict[str, OdsSheetInfo]:
    """Table name → merged ranges and hidden rows, streamed from content.xml."""
    out: dict[str, OdsSheetInfo] = {}
    current: OdsSheetInfo | None = None
    depth = 0  # nesting of table:table (sub-tables inside cells are not rows of the sheet)
    row = 0  # Excel-style number of the last row passed
    col = 0
    valued = False  # the current row holds a value
    try:
        with zf.open("content.xml") as stream:
            for event, elem in ElementTree.iterparse(stream, events=("start", "end")):
                tag = elem.tag
                if event == "start":
                    if tag == _TABLE:
                        depth += 1
                        if depth == 1:
                            current = out.setdefault(elem.get(_NAME, ""), OdsSheetInfo())
                            row = 0
                    elif depth != 1 or current is None:
                        continue
                    elif tag == _ROW:
                        col = 0
                        valued = False
                        visibility = elem.get(_VISIBILITY)
                        if visibility in ("collapse", "filter"):
                            repeat = _int(elem.get(_ROWS_REPEATED))
                            last = min(row + repeat, max_rows + 1)
                            current.hidden_rows.update(range(row + 1, last + 1))
                    elif tag in (_CELL, _COVERED):
                        first = col + 1
                        col += _int(elem.get(_COLS_REPEATED))
                        if elem.get(_VALUE_TYPE):
                            valued = True
                            current.last_column = max(current.last_column, col)
                        rows_spanned = _int(elem.get(_ROWS_SPANNED))
                        cols_spanned = _int(elem.get(_COLS_SPANNED))
                        if tag == _CELL and (rows_spanned > 1 or cols_spanned > 1):
                            current.merged.append(
                                CellRange(row + 1, first, row + rows_spanned,
                                          first + cols_spanned - 1)
                            )
                else:
                    if tag == _TABLE:
                        depth -= 1
                    elif tag == _ROW and depth == 1:
                        row += _int(elem.get(_ROWS_REPEATED))
                        if valued and current is not None:
                            current.last_row = row
                        elem.clear()
    except (ElementTree.ParseError, DefusedXmlException, KeyError) as exc:
        raise unreadable("ods文件的content.xml无法解析") from exc
    return out
