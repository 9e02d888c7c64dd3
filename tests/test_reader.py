"""The reader: formats by their bytes, exact Excel rows, and every file-level refusal."""

from __future__ import annotations

import codecs
import shutil
import struct
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import olefile
import pytest
from guards import no_hang

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from workbooks import (
    HEADER,
    TITLE,
    SheetSpec,
    item_row,
    items_sheet,
    make_docx,
    make_encrypted_xlsx,
    make_pdf,
    make_png,
    make_zip_bomb,
    truncate,
    write,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
)

from catalog_check.config import Limits
from catalog_check.reader import ReadError, read_workbook, sniff_format
from catalog_check.workbook import CellRange

NAMES = ["保安服务公司设立许可", "保安培训单位设立许可", "典当业特种行业许可证核发"]


def refused(path: Path, limits: Limits = Limits()) -> tuple[str, str]:  # noqa: B008
    """(code, detail) of the ReadError reading ``path`` raises."""
    with pytest.raises(ReadError) as caught:
        read_workbook(path, limits)
    return caught.value.code, caught.value.detail


# ---- rows and columns where Excel shows them ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_empty_leading_rows_and_columns_keep_excel_positions(tmp_path: Path, fmt: str) -> None:
    """C4 is rows[3][2] with row number 4, however empty rows 1-3 and column A are."""
    rows = [[], [], [], [None, None, "保安服务公司设立许可", 1.0]]
    wb = read_workbook(write(tmp_path / f"a.{fmt}", fmt, rows))
    sheet = wb.sheets[0]
    assert wb.format == fmt
    assert sheet.row_numbers[:4] == [1, 2, 3, 4]
    assert sheet.rows[3][2] == "保安服务公司设立许可"
    assert sheet.rows[3][3] == 1.0
    assert sheet.rows[0][0] == ""
    assert {len(r) for r in sheet.rows} == {4}


def test_values_as_calamine_gives_them(tmp_path: Path) -> None:
    """Floats stay floats (1.0), booleans and datetimes keep their types."""
    when = datetime(2017, 3, 1, 9, 30)
    wb = read_workbook(write_xlsx(tmp_path / "v.xlsx", [["a", 1.0, 2.5, True, when, 7]]))
    assert wb.sheets[0].rows == [["a", 1.0, 2.5, True, when, 7]]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_merged_ranges_hidden_rows_and_sheets(tmp_path: Path, fmt: str) -> None:
    """Merged ranges in Excel coordinates; hidden rows by Excel row; hidden sheets flagged."""
    rows = [[TITLE], list(HEADER[:6])] + [item_row(i, n)[:6] for i, n in enumerate(NAMES, 1)]
    path = write(
        tmp_path / f"m.{fmt}", fmt, rows,
        merged=["A1:F1", "F3:F5"], hidden_rows=[4],
        hidden_sheets={"下拉选项": [["行政许可"], ["公共服务"]]},
    )
    wb = read_workbook(path)
    main, lists = wb.sheets
    assert (main.name, main.hidden) == ("事项清单", False)
    assert (lists.name, lists.hidden) == ("下拉选项", True)
    assert set(main.merged) == {CellRange(1, 1, 1, 6), CellRange(3, 6, 5, 6)}
    assert main.hidden_rows == frozenset({4})
    assert main.rows[3][1] == "保安培训单位设立许可"


def test_ods_line_breaks_inside_a_paragraph_are_kept(tmp_path: Path) -> None:
    """A line break inside an .ods cell's paragraph (<text:line-break/>, Shift+Enter in
    LibreOffice) separates lines as a new paragraph does; calamine drops it, so two materials
    read as one (营业执照复印件其他相关材料) and three steps as one."""
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P, S

    def cell(*lines: str) -> TableCell:
        el = TableCell(valuetype="string")
        p = P()
        for k, line in enumerate(lines):
            if k:
                p.addElement(LineBreak())
            p.addText(line)
        el.addElement(p)
        return el

    doc = OpenDocumentSpreadsheet()
    table = Table(name="事项清单")
    for values in (["事项名称", "申请材料", "办理流程"],
                   [("保安服务公司设立许可",), ("1.营业执照复印件", "2.其他相关材料"),
                    ("受理", "审查", "决定")]):
        row = TableRow()
        for v in values:
            row.addElement(cell(v) if isinstance(v, str) else cell(*v))
        table.addElement(row)
    spaced = TableRow()
    two = TableCell(valuetype="string")
    p = P(text="申请")
    p.addElement(S(c=2))
    p.addText("受理")
    p.addElement(LineBreak())
    p.addText("决定")
    two.addElement(p)
    spaced.addElement(two)
    table.addElement(spaced)
    noted = TableRow()
    commented = cell("典当业特种行业许可证核发")
    note = Annotation()
    note.addElement(P(text="请核对名称"))
    with_break = P(text="与权力清单")
    with_break.addElement(LineBreak())
    with_break.addText("一致")
    note.addElement(with_break)
    commented.addElement(note)
    noted.addElement(commented)
    table.addElement(noted)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "a.ods"))
    rows = read_workbook(tmp_path / "a.ods").sheets[0].rows
    assert rows[1][1:] == ["1.营业执照复印件\n2.其他相关材料", "受理\n审查\n决定"]
    assert rows[2][0] == "申请  受理\n决定"
    assert rows[3][0] == "典当业特种行业许可证核发"  # its comment's lines are no part of it


