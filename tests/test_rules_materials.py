"""Materials rules, on rows of the materials sheet and on entries of the 申请材料 cell.

A finding about a materials-sheet row points at that row (materials sheet, its Excel row,
材料名称 or 材料依据) and is linked to the item the row belongs to.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from catalog_check.registry import Registry, default_registry
from catalog_check.schemas import check_tables

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from rule_cases import ITEMS_SHEET, MATERIALS_SHEET, item, make_tables, material, where

S, M = ITEMS_SHEET, MATERIALS_SHEET
BASE_ROW = {
    "材料名称": "保安服务公司设立申请书",
    "材料形式": "原件",
    "份数": "1",
    "是否证明材料": "否",
    "材料依据": None,
    "来源渠道": "申请人自备",
}


def _sheet_case(
    *rows: dict[str, str | None],
) -> list[tuple[int, str, str | None, int | None, str | None]]:
    tables = make_tables(
        [item(申请材料=None)], materials=[material(**{**BASE_ROW, **r}) for r in rows]
    )
    return where(check_tables(tables, registry=default_registry()))


def test_materials_sheet_replaces_the_cell(registry: Registry) -> None:
    """With a materials sheet, an empty 申请材料 cell is fine when the sheet lists materials."""
    tables = make_tables([item(申请材料=None)], materials=[material(**BASE_ROW)])
    assert check_tables(tables, registry) == []


# (id, the materials-sheet row's changed fields, expected (code, column) at materials row 2)
SHEET_FIRES = [
    ("catch-all-material", {"材料名称": "其他材料"}, [("catch-all-material", "材料名称")]),
    (
        "catch-all-material-suffix",
        {"材料名称": "身份证、户口簿等材料"},
        [("catch-all-material", "材料名称")],
    ),
    (
        "certificate-without-basis-name",
        {"材料名称": "无犯罪记录证明"},
        [("certificate-without-basis", "材料名称")],
    ),
    (
        "certificate-without-basis-marked",
        {"材料名称": "婚姻状况声明", "是否证明材料": "是"},
        [("certificate-without-basis", "材料名称")],
    ),
    (
        "certificate-without-basis-vague-basis",
        {"材料名称": "无犯罪记录证明", "材料依据": "根据有关规定"},
        [("certificate-without-basis", "材料依据")],  # the cell to mend
    ),
    (
        "certificate-basis-too-low",
        {"材料名称": "无犯罪记录证明", "材料依据": "《保安培训机构管理办法》第七条"},
        [("certificate-basis-too-low", "材料依据")],
    ),
    (
        "certificate-basis-too-low-normative-document",
        {"材料名称": "无犯罪记录证明",
         "材料依据": "《浙江省人民政府办公厅关于加强户籍管理的通知》（浙政办发〔2016〕12号）"},
        [("certificate-basis-too-low", "材料依据")],
    ),
    (  # 国务院令第149号 or 建设部令第149号? the number alone shows no 法规
        "certificate-basis-too-low-order-number-without-issuer",
        {"材料名称": "无犯罪记录证明", "材料依据": "《149号令》第十条"},
        [("certificate-basis-too-low", "材料依据")],
    ),
    (  # a document number alone, no 《》: a 规范性文件 (was certificate-without-basis)
        "certificate-basis-too-low-bare-document-number",
        {"材料名称": "无犯罪记录证明", "材料依据": "浙政办发〔2016〕12号"},
        [("certificate-basis-too-low", "材料依据")],
    ),
    (
        "certificate-basis-too-low-local-rule",
        {"材料名称": "刻章单位备案证明", "材料依据": "《浙江省印章刻制治安管理办法》第八条"},
        [("certificate-basis-too-low", "材料依据")],
    ),
    (  # the citation is the other material's (及 joins two materials)
        "certificate-without-basis-beside-a-cited-one",
        {"材料名称": "无犯罪记录证明（依据《保安服务管理条例》第八条）及婚姻状况证明"},
        [("certificate-without-basis", "材料名称")],
    ),
    (
        "seal-without-basis",
        {"材料名称": "住所使用说明（由所在街道办事处盖章）"},
        [("seal-without-basis", "材料名称")],
    ),
    (
        "seal-without-basis-issued",
        {"材料名称": "体检报告（医院出具并盖章）"},
        [("seal-without-basis", "材料名称")],
    ),
    (
        "shareable-material",
        {"材料名称": "营业执照", "来源渠道": "政府部门核发"},
        [("shareable-material", "材料名称")],
    ),
    *(
        (f"shareable-material-{source}", {"材料名称": "营业执照", "来源渠道": source},
         [("shareable-material", "材料名称")])
        for source in ("工商部门核发", "公安机关核发", "政府核发", "民政部门出具",
                       "人力资源和社会保障部门核发", "企业登记机关核发", "卫生计生委出具",
                       # the body alone (passed before)
                       "政府部门", "部门核发", "工商部门", "公安机关", "工商局")
    ),
    *(  # not a government body: the office that receives it, the employer's, a party's
        (f"not-shareable-{source}", {"材料名称": "营业执照", "来源渠道": source}, [])
        for source in ("受理部门", "企业人事部门", "共青团委", "供电局")
    ),
    *(  # already fetched by the department itself: the advice is followed (warned before)
        (f"already-shared-{source}", {"材料名称": "营业执照", "来源渠道": source}, [])
        for source in ("工商部门核发（部门内部核查）", "政府部门核发，通过数据共享获取",
                       "工商部门核发（申请人无需提供）", "政府部门核发（信息共享）")
    ),
    ("invalid-yes-no", {"是否证明材料": "不确定"}, [("invalid-yes-no", "是否证明材料")]),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [c[1:] for c in SHEET_FIRES], ids=[c[0] for c in SHEET_FIRES]
)
def test_sheet_rule_fires_at_its_row(
    changes: dict[str, str | None], expected: list[tuple[str, str]]
) -> None:
    """A materials-sheet row breaking a rule is reported at that row, linked to item 0."""
    assert _sheet_case(changes) == sorted((0, code, M, 2, column) for code, column in expected)


SHEET_SILENT = [
    (
        "certificate-with-law",
        {"材料名称": "驾驶人身体条件证明", "材料依据": "《中华人民共和国道路交通安全法》第十九条"},
    ),
    (
        "certificate-with-regulation",
        {"材料名称": "无犯罪记录证明", "材料依据": "《保安服务管理条例》第十四条"},
    ),
    (
        "certificate-basis-in-name",
        {"材料名称": "驾驶人身体条件证明（《中华人民共和国道路交通安全法》第十九条）"},
    ),
    (
        "certificate-mixed-levels",
        {
            "材料名称": "无犯罪记录证明",
            "材料依据": "《保安服务管理条例》第十四条、《保安培训机构管理办法》第七条",
        },
    ),
    ("not-a-certificate", {"材料名称": "保安服务公司章程", "是否证明材料": "否"}),
    ("id-document", {"材料名称": "法定代表人身份证明"}),
    ("applicant-seal", {"材料名称": "申请书（加盖申请单位公章）"}),
    (
        "third-party-seal-with-basis",
        {
            "材料名称": "住所使用说明（由所在街道办事处盖章）",
            "材料依据": "《保安服务管理条例》第九条",
        },
    ),
    ("self-prepared", {"材料名称": "营业执照", "来源渠道": "申请人自备"}),
    ("not-government-issued", {"材料名称": "物业服务合同", "来源渠道": "非政府部门核发",
                               "是否证明材料": "否"}),
    ("issued-by-an-agency", {"材料名称": "评估报告", "来源渠道": "中介机构出具"}),
    ("issued-by-a-village-committee", {"材料名称": "情况说明", "来源渠道": "村委出具"}),
    ("issued-by-the-company", {"材料名称": "公司章程", "来源渠道": "公司出具"}),
    ("issued-by-the-employers-hr",
     {"材料名称": "工作经历说明", "来源渠道": "所在单位人事部门出具"}),
    ("yes-no-mark", {"是否证明材料": "×"}),
    (
        "certificate-with-general-principles",
        {"材料名称": "监护关系证明（《民法通则》第十六条）"},
    ),
    (
        "certificate-with-law-implementing-measures",  # the State Council's, not a ministry's
        {"材料名称": "归侨侨眷身份证明",
         "材料依据": "《中华人民共和国归侨侨眷权益保护法实施办法》第二条"},
    ),
]


@pytest.mark.parametrize("changes", [c[1] for c in SHEET_SILENT], ids=[c[0] for c in SHEET_SILENT])
def test_sheet_near_miss_stays_silent(changes: dict[str, str | None]) -> None:
    """Allowed materials on the materials sheet give no finding."""
    assert _sheet_case(changes) == []


def test_sheet_finding_cell_and_item(registry: Registry) -> None:
    """The finding names the materials sheet cell, the item as written and the material's text."""
    tables = make_tables(
        [item(申请材料=None)],
        materials=[
            material(
                **{
                    **BASE_ROW,
                    "材料名称": "无犯罪记录证明",
                    "材料依据": "《保安培训机构管理办法》第七条",
                }
            )
        ],
    )
    ((index, f),) = check_tables(tables, registry)
    assert (index, f.sheet, f.row, f.column, f.cell, f.item, f.value, dict(f.params)) == (
        0,
        M,
        2,
        "材料依据",
        "F2",
        "保安服务公司设立许可",
        "无犯罪记录证明",
        {"levels": "部门规章"},
    )


