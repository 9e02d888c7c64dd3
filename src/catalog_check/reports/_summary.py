"""The 审核结果 sheet that opens the marked copy: the verdict, counts and what to fix."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from openpyxl import Workbook as XlWorkbook
from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from catalog_check.findings import Finding
from catalog_check.reports._styles import (
    ACCEPTED_TEXT,
    ERROR_TEXT,
    TITLE_COLOR,
    WARNING_TEXT,
    display_width,
    message,
    numbered,
    received_text,
    rule_name,
    severity_label,
)
from catalog_check.reports._xl import BOX, HEADER, WRAP_TOP, put, unique_title
from catalog_check.rules import Severity
from catalog_check.verdict import REJECTED, UNKNOWN_DEPARTMENT, FileReview, ItemResult

SUMMARY_TITLE = "审核结果"
_FOR_AUDITORS = frozenset({"late-submission"})
_OUR_TITLES = re.compile(rf"{SUMMARY_TITLE}(?:\(\d+\))?")
#: Formats whose original workbook openpyxl opens and the marked copy keeps.
OPENPYXL_FORMATS = ("xlsx", "xlsm")


def _is_ours(ws: Worksheet) -> bool:
    """The 审核结果 sheet of an earlier marked copy: its title and its first two labels (as
    written now, or before 文件 showed the sent name); a department's own sheet is kept."""
    return (ws["A1"].value, ws["A3"].value) == (SUMMARY_TITLE, "文件") and ws["A4"].value in (
        "实施部门", "原文件名"
    )