def test_a_formula_showing_an_error_reads_as_that_error(tmp_path: Path) -> None:
    """事项类型 =VLOOKUP(…) whose stored result is #N/A: read as #N/A, as Excel shows it
    (calamine reads an error as an empty cell: 必填项为空 for a cell the clerk sees filled)."""
    import re
    import zipfile

    source = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES[:2]))
    patched = tmp_path / "b.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(patched, "w",
                                                        zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="E3"[^>]*?(?:/>|>.*?</c>)',
                              b'<c r="E3" t="e"><f>VLOOKUP(B3,Z1:Z2,1,0)</f><v>#N/A</v></c>',
                              data, flags=re.S)
            zout.writestr(name, data)
    rows = read_workbook(patched).sheets[0].rows
    assert rows[2][HEADER.index("事项类型")] == "#N/A"
    assert rows[1][HEADER.index("事项类型")] == "行政许可"


def test_a_number_format_that_adds_text_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    """20 formatted 0"天" shows 20天: the unit is the department's answer (a number alone
    reads as working days); formats that add no text, dates and text cells are as before."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    for row in items_sheet(NAMES[:3]):
        ws.append(row)
    legal, promise = HEADER.index("法定办结时限") + 1, HEADER.index("承诺办结时限") + 1
    formats = {  # (Excel row, column) → (value, number format)
        (2, legal): (20, '0"天"'),
        (2, promise): (15, 'G/通用格式"个工作日"'),
        (3, legal): (20, "0.00"),  # adds no text
        (3, promise): ("10", '0"天"'),  # a text cell shows as typed
        (4, legal): (datetime(2017, 3, 10), 'yyyy"年"m"月"d"日"'),  # a date stays a date
        (4, promise): (1500, '#,##0.00"元"'),
    }
    for (r, c), (value, code) in formats.items():
        ws.cell(r, c, value).number_format = code
    wb.save(tmp_path / "f.xlsx")
    rows = read_workbook(tmp_path / "f.xlsx").sheets[0].rows
    assert rows[1][legal - 1] == "20天"
    assert rows[1][promise - 1] == "15个工作日"
    assert rows[2][legal - 1] == 20
    assert rows[2][promise - 1] == "10"
    assert rows[3][legal - 1] == datetime(2017, 3, 10).date()  # as calamine reads a date
    assert rows[3][promise - 1] == "1,500.00元"


def test_many_number_formats_and_a_bloated_styles_part(tmp_path: Path) -> None:
    """Forty styles with text formats (one pass over the sheet, each cell's style looked up);
    a styles part over 16 MB (copy-paste bloat) is read as before, without its formats, where
    it made the file unreadable."""
    import openpyxl

    wb = openpyxl.Workbook()
    for i in range(40):
        wb.active.cell(i + 1, 1, i).number_format = f'0"天{i}"'
    wb.save(tmp_path / "many.xlsx")
    rows = read_workbook(tmp_path / "many.xlsx").sheets[0].rows
    assert [r[0] for r in rows] == [f"{i}天{i}" for i in range(40)]

    bloated = tmp_path / "bloated.xlsx"
    with zipfile.ZipFile(tmp_path / "many.xlsx") as zin, \
            zipfile.ZipFile(bloated, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b"<fonts", b"<!--" + b" " * (17 << 20) + b"--><fonts", 1)
            zout.writestr(info.filename, data)
    assert [r[0] for r in read_workbook(bloated).sheets[0].rows] == list(range(40))


def test_an_xls_number_format_that_adds_text_is_read_as_excel_shows_it(
    tmp_path: Path,
) -> None:
    """The same in BIFF (WPS, Excel 97-2003): FORMAT and XF records, numbers stored as RK,
    MULRK (a run of them) and NUMBER records."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("事项清单")
    cells = [(20, '0"天"'), (15, 'G/通用格式"个工作日"'), (1500, '#,##0.00"元"'),
             (-3, '0"天"'), (2.5, '0.0"日"'), (123456789, '0"号"'), (7, "0.00"),
             (0.01, '0.00"元"'), (1, '"有";"有";"无"'), (0, '"有";"有";"无"')]
    for column, (value, code) in enumerate(cells):
        ws.write(1, column, value, xlwt.easyxf(num_format_str=code))
    ws.write(2, 0, "20", xlwt.easyxf(num_format_str='0"天"'))  # text shows as typed
    wb.save(str(tmp_path / "f.xls"))
    rows = read_workbook(tmp_path / "f.xls").sheets[0].rows
    assert rows[1] == ["20天", "15个工作日", "1,500.00元", "-3天", "2.5日", "123456789号", 7,
                       "0.01元", "有", "无"]
    assert rows[2][0] == "20"


def test_an_ods_number_whose_format_adds_text_is_read_as_shown(tmp_path: Path) -> None:
    """LibreOffice stores a number's value and, in its paragraph, the text its format shows
    (<text:p>20天</text:p>); calamine reads the value. A plain number, a percentage and a
    thousands separator read as before."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="事项清单")
    row = TableRow()
    for value, shown, kind in [(20, "20天", "float"), (15, "15个工作日", "float"),
                               (3, "¥3.00", "currency"), (7, "7", "float"),
                               (1500, "1,500", "float"), (0.5, "50%", "percentage"),
                               (57187280114, "0571-87280114", "float"), (0.5, "0.5", "float")]:
        cell = TableCell(valuetype=kind, value=value)
        cell.addElement(P(text=shown))
        row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "f.ods"))
    rows = read_workbook(tmp_path / "f.ods").sheets[0].rows
    assert rows[0] == ["20天", "15个工作日", "¥3.00", 7, 1500, 0.5, "0571-87280114", 0.5]


def test_an_ods_repeating_cells_past_the_cell_limit_is_refused(tmp_path: Path) -> None:
    """number-columns-repeated and number-rows-repeated multiply a cell for free: 100 KB made
    30 million cells with line breaks, GBs in the scan and in calamine, and the process aborted.
    Cells are counted with their repetitions and refused past [limits] max_cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P

    def ods(rows: int, repeat: int) -> Path:
        doc = OpenDocumentSpreadsheet()
        table = Table(name="事项清单")
        for _ in range(rows):
            row = TableRow(numberrowsrepeated=repeat)
            cell = TableCell(valuetype="string", numbercolumnsrepeated=100)
            p = P(text="营业执照")
            p.addElement(LineBreak())
            cell.addElement(p)
            row.addElement(cell)
            table.addElement(row)
        doc.spreadsheet.addElement(table)
        path = tmp_path / f"{rows}x{repeat}.ods"
        doc.save(str(path))
        return path

    small = Limits(max_cells=10_000)
    assert len(read_workbook(ods(100, 1), small).sheets[0].rows) == 100  # 10,000 cells
    message = "工作表「事项清单」的非空单元格超过10000个上限（重复的行列逐个计）"
    assert refused(ods(101, 1), small) == ("file-too-large", message)
    assert refused(ods(2, 60), small) == ("file-too-large", message)  # rows repeated


def test_sheets_keep_their_order(tmp_path: Path) -> None:
    sheets = [SheetSpec("填表说明", [["说明"]]), SheetSpec("行政许可", [["a"]]),
              SheetSpec("下拉", [["b"]], hidden=True), SheetSpec("公共服务", [["c"]])]
    wb = read_workbook(write_xlsx(tmp_path / "o.xlsx", sheets=sheets))
    assert [(s.name, s.hidden) for s in wb.sheets] == [
        ("填表说明", False), ("行政许可", False), ("下拉", True), ("公共服务", False)
    ]


# ---- formats by their bytes -------------------------------------------------------------------


def test_extension_lies_are_read_by_the_bytes(tmp_path: Path) -> None:
    rows = items_sheet(NAMES[:1])
    xlsx_as_xls = tmp_path / "目录.xls"
    shutil.copy(write_xlsx(tmp_path / "a.xlsx", rows), xlsx_as_xls)
    xls_as_xlsx = tmp_path / "目录.xlsx"
    shutil.copy(write_xls(tmp_path / "b.xls", rows), xls_as_xlsx)
    csv_as_xlsx = tmp_path / "目录2.xlsx"
    shutil.copy(write_csv(tmp_path / "c.csv", rows), csv_as_xlsx)
    assert [sniff_format(p) for p in (xlsx_as_xls, xls_as_xlsx, csv_as_xlsx)] == [
        "xlsx", "xls", "csv"
    ]
    for path, fmt in ((xlsx_as_xls, "xlsx"), (xls_as_xlsx, "xls"), (csv_as_xlsx, "csv")):
        wb = read_workbook(path)
        assert wb.format == fmt
        assert wb.sheets[0].rows[1][1] == "保安服务公司设立许可"


def test_xlsm_and_ods_are_recognised(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "a.xlsx", [["事项名称"]])
    xlsm = tmp_path / "a.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert sniff_format(xlsm) == "xlsm"
    assert read_workbook(xlsm).format == "xlsm"
    assert sniff_format(write_ods(tmp_path / "a.ods", [["事项名称"]])) == "ods"


# ---- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("utf-8-sig", ","), ("utf-8", ","), ("gb18030", "\t"), ("utf-8", ";"),
     ("utf-16", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [["序号", "事项名称", "实施部门"], [1, "保安服务公司设立许可", "浙江省公安厅"]]
    path = write_csv(tmp_path / "浙江省公安厅.csv", rows, encoding=encoding, delimiter=delimiter)
    wb = read_workbook(path)
    assert wb.format == "csv"
    (sheet,) = wb.sheets
    assert sheet.name == "浙江省公安厅"
    assert sheet.rows == [
        ["序号", "事项名称", "实施部门"], ["1", "保安服务公司设立许可", "浙江省公安厅"]
    ]
    assert sheet.row_numbers == [1, 2]


def test_csv_full_width_semicolon_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    text = "序号；事项名称；实施部门\r\n1；保安服务公司设立许可；浙江省公安厅\r\n"
    path.write_text(text, encoding="utf-8")
    assert read_workbook(path).sheets[0].rows[1] == ["1", "保安服务公司设立许可", "浙江省公安厅"]


@pytest.mark.parametrize(
    ("mark", "encoding", "delimiter"),
    [("；", "gbk", ","), (";", "utf-8-sig", ","), (",", "utf-16", "\t")],
    ids=["full-width-semicolons-gbk", "semicolons-utf8", "commas-utf16-tab"],
)
def test_csv_whose_cells_end_their_lines_in_another_delimiter(
    tmp_path: Path, mark: str, encoding: str, delimiter: str
) -> None:
    """Conditions numbered one per line, each line ending in ； (as nearly every list writes
    them): the file is still read with its own delimiter. The lines of the quoted cells
    outnumbered the records, ； won the guess and the file had no header."""
    conditions = f"1.有注册资本{mark}\n2.有住所{mark}\n3.有专业技术人员"
    rows = items_sheet(NAMES[:2], 受理条件=conditions)
    path = write_csv(tmp_path / "a.csv", rows, encoding=encoding, delimiter=delimiter)
    sheet = read_workbook(path).sheets[0]
    assert sheet.rows[0] == list(HEADER)
    assert [r[1] for r in sheet.rows[1:]] == NAMES[:2]
    assert sheet.rows[1][HEADER.index("受理条件")] == conditions


def test_csv_formula_text_is_the_text_excel_shows(tmp_path: Path) -> None:
    """="0571-87280114" keeps the leading 0 in Excel, which shows 0571-87280114: read as that
    (it failed invalid-phone quoting ="…"), whether written bare or quoted by a CSV writer."""
    path = tmp_path / "a.csv"
    path.write_text('事项名称,咨询电话,事项编码\r\n保安服务公司设立许可,="0571-87280114",'
                    '"=""00330217001"""\r\n', encoding="utf-8-sig")
    assert read_workbook(path).sheets[0].rows[1] == [
        "保安服务公司设立许可", "0571-87280114", "00330217001"
    ]


def test_csv_row_numbers_are_the_lines_records_start_on(tmp_path: Path) -> None:
    """A quoted cell over three lines: the next record starts three lines further down."""
    rows = [["事项名称", "申请材料"], ["保安服务公司设立许可", "1.申请书\n2.身份证明\n3.章程"],
            ["保安培训单位设立许可", "1.申请书"], [],
            ["典当业特种行业许可证核发", "1.申请书\r\n2.章程"]]
    wb = read_workbook(write_csv(tmp_path / "a.csv", rows, encoding="gbk"))
    sheet = wb.sheets[0]
    assert sheet.row_numbers == [1, 2, 5, 6, 7]
    assert sheet.rows[1][1] == "1.申请书\n2.身份证明\n3.章程"
    assert sheet.rows[3] == ["", ""]  # a blank line keeps its place, padded to the width
    assert sheet.rows[4][1] == "1.申请书\r\n2.章程"


def test_ragged_csv_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("事项名称,实施部门,设定依据\n保安服务公司设立许可\n".encode("gbk"))
    assert read_workbook(path).sheets[0].rows[1] == ["保安服务公司设立许可", "", ""]


def test_csv_with_an_unpaired_quote_says_so_and_where(tmp_path: Path) -> None:
    """An opening quote never closed swallows the rest of the file into one cell."""
    lines = ["事项名称,实施部门,受理条件", '保安服务公司设立许可,浙江省公安厅,"有固定住所']
    lines += ["公章刻制业特种行业许可证核发,浙江省公安厅,有经营场所"] * 5000
    path = tmp_path / "a.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")
    code, detail = refused(path)
    assert code == "file-unreadable"
    assert detail.startswith("CSV第2行起引号不配对")


def test_csv_with_a_cell_too_long_says_so_not_unpaired_quotes(tmp_path: Path) -> None:
    """A properly quoted cell of 140,000 characters was '引号可能不配对'."""
    path = write_csv(tmp_path / "a.csv", [["事项名称", "受理条件"], ["许可", "条件" * 70_000],
                                          ["备案", "有住所"]])
    code, detail = refused(path)
    assert code == "file-unreadable"
    assert detail.startswith("CSV第2行有单元格超过131072个字符")


# ---- file-level refusals ----------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"")
    assert refused(path) == ("file-unreadable", "文件为空")


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    assert refused(tmp_path / "nowhere.xlsx")[0] == "file-unreadable"


def test_truncated_xlsx(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    code, detail = refused(truncate(src, tmp_path / "cut.xlsx", 0.6))
    assert code == "file-unreadable"
    assert "压缩包已损坏" in detail


@pytest.mark.parametrize(("name", "code"), [
    ("cut.docx", "unsupported-format"), ("cut.zip", "unsupported-format"),
    ("cut.xlsx", "file-unreadable"), ("cut", "file-unreadable"),
])
def test_a_damaged_zip_named_as_another_document_is_that_document(
    tmp_path: Path, name: str, code: str
) -> None:
    """A Word file sent by mistake and cut short is unsupported-format (rules.md: a .docx),
    not a damaged workbook; under a spreadsheet's name or none it is file-unreadable."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    got, detail = refused(truncate(src, tmp_path / name, 0.6))
    assert got == code
    if code == "unsupported-format":
        assert detail.startswith(f"扩展名为{Path(name).suffix}，是")


def test_a_damaged_compound_file_named_doc_is_a_word_file(tmp_path: Path) -> None:
    """The compound-file signature and nothing sound after it: under .doc a Word file, under
    .xls a damaged workbook."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096
    (tmp_path / "说明.doc").write_bytes(data)
    (tmp_path / "清单.xls").write_bytes(data)
    assert refused(tmp_path / "说明.doc") == (
        "unsupported-format", "扩展名为.doc，是Word文档"
    )
    assert refused(tmp_path / "清单.xls") == ("file-unreadable", "Office复合文档结构已损坏")


def test_corrupt_member_in_a_whole_zip(tmp_path: Path) -> None:
    """The central directory is intact but the sheet's deflate data is garbage."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2 : start + 40] = b"\xff" * 38
    path = tmp_path / "bad.xlsx"
    path.write_bytes(bytes(data))
    assert refused(path)[0] == "file-unreadable"


def test_encrypted_xlsx(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    path = make_encrypted_xlsx(src, tmp_path / "加密.xlsx")
    assert refused(path)[0] == "file-encrypted"
    with pytest.raises(ReadError) as caught:
        sniff_format(path)
    assert caught.value.code == "file-encrypted"


def test_encrypted_xls(tmp_path: Path) -> None:
    """An .xls whose globals carry FILEPASS (RC4): the check msoffcrypto makes, too."""
    import msoffcrypto

    path = write_xls(tmp_path / "a.xls", items_sheet(NAMES))
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        pos = 0
        while True:  # turn the WRITEACCESS record (same length) into FILEPASS
            kind, length = struct.unpack_from("<HH", stream, pos)
            if kind == 0x005C:
                struct.pack_into("<HHH", stream, pos, 0x002F, length, 0x0001)
                break
            pos += 4 + length
        ole.write_stream("Workbook", bytes(stream))
    with open(path, "rb") as f:
        assert msoffcrypto.OfficeFile(f).is_encrypted()
    assert refused(path)[0] == "file-encrypted"


def _with_zip_password_flag(path: Path) -> None:
    """Set the 'encrypted' bit of every member, in the local headers and the central directory,
    as 7-Zip or WinRAR write a zip with a password (the members' bytes need not be encrypted:
    the bit is what tells)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data[info.header_offset + 6] |= 0x1
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def test_a_zip_with_a_password_is_encrypted_not_damaged(tmp_path: Path) -> None:
    """An .xlsx put in a zip with a password (7-Zip, WinRAR) was 压缩包已损坏: the department
    opens it with its password, sees nothing wrong and sends it again."""
    path = write_xlsx(tmp_path / "加密.xlsx", items_sheet(NAMES))
    _with_zip_password_flag(path)
    code, message = refused(path)
    assert code == "file-encrypted"
    assert "压缩包设有密码" in message


def test_an_ods_saved_with_a_password_is_encrypted(tmp_path: Path) -> None:
    """LibreOffice and WPS encrypt content.xml and say so in the manifest (encryption-data):
    it was 'content.xml无法解析'."""
    plain = write_ods(tmp_path / "a.ods", items_sheet(NAMES))
    path = tmp_path / "加密.ods"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(
                    b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                    b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                    b'<manifest:encryption-data manifest:checksum="AAAA"><manifest:algorithm '
                    b'manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>'
                    b"</manifest:encryption-data></manifest:file-entry>")
                assert b"encryption-data" in body
            elif info.filename == "content.xml":
                body = bytes(range(256)) * 8  # what encrypted bytes look like
            zout.writestr(info, body)
    assert refused(path)[0] == "file-encrypted"


def test_an_xlsb_workbook_is_refused_and_stays_its_departments(tmp_path: Path) -> None:
    """An Excel binary workbook (.xlsb) is refused with what to do; it is still the list of
    the department its name names (its notice reaches 省公安厅), not a letter nobody sent."""
    import zipfile

    from catalog_check.review import review_file

    path = tmp_path / "省公安厅-第二批.xlsb"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert refused(path) == (
        "unsupported-format", "文件为Excel二进制工作簿.xlsb，另存为.xlsx即可读取")
    review = review_file(path).file
    assert review.department == "浙江省公安厅"
    # one bracket, one 请: the detail says how, the advice what (was （…（.xlsb），请…），请…)
    (message,) = [f.message for f in review.findings]
    assert message == ("文件不是可读取的电子表格（文件为Excel二进制工作簿.xlsb，"
                       "另存为.xlsx即可读取），请以 .xlsx、.xls、.ods 或 .csv 格式重新提交")


def test_an_excel_95_workbook_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """An Excel 5.0/95 (BIFF5) .xls with its text in GBK: calamine reads the text as UTF-16
    (mojibake), and the file was header-not-found with 请使用统一模板. It is refused as a
    format, with the way out: save it as .xlsx."""
    import struct

    from xlwt.CompoundDoc import XlsDoc

    def rec(kind: int, payload: bytes) -> bytes:
        return struct.pack("<HH", kind, len(payload)) + payload

    def label(r: int, c: int, text: str) -> bytes:
        raw = text.encode("gbk")
        return rec(0x0204, struct.pack("<HHHH", r, c, 15, len(raw)) + raw)

    sheet = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0))  # BOF, BIFF5 worksheet
    for c, text in enumerate(["序号", "事项名称", "事项类型", "实施部门"]):
        sheet += label(0, c, text)
    sheet += rec(0x000A, b"")
    globals_ = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0)) + rec(
        0x0042, struct.pack("<H", 936))  # CODEPAGE 936
    name = "事项清单".encode("gbk")
    end = rec(0x000A, b"")
    offset = len(globals_) + 4 + 7 + len(name) + len(end)
    globals_ += rec(0x0085, struct.pack("<IBBB", offset, 0, 0, len(name)) + name) + end
    path = tmp_path / "省公安厅-第二批.xls"
    XlsDoc().save(str(path), globals_ + sheet)
    assert refused(path) == (
        "unsupported-format",
        "Excel 5.0/95 格式的旧版工作簿，虽名为 .xls 也无法读取，"
        "用 Excel 或 WPS 另存为 .xlsx 即可读取")
    # still 省公安厅's list (named by the file), not a cover letter nobody sent
    from catalog_check.review import review_file

    assert review_file(path).file.department == "浙江省公安厅"


