"""Earlier batches: reading published catalogues and keeping their items out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import xlwt
from catalogue_cases import GONGAN, JIANSHE, JIAOTONG, item, resolve, submission

from catalog_check.catalogue import (
    consolidate,
    consolidation_json,
    default_resolver,
    read_earlier,
    write_catalogue,
)
from catalog_check.catalogue.earlier import batch_label


def first_batch(path: Path) -> Path:
    """A published first-batch list as the provincial office printed it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "第一批目录"
    ws.append(["浙江省第一批“最多跑一次”事项目录"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "事项名称", "实施部门", "备注"])
    ws.append([1, "工程监理企业资质认定", "省建设厅", None])  # row 3
    ws.append([2, "房地产开发企业资质核定 。", None, None])  # row 4: merged department cell
    ws.merge_cells("C3:C4")
    ws.append([3, "机动车登记", "省公安厅", "与交通部门联办"])  # row 5
    ws.append([4, "涉路施工许可", "省建设厅、省交通运输厅", None])  # row 6
    ws.append([None, None, None, None])
    wb.save(path)
    return path


def test_batch_label() -> None:
    assert batch_label(Path("published/第一批.xlsx")) == "第一批"
    assert batch_label(Path("浙江省第12批最多跑一次事项.xls")) == "第12批"
    assert batch_label(Path("old/首批事项.xlsx")) == "首批事项"


def test_read_earlier_resolves_aliases_and_fills_merged_departments(tmp_path: Path) -> None:
    items = read_earlier([first_batch(tmp_path / "第一批.xlsx")], resolve)
    assert [(e.name, e.departments, e.batch, e.sheet, e.row, e.has_subitem) for e in items] == [
        ("工程监理企业资质认定", (JIANSHE,), "第一批", "第一批目录", 3, False),
        ("房地产开发企业资质核定 。", (JIANSHE,), "第一批", "第一批目录", 4, False),
        ("机动车登记", (GONGAN,), "第一批", "第一批目录", 5, False),
        ("涉路施工许可", (JIANSHE, JIAOTONG), "第一批", "第一批目录", 6, False),
    ]
    assert items[0].department_text == "省建设厅"


def test_earlier_items_are_kept_out_before_merging(tmp_path: Path) -> None:
    earlier = read_earlier([first_batch(tmp_path / "第一批.xlsx")], resolve)
    c = consolidate(
        [
            submission(
                JIANSHE,
                [
                    item("工程监理企业资质认定", JIANSHE, 5),
                    item("房地产开发企业资质核定", JIANSHE, 6),
                    item("工程造价咨询企业资质认定", JIANSHE, 7),
                ],
            ),
            # Same name, another department: not published for it; still in the catalogue.
            submission(
                GONGAN, [item("工程监理企业资质认定", GONGAN, 8), item("机动车登记", "省公安厅", 9)]
            ),
            submission(JIAOTONG, [item("涉路施工许可", JIAOTONG, 4)]),
        ],
        earlier=earlier,
        resolve_department=resolve,
    )
    assert [
        (m.item.name, m.item.department, m.batch, m.item.row, m.earlier.row) for m in c.earlier
    ] == [
        ("工程监理企业资质认定", JIANSHE, "第一批", 5, 3),
        ("房地产开发企业资质核定", JIANSHE, "第一批", 6, 4),
        ("机动车登记", GONGAN, "第一批", 9, 5),
        ("涉路施工许可", JIAOTONG, "第一批", 4, 6),
    ]
    # Checked per item before merging: the 公安厅 row is alone, not a cross-department duplicate.
    assert [(e.name, e.departments) for e in c.catalogue] == [
        ("工程造价咨询企业资质认定", (JIANSHE,)),
        ("工程监理企业资质认定", (GONGAN,)),
    ]
    assert c.duplicates == ()
    f = c.earlier[0].finding()
    assert (f.code, f.severity.value, f.sheet, f.row) == (
        "published-in-earlier-batch",
        "warning",
        "事项清单",
        5,
    )
    assert (
        f.message
        == "第5行「事项名称」：事项「工程监理企业资质认定」已在第一批目录中公布，不列入本批目录"
    )
    doc = consolidation_json(c)
    assert {k: doc["earlier_batch"][0][k] for k in ("name", "department", "batch")} == {
        "name": "工程监理企业资质认定",
        "department": JIANSHE,
        "batch": "第一批",
    }
    assert doc["counts"]["earlier_batch"] == 4

    paths = write_catalogue(c, tmp_path / "catalogue")
    ws = openpyxl.load_workbook(paths["earlier_batch"])["已公布事项"]
    rows = [[cell.value for cell in r] for r in ws.iter_rows()]
    assert rows[0] == [
        "事项名称", "子项名称", "实施部门", "公布批次", "来源", "前批目录位置", "存档文件"
    ]
    assert rows[1] == [
        "工程监理企业资质认定",
        None,
        JIANSHE,
        "第一批",
        f"archive/{JIANSHE}.xlsx / 事项清单 / 第5行",
        "第一批.xlsx / 第一批目录 / 第3行",  # the file's name, not the server path
        f"archive/{JIANSHE}.xlsx",
    ]
    assert len(rows) == 5