def test_no_materials_anywhere(registry: Registry) -> None:
    """An item with no row on the materials sheet and an empty 申请材料 cell has no materials."""
    tables = make_tables(
        [item(申请材料=None), item(事项名称="保安培训单位设立许可", 事项编码="X2", 申请材料=None)],
        materials=[material(**BASE_ROW)],
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [(1, "no-materials", S, 5, "申请材料")]
    assert linked[0][1].cell == "J5"


@pytest.mark.parametrize("blank", [None, "无", "/", "——"])
def test_a_sheet_row_that_names_no_material_is_none(registry: Registry, blank: str | None) -> None:
    """A materials-sheet row with the item's name but no 材料名称 (a template listing every
    item) gives the item no material."""
    other = "保安培训单位设立许可"
    tables = make_tables(
        [item(申请材料=None), item(事项名称=other, 事项编码="X2", 申请材料=None)],
        materials=[material(**BASE_ROW), material(**{**BASE_ROW, "事项名称": other,
                                                      "材料名称": blank})],
    )
    assert where(check_tables(tables, registry)) == [(1, "no-materials", S, 5, "申请材料")]


def test_no_materials_names_rows_written_under_a_near_name(registry: Registry) -> None:
    """The materials sheet lists the item under a mistyped name: no-materials says where those
    rows are and why they do not count; a name nothing like it adds no hint."""
    other = "保安培训单位设立许可"
    tables = make_tables(
        [item(申请材料=None), item(事项名称=other, 事项编码="X2", 申请材料=None)],
        materials=[material(**BASE_ROW),
                   material(**{**BASE_ROW, "事项名称": "保安培训单位设立许可证"}),
                   material(**{**BASE_ROW, "事项名称": "典当业特种行业许可证核发"})],
    )
    linked = [(i, f) for i, f in check_tables(tables, registry) if f.code == "no-materials"]
    assert where(linked) == [(1, "no-materials", S, 5, "申请材料")]
    # Both items without materials: the rows are offered only to the item they are most like.
    tables = make_tables(
        [item(事项名称="饲料生产许可证核发", 申请材料=None, 事项编码="X1"),
         item(事项名称="兽药生产许可证核发", 事项编码="X2", 申请材料=None)],
        materials=[material(**{**BASE_ROW, "事项名称": "兽药生产许可证核发证"})],
    )
    hints = {f.row: "兽药生产许可证核发证" in f.message
             for _, f in check_tables(tables, registry) if f.code == "no-materials"}
    assert hints == {4: False, 5: True}
    # Three spellings: two quoted, then 等; a sub-item spelled otherwise is said to be that.
    spellings = ["兽药生产许可证核发证", "兽药生产许可核发", "兽药生产许可证核准"]
    tables = make_tables(
        [item(事项名称="兽药生产许可证核发", 申请材料=None),
         item(事项名称="兽药经营许可证核发", 子项名称="变更", 事项编码="X2", 申请材料=None)],
        materials=[*(material(**{**BASE_ROW, "事项名称": n}) for n in spellings),
                   material(**{**BASE_ROW, "事项名称": "兽药经营许可证核发",
                               "子项名称": "变更登记"})],
    )
    messages = {f.row: f.message for _, f in check_tables(tables, registry)
                if f.code == "no-materials"}
    assert ("（「申请材料」表第2、3、4行填写的事项名称为「兽药生产许可证核发证」"
            "「兽药生产许可核发」等，") in messages[4]
    assert "（「申请材料」表第5行所填子项名称与本事项不一致，如属本事项请改为一致）" in messages[5]
    assert linked[0][1].message == (
        "第5行「申请材料」：事项未列明任何申请材料（「申请材料」表第3行填写的事项名称为"
        "「保安培训单位设立许可证」，与本事项名称不一致，如属本事项请改为一致），"
        "请在申请材料列或申请材料表中逐项列明材料"
    )


def test_cell_counts_when_sheet_lacks_rows(registry: Registry) -> None:
    """A filled 申请材料 cell is enough even when the materials sheet has no row for the item."""
    tables = make_tables(
        [item(申请材料=None), item(事项名称="保安培训单位设立许可", 事项编码="X2")],
        materials=[material(**BASE_ROW)],
    )
    assert check_tables(tables, registry) == []


def test_empty_materials_sheet(registry: Registry) -> None:
    """A materials sheet with no rows still makes every item with an empty cell no-materials."""
    tables = make_tables([item(申请材料=None)], materials=[])
    assert where(check_tables(tables, registry)) == [(0, "no-materials", S, 4, "申请材料")]


def test_link_by_name_and_subitem(registry: Registry) -> None:
    """Rows link by 事项名称 + 子项名称; the sub-item without rows has no materials."""
    name = "保安服务公司设立许可"
    tables = make_tables(
        [item(子项名称="新办", 申请材料=None), item(子项名称="变更", 事项编码="X2", 申请材料=None)],
        materials=[
            material(**BASE_ROW, 子项名称="变更"),
            material(**{**BASE_ROW, "材料名称": "其他材料"}, 子项名称="变更"),
        ],
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [
        (0, "no-materials", S, 4, "申请材料"),
        (1, "catch-all-material", M, 3, "材料名称"),
    ]
    assert linked[1][1].item == f"{name}（变更）"  # the sheet row names the sub-item it rejects


def test_row_without_subitem_covers_every_subitem(registry: Registry) -> None:
    """A row naming only the main item belongs to all its sub-items: its finding rejects each
    of them (the sheet row is named once per sub-item)."""
    tables = make_tables(
        [item(子项名称="新办", 申请材料=None), item(子项名称="变更", 事项编码="X2", 申请材料=None),
         item(子项名称="延续", 事项编码="X3", 申请材料=None)],
        materials=[material(**{**BASE_ROW, "材料名称": "相关材料"}, 子项名称=None)],
    )
    linked = check_tables(tables, registry)
    assert where(linked) == [(i, "catch-all-material", M, 2, "材料名称") for i in range(3)]
    assert sorted(f.item for _, f in linked) == [  # each finding names the sub-item it rejects
        f"保安服务公司设立许可（{sub}）" for sub in sorted(["新办", "变更", "延续"])
    ]


def test_row_naming_unlisted_subitem_goes_to_main_item(registry: Registry) -> None:
    """A row naming a sub-item the items sheet does not list belongs to the main item."""
    tables = make_tables(
        [item(申请材料=None)],
        materials=[material(**{**BASE_ROW, "材料名称": "其他材料"}, 子项名称="新办")],
    )
    assert where(check_tables(tables, registry)) == [(0, "catch-all-material", M, 2, "材料名称")]


def test_link_by_code(registry: Registry) -> None:
    """A materials sheet without 事项名称 links by 事项编码."""
    tables = make_tables(
        [item(申请材料=None), item(事项名称="保安培训单位设立许可", 事项编码="X2", 申请材料=None)],
        materials=[
            {**BASE_ROW, "事项编码": "X2", "材料名称": "其它材料"},
            {**BASE_ROW, "事项编码": "330000-GA-001"},
        ],
        material_fields=["事项编码", "材料名称", "是否证明材料", "来源渠道"],
    )
    assert where(check_tables(tables, registry)) == [(1, "catch-all-material", M, 2, "材料名称")]


def test_link_by_number(registry: Registry) -> None:
    """A materials sheet with only 序号 links by the item's 序号 (1.0 reads as 1)."""
    tables = make_tables(
        [
            item(申请材料=None),
            item(序号="2", 事项名称="保安培训单位设立许可", 事项编码="X2", 申请材料=None),
        ],
        materials=[{"序号": "1", "材料名称": "申请书"}, {"序号": "2.0", "材料名称": "有关材料"}],
        material_fields=["序号", "材料名称"],
    )
    assert where(check_tables(tables, registry)) == [(1, "catch-all-material", M, 3, "材料名称")]


def test_number_several_items_carry_links_none(registry: Registry) -> None:
    """Numbering restarted per section: 序号 1 names two items, so the row links to neither
    (an unrelated item is not rejected) and is reported unlinked, naming the number and the
    items that carry it (not 找不到: the number is there, twice), asking for 事项名称. Each item
    still gets no-materials (its materials cannot be told, so they are not reviewed), saying
    which rows carry its number and why they did not count."""
    tables = make_tables(
        [
            item(申请材料=None),
            item(序号="1", 事项名称="保安员证遗失补办", 事项编码="X2", 事项类型="公共服务",
                 申请材料=None),
        ],
        materials=[{"序号": "1", "材料名称": "其他材料"}],
        material_fields=["序号", "材料名称"],
    )
    linked = check_tables(tables, registry)
    assert [(i, f.code) for i, f in linked] == [
        (None, "unlinked-material"), (0, "no-materials"), (1, "no-materials")
    ]
    assert linked[0][1].item == "序号1"
    assert [f.message for _, f in linked] == [
        "「申请材料」表第2行「材料名称」：材料「其他材料」所属的事项「序号1」在事项清单中对应"
        "多个事项（「事项目录」表第4行「保安服务公司设立许可」、第5行「保安员证遗失补办」），"
        "无法确定属于哪一个，请在申请材料表中填写与事项清单一致的事项名称或事项编码，"
        "使每项材料对应到所属事项",
        "第4行「申请材料」：事项未列明任何申请材料（「申请材料」表第2行的材料所填序号1同时"
        "对应本事项和「事项目录」表第5行「保安员证遗失补办」，无法确定所属事项；如属本事项，"
        "请在申请材料表中填写事项名称），请在申请材料列或申请材料表中逐项列明材料",
        "第5行「申请材料」：事项未列明任何申请材料（「申请材料」表第2行的材料所填序号1同时"
        "对应本事项和「事项目录」表第4行「保安服务公司设立许可」，无法确定所属事项；如属本事项，"
        "请在申请材料表中填写事项名称），请在申请材料列或申请材料表中逐项列明材料",
    ]


def test_a_number_not_on_the_items_sheet_is_not_found(registry: Registry) -> None:
    """A 序号 no item carries is still 找不到, and the items get no hint about it."""
    tables = make_tables(
        [item(申请材料=None)],
        materials=[{"序号": "9", "材料名称": "申请书"}],
        material_fields=["序号", "材料名称"],
    )
    linked = check_tables(tables, registry)
    assert [(i, f.code) for i, f in linked] == [(None, "unlinked-material"), (0, "no-materials")]
    assert "「序号9」在事项清单中找不到，" in linked[0][1].message
    assert "事项未列明任何申请材料，" in linked[1][1].message


def test_number_merged_over_sub_items_links_them_all(registry: Registry) -> None:
    """序号 1 on both sub-items of one item (merged over them): the material belongs to both."""
    tables = make_tables(
        [item(子项名称="新办", 申请材料=None),
         item(序号="1", 子项名称="变更", 事项编码="X2", 申请材料=None)],
        materials=[{"序号": "1", "材料名称": "其他材料"}],
        material_fields=["序号", "材料名称"],
    )
    assert where(check_tables(tables, registry)) == [
        (0, "catch-all-material", M, 2, "材料名称"), (1, "catch-all-material", M, 2, "材料名称")
    ]


def test_number_beside_item_names_numbers_the_materials(registry: Registry) -> None:
    """A sheet with 事项名称 links by name only: its 序号 numbers the materials."""
    tables = make_tables(
        [item(), item(序号="2", 事项名称="保安培训单位设立许可", 事项编码="X2")],
        materials=[{"序号": "2", "事项名称": None, "材料名称": "其他材料"}],
        material_fields=["序号", "事项名称", "材料名称"],
    )
    linked = check_tables(tables, registry)
    assert [(i, f.code, f.item) for i, f in linked] == [(None, "unlinked-material", "（未填写）")]


def test_placeholder_sub_item_is_no_sub_item(registry: Registry) -> None:
    """子项名称 无 or / on a materials row names the main item: it links to every sub-item."""
    tables = make_tables(
        [item(子项名称="新办", 申请材料=None), item(子项名称="变更", 事项编码="X2", 申请材料=None)],
        materials=[material(**{**BASE_ROW, "材料名称": "其他材料"}, 子项名称="无")],
    )
    assert where(check_tables(tables, registry)) == [
        (0, "catch-all-material", M, 2, "材料名称"), (1, "catch-all-material", M, 2, "材料名称")
    ]


def test_unlinked_sub_item_is_named(registry: Registry) -> None:
    tables = make_tables(
        [item(子项名称="新办"), item(子项名称="变更", 事项编码="X2")],
        materials=[material(**BASE_ROW, 子项名称="注销")],
    )
    linked = check_tables(tables, registry)
    assert [f.item for _, f in linked if f.code == "unlinked-material"] == [
        "保安服务公司设立许可（注销）"
    ]


def test_unlinked_row_is_one_warning_about_no_item(registry: Registry) -> None:
    """A materials row naming no item gives unlinked-material, attached to no item, and no
    other material rule (its item is unknown, so nothing can be rejected)."""
    tables = make_tables(
        [item()],
        materials=[material(**{**BASE_ROW, "材料名称": "其他材料"}, 事项名称="不存在的事项")],
    )
    ((index, f),) = check_tables(tables, registry)
    assert index is None
    assert (f.code, f.sheet, f.row, f.column, f.item, f.value) == (
        "unlinked-material", M, 2, "材料名称", "不存在的事项", "其他材料")
    expected = "「申请材料」表第2行「材料名称」：材料「其他材料」所属的事项「不存在的事项」"
    assert f.message.startswith(expected)


def test_cell_and_sheet_both_checked(registry: Registry) -> None:
    """Materials from the cell and from the sheet are checked alike, each at its own place."""
    tables = make_tables(
        [item(申请材料="1.申请书\n2.其他相关材料")],
        materials=[material(**{**BASE_ROW, "材料名称": "无犯罪记录证明"})],
    )
    assert where(check_tables(tables, registry)) == [
        (0, "catch-all-material", S, 4, "申请材料"),
        (0, "certificate-without-basis", M, 2, "材料名称"),
    ]


def test_cell_certificate_with_low_own_basis(registry: Registry) -> None:
    """A certificate in the cell citing only a 部门规章 points at the cell, naming the material."""
    cell = "1.申请书\n2.保安员证核发证明（《公安机关实施保安服务管理条例办法》第十条）"
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    assert [(f.code, f.cell, f.value, dict(f.params)) for _, f in linked] == [
        (
            "certificate-basis-too-low",
            "J4",
            "保安员证核发证明（《公安机关实施保安服务管理条例办法》第十条）",
            {"levels": "部门规章"},
        )
    ]


SEALS = [
    ("village-committee", "困难情况说明（经村（居）民委员会盖章）", True),
    ("village-short", "村委会盖章的户籍情况说明", True),
    ("police-station", "派出所盖章的户籍迁移说明", True),
    ("employer", "所在单位盖章的在职说明", True),
    ("work-unit-signature", "工作单位签章的推荐表", True),
    ("authority", "主管部门盖章的意见", True),
    ("government", "乡镇人民政府盖章的意见", True),
    ("by-someone", "由物业公司盖章的场地说明", True),
    ("issued-and-sealed", "会计师事务所出具并盖章的审计报告", True),
    ("issued-then-sealed", "户籍所在地居委会出具的家庭情况说明，并加盖公章", True),
    ("third-party-signer", "由所在单位负责人签字并加盖公章的推荐信", True),
    ("issuer-names-its-seal", "诊断书（医院出具并加盖医院公章）", True),
    ("issued-then-asked-to-seal", "家庭情况说明（社区出具，要求盖章）", True),
    ("issued-note-then-sealed", "家庭收入情况说明（居委会出具，内容须真实，并加盖公章）", True),
    ("employer-own-seal-word", "在职情况说明（用人单位出具，须有单位公章）", True),
    ("special-seal", "在职情况说明（所在单位加盖人事专用章）", True),
    ("seal-impression", "家庭情况说明（村委会盖印）", True),
    ("third-party-with-its-signer", "家庭情况说明（村委会的负责人签字盖章）", True),
    ("third-party-then-signer", "村委会意见（负责人签字盖章）", True),
    ("issuer-comma-then-seal", "诊断书（医院出具，并加盖医院公章）", True),
    ("named-company-seal", "场所使用说明（加盖出租方公司公章）", True),
    ("third-party-bracket-seal", "社区意见（加盖公章）", True),
    ("own-unit", "申请表（加盖申请单位公章）", False),
    ("own-applicant", "申请人盖章的承诺书", False),
    ("own-this-unit", "本单位盖章的章程", False),
    ("own-company", "营业执照复印件（加盖企业公章）", False),
    ("own-by-applicant", "由申请人签字盖章的申请表", False),
    ("own-legal-representative", "申请书（由法定代表人签字并加盖公章）", False),
    ("own-legal-representative-list", "申请书（须由法定代表人签字、加盖公章）", False),
    ("own-legal-person", "申请表（经法人代表签字盖章）", False),
    ("own-confirmed", "营业执照复印件（须经申请人签字确认并加盖公章）", False),
    ("own-added-seal", "营业执照复印件，并加盖公章", False),
    ("own-signer-or", "申请表（由法定代表人或负责人签字并加盖公章）", False),
    ("own-signer-bracket", "申请表（由法定代表人（负责人）签字并加盖公章）", False),
    ("own-unit-signer", "承诺书（由申请单位法定代表人签字并加盖单位公章）", False),
    ("own-company-signer", "申请表（由公司法定代表人签字并加盖公章）", False),
    ("own-enterprise", "年度报告（由企业盖章）", False),
    ("own-principal", "授权委托书（由委托人签字盖章）", False),
    ("own-unit-if-unit", "申请书（申请人为单位的，由单位盖章）", False),
    ("own-copy-of-a-government-paper", "县级人民政府批准文件复印件（加盖公章）", False),
    ("own-copy-after-issuer", "派出所出具的户籍信息表，复印件加盖公章", False),
    ("own-company-seal-on-copy", "营业执照复印件（加盖公司公章）", False),
    ("own-company-stamp", "公司章程（加盖公司印章）", False),
    ("own-applicant-company", "营业执照复印件（加盖申请公司公章）", False),
    ("own-principal-company", "委托书（加盖委托公司公章）", False),
    ("own-hospital-applying", "放射诊疗许可申请表（加盖医院公章）", False),
    ("own-property-form", "物业服务收费标准备案表（加盖公章）", False),
    ("accountants-seal", "验资报告（加盖会计师事务所公章）", True),
    ("school-seal", "成绩单（加盖学校公章）", True),
    ("own-licence-copy-hospital", "《医疗机构执业许可证》副本复印件（加盖医院公章）", False),
    ("own-staff-list-hospital", "放射诊疗工作人员名单（加盖医院公章）", False),
    ("own-licence-copy-school", "办学许可证复印件（加盖学校公章）", False),
    ("employer-stamps-a-persons-certificate", "医师执业证书复印件（加盖医院公章）", True),
    ("school-stamps-a-diploma-copy", "学历证书复印件（加盖学校公章）", True),
    ("community-stamps-a-list", "人员名单（加盖社区公章）", True),
    ("own-unit-named-third-party-word", "街道办事处设立申请书（加盖申请单位公章）", False),
    ("business-premises", "经营场所照片（加盖公章）", False),
    ("body-applying-stamps-own-rules", "放射防护管理制度（医院盖章）", False),
    ("body-applying-stamps-own-manual", "质量手册（机构盖章）", False),
    ("own-form-named-community", "社区卫生服务中心设置申请书（加盖公章）", False),
    ("own-form-named-township", "乡镇卫生院执业登记申请表（加盖公章）", False),
    ("community-seal-on-own-form", "低保申请表（经社区盖章）", True),
    ("community-sealed-form", "由社区盖章的申请表", True),
    ("community-issued-form", "社区出具的申请表（盖章）", True),
    ("village-issued-form", "村委会出具的申请书（加盖公章）", True),
    ("employer-signs-form", "所在单位签署意见的申请表（加盖公章）", True),
    ("authority-approves-form", "主管部门审核同意的申报表（加盖公章）", True),
    ("subdistrict-reviewed-form", "街道审核后的申请表（盖章）", True),
    ("employer-opinion-form", "附所在单位意见的申报表（加盖公章）", True),
    ("own-form-community-organisation", "社区社会组织登记申请书（加盖公章）", False),
    ("community-seal-after-form-name", "社区居民低保申请表（社区盖章）", True),
    ("no-seal", "社区矫正情况说明", False),
    ("residents-committee-first", "居（村）委会盖章的困难情况说明", True),
    ("village-committee-short", "村委出具的情况说明（盖章）", True),
    ("town-government", "镇政府签章的审核意见", True),
    ("village-two-committees", "村两委盖章的推荐表", True),
    ("not-asked-of-the-applicant", "村委会盖章的情况说明（由受理部门内部核查，申请人无需提供）",
     False),
    ("checked-after-the-seal", "家庭经济困难情况说明（由村委会出具并盖章，经民政部门核实）", True),
    # a health institution named after its place is no 社区 or 乡镇: applying, it seals its own
    # form; issuing a paper about the applicant, it is a third party as a hospital is
    ("community-health-centre-applying", "医疗机构执业登记申请书（加盖社区卫生服务中心公章）",
     False),
    ("township-hospital-applying", "乡镇卫生院执业登记申请书（加盖乡镇卫生院公章）", False),
    ("community-health-centre-issuing", "健康体检表（由社区卫生服务中心盖章）", True),
    ("community-health-centre-examining", "体检表（社区卫生服务中心盖章）", True),
    ("community-on-an-applicants-form", "低保申请表（加盖社区公章）", True),
]


@pytest.mark.parametrize(("text", "fires"), [s[1:] for s in SEALS], ids=[s[0] for s in SEALS])
def test_seal_wording(registry: Registry, text: str, fires: bool) -> None:
    """Only a seal or signature of someone other than the applicant needs a legal basis."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == (["seal-without-basis"] if fires else [])


CATCH_ALLS = [
    ("other-materials", "其他相关的材料", True),
    ("other-files", "其他有关文件", True),
    ("other-documents-required", "审批机关要求提供的其他资料", True),
    ("other-alone", "其他", True),
    ("other-alone-if-any", "其它（如有）", True),
    ("etc", "合伙协议等材料", True),
    ("other-needed", "其他需要的材料", True),
    ("other-to-submit", "其他应当提交的材料", True),
    ("other-required", "其他所需材料", True),
    ("other-supplementary", "其他补充材料", True),
    ("related-to-the-matter", "与申请事项相关的材料", True),
    ("etc-certificates", "身份证、户口簿等相关证件", True),
    ("other-certificates-with-basis", "其他相关证明材料（《护士条例》第七条）", True),
    ("other-to-provide", "其他应当提供的材料", True),
    ("other-the-authority-wants", "审批机关认为需要的其余材料", True),
    ("as-actually-needed", "根据实际需要提供的材料", True),
    ("related-certificates-with-basis", "相关证明材料（《保安服务管理条例》第八条）", True),
    ("other-listing-what", "其他材料（授权委托书、受托人身份证复印件）", False),
    ("other-organisation", "其他组织的登记文件", False),
    ("other-shareholders", "其他股东身份证明复印件", False),
    ("authorities-approval", "有关部门的批准文件", False),
    ("heading-over-entries", "其他：\n（1）授权委托书\n（2）受托人身份证", False),
    ("related-certificate", "相关证件原件", False),
    ("other-in-the-middle-of-a-list", "营业执照复印件、其他相关材料、法定代表人身份证复印件", True),
    ("other-between-commas", "申请书，其他材料，身份证复印件", True),
    ("list-with-other-shareholders", "身份证复印件、其他股东身份证明复印件", False),
    ("list-with-authorities-approval", "有关部门的批准文件、营业执照复印件", False),
    # passed before
    ("project-related", "项目相关材料", True),
    ("as-the-rules-require", "按规定需提供的材料", True),
    ("other-approval-files", "其他相关审批文件", True),
    ("related-attachments", "相关附件", True),
    ("open-list", "营业执照、身份证等", True),
    ("form-as-the-rules-require", "按规定提交的申请表", False),
    ("approval-file", "项目批准文件", False),
    ("a-list-without-etc", "身份证、户口簿", False),
]


@pytest.mark.parametrize(
    ("text", "fires"), [c[1:] for c in CATCH_ALLS], ids=[c[0] for c in CATCH_ALLS]
)
def test_catch_all_wording(registry: Registry, text: str, fires: bool) -> None:
    """A material that only says "and whatever else" is a catch-all (不得设置兜底性材料要求)."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == (["catch-all-material"] if fires else [])


def test_bracketed_sub_item_links_to_that_sub_item(registry: Registry) -> None:
    """子项名称 （变更） on the materials sheet is the sub-item 变更, not the main item."""
    tables = make_tables(
        [item(申请材料=None), item(子项名称="变更", 事项编码="X2", 申请材料=None)],
        materials=[material(**BASE_ROW),
                   material(**{**BASE_ROW, "材料名称": "变更事项证明"}, 子项名称="（变更）")],
    )
    assert where(check_tables(tables, registry)) == [
        (1, "certificate-without-basis", M, 3, "材料名称")
    ]


@pytest.mark.parametrize(
    "written",
    ["保安服务公司设立许可——变更", "保安服务公司设立许可-变更", "保安服务公司设立许可（变更）"],
    ids=["double-dash", "hyphen", "bracketed"],
)
@pytest.mark.parametrize("named_on", ["materials", "items"])
def test_a_sub_item_written_into_the_name_on_one_side_links(
    registry: Registry, written: str, named_on: str
) -> None:
    """One sheet writes 主项——子项 (or 主项（子项）) in 事项名称 with no 子项名称, the other names
    主项 | 变更 apart: the row is that sub-item's, either way (no-materials rejected it, with
    unlinked-material beside)."""
    changed = {**BASE_ROW, "材料名称": "变更登记表"}
    if named_on == "materials":
        items = [item(子项名称="新设", 申请材料=None), item(子项名称="变更", 申请材料=None)]
        rows = [material(**BASE_ROW, 子项名称="新设"), material(**changed, 事项名称=written)]
    else:
        items = [item(事项名称=written, 申请材料=None)]
        rows = [material(**changed, 子项名称="变更")]
    assert check_tables(make_tables(items, materials=rows), registry) == []


def test_a_name_that_links_nothing_falls_back_to_the_code(registry: Registry) -> None:
    tables = make_tables(
        [item(申请材料=None)],
        materials=[material(**{**BASE_ROW, "材料名称": "其他材料"}, 事项名称="保安服务公司设立审批",
                            事项编码="330000-GA-001")],
    )
    assert where(check_tables(tables, registry)) == [(0, "catch-all-material", M, 2, "材料名称")]


@pytest.mark.parametrize(
    ("on_items", "on_materials"),
    [("机动车驾驶人“三力”测试", '机动车驾驶人"三力"测试'), ("出入境证件—换发", "出入境证件-换发"),
     ("民用爆炸物品购买、运输许可", "民用爆炸物品购买，运输许可")],
    ids=["quotes", "dashes", "commas"],
)
def test_quote_dash_and_comma_variants_link(
    registry: Registry, on_items: str, on_materials: str
) -> None:
    tables = make_tables(
        [item(事项名称=on_items, 申请材料=None)],
        materials=[material(**{**BASE_ROW, "材料名称": "其他材料"}, 事项名称=on_materials)],
    )
    assert where(check_tables(tables, registry)) == [(0, "catch-all-material", M, 2, "材料名称")]


def test_a_blank_name_continues_the_item_above(registry: Registry) -> None:
    """Rows with a blank (unmerged) 事项名称 belong to the item of the row above, with their own
    子项名称 when they name one; the first row of the sheet has nothing above it."""
    tables = make_tables(
        [item(申请材料=None), item(子项名称="变更", 事项编码="X2", 申请材料=None),
         item(序号="2", 事项名称="保安培训单位设立许可", 事项编码="X3", 申请材料=None)],
        materials=[
            material(**{**BASE_ROW, "材料名称": "其他材料"}, 事项名称=None),  # 2: nothing above
            material(**BASE_ROW),  # 3: the item without sub-item
            material(**{**BASE_ROW, "材料名称": "住所证明"}, 事项名称=None),  # 4: continues it
            material(**{**BASE_ROW, "材料名称": "相关材料"}, 事项名称=None, 子项名称="变更"),  # 5
            material(**BASE_ROW, 事项名称="保安培训单位设立许可"),  # 6
        ],
    )
    linked = check_tables(tables, registry)
    assert [(i, f.code, f.row) for i, f in linked] == [
        (None, "unlinked-material", 2),
        (0, "certificate-without-basis", 4),
        (1, "catch-all-material", 5),
    ]


# ---- a materials sheet as departments lay it out (read from a real workbook) -----------------

MAT_HEADER = ["序号", "事项名称", "事项编码", "材料名称", "是否证明材料", "来源渠道"]


def _review_sheets(tmp_path: Path, materials: list[list[object]], merged: list[str] = ()):
    from workbooks import SheetSpec, items_sheet, write_xlsx

    from catalog_check.reader import read_workbook
    from catalog_check.table import extract_tables

    names = ["保安服务公司设立许可", "犬类登记", "保安培训单位设立许可"]
    short = ["序号", "事项名称", "事项编码", "事项类型", "实施部门", "设定依据", "受理条件",
             "办理流程", "承诺办结时限", "跑动次数"]
    items = items_sheet(names, header=short)
    for n, row in enumerate(items[1:], start=1):
        row[2] = f"33010000{n}"
    path = write_xlsx(tmp_path / "m.xlsx", sheets=[SheetSpec("事项清单", items),
                                                  SheetSpec("申请材料", materials, merged=merged)])
    linked = check_tables(extract_tables(read_workbook(path)), default_registry())
    return [(i, f.code, f.row) for i, f in linked]


def test_a_blank_name_continues_only_the_row_right_above(tmp_path: Path) -> None:
    """A blank 事项名称 continues the material right above it, never across a blank row, a
    section row or a note (that would reject another item for this material)."""
    materials = [
        MAT_HEADER,
        [1, "保安服务公司设立许可", None, "设立申请书", "否", "申请人自备"],  # 2
        [2, None, None, "住所证明", "是", "申请人自备"],  # 3: continues row 2
        [],  # 4
        [3, None, None, "村委会出具的养犬证明", "是", "申请人自备"],  # 5: after a blank row
        ["二、公共服务"],  # 6
        [4, None, None, "居住证明", "是", "申请人自备"],  # 7: after a section row
        [5, "犬类登记", None, "登记表", "否", "申请人自备"],  # 8
        [6, "保安培训单位设立许可", None, "申请书", "否", "申请人自备"],  # 9
    ]
    assert _review_sheets(tmp_path, materials) == [
        (None, "unlinked-material", 5), (None, "unlinked-material", 7),
        (0, "certificate-without-basis", 3),
    ]


def test_a_code_links_only_an_item_named_alike(tmp_path: Path) -> None:
    """A name that links nothing falls back to its 事项编码 only when the code's item is named
    alike (设立审批 / 设立许可); a row naming another item altogether stays unlinked."""
    materials = [
        MAT_HEADER,
        [1, "保安服务公司设立审批", "330100001", "住所证明", "是", "申请人自备"],
        [2, "保安员证核发", "330100003", "无犯罪记录证明", "是", "申请人自备"],
        [3, "犬类登记", None, "登记表", "否", "申请人自备"],
    ]
    assert _review_sheets(tmp_path, materials) == [
        (None, "unlinked-material", 3), (0, "certificate-without-basis", 2),
        (2, "no-materials", 4),
    ]


FILL_IN = "填表说明：参照以下示例填写"


@pytest.mark.parametrize(
    ("note", "below"),
    [
        (FILL_IN, [[1, None, None, "序号与事项清单一致"],
                   [2, None, None, "证明材料须写明法律法规依据"]]),
        (FILL_IN, [["例", "犬类登记", None, "社区出具的证明", "是", "申请人自备"]]),
        ("注：以下材料已取消：",
         [[None, "犬类登记", None, "居委会出具的养犬证明", "是", "申请人自备"]]),
        (FILL_IN, [[None, "事项名称", "填写事项清单中的事项名称", "证明材料须写明依据"],
                   [None, "犬类登记", None, "其他相关材料（此类兜底材料不得填写）"],
                   [None, "与事项清单中的事项名称一致", None, "填写申请材料的规范名称", "是",
                    "申请人自备"]]),
        ("注：", [[1, "犬类登记", None, "的证明材料由社区出具", "是"]]),
    ],
    ids=["numbered-notes", "example-row", "cancelled-list", "hint-grid", "sentence-cut"],
)
def test_what_a_note_introduces_is_no_material(
    tmp_path: Path, note: str, below: list[list[object]]
) -> None:
    """Below a note: numbered notes (their 序号 is no link), an example, a list the note says
    is cancelled (以下材料已取消：), a grid of hints and a sentence cut across cells are not
    read."""
    materials = [
        MAT_HEADER,
        [1, "保安服务公司设立许可", None, "设立申请书", "否", "申请人自备"],
        [2, "犬类登记", None, "登记表", "否", "申请人自备"],
        [3, "保安培训单位设立许可", None, "申请书", "否", "申请人自备"],
        [note], *below,
    ]
    assert _review_sheets(tmp_path, materials) == []


@pytest.mark.parametrize(
    "basis",
    ["《国务院412号令》附件第39项", "《国务院令第412号》第39项",
     "《浙江省人大常委会关于保障和促进“最多跑一次”改革的决定》第三条"],
    ids=["order-number-as-title", "order-number-item", "provincial-npc-standing-committee"],
)
def test_certificate_with_a_decision_or_local_regulation_basis_passes(
    registry: Registry, basis: str
) -> None:
    """A 国务院决定 cited by its order number, or a provincial 人大常委会 decision (a 地方性法规),
    is basis enough for a certificate."""
    row = {**BASE_ROW, "材料名称": "无犯罪记录证明", "是否证明材料": "是", "材料依据": basis}
    assert check_tables(make_tables([item(申请材料=None)], materials=[material(**row)]),
                        registry) == []


@pytest.mark.parametrize(
    ("name", "basis"),
    [
        ("收养人所在国主管机关同意其跨国收养子女的证明",
         "《外国人在中华人民共和国收养子女登记办法》第四条第二款第（七）项"),
        ("从事特殊工种工作年限证明",
         "《国务院关于工人退休、退职的暂行办法》（国发〔1978〕104号）第一条第（二）项"),
    ],
    ids=["adoption-by-foreigners", "workers-retirement"],
)
def test_certificate_with_a_state_council_measures_basis_passes(
    registry: Registry, name: str, basis: str
) -> None:
    """A certificate resting on a 行政法规 whose title (a 办法) or number (国发〔1978〕104号) reads
    as a 部门规章 or a 规范性文件 has a 法规 basis: certificate-basis-too-low stays silent."""
    row = {**BASE_ROW, "材料名称": name, "是否证明材料": "是", "材料依据": basis}
    assert check_tables(make_tables([item(申请材料=None)], materials=[material(**row)]),
                        registry) == []


def test_a_title_row_names_the_item_of_the_materials_below_it(tmp_path: Path) -> None:
    """Materials grouped under a title row naming their item (merged across the sheet, or in
    any column but 材料名称) belong to that item; a section row or a row naming its own item
    ends the group."""
    materials = [
        MAT_HEADER,
        ["保安服务公司设立许可"], [1, None, None, "设立申请书", "否", "申请人自备"],  # 2, 3
        [2, None, None, "住所证明", "是", "申请人自备"],  # 4
        ["犬类登记"], [1, None, None, "登记表", "否", "申请人自备"],  # 5, 6
        [2, "保安培训单位设立许可", None, "申请书", "否", "申请人自备"],  # 7
        [3, None, None, "其他材料", "否", "申请人自备"],  # 8: continues row 7
        ["一、公共服务"], [1, None, None, "居住证明", "是", "申请人自备"],  # 9, 10
    ]
    from workbooks import column_letter

    last = column_letter(len(MAT_HEADER))
    merged = [f"A2:{last}2", f"A5:{last}5", f"A9:{last}9"]
    assert _review_sheets(tmp_path, materials, merged) == [
        (None, "unlinked-material", 10), (0, "certificate-without-basis", 4),
        (2, "catch-all-material", 8),
    ]


def test_materials_sheet_title_rows_are_item_names_only(tmp_path: Path) -> None:
    """A lone 材料依据 is no title (the material below still continues the item above it); a
    row naming only its 子项名称 stays in the title's item; a real material with a hint's word
    (不得) and its own details below a note is read."""
    header = ["序号", "事项名称", "子项名称", "材料名称", "材料依据", "份数", "是否证明材料"]
    materials = [
        header,
        [1, "保安服务公司设立许可", None, "设立申请书", None, 1, "否"],  # 2
        [None, None, None, None, "《保安服务管理条例》第八条"],  # 3: a lone basis
        [2, None, None, "派出所出具的无犯罪记录证明", None, 1, "是"],  # 4
        ["犬类登记"],  # 5: title
        [1, None, "新办", "登记表", None, 1, "否"],  # 6
        [2, None, "新办", "村委会出具的养犬证明", None, 1, "是"],  # 7
        ["注：以下材料申请人须本人签字"],  # 8
        [3, "犬类登记", "新办", "社区出具的无不得养犬情形的证明", None, 1, "是"],  # 9
    ]
    from workbooks import SheetSpec, items_sheet, write_xlsx

    from catalog_check.reader import read_workbook
    from catalog_check.table import extract_tables

    short = ["序号", "事项名称", "子项名称", "事项类型", "实施部门", "设定依据", "受理条件",
             "办理流程", "承诺办结时限", "跑动次数"]
    items = items_sheet(["保安服务公司设立许可", "犬类登记"], header=short)
    items[2][2] = "新办"
    path = write_xlsx(tmp_path / "m.xlsx", sheets=[SheetSpec("事项清单", items),
                                                  SheetSpec("申请材料", materials)])
    linked = check_tables(extract_tables(read_workbook(path)), default_registry())
    assert [(i, f.code, f.row) for i, f in linked] == [
        (0, "certificate-without-basis", 4), (1, "certificate-without-basis", 7),
        (1, "certificate-without-basis", 9),
    ]


def test_a_title_merged_across_from_any_column_names_the_group(tmp_path: Path) -> None:
    """事项编码 | 事项名称 | 材料名称 …: a title merged across the row from column A (事项编码)
    names the item of the materials below it."""
    header = ["事项编码", "事项名称", "材料名称", "是否证明材料", "来源渠道"]
    materials = [
        header,
        ["保安服务公司设立许可"], [None, None, "设立申请书", "否", "申请人自备"],  # 2, 3
        [None, None, "住所证明", "是", "申请人自备"],  # 4
        ["犬类登记"], [None, None, "登记表", "否", "申请人自备"],  # 5, 6
    ]
    assert _review_sheets(tmp_path, materials, ["A2:E2", "A5:E5"]) == [
        (0, "certificate-without-basis", 4), (2, "no-materials", 4),
    ]


@pytest.mark.parametrize(
    ("below", "merged", "row"),
    [
        ([[3, "犬类登记", None, "登记表", "否", "申请人自备"],
          [4, None, None, "居住证明", "是", "申请人自备"]], [], 7),
        ([["犬类登记"], [3, None, None, "登记表", "否", "申请人自备"],
          [4, None, None, "居住证明", "是", "申请人自备"]], ["A6:F6"], 8),
    ],
    ids=["continuation", "title-row"],
)
def test_blank_names_below_a_note_continue_as_above_it(
    tmp_path: Path, below: list[list[object]], merged: list[str], row: int
) -> None:
    """Below a note, a material with a blank 事项名称 right under another one, or under a title
    row, belongs to that item as it would above the note (it was dropped without a finding)."""
    materials = [
        MAT_HEADER,
        [1, "保安服务公司设立许可", None, "设立申请书", "否", "申请人自备"],  # 2
        [2, "保安培训单位设立许可", None, "申请书", "否", "申请人自备"],  # 3
        ["注：以上为原件"],  # 4
        [], *below,  # 5 blank, then 6…
    ]
    assert _review_sheets(tmp_path, materials, merged)[-1] == (1, "certificate-without-basis", row)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("无犯罪记录证明（由受理部门内部核查，申请人无需提供）", False),
        ("婚姻状况证明（申请人无需提交）", False),
        ("户籍证明（部门内部核查）", False),
        ("无犯罪记录证明（无需提供原件）", True),  # a copy is still asked for
        ("收入证明（无需提交纸质材料）", True),
        ("户籍证明（能通过数据共享获取的，申请人无需提供）", True),  # only sometimes
        ("婚姻状况证明（申请人无法提供的，由民政部门核查）", True),
        ("居住证明（已在本系统登记的无需提交）", True),
    ],
    ids=["checked-inside", "not-to-be-submitted", "looked-up", "no-original-but-a-copy",
         "electronic-only", "only-when-shared", "only-when-unable", "only-when-registered"],
)
def test_certificate_the_applicant_need_not_provide(
    registry: Registry, text: str, fires: bool
) -> None:
    """A certificate the material says the applicant need not provide is no burden to cancel."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == (["certificate-without-basis"] if fires else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("驾驶员安全驾驶经历证明（依据《道路运输从业人员管理规定》第九条，部门内部核查，申请人无需"
         "提供）", []),
        ("在职证明（依据《浙江省最低生活保障办法》第八条，部门内部核查）", []),
        # a condition after the citation still asks for it
        ("在职证明（依据《浙江省最低生活保障办法》第八条，能通过数据共享获取的，申请人无需提供）",
         ["certificate-basis-too-low"]),
    ],
    ids=["cited-then-checked-inside", "cited-then-looked-up", "cited-then-only-when-shared"],
)
def test_not_asked_after_the_materials_own_citation(
    registry: Registry, text: str, expected: list[str]
) -> None:
    """A bracket citing the material's basis and then saying the department checks it itself
    (部门内部核查，申请人无需提供) asks nothing of the applicant (it was judged on the citation)."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学历证明原件及复印件（依据《中华人民共和国药品管理法实施条例》第十二条）", []),
        ("质量负责人学历证明原件、复印件（依据《中华人民共和国药品管理法实施条例》第十二条）", []),
        ("无犯罪记录证明原件、复印件各1份（依据《保安服务管理条例》第八条）", []),
        # 中外合作办学条例 第十四条 as written: the 并 clause says more of the proof
        ("资产来源、资金数额及有效证明文件，并载明产权（依据《中华人民共和国中外合作办学条例》"
         "第十四条）", []),
        # near misses: no citation at all; 并提交 brings another material; a third party's seal
        ("无犯罪记录证明原件及复印件",
         [("certificate-without-basis", "无犯罪记录证明原件及复印件")]),
        ("户口簿（依据《中华人民共和国户口登记条例》第三条），并提交婚姻状况证明",
         [("certificate-without-basis", "并提交婚姻状况证明")]),
        ("家庭情况说明，并由村委会盖章（依据《社会救助暂行办法》第十一条）", []),
        ("家庭情况说明，并由村委会盖章", [("seal-without-basis", "家庭情况说明，并由村委会盖章")]),
    ],
    ids=["original-and-copy", "original-copy-listed", "copies-counted", "and-stating",
         "uncited", "and-bringing-another", "sealed-cited", "sealed-uncited"],
)
def test_forms_and_clauses_go_with_their_material(
    registry: Registry, text: str, expected: list[tuple[str, str]]
) -> None:
    """原件及复印件 and a 并 clause say more of the material before them: its citation at the
    end is theirs (the certificate was cut off at 及 or ， and rejected as citing nothing)."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [(f.code, f.value) for _, f in linked] == expected


def test_forms_clauses_and_place_named_bodies_read_at_once() -> None:
    """The new readings (forms and 并 clauses of a material, a health centre named after its
    place, a not-asked note after a citation) are linear on a 30,000-character cell."""
    from guards import no_hang

    from catalog_check.checks.material_kinds import is_not_asked, is_third_party_seal
    from catalog_check.checks.materials import _pieces

    with no_hang():
        assert len(_pieces("证明" + "原件及复印件" * 5000)) == 1
        assert len(_pieces("证明" + "、原件" * 10000 + "x")) == 2
        assert len(_pieces("证明，并载明" + "（" * 30000)) == 1
        assert is_third_party_seal("申请书（加盖" + "社区卫生" * 7500 + "公章）") is True
        assert is_third_party_seal("申请书（加盖" + "社区卫生服务中心" * 3750 + "公章）") is False
        assert is_not_asked("证明（依据《" + "条例" * 15000 + "》，部门内部核查）") is False
        assert is_not_asked("证明" + "（《a》，" * 7500 + "无需提供）") is True


@pytest.mark.parametrize(
    ("text", "fires"),
    [("村委会出具的身份证明", True), ("在校学生身份证明（学校出具）", True),
     ("法定代表人身份证明", False), ("申请人有效身份证明复印件", False),
     ("法定代表人身份证明（申请单位出具）", False), ("单位出具的法定代表人身份证明", False)],
    ids=["issued-by-a-village-committee", "issued-by-a-school", "id-of-the-representative",
         "applicants-id", "issued-by-the-applicant", "issued-by-the-applying-unit"],
)
def test_a_status_certificate_someone_issues_is_a_certificate(
    registry: Registry, text: str, fires: bool
) -> None:
    """身份证明 is the applicant's ID document, except when someone issues it (村委会出具,
    学校出具): then it certifies a status, and needs a legal basis like any certificate."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == (["certificate-without-basis"] if fires else [])