def test_corrupt_xls_is_refused_without_crashing(tmp_path: Path) -> None:
    """Zeroed sectors (calamine alone runs out of memory on this one)."""
    data = write_xls(tmp_path / "a.xls", items_sheet(NAMES)).read_bytes()
    path = tmp_path / "bad.xls"
    path.write_bytes(data[:600] + b"\x00" * (len(data) - 600))
    assert refused(path)[0] == "file-unreadable"


def test_broken_biff_chain(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "a.xls", items_sheet(NAMES))
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        struct.pack_into("<H", stream, 2, 0xFFFF)  # the BOF record claims 65535 bytes
        ole.write_stream("Workbook", bytes(stream))
    assert refused(path) == ("file-unreadable", "xls文件已损坏，BIFF记录不完整")


@pytest.mark.parametrize(
    ("maker", "detail"),
    [
        (make_docx, "文件内容为Word文档"),
        (make_pdf, "文件内容为PDF文档"),
        (make_png, "文件内容为图片"),
    ],
)
def test_wrong_kind_of_file(tmp_path: Path, maker, detail: str) -> None:
    path = maker(tmp_path / "事项目录.xlsx")
    assert refused(path) == ("unsupported-format", detail)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_bytes(bytes(range(256)) * 40)
    assert refused(path) == ("unsupported-format", "无法识别的二进制文件")


