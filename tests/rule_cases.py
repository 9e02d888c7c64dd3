"""Case builders for the item-rule tests: Tables made straight from dicts, without the reader.

``item(**changes)`` is a valid item (保安服务公司设立许可 of 浙江省公安厅, which no rule flags) with
some fields changed; ``make_tables`` lays items out from Excel row 4 on one items sheet, with
every field as a column unless told otherwise, and an optional materials sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from catalog_check.fields import ITEM_FIELDS, MATERIAL_FIELDS
from catalog_check.table import SheetLayout, Tables
from catalog_check.text import clean

ITEMS_SHEET = "事项目录"
MATERIALS_SHEET = "申请材料"
FIRST_ROW = 4
HEADER_ROW = 3

ITEM_NAMES = tuple(f.name for f in ITEM_FIELDS)
MATERIAL_NAMES = tuple(f.name for f in MATERIAL_FIELDS)

#: A valid item: every rule stays silent on it.
BASE_ITEM: dict[str, str | None] = {
    "序号": "1",
    "事项名称": "保安服务公司设立许可",
    "子项名称": None,
    "事项编码": "330000-GA-001",
    "事项类型": "行政许可",
    "实施部门": "浙江省公安厅",
    "行使层级": "省级",
    "设定依据": "《保安服务管理条例》第八条",
    "受理条件": "1.有不低于人民币100万元的注册资本；\n2.拟任的保安服务公司法定代表人和主要管理人员"
    "具备任职所需的专业知识和有关业务工作经验",
    "申请材料": "1.保安服务公司设立申请书\n2.拟任法定代表人和主要管理人员的简历\n"
    "3.住所的产权证书或者租赁合同\n4.保安服务公司章程",
    "办理流程": "申请→受理→审查→决定→送达",
    "法定办结时限": "20个工作日",
    "承诺办结时限": "10个工作日",
    "跑动次数": "0",
    "例外说明": None,
    "是否即办件": "否",
    "是否网上办理": "是",
    "办理形式": "网上办理、快递申请",
    "是否收费": "否",
    "收费依据": None,
    "咨询电话": "0571-87280000",
    "备注": None,
}


def item(**changes: str | None) -> dict[str, str | None]:
    """The valid base item with some fields changed (item(跑动次数="2"))."""
    unknown = set(changes) - set(ITEM_NAMES)
    if unknown:
        raise KeyError(f"not item fields: {sorted(unknown)}")
    return {**BASE_ITEM, **changes}


def material(**values: str | None) -> dict[str, str | None]:
    """A row of the materials sheet (事项名称 defaults to the base item's)."""
    unknown = set(values) - set(MATERIAL_NAMES)
    if unknown:
        raise KeyError(f"not material fields: {sorted(unknown)}")
    return {"事项名称": BASE_ITEM["事项名称"], **values}


def _columns(fields: Sequence[str], order: Sequence[str]) -> dict[str, int]:
    """Field → 1-based column, in template order."""
    chosen = [f for f in order if f in fields]
    return {f: k for k, f in enumerate(chosen, start=1)}


def _frames(
    rows: Sequence[Mapping[str, str | None]], names: Sequence[str], sheet: str, first_row: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.DataFrame({f: pd.Series([r.get(f) for r in rows], dtype=object) for f in names})
    norm = pd.DataFrame(
        {f: pd.Series([clean(r.get(f)) for r in rows], dtype=object) for f in names}
    )
    for frame in (raw, norm):
        frame["_sheet"] = sheet
        frame["_row"] = list(range(first_row, first_row + len(rows)))
    return norm, raw


def make_tables(
    items: Iterable[Mapping[str, str | None]],
    *,
    materials: Iterable[Mapping[str, str | None]] | None = None,
    item_fields: Sequence[str] = ITEM_NAMES,
    material_fields: Sequence[str] | None = None,
    sheet: str = ITEMS_SHEET,
    materials_sheet: str = MATERIALS_SHEET,
    first_row: int = FIRST_ROW,
) -> Tables:
    """Tables as the reader would give them: fields not in ``item_fields`` have no column."""
    rows = [{f: (r.get(f) if f in item_fields else None) for f in ITEM_NAMES} for r in items]
    norm, raw = _frames(rows, ITEM_NAMES, sheet, first_row)
    layouts = [SheetLayout(sheet, (HEADER_ROW,), _columns(item_fields, ITEM_NAMES), "items")]
    mat = mat_raw = None
    if materials is not None:
        mrows = list(materials)
        used = material_fields or [f for f in MATERIAL_NAMES if any(f in r for r in mrows)]
        used = list(dict.fromkeys([*used, "材料名称"]))
        mrows = [{f: (r.get(f) if f in used else None) for f in MATERIAL_NAMES} for r in mrows]
        mat, mat_raw = _frames(mrows, MATERIAL_NAMES, materials_sheet, 2)
        layouts.append(
            SheetLayout(materials_sheet, (1,), _columns(used, MATERIAL_NAMES), "materials")
        )
    return Tables(
        items=norm,
        raw=raw,
        materials=mat,
        materials_raw=mat_raw,
        layouts=tuple(layouts),
        findings=[],
    )


def combine(*parts: Tables) -> Tables:
    """Several sheets as one submission (items re-indexed 0..n-1, layouts of every part)."""
    items = pd.concat([p.items for p in parts], ignore_index=True)
    raw = pd.concat([p.raw for p in parts], ignore_index=True)
    mats = [p.materials for p in parts if p.materials is not None]
    mats_raw = [p.materials_raw for p in parts if p.materials_raw is not None]
    return Tables(
        items=items,
        raw=raw,
        materials=pd.concat(mats, ignore_index=True) if mats else None,
        materials_raw=pd.concat(mats_raw, ignore_index=True) if mats_raw else None,
        layouts=tuple(lay for p in parts for lay in p.layouts),
        findings=[],
    )


def where(
    linked: Iterable[tuple[int, object]],
) -> list[tuple[int, str, str | None, int | None, str | None]]:
    """(item index, code, sheet, row, column) of each finding, sorted: what the tests compare."""
    return sorted((i, f.code, f.sheet, f.row, f.column) for i, f in linked)  # type: ignore[attr-defined]