@pytest.mark.parametrize(
    ("text", "fires"),
    [("证明申请人身份的有效证件", False), ("证明企业依法成立的相关注册登记证件", False),
     ("能证明其具有相应专业技术能力的材料", False), ("法定代表人证明书", False),
     ("证明其婚姻状况的证明材料", True), ("收入证明的复印件", True), ("无犯罪记录证明", True),
     ("无犯罪记录证明由公安机关出具的原件", True), ("健康证明须为二级以上医院出具的", True)],
    ids=["proves-identity", "proves-founding", "can-prove-ability", "representatives-own",
         "a-certificate-after-the-verb", "a-certificates-copy", "a-certificate",
         "a-certificate-described", "a-certificate-described-where"],
)
def test_prove_as_a_verb_names_no_certificate(registry: Registry, text: str, fires: bool) -> None:
    """证明 as a verb (证明申请人身份的有效证件: papers that prove something) is no certificate
    to cancel; the 法定代表人证明书 the applicant writes is its 法定代表人身份证明书."""
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [f.code for _, f in linked] == (["certificate-without-basis"] if fires else [])


@pytest.mark.parametrize(
    "cell",
    [
        "1.申请书\n2.无犯罪记录证明\n（依据《保安服务管理条例》第八条）",
        "1.申请书\n2.无犯罪记录证明（原件1份）\n   依据《保安服务管理条例》第八条",
        "一、申请书\n二、无犯罪记录证明\n  设定依据：《保安服务管理条例》第八条第（四）项",
        "（1）申请书\n（2）无犯罪记录证明\n注：依据《保安服务管理条例》第八条",
        "1.申请书\n2.其他材料\n（授权委托书、受托人身份证复印件）",
    ],
    ids=["bracketed", "indented", "set-basis", "note", "listing-what-other-is"],
)
def test_a_line_that_goes_on_belongs_to_the_material_above(registry: Registry, cell: str) -> None:
    """The basis or an aside typed on the next line (Alt+Enter) is the material's own: the
    certificate above was rejected as citing nothing, 其他材料 as a catch-all."""
    assert check_tables(make_tables([item(申请材料=cell)]), registry) == []