def test_a_stray_nul_in_a_csv_is_read_past(tmp_path: Path) -> None:
    """One NUL byte after a phone number made the whole CSV 无法识别的二进制文件; a file of
    NULs is still no spreadsheet."""
    path = write_csv(tmp_path / "a.csv", items_sheet(NAMES))
    data = path.read_bytes()
    at = data.find(b"0571") + 4
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    names = [row[1] for row in read_workbook(path).sheets[0].rows[1:]]
    assert names == NAMES
    nuls = tmp_path / "b.csv"
    nuls.write_bytes(b"\x00" * 4096)
    assert refused(nuls)[0] == "unsupported-format"


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_text("<html><body><table><tr><td>事项名称</td></tr></table></body></html>",
                    encoding="utf-8")
    assert refused(path)[0] == "unsupported-format"


def test_text_without_delimiters(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("浙江省公安厅关于报送事项目录的说明\n请查收。\n", encoding="utf-8")
    assert refused(path)[0] == "unsupported-format"


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("事项名称,实施部门\n".encode() + b"\xff\xfe\xfa,\xb1\n")
    assert refused(path)[0] == "file-unreadable"


def test_a_utf8_csv_with_a_broken_byte_says_where(tmp_path: Path) -> None:
    """A BOM says UTF-8: a byte cut by an export is named by its line, not blamed on an
    unknown encoding."""
    path = tmp_path / "a.csv"
    path.write_bytes(codecs.BOM_UTF8 + "事项名称,实施部门\n保安服务公司设立许可,".encode()
                     + b"\xe6\xb5\n")
    assert refused(path) == (
        "file-unreadable",
        "文件标明为UTF-8编码，但第2行含有无法识别的字节（文件可能在导出或传输时损坏）",
    )
    path.write_bytes(codecs.BOM_UTF8 + "事项名称,实施部门\n".encode() + b"\xe6\xb5,x\n")
    assert "第2行" in refused(path)[1]  # at the very start of a line: not the line before


def test_dtd_in_a_sheet_is_refused(tmp_path: Path) -> None:
    """A billion-laughs entity declaration inside sheet1.xml never reaches a parser."""
    src = write_xlsx(tmp_path / "a.xlsx", [["事项名称"]])
    path = tmp_path / "laughs.xlsx"
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = lol + (data[data.index(b"?>") + 2 :] if data.startswith(b"<?xml") else data)
            zout.writestr(info.filename, data)
    code, detail = refused(path)
    assert code == "file-unreadable"
    assert "DTD" in detail


# ---- limits -----------------------------------------------------------------------------------


def test_zip_bomb_declared_size(tmp_path: Path) -> None:
    path = make_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=600)
    assert path.stat().st_size < 2 * 1024 * 1024
    with no_hang():  # refused on the declared size, before inflating anything
        assert refused(path) == ("file-too-large", "解压后600MB，超过500MB上限")


