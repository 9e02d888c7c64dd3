"""办理形式 written as ticks: a group cell 办理形式 over 窗口办理 | 网上办理 | 快递申请, with √
under each channel an item offers. The ticks read as the department would write the field in
one cell (窗口办理、快递申请), so that zero-trip-offline sees the post it offers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from workbooks import write_csv, write_xlsx

from catalog_check.reader import read_workbook
from catalog_check.review import review_file
from catalog_check.table import extract_tables

TOP = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料", "办理流程",
       "承诺办结时限", "跑动次数", "是否网上办理", "办理形式", None, None]
SUB = [None] * 11 + ["窗口办理", "网上办理", "快递申请"]
COMMON = ["行政许可", "浙江省司法厅", "《中华人民共和国律师法》第六条", "1.具有律师资格",
          "1.申请书", "受理→审核→决定", "10个工作日", 0, "否"]
ROWS = [
    TOP,
    SUB,
    [1, "律师执业许可", *COMMON, "√", None, "√"],  # post offered: 0 trips is fine
    [2, "律师事务所设立许可", *COMMON, "√", None, None],  # window only: a trip is needed
    [3, "公证员执业许可", *COMMON, "×", "", "是"],  # × and blank are no tick
    [4, "基层法律服务工作者执业核准", *COMMON, "省政务服务中心", None, "EMS寄送申请材料"],
    [5, "法律援助人员资格认定", *COMMON, "V", None, "v"],  # √ typed as V: ticked
]
# Every header cell but the group merged down over both rows, the group over L:N.
MERGED = ["L1:N1"] + [f"{c}1:{c}2" for c in "ABCDEFGHIJK"]


def _shapes(tmp_path: Path) -> list[Path]:
    return [write_xlsx(tmp_path / "省司法厅.xlsx", ROWS, merged=MERGED),
            write_csv(tmp_path / "省司法厅.csv", ROWS)]


@pytest.mark.parametrize("shape", [0, 1], ids=["xlsx-merged", "csv-unmerged"])
def test_ticks_read_as_the_channels_ticked(tmp_path: Path, shape: int) -> None:
    path = _shapes(tmp_path)[shape]
    tables = extract_tables(read_workbook(path))
    (layout,) = tables.layouts
    assert layout.header_rows == (1, 2)
    assert layout.columns["办理形式"] == 12
    assert layout.columns["是否网上办理"] == 11  # its own column, not the tick under 网上办理
    assert layout.choices == {"办理形式": ((12, "窗口办理"), (13, "网上办理"), (14, "快递申请"))}
    assert tables.items["_row"].tolist() == [3, 4, 5, 6, 7]
    assert tables.items["办理形式"].tolist() == [
        "窗口办理、快递申请", "窗口办理", "快递申请", "省政务服务中心、EMS寄送申请材料",
        "窗口办理、快递申请",
    ]


@pytest.mark.parametrize("shape", [0, 1], ids=["xlsx-merged", "csv-unmerged"])
def test_a_zero_trip_item_ticking_post_is_not_offline(tmp_path: Path, shape: int) -> None:
    """zero-trip-offline only where no post is ticked (or written), at the row and cell."""
    review = review_file(_shapes(tmp_path)[shape]).file
    found = [(f.code, f.row, f.column) for f in review.findings]
    assert found == [("zero-trip-offline", 4, "跑动次数")]


def test_one_row_header_keeps_its_own_column(tmp_path: Path) -> None:
    """办理形式 in a one-row header is one column as before: no ticks are looked for."""
    rows: list[list[Any]] = [TOP[:12], [1, "律师执业许可", *COMMON, "窗口办理、快递申请"]]
    tables = extract_tables(read_workbook(write_xlsx(tmp_path / "one.xlsx", rows)))
    (layout,) = tables.layouts
    assert layout.choices == {}
    assert tables.items["办理形式"].tolist() == ["窗口办理、快递申请"]


def test_words_and_circles_tick_or_not(tmp_path: Path) -> None:
    """支持 / 可以 tick, 不支持 / ○ (beside ●) / x do not: no mark reaches the value."""
    rows = [TOP, SUB,
            [1, "律师执业许可", *COMMON, "支持", "不支持", "支持"],
            [2, "律师事务所设立许可", *COMMON, "●", "○", "○"],
            [3, "公证员执业许可", *COMMON, "√", "x", "X"]]
    path = write_xlsx(tmp_path / "words.xlsx", rows, merged=MERGED)
    tables = extract_tables(read_workbook(path))
    assert tables.items["办理形式"].tolist() == ["窗口办理、快递申请", "窗口办理", "窗口办理"]
    found = [(f.code, f.row) for f in review_file(path).file.findings]
    assert found == [("zero-trip-offline", 4), ("zero-trip-offline", 5)]


def test_a_sub_header_that_is_a_field_keeps_its_field(tmp_path: Path) -> None:
    """Under 办理方式, sub-headers that are fields of their own (是否网上办理, 跑动次数) map to
    them; only the others are channels (here 窗口办理 | 快递申请, after them)."""
    top = ["序号", "事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料",
           "办理流程", "承诺办结时限", "办理方式", None, None, None]
    sub = [None] * 9 + ["是否网上办理", "跑动次数", "窗口办理", "快递申请"]
    common = COMMON[:7]
    rows = [top, sub,
            [1, "律师执业许可", *common, "否", 0, "√", "√"],
            [2, "律师事务所设立许可", *common, "否", 0, "√", None]]
    merged = ["J1:M1"] + [f"{c}1:{c}2" for c in "ABCDEFGHI"]
    path = write_xlsx(tmp_path / "mixed.xlsx", rows, merged=merged)
    tables = extract_tables(read_workbook(path))
    (layout,) = tables.layouts
    assert (layout.columns["是否网上办理"], layout.columns["跑动次数"]) == (10, 11)
    assert layout.columns["办理形式"] == 12
    assert layout.choices == {"办理形式": ((12, "窗口办理"), (13, "快递申请"))}
    assert tables.items["办理形式"].tolist() == ["窗口办理、快递申请", "窗口办理"]
    found = [(f.code, f.row) for f in review_file(path).file.findings]
    assert found == [("zero-trip-offline", 4)]
    # every sub-header a field: no channels, each field in its column, nothing missing
    rows = [top[:12], [*sub[:9], "是否网上办理", "是否即办件", "跑动次数"],
            [1, "律师执业许可", *common, "否", "否", 1]]
    merged = ["J1:L1"] + [f"{c}1:{c}2" for c in "ABCDEFGHI"]
    path = write_xlsx(tmp_path / "fields.xlsx", rows, merged=merged)
    (layout,) = extract_tables(read_workbook(path)).layouts
    assert layout.choices == {}
    assert [layout.columns[f] for f in ("是否网上办理", "是否即办件", "跑动次数")] == [10, 11, 12]
    assert review_file(path).file.status == "accepted"
