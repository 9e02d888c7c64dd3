"""The table step on real workbooks: headers, the rows that are items, exact Excel rows and text."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from workbooks import (
    DEPARTMENT,
    FILLER,
    HEADER,
    TITLE,
    SheetSpec,
    column_letter,
    item_row,
    items_sheet,
    write,
    write_csv,
    write_xlsx,
)

from catalog_check.reader import read_workbook
from catalog_check.table import (
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    SheetLayout,
    Tables,
    extract_tables,
)

LAST = column_letter(len(HEADER))  # V
# 0571-87280114 in full-width digits, as typed with a Chinese input method.
FULL_WIDTH_PHONE = "0571-87280114".translate({c: c + 0xFEE0 for c in b"0123456789-"})
FULL_COLUMNS = {name: i for i, name in enumerate(HEADER, start=1)}


# ---- 办理时限 over 法定 | 承诺: the two-row header of most real lists ---------------------------

LEGAL, PROMISE = HEADER.index("法定办结时限"), HEADER.index("承诺办结时限")


def time_group_header(group: str = "办理时限") -> tuple[list[Any], list[Any]]:
    """The header's top row with ``group`` over the two limits, and the row of 法定 | 承诺."""
    top = list(HEADER)
    top[LEGAL], top[PROMISE] = group, None
    sub: list[Any] = [None] * len(HEADER)
    sub[LEGAL], sub[PROMISE] = "法定", "承诺"
    return top, sub


def time_group_merges(first: int, group_rows: int = 1, header_rows: int = 2) -> list[str]:
    """The group cell merged over ``group_rows`` rows from Excel row ``first``, every other
    header cell merged down over all ``header_rows``."""
    last = first + header_rows - 1
    group_end = first + group_rows - 1
    group = f"{column_letter(LEGAL + 1)}{first}:{column_letter(PROMISE + 1)}{group_end}"
    return [group] + [
        f"{column_letter(c)}{first}:{column_letter(c)}{last}"
        for c in range(1, len(HEADER) + 1) if c - 1 not in (LEGAL, PROMISE)
    ]


def tables_of(path: Path) -> Tables:
    return extract_tables(read_workbook(path))


def column(tables: Tables, name: str, *, raw: bool = False) -> list[Any]:
    return (tables.raw if raw else tables.items)[name].tolist()


def codes(tables: Tables) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.column) for f in tables.findings]


def read_below_notes(tables: Tables, notes_row: int) -> list[int]:
    """The Excel rows of the items read below the notes beginning at ``notes_row`` (checking
    that every such item names that row)."""
    rows = sorted(r for (_, r), at in tables.after_notes.items() if at == notes_row)
    assert len(rows) == len(tables.after_notes)
    return rows


def blank_row() -> list[Any]:
    return [None] * len(HEADER)


def only(**cells: Any) -> list[Any]:
    """A row with just these fields filled."""
    row = blank_row()
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


# ---- a real-looking submission, in every spreadsheet format -------------------------------------

SUBMISSION: list[list[Any]] = [
    ["附件1"],                                                                   # 1
    [TITLE],                                                                     # 2 merged
    [FILLER],                                                                    # 3 merged
    [],                                                                          # 4
    list(HEADER),                                                                # 5
    ["一、行政许可（3项）"],                                          # 6 merged section
    item_row(1, "保安服务公司设立许可"),                                          # 7 实施部门 F7:F9
    item_row(2, "保安培训单位设立许可", 实施部门=None),                            # 8 filled
    item_row(3, "典当业特种行业许可证核发", 实施部门=None, 事项类型=None),  # 9 type blank
    only(事项名称="小计", 事项编码="3项"),                                         # 10 subtotal
    only(序号="二", 事项名称="公共服务类"),                                         # 11 section
    item_row(4, "居民身份证申领", 事项类型="公共服务", 跑动次数=0),                  # 12 hidden row
    only(序号=5),                                                                # 13 only 序号
    [],                                                                          # 14
    ["合计：4项"],                                                                # 15
    ["填表说明：1.事项类型从下拉列表选择；2.跑动次数填0或1。"],                       # 16 notes
    item_row(6, "保安服务许可证核发"),                                # 17 after the notes
    ["审核人：李明", None, "填报人：王芳", None, "日期：2017年3月1日"],               # 18
]
SUBMISSION_MERGES = [f"A2:{LAST}2", f"A3:{LAST}3", f"A6:{LAST}6", "F7:F9", f"A16:{LAST}16"]


def write_submission(path: Path, fmt: str) -> Path:
    if fmt == "csv":
        return write_csv(path, SUBMISSION, encoding="gbk")
    return write(
        path, fmt, SUBMISSION, merged=SUBMISSION_MERGES, hidden_rows=[12],
        sheets=[SheetSpec("填表说明", [["1.本表由各部门填写"], ["2.事项类型从下拉列表选择"]])],
        hidden_sheets={"下拉选项": [["行政许可"], ["行政确认"], ["公共服务"]]},
    )


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_real_submission(tmp_path: Path, fmt: str) -> None:
    tables = tables_of(write_submission(tmp_path / f"浙江省公安厅.{fmt}", fmt))
    assert tables.findings == []
    assert tables.layouts == (SheetLayout("事项清单", (5,), FULL_COLUMNS, "items"),)
    # Row 17 is an item below the notes of row 16: read, and marked as such.
    assert column(tables, "_row") == [7, 8, 9, 12, 17]
    assert tables.after_notes == {("事项清单", 17): 16}
    assert column(tables, "_sheet") == ["事项清单"] * 5
    assert column(tables, "序号") == ["1", "2", "3", "4", "6"]
    assert column(tables, "事项名称") == [
        "保安服务公司设立许可", "保安培训单位设立许可", "典当业特种行业许可证核发",
        "居民身份证申领", "保安服务许可证核发",
    ]
    # F7:F9 is merged: its value fills down; 事项类型 of row 9 is merely blank and stays so.
    assert column(tables, "实施部门") == [DEPARTMENT] * 5
    assert column(tables, "事项类型") == ["行政许可", "行政许可", None, "公共服务", "行政许可"]
    assert column(tables, "跑动次数") == ["1", "1", "1", "0", "1"]
    assert column(tables, "受理条件")[0] == (
        "1.有不低于人民币100万元的注册资本;\n2.拟任的保安服务公司法定代表人和主要管理人员应当具备任职所需的专业知识"
    )
    raw_condition = column(tables, "受理条件", raw=True)[0]
    assert raw_condition.startswith("1.有不低于人民币100万元的注册资本；\n")
    assert tables.materials is None
    assert tables.materials_raw is None


def test_real_submission_as_gbk_csv(tmp_path: Path) -> None:
    """The same rows as a GBK CSV: rows are the lines records start on (cells span lines)."""
    tables = tables_of(write_submission(tmp_path / "浙江省公安厅.csv", "csv"))
    assert tables.findings == []
    assert tables.layouts == (SheetLayout("浙江省公安厅", (5,), FULL_COLUMNS, "items"),)
    # Each default item has a two-line 受理条件 and a three-line 申请材料: four lines per record.
    assert column(tables, "_row") == [7, 11, 15, 21, 29]
    assert read_below_notes(tables, 28) == [29]
    assert column(tables, "事项名称")[3] == "居民身份证申领"
    # no merges in CSV
    assert column(tables, "实施部门") == [DEPARTMENT, None, None, DEPARTMENT, DEPARTMENT]


def test_frames_have_every_field_as_object_columns(tmp_path: Path) -> None:
    header = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
              "办理流程", "承诺办结时限", "跑动次数"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", items_sheet(
        ["保安服务公司设立许可", "保安培训单位设立许可"], header=header)))
    for frame in (tables.items, tables.raw):
        assert tuple(frame.columns) == ITEM_COLUMNS
        assert list(frame.index) == [0, 1]
        assert frame["_row"].dtype == np.int64
        assert all(frame[c].dtype == object for c in ITEM_COLUMNS if c != "_row")
        assert frame["子项名称"].tolist() == [None, None]  # no column: all None
        assert frame["_row"].tolist() == [2, 3]
    assert tables.layouts[0].columns == {name: i for i, name in enumerate(header, start=1)}


# ---- headers ----------------------------------------------------------------------------------


def two_row_header_sheet() -> tuple[list[list[Any]], list[str]]:
    top = ["序号", "事项名称", None, "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
           "办理流程", "办理时限", None, "跑动次数"]
    sub = [None, "主项", "子项", None, None, None, None, None, None, "法定", "承诺", None]
    base = ["行政许可", DEPARTMENT, "《典当管理办法》第二十四条", "有固定的经营场所", "1.申请书",
            "申请→受理→审查→决定"]
    rows = [
        [TITLE],
        top,
        sub,
        [1, "典当业特种行业许可证核发", "新办", *base, "20个工作日", "10个工作日", 1],
        [2, None, "变更", *base, "20个工作日", "5个工作日", 1],
        [3, "保安服务公司设立许可", None, *base, "20个工作日", "15个工作日", 0],
    ]
    merges = ["A1:L1", "B2:C2", "J2:K2", "B4:B5"] + [f"{c}2:{c}3" for c in "ADEFGHIL"]
    return rows, merges


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_two_row_header_with_group_cells(tmp_path: Path, fmt: str) -> None:
    rows, merges = two_row_header_sheet()
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows, merged=merges))
    assert tables.layouts == (SheetLayout("事项清单", (2, 3), {
        "序号": 1, "事项名称": 2, "子项名称": 3, "事项类型": 4, "实施部门": 5, "设定依据": 6,
        "受理条件": 7, "申请材料": 8, "办理流程": 9, "法定办结时限": 10, "承诺办结时限": 11,
        "跑动次数": 12,
    }, "items"),)
    assert tables.findings == []
    assert column(tables, "_row") == [4, 5, 6]
    assert column(tables, "事项名称") == ["典当业特种行业许可证核发"] * 2 + ["保安服务公司设立许可"]
    assert column(tables, "子项名称") == ["新办", "变更", None]
    assert column(tables, "法定办结时限") == ["20个工作日"] * 3
    assert column(tables, "承诺办结时限") == ["10个工作日", "5个工作日", "15个工作日"]


def test_two_row_header_under_a_plain_group(tmp_path: Path) -> None:
    """基本信息 / 办理信息 over plain headers; 序号 merged down over both rows keeps its field."""
    rows = [
        ["序号", "基本信息", None, None, None, "办理信息", None, None, None, None],
        [None, "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料", "办理流程",
         "承诺时限", "跑动次数"],
        [1, "保安服务公司设立许可", "行政许可", DEPARTMENT, "《保安服务管理条例》第八条",
         "有固定的经营场所", "1.申请书", "申请→受理→决定", "10个工作日", 1],
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=["A1:A2", "B1:E1", "F1:J1"]))
    assert tables.layouts[0].header_rows == (1, 2)
    assert tables.layouts[0].columns["序号"] == 1
    assert tables.layouts[0].columns["承诺办结时限"] == 9
    assert tables.findings == []
    assert column(tables, "_row") == [3]
    assert column(tables, "序号") == ["1"]