def test_zip_bomb_lying_about_its_size(tmp_path: Path) -> None:
    """Declared 1 KB, inflates to 600 MB: stopped while inflating, in seconds."""
    path = make_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=600, declared_size=1000)
    with no_hang():
        assert refused(path) == ("file-too-large", "解压后超过500MB上限")


def test_file_over_max_file_mb(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    code, detail = refused(path, Limits(max_file_mb=0.001))
    assert code == "file-too-large"
    assert detail.startswith("文件大小")
    assert detail.endswith("MB，超过0.001MB上限")


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "csv"])
def test_too_many_rows(tmp_path: Path, fmt: str) -> None:
    rows = [list(HEADER)] + [item_row(i, f"事项{i}") for i in range(1, 12)]
    path = write(tmp_path / f"a.{fmt}", fmt, rows)
    code, detail = refused(path, Limits(max_rows=10))
    assert code == "file-too-large"
    # 12 rows; a CSV is read only up to the limit, so its count is not claimed
    assert detail.endswith("行数超过10行上限" if fmt == "csv" else "有12行，超过10行上限")
    assert read_workbook(path, Limits(max_rows=12)).sheets[0].rows[11][1] == "事项11"


def test_too_many_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["事项名称"] + [None] * 205 + ["x"]])
    assert refused(path) == ("file-too-large", "工作表「事项清单」有207列，超过200列上限")


