"""事项名称 as a group cell over the item's name and its sub-item, with the sub-headers departments
write under it (名称 | 子项名称, 主项 | 子项（业务办理项）, 主项名称 | 办理项 …), and what the same
words mean in a one-row header."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from workbooks import SheetSpec, write_csv, write_xlsx

from catalog_check.reader import read_workbook
from catalog_check.review import review_file
from catalog_check.table import Tables, extract_tables

DEPARTMENT = "浙江省司法厅"
TOP = ["序号", "事项名称", None, "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
       "办理流程", "承诺办结时限", "跑动次数"]
COMMON = ["行政许可", DEPARTMENT, "《中华人民共和国律师法》第六条", "1.具有律师资格", "1.申请书",
          "受理→审核→决定", "10个工作日", 1]
# Every header cell but the group merged down over both rows, the group over B:C, 序号 and
# 事项名称 merged over the item's two sub-items.
MERGED = ["B1:C1", "A3:A4", "B3:B4"] + [f"{c}1:{c}2" for c in "ADEFGHIJK"]


def group_sheet(main: str | None, sub: str) -> list[list[Any]]:
    """事项名称 over ``main`` | ``sub``; 律师执业许可 with its sub-items 新办 and 变更, then an
    item without sub-items."""
    second: list[Any] = [None] * len(TOP)
    second[1], second[2] = main, sub
    return [
        TOP,
        second,
        [1, "律师执业许可", "新办", *COMMON],
        [None, None, "变更", *COMMON],
        [2, "法律援助申请", None, "公共服务", *COMMON[1:]],
    ]


def tables_of(path: Path) -> Tables:
    return extract_tables(read_workbook(path))


def _check(path: Path) -> None:
    tables = tables_of(path)
    (layout,) = tables.layouts
    assert layout.header_rows == (1, 2)
    assert (layout.columns["事项名称"], layout.columns["子项名称"]) == (2, 3)
    assert layout.columns["承诺办结时限"] == 10
    assert tables.items["_row"].tolist() == [3, 4, 5]
    assert tables.items["事项名称"].tolist() == ["律师执业许可"] * 2 + ["法律援助申请"]
    assert tables.items["子项名称"].tolist() == ["新办", "变更", None]
    review = review_file(path).file
    assert [(i.row, i.name, i.subitem) for i in review.items] == [
        (3, "律师执业许可", "新办"), (4, "律师执业许可", "变更"), (5, "法律援助申请", None),
    ]
    assert [f.code for f in review.findings] == []  # no duplicate-item, nothing else
    assert review.status == "accepted"


SUB_HEADERS = [
    ("主项", "子项"),
    ("主项名称", "子项名称"),
    ("事项名称", "子项名称"),
    ("名称", "子项名称"),
    ("名称", "子项"),
    ("主项", "子项（业务办理项）"),
    ("主项名称", "子项名称（情形）"),
    ("主项名称", "办理项"),
    ("主项", "业务办理项"),
    ("名称", "情形"),
    ("主项名称", "办理情形"),
    ("主项", "子项(办理项)"),
]


@pytest.mark.parametrize(("main", "sub"), SUB_HEADERS)
def test_sub_headers_under_an_item_name_group(tmp_path: Path, main: str, sub: str) -> None:
    """Both sub-headers name the item and its sub-item: the sub-items are read, not lost (the
    second sub-item was rejected as a duplicate of the first)."""
    _check(write_xlsx(tmp_path / "省司法厅-第二批.xlsx", group_sheet(main, sub), merged=MERGED))


@pytest.mark.parametrize(("main", "sub"), [("名称", "子项名称"), ("主项名称", "办理项")])
def test_sub_headers_under_an_unmerged_group(tmp_path: Path, main: str, sub: str) -> None:
    """The same in CSV, where the group is typed over its first column only."""
    rows = group_sheet(main, sub)
    rows[3][1] = "律师执业许可"  # no merge to fill it down
    tables = tables_of(write_csv(tmp_path / "a.csv", rows))
    assert (tables.layouts[0].columns["事项名称"], tables.layouts[0].columns["子项名称"]) == (2, 3)
    assert tables.items["子项名称"].tolist() == ["新办", "变更", None]


@pytest.mark.parametrize("main", ["大项", "权力事项", None])
def test_an_unknown_main_sub_header_beside_a_known_sub_item_one(
    tmp_path: Path, main: str | None
) -> None:
    """Only 子项名称 known under the 事项名称 group (大项 | 子项名称, or nothing over the name):
    the group's first column is the item's name, as a one-row reading takes it, and the
    sub-item column is kept; before, the header fell back to its top row and lost it."""
    _check(write_xlsx(tmp_path / "省司法厅-第二批.xlsx", group_sheet(main, "子项名称"),
                      merged=MERGED))


@pytest.mark.parametrize("sub", ["细项", "细项名称", "子事项", "具体事项", "小项"])
def test_a_known_main_sub_header_beside_an_unknown_item_word(tmp_path: Path, sub: str) -> None:
    """主项 | 细项 (or 具体事项, 小项 …) under the 事项名称 group: the group's other column, headed
    with a word for an item, is the sub-item. It was left unread, and the second sub-item
    rejected as a duplicate of the first."""
    _check(write_xlsx(tmp_path / "省司法厅-第二批.xlsx", group_sheet("主项", sub), merged=MERGED))


def test_an_unknown_non_item_word_under_the_group_is_not_a_sub_item(tmp_path: Path) -> None:
    """名称 | 备用 or 主项 | 项目编码 under 事项名称: no word for an item, and not taken for one."""
    for main, sub in (("名称", "备用"), ("主项", "项目编码")):
        columns = tables_of(write_xlsx(tmp_path / "a.xlsx", group_sheet(main, sub),
                                       merged=MERGED)).layouts[0].columns
        assert "子项名称" not in columns
        assert columns["事项名称"] == 2


def test_group_words_alone_in_a_one_row_header(tmp_path: Path) -> None:
    """情形, 办理项 and 名称 alone name no column (not necessarily a sub-item, or the item);
    子项（业务办理项） and 子项名称（情形） are the sub-item wherever they stand."""
    header = ["序号", "事项名称", "名称", "情形", "办理项", "事项类型", "实施部门", "设定依据",
              "受理条件", "申请材料", "办理流程", "承诺办结时限", "跑动次数"]
    row = [1, "律师执业许可", "x", "y", "z", *COMMON]
    columns = tables_of(write_xlsx(tmp_path / "a.xlsx", [header, row])).layouts[0].columns
    assert "子项名称" not in columns
    assert set(columns.values()).isdisjoint({3, 4, 5})
    for sub in ("子项（业务办理项）", "子项名称（情形）"):
        header[3] = sub
        path = write_xlsx(tmp_path / "b.xlsx", [header, row])
        assert tables_of(path).layouts[0].columns["子项名称"] == 4


def test_a_materials_sheet_with_the_same_group_links_by_sub_item(tmp_path: Path) -> None:
    """A materials sheet headed 事项名称 over 名称 | 子项名称 links each material to its
    sub-item; read by its top row, both rows named only the main item."""
    items = group_sheet("名称", "子项名称")
    items[2][7] = items[3][7] = items[4][7] = None  # materials on their own sheet
    materials = [
        ["事项名称", None, "材料名称", "来源渠道"],
        ["名称", "子项名称", None, None],
        ["律师执业许可", "新办", "律师执业申请书", "申请人自备"],
        ["律师执业许可", "变更", "律师执业证书", "政府部门核发"],
        ["法律援助申请", None, "法律援助申请表", "申请人自备"],
    ]
    path = write_xlsx(tmp_path / "省司法厅-第二批.xlsx", sheets=[
        SheetSpec("事项清单", items, merged=MERGED),
        SheetSpec("申请材料", materials, merged=["A1:B1", "C1:C2", "D1:D2"]),
    ])
    review = review_file(path).file
    assert [(f.code, f.sheet, f.row) for f in review.findings] == [
        ("shareable-material", "申请材料", 4)  # the 变更 sub-item's certificate, nothing else
    ]


def test_an_item_name_header_merged_over_two_columns_heads_the_sub_item(tmp_path: Path) -> None:
    """事项名称 merged across B1:C1 with no row of sub-headers (权力清单 exports): the main item
    merged down in B, its sub-items in C, an item without sub-items merged across B:C. Column C
    was read by nobody and the sub-items rejected as duplicates of each other."""
    rows = group_sheet(None, "")[:1] + group_sheet(None, "")[2:]
    path = write_xlsx(tmp_path / "省司法厅-第二批.xlsx", rows,
                      merged=["B1:C1", "A2:A3", "B2:B3", "B4:C4"])
    tables = tables_of(path)
    (layout,) = tables.layouts
    assert layout.header_rows == (1,)
    assert (layout.columns["事项名称"], layout.columns["子项名称"]) == (2, 3)
    review = review_file(path).file
    assert [(i.row, i.name, i.subitem) for i in review.items] == [
        (2, "律师执业许可", "新办"), (3, "律师执业许可", "变更"), (4, "法律援助申请", None),
    ]
    assert [f.code for f in review.findings] == []
