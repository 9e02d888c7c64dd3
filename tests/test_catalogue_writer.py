"""The catalogue workbooks: sheets, rows, statistics, chart, text that stays text."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from catalogue_cases import GONGAN, JIAOTONG, item

from catalog_check.catalogue import SourceItem, Submission, consolidate, write_catalogue
from catalog_check.catalogue.writer import CATALOGUE_HEADERS, department_stats


def _resolve(text: str) -> str:
    return text


def _item(
    name: str, dept: str, row: int, typ: str | None, trips: int | None, instant: bool | None,
    online: bool | None, subitem: str | None = None,
) -> SourceItem:
    """One catalogue row's values in the order the rows below are written."""
    return item(name, dept, row, subitem, typ=typ, trips=trips, instant=instant, online=online)


@pytest.fixture(name="written")
def fixture_written(tmp_path: Path) -> dict[str, Path]:
    """A small catalogue written into tmp_path/catalogue."""
    gongan = [
        _item("机动车登记", GONGAN, 5, "行政许可", 0, True, True),
        _item("户口迁移审批", GONGAN, 6, "行政确认", 1, False, True),
        _item('=HYPERLINK("http://x","点我")', GONGAN, 7, "行政许可", 1, False, False),
        _item("保安服务公司设立许可", GONGAN, 8, "行政许可", 0, False, True),
    ]
    # 公安厅's file carries the name it was sent under; 交通运输厅's shows its archived path.
    gongan = [dataclasses.replace(s, file="公安厅第二批事项.xlsx") for s in gongan]
    jiaotong = [
        _item("机动车登记", JIAOTONG, 3, "行政许可", 1, False, True),
        _item("道路旅客运输经营许可", JIAOTONG, 4, "行政许可", 0, True, False, subitem="新办"),
        _item("道路旅客运输经营许可", JIAOTONG, 5, "行政许可", None, None, None),
        _item("港口经营许可", JIAOTONG, 6, None, 0, True, True),
    ]
    when = datetime(2017, 3, 10)
    c = consolidate(
        [
            Submission(f"archive/{GONGAN}.xlsx", GONGAN, when, tuple(gongan)),
            Submission(f"archive/{JIAOTONG}.xlsx", JIAOTONG, when, tuple(jiaotong)),
        ],
        resolve_department=_resolve,
    )
    return write_catalogue(c, tmp_path / "catalogue")