def test_too_many_cells_in_an_xlsx_are_refused_before_loading(
    tmp_path: Path, no_calamine: None
) -> None:
    """An xlsx of many rows × many short values is within the file, inflated, row and column
    limits and took gigabytes: past [limits] max_cells values it is refused before calamine
    loads it (the guard counts the value cells as it inflates)."""
    rows = [list(HEADER)] + [[f"值{r}-{c}" for c in range(40)] for r in range(60)]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    assert refused(path, Limits(max_cells=2_000)) == (
        "file-too-large", "工作表「事项清单」的非空单元格超过2000个上限")


def test_a_sheet_spanning_too_many_cells_is_refused(tmp_path: Path) -> None:
    """Few values far apart make calamine fill in the whole area (rows × columns): past
    max_cells of area the sheet is refused before it is turned into Python rows."""
    rows = [list(HEADER), item_row(1, "保安服务公司设立许可")]
    rows += [[None] * 150 + ["x"]] + [[] for _ in range(100)] + [["y"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    assert refused(path, Limits(max_cells=10_000)) == (
        "file-too-large", "工作表「事项清单」的表格区域为104行×151列，超过10000个单元格上限")
    assert len(read_workbook(path).sheets[0].rows) == 104


@pytest.fixture(name="no_calamine")
def fixture_no_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a workbook with calamine fails the read: what is refused must be refused first."""
    from catalog_check.reader import spreadsheet

    def opened(*_: object) -> None:
        raise AssertionError("calamine was asked to load the workbook")

    monkeypatch.setattr(spreadsheet, "_open", opened)


def test_far_off_values_are_refused_before_loading(tmp_path: Path, no_calamine: None) -> None:
    """A value at XFD3, or one row 9,000,000 cell placed early in the XML: no dense load."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    for ref, detail in (
        ("XFD3", "有16384列，超过200列上限"),
        ("B9000000", "有9000000行，超过200000行上限"),
    ):
        path = tmp_path / f"far-{ref}.xlsx"
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    cell = f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
                    end_of_row_2 = data.index(b"</row>", data.index(b'<row r="2"'))
                    data = data[:end_of_row_2] + cell + data[end_of_row_2 + 6 :]
                zout.writestr(info.filename, data)
        code, message = refused(path)
        assert code == "file-too-large"
        assert message == f"工作表「事项清单」{detail}"


def test_xls_value_far_right_is_refused_before_loading(
    tmp_path: Path, no_calamine: None
) -> None:
    path = write_xls(tmp_path / "a.xls", items_sheet(NAMES))
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        pos, last = 0, None
        while True:  # move the last LABEL/LABELSST cell of the sheet to column 4096
            kind, length = struct.unpack_from("<HH", stream, pos)
            if kind in (0x00FD, 0x0204):
                last = pos
            elif kind == 0x000A and last is not None:
                break
            pos += 4 + length
        assert last is not None
        struct.pack_into("<H", stream, last + 6, 4095)
        ole.write_stream("Workbook", bytes(stream))
    assert refused(path) == ("file-too-large", "工作表「事项清单」有4096列，超过200列上限")


def test_formatting_far_right_is_not_a_column(tmp_path: Path) -> None:
    """A cell that only carries a border beyond column 200 does not count."""
    from openpyxl import load_workbook
    from openpyxl.styles import Border, Side

    path = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    wb = load_workbook(path)
    wb.active.cell(row=3, column=250).border = Border(left=Side(style="thin"))
    wb.save(path)
    sheet = read_workbook(path).sheets[0]
    assert len(sheet.rows[0]) == len(HEADER)


def test_a_read_error_pickles() -> None:
    """ReadError crosses process boundaries (workers) with its code and detail."""
    import pickle

    err = pickle.loads(pickle.dumps(ReadError("file-too-large", "解压后超过500MB上限")))
    assert (err.code, err.detail) == ("file-too-large", "解压后超过500MB上限")
    with pytest.raises(ValueError, match="not a file-level code"):
        ReadError("header-not-found", "")


@pytest.mark.parametrize("name", ["README.md", "make_samples.py", "notes.json"])
def test_delimited_text_under_a_non_table_name_is_unsupported(tmp_path, name) -> None:
    """Text with commas is a CSV only when its name says it is a table."""
    path = tmp_path / name
    path.write_text("事项名称,事项类型,实施部门,设定依据\n保安服务公司设立许可,行政许可,浙江省公安厅,x\n",
                    encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_workbook(path)
    assert err.value.code == "unsupported-format"


def _with_sheet_xml(src: Path, path: Path, edit, styles=None) -> Path:
    """A copy of the xlsx ``src`` whose sheet1.xml (and styles.xml) ``edit`` rewrote."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            elif info.filename == "xl/styles.xml" and styles is not None:
                data = styles(data)
            zout.writestr(info.filename, data)
    return path


def test_cells_without_references_far_down_are_refused_before_loading(
    tmp_path: Path, no_calamine: None
) -> None:
    """<row r="1000000"> holding 200 cells without r=: calamine would place them at
    A1000000:GR1000000 and build a 6 GB grid (the process aborted); the zip guard saw no
    reference beyond the limits."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    far = b'<row r="1000000">' + b"<c><v>1</v></c>" * 200 + b"</row>"
    path = _with_sheet_xml(src, tmp_path / "far.xlsx",
                           lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"))
    assert refused(path) == ("file-too-large", "工作表「事项清单」有1000000行，超过200000行上限")
    wide = b'<row r="5">' + b"<c><v>1</v></c>" * 300 + b"</row>"
    path = _with_sheet_xml(src, tmp_path / "wide.xlsx",
                           lambda xml: xml.replace(b"</sheetData>", wide + b"</sheetData>"))
    assert refused(path) == ("file-too-large", "工作表「事项清单」有300列，超过200列上限")


def test_cells_without_references_in_a_prefixed_sheet_are_refused(
    tmp_path: Path, no_calamine: None
) -> None:
    """The same cells in a sheet whose main namespace has a prefix (<x:row>, <x:c>), which
    calamine reads as well; and a cell whose r= is not its first attribute reads normally."""
    import re

    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))

    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>",
                          b'<row r="5">' + b"<c><v>1</v></c>" * 300 + b"</row></sheetData>")
        xml = re.sub(rb"<(/?)([A-Za-z]\w*)", rb"<\1x:\2", xml)
        return xml.replace(b'xmlns="http://schemas', b'xmlns:x="http://schemas', 1)

    path = _with_sheet_xml(src, tmp_path / "x.xlsx", prefixed)
    assert refused(path) == ("file-too-large", "工作表「事项清单」有300列，超过200列上限")


