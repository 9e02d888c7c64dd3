"""What calamine does not tell about an .ods: merged ranges, hidden rows, the line breaks
inside cells and the text a number's format adds (content.xml)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from catalog_check.reader.errors import too_large, unreadable
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
_X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_P = f"{_X}p"
_LINE_BREAK = f"{_X}line-break"
_SPACES = f"{_X}s"
_SPACE_COUNT = f"{_X}c"
_TAB = f"{_X}tab"


@dataclass(slots=True)
class OdsSheetInfo:
    """Merged ranges and hidden rows of one table."""

    merged: list[CellRange] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    last_row: int = 0  # last row with a value (repeated rows counted out)
    last_column: int = 0  # furthest column with a value
    # (row, column) → the cell's text where it holds a line break (<text:line-break/>, Shift+
    # Enter in LibreOffice), which calamine drops: 营业执照复印件⏎身份证 read as one material;
    # and a number's text where its format adds some (20 shown as 20天: calamine reads 20)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)


def _inline(node: object) -> str:
    """The text of a paragraph or span, line breaks, runs of spaces and tabs written out."""
    parts = [node.text or ""]  # type: ignore[attr-defined]
    for child in node:  # type: ignore[attr-defined]
        tag = child.tag
        if tag == _LINE_BREAK:
            parts.append("\n")
        elif tag == _SPACES:
            parts.append(" " * _int(child.get(_SPACE_COUNT)))
        elif tag == _TAB:
            parts.append("\t")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(cell: object) -> str | None:
    """The cell's text when a paragraph of it holds a line break, else None (calamine's).
    Only the cell's own paragraphs: a comment (office:annotation) holds paragraphs too."""
    paragraphs = [p for p in cell if p.tag == _P]  # type: ignore[attr-defined]
    if not any(next(p.iter(_LINE_BREAK), None) is not None for p in paragraphs):
        return None
    return "\n".join(_inline(p) for p in paragraphs)


_NUMBER_TYPES = frozenset({"float", "currency"})
_LEADING_ZERO = re.compile(r"\(?0\d")  # 0571-87280114, (0571)87280114
_PLAIN_NUMBER = frozenset("0123456789.,-+ %E")


def _shown_number(cell: object) -> str | None:
    """A number cell's text as its format shows it, when the format adds text (20天, ¥3.00) or
    keeps leading zeros (0571-87280114 for 57187280114); None for a plain number (1,500,
    0.5, -3), which calamine reads."""
    if cell.get(_VALUE_TYPE) not in _NUMBER_TYPES:  # type: ignore[attr-defined]
        return None
    text = "\n".join(_inline(p) for p in cell if p.tag == _P)  # type: ignore[attr-defined]
    if not _PLAIN_NUMBER.issuperset(text) or _LEADING_ZERO.match(text):
        return text
    return None


def _int(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def scan_ods(
    zf: zipfile.ZipFile, max_rows: int, max_cells: int = 5_000_000
) -> dict[str, OdsSheetInfo]:
    """Table name → merged ranges and hidden rows, streamed from content.xml.

    file-too-large when a table holds more than ``max_cells`` cells with a value, its
    repetitions counted: a cell repeated over 199 columns in 150,000 rows is 30 million cells
    from 100 KB, which calamine (and the texts kept here) would hold in memory."""
    out: dict[str, OdsSheetInfo] = {}
    current: OdsSheetInfo | None = None
    name = ""
    cells = row_cells = 0  # value cells in the table so far, and in the current row
    depth = 0  # nesting of table:table (sub-tables inside cells are not rows of the sheet)
    row = 0  # Excel-style number of the last row passed
    col = 0
    cell_first = 0  # the first column of the cell being read
    valued = False  # the current row holds a value
    try:
        with zf.open("content.xml") as stream:
            for event, elem in ElementTree.iterparse(stream, events=("start", "end")):
                tag = elem.tag
                if event == "start":
                    if tag == _TABLE:
                        depth += 1
                        if depth == 1:
                            name = elem.get(_NAME, "")
                            current = out.setdefault(name, OdsSheetInfo())
                            row = cells = 0
                    elif depth != 1 or current is None:
                        continue
                    elif tag == _ROW:
                        col = row_cells = 0
                        valued = False
                        visibility = elem.get(_VISIBILITY)
                        if visibility in ("collapse", "filter"):
                            repeat = _int(elem.get(_ROWS_REPEATED))
                            last = min(row + repeat, max_rows + 1)
                            current.hidden_rows.update(range(row + 1, last + 1))
                    elif tag in (_CELL, _COVERED):
                        first = cell_first = col + 1
                        col += _int(elem.get(_COLS_REPEATED))
                        if elem.get(_VALUE_TYPE):
                            valued = True
                            row_cells += col - first + 1
                            current.last_column = max(current.last_column, col)
                        rows_spanned = _int(elem.get(_ROWS_SPANNED))
                        cols_spanned = _int(elem.get(_COLS_SPANNED))
                        if tag == _CELL and (rows_spanned > 1 or cols_spanned > 1):
                            current.merged.append(
                                CellRange(row + 1, first, row + rows_spanned,
                                          first + cols_spanned - 1)
                            )
                else:
                    if tag == _CELL and depth == 1 and current is not None:
                        text = _cell_text(elem)
                        if text is None:
                            text = _shown_number(elem)
                        if text is not None and row < max_rows:
                            for c in range(cell_first, min(col, cell_first + 255) + 1):
                                current.texts[(row + 1, c)] = text
                    if tag == _TABLE:
                        depth -= 1
                    elif tag == _ROW and depth == 1:
                        repeat = _int(elem.get(_ROWS_REPEATED))
                        row += repeat
                        if valued and current is not None:
                            current.last_row = row
                            cells += row_cells * min(repeat, max_rows + 1)
                            if cells > max_cells:
                                raise too_large(
                                    f"工作表「{name}」的非空单元格超过{max_cells}个上限"
                                    "（重复的行列逐个计）"
                                )
                        elem.clear()
    except (ElementTree.ParseError, DefusedXmlException, KeyError) as exc:
        raise unreadable("ods文件的content.xml无法解析") from exc
    return out