def test_two_row_header_in_csv_without_merges(tmp_path: Path) -> None:
    rows, _ = two_row_header_sheet()
    tables = tables_of(write_csv(tmp_path / "a.csv", rows))
    assert tables.layouts[0].header_rows == (2, 3)
    assert tables.layouts[0].columns["承诺办结时限"] == 11
    assert tables.layouts[0].columns["子项名称"] == 3
    assert column(tables, "承诺办结时限") == ["10个工作日", "5个工作日", "15个工作日"]


def test_two_row_header_in_csv_with_a_line_break_in_a_header_cell(tmp_path: Path) -> None:
    """A header cell on two lines ("设定\n依据") makes the header record span two lines of
    the file: the next record is still its second header row."""
    rows, _ = two_row_header_sheet()
    rows[1] = ["设定\n依据" if v == "设定依据" else v for v in rows[1]]
    tables = tables_of(write_csv(tmp_path / "a.csv", rows))
    assert tables.layouts[0].header_rows == (2, 4)  # the lines the two records start on
    assert tables.layouts[0].columns["设定依据"] == 6
    assert tables.layouts[0].columns["承诺办结时限"] == 11
    assert tables.findings == []
    assert column(tables, "_row") == [5, 6, 7]
    assert column(tables, "承诺办结时限") == ["10个工作日", "5个工作日", "15个工作日"]


def test_title_merged_over_the_header_is_not_a_group(tmp_path: Path) -> None:
    rows = [[TITLE], *items_sheet(["保安服务公司设立许可"])]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"A1:{LAST}1"]))
    assert tables.layouts[0].header_rows == (2,)
    assert column(tables, "_row") == [3]


def test_empty_leading_rows_and_columns_do_not_shift_rows(tmp_path: Path) -> None:
    """Header at C4 (rows 1-3 and columns A-B empty): fields map to columns 3.., rows stay."""
    rows = [[], [], [], *items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"])]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, first_col=3))
    assert tables.layouts[0].header_rows == (4,)
    assert tables.layouts[0].columns["序号"] == 3
    assert tables.layouts[0].columns["事项名称"] == 4
    assert column(tables, "_row") == [5, 6]
    assert column(tables, "事项名称") == ["保安服务公司设立许可", "保安培训单位设立许可"]


def test_header_aliases_and_markers(tmp_path: Path) -> None:
    header = ["编号", "*事项名称", "权力类型", "实施主体", "法律依据", "办理条件", "所需材料",
              "办事流程", "承诺时限", "到现场次数", "是否网办", "联系电话"]
    fields = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
              "办理流程", "承诺办结时限", "跑动次数", "是否网上办理", "咨询电话"]
    rows = [header, item_row(1, "保安服务公司设立许可", header=fields)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert tables.layouts[0].columns == {f: i for i, f in enumerate(fields, start=1)}
    assert tables.findings == []
    assert column(tables, "承诺办结时限") == ["10个工作日"]


@pytest.mark.parametrize("order", [("收费标准", "收费依据"), ("收费依据", "收费标准")])
def test_fee_standard_stands_in_only_without_a_basis_column(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    """收费标准 reads as 收费依据 on its own; beside a 收费依据 column it is not the basis,
    whichever of the two comes first."""
    header = ["事项名称", "事项类型", "实施部门", "是否收费", *order]
    basis = "《浙江省物价局关于机动车号牌工本费标准的通知》（浙价费〔2016〕25号）"
    values = {"收费标准": "10元/本", "收费依据": basis}
    rows = [header, ["保安服务公司设立许可", "行政许可", DEPARTMENT, "是",
                     *(values[h] for h in order)]]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert tables.layouts[0].columns["收费依据"] == 5 + order.index("收费依据")
    assert column(tables, "收费依据", raw=True) == [basis]


def test_fee_basis_under_a_fee_group_beside_its_standard(tmp_path: Path) -> None:
    """收费 over 是否收费 | 标准 | 依据: the basis is the 依据 column."""
    rows = [
        ["事项名称", "事项类型", "实施部门", "收费", None, None],
        [None, None, None, "是否收费", "标准", "依据"],
        ["保安服务公司设立许可", "行政许可", DEPARTMENT, "是", "10元/本", "《价格法》第十八条"],
    ]
    merged = ["A1:A2", "B1:B2", "C1:C2", "D1:F1"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merged))
    assert tables.layouts[0].header_rows == (1, 2)
    assert tables.layouts[0].columns["收费依据"] == 6
    assert column(tables, "收费依据") == ["《价格法》第十八条"]


def test_header_notes_in_brackets(tmp_path: Path) -> None:
    """A unit or hint in brackets after a header (承诺办结时限（工作日）, 跑动次数（次）,
    是否即办件（是/否）, 办理时限（工作日） over 法定 | 承诺) does not hide its field."""
    top, sub = time_group_header("办理时限（工作日）")
    top[HEADER.index("跑动次数")] = "跑动次数（次）"
    top[HEADER.index("是否即办件")] = "是否即办件（是/否）"
    rows = [top, sub, item_row(1, "保安服务公司设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=time_group_merges(1)))
    assert tables.findings == []
    assert tables.layouts[0].columns == FULL_COLUMNS
    assert column(tables, "承诺办结时限") == ["10个工作日"]


def test_header_notes_of_several_words_or_a_how_to(tmp_path: Path) -> None:
    """Notes joined in one bracket (承诺办结时限（工作日，必填）) and how-to notes
    (事项类型（下拉选择）, 设定依据（法律法规名称及条款）, 申请材料（含材料名称、份数）,
    咨询电话（区号+号码）, 子项名称（无子项的不填）) keep their fields: the file was rejected
    for missing columns. A qualifier that changes the field (收费（标准及依据）) stays unmapped."""
    notes = {
        "承诺办结时限": "承诺办结时限（工作日，必填）", "事项类型": "事项类型（下拉选择）",
        "设定依据": "设定依据（必填，法律法规名称及条款）",
        "申请材料": "申请材料（必填，含材料名称、份数）",
        "咨询电话": "咨询电话（区号+号码）", "子项名称": "子项名称（无子项的不填）",
        "收费依据": "收费（标准及依据）",
    }
    header = [notes.get(h, h) for h in HEADER]
    rows = [header, item_row(1, "保安服务公司设立许可", 承诺办结时限="10")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert tables.findings == []
    assert tables.layouts[0].columns == {
        f: c for f, c in FULL_COLUMNS.items() if f != "收费依据"
    }
    assert column(tables, "承诺办结时限") == ["10个工作日"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("事项名称（与权力清单一致）", "事项名称"),
        ("事项类型（许可、确认、给付等）", "事项类型"),
        ("设定依据（具体条款）", "设定依据"),
        ("法律依据（具体到条款）", "设定依据"),
        ("跑动次数（填0或1）", "跑动次数"),
        ("跑动次数（0次/1次）", "跑动次数"),
        ("承诺办结时限（工作日，即办填0）", "承诺办结时限"),
        ("例外说明（跑动次数大于1时填写）", "例外说明"),
        ("是否即办件（即办/承诺）", "是否即办件"),
        ("行使层级（省级/市级/县级）", "行使层级"),
        # qualifiers that make another column of the field stay unmapped
        ("跑动次数（改革后）", "跑动次数"),
        ("跑动次数（改革后，填0或1）", "跑动次数"),
        ("改革后跑动次数", "跑动次数"),
        ("承诺办结时限（改革后）", "承诺办结时限"),
        ("跑动次数（改革前）", None),
        ("跑动次数（改革前，填写次数）", None),
        ("改革前跑动次数", None),
        ("承诺办结时限（原承诺时限，填写工作日）", None),
        ("网上办理（网址）", None),
        ("是否收费（收费标准填写在备注）", None),
    ],
)
def test_header_hints_in_any_words(header: str, field: str | None) -> None:
    """What to write, said in the template's own words (填0或1, 与权力清单一致, 具体条款, a list
    of values or examples) does not hide the field: 事项名称（与权力清单一致） made the whole file
    header-not-found, 跑动次数（填0或1） a missing-column."""
    from catalog_check.fields import field_for_header

    assert field_for_header(header) == field


TRIPS = HEADER.index("跑动次数")


@pytest.mark.parametrize("two_rows", [False, True], ids=["one-row", "merged-group"])
def test_trips_before_and_after_the_reform(tmp_path: Path, two_rows: bool) -> None:
    """跑动次数 before and after the reform side by side (跑动次数（改革前） | 跑动次数（改革后，
    填0或1）, or 跑动次数 merged over 改革前 | 改革后): the column after the reform is the
    item's 跑动次数, the one before it is left out. Both were unmapped and the whole file
    rejected for a missing 跑动次数."""
    header = list(HEADER)
    if two_rows:
        top = [*header[:TRIPS], "跑动次数", None, *header[TRIPS + 1:]]
        sub: list[Any] = [None] * len(top)
        sub[TRIPS], sub[TRIPS + 1] = "改革前", "改革后"
        merges = [f"{column_letter(TRIPS + 1)}1:{column_letter(TRIPS + 2)}1"] + [
            f"{column_letter(c)}1:{column_letter(c)}2"
            for c in range(1, len(top) + 1) if c - 1 not in (TRIPS, TRIPS + 1)
        ]
        head = [top, sub]
    else:
        head = [[*header[:TRIPS], "跑动次数（改革前）", "跑动次数（改革后，填0或1）",
                 *header[TRIPS + 1:]]]
        merges = []
    wide = head[0]
    row = item_row(1, "保安服务公司设立许可")
    row = [*row[:TRIPS], "3", "0", *row[TRIPS + 1:]]
    assert len(row) == len(wide)
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", [*head, row], merged=merges))
    assert tables.findings == []
    assert tables.layouts[0].columns["跑动次数"] == TRIPS + 2
    assert column(tables, "跑动次数") == ["0"]
    assert column(tables, "_row") == [len(head) + 1]


@pytest.mark.parametrize(
    "header", ["网上办理（填写网址）", "收费（含标准及依据）", "收费（标准及依据）"]
)
def test_a_how_to_naming_other_content_keeps_a_yes_no_header_unmapped(header: str) -> None:
    """A how-to that says the column holds a web address or a fee standard: no 是/否 column
    (网上办理（填写网址） was read as 是否网上办理, and its URLs rejected as yes/no values)."""
    from catalog_check.fields import field_for_header

    assert field_for_header(header) is None


def test_a_long_bracketed_note_is_judged_at_once() -> None:
    """A cell of many how-to pieces in brackets (read below the notes as a possible hint) does
    not backtrack: 26 pieces took 17 s."""
    from guards import no_hang

    from catalog_check.fields import field_for_header

    with no_hang():
        for pieces in (26, 200, 5000):
            text = "（" + "、".join(["按户口簿"] * pieces) + "）备注"
            assert field_for_header(text) is None
            assert field_for_header("备注（" + "、".join(["按户口簿"] * pieces) + "）") is None


def test_a_unit_in_a_time_limit_header_applies_to_bare_numbers(tmp_path: Path) -> None:
    """承诺办结时限（天） over 25 reads 25天; a number with its own unit keeps it."""
    header = list(HEADER)
    header[HEADER.index("法定办结时限")] = "法定办结时限（工作日）"
    header[HEADER.index("承诺办结时限")] = "承诺办结时限（天）"
    rows = [header, item_row(1, "保安服务公司设立许可", 法定办结时限=20, 承诺办结时限=25),
            item_row(2, "保安培训单位设立许可", 承诺办结时限="10个工作日")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert tables.layouts[0].units == {"法定办结时限": "个工作日", "承诺办结时限": "天"}
    assert column(tables, "法定办结时限") == ["20个工作日", "20个工作日"]
    assert column(tables, "承诺办结时限") == ["25天", "10个工作日"]
    assert column(tables, "承诺办结时限", raw=True) == ["25", "10个工作日"]


def test_a_qualifier_in_brackets_is_part_of_the_header(tmp_path: Path) -> None:
    """事项名称（主项） | 事项名称（子项） name the item and its sub-item; 网上办理（网址） and
    收费（标准及依据） are no yes/no columns (only units and hints in brackets are dropped)."""
    header = list(HEADER)
    header[HEADER.index("事项名称")] = "事项名称（主项）"
    header[HEADER.index("子项名称")] = "事项名称（子项）"
    header[HEADER.index("是否网上办理")] = "网上办理（网址）"
    header[HEADER.index("是否收费")] = "收费（标准及依据）"
    rows = [header, item_row(1, "建筑业企业资质核准", 子项名称="增项")]
    layout = tables_of(write_xlsx(tmp_path / "a.xlsx", rows)).layouts[0]
    assert (layout.columns["事项名称"], layout.columns["子项名称"]) == (2, 3)
    assert "是否网上办理" not in layout.columns
    assert "是否收费" not in layout.columns


def test_a_unit_applies_to_numbers_with_a_note_and_chinese_numerals(tmp_path: Path) -> None:
    header = list(HEADER)
    header[HEADER.index("承诺办结时限")] = "承诺办结时限（天）"
    rows = [header, item_row(1, "户口迁移证明开具", 承诺办结时限="15（不含公示时间）"),
            item_row(2, "居民身份证补领", 承诺办结时限="十五"),
            item_row(3, "临时身份证明开具", 承诺办结时限="25，不含公示时间")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "承诺办结时限") == ["15天(不含公示时间)", "十五天", "25天,不含公示时间"]


def test_a_group_unit_in_csv_reaches_every_sub_column(tmp_path: Path) -> None:
    top, sub = time_group_header("办理时限（天）")
    rows = [top, sub, item_row(1, "居民身份证申领", 法定办结时限="20", 承诺办结时限="15")]
    tables = tables_of(write_csv(tmp_path / "a.csv", rows))
    assert (column(tables, "法定办结时限"), column(tables, "承诺办结时限")) == (["20天"], ["15天"])


def test_an_unmerged_group_under_a_merged_title(tmp_path: Path) -> None:
    """办理时限（工作日） typed over 法定 | 承诺 without a merge (or centred across them), under a
    title merged across the width: the title's merge does not stop the group reaching 承诺,
    nor its unit (the file was rejected for a missing 承诺办结时限)."""
    top, sub = time_group_header("办理时限（工作日）")
    rows = [[TITLE], top, sub, item_row(1, "居民身份证申领", 法定办结时限="20", 承诺办结时限="15")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"A1:{LAST}1"]))
    assert tables.findings == []
    assert tables.layouts[0].header_rows == (2, 3)
    assert tables.layouts[0].columns == FULL_COLUMNS
    assert (column(tables, "法定办结时限"), column(tables, "承诺办结时限")) == (
        ["20个工作日"], ["15个工作日"]
    )


def test_a_three_row_header_in_csv(tmp_path: Path) -> None:
    top, third = time_group_header()
    rows = [top, [None] * len(HEADER), third, item_row(1, "保安服务公司设立许可")]
    tables = tables_of(write_csv(tmp_path / "a.csv", rows))
    assert tables.findings == []
    assert tables.layouts[0].columns == FULL_COLUMNS


def test_header_must_be_in_the_first_30_rows(tmp_path: Path) -> None:
    """Under 29 title rows the header (row 30) is found and the item is row 31; one more title
    row puts it out of reach."""
    rows = [["说明"]] * 29 + items_sheet(["保安服务公司设立许可"])
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert codes(tables) == []
    assert (column(tables, "事项名称"), tables.items["_row"].tolist()) == (
        ["保安服务公司设立许可"], [31]
    )
    rows = [["说明"]] * 30 + items_sheet(["保安服务公司设立许可"])
    assert codes(tables_of(write_xlsx(tmp_path / "b.xlsx", rows))) == [
        ("header-not-found", None, None)
    ]


# ---- which rows are items ---------------------------------------------------------------------


def test_horizontal_merge_in_data_is_not_duplicated(tmp_path: Path) -> None:
    rows = items_sheet(["保安服务公司设立许可"])
    rows[1][HEADER.index("行使层级")] = None
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=["F2:G2"]))
    assert column(tables, "实施部门") == [DEPARTMENT]
    assert column(tables, "行使层级") == [None]