def test_lines_that_go_on_are_joined_in_their_own_items_cell(registry: Registry) -> None:
    """Among items whose cells need no joining, the one that does (cut again on its own) keeps
    its row, and the others keep theirs: the uncited certificates are the 1st and 3rd items'."""
    cells = ["1.申请书\n2.户籍证明",
             "1.申请书\n2.无犯罪记录证明\n（依据《保安服务管理条例》第八条）",
             "1.申请书\n2.婚姻状况证明"]
    items = [item(事项名称=f"事项{k}", 事项编码=f"330000-GA-00{k}", 申请材料=c)
             for k, c in enumerate(cells, start=1)]
    linked = check_tables(make_tables(items), registry)
    assert [(f.code, f.row, f.value) for _, f in linked] == [
        ("certificate-without-basis", 4, "户籍证明"),
        ("certificate-without-basis", 6, "婚姻状况证明"),
    ]


def test_a_catch_all_on_a_line_of_its_own_stays_one(registry: Registry) -> None:
    """根据审查需要提供的其他材料 on the line after a certificate cites nothing: it is a material
    (a catch-all), not the certificate's basis (the certificate passed, hidden inside it)."""
    cell = "1.申请书\n2.房屋产权证明\n根据工作需要提供的相关材料"
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    assert sorted((f.code, f.value) for _, f in linked) == [
        ("catch-all-material", "根据工作需要提供的相关材料"),
        ("certificate-without-basis", "房屋产权证明"),
    ]


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("保安服务管理条例第九条", []),
        ("依据中华人民共和国户口登记条例第三条", []),
        # near misses: a title with no article, words that name no registered instrument
        ("保安服务管理条例", ["certificate-without-basis"]),
        ("根据有关规定第三条", ["certificate-without-basis"]),
    ],
    ids=["regulation-and-article", "law-after-yiju", "title-alone", "no-title"],
)
def test_a_registered_title_without_marks_founds_a_certificate(
    registry: Registry, basis: str, expected: list[str]
) -> None:
    """材料依据 保安服务管理条例第九条: rules.md asks 《》 of 设定依据 and of a material's own
    text, not of 材料依据; a registered law named with its article is the certificate's basis
    (it was rejected as citing nothing)."""
    tables = make_tables([item(申请材料=None)], materials=[material(
        材料名称="无犯罪记录证明", 材料依据=basis)])
    assert [f.code for _, f in check_tables(tables, registry)] == expected


