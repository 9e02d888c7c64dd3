"""退回清单.xlsx: what the department must fix, attached to the rejection notice."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from catalog_check.files import atomic_path
from catalog_check.reports._styles import (
    ERROR_TEXT,
    HEADER_FILL,
    TITLE_COLOR,
    message,
    numbered,
    received_text,
    rule_name,
    xlsx_write,
)
from catalog_check.safe import XLSXWRITER_OPTIONS, add_format
from catalog_check.verdict import REJECTED, UNKNOWN_DEPARTMENT, FileReview

__all__ = ["FILE_HEADERS", "ITEM_HEADERS", "SHEET_NAME", "write_rejection_list"]

SHEET_NAME = "退回清单"
FILE_HEADERS = ("序号", "问题", "问题说明及修改要求")
ITEM_HEADERS = ("序号", "工作表", "行号", "事项名称", "子项名称", "退回原因及修改要求", "提示")
_WIDTHS = (6, 14, 7, 30, 20, 70, 40)


def _summary_line(file_errors: int, rejected: int) -> str:
    """What the list holds, naming only what there is (no 文件问题0个)."""
    if file_errors and rejected:
        return f"需修改的文件问题{file_errors}个，退回事项{rejected}项。请逐项修改后重新报送。"
    if file_errors:
        return f"需修改的文件问题{file_errors}个，整份退回。请按下列要求修改后重新报送。"
    return f"退回事项{rejected}项。请逐项修改后重新报送。"


def write_rejection_list(review: FileReview, out: Path) -> Path:
    """Write 退回清单.xlsx: file-level errors, then every rejected item with its reasons."""
    with atomic_path(out) as tmp:
        book = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        base = {"font_name": "宋体", "font_size": 10, "valign": "top"}
        box = {"border": 1, "border_color": "#A6A6A6"}
        title = add_format(book, {**base, "bold": True, "font_size": 16,
                                 "font_color": "#" + TITLE_COLOR})
        section = add_format(book, {**base, "bold": True, "font_size": 12,
                                   "font_color": "#" + TITLE_COLOR})
        header = add_format(book, {**base, **box, "bold": True, "bg_color": "#" + HEADER_FILL,
                                  "align": "center", "valign": "vcenter"})
        text = add_format(book, {**base, **box})
        wrap = add_format(book, {**base, **box, "text_wrap": True})
        reason = add_format(book, {**base, **box, "text_wrap": True,
                                   "font_color": "#" + ERROR_TEXT})
        plain = add_format(book, base)

        ws = book.add_worksheet(SHEET_NAME)
        for col, width in enumerate(_WIDTHS):
            ws.set_column(col, col, width)
        name = review.display_name
        xlsx_write(ws, 0, 0, f"{name} 退回清单", title)
        rejected = [i for i in review.items if i.status == REJECTED]
        file_errors = review.file_errors
        received = f"收到时间：{received_text(review.received)}　" if review.received else ""
        xlsx_write(ws, 1, 0, f"实施部门：{review.department or UNKNOWN_DEPARTMENT}　"
                             f"{received}审核结论：{review.status_label}", plain)
        xlsx_write(ws, 2, 0, _summary_line(len(file_errors), len(rejected)), plain)
        row = 4
        if file_errors:
            ws.write_string(row, 0, "一、文件问题（须先改正）", section)
            row += 1
            ws.write_string(row, 0, FILE_HEADERS[0], header)
            ws.merge_range(row, 1, row, 4, FILE_HEADERS[1], header)
            ws.write_string(row, 5, FILE_HEADERS[2], header)
            row += 1
            for n, f in enumerate(file_errors, 1):
                xlsx_write(ws, row, 0, n, text)
                ws.merge_range(row, 1, row, 4, rule_name(f.code), text)
                xlsx_write(ws, row, 5, message(f), reason)
                row += 1
            row += 1
        if rejected:
            label = "二、退回事项" if file_errors else "退回事项"
            ws.write_string(row, 0, label, section)
            row += 1
            for col, head in enumerate(ITEM_HEADERS):
                ws.write_string(row, col, head, header)
            ws.freeze_panes(row + 1, 0)
            first = row
            for n, item in enumerate(rejected, 1):
                row += 1
                values = (n, item.sheet, item.row, item.name, item.subitem,
                          numbered(item.reasons) if item.reasons else "",
                          numbered(item.notes) if item.notes else "")
                for col, value in enumerate(values):
                    style = reason if col == 5 else wrap if col in (3, 4, 6) else text
                    xlsx_write(ws, row, col, value, style)
            ws.autofilter(first, 0, row, len(ITEM_HEADERS) - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        book.close()
    return out