def test_repeated_header_and_column_numbers_are_not_items(tmp_path: Path) -> None:
    rows = [
        list(HEADER),
        list(range(1, len(HEADER) + 1)),  # column numbers under the header
        item_row(1, "保安服务公司设立许可"),
        list(HEADER),  # the header again, as printed exports repeat it
        item_row(2, "保安培训单位设立许可"),
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [3, 5]


def test_names_that_look_like_markers_are_items(tmp_path: Path) -> None:
    """合计/负责人/注 at the start of a real name do not end or skip anything."""
    names = ["合同备案", "负责人变更备案", "注册登记", "日期变更登记", "一次性告知事项办理",
             "小计量器具核准"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", items_sheet(names)))
    assert column(tables, "事项名称") == names


def test_signature_line_ends_the_table(tmp_path: Path) -> None:
    rows = [
        *items_sheet(["保安服务公司设立许可"]),
        ["填报人：王芳", None, "联系电话：0571-87280000"],
        item_row(2, "保安培训单位设立许可"),
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


@pytest.mark.parametrize("note", ["注：事项类型见下拉列表", "备注：跑动次数填0或1", "说明：无",
                                  "填报说明", "日期：2017年3月1日"])
def test_notes_end_the_table(tmp_path: Path, note: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), [note], item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_sub_items_under_a_merged_main_item_are_items(tmp_path: Path, fmt: str) -> None:
    """序号 and 事项名称 merged over sub-items: a sub-item that starts like a note
    (负责人（…）, 审核（…）) or like a section (（三）注销) is an item, and so are the
    items after it."""
    letters = {name: column_letter(i) for i, name in enumerate(HEADER, start=1)}
    rows = [
        list(HEADER),
        item_row(1, "旅行社业务经营许可", 子项名称="设立"),  # 2
        item_row(None, None, 子项名称="负责人（法定代表人）变更"),  # 3
        item_row(None, None, 子项名称="审核（初审）"),  # 4
        item_row(2, "保安服务公司设立许可", 子项名称="（一）新办"),  # 5
        only(子项名称="（二）变更"),  # 6: every other cell merged down from row 5
        only(子项名称="（三）注销"),  # 7
        item_row(3, "保安培训单位设立许可"),  # 8
    ]
    merges = ["A2:A4", "B2:B4"] + [f"{c}5:{c}7" for n, c in letters.items() if n != "子项名称"]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows, merged=merges))
    assert column(tables, "_row") == [2, 3, 4, 5, 6, 7, 8]
    names = ["旅行社业务经营许可"] * 3 + ["保安服务公司设立许可"] * 3 + ["保安培训单位设立许可"]
    assert column(tables, "事项名称") == names
    assert column(tables, "子项名称") == [
        "设立", "负责人(法定代表人)变更", "审核(初审)", "(一)新办", "(二)变更", "(三)注销", None
    ]
    assert column(tables, "设定依据")[5] == column(tables, "设定依据")[3]


@pytest.mark.parametrize(
    "line",
    [
        only(事项名称="主要负责人签字：", 办理形式="填报人：王芳"),
        only(事项类型="部门负责人（签字）："),
        only(设定依据="经办人：王芳", 咨询电话="制表日期：2017年3月1日"),
        only(咨询电话="2017年3月1日"),
        only(咨询电话=datetime(2017, 3, 1)),
    ],
    ids=["role-and-filler", "role-signature", "clerk-and-date", "date-text", "date-cell"],
)
def test_signature_and_date_lines_are_not_items(tmp_path: Path, line: list[Any]) -> None:
    rows = [*items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"]), line]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 3]


def test_header_cells_merged_down_over_a_row_of_ticks(tmp_path: Path) -> None:
    """办理形式 over 窗口办理 | 网上办理 | 快递申请 (a second row we do not map): the header
    cells merged down over it make it header, not an item."""
    j = HEADER.index("办理形式")
    top = [*HEADER[:j], "办理形式", None, None, *HEADER[j + 1 :]]
    ticks = [None] * j + ["窗口办理", "网上办理", "快递申请"] + [None] * (len(HEADER) - j - 1)

    def ticked(seq: int, name: str) -> list[Any]:
        row = item_row(seq, name)
        return [*row[:j], "√", "√", None, *row[j + 1 :]]

    width = len(top)
    merges = [f"{column_letter(j + 1)}1:{column_letter(j + 3)}1"] + [
        f"{column_letter(c)}1:{column_letter(c)}2" for c in range(1, width + 1)
        if not j + 1 <= c <= j + 3
    ]
    rows = [top, ticks, ticked(1, "保安服务公司设立许可"), ticked(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merges))
    assert tables.layouts[0].header_rows == (1, 2)
    assert column(tables, "_row") == [3, 4]


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_group_header_two_rows_tall_above_its_sub_headers(tmp_path: Path, fmt: str) -> None:
    """办理时限 merged over two rows, 法定 | 承诺 in the third; plain headers over all three."""
    top, third = time_group_header()
    merges = time_group_merges(1, group_rows=2, header_rows=3)
    rows = [top, [None] * len(HEADER), third, item_row(1, "保安服务公司设立许可")]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows, merged=merges))
    assert tables.findings == []
    assert tables.layouts[0].header_rows == (1, 2, 3)
    assert tables.layouts[0].columns == FULL_COLUMNS
    assert column(tables, "_row") == [4]


