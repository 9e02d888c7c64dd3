"""Bulletin files: items read back from result.json, the 进度通报 workbook (with a native chart)
and a self-contained HTML page."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import xlsxwriter

from catalog_check.bulletin import Bulletin, BulletinRow, Unattributed
from catalog_check.dates import day_text, moment_text
from catalog_check.files import atomic_path
from catalog_check.safe import XLSXWRITER_OPTIONS, add_format, write_text

__all__ = [
    "COLUMNS",
    "basis_note",
    "write_bulletin",
    "write_bulletin_book",
    "write_bulletin_html",
]

#: The table's columns, in order (the workbook and the page share them).
COLUMNS = (
    "序号", "部门", "审核小组", "报送情况", "最新报送文件", "收到时间", "审核结论",
    "事项数", "通过", "退回", "跑零次", "跑零次占比", "即办件", "即办件占比",
    "网上办理", "网上办理占比", "是否逾期", "备注",
)  # fmt: skip
_LATE_COL = COLUMNS.index("是否逾期")
_DASH = "—"


def _received(row: BulletinRow) -> str:
    return moment_text(row.received_at) if row.received_at else ""


def _subtitle(bulletin: Bulletin) -> str:
    t = bulletin.totals
    parts = []
    if bulletin.deadline:
        parts.append(f"报送截止日期：{day_text(bulletin.deadline)}")
    parts.append(f"统计时间：{moment_text(bulletin.as_of)}")
    parts.append(
        f"应报部门{t.departments}个，已报送{t.submitted}个"
        + (f"（其中随上级部门报送{t.via}个）" if t.via else "")
        + f"，未报送{t.not_submitted}个"
        + (f"，逾期报送{t.late}个，逾期未报{t.overdue}个" if bulletin.deadline else "")
    )
    if bulletin.unattributed:
        parts.append(f"另有未能识别部门的来件{len(bulletin.unattributed)}个（见「{UNATTRIBUTED}」）")
    return "　　".join(parts)


def basis_note(bulletin: Bulletin) -> str:
    """What each figure is counted over, under the subtitle of the workbook and the page."""
    note = (
        "说明：事项数、通过、退回为各部门最新报送文件中的事项数；跑零次、即办件、网上办理"
        "为其中审核通过的事项数（不含退回事项）；各占比的分母为通过事项中填写了跑动次数、"
        "是否即办件、是否网上办理（且能识别）的事项数，未填写的不计入分母，无可计的显示为"
        f"“{_DASH}”。"
    )
    if bulletin.totals.via:
        note += "随上级报送的单位，其事项计入上级部门一行。"
    return note


def _total_remark(bulletin: Bulletin) -> str:
    """Why 合计「通过」 differs from consolidate's 通过事项, when it does."""
    t = bulletin.totals
    if not t.held:
        return ""
    return (
        f"合计「通过」为各部门最新报送之和；另有{t.held_departments}个部门最新报送整体退回，"
        f"汇总目录沿用其前次报送中已通过的{t.held}项（见各行备注），"
        f"汇总目录据以汇总的通过事项共{t.catalogue_accepted}项"
    )


#: Where the files whose department could not be told are listed (sheet, and page section).
UNATTRIBUTED = "未识别部门的来件"
UNATTRIBUTED_COLUMNS = ("序号", "文件名", "审核小组", "收到时间", "审核结论")


def _unattributed_cells(n: int, u: Unattributed) -> list[Any]:
    return [n, u.file_name, u.audit_group or "", moment_text(u.received_at), u.status_label]


def _cells(n: int, row: BulletinRow) -> list[Any]:
    """One table row as values: str, int, float (a share) or None (no value). A body whose
    items came in its department's file shows that file and no figures: they are counted on
    the department's row."""
    counted = row.submitted and not row.via
    return [
        n,
        row.department + ("" if row.listed else "（名录外）"),
        row.audit_group or "",
        row.submitted_label,
        row.file_name or "",
        _received(row),
        row.status_label if row.submitted else "",
        row.items if counted else None,
        row.accepted if counted else None,
        row.rejected if counted else None,
        row.zero_trip if row.share_base else None,
        row.zero_trip_share,
        row.instant if row.share_base else None,
        row.instant_share,
        row.online if row.share_base else None,
        row.online_share,
        row.late_label,
        row.remark,
    ]


