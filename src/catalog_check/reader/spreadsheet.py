"""Workbooks through python-calamine: xlsx, xlsm, ods (zip) and xls (OLE2/BIFF)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import olefile
import python_calamine as pc

from catalog_check.config import Limits
from catalog_check.reader.biff import BiffError, scan_biff
from catalog_check.reader.errors import ReadError, encrypted, unreadable, unsupported
from catalog_check.reader.limits import (
    SheetScan,
    guard_zip,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    unreferenced_extent,
)
from catalog_check.reader.ods import scan_ods
from catalog_check.reader.ooxml import (
    error_cells,
    formatted_cells,
    literal_styles,
    sheet_members,
)
from catalog_check.workbook import CellRange, Sheet

__all__ = ["read_ole_workbook", "read_zip_workbook"]

_WORKSHEET = pc.SheetTypeEnum.WorkSheet
_VISIBLE = pc.SheetVisibleEnum.Visible


def _merged(sheet: pc.CalamineSheet) -> list[CellRange] | None:
    ranges = sheet.merged_cell_ranges
    if ranges is None:
        return None
    return [CellRange(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]


def _open(source: Any, what: str) -> pc.CalamineWorkbook:
    try:
        return pc.CalamineWorkbook.from_filelike(source)
    except pc.PasswordError as exc:
        raise encrypted() from exc
    except pc.CalamineError as exc:
        raise unreadable(f"{what}文件内容无法解析") from exc


def _load_sheets(
    book: pc.CalamineWorkbook,
    limits: Limits,
    what: str,
    extra: Callable[[int, str], tuple[list[CellRange] | None, frozenset[int]]],
    texts: Callable[[int, str], dict[tuple[int, int], str]],
) -> tuple[Sheet, ...]:
    """Load every worksheet; ``extra(position, name)`` adds what calamine lacks, and
    ``texts(position, name)`` the cells whose text it reads wrong ((row, column) → text,
    1-based)."""
    sheets: list[Sheet] = []
    for position, meta in enumerate(book.sheets_metadata):
        if meta.typ != _WORKSHEET:
            continue  # chart and dialog sheets hold no cells
        try:
            found = book.get_sheet_by_name(meta.name)
        except pc.CalamineError as exc:
            raise unreadable(f"{what}工作表「{meta.name}」无法解析") from exc
        end = found.end
        if end is not None:
            too_many_rows(meta.name, end[0] + 1, limits)
            too_many_columns(meta.name, end[1] + 1, limits)
            area = (end[0] + 1, end[1] + 1)
            too_many_cells(meta.name, area[0] * area[1], limits, area)
        rows = found.to_python(skip_empty_area=False)
        for (r, c), text in texts(position, meta.name).items():
            if r <= len(rows) and c <= len(rows[r - 1]):
                rows[r - 1][c - 1] = text
        merged = _merged(found)
        del found  # free calamine's copy of the cells
        fallback_merged, hidden_rows = extra(position, meta.name)
        if merged is None:
            merged = fallback_merged or []
        sheets.append(
            Sheet(
                name=meta.name,
                rows=rows,
                row_numbers=list(range(1, len(rows) + 1)),
                merged=tuple(merged),
                hidden=meta.visible != _VISIBLE,
                hidden_rows=hidden_rows,
            )
        )
    return tuple(sheets)


def read_zip_workbook(
    path: Path, zf: zipfile.ZipFile, fmt: str, limits: Limits
) -> tuple[Sheet, ...]:
    """Read an xlsx, xlsm or ods after the zip guard has inflated and scanned it."""
    scans: dict[str, SheetScan] = {}
    members: dict[str, str] = {}
    if fmt in ("xlsx", "xlsm"):
        members = sheet_members(zf)
        scans = {
            member: SheetScan(limits.max_columns, limits.max_rows)
            for member in members.values()
        }
    guard_zip(path, zf, limits, scans)
    for name, member in members.items():
        scan = scans[member]
        too_many_rows(name, scan.last_row, limits)
        too_many_columns(name, scan.far_column, limits)
        too_many_cells(name, scan.cells, limits)
        if scan.unreferenced:
            rows, columns = unreferenced_extent(zf.read(member))
            too_many_rows(name, rows, limits)
            too_many_columns(name, columns, limits)
    ods_info = scan_ods(zf, limits.max_rows, limits.max_cells) if fmt == "ods" else {}
    for name, info in ods_info.items():
        too_many_rows(name, info.last_row, limits)
        too_many_columns(name, info.last_column, limits)

    def extra(_: int, name: str) -> tuple[list[CellRange] | None, frozenset[int]]:
        if fmt == "ods":
            info = ods_info.get(name)
            return (info.merged, frozenset(info.hidden_rows)) if info else ([], frozenset())
        member = members.get(name)
        return None, frozenset(scans[member].hidden_rows) if member else frozenset()

    styles = literal_styles(zf) if members else {}

    def texts(_: int, name: str) -> dict[tuple[int, int], str]:
        if fmt == "ods":
            info = ods_info.get(name)
            return info.texts if info is not None else {}
        member = members.get(name)
        if member is None or not (scans[member].errors or styles):
            return {}
        xml = zf.read(member)  # (inflated once already: within the limits)
        shown = formatted_cells(xml, styles) if styles else {}
        if scans[member].errors:
            shown.update(error_cells(xml))
        return shown

    what = "ods" if fmt == "ods" else "xlsx"
    with open(path, "rb") as f:
        book = _open(f, what)
        try:
            return _load_sheets(book, limits, what, extra, texts)
        finally:
            book.close()


def read_ole_workbook(path: Path, limits: Limits) -> tuple[Sheet, ...]:
    """Read an .xls after checking its OLE2 container and BIFF record chain."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            if ole.get_size(stream) > limits.max_file_bytes:
                raise unreadable("xls文件结构异常")
            data = ole.openstream(stream).read()
    except ReadError:
        raise
    except Exception as exc:  # olefile raises OSError, IndexError, struct.error ...
        raise unreadable("xls文件结构已损坏") from exc
    try:
        info = scan_biff(data)
    except (BiffError, IndexError, ValueError) as exc:
        raise unreadable("xls文件已损坏，BIFF记录不完整") from exc
    if info.encrypted:  # FILEPASS: the check msoffcrypto's Xls97File.is_encrypted makes
        raise encrypted()
    if not info.biff8:  # calamine reads its GBK text as UTF-16: mojibake, header-not-found
        raise unsupported("Excel 5.0/95 格式的旧版工作簿，虽名为 .xls 也无法读取，"
                          "用 Excel 或 WPS 另存为 .xlsx 即可读取", spreadsheet=True)
    for sheet in info.sheets:  # before calamine builds a dense range from far-off cells
        too_many_rows(sheet.name, sheet.last_row, limits)
        too_many_columns(sheet.name, sheet.last_column, limits)

    def extra(position: int, _: str) -> tuple[list[CellRange] | None, frozenset[int]]:
        # BOUNDSHEET records and calamine's sheets are both in workbook order.
        rows = info.sheets[position].hidden_rows if position < len(info.sheets) else set()
        return None, frozenset(rows)

    def texts(position: int, _: str) -> dict[tuple[int, int], str]:
        return info.sheets[position].shown if position < len(info.sheets) else {}

    with open(path, "rb") as f:
        book = _open(f, "xls")
        try:
            return _load_sheets(book, limits, "xls", extra, texts)
        finally:
            book.close()