def test_two_row_header_repeated_in_the_data(tmp_path: Path) -> None:
    """A paginated export repeats 办理时限 over 法定 | 承诺: neither of its rows is an item."""
    top, sub = time_group_header()
    rows = [top, sub, item_row(1, "保安服务公司设立许可"), item_row(2, "保安培训单位设立许可"),
            top, sub, item_row(3, "典当业特种行业许可证核发")]
    merges = time_group_merges(1) + time_group_merges(5)
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merges))
    assert column(tables, "_row") == [3, 4, 7]
    assert column(tables, "承诺办结时限") == ["10个工作日"] * 3


@pytest.mark.parametrize(
    "row",
    [
        only(事项名称="本页小计"),
        only(事项名称="共7项"),
        only(事项名称="Ⅱ、公共服务"),
        only(事项名称="（2）公共服务"),
        only(事项名称="B.公共服务"),
        only(事项名称="公共服务事项：32项"),
        only(事项名称="二、公共服务类", 事项类型="公共服务"),
    ],
    ids=["page-subtotal", "count", "roman", "bracketed-number", "letter", "count-after-colon",
         "section-with-its-type"],
)
def test_section_and_subtotal_wordings_are_not_items(tmp_path: Path, row: list[Any]) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), row, item_row(2, "居民身份证申领")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 4]


@pytest.mark.parametrize("note", ["以下空白", "（以下空白）"])
def test_blank_below_ends_the_table(tmp_path: Path, note: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(事项名称=note)]
    rows.append(item_row(2, "居民身份证申领"))
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


def test_a_merge_reaching_past_the_table_makes_no_items(tmp_path: Path) -> None:
    """实施部门 merged over the template's empty rows below the last item: those rows only hold
    what the merge fills in, so they are blank."""
    rows = [*items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"]),
            *[[None] * len(HEADER) for _ in range(6)], ["填表说明：…"]]
    dept = column_letter(HEADER.index("实施部门") + 1)
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"{dept}2:{dept}9"]))
    assert column(tables, "_row") == [2, 3]


def test_a_section_inside_a_long_merge_is_a_section(tmp_path: Path) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(序号="二、公共服务（1项）"),
            item_row(2, "居民身份证申领", 事项类型="公共服务")]
    dept = column_letter(HEADER.index("实施部门") + 1)
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"{dept}2:{dept}4"]))
    assert column(tables, "_row") == [2, 4]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_sparse_sub_item_rows_named_like_a_role_are_items(tmp_path: Path, fmt: str) -> None:
    """A sub-item row with only what differs filled in (序号 and 事项名称 blank, unmerged), named
    主要负责人 or 企业负责人（法定代表人）变更, is an item, and so is everything after it."""
    rows = [
        *items_sheet(["安全生产考核"], 子项名称="安全管理人员"),
        only(子项名称="主要负责人", 承诺办结时限="5个工作日"),
        only(子项名称="企业负责人（法定代表人）变更", 承诺办结时限="3个工作日", 跑动次数=0),
        item_row(2, "烟花爆竹经营（批发）许可"),
    ]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows))
    assert column(tables, "子项名称") == [
        "安全管理人员", "主要负责人", "企业负责人(法定代表人)变更", None
    ]


def test_a_footer_written_across_cells_ends_the_table(tmp_path: Path) -> None:
    footer = [None, "填报单位（盖章）：浙江省公安厅", None, "单位负责人：", None, "审核人：",
              None, "填报人：王芳", None, "联系电话：0571-87280000", None, "填报日期：2017年3月8日"]
    rows = [*items_sheet(["保安服务公司设立许可"]), footer, item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


NO_SEQ = [h for h in HEADER if h != "序号"]


@pytest.mark.parametrize(
    "lines",
    [["以上事项共计2项。"], ["本表共2项，其中行政许可2项。"], ["全表共2项"], ["此页无正文"],
     ["1.事项名称应与权力清单一致。", "2.跑动次数填写0或1。"],
     ["本目录自公布之日起施行，由省审改办负责解释。"], ["抄送：省审改办，省法制办。"]],
    ids=["count-sentence", "count-and-breakdown", "whole-table-count", "no-text-on-this-page",
         "numbered-notes",
         "closing-sentence", "copied-to"],
)
def test_footer_lines_in_the_name_column_without_a_serial_number(
    tmp_path: Path, lines: list[str]
) -> None:
    """A table without 序号: a count, a page's end or a note typed under the items lands in the
    事项名称 column; none is an item (each was one, with nine missing-value errors)."""
    rows = [*items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"], header=NO_SEQ),
            *([None, line] for line in lines)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 3]
    assert tables.findings == []


def test_a_sign_off_with_its_date_is_no_item(tmp_path: Path) -> None:
    sign_off = [None] * len(HEADER)
    sign_off[1], sign_off[-2] = DEPARTMENT, datetime(2017, 3, 8)
    rows = [*items_sheet(["保安服务公司设立许可"]), sign_off]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2]


def test_a_continued_title_merged_across_is_no_item(tmp_path: Path) -> None:
    """At a page break of a table without 序号: 浙江省公安厅“最多跑一次”事项目录（续表） merged
    across the sheet, then the header again; the items on both sides are read, the title is
    not one."""
    rows = [*items_sheet(["保安服务公司设立许可"], header=NO_SEQ),
            ["浙江省公安厅“最多跑一次”事项目录（续表）"], NO_SEQ,
            item_row(2, "保安培训单位设立许可", header=NO_SEQ)]
    last = column_letter(len(NO_SEQ))
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"A3:{last}3"]))
    assert column(tables, "_row") == [2, 5]
    assert tables.findings == []


def test_a_note_beside_a_pre_numbered_column_ends_the_table(tmp_path: Path) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(序号=2, 事项名称="填表说明：…"),
            only(序号=3, 事项名称="主要负责人签字：")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_repeated_two_row_header_without_merges_is_no_item(tmp_path: Path, fmt: str) -> None:
    top, sub = time_group_header()
    rows = [top, sub, item_row(1, "保安服务公司设立许可"), top, sub,
            item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows))
    assert column(tables, "事项名称") == ["保安服务公司设立许可", "保安培训单位设立许可"]


@pytest.mark.parametrize(
    "wording",
    ["行政许可（共计32项）", "其它行政权力（10项）", "公共服务事项清单（5项）", "行政许可小计",
     "行政许可事项合计"],
)
def test_more_section_and_subtotal_wordings(tmp_path: Path, wording: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(事项名称=wording),
            item_row(2, "居民身份证申领")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 4]


@pytest.mark.parametrize(
    "wording",
    ["—以下空白—", "以下无内容", "制表：王芳", "填表时间：2017年3月1日", "签发人：",
     "二〇一七年三月一日", "浙江省公安厅（盖章）"],
)
def test_more_end_of_table_wordings(tmp_path: Path, wording: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(事项名称=wording),
            item_row(2, "居民身份证申领")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
@pytest.mark.parametrize("sub_item", ["变更企业负责人", "签发", "负责人（法定代表人）变更"])
def test_a_sub_item_alone_on_its_row_under_merged_item_cells(
    tmp_path: Path, fmt: str, sub_item: str
) -> None:
    """Every cell but 子项名称 merged down from the item: a sub-item named like a role or a
    footer word is an item, and the items after it are read."""
    sub = HEADER.index("子项名称")
    rows = [
        list(HEADER),
        item_row(1, "药品经营许可", 子项名称="新办"),
        [None] * sub + [sub_item] + [None] * (len(HEADER) - sub - 1),
        item_row(2, "医疗器械经营许可"),
    ]
    merges = [f"{column_letter(c)}2:{column_letter(c)}3" for c in range(1, len(HEADER) + 1)
              if c - 1 != sub]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows, merged=merges))
    assert column(tables, "_row") == [2, 3, 4]


def test_a_section_like_name_merged_over_sub_items(tmp_path: Path) -> None:
    sub = HEADER.index("子项名称")
    rows = [
        list(HEADER),
        item_row(1, "第二类医疗器械生产许可", 子项名称="核发"),
        [None] * sub + ["变更"] + [None] * (len(HEADER) - sub - 1),
        item_row(2, "医疗器械经营许可"),
    ]
    merges = [f"{column_letter(c)}2:{column_letter(c)}3" for c in range(1, len(HEADER) + 1)
              if c - 1 != sub]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merges))
    assert column(tables, "_row") == [2, 3, 4]


def test_labelled_item_cells_are_no_footer(tmp_path: Path) -> None:
    """A clerk's labels inside an item (依据：…, 申请人应当具备以下条件：…) make no footer."""
    rows = [*items_sheet(["药品经营许可"]),
            only(子项名称="变更企业负责人：", 设定依据="依据：《药品经营许可证管理办法》第十五条",
                 受理条件="申请人应当具备以下条件：有合法的经营场所"),
            item_row(2, "医疗器械经营许可")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 3, 4]


def test_a_footer_with_labels_and_values_in_separate_cells(tmp_path: Path) -> None:
    footer = ["填报人：", "王芳", None, None, "联系电话：", 87280000, None, None, "填报日期：",
              "2017年3月1日"]
    rows = [*items_sheet(["保安服务公司设立许可"]), footer, item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


def test_numbers_dragged_down_make_no_items(tmp_path: Path) -> None:
    """跑动次数 0 dragged below the items: those rows, and the notes beside it, are no items."""
    rows = [*items_sheet(["保安服务公司设立许可"]), only(跑动次数=0), only(跑动次数=0),
            only(事项名称="注：", 跑动次数=0),
            only(事项名称="1.事项名称应与权力清单一致；", 跑动次数=0)]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2]