def test_a_bare_decree_number_founds_a_certificate(registry: Registry) -> None:
    """材料依据 国务院令第412号附件第45项: the 412 decision, named by its number alone."""
    tables = make_tables([item(申请材料=None)], materials=[material(
        材料名称="无犯罪记录证明", 材料依据="国务院令第412号附件第45项")])
    assert check_tables(tables, registry) == []


def test_a_citation_after_one_of_several_certificates_is_that_ones(registry: Registry) -> None:
    """户籍证明、出生医学证明（《中华人民共和国母婴保健法》第二十三条）: the citation in brackets
    follows 出生医学证明; 户籍证明 cites nothing and is named alone (it passed, borrowing it)."""
    text = "户籍证明、出生医学证明（《中华人民共和国母婴保健法》第二十三条）"
    linked = check_tables(make_tables([item(申请材料=f"1.申请书\n2.{text}")]), registry)
    assert [(f.code, f.column, f.value) for _, f in linked] == [
        ("certificate-without-basis", "申请材料", "户籍证明")
    ]
    assert "证明材料「户籍证明」未列明法律法规依据" in linked[0][1].message
    cited = "出生医学证明（《中华人民共和国母婴保健法》第二十三条）"
    assert check_tables(make_tables([item(申请材料=f"1.申请书\n2.{cited}")]), registry) == []
    # a citation after a comma is the basis of the material before it, not another material
    after = "出生医学证明，依据《中华人民共和国母婴保健法》第二十三条"
    assert check_tables(make_tables([item(申请材料=f"1.申请书\n2.{after}")]), registry) == []