def test_a_cell_whose_reference_comes_second_reads_normally(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    path = _with_sheet_xml(src, tmp_path / "b.xlsx",
                           lambda xml: xml.replace(b'<c r="B2"', b'<c s="0" r="B2"', 1))
    assert read_workbook(path).sheets[0].rows[1][1] == NAMES[0]


def test_cells_without_references_are_read_where_calamine_puts_them(tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    extra = b'<row r="9"><c><v>7</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    path = _with_sheet_xml(src, tmp_path / "b.xlsx",
                           lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>"))
    rows = read_workbook(path).sheets[0].rows
    assert rows[8][:2] == [7.0, "x"]


@pytest.mark.parametrize("filler", [b' r="ZZZ1"', b"<row ", b"<c "])
def test_a_run_of_tag_starts_in_a_comment_does_not_hang(tmp_path: Path, filler: bytes) -> None:
    """MBs of `<c ` or ` r="ZZZ1"` with no ">" after them (a comment): the worksheet scans
    (far cells, hidden rows, error cells, cells with a format that adds text) each tried
    every start to the end of the run, hours for a 10 KB file."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES, 承诺办结时限=10))

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b'<c r="A2"', b'<c r="X2" t="e"><v>#N/A</v></c><c r="A2"', 1)
        xml = xml.replace(b'<c r="M2"', b'<c r="M2" s="1"', 1)  # 承诺办结时限 under 0"天"
        comment = b"<!-- hidden " + filler * 1_500_000 + b" -->"
        return xml.replace(b"</sheetData>", b"</sheetData>" + comment)

    def styles(xml: bytes) -> bytes:
        xml = xml.replace(b"<fonts", b'<numFmts count="1"><numFmt numFmtId="164" '
                          b'formatCode="0&quot;\xe5\xa4\xa9&quot;"/></numFmts><fonts', 1)
        return xml.replace(b'<cellXfs count="1">', b'<cellXfs count="2">', 1).replace(
            b"</cellXfs>", b'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" '
                           b'applyNumberFormat="1"/></cellXfs>', 1)

    path = _with_sheet_xml(src, tmp_path / "run.xlsx", edit, styles)
    with no_hang():
        if filler.startswith(b" r="):
            assert refused(path)[0] == "file-too-large"  # as before: a far reference
        else:
            sheet = read_workbook(path).sheets[0]
            assert sheet.rows[1][12] == "10天"
            assert sheet.rows[1][23] == "#N/A"


def test_xls_sheets_sharing_one_stream_position_are_refused(tmp_path: Path) -> None:
    """BOUNDSHEET records all pointing at one big sheet: each was read once per sheet (3000
    of them in a 1 MB file: 18 s and 3.6 GB), by the BIFF scan and by calamine."""
    path = write_xls(tmp_path / "a.xls", sheets=[SheetSpec("事项清单", items_sheet(NAMES)),
                                                SheetSpec("二"), SheetSpec("三")])
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        pos, first = 0, None
        while True:
            kind, length = struct.unpack_from("<HH", stream, pos)
            if kind == 0x0085:
                if first is None:
                    first = struct.unpack_from("<I", stream, pos + 4)[0]
                else:
                    struct.pack_into("<I", stream, pos + 4, first)
            elif kind == 0x000A:
                break
            pos += 4 + length
        ole.write_stream("Workbook", bytes(stream))
    assert refused(path) == ("file-unreadable", "xls文件已损坏，BIFF记录不完整")


def test_xlsx_sheets_sharing_one_worksheet_part_are_refused(tmp_path: Path) -> None:
    """Every sheet of workbook.xml pointing at one sheet1.xml: calamine read it once per sheet
    (1000 sheets of a 100 KB part: 20 s and 2.5 GB)."""
    src = write_xlsx(tmp_path / "a.xlsx", items_sheet(NAMES))
    path = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                sheet = data[data.index(b"<sheet "):data.index(b"/>", data.index(b"<sheet ")) + 2]
                copy = sheet.replace("事项清单".encode(), b"copy").replace(b'sheetId="1"',
                                                                         b'sheetId="2"')
                data = data.replace(sheet, sheet + copy)
            zout.writestr(info.filename, data)
    assert refused(path) == (
        "file-unreadable", "工作簿中多个工作表指向同一内容：xl/worksheets/sheet1.xml")