def _total_cells(bulletin: Bulletin) -> list[Any]:
    t = bulletin.totals
    return [
        "合计", f"{t.departments}个部门", "", f"已报送{t.submitted}个", "", "", "",
        t.items, t.accepted, t.rejected,
        t.zero_trip, t.zero_trip_share, t.instant, t.instant_share, t.online, t.online_share,
        f"逾期报送{t.late}个、逾期未报{t.overdue}个" if bulletin.deadline else "",
        _total_remark(bulletin),
    ]  # fmt: skip


_SHARE_COLUMNS = {11, 13, 15}


def write_bulletin_book(bulletin: Bulletin, path: Path) -> Path:
    """Write the 进度通报 workbook: title, table, totals and a native column chart."""
    with atomic_path(path) as tmp:  # (cut short, the day's earlier one stays whole)
        book = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        try:
            _fill_book(book, bulletin)
            if bulletin.unattributed:
                _unattributed_sheet(book, bulletin)
        finally:
            book.close()
    return path


def _unattributed_sheet(book: Any, bulletin: Bulletin) -> None:
    """The files received whose department could not be told, one per row."""
    sheet = book.add_worksheet(UNATTRIBUTED)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = add_format(book, {"border": 1, "valign": "top"})
    for col, name in enumerate(UNATTRIBUTED_COLUMNS):
        sheet.write_string(0, col, name, head)
    for n, u in enumerate(bulletin.unattributed, 1):
        for col, value in enumerate(_unattributed_cells(n, u)):
            if isinstance(value, str):
                write_text(sheet, n, col, value, text)
            else:
                sheet.write_number(n, col, value, text)
    for col, width in enumerate((5, 40, 14, 20, 10)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)


def _fill_book(book: Any, bulletin: Bulletin) -> None:
    sheet = book.add_worksheet("进度通报")
    title = book.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    note = book.add_format({"font_color": "#555555"})
    head = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    plain = {"border": 1, "valign": "top"}
    fmt = {
        # Text formats come from safe.add_format: a file name like =HYPERLINK(…) stays text.
        "text": add_format(book, plain),
        "int": add_format(book, {**plain, "num_format": "0"}),
        "share": add_format(book, {**plain, "num_format": "0.0%"}),
        "missing": add_format(book, {**plain, "bg_color": "#FCE4D6"}),
        "late": add_format(book, {**plain, "font_color": "#C00000", "bold": True}),
        "total": add_format(book, {**plain, "bold": True, "bg_color": "#F2F2F2"}),
        "total_share": book.add_format(
            {**plain, "bold": True, "bg_color": "#F2F2F2", "num_format": "0.0%"}
        ),
    }
    last_col = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, bulletin.title, title)
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last_col, _subtitle(bulletin), note)
    basis = book.add_format({"font_color": "#555555", "text_wrap": True, "valign": "top"})
    sheet.merge_range(2, 0, 2, last_col, basis_note(bulletin), basis)
    sheet.set_row(2, 30)
    header_row = 3
    for col, name in enumerate(COLUMNS):
        sheet.write_string(header_row, col, name, head)
    first = header_row + 1
    for n, row in enumerate(bulletin.rows, 1):
        r = header_row + n
        for col, value in enumerate(_cells(n, row)):
            if col in _SHARE_COLUMNS:
                style = fmt["share"]
            elif col == 3 and not row.submitted:
                style = fmt["missing"]
            elif col == _LATE_COL and row.late:
                style = fmt["late"]
            else:
                style = fmt["int"] if isinstance(value, int) else fmt["text"]
            _write(sheet, r, col, value, style)
    total_row = header_row + len(bulletin.rows) + 1
    for col, value in enumerate(_total_cells(bulletin)):
        _write(
            sheet,
            total_row,
            col,
            value,
            fmt["total_share"] if col in _SHARE_COLUMNS else fmt["total"],
        )
    widths = (5, 30, 14, 9, 30, 20, 10, 8, 7, 7, 8, 10, 8, 10, 9, 11, 9, 36)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(first, 2)
    sheet.autofilter(header_row, 0, total_row - 1, last_col)
    if bulletin.rows:
        _chart(book, sheet, bulletin, first, total_row - 1, total_row + 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def _write(sheet: Any, row: int, col: int, value: Any, style: Any) -> None:
    if value is None:
        sheet.write_string(row, col, _DASH, style)
    elif value == "":
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, str):
        write_text(sheet, row, col, value, style)
    else:
        sheet.write_number(row, col, value, style)