def test_a_number_restarted_per_section_names_the_items_it_matches(tmp_path: Path) -> None:
    """Items numbered 1, 2 under 一、行政许可 (1 over two sub-items, merged) and 1 again under
    二、行政裁决; the materials sheet links by 序号 only. 序号 2 links; 序号 1 names the three
    rows it matches and asks for 事项名称; each of them gets no-materials saying why."""
    from workbooks import SheetSpec, write_xlsx

    from catalog_check.review import review_file

    header = ["序号", "事项名称", "子项名称", "事项类型", "实施部门", "设定依据", "受理条件",
              "办理流程", "承诺办结时限", "跑动次数"]

    def row(n: int | None, name: str | None, sub: str | None, kind: str) -> list[object]:
        return [n, name, sub, kind, "浙江省国土资源厅", "《中华人民共和国土地管理法》第十六条",
                "1.有明确的争议对象", "受理→审查→决定", "10个工作日", 1]

    items = [
        header,
        ["一、行政许可"],  # 2
        row(1, "采矿权登记", "新立", "行政许可"),  # 3
        row(None, None, "延续", "行政许可"),  # 4 (序号 and 事项名称 merged over 3:4)
        row(2, "探矿权新立登记", None, "行政许可"),  # 5
        ["二、行政裁决"],  # 6
        row(1, "土地权属争议裁决", None, "行政裁决"),  # 7
    ]
    materials = [["序号", "材料名称", "材料形式", "来源渠道"],
                 [1, "采矿权申请登记书", "原件", "申请人自备"],
                 [2, "探矿权申请登记书", "原件", "申请人自备"]]
    path = write_xlsx(tmp_path / "省国土资源厅-第二批.xlsx", sheets=[
        SheetSpec("事项清单", items, merged=["A3:A4", "B3:B4"]),
        SheetSpec("申请材料", materials),
    ])
    review = review_file(path).file
    found = {(f.code, f.sheet, f.row): f.message for f in review.findings}
    assert sorted(found) == [
        ("no-materials", "事项清单", 3), ("no-materials", "事项清单", 4),
        ("no-materials", "事项清单", 7), ("unlinked-material", "申请材料", 2),
    ]
    assert found[("unlinked-material", "申请材料", 2)].startswith(
        "「申请材料」表第2行「材料名称」：材料「采矿权申请登记书」所属的事项「序号1」在事项清单中"
        "对应多个事项（「事项清单」表第3行「采矿权登记（新立）」、第4行「采矿权登记（延续）」、"
        "第7行「土地权属争议裁决」），无法确定属于哪一个，请在申请材料表中填写"
    )
    hint = ("（「申请材料」表第2行的材料所填序号1同时对应本事项和「事项清单」表"
            "第3行「采矿权登记（新立）」、第4行「采矿权登记（延续）」，无法确定所属事项；"
            "如属本事项，请在申请材料表中填写事项名称）")
    assert hint in found[("no-materials", "事项清单", 7)]
    assert [(i.row, i.status) for i in review.items] == [
        (3, "rejected"), (4, "rejected"), (5, "accepted"), (7, "rejected")
    ]