def test_a_row_of_hints_under_the_header(tmp_path: Path) -> None:
    hints = ["必填" if f in ("事项名称", "事项类型") else "选填" for f in HEADER]
    rows = [list(HEADER), hints, item_row(1, "保安服务公司设立许可")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [3]


GUIDANCE = {
    "序号": "按顺序编号", "事项名称": "与权力清单中的事项名称一致", "子项名称": "无子项的不填",
    "事项类型": "从下拉列表选择", "实施部门": "部门全称", "设定依据": "写明法律法规名称及条款",
    "法定办结时限": "如20个工作日", "承诺办结时限": "如5个工作日", "跑动次数": "0或1",
    "是否即办件": "是/否", "咨询电话": "带区号",
}


@pytest.mark.parametrize(
    "first",
    [
        [GUIDANCE.get(f) for f in HEADER],
        ["必填，与权力清单一致" if f == "事项名称" else "下拉选择" if f == "事项类型"
         else "必填" for f in HEADER],
        [f"({k})" for k in range(1, len(HEADER) + 1)],
        [f"（{k}）" for k in range(1, len(HEADER) + 1)],
        [column_letter(k) for k in range(1, len(HEADER) + 1)],
    ],
    ids=["guidance", "required-and-guidance", "bracketed-numbers", "full-width-brackets",
         "letters"],
)
def test_a_guidance_or_label_row_under_the_header_is_no_item(
    tmp_path: Path, first: list[Any]
) -> None:
    """The template's guidance row (与权力清单中的事项名称一致 | 从下拉列表选择 | 如5个工作日) or
    a row labelling the columns ((1) (2) …, A B C …) kept under the header: no item (each was
    one, rejected as unknown type and department)."""
    rows = [list(HEADER), first, item_row(1, "保安服务公司设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [3]
    assert tables.findings == []


def test_a_first_item_with_words_of_guidance_is_an_item(tmp_path: Path) -> None:
    """仿制药质量和疗效一致性评价 whose 受理条件 says 按要求填写申请表 and whose materials are
    to 与原件一致: an item, not the template's guidance row (it was dropped)."""
    rows = [list(HEADER),
            item_row(1, "仿制药质量和疗效一致性评价", 受理条件="按要求填写申请表",
                     申请材料="1.申请表\n2.营业执照复印件（应与原件一致）"),
            item_row(2, "保安服务公司设立许可")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 3]


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u200e", "\ufe0f", "\u2066"])
def test_a_cell_of_zero_width_spaces_is_blank(tmp_path: Path, invisible: str) -> None:
    """A row whose only cell holds characters nobody sees is blank, as clean() reads it."""
    rows = [*items_sheet(["保安服务公司设立许可"]), only(备注=invisible),
            item_row(2, "居民身份证申领")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 4]


def test_a_note_right_under_the_header_does_not_end_the_table(tmp_path: Path) -> None:
    rows = [list(HEADER), ["注：带*号的列为必填项"], item_row(1, "保安服务公司设立许可")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [3]


def test_item_on_a_hidden_row_is_an_item(tmp_path: Path) -> None:
    rows = items_sheet(["保安服务公司设立许可", "保安培训单位设立许可", "典当业特种行业许可证核发"])
    wb = read_workbook(write_xlsx(tmp_path / "a.xlsx", rows, hidden_rows=[3]))
    assert wb.sheets[0].hidden_rows == frozenset({3})
    assert column(extract_tables(wb), "_row") == [2, 3, 4]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_text_is_normalised_and_raw_is_kept(tmp_path: Path, fmt: str) -> None:
    rows = items_sheet(["保安服务公司\u3000设立许可"])
    row = rows[1]
    row[HEADER.index("咨询电话")] = FULL_WIDTH_PHONE
    row[HEADER.index("实施部门")] = "\u00a0浙江省公安厅\u200b"
    row[HEADER.index("跑动次数")] = 1.0
    row[HEADER.index("办理流程")] = "申请\r\n受理\r\n决定"
    row[HEADER.index("设定依据")] = "《保安服务管理条例》第八条 【国务院令第564号】"
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows))
    items = tables.items.iloc[0]
    raw = tables.raw.iloc[0]
    assert items["事项名称"] == "保安服务公司 设立许可"
    assert raw["事项名称"] == "保安服务公司\u3000设立许可"
    assert items["咨询电话"] == "0571-87280114"
    assert raw["咨询电话"] == FULL_WIDTH_PHONE
    assert items["实施部门"] == "浙江省公安厅"
    assert items["跑动次数"] == "1"
    assert raw["跑动次数"] == ("1.0" if fmt == "csv" else "1")  # a CSV holds the text "1.0"
    assert items["办理流程"] == "申请\n受理\n决定"
    # XML turns a written CR LF into LF; a CSV keeps it.
    assert raw["办理流程"] == ("申请\r\n受理\r\n决定" if fmt == "csv" else "申请\n受理\n决定")
    assert items["设定依据"] == "《保安服务管理条例》第八条 【国务院令第564号】"
    assert items["例外说明"] is None
    assert raw["例外说明"] is None


# ---- several sheets ---------------------------------------------------------------------------

MATERIALS_HEADER = ["序号", "事项名称", "材料名称", "材料形式", "份数", "来源渠道"]


@pytest.mark.parametrize("name", ["第一类医疗器械产品备案", "第二类精神药品制剂购用审批"])
def test_an_item_named_with_an_ordinal_class_is_an_item(tmp_path: Path, name: str) -> None:
    """第一类… names an item (第一部分 or 第二类：公共服务 would head a section)."""
    rows = [list(HEADER), item_row(1, "医疗器械经营许可"),
            only(序号=2, 事项名称=name, 事项类型="其他行政权力"), item_row(3, "药品经营许可")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2, 3, 4]


@pytest.mark.parametrize(
    "name",
    ["（二）营业执照复印件", "负责人（签字）的承诺书", "其中：股东会决议", "说明：场所租赁合同",
     "合计3页的平面图"],
)
def test_a_sparse_material_row_is_a_material_whatever_it_starts_with(
    tmp_path: Path, name: str
) -> None:
    """On a materials sheet the 材料名称 is a material: numbered, signed or labelled names on a
    row that holds little else are neither sections nor notes, and later rows are read."""
    materials = [
        MATERIALS_HEADER,
        [1, "保安服务公司设立许可", "设立申请书", "原件", 1, "申请人自备"],
        [None, None, name, None, 1, None],
        [None, None, "场所产权证明", None, None, None],
        [2, "保安培训单位设立许可", "设立申请书", "原件", 1, "申请人自备"],
    ]
    sheets = [SheetSpec("事项清单", items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"])),
              SheetSpec("申请材料", materials)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert tables.materials is not None
    assert tables.materials["_row"].tolist() == [2, 3, 4, 5]


@pytest.mark.parametrize("footer", ["年  月  日", "说  明", "报送单位（盖章）：浙江省公安厅",
                                    "经办处室：法规处"])
def test_footer_lines_in_the_name_column(tmp_path: Path, footer: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), only(事项名称=footer)]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [2]


def test_several_item_sheets_and_a_materials_sheet(tmp_path: Path) -> None:
    short = [h for h in HEADER if h != "申请材料"]
    permits = items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"], header=short)
    services = [[TITLE], *items_sheet(["居民身份证申领"], header=short, 事项类型="公共服务")]
    materials = [
        MATERIALS_HEADER,
        [1, "保安服务公司设立许可", "设立申请书", "原件", 1, "申请人自备"],
        [2, None, "法定代表人身份证明", "复印件", 1, "申请人自备"],
        [3, None, "营业执照", "复印件", 1.0, "政府部门核发"],
        [4, "保安培训单位设立许可", "培训场所证明", "原件", 1, "申请人自备"],
    ]
    sheets = [
        SheetSpec("填表说明", [["1.本表由各部门填写"]]),
        SheetSpec("行政许可", permits),
        SheetSpec("公共服务", services, merged=[f"A1:{column_letter(len(short))}1"]),
        SheetSpec("申请材料", materials, merged=["B2:B4"]),
        SheetSpec("下拉选项", [["行政许可"], ["公共服务"]], hidden=True),
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert tables.findings == []  # 申请材料 is given by the materials sheet
    assert [(la.sheet, la.kind, la.header_rows) for la in tables.layouts] == [
        ("行政许可", "items", (1,)), ("公共服务", "items", (2,)), ("申请材料", "materials", (1,))
    ]
    assert column(tables, "_sheet") == ["行政许可", "行政许可", "公共服务"]
    assert column(tables, "_row") == [2, 3, 3]
    assert column(tables, "申请材料") == [None, None, None]
    assert tables.materials is not None
    assert tables.materials_raw is not None
    assert tuple(tables.materials.columns) == MATERIAL_COLUMNS
    assert tables.materials["_row"].tolist() == [2, 3, 4, 5]
    assert tables.materials["事项名称"].tolist() == [
        *["保安服务公司设立许可"] * 3, "保安培训单位设立许可"
    ]
    assert tables.materials["材料名称"].tolist() == [
        "设立申请书", "法定代表人身份证明", "营业执照", "培训场所证明"
    ]
    assert tables.materials["份数"].tolist() == ["1"] * 4
    assert tables.materials["材料依据"].tolist() == [None] * 4


def test_materials_header_wins_over_item_fields(tmp_path: Path) -> None:
    """A header with 材料名称 is a materials sheet even when it also holds item fields."""
    header = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "材料名称", "份数"]
    sheets = [
        SheetSpec("事项", items_sheet(["保安服务公司设立许可"])),
        SheetSpec("材料", [header, [1, "保安服务公司设立许可", "行政许可", DEPARTMENT,
                                   "《保安服务管理条例》第八条", "设立申请书", 1]]),
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert [la.kind for la in tables.layouts] == ["items", "materials"]
    assert tables.layouts[1].columns == {"序号": 1, "事项名称": 2, "材料依据": 5, "材料名称": 6,
                                         "份数": 7}


def test_a_materials_sheet_naming_its_items_type_and_department_stays_materials(
    tmp_path: Path,
) -> None:
    """A materials sheet that copies 事项类型, 实施部门 and 行使层级 beside each material (whose
    items they are) is a materials sheet: only how an item is handled (受理条件, 办理流程, 时限 …)
    makes an items header of one holding 材料名称."""
    header = ["序号", "事项名称", "事项类型", "实施部门", "行使层级", "材料名称", "材料形式",
              "份数"]
    sheets = [
        SheetSpec("事项", items_sheet(["保安服务公司设立许可"])),
        SheetSpec("材料", [header, [1, "保安服务公司设立许可", "行政许可", DEPARTMENT, "省级",
                                   "设立申请书", "原件", 1]]),
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert [la.kind for la in tables.layouts] == ["items", "materials"]
    assert column(tables, "_row") == [2]
    assert tables.findings == []


@pytest.mark.parametrize("heading", ["申请材料名称", "材料名称"])
def test_an_items_header_with_a_material_names_column_is_the_items_sheet(
    tmp_path: Path, heading: str
) -> None:
    """A whole items header (事项类型, 实施部门, 受理条件, 办理流程 …) whose materials column is
    headed 申请材料名称 or 材料名称: the items sheet, that column its 申请材料. It was taken for
    a materials sheet and the file rejected as header-not-found."""
    header = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", heading,
              "办理流程", "承诺办结时限", "跑动次数"]
    row = [1, "保安服务公司设立许可", "行政许可", DEPARTMENT, "《保安服务管理条例》第八条",
           "1.有不低于人民币100万元的注册资本", "1.设立申请书\n2.公司章程", "受理→审查→决定",
           "10个工作日", 1]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", [header, row]))
    assert [la.kind for la in tables.layouts] == ["items"]
    assert tables.layouts[0].columns["申请材料"] == 7
    assert column(tables, "申请材料") == ["1.设立申请书\n2.公司章程"]
    assert column(tables, "_row") == [2]
    assert tables.findings == []


def test_hidden_sheet_with_an_items_header_is_read(tmp_path: Path) -> None:
    sheets = [SheetSpec("事项", items_sheet(["保安服务公司设立许可"])),
              SheetSpec("补充事项", items_sheet(["保安培训单位设立许可"]), hidden=True)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert column(tables, "_sheet") == ["事项", "补充事项"]


def test_a_hidden_lookup_list_beside_the_items_is_not_read(tmp_path: Path) -> None:
    """A hidden 权力清单 sheet (事项名称 | 事项编码 | 事项类型 | 实施部门, copied to feed the
    dropdowns) beside a complete visible items sheet is no table of items: it made five items
    and six missing-column findings. A hidden lookup beside no visible items sheet is still
    read (then the file is missing its columns, as it is)."""
    lookup = [["事项名称", "事项编码", "事项类型", "实施部门"],
              ["保安服务公司设立许可", "330000-GA-001", "行政许可", DEPARTMENT],
              ["典当业特种行业许可证核发", "330000-GA-002", "行政许可", DEPARTMENT]]
    sheets = [SheetSpec("事项清单", items_sheet(["保安服务公司设立许可"])),
              SheetSpec("权力清单", lookup, hidden=True)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert [la.sheet for la in tables.layouts] == ["事项清单"]
    assert column(tables, "_sheet") == ["事项清单"]
    assert tables.findings == []
    alone = tables_of(write_xlsx(tmp_path / "b.xlsx", sheets=[
        SheetSpec("说明", [["本表由各部门填写"]]), SheetSpec("权力清单", lookup, hidden=True)]))
    assert column(alone, "_sheet") == ["权力清单", "权力清单"]
    assert {f.code for f in alone.findings} == {"missing-column"}


# ---- file-level findings ----------------------------------------------------------------------


def test_header_not_found(tmp_path: Path) -> None:
    rows = [[TITLE], ["保安服务公司设立许可", DEPARTMENT], ["保安培训单位设立许可", DEPARTMENT]]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert codes(tables) == [("header-not-found", None, None)]
    assert tables.findings[0].row is None
    assert tables.findings[0].message.startswith("前30行中未找到包含「事项名称」")
    assert tables.items.empty
    assert tuple(tables.items.columns) == ITEM_COLUMNS
    assert tables.layouts == ()


def test_only_a_materials_sheet_is_header_not_found(tmp_path: Path) -> None:
    rows = [MATERIALS_HEADER, [1, "保安服务公司设立许可", "设立申请书", "原件", 1, "申请人自备"]]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, sheet_name="申请材料"))
    assert codes(tables) == [("header-not-found", None, None)]
    assert tables.materials is not None
    assert len(tables.materials) == 1


def test_no_items(tmp_path: Path) -> None:
    rows = [[TITLE], list(HEADER), ["一、行政许可（0项）"], [], ["填表说明：无"]]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert codes(tables) == [("no-items", None, None)]
    assert tables.items.empty


def test_missing_required_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "设定依据"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", items_sheet(["保安服务公司设立许可"],
                                                                   header=header)))
    assert codes(tables) == [("missing-column", "事项清单", "设定依据")]
    assert tables.findings[0].row is None
    assert tables.findings[0].message == (
        "表格缺少必填列「设定依据」，请按统一模板补充「设定依据」列后重新提交"
    )
    assert column(tables, "设定依据") == [None]


def test_missing_columns_reported_once_per_field(tmp_path: Path) -> None:
    header = [h for h in HEADER if h not in ("设定依据", "申请材料")]
    sheets = [SheetSpec("行政许可", items_sheet(["保安服务公司设立许可"], header=header)),
              SheetSpec("公共服务", items_sheet(["居民身份证申领"], header=header))]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert codes(tables) == [("missing-column", "行政许可", "设定依据"),
                             ("missing-column", "行政许可", "申请材料")]


def test_missing_column_in_a_csv_names_no_sheet(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "承诺办结时限"]
    tables = tables_of(write_csv(tmp_path / "a.csv", items_sheet(["保安服务公司设立许可"],
                                                                header=header)))
    assert codes(tables) == [("missing-column", None, "承诺办结时限")]


def test_limits_merged_across_fill_both_columns(tmp_path: Path) -> None:
    """法定 | 承诺 merged across (the same limit for both) fills the 承诺 column, on one row or
    over a block of rows; other merges across (事项名称 over 子项名称) fill nothing."""
    legal, promise = column_letter(LEGAL + 1), column_letter(PROMISE + 1)
    name = column_letter(HEADER.index("事项名称") + 1)
    sub = column_letter(HEADER.index("子项名称") + 1)
    names = ["保安服务公司设立许可", "保安培训单位设立许可", "典当业特种行业许可证核发",
             "居民身份证申领"]
    rows = [*items_sheet(names, 法定办结时限="20个工作日", 承诺办结时限=None),
            item_row(5, "户口迁移审批")]
    merged = [f"{legal}2:{promise}2", f"{legal}3:{promise}4", f"{name}5:{sub}5"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merged))
    assert column(tables, "法定办结时限") == ["20个工作日"] * 4 + ["20个工作日"]
    assert column(tables, "承诺办结时限") == ["20个工作日"] * 3 + [None, "10个工作日"]
    assert column(tables, "承诺办结时限", raw=True)[:3] == ["20个工作日"] * 3
    assert column(tables, "子项名称") == [None] * 5