def _chart(book: Any, sheet: Any, bulletin: Bulletin, first: int, last: int, at_row: int) -> None:
    """A stacked column chart of accepted and rejected items per department."""
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    name = sheet.get_name()
    categories = [name, first, 1, last, 1]
    chart.add_series(
        {"name": [name, 3, 8], "categories": categories, "values": [name, first, 8, last, 8],
         "fill": {"color": "#70AD47"}}
    )  # fmt: skip
    chart.add_series(
        {"name": [name, 3, 9], "categories": categories, "values": [name, first, 9, last, 9],
         "fill": {"color": "#C00000"}}
    )  # fmt: skip
    chart.set_title({"name": f"各部门事项审核情况（{bulletin.batch}）"})
    chart.set_x_axis({"num_font": {"rotation": -45}})
    chart.set_y_axis({"name": "事项数", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "top"})
    chart.show_blanks_as("zero")
    chart.set_size({"width": max(720, 26 * len(bulletin.rows)), "height": 420})
    sheet.insert_chart(at_row, 1, chart)


# ---- the page ---------------------------------------------------------------------------

_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 6px}
h2{font-size:16px;margin:20px 0 6px}
p.note{color:#555;margin:0 0 16px}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:middle}
th{background:#ddebf7}
td.n{text-align:right}
tr.missing td{background:#fce4d6}
tr.total td{font-weight:bold;background:#f2f2f2}
td.late{color:#c00000;font-weight:bold}
.bar{display:inline-block;width:70px;height:9px;background:#eee;margin-right:4px;vertical-align:middle}
.bar span{display:block;height:9px;background:#4472c4}
""".strip()


def _share_cell(value: float | None) -> str:
    if value is None:
        return f'<td class="n">{_DASH}</td>'
    pct = round(value * 100, 1)
    return f'<td class="n"><span class="bar"><span style="width:{pct}%"></span></span>{pct}%</td>'


def _html_cells(values: list[Any], late: bool) -> str:
    out = []
    for col, value in enumerate(values):
        if col in _SHARE_COLUMNS:
            out.append(_share_cell(value))
        elif value is None:
            out.append(f'<td class="n">{_DASH}</td>')
        elif isinstance(value, int):
            out.append(f'<td class="n">{value}</td>')
        elif col == _LATE_COL and late:
            out.append(f'<td class="late">{html.escape(value)}</td>')
        else:
            out.append(f"<td>{html.escape(str(value))}</td>")
    return "".join(out)


def write_bulletin_html(bulletin: Bulletin, path: Path) -> Path:
    """Write the bulletin as one self-contained HTML page (inline CSS bars, nothing external)."""
    e = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(bulletin.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(bulletin.title)}</h1>",
        f'<p class="note">{e(_subtitle(bulletin))}</p>',
        f'<p class="note">{e(basis_note(bulletin))}</p>',
        "<table><thead><tr>"
        + "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
        + "</tr></thead><tbody>",
    ]
    for n, row in enumerate(bulletin.rows, 1):
        css = "" if row.submitted else ' class="missing"'
        lines.append(f"<tr{css}>{_html_cells(_cells(n, row), bool(row.late))}</tr>")
    lines.append(f'<tr class="total">{_html_cells(_total_cells(bulletin), False)}</tr>')
    lines.append("</tbody></table>")
    if bulletin.unattributed:
        lines += [
            f"<h2>{e(UNATTRIBUTED)}</h2>",
            "<table><thead><tr>"
            + "".join(f"<th>{e(c)}</th>" for c in UNATTRIBUTED_COLUMNS)
            + "</tr></thead><tbody>",
            *(f"<tr>{_html_cells(_unattributed_cells(n, u), False)}</tr>"
              for n, u in enumerate(bulletin.unattributed, 1)),
            "</tbody></table>",
        ]
    lines.append("</body></html>")
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_bulletin(bulletin: Bulletin, folder: Path) -> dict[str, Path]:
    """Write 进度通报-YYYYMMDD.xlsx and .html into ``folder``; their paths by kind."""
    stem = bulletin.file_stem
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "xlsx": write_bulletin_book(bulletin, folder / f"{stem}.xlsx"),
        "html": write_bulletin_html(bulletin, folder / f"{stem}.html"),
    }