def add_summary(
    wb: XlWorkbook,
    review: FileReview,
    unplaced: list[Finding],
    names: dict[str, str],
    rebuilt_from: str | None,
    shown: Sequence[str] = (),
) -> Worksheet:
    """Insert the 审核结果 sheet first and make it the sheet that opens; ``shown``: the hidden
    sheets, rows and columns the marked copy shows because they hold a marked cell."""
    for title in list(wb.sheetnames):  # ours in a resubmitted marked copy, 审核结果(2) too
        if _OUR_TITLES.fullmatch(title) and _is_ours(wb[title]):
            wb.remove(wb[title])
    ws = wb.create_sheet(unique_title(SUMMARY_TITLE, wb.sheetnames), 0)
    for ws_other in wb.worksheets:
        ws_other.sheet_view.tabSelected = ws_other is ws
    wb.active = 0
    for view in wb.views:
        view.firstSheet = 0
        view.activeTab = 0

    for col, width in zip("ABCDE", (16, 8, 32, 20, 72), strict=True):
        ws.column_dimensions[col].width = width
    put(ws, 1, 1, SUMMARY_TITLE, font=Font(bold=True, size=16, color="FF" + TITLE_COLOR))
    ws.merge_cells("A1:E1")
    counts = review.counts
    # What the department is shown: a late file's 提示 is the audit group's (listed below
    # only for them), so it is not counted here either.
    hidden = Counter(f.severity for f in review.findings if f.code in _FOR_AUDITORS)
    status_color = ACCEPTED_TEXT if review.status == "accepted" else ERROR_TEXT
    info = [
        # the name the department sent, never the audit server's archive path
        ("文件", review.display_name),
        ("实施部门", review.department or UNKNOWN_DEPARTMENT),
        ("收到时间", received_text(review.received)),
        ("审核结论", review.status_label),
        ("事项数",
         f"共{counts['items']}项：通过{counts['accepted']}项，退回{counts['rejected']}项"),
        ("问题数",
         f"退回{counts['errors'] - hidden[Severity.ERROR]}个，"
         f"提示{counts['warnings'] - hidden[Severity.WARNING]}个，"
         f"备注{counts['infos'] - hidden[Severity.INFO]}个"),
    ]
    row = 3
    for label, value in info:
        put(ws, row, 1, label, font=Font(bold=True), fill=HEADER, border=BOX)
        bold = label == "审核结论"
        color = "FF" + status_color if bold else None
        put(ws, row, 2, value, font=Font(bold=bold, color=color), border=BOX)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        row += 1
    row += 1
    note = ("说明：红色填充的单元格有需修改的问题（退回），黄色填充的为提示，请核实；"
            "问题详情见单元格批注。各事项表末列“审核意见”逐行列明结论。")
    if rebuilt_from in OPENPYXL_FORMATS:
        note += ("原文件无法按原样打开，本表按读取的内容重建，"
                 "单元格位置与原表一致，原格式未保留。")
    elif rebuilt_from == "csv":
        # cli.md: a CSV's rows are its lines; a cell holding a line break spans two of them
        note += ("原文件为 .csv 格式，本表按读取的内容转换为 .xlsx，行号为原文件的文本行号"
                 "（单元格内有换行时，与表格软件中显示的行号不同）。")
    elif rebuilt_from:
        note += (f"原文件为 .{rebuilt_from} 格式，本表按读取的内容转换为 .xlsx，"
                 "单元格位置与原表一致。")
    if shown:
        note += f"原表隐藏的{'，'.join(shown)}有标注的问题，本表已取消隐藏。"
    put(ws, row, 1, note, align=WRAP_TOP)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    # The note is merged over A:E (about 140 half-width characters a line), wrapped.
    ws.row_dimensions[row].height = max(32, 16 * -(-display_width(note) // 140) + 4)
    row += 2

    # The marked copy goes to the department: a late file is the audit group's matter (the
    # review report and the bulletin say so), as in the notice.
    file_level = [f for f in review.file_findings if f.code not in _FOR_AUDITORS]
    if file_level:
        row = _section(ws, row, "文件问题", ("结果", "规则", "", "", "问题说明"))
        for f in file_level:
            put(ws, row, 1, severity_label(f.severity), border=BOX, font=_sev_font(f.severity))
            put(ws, row, 2, rule_name(f.code), border=BOX)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            put(ws, row, 5, message(f), border=BOX, align=WRAP_TOP)
            row += 1
        row += 1

    if unplaced:
        row = _section(ws, row, "未能定位到单元格的问题",
                       ("工作表", "行号", "规则", "结果", "问题说明"))
        for f in unplaced:
            put(ws, row, 1, f.sheet or "", border=BOX)
            put(ws, row, 2, f.row, border=BOX)
            put(ws, row, 3, rule_name(f.code), border=BOX)
            put(ws, row, 4, severity_label(f.severity), border=BOX, font=_sev_font(f.severity))
            put(ws, row, 5, message(f), border=BOX, align=WRAP_TOP)
            row += 1
        row += 1

    rejected = [i for i in review.items if i.status == REJECTED]
    if rejected:
        row = _section(ws, row, f"退回事项（{len(rejected)}项）",
                       ("工作表", "行号", "事项名称", "子项名称", "退回原因"))
        first_items = next((i.sheet for i in review.items if i.sheet), None)
        by_message: dict[str, list[Finding]] = {}
        for f in review.findings:
            by_message.setdefault(f.message, []).append(f)
        for item in rejected:
            sheet = item.sheet if item.sheet is not None else first_items
            put(ws, row, 1, sheet or "", border=BOX, align=WRAP_TOP)
            link = put(ws, row, 2, item.row, border=BOX, align=WRAP_TOP)
            title = names.get(sheet) if sheet is not None else None
            if title is None and item.sheet is None and len(names) == 1:
                title = next(iter(names.values()))
            target = (title, f"A{item.row}") if title is not None else None
            target = _elsewhere(by_message, item, names) or target
            if target is not None:
                quoted = target[0].replace("'", "''")
                link.hyperlink = Hyperlink(ref=link.coordinate,
                                           location=f"'{quoted}'!{target[1]}")
                link.font = Font(color="FF0563C1", underline="single")
            put(ws, row, 3, item.name or "", border=BOX, align=WRAP_TOP)
            put(ws, row, 4, item.subitem or "", border=BOX, align=WRAP_TOP)
            put(ws, row, 5, numbered(item.reasons) if item.reasons else "", border=BOX,
                 align=WRAP_TOP)
            row += 1
    return ws


def _elsewhere(
    by_message: dict[str, list[Finding]], item: ItemResult, names: dict[str, str]
) -> tuple[str, str] | None:
    """Where to go for an item rejected only on another sheet (a certificate on the 申请材料
    sheet): the first cell its reasons point at; None when a reason is on its own row.
    ``by_message``: the file's findings by message (built once, not once per item)."""
    mine = [f for reason in dict.fromkeys(item.reasons) for f in by_message.get(reason, ())]
    if not mine or any(f.sheet == item.sheet and f.row == item.row for f in mine):
        return None
    for f in mine:
        if f.sheet in names and f.cell:
            return names[f.sheet], f.cell
    return None


def _section(ws: Worksheet, row: int, title: str, headers: tuple[str, ...]) -> int:
    put(ws, row, 1, title, font=Font(bold=True, size=12, color="FF" + TITLE_COLOR))
    row += 1
    for col, text in enumerate(headers, 1):
        put(ws, row, col, text, font=Font(bold=True), fill=HEADER, border=BOX)
    return row + 1


def _sev_font(severity: Severity) -> Font:
    color = {Severity.ERROR: ERROR_TEXT, Severity.WARNING: WARNING_TEXT}.get(severity, "000000")
    return Font(bold=True, color="FF" + color)
