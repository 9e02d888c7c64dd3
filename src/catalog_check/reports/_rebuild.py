"""A workbook openpyxl cannot open (.xls, .csv, .ods), rebuilt as .xlsx from the cells as read."""

from __future__ import annotations

from collections import defaultdict

from openpyxl import Workbook as XlWorkbook
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from catalog_check.reports._styles import display_width, xml_text
from catalog_check.reports._xl import StyleCache, unique_title, wrap_top
from catalog_check.safe import set_cell
from catalog_check.workbook import Sheet, Workbook


def rebuild(workbook: Workbook) -> tuple[XlWorkbook, dict[str, str]]:
    """An .xlsx laid out like the original: same sheets, cell positions and merged ranges."""
    wb = XlWorkbook()
    wb.remove(wb.active)
    names: dict[str, str] = {}
    for sheet in workbook.sheets:
        title = unique_title(sheet.name, wb.sheetnames)
        names[sheet.name] = title
        _fill_sheet(wb.create_sheet(title), sheet)
    if not wb.sheetnames:
        wb.create_sheet("Sheet1")
    return wb, names


def _fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    widths: dict[int, int] = defaultdict(int)
    styles = StyleCache()
    # Titles, notes and merged group cells spill over their neighbours: they set no width.
    wide = {(r.min_row, r.min_col) for r in sheet.merged if r.max_col > r.min_col}
    for number, row in zip(sheet.row_numbers, sheet.rows, strict=False):
        lone = sum(1 for v in row if v is not None and v != "") == 1
        for j, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            cell = ws.cell(number, j)
            if isinstance(value, str):
                value = xml_text(value)
                if "\n" in value:
                    styles.apply(cell, "wrap", wrap_top)
                longest = max(display_width(line) for line in value.split("\n"))
            elif isinstance(value, int | float | bool) or hasattr(value, "isoformat"):
                longest = len(str(value))
            else:
                value = xml_text(str(value))
                longest = display_width(value)
            set_cell(cell, value)
            if not lone and (number, j) not in wide:
                widths[j] = max(widths[j], min(longest, 60))
    for rng in sheet.merged:
        if (rng.min_row, rng.min_col) != (rng.max_row, rng.max_col):
            ws.merge_cells(
                start_row=rng.min_row, start_column=rng.min_col,
                end_row=rng.max_row, end_column=rng.max_col,
            )
    for col, units in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(6, min(50, units * 1.1 + 2))
    for number in sheet.hidden_rows:
        ws.row_dimensions[number].hidden = True
    if sheet.hidden:
        ws.sheet_state = "hidden"
