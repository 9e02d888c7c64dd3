"""审核报告.xlsx: the file's summary, every finding, counts per rule and the verdict per item."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from catalog_check.files import atomic_path
from catalog_check.reports._styles import (
    ACCEPTED_LABEL,
    ACCEPTED_TEXT,
    ERROR_FILL,
    ERROR_TEXT,
    HEADER_FILL,
    REJECTED_LABEL,
    TITLE_COLOR,
    WARNING_FILL,
    WARNING_TEXT,
    message,
    numbered,
    received_text,
    rule_name,
    severity_label,
    xlsx_write,
)
from catalog_check.rules import RULES, RULES_BY_CODE, Severity
from catalog_check.safe import XLSXWRITER_OPTIONS, add_format
from catalog_check.verdict import REJECTED, UNKNOWN_DEPARTMENT, UNREADABLE_FORMAT, FileReview

__all__ = [
    "FINDING_HEADERS",
    "ITEM_HEADERS",
    "RULE_HEADERS",
    "write_review_book",
]

FINDING_HEADERS = (
    "工作表", "行号", "单元格", "字段", "事项名称", "规则代码", "规则名称", "严重程度", "问题说明",
    "填写内容",
)
_FINDING_WIDTHS = (14, 7, 8, 14, 28, 24, 18, 9, 70, 30)
RULE_HEADERS = ("规则代码", "规则名称", "严重程度", "问题数", "涉及事项数", "依据")
_RULE_WIDTHS = (28, 22, 9, 8, 10, 40)
ITEM_HEADERS = (
    "工作表", "行号", "事项名称", "子项名称", "事项类型", "实施部门", "结论", "退回原因", "提示",
)
_ITEM_WIDTHS = (14, 7, 30, 20, 12, 22, 7, 70, 50)


def write_review_book(review: FileReview, out: Path) -> Path:
    """Write 审核报告.xlsx for one file; return its path."""
    with atomic_path(out) as tmp:
        book = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        fmt = _formats(book)
        _overview(book.add_worksheet("概况"), review, fmt)
        _findings(book.add_worksheet("问题清单"), review, fmt)
        _rules(book.add_worksheet("规则统计"), review, fmt)
        _items(book.add_worksheet("事项结论"), review, fmt)
        book.close()
    return out


def _formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "top"}
    border = {"border": 1, "border_color": "#A6A6A6"}
    return {
        "title": add_format(book, {**base, "bold": True, "font_size": 16,
                                  "font_color": "#" + TITLE_COLOR}),
        "header": add_format(book, {**base, **border, "bold": True, "bg_color": "#" + HEADER_FILL,
                                   "text_wrap": True, "valign": "vcenter", "align": "center"}),
        "label": add_format(book, {**base, **border, "bold": True, "bg_color": "#" + HEADER_FILL}),
        "text": add_format(book, {**base, **border}),
        "wrap": add_format(book, {**base, **border, "text_wrap": True}),
        "number": add_format(book, {**base, **border, "align": "right"}),
        "error": add_format(book, {**base, **border, "bg_color": "#" + ERROR_FILL,
                                  "font_color": "#" + ERROR_TEXT}),
        "warning": add_format(book, {**base, **border, "bg_color": "#" + WARNING_FILL,
                                    "font_color": "#" + WARNING_TEXT}),
        "info": add_format(book, {**base, **border}),
        "accepted": add_format(book, {**base, **border, "bold": True,
                                     "font_color": "#" + ACCEPTED_TEXT}),
        "rejected": add_format(book, {**base, **border, "bold": True,
                                     "font_color": "#" + ERROR_TEXT}),
        "total": add_format(book, {**base, **border, "bold": True}),
    }


def _table_header(
    ws: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...], fmt: Any
) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(0, col, text, fmt)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)


def _overview(ws: Worksheet, review: FileReview, fmt: dict[str, Any]) -> None:
    counts = review.counts
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 80)
    ws.write_string(0, 0, "审核报告", fmt["title"])
    rows: list[tuple[str, Any, str]] = [
        ("文件", review.path, "text"),
        ("原文件名", review.display_name, "text"),
        ("实施部门", review.department or UNKNOWN_DEPARTMENT, "text"),
        ("文件格式", review.format or UNREADABLE_FORMAT, "text"),
        ("SHA-256", review.sha256, "text"),
        ("收到时间", received_text(review.received), "text"),
        ("审核结论", review.status_label,
         "accepted" if review.status == "accepted" else "rejected"),
        ("事项数", counts["items"], "number"),
        ("通过事项", counts["accepted"], "number"),
        ("退回事项", counts["rejected"], "number"),
        ("退回问题", counts["errors"], "number"),
        ("提示", counts["warnings"], "number"),
        ("备注", counts["infos"], "number"),
    ]
    for r, (label, value, style) in enumerate(rows, 2):
        ws.write_string(r, 0, label, fmt["label"])
        xlsx_write(ws, r, 1, value, fmt[style])
    r = len(rows) + 3
    file_level = review.file_findings
    if file_level:
        ws.write_string(r, 0, "文件问题", fmt["label"])
        for f in file_level:
            text = f"【{severity_label(f.severity)}·{rule_name(f.code)}】{message(f)}"
            xlsx_write(ws, r, 1, text, fmt["wrap"])
            r += 1
    ws.activate()


def _findings(ws: Worksheet, review: FileReview, fmt: dict[str, Any]) -> None:
    _table_header(ws, FINDING_HEADERS, _FINDING_WIDTHS, fmt["header"])
    findings = review.ordered_findings
    for r, f in enumerate(findings, 1):
        sev = fmt.get(str(f.severity), fmt["text"])
        values = (f.sheet, f.row, f.cell, f.column, f.item, f.code, rule_name(f.code),
                  severity_label(f.severity), message(f), f.value)
        for col, value in enumerate(values):
            style = sev if col == 7 else fmt["wrap"] if col in (4, 8, 9) else fmt["text"]
            xlsx_write(ws, r, col, value, style)
    ws.autofilter(0, 0, max(len(findings), 1), len(FINDING_HEADERS) - 1)


def _rules(ws: Worksheet, review: FileReview, fmt: dict[str, Any]) -> None:
    _table_header(ws, RULE_HEADERS, _RULE_WIDTHS, fmt["header"])
    counts = Counter(f.code for f in review.findings)
    # 涉及事项数: the items a rule's findings are attached to (a finding on a materials-sheet
    # row belongs to its item, to each sub-item a shared row serves, to none when unlinked),
    # found by the messages each item lists.
    codes_of: dict[str, set[str]] = {}
    for f in review.findings:
        codes_of.setdefault(f.message, set()).add(f.code)
    items: dict[str, set[tuple[str | None, int]]] = {}
    for item in review.items:
        for text in (*item.reasons, *item.notes):
            for code in codes_of.get(text, ()):
                items.setdefault(code, set()).add((item.sheet, item.row))
    order = [r.code for r in RULES if r.code in counts]
    order += sorted(code for code in counts if code not in RULES_BY_CODE)
    r = 0
    for r, code in enumerate(order, 1):
        rule = RULES_BY_CODE.get(code)
        severity = rule.severity if rule else Severity.INFO
        xlsx_write(ws, r, 0, code, fmt["text"])
        xlsx_write(ws, r, 1, rule_name(code), fmt["text"])
        xlsx_write(ws, r, 2, severity_label(severity), fmt.get(str(severity), fmt["text"]))
        xlsx_write(ws, r, 3, counts[code], fmt["number"])
        xlsx_write(ws, r, 4, len(items.get(code, ())), fmt["number"])
        xlsx_write(ws, r, 5, rule.basis if rule else "", fmt["wrap"])
    xlsx_write(ws, r + 1, 0, "合计", fmt["total"])
    xlsx_write(ws, r + 1, 3, sum(counts.values()), fmt["total"])
    ws.autofilter(0, 0, max(r, 1), len(RULE_HEADERS) - 1)


def _items(ws: Worksheet, review: FileReview, fmt: dict[str, Any]) -> None:
    _table_header(ws, ITEM_HEADERS, _ITEM_WIDTHS, fmt["header"])
    for r, item in enumerate(review.items, 1):
        rejected = item.status == REJECTED
        values = (item.sheet, item.row, item.name, item.subitem, item.type, item.department,
                  REJECTED_LABEL if rejected else ACCEPTED_LABEL,
                  numbered(item.reasons) if item.reasons else None,
                  numbered(item.notes) if item.notes else None)
        for col, value in enumerate(values):
            style = (fmt["rejected" if rejected else "accepted"] if col == 6
                     else fmt["wrap"] if col in (2, 3, 7, 8) else fmt["text"])
            xlsx_write(ws, r, col, value, style)
    ws.autofilter(0, 0, max(len(review.items), 1), len(ITEM_HEADERS) - 1)