def _rows(path: Path, sheet: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    return [[c.value for c in r] for r in wb[sheet].iter_rows()]


def test_files_are_written_with_their_names(written: dict[str, Path], tmp_path: Path) -> None:
    assert {k: p.name for k, p in written.items()} == {
        "catalogue": "汇总目录.xlsx",
        "probable_duplicates": "疑似重复.xlsx",
        "earlier_batch": "已公布事项.xlsx",
    }
    assert sorted(p.name for p in (tmp_path / "catalogue").iterdir()) == [
        "已公布事项.xlsx",
        "汇总目录.xlsx",
        "疑似重复.xlsx",
    ]


def test_catalogue_sheets_and_rows(written: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(written["catalogue"])
    assert wb.sheetnames == ["全部事项", "行政许可", "行政确认", "未分类", "统计"]
    rows = _rows(written["catalogue"], "全部事项")
    assert rows[0] == [
        "序号", "事项名称", "子项名称", "事项类型", "实施部门", "事项编码", "行使层级", "设定依据",
        "法定办结时限", "承诺办结时限", "跑动次数", "例外说明", "是否即办件", "是否网上办理",
        "办理形式", "是否收费", "收费依据", "咨询电话", "备注", "来源", "存档文件",
    ]
    shown = [dict(zip(rows[0], r, strict=True)) for r in rows]
    every = dict.fromkeys(rows[0])
    assert shown[1] == every | {
        "序号": 1,
        "事项名称": "机动车登记",
        "事项类型": "行政许可",
        "实施部门": f"{GONGAN}、{JIAOTONG}",
        "跑动次数": 1,
        "是否即办件": "否",
        "是否网上办理": "是",
        "来源": f"{GONGAN}：公安厅第二批事项.xlsx / 事项清单 / 第5行\n"
                f"{JIAOTONG}：archive/{JIAOTONG}.xlsx / 事项清单 / 第3行",
        "存档文件": f"archive/{GONGAN}.xlsx\narchive/{JIAOTONG}.xlsx",
    }
    assert shown[5] == every | {
        "序号": 5,
        "事项名称": "道路旅客运输经营许可",
        "子项名称": "新办",
        "事项类型": "行政许可",
        "实施部门": JIAOTONG,
        "跑动次数": 0,
        "是否即办件": "是",
        "是否网上办理": "否",
        "来源": f"archive/{JIAOTONG}.xlsx / 事项清单 / 第4行",
        "存档文件": f"archive/{JIAOTONG}.xlsx",
    }
    assert shown[6] == every | {
        "序号": 6,
        "事项名称": "道路旅客运输经营许可",
        "事项类型": "行政许可",
        "实施部门": JIAOTONG,
        "来源": f"archive/{JIAOTONG}.xlsx / 事项清单 / 第5行",
        "存档文件": f"archive/{JIAOTONG}.xlsx",
    }
    assert len(rows) == 8
    assert [r[1] for r in _rows(written["catalogue"], "行政确认")[1:]] == ["户口迁移审批"]
    assert [r[0] for r in _rows(written["catalogue"], "行政许可")[1:]] == [1, 2, 3, 4, 5]
    assert [r[1] for r in _rows(written["catalogue"], "未分类")[1:]] == ["港口经营许可"]
    assert wb["全部事项"].freeze_panes == "A2"


def test_formula_looking_names_stay_text(written: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(written["catalogue"])
    cell = wb["全部事项"]["B4"]
    assert cell.value == '=HYPERLINK("http://x","点我")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    with zipfile.ZipFile(written["catalogue"]) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet1


def test_a_row_a_department_wrote_twice_counts_once_for_it() -> None:
    """机动车登记 in 公安厅's list twice (its own row and a bureau's copy): one catalogue row,
    so 事项数 is 2, not 3, and the department column adds up to 合计."""
    gongan = [
        _item("机动车登记", GONGAN, 5, "行政许可", 0, True, True),
        _item("机动车登记", GONGAN, 9, "行政许可", 1, True, False),
        _item("户口迁移审批", GONGAN, 6, "行政确认", 0, False, True),
    ]
    c = consolidate([Submission(f"archive/{GONGAN}.xlsx", GONGAN, datetime(2017, 3, 10),
                                tuple(gongan))], resolve_department=_resolve)
    (per,), total = department_stats(c)
    # 机动车登记 as the row reads: 1 trip (the most), 即办 (both say so), not online (one says 否).
    assert (per.items, per.zero_trips, per.instant, per.online) == (2, 1, 1, 1)
    assert (total.items, total.zero_trips, total.instant, total.online) == (2, 1, 1, 1)


def test_statistics_sheet_and_native_chart(written: dict[str, Path]) -> None:
    rows = _rows(written["catalogue"], "统计")
    assert rows[0] == [
        "实施部门",
        "事项数",
        "跑零次",
        "跑零次占比",
        "即办件",
        "即办件占比",
        "网上办理",
        "网上办理占比",
    ]
    assert rows[1] == [GONGAN, 4, 2, 0.5, 1, 0.25, 3, 0.75]
    # Shares over the rows that answer each: 交通厅's 道路旅客运输经营许可 says nothing of
    # trips, 即办 or 网上办理, so it is left out of all three (not counted as 否).
    third = pytest.approx(2 / 3)
    assert rows[2] == [JIAOTONG, 4, 2, third, 2, third, 2, third]
    # Total: one per catalogue row (机动车登记 counted once, with its conservative values).
    assert rows[3] == [
        "合计",
        7,
        3,
        pytest.approx(3 / 6),
        2,
        pytest.approx(2 / 6),
        4,
        pytest.approx(4 / 6),
    ]
    # The column adds up to 8, 合计 says 7: the sheet says why.
    assert rows[5][0] == ("注：1个事项由多个部门报送，在各部门行中分别计数；"
                          "合计按汇总目录去重后计为7项（各部门之和为8项）。")
    assert len(rows) == 6
    wb = openpyxl.load_workbook(written["catalogue"])
    assert wb["统计"]["D2"].number_format == "0.0%"
    with zipfile.ZipFile(written["catalogue"]) as z:
        names = z.namelist()
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "xl/charts/chart1.xml" in names
    assert "<c:barChart>" in chart
    assert chart.count("<c:ser>") == 3
    assert "统计!$A$2:$A$3" in chart


def test_probable_duplicates_workbook(written: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(written["probable_duplicates"])
    assert wb.sheetnames == ["疑似重复", "已处理"]
    ws = wb["疑似重复"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == [
        "事项A",
        "子项A",
        "部门A",
        "事项B",
        "子项B",
        "部门B",
        "相似度",
        "原因",
        "处理意见",
        "键A",
        "键B",
    ]
    assert rows[1] == [
        "道路旅客运输经营许可",
        "新办",
        JIAOTONG,
        "道路旅客运输经营许可",
        None,
        JIAOTONG,
        0.83,
        "一方另有子项或限定语（新办）",
        None,
        '["道路旅客运输经营许可", "新办"]',
        '["道路旅客运输经营许可", ""]',
    ]
    assert len(rows) == 2
    assert ws.column_dimensions["J"].hidden is True
    validations = ws.data_validations.dataValidation
    # A list to pick from that still lets a reviewer type a note (合并，以人社厅为主办部门).
    assert [(v.type, v.formula1, str(v.sqref), v.errorStyle) for v in validations] == [
        ("list", '"合并,不合并"', "I2", "information"),
    ]
    assert [[c.value for c in r] for r in wb["已处理"].iter_rows()] == [rows[0]]


def test_empty_consolidation_writes_headers_only(tmp_path: Path) -> None:
    paths = write_catalogue(consolidate([], resolve_department=_resolve), tmp_path)
    assert _rows(paths["catalogue"], "全部事项") == [list(CATALOGUE_HEADERS)]
    assert _rows(paths["catalogue"], "统计")[1] == ["合计", 0, 0, "—", 0, "—", 0, "—"]
    assert len(_rows(paths["earlier_batch"], "已公布事项")) == 1
    assert not list(tmp_path.glob(".*tmp*"))


def _details(**values: str) -> tuple[str | None, ...]:
    from catalog_check.fields import CATALOGUE_DETAILS

    return tuple(values.get(f) for f in CATALOGUE_DETAILS)


def test_the_catalogue_carries_what_the_summary_group_passes_on(tmp_path: Path) -> None:
    """Each row carries its 事项编码, 设定依据, 时限, 例外说明, 收费, 电话 … as its sources wrote
    them (each different value once, one per line, when two departments write it); 备注 says
    when the departments' 事项类型 differ (the row keeps the most common one)."""
    keji = "浙江省科学技术厅"
    science = dataclasses.replace(
        item("外国人来华工作许可", keji, 4, typ="其他行政权力", trips=2),
        code="330000-KJ-001",
        details=_details(设定依据="《外国人入境出境管理条例》第十六条", 承诺办结时限="10个工作日",
                         例外说明="需现场核验护照原件", 咨询电话="0571-87054321"),
    )
    labour = dataclasses.replace(
        item("外国人来华工作许可", GONGAN, 9, typ="行政许可", trips=1),
        details=_details(设定依据="《国务院对确需保留的行政审批项目设定行政许可的决定》第89项",
                         承诺办结时限="10个工作日"),
    )
    when = datetime(2017, 3, 10)
    c = consolidate([Submission("archive/kj.xlsx", keji, when, (science,)),
                     Submission("archive/ga.xlsx", GONGAN, when, (labour,))],
                    resolve_department=_resolve)
    rows = _rows(write_catalogue(c, tmp_path)["catalogue"], "全部事项")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["事项编码"] == "330000-KJ-001"
    assert row["设定依据"] == ("《外国人入境出境管理条例》第十六条\n"
                            "《国务院对确需保留的行政审批项目设定行政许可的决定》第89项")
    assert row["承诺办结时限"] == "10个工作日"
    assert (row["跑动次数"], row["例外说明"]) == (2, "需现场核验护照原件")
    assert row["咨询电话"] == "0571-87054321"
    assert row["备注"] == f"各部门填写的事项类型不一致：{keji}：其他行政权力；{GONGAN}：行政许可"