def test_a_section_row_on_top_of_a_merged_department_is_no_item(tmp_path: Path) -> None:
    """二、公共服务 on the first row of a 实施部门 merged over the items below: the section is
    skipped, and the department still fills those items."""
    dept = column_letter(HEADER.index("实施部门") + 1)
    section = only(序号="二、公共服务", 实施部门=DEPARTMENT)
    rows = [*items_sheet(["保安服务公司设立许可"]), section,
            item_row(2, "居民身份证申领", 实施部门=None),
            item_row(3, "户口迁移审批", 实施部门=None)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"{dept}3:{dept}5"]))
    assert column(tables, "_row") == [2, 4, 5]
    assert column(tables, "实施部门") == [DEPARTMENT] * 3


@pytest.mark.parametrize("line", ["二、其他审批事项", "小计：1项"])
def test_a_section_or_subtotal_inside_merges_down_the_table_is_no_item(
    tmp_path: Path, line: str
) -> None:
    """事项类型 and 实施部门 merged down the whole table; a section or a subtotal typed in the
    事项名称 column between the items is skipped (it became an item: the merges fill two of
    its cells, which made it look like a sub-item of the item above)."""
    kind, dept = (column_letter(HEADER.index(f) + 1) for f in ("事项类型", "实施部门"))
    rows = [*items_sheet(["保安服务公司设立许可"]), only(事项名称=line),
            item_row(2, "保安培训单位设立许可", 事项类型=None, 实施部门=None),
            item_row(3, "典当业特种行业许可证核发", 事项类型=None, 实施部门=None)]
    merged = [f"{kind}2:{kind}5", f"{dept}2:{dept}5"]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merged))
    assert column(tables, "_row") == [2, 4, 5]
    assert column(tables, "实施部门") == [DEPARTMENT] * 3


def test_numbered_sub_items_sharing_their_item_cells_are_items(tmp_path: Path) -> None:
    """（一）首次申请, （二）增项, （三）延续 in 事项名称, each with its own 序号 and 备注, every
    other column merged down from the first: three items (the second and third were skipped
    as sections once a section inside a table-wide merge was)."""
    rows = [list(HEADER), item_row(1, "（一）建筑业企业资质首次申请", 备注="新设企业"),
            only(序号=2, 事项名称="（二）建筑业企业资质增项", 备注="已有资质"),
            only(序号=3, 事项名称="（三）建筑业企业资质延续", 备注="有效期届满前")]
    own = {"序号", "事项名称", "备注"}
    merged = [f"{column_letter(c)}2:{column_letter(c)}4" for c in range(1, len(HEADER) + 1)
              if HEADER[c - 1] not in own]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merged))
    assert column(tables, "_row") == [2, 3, 4]
    assert column(tables, "设定依据") == ["《保安服务管理条例》第八条"] * 3  # merged down


@pytest.mark.parametrize("where", ["序号", "事项名称", "实施部门"])
def test_a_department_name_alone_on_a_row_is_no_item(tmp_path: Path, where: str) -> None:
    """浙江省公安厅 alone on a row (a sign-off without （盖章）, or a template row) is skipped
    wherever it stands; an item whose other cells are empty is still an item."""
    rows = [*items_sheet(["保安服务公司设立许可"]), only(**{where: DEPARTMENT}),
            only(事项名称="户口迁移审批"), item_row(3, "居民身份证申领")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4, 5]
    assert tables.after_notes == {}


def test_a_remark_between_sections_does_not_end_the_table(tmp_path: Path) -> None:
    """以上行政许可事项共2项 between two sections is skipped, not a note that ends the table:
    the items below it are read as items (not item-after-notes, and none lost). A name alone
    on its row with a comma in it (对违反…，擅自…的处罚) is still an item, however empty."""
    rows = [*items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"]),
            only(事项名称="以上行政许可事项共2项"),
            item_row(3, "典当业特种行业许可证核发"), item_row(4, "旅馆业特种行业许可证核发"),
            only(事项名称="对违反《保安服务管理条例》，擅自开展保安服务的处罚")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 3, 5, 6, 7]
    assert tables.after_notes == {}