def test_subitem_column_takes_part_in_matching(tmp_path: Path) -> None:
    path = tmp_path / "published" / "第一批事项.xlsx"
    path.parent.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "子项名称", "实施部门", "备注"])
    ws.append([1, "建筑业企业资质认定", "施工总承包", "省建设厅", None])
    ws.append([2, "建筑业企业资质认定", "无", "省建设厅", None])
    wb.save(path)
    earlier = read_earlier([path], resolve)
    assert [(e.name, e.subitem, e.has_subitem) for e in earlier] == [
        ("建筑业企业资质认定", "施工总承包", True),
        ("建筑业企业资质认定", None, True),
    ]
    c = consolidate(
        [
            submission(
                JIANSHE,
                [
                    item("建筑业企业资质认定", JIANSHE, 5, "施工总承包"),
                    item("建筑业企业资质认定", JIANSHE, 6, "专业承包"),
                    item("建筑业企业资质认定", JIANSHE, 7),
                ],
            )
        ],
        earlier=earlier,
        resolve_department=resolve,
    )
    assert [(m.item.row, m.item.subitem) for m in c.earlier] == [(5, "施工总承包"), (7, None)]
    assert [(e.name, e.subitem) for e in c.catalogue] == [("建筑业企业资质认定", "专业承包")]


def test_section_rows_give_the_department_and_other_formats(tmp_path: Path) -> None:
    xls = tmp_path / "第二批.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("目录")
    for r, values in enumerate(
        [
            ["序号", "事项名称", "备注"],
            ["一、省公安厅（2项）"],
            [1, "剧毒化学品购买许可"],
            [2, "民用爆炸物品购买许可"],
            ["二、省交通运输厅（1项）"],
            [1, "港口经营许可"],
        ]
    ):
        for j, v in enumerate(values):
            sheet.write(r, j, v)
    book.save(str(xls))
    csv_path = tmp_path / "第三批.csv"
    csv_path.write_bytes("序号,事项名称,实施部门\n1,取水许可,省建设厅\n".encode("gb18030"))
    items = read_earlier([xls, csv_path], resolve)
    assert [(e.name, e.departments, e.batch, e.sheet, e.row) for e in items] == [
        ("剧毒化学品购买许可", (GONGAN,), "第二批", "目录", 3),
        ("民用爆炸物品购买许可", (GONGAN,), "第二批", "目录", 4),
        ("港口经营许可", (JIAOTONG,), "第二批", "目录", 6),
        ("取水许可", (JIANSHE,), "第三批", None, 2),
    ]


def test_no_earlier_catalogue_keeps_everything() -> None:
    c = consolidate(
        [submission(JIANSHE, [item("工程监理企业资质认定", JIANSHE, 5)])],
        resolve_department=resolve,
    )
    assert (len(c.catalogue), c.earlier) == (1, ())


def test_shipped_registry_resolves_the_earlier_alias(tmp_path: Path) -> None:
    """Default resolution: the shipped department registry (省建设厅 → its full name)."""
    resolver = default_resolver()
    earlier = read_earlier([first_batch(tmp_path / "第一批.xlsx")], resolver)
    assert earlier[0].departments == (JIANSHE,)
    c = consolidate(
        [
            submission(
                JIANSHE,
                [item("工程监理企业资质认定", JIANSHE, 5), item("取水许可", JIANSHE, 6)],
            )
        ],
        earlier=earlier,
    )
    assert [(m.item.name, m.item.department, m.batch) for m in c.earlier] == [
        ("工程监理企业资质认定", JIANSHE, "第一批"),
    ]
    assert [e.name for e in c.catalogue] == ["取水许可"]


def test_an_earlier_catalogue_that_cannot_be_read_or_holds_none_is_said(tmp_path: Path) -> None:
    """A .txt, a damaged workbook or a blank one under [batch] earlier: a configuration error
    naming the setting and the file (it was 汇总目录失败：纯文本文件… with no file named, or
    已在前批公布 0 项 in silence)."""
    import pytest

    from catalog_check.config import ConfigError

    text = tmp_path / "第一批.txt"
    text.write_text("第一批目录见附件", encoding="utf-8")
    blank = tmp_path / "第一批.xlsx"
    openpyxl.Workbook().save(blank)
    cut = tmp_path / "第一批目录.xlsx"
    cut.write_bytes(first_batch(tmp_path / "a.xlsx").read_bytes()[:500])
    for path, why in ((text, "无法作为前批目录读取：文件为纯文本"),
                      (blank, "不是前批目录：前30行中未找到含「事项名称」的表头"),
                      (cut, "无法作为前批目录读取：")):
        with pytest.raises(ConfigError) as info:
            read_earlier([path], resolve)
        assert str(info.value).startswith(f"配置 [batch] earlier 中的「{path.name}」{why}")