# ---- materials written in the 申请材料 cell, read from a real workbook ------------------------


def _review_cells(tmp_path: Path, cells: list[str]) -> list[tuple[str, int, str, str]]:
    """(code, Excel row, field, material named) of each finding on items whose 申请材料 cells
    are ``cells``, one item a row from row 2, read from a real workbook."""
    from workbooks import HEADER, SheetSpec, item_row, write_xlsx

    from catalog_check.reader import read_workbook
    from catalog_check.table import extract_tables

    rows = [list(HEADER)] + [
        item_row(n, f"保安服务公司设立许可{n}", 事项编码=f"3300000{n:02d}", 申请材料=cell)
        for n, cell in enumerate(cells, start=1)
    ]
    path = write_xlsx(tmp_path / "cells.xlsx", sheets=[SheetSpec("事项清单", rows)])
    linked = check_tables(extract_tables(read_workbook(path)), default_registry())
    return sorted((f.code, f.row, f.column, f.value) for _, f in linked)


def test_catch_all_certificates_and_proof_in_a_word(tmp_path: Path) -> None:
    """其他能证明的材料 (能, not only 能够 or 可以) and a bare 相关证件 / 有关证件 are catch-alls;
    相关证件原件 (the originals of what the list names) is none."""
    cells = ["1.申请书\n2.其他能证明的材料", "1.申请书\n2.相关证件",
             "1.申请书\n2.有关证件（复印件）", "1.申请书\n2.相关证件原件"]
    found = [f for f in _review_cells(tmp_path, cells) if f[0] == "catch-all-material"]
    assert found == [
        ("catch-all-material", 2, "申请材料", "其他能证明的材料"),
        ("catch-all-material", 3, "申请材料", "相关证件"),
        ("catch-all-material", 4, "申请材料", "有关证件（复印件）"),
    ]


def test_catch_all_with_can_prove_fails_fast_on_a_long_name() -> None:
    """能 among the words between 其他 and 材料 (a repeated group) keeps a long name judged at
    once."""
    from guards import no_hang

    from catalog_check.checks.material_kinds import is_catch_all

    with no_hang():
        for name in ("其他" + "能" * 30000 + "x", "其他" + "能够能" * 10000 + "x",
                     ("其他" + "能证明") * 5000 + "x", "相关" * 15000 + "证件x"):
            assert is_catch_all(name) is False


SEAL_FORMS = [  # (material after 1.申请书, fires)
    ("家庭情况说明（盖村委会章）", True),  # 盖…章: the owner between
    ("推荐表（盖主管部门章）", True),
    ("工作经历表（加盖原工作单位人事章）", True),
    ("居住情况说明（须加盖居委会章）", True),
    ("居住情况说明（社区章）", True),  # a third party's bare 章
    ("家庭情况说明（村委会签字）", True),  # a third party's signature
    ("家庭情况说明（村委会负责人签字）", True),
    ("村委会意见（负责人签名）", True),
    ("经村委会审核并签字的情况说明", True),
    ("家庭情况说明（须盖章，由村委会出具）", True),  # the issuer named after the seal
    ("家庭情况说明（需盖章）；村委会出具", True),  # … in an entry of its own
    # the applicant's own seal or signature, and 章 that is no seal
    ("申请表（申请人签字）", False),
    ("申请书（法定代表人签字）", False),
    ("承诺书（本人签名）", False),
    ("股东会决议（全体股东签字）", False),
    ("家庭成员及工作单位情况表（签字）", False),  # a bare 签字 beside a third party's word
    # the applicant filling in its employer and signing; 经历 is no 经
    ("个人简历（由本人填写工作单位并签字）", False),
    ("个人简历（由申请人如实填写工作经历、工作单位并签名）", False),
    ("经本人核对所在单位信息后签字的登记表", False),
    ("经街道审核后由申请人签字的申请表", False),  # the applicant signs after the review
    ("家庭情况说明（经过村委会审核并签字）", True),  # 经过 is 经
    ("按主管部门第三章规定提供的材料", False),  # a chapter, no seal
    ("社区矫正人员签字的保证书", False),
    ("申请表（加盖申请单位章）", False),
    ("申请表（申请人签字并经村委会审核）", False),
    ("家庭情况说明（由村委会出具，申请人签字）", False),
    ("工作单位规章制度", False),
    ("社区卫生服务中心章程", False),
    ("申请书（需盖章，由申请人出具）", False),
]


def test_seals_and_signatures_in_other_wordings(tmp_path: Path) -> None:
    """A third party's seal written 盖村委会章, 加盖原工作单位人事章 or 社区章, a third party's
    signature (村委会签字, 村委会负责人签字), and a seal whose issuer is named after it (须盖章，
    由村委会出具) need a basis; the applicant's own seal or signature does not."""
    cells = [f"1.申请书\n2.{text}" for text, _ in SEAL_FORMS]
    assert _review_cells(tmp_path, cells) == [
        ("seal-without-basis", row, "申请材料", text)
        for row, (text, fires) in enumerate(SEAL_FORMS, start=2) if fires
    ]