def test_a_main_item_line_above_its_numbered_sub_items_is_no_item(tmp_path: Path) -> None:
    """The 权力清单 layout: 1 | 采矿权登记 | type, department and nothing of its own, then its
    sub-items numbered 1-1, 1-2 (or 2.1) with every field: the heading line is no item (it was
    rejected six times over as missing its basis, conditions …). An item numbered 3 with
    nothing below it numbered 3-… is still an item, however empty."""
    def heading(n: int, name: str) -> list[Any]:
        return only(序号=n, 事项名称=name, 事项类型="行政许可", 实施部门=DEPARTMENT)

    rows = [list(HEADER), heading(1, "保安服务许可"), item_row("1-1", "保安服务公司设立许可"),
            item_row("1-2", "保安培训单位设立许可"), heading(2, "特种行业许可"),
            item_row(2.1, "旅馆业特种行业许可证核发"), heading(3, "户口迁移审批")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [3, 4, 6, 7]
    assert column(tables, "事项名称") == ["保安服务公司设立许可", "保安培训单位设立许可",
                                      "旅馆业特种行业许可证核发", "户口迁移审批"]


@pytest.mark.parametrize("remark", ["以上事项由浙江省公安厅负责解释",
                                    "以上事项均实行网上申报，窗口不再受理纸质材料",
                                    "抄送：省编办、省法制办", "本目录自公布之日起施行"])
def test_a_closing_remark_alone_in_the_name_column_is_no_item(tmp_path: Path, remark: str) -> None:
    """A remark typed under the last item in the 事项名称 column without a full stop (以上…,
    抄送：…, 本目录…) is no item rejected eight times over."""
    rows = [*items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"]),
            only(事项名称=remark)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 3]
    assert tables.findings == []


def test_a_legal_limit_merged_down_keeps_the_promises_left_of_it(tmp_path: Path) -> None:
    """承诺 | 法定 in that order, 法定 merged down over three items: each promise stays its own
    (the merge does not reach 承诺, and a merge never hides what a cell says)."""
    header = list(HEADER)
    header[LEGAL], header[PROMISE] = "承诺办结时限", "法定办结时限"
    legal = column_letter(PROMISE + 1)
    rows = [header] + [
        item_row(n, name, header=header, 法定办结时限="20个工作日" if n == 1 else None,
                 承诺办结时限=promise)
        for n, name, promise in ((1, "保安服务公司设立许可", "5个工作日"),
                                 (2, "爆破作业单位许可证核发", "30个工作日"),
                                 (3, "举办焰火晚会许可", "10个工作日"))
    ]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"{legal}2:{legal}4"]))
    assert column(tables, "承诺办结时限") == ["5个工作日", "30个工作日", "10个工作日"]
    assert column(tables, "法定办结时限") == ["20个工作日"] * 3


def _grid(*cells: tuple[str, Any]) -> list[Any]:
    """A row with values in the given columns (one letter each)."""
    row: list[Any] = [None] * len(HEADER)
    for letter, value in cells:
        row[ord(letter) - ord("A")] = value
    return row


@pytest.mark.parametrize(
    "below",
    [
        [_grid(("B", "填报单位"), ("F", "填报人"), ("H", "审核人"), ("M", "联系电话"),
               ("N", "填报日期")),
         _grid(("B", DEPARTMENT), ("F", "王芳"), ("H", "李明"), ("M", "0571-87280000"),
               ("N", "2017年3月1日"))],
        [_grid(("A", 2), ("B", "承诺办结时限"), ("C", "不得超过法定办结时限"), ("D", "必填")),
         _grid(("A", 3), ("B", "实施部门"), ("F", "填写实施机关全称，如浙江省公安厅"),
               ("H", "按法律法规名称及条款填写"), ("I", "逐条列明"))],
        [_grid(("B", "按权力清单规范名称填写"), ("E", "下拉选择"), ("F", "填写实施机关全称"),
               ("H", "列明法律法规条款"), ("N", "0或1"))],
        [item_row(9, "XX许可（示例）", 实施部门="浙江省XX厅")],
        [item_row(9, "保安员证核发（示范填写）", 事项类型="行政许可类")],
        [item_row(None, "按照权力清单中的事项名称填写", 事项类型="行政许可（从下拉菜单选择）")],
        [_grid(("A", "单位负责人（签字）："), ("B", "张伟"), ("F", "审核人"), ("H", "李明"),
               ("I", "日期"), ("J", "2017.3.1"))],
    ],
    ids=["sign-off-table", "explanation-grid", "hint-row", "example-row", "model-row",
         "hint-with-type-and-dropdown-note", "sign-off-cells"],
)
def test_notes_content_below_the_notes_is_no_item(tmp_path: Path, below: list[list[Any]]) -> None:
    """What departments write below 填表说明 across several columns is no item: only a row with
    a type among the eleven and an item's other cells is read there."""
    rows = [*items_sheet(["保安服务公司设立许可"]), ["填表说明：1.事项类型从下拉列表选择"], *below]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2]
    assert tables.after_notes == {}


def test_sub_items_merged_below_the_notes_are_all_read(tmp_path: Path) -> None:
    """An item appended below the notes with its 序号, 事项名称, type and department merged over
    three sub-items: every sub-item is read and flagged."""
    first = 5
    rows = [*items_sheet(["保安服务公司设立许可"]), ["注：跑动次数填0或1"], [],
            item_row(2, "机动车驾驶证核发", 子项名称="初次申领"),
            item_row(None, None, 子项名称="增驾", 事项类型=None, 实施部门=None, 设定依据=None),
            item_row(None, None, 子项名称="换证", 事项类型=None, 实施部门=None, 设定依据=None)]
    merged = [f"{column_letter(HEADER.index(name) + 1)}{first}:"
              f"{column_letter(HEADER.index(name) + 1)}{first + 2}"
              for name in ("序号", "事项名称", "事项类型", "实施部门", "设定依据")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=merged))
    assert column(tables, "_row") == [2, 5, 6, 7]
    assert column(tables, "子项名称") == [None, "初次申领", "增驾", "换证"]
    assert column(tables, "事项名称")[1:] == ["机动车驾驶证核发"] * 3
    assert read_below_notes(tables, 3) == [5, 6, 7]


def test_a_materials_sheet_goes_on_after_a_note_inside_it(tmp_path: Path) -> None:
    """A 注： row between an item's materials (事项名称 merged over it) and materials appended
    below the notes are read; the notes, a sign-off and a hint grid there are not."""
    materials = [
        MATERIALS_HEADER,
        [1, "保安服务公司设立许可", "设立申请书", "原件", 1, "申请人自备"],  # 2
        [None, None, "注：外省户籍人员另需提供居住证", None, None, None],  # 3
        [None, None, "无犯罪记录证明", "原件", 1, "政府部门核发"],  # 4
        [2, "保安培训单位设立许可", "设立申请书", "原件", 1, "申请人自备"],  # 5
        ["填表说明：材料依据请写明条款"],  # 6
        [3, "保安培训单位设立许可", "培训场所证明", "原件", 1, "申请人自备"],  # 7
        [None, "填报人：王芳", None, "联系电话：0571-87280000"],  # 8
        [None, "事项名称", "材料名称", "填写要求"],  # 9
        [None, "XX许可", "XX申请书（示例）", "原件", 1, "申请人自备"],  # 10
    ]
    sheets = [SheetSpec("事项清单", items_sheet(["保安服务公司设立许可", "保安培训单位设立许可"])),
              SheetSpec("申请材料", materials, merged=["B2:B4"])]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert tables.materials is not None
    assert tables.materials["_row"].tolist() == [2, 4, 5, 7]
    permit, training = "保安服务公司设立许可", "保安培训单位设立许可"
    assert tables.materials["事项名称"].tolist() == [permit, permit, training, training]
    assert tables.after_notes == {}  # only items below the notes are flagged


def test_a_materials_sheet_may_head_its_names_shenqing_cailiao(tmp_path: Path) -> None:
    """事项名称 | 申请材料 | 材料形式 | 来源渠道: a materials sheet whose names are headed 申请材料;
    a short items sheet (事项名称 | 事项编码 | 设定依据 | 申请材料) stays an items sheet."""
    materials = [["序号", "事项名称", "申请材料", "材料形式", "来源渠道"],
                 [1, "保安服务公司设立许可", "设立申请书", "原件", "申请人自备"]]
    short = ["序号", "事项名称", "事项编码", "设定依据", "申请材料"]
    sheets = [SheetSpec("事项清单", items_sheet(["保安服务公司设立许可"], header=short)),
              SheetSpec("申请材料", materials)]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", sheets=sheets))
    assert [(la.sheet, la.kind) for la in tables.layouts] == [
        ("事项清单", "items"), ("申请材料", "materials")]
    assert tables.layouts[1].columns["材料名称"] == 3
    assert tables.materials is not None
    assert tables.materials["材料名称"].tolist() == ["设立申请书"]


def test_the_templates_example_row_is_no_item(tmp_path: Path) -> None:
    """示例 | XX许可（示例） right under the header is the template's example; an item whose
    受理条件 says 例如 is an item, and so is one whose name holds XX."""
    rows = [list(HEADER), item_row("示例", "XX许可（示例）"), item_row("示范填写", "保安员证核发"),
            item_row(1, "保安服务公司设立许可", 受理条件="有固定场所，例如自有或租赁的办公用房"),
            item_row(2, "省级示范性家庭农场认定"), item_row(3, "劳动合同示范文本备案"),
            item_row("（示例）", "保安员证核发"), item_row(4, "保安培训单位设立许可（样例）"),
            item_row(5, "劳务派遣协议样本（示范文本）备案"),
            # XX left in a real item's name is no example mark: the item is read (it vanished)
            item_row(6, "XX市级公立医院设置审批"),
            item_row(7, "大型群众性活动安全许可（××体育场）")]
    assert column(tables_of(write_xlsx(tmp_path / "a.xlsx", rows)), "_row") == [4, 5, 6, 9, 10, 11]