BODY_SEALS = [  # (material after 1.申请书, fires)
    ("推荐表（学校盖章）", True),  # a named institution on a paper it issues about the applicant
    ("实习鉴定（医院盖章）", True),
    ("验资报告（会计师事务所盖章）", True),
    ("评估报告（评估机构盖章）", True),
    ("推荐意见（行业协会盖章）", True),
    ("情况说明（当地公安机关盖章）", True),  # a government body, on any paper
    ("推荐意见（县民政局盖章）", True),
    ("推荐意见（县级人社部门盖章）", True),
    ("营业执照复印件（工商局盖章）", True),
    # the body is the applicant (its own rules, manual, list, form or licence), a contract
    # party's own seal (for the rule owners), the applicant's own departments, a bureau that is
    # no government body
    ("放射防护管理制度（医院盖章）", False),
    ("质量手册（机构盖章）", False),
    # the body's own rules and lists: 评估, 鉴定 in its own name are no paper it issues
    ("质量控制制度（评估机构盖章）", False),
    ("鉴定人名册（鉴定机构盖章）", False),
    ("执业医师名单（医院盖章）", False),
    ("医疗机构执业登记申请书（医院盖章）", False),
    ("办学许可证复印件（学校盖章）", False),
    ("营业执照复印件（公司盖章）", False),
    ("房屋租赁合同（出租单位盖章）", False),
    ("财务报表（财务部门盖章）", False),
    ("线路走向图（供电局盖章）", False),
    ("工商部门核发的营业执照复印件（加盖公章）", False),
]


def test_a_named_body_sealing_without_jiagai(tmp_path: Path) -> None:
    """A government body before 盖章 (县民政局盖章) is a third party, and so is a named
    institution sealing a paper someone else issues about the applicant (推荐表（学校盖章）), as
    加盖学校公章 is; the applicant's own paperwork stamped by the body applying stays silent."""
    cells = [f"1.申请书\n2.{text}" for text, _ in BODY_SEALS]
    assert _review_cells(tmp_path, cells) == [
        ("seal-without-basis", row, "申请材料", text)
        for row, (text, fires) in enumerate(BODY_SEALS, start=2) if fires
    ]


def test_each_material_of_an_entry_rests_on_its_own_citation(tmp_path: Path) -> None:
    """Materials joined by 及, 和 or 以及 are several, as between 、: a citation in brackets is
    the basis of the material it follows, and each certificate (its presence and its level) and
    each third party's seal is judged on its own (the citation of one covered the others)."""
    cited = "无犯罪记录证明（依据《保安服务管理条例》第八条）"
    low = "在职证明（依据《浙江省最低生活保障办法》第八条）"
    household = "户口簿复印件（依据《中华人民共和国户口登记条例》第三条）"
    cells = [
        f"1.申请书\n2.{cited}及婚姻状况证明",  # 2
        f"1.申请书\n2.{cited}和婚姻状况证明",  # 3
        # one citation in the last material's bracket is that material's (two cover the
        # phrase: 出生医学证明及预防接种证明（依据《…》和《…》）)
        f"1.申请书\n2.婚姻状况证明以及{cited}",  # 4
        f"1.申请书\n2.{cited}、{low}",  # 5
        f"1.申请书\n2.家庭情况说明（村委会盖章）、{household}",  # 6
        f"1.申请书\n2.{household}和家庭情况说明（村委会盖章）",  # 7
        # near misses: no certificate, each its own citation, words that hold 及 or 和, a
        # title never cut, the applicant's own seal
        "1.营业执照和税务登记证\n2.法定代表人及主要负责人的简历",  # 8
        f"1.申请书\n2.{cited}及户口簿",  # 9
        f"1.申请书\n2.{cited}、婚姻状况证明（依据《婚姻登记条例》第五条）",  # 10
        "1.申请书\n2.申请人及其配偶的婚姻状况证明（依据《婚姻登记条例》第五条）",  # 11
        "1.申请书\n2.人力资源和社会保障部门出具的工作年限证明（依据《国务院关于工人退休、"
        "退职的暂行办法》第一条）",  # 12
        "1.申请书\n2.户籍证明，依据《中华人民共和国户口登记条例》第十条和第十三条",  # 13
        f"1.申请书\n2.申请书（加盖申请单位公章）和{household}",  # 14
        "1.申请书\n2.家庭情况说明（村委会盖章，依据《社会救助暂行办法》第十一条）",  # 15
    ]
    assert _review_cells(tmp_path, cells) == [
        ("certificate-basis-too-low", 5, "申请材料", low),
        ("certificate-without-basis", 2, "申请材料", "婚姻状况证明"),
        ("certificate-without-basis", 3, "申请材料", "婚姻状况证明"),
        ("certificate-without-basis", 4, "申请材料", "婚姻状况证明"),
        ("seal-without-basis", 6, "申请材料", "家庭情况说明（村委会盖章）"),
        ("seal-without-basis", 7, "申请材料", "家庭情况说明（村委会盖章）"),
    ]


def test_a_citation_covers_the_materials_joined_to_it(tmp_path: Path) -> None:
    """A citation written before materials joined by 和/及, after them, or listing articles
    with 和 covers the phrase (the cut at 和 flagged 「第九条出具的无犯罪记录证明」 and
    「健康证明」); only a material's own bracket before 及 is its own."""
    cells = [
        "1.申请书\n2.依据《保安服务管理条例》第八条和第九条出具的无犯罪记录证明",  # 2
        "1.申请书\n2.根据《保安服务管理条例》第八条及相关规定出具的无犯罪记录证明",  # 3
        "1.申请书\n2.《保安服务管理条例》第八条规定的无犯罪记录证明和健康证明",  # 4
        "1.申请书\n2.健康证明和无犯罪记录证明，依据《保安服务管理条例》第八条",  # 5
        "1.申请书\n2.出生医学证明及预防接种证明（依据《中华人民共和国母婴保健法》和"
        "《疫苗流通和预防接种管理条例》）",  # 6
        "1.申请书\n2.由村委会盖章和负责人签字的家庭情况说明"
        "（依据《社会救助暂行办法》第十一条）",  # 7
        "1.申请书\n2.无犯罪记录证明（依据《保安服务管理条例》第八条）及健康证明",  # 8: fires
        # 及以上 is no join: the certificate is 二级及以上医院出具的诊断证明 (was 「以上医院…」)
        "1.申请书\n2.二级及以上医院出具的诊断证明、户口簿（依据《中华人民共和国户口登记条例》"
        "第三条）",  # 9: fires, named whole
        # a material closed by its own bracket, or followed by its own citation, stands alone;
        # so does one before a material whose bracket cites one thing
        "1.申请书\n2.家庭情况说明（村委会盖章）和户口簿（依据《户口登记条例》第三条）",  # 10
        "1.申请书\n2.户籍证明，依据《户口登记条例》第十条和婚姻状况证明",  # 11
        "1.申请书\n2.无犯罪记录证明及户口簿（依据《户口登记条例》第三条）",  # 12
    ]
    assert _review_cells(tmp_path, cells) == [
        ("certificate-without-basis", 8, "申请材料", "健康证明"),
        ("certificate-without-basis", 9, "申请材料", "二级及以上医院出具的诊断证明"),
        ("certificate-without-basis", 11, "申请材料", "婚姻状况证明"),
        ("certificate-without-basis", 12, "申请材料", "无犯罪记录证明"),
        ("seal-without-basis", 10, "申请材料", "家庭情况说明（村委会盖章）")]


def test_an_entry_is_cut_into_materials_at_once() -> None:
    """Cutting an entry at 、 及 和 outside brackets and titles reads a long entry once."""
    from guards import no_hang

    from catalog_check.checks.material_kinds import material_pieces
    from catalog_check.checks.materials import _pieces

    with no_hang():
        assert len(material_pieces("和" * 30000)) == 30001
        assert len(material_pieces("(" + "和)" * 15000)) == 1
        assert len(material_pieces("《和" * 15000 + "x")) == 15001
        # a bracket that never closes, after a citation (a regex read it n² ways: 15 s)
        assert len(_pieces("无犯罪记录证明（依据《保安服务管理条例》第八条" + "《" * 30000)) == 1
        assert len(_pieces("证明（依据" + "依据" * 15000)) == 1
        assert len(_pieces("证明，依据《条例》第八条" + "和证明" * 10000)) == 2  # (11 s)
    assert material_pieces("营业执照和税务登记证、《中华人民共和国、户口登记条例》以及户口簿") == [
        ("营业执照", ""), ("税务登记证", "和"), ("《中华人民共和国、户口登记条例》", ""),
        ("户口簿", "以及"),
    ]



_TOO_LOW = "（依据《医师执业注册管理办法》第九条）"


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("医疗、预防、保健机构的聘用证明", "医疗、预防、保健机构的聘用证明"),
        ("注册资本数额、来源及性质证明", "注册资本数额、来源及性质证明"),
        ("学历、学位证明", "学历、学位证明"),
        # materials of their own stay apart: only the certificate is named
        ("身份证、户口簿、婚姻状况证明", "婚姻状况证明"),
        ("营业执照、章程、无犯罪记录证明", "无犯罪记录证明"),
    ],
)
def test_words_listed_before_a_material_are_named_with_it(
    registry: Registry, entry: str, named: str
) -> None:
    """医疗、预防、保健机构的聘用证明（依据…）: 医疗 and 预防 are no materials but say whose
    聘用证明; the message named 「保健机构的聘用证明（…）」, which the department cannot find in
    its cell."""
    cell = f"1.申请书\n2.{entry}{_TOO_LOW}"
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    assert [(f.code, f.value) for _, f in linked] == [
        ("certificate-basis-too-low", named + _TOO_LOW)
    ]
    assert f"证明材料「{named}{_TOO_LOW}」的依据仅为部门规章" in linked[0][1].message


def test_a_materials_forms_are_quoted_with_their_mark(registry: Registry) -> None:
    """学历证明原件、复印件及个人简历（依据《…》第八条）: the citation is 个人简历's; the
    certificate is named as written (it was 「学历证明原件复印件」, the 、 lost)."""
    cell = "1.申请书\n2.学历证明原件、复印件及个人简历（依据《保安服务管理条例》第八条）"
    linked = check_tables(make_tables([item(申请材料=cell)]), registry)
    assert [(f.code, f.value) for _, f in linked] == [
        ("certificate-without-basis", "学历证明原件、复印件")
    ]