def test_template_rows_with_dropdown_defaults_are_no_items(tmp_path: Path) -> None:
    """The template's empty rows, pre-filled with dropdown defaults (省级, 否, 是) and the
    department, or with a formula's 0 as the name, are no items; a row without a name that
    says something of its own (a 设定依据) is an item missing its name."""
    defaults = {"行使层级": "省级", "是否即办件": "否", "是否网上办理": "是", "是否收费": "否"}
    rows = [*items_sheet(["保安服务公司设立许可"]),
            only(**defaults), only(**defaults, 实施部门="省交通厅", 事项类型="行政许可"),
            only(序号=4, 事项名称=0, 实施部门=DEPARTMENT, 承诺办结时限=0, 跑动次数=1, **defaults),
            only(**defaults, 设定依据="《保安服务管理条例》第八条"),
            item_row(6, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 6, 7]
    assert column(tables, "事项名称") == ["保安服务公司设立许可", None, "保安培训单位设立许可"]


@pytest.mark.parametrize(
    "note", ["填表说明：1.已取消的事项不再填写；2.跑动次数填0或1", "注：本表不再单列子项",
             "备注：暂停受理的事项请注明", "填表说明：以下栏目不得删除"],
)
def test_a_note_that_only_mentions_cancelling_stops_nothing(tmp_path: Path, note: str) -> None:
    rows = [*items_sheet(["保安服务公司设立许可"]), [note], item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2, 4]
    assert read_below_notes(tables, 3) == [4]


@pytest.mark.parametrize(
    "note", ["注：以下事项已取消：", "注：以下事项已取消，请勿填写", "注：下列事项已取消：",
             "注：以下事项暂停实施：", "注：以下2项已于2016年取消"],
)
def test_items_a_note_says_are_cancelled_are_not_read(tmp_path: Path, note: str) -> None:
    """A note introducing items that are no longer on the list: none below it is read."""
    rows = [*items_sheet(["保安服务公司设立许可"]), [note],
            item_row(2, "保安培训单位设立许可"), item_row(3, "典当业特种行业许可证核发")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert column(tables, "_row") == [2]
    assert tables.after_notes == {}


def test_a_materials_table_under_the_items_on_the_same_sheet(tmp_path: Path) -> None:
    """The items, a blank row, then 申请材料 with its own header (事项名称 | 材料名称 | 份数): the
    materials are read as materials under their own columns, not as items named 事项名称."""
    rows = [*items_sheet(["保安服务公司设立许可"]), [],
            ["事项名称", "材料名称", "份数"],
            ["保安服务公司设立许可", "设立申请书", 1],
            ["保安服务公司设立许可", "法定代表人身份证明", 1]]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert [(la.kind, la.header_rows) for la in tables.layouts] == [
        ("items", (1,)), ("materials", (4,))
    ]
    assert column(tables, "_row") == [2]
    assert tables.materials is not None
    assert tables.materials["材料名称"].tolist() == ["设立申请书", "法定代表人身份证明"]
    assert tables.materials["_row"].tolist() == [5, 6]


def test_a_second_table_with_a_two_row_header(tmp_path: Path) -> None:
    """The second table has no 子项名称 and 办理时限 over 法定 | 承诺 where the first has one
    header row; the same header again (a page break) is no second table."""
    top, sub = time_group_header()
    cut = HEADER.index("子项名称")
    del top[cut], sub[cut]
    short = [h for h in HEADER if h != "子项名称"]
    rows = [*items_sheet(["保安服务公司设立许可"]), list(HEADER),
            item_row(2, "保安培训单位设立许可"), [], top, sub,
            item_row(3, "典当业特种行业许可证核发", header=short, 承诺办结时限="5个工作日")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows))
    assert [la.header_rows for la in tables.layouts] == [(1,), (6, 7)]
    assert tables.layouts[1].columns == {f: c for c, f in enumerate(short, start=1)}
    assert column(tables, "_row") == [2, 4, 8]
    assert column(tables, "承诺办结时限") == ["10个工作日", "10个工作日", "5个工作日"]


def test_clean_fast_path_drops_the_emoji_variation_selector() -> None:
    """table._clean_str is text.clean: U+FE0F is printable and NFKC, and clean removes it (a
    cell of it alone is blank, ✔️ is ✔). It is the only printable character clean removes
    besides the space."""
    from catalog_check.table import _clean_str, _convert
    from catalog_check.text import INVISIBLE, clean, is_tidy

    assert {c for c in INVISIBLE if c.isprintable()} == {" ", "\ufe0f"}
    for s in ("\ufe0f", "是\ufe0f", "✔\ufe0f", "申请书\ufe0f\n营业执照"):
        assert not is_tidy(s)
        assert _clean_str(s) == clean(s)
    assert clean("申请书\ufe0f\n营业执照") == "申请书\n营业执照"
    assert _convert(["\ufe0f", "✔\ufe0f"]) == (["\ufe0f", "✔\ufe0f"], [None, "✔"])


def test_template_rows_under_a_merged_item_name_stay_template_rows(tmp_path: Path) -> None:
    """An item whose 事项名称 is merged over the template's pre-filled rows below it (行使层级
    省级, 是否即办件 否): those rows are no sub-items of it (they made 20 missing-value and a
    duplicate-item each)."""
    name = column_letter(HEADER.index("事项名称") + 1)
    rows = [list(HEADER), item_row(1, "保安服务公司设立许可"),
            only(行使层级="省级", 是否即办件="否", 是否收费="否"),
            only(行使层级="省级", 是否即办件="否", 是否收费="否")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows, merged=[f"{name}2:{name}4"]))
    assert column(tables, "_row") == [2]


def test_sub_items_named_like_a_level_under_merged_item_cells_are_items(tmp_path: Path) -> None:
    """Sub-items 市级 | 县级 under their item's cells merged down: items, not the template's
    pre-filled rows (a level is a dropdown default of 行使层级, not of 子项名称)."""
    letters = [column_letter(i) for i, name in enumerate(HEADER, start=1) if name != "子项名称"]
    rows = [list(HEADER), item_row(1, "保安服务公司设立许可", 子项名称="省级"),
            only(子项名称="市级"), only(子项名称="县级"), item_row(2, "保安培训单位设立许可")]
    tables = tables_of(write_xlsx(tmp_path / "a.xlsx", rows,
                                  merged=[f"{c}2:{c}4" for c in letters]))
    assert column(tables, "_row") == [2, 3, 4, 5]
    assert column(tables, "子项名称") == ["省级", "市级", "县级", None]
    assert column(tables, "事项名称")[:3] == ["保安服务公司设立许可"] * 3


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_an_item_with_its_type_first_merged_over_its_sub_items(tmp_path: Path, fmt: str) -> None:
    """序号 | 事项类型 | 事项名称 | 子项名称 …, the item's cells merged over its sub-items: the
    item's first row is its first sub-item, not a section row 行政许可 on top of merges."""
    header = ["序号", "事项类型", "事项名称", "子项名称", *(h for h in HEADER if h not in (
        "序号", "事项类型", "事项名称", "子项名称"))]
    first = item_row(1, "保安服务公司设立许可", header=header, 子项名称="新办")
    subs = [[None, None, None, sub] + [None] * (len(header) - 4) for sub in ("变更", "注销")]
    rows = [header, first, *subs, item_row(2, "保安培训单位设立许可", header=header)]
    merged = [f"{column_letter(c)}2:{column_letter(c)}4"
              for c in range(1, len(header) + 1) if c != 4]
    tables = tables_of(write(tmp_path / f"a.{fmt}", fmt, rows, merged=merged))
    assert column(tables, "_row") == [2, 3, 4, 5]
    assert column(tables, "子项名称") == ["新办", "变更", "注销", None]
    assert column(tables, "事项类型") == ["行政许可"] * 4


def test_a_long_breakdown_row_is_judged_at_once() -> None:
    """其中： and a run of digits in a row's first cell (a possible 其中：行政许可2项): the digits
    before 项 were read n² ways (1.6 s a full cell, for every such row)."""
    from guards import no_hang

    from catalog_check.table import _is_subtotal

    with no_hang():
        for k in range(10):  # ten rows of a sheet
            assert _is_subtotal("其中:" + "1" * 32_000 + str(k)) is False
            assert _is_subtotal("其中:" + "1" * 32_000 + f"{k}项") is True


def test_items_and_their_materials_in_one_table(tmp_path: Path) -> None:
    """申请材料 a group over 材料名称 | 材料形式 | 份数, each item's own cells merged down over
    its material rows: the items are the merged rows (3 and 6), each material its own row, its
    findings on its own cell. The sheet was read as a materials sheet and the file rejected as
    header-not-found."""
    from catalog_check.review import review_file

    top = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料", None,
           None, "办理流程", "承诺办结时限", "跑动次数"]
    sub = [None] * 6 + ["材料名称", "材料形式", "份数"] + [None] * 3

    def item(n: int, name: str, material: str) -> list[Any]:
        return [n, name, "行政许可", DEPARTMENT, "《保安服务管理条例》第八条",
                "有不低于人民币100万元的注册资本", material, "原件", 1, "受理→审查→决定",
                "10个工作日", 1]

    def more(material: str, form: str = "复印件") -> list[Any]:
        return [None] * 6 + [material, form, 1] + [None] * 3

    rows = [top, sub, item(1, "保安服务公司设立许可", "设立申请书"), more("公司章程"),
            more("其他材料"), item(2, "保安培训单位设立许可", "设立申请书"),
            more("无犯罪记录证明", "原件")]
    own = "ABCDEFJKL"
    merged = ([f"{c}1:{c}2" for c in own] + ["G1:I1"] + [f"{c}3:{c}5" for c in own]
              + [f"{c}6:{c}7" for c in own])
    path = write_xlsx(tmp_path / "省公安厅-第二批.xlsx", rows, merged=merged)
    tables = tables_of(path)
    assert [(la.kind, la.header_rows) for la in tables.layouts] == [
        ("items", (1, 2)), ("materials", (1, 2))]
    assert "申请材料" not in tables.layouts[0].columns
    assert tables.layouts[1].columns == {"序号": 1, "事项名称": 2, "材料名称": 7, "材料形式": 8,
                                         "份数": 9}
    assert column(tables, "_row") == [3, 6]
    assert tables.materials is not None
    assert tables.materials["_row"].tolist() == [3, 4, 5, 6, 7]
    assert tables.materials["事项名称"].tolist() == ["保安服务公司设立许可"] * 3 + [
        "保安培训单位设立许可"] * 2
    assert tables.materials["材料形式"].tolist() == ["原件", "复印件", "复印件", "原件", "原件"]
    assert tables.findings == []
    review = review_file(path).file
    assert [(i.row, i.name) for i in review.items] == [
        (3, "保安服务公司设立许可"), (6, "保安培训单位设立许可")]
    assert sorted((f.code, f.row, f.cell) for f in review.findings) == [
        ("catch-all-material", 5, "G5"), ("certificate-without-basis", 7, "G7")]


def test_a_header_repeated_thousands_of_times_is_judged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows that copy the header (an export repeating it per page, or a sheet filled down with
    it): each distinct row is read as a header once, not once per copy (20,000 copies of a
    wide one took minutes)."""
    from catalog_check import table

    calls = []
    real = table.find_layout
    monkeypatch.setattr(table, "find_layout", lambda sheet: calls.append(1) or real(sheet))
    wide = list(HEADER) * 3
    rows = [list(HEADER), item_row(1, "保安服务公司设立许可")] + [wide] * 500 + [
        item_row(2, "保安培训单位设立许可")]
    tables = extract_tables(read_workbook(write_xlsx(tmp_path / "a.xlsx", rows)))
    assert column(tables, "_row") == [2, 503]
    assert len(calls) <= 3  # the sheet's own header, then the copy once
