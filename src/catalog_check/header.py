"""Find a sheet's header: one row, or two rows where group cells are merged over sub-headers
(three when a group cell is merged over two rows above them).

A header is recognised by exact aliases (fields.field_for_header, which also tries the text
without a trailing bracketed note such as （工作日）) and, in a two-row header, by known
compounds of a group cell and the sub-header under it (办理时限 over 法定 → 法定办结时限;
事项名称 over 名称 | 子项名称, 主项 | 办理项 → the item and its sub-item).
Nothing is matched loosely: a header that is none of these leaves its column unmapped, but
for the first column under a 事项名称 group beside a known sub-item column (it holds the name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog_check.fields import (
    MATERIAL_FIELDS,
    SUB_ITEM_NOTED,
    SUB_ITEM_WORDS,
    field_for_header,
    header_keys,
)
from catalog_check.text import cell_text, name_key
from catalog_check.workbook import CellRange, Sheet

__all__ = ["HEADER_SCAN_ROWS", "SheetLayout", "compound_field", "find_layout", "layout_at"]

#: The header must start within this many rows of the top of the sheet.
HEADER_SCAN_ROWS = 30
_MATERIAL_NAMES = frozenset(f.name for f in MATERIAL_FIELDS)
_LONGEST_HEADER = 40  # longer cells are titles or notes, not headers


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """Where a sheet's table is.

    sheet: sheet name; header_rows: the Excel row(s) of the header (one to three);
    columns: canonical field → 1-based column index; kind: "items" or "materials";
    units: for a time-limit field whose header names a unit in brackets (承诺办结时限（工作日）,
    办理时限（天） over 法定 | 承诺), that unit, which a bare number under it is written in.
    """

    sheet: str
    header_rows: tuple[int, ...]
    columns: dict[str, int]
    kind: str
    units: dict[str, str] = field(default_factory=dict)
    # field → its header as the department wrote it, where that is another name (法律依据 for
    # 设定依据, 办理材料 for 申请材料), notes in brackets and * left out: messages say it so
    written: dict[str, str] = field(default_factory=dict)
    # field → its columns and their sub-headers, for a field written as ticks under a group
    # cell (办理形式 over 窗口办理 | 网上办理 | 快递申请, √ under each channel offered)
    choices: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    # The materials table read from the same header and rows, for a sheet of items and their
    # materials in one (申请材料 over 材料名称 | 材料形式 | 份数, each item's cells merged down
    # over its material rows)
    companion: SheetLayout | None = None


def layout_at(layouts: Sequence[SheetLayout], row: int) -> SheetLayout | None:
    """Of one sheet's tables (in order), the one Excel row ``row`` belongs to: the last whose
    header is above it (the first for a row above every header)."""
    for lay in reversed(layouts):
        if lay.header_rows[-1] < row:
            return lay
    return layouts[0] if layouts else None


# A group cell over the item's name and its sub-item (事项名称 over 主项 | 子项), and what the
# departments write under it for the main item: 名称 | 子项名称, 主项名称 | 办理项 …
_ITEM_NAME_GROUPS = ("事项名称", "事项", "事项名", "办事事项名称", "权力事项名称", "权力名称")
_MAIN_ITEM_WORDS = ("主项", "主项名称", "名称", "事项名称")


def _compounds() -> dict[tuple[str, str], str]:
    groups: list[tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]]] = [
        (
            ("办理时限", "时限", "办结时限", "办理期限", "期限", "办件时限", "办理时间"),
            (
                (("法定", "法定时限", "法定办结时限", "法定期限"), "法定办结时限"),
                (("承诺", "承诺时限", "承诺办结时限", "承诺期限"), "承诺办结时限"),
            ),
        ),
        (
            _ITEM_NAME_GROUPS,
            (
                (_MAIN_ITEM_WORDS, "事项名称"),
                ((*SUB_ITEM_WORDS, *SUB_ITEM_NOTED), "子项名称"),
            ),
        ),
        (
            ("跑动次数", "到现场次数", "到办事现场次数", "跑次", "跑动情况", "最多跑几次"),
            (
                (("次数", "跑动次数", "到现场次数", "到办事现场次数", "跑次", "改革后",
                  "改革后次数"), "跑动次数"),
                (
                    ("例外说明", "原因", "原因说明", "说明", "例外情况说明", "跑多次原因",
                     "必须现场办理原因说明"),
                    "例外说明",
                ),
            ),
        ),
        (
            ("收费", "是否收费", "收费情况", "收费信息"),
            (
                (("是否", "是否收费", "收费"), "是否收费"),
                (("依据", "收费依据", "标准", "收费标准", "收费标准及依据"), "收费依据"),
            ),
        ),
    ]
    out: dict[tuple[str, str], str] = {}
    for group_names, subs in groups:
        for group in group_names:
            for sub_names, target in subs:
                for sub in sub_names:
                    out[(name_key(group), name_key(sub))] = target
    return out


_COMPOUNDS = _compounds()


def compound_field(group: str | None, sub: str | None) -> str | None:
    """The field a group header with a sub-header under it names, by the known compounds."""
    if not group or not sub:
        return None
    for g in header_keys(group):
        for s in header_keys(sub):
            field = _COMPOUNDS.get((g, s))
            if field is not None:
                return field
    return None


_ITEM_NAME_GROUP_KEYS = frozenset(name_key(g) for g in _ITEM_NAME_GROUPS)


def _is_item_name_group(group: str | None) -> bool:
    """Whether a group cell is one over the item's name and its sub-item (事项名称)."""
    return group is not None and any(k in _ITEM_NAME_GROUP_KEYS for k in header_keys(group))


#: The field a department may write as ticks under a group cell, one column per channel.
_CHOICE_FIELD = "办理形式"


def _is_choice_group(group: str | None, materials: bool) -> bool:
    return not materials and _header_field(group, False) == _CHOICE_FIELD


def _choices(
    sheet: Sheet, header_rows: tuple[int, ...], columns: dict[str, int]
) -> dict[str, tuple[tuple[int, str], ...]]:
    """The columns of 办理形式 written as ticks, with their sub-headers: the columns under the
    group cell over its column (merged, or, not merged, from the nearest text on the left of
    the top row over the blank top cells after it), but those that are a field's own column
    (the sub-headers are in the header's last row)."""
    col = columns.get(_CHOICE_FIELD)
    if col is None or len(header_rows) < 2:
        return {}
    first, last = header_rows[0], header_rows[-1]
    top, sub = _texts(sheet.row(first)), _texts(sheet.row(last))
    span = next(((m.min_col, m.max_col) for m in sheet.merged
                 if m.min_row == first and m.max_row < last and m.min_col <= col <= m.max_col),
                None)
    if span is None:  # a group cell not merged (CSV, 跨列居中)
        covered = _covered(sheet.merged, first)
        start = _unmerged_group(top, covered, col) or col
        end = col
        while (end < len(top) and end + 1 not in covered and top[end] is None
               and end < len(sub) and sub[end] is not None):
            end += 1
        span = (start, end)
    used = set(columns.values()) - {col}
    labels = tuple((c, sub[c - 1]) for c in range(span[0], span[1] + 1)
                   if c - 1 < len(sub) and sub[c - 1] and c not in used
                   and _header_field(sub[c - 1], False) in {None, *columns})
    return {_CHOICE_FIELD: labels} if len(labels) >= 2 else {}  # type: ignore[dict-item]


def _header_field(text: str | None, materials: bool) -> str | None:
    if text is None or len(text) > _LONGEST_HEADER:
        return None
    return field_for_header(text, materials=materials)


def _texts(row: Sequence[Any]) -> list[str | None]:
    return [cell_text(v) for v in row]


# Headers that stand in for a field only when the sheet has no column of its own for it: a
# sheet with both 收费标准 and 收费依据 gives the basis in 收费依据, whichever comes first.
_STAND_INS = {"收费依据": frozenset({"收费标准", "标准"})}


def _is_stand_in(field: str, header: str | None) -> bool:
    keys = _STAND_INS.get(field)
    return keys is not None and header is not None and name_key(header) in keys


def _place(out: dict[str, int], headers: dict[str, str | None], field: str, column: int,
           header: str | None) -> None:
    """Map field → column: the first column wins, unless it only stood in for the field."""
    if field not in out or (
        _is_stand_in(field, headers[field]) and not _is_stand_in(field, header)
    ):
        out[field] = column
        headers[field] = header


def _map_single(texts: list[str | None], materials: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    headers: dict[str, str | None] = {}
    for j, text in enumerate(texts):
        f = _header_field(text, materials)
        if f is not None:
            _place(out, headers, f, j + 1, text)
    return out


# Item fields a materials sheet may carry too (设定依据 reads as its 材料依据), and fields only a
# materials sheet has.
_SHARED = frozenset({"序号", "事项名称", "子项名称", "事项编码", "申请材料", "设定依据", "备注"})
_MATERIAL_ONLY = frozenset({"材料形式", "份数", "是否证明材料", "来源渠道"})


def _with_material_name(items: dict[str, int], materials: dict[str, int]) -> dict[str, int]:
    """A materials sheet may head its names 申请材料 (事项名称 | 申请材料 | 材料形式 | 来源渠道):
    with no other item field (是否收费, 咨询电话 … make a short items sheet) and a
    materials-only one, that column is the 材料名称."""
    if (
        "材料名称" in materials
        or "申请材料" not in items
        or not _SHARED.issuperset(items)
        or _MATERIAL_ONLY.isdisjoint(materials)
    ):
        return materials
    return {**materials, "材料名称": items["申请材料"]}


# How an item is handled, which no materials sheet repeats beside its materials (it may copy
# 事项类型, 实施部门, 行使层级 to say whose they are): three of them beside 事项名称 make a
# header the items sheet's, even with a column headed 材料名称 or 申请材料名称 (its
# materials, one cell per item).
_ITEM_ONLY = frozenset({"受理条件", "办理流程", "法定办结时限", "承诺办结时限", "跑动次数",
                        "例外说明", "是否即办件", "是否网上办理", "办理形式", "是否收费",
                        "收费依据", "咨询电话"})


def _is_items_header(columns: dict[str, int]) -> bool:
    return "事项名称" in columns and len(_ITEM_ONLY.intersection(columns)) >= 3


def _with_item_materials(items: dict[str, int], materials: dict[str, int]) -> dict[str, int]:
    """An items sheet whose materials column is headed 材料名称 or 申请材料名称 (names of the
    materials sheet's column): that column is its 申请材料."""
    if "申请材料" in items or "材料名称" not in materials:
        return items
    return {**items, "申请材料": materials["材料名称"]}


_LINKS = ("序号", "事项名称", "子项名称", "事项编码")


def _items_with_materials(
    top: list[str | None], items: dict[str, int], materials: dict[str, int]
) -> tuple[dict[str, int], dict[str, int]] | None:
    """A sheet of items and their materials in one table: an items header whose 申请材料 is a
    group over 材料名称 | 材料形式 | 份数 … (each item's own cells merged down over its
    material rows). The items' columns (without 申请材料) and the materials' (the columns
    under the group, and what links a material to its item), or None."""
    start = items.get("申请材料")
    if start is None or not _is_items_header(items) or "材料名称" not in materials:
        return None
    end = start
    while end < len(top) and top[end] is None:
        end += 1  # the group's columns: up to the next header cell of the top row
    group = range(start, end + 1)
    if materials["材料名称"] not in group or end == start:
        return None
    material_cols = {f: c for f, c in items.items() if f in _LINKS}
    material_cols.update((f, c) for f, c in materials.items() if c in group)
    return {f: c for f, c in items.items() if f != "申请材料"}, material_cols


def _kind(columns: dict[str, int], materials_columns: dict[str, int]) -> str | None:
    if ("材料名称" in materials_columns and len(materials_columns) >= 2
            and not _is_items_header(columns)):
        return "materials"
    if "事项名称" in columns and len(columns) >= 4:
        return "items"
    return None


def _covered(merged: Sequence[CellRange], row: int) -> frozenset[int]:
    """The columns (1-based) of Excel row ``row`` that a merged range covers."""
    return frozenset(c for m in merged if m.min_row <= row <= m.max_row
                     for c in range(m.min_col, m.max_col + 1))


def _map_two(
    top: list[str | None],
    sub: list[str | None],
    row: int,
    merged: Sequence[CellRange],
    materials: bool,
    sub_row: int | None = None,
) -> dict[str, int] | None:
    """Fields of a two-row header with ``top`` at Excel ``row`` and ``sub`` at ``sub_row`` (the
    next row, or the row under a group cell merged over two rows), or None if it is not one."""
    sub_row = row + 1 if sub_row is None else sub_row
    width = len(top)
    group_text: list[str | None] = list(top)
    in_group = [False] * width
    anchor = list(range(width))  # the column a group's text is written in (its first)
    spans_down = [False] * width  # a top cell merged down over the sub-header row
    for m in merged:
        if m.min_row == row and m.max_row >= sub_row and m.min_col <= width:
            spans_down[m.min_col - 1] = True
        if m.min_row == row and m.max_row < sub_row and m.max_col > m.min_col:
            text = top[m.min_col - 1] if m.min_col <= width else None
            if text is None or len(text) > _LONGEST_HEADER:
                continue  # a title, not a group header
            for c in range(m.min_col, min(m.max_col, width) + 1):
                group_text[c - 1] = text
                in_group[c - 1] = True
                anchor[c - 1] = m.min_col - 1
    # A group cell that is not merged (a CSV, merges lost on export, 跨列居中 instead of a merge,
    # or one group typed over its columns beside merged ones): a blank top cell no merge covers,
    # with a sub-header under it, belongs to the nearest unmerged top cell on its left. A merge
    # elsewhere on the sheet (the title above) changes nothing here.
    covered = _covered(merged, row)
    last: str | None = None
    last_at = 0
    for j in range(width):
        if j + 1 in covered:
            last = None
        elif top[j] is not None:
            last, last_at = top[j], j
        elif sub[j] is not None and last is not None:
            group_text[j] = last
            in_group[j] = True
            anchor[j] = last_at
    out: dict[str, int] = {}
    headers: dict[str, str | None] = {}
    hits = compounds = unresolved = own = down = 0
    unmapped: set[int] = set()
    # Fields the top row heads outside any group (是否网上办理 beside 办理形式 over 窗口办理 |
    # 网上办理): a channel's name that is one of them stays a channel.
    own_fields = {None} | {_header_field(top[j], materials) for j in range(width)
                           if not in_group[j]}
    for j in range(width):
        s = sub[j]
        if (s is not None and _is_choice_group(group_text[j], materials)
                and _header_field(s, materials) in own_fields):
            # 办理形式 over 窗口办理 | 网上办理 | 快递申请: one field, its channels ticked (a
            # sub-header naming a field the sheet has no column of, 是否网上办理, is that field)
            hits += 1
            _place(out, headers, _CHOICE_FIELD, j + 1, group_text[j])
            continue
        if s is not None:
            f = compound_field(group_text[j], s)
            known_compound = f is not None
            compounds += known_compound
            if f is not None and materials and f not in _MATERIAL_NAMES:
                f = None
            if f is None:
                f = _header_field(s, materials)
            if f is None:
                unresolved += 1
                unmapped.add(j)
                continue
            if known_compound or in_group[j]:
                hits += 1
            _place(out, headers, f, j + 1, s)
        elif not in_group[j]:
            f = _header_field(top[j], materials)
            if f is not None:
                own += 1
                down += spans_down[j]
                _place(out, headers, f, j + 1, top[j])
    # 事项名称 over a sub-header we do not know | 子项名称: the group's first column holds the
    # item's name, as a one-row reading of the group cell would take it. Without it the
    # sheet has no 事项名称 and is read by its top row alone, which drops the sub-items.
    sub_col = out.get("子项名称", 0) - 1
    if "事项名称" not in out and sub_col >= 0 and in_group[sub_col]:
        first = anchor[sub_col]
        if first != sub_col and _is_item_name_group(group_text[sub_col]) and (
            first in unmapped or sub[first] is None
        ):
            _place(out, headers, "事项名称", first + 1, group_text[sub_col])
            hits += 1
            unresolved -= first in unmapped
    # 事项名称 over 主项 | a word for an item we do not know (细项, 具体事项, 小项): the group's
    # one other column is the sub-item, as 子项名称 would be.
    main_col = out.get("事项名称", 0) - 1
    if "子项名称" not in out and main_col >= 0 and in_group[main_col] and _is_item_name_group(
        group_text[main_col]
    ):
        others = [j for j in range(width) if in_group[j] and j != main_col
                  and anchor[j] == anchor[main_col]]
        word = name_key(sub[others[0]] or "") if len(others) == 1 else ""
        if len(others) == 1 and others[0] in unmapped and word.endswith(("项", "项名称")):
            _place(out, headers, "子项名称", others[0] + 1, sub[others[0]])
            hits += 1
            unresolved -= 1
    # The top row must be a header too (a known compound, a field merged down over both
    # rows, or fields of its own): a title merged across the width above a one-row header
    # is not a group cell.
    if hits == 0 or unresolved > hits or (compounds == 0 and down == 0 and own < 2):
        return None
    return out


def find_layout(sheet: Sheet) -> SheetLayout | None:
    """The header of a sheet (items or materials) in its first rows, or None."""
    rows = sheet.rows
    numbers = sheet.row_numbers
    for i in range(min(HEADER_SCAN_ROWS, len(rows))):
        top = _texts(rows[i])
        if not any(top):
            continue
        items = _map_single(top, False)
        materials = _with_material_name(items, _map_single(top, True))
        kind = _kind(items, materials)
        has_group = any(
            m.min_row == numbers[i] and m.max_row == numbers[i] and m.max_col > m.min_col
            for m in sheet.merged
        )
        if (kind or has_group or len(items) >= 2) and i + 1 < len(rows):
            k = _sub_header_index(sheet, i)
            sub = _texts(rows[k]) if k < len(rows) else []
            # The next record, not the next line: a CSV header cell may span two lines.
            if any(sub):
                items2 = _map_two(top, sub, numbers[i], sheet.merged, False, numbers[k])
                materials2 = _map_two(top, sub, numbers[i], sheet.merged, True, numbers[k])
                if materials2 is not None:
                    materials2 = _with_material_name(items2 or {}, materials2)
                kind2 = _kind(items2 or {}, materials2 or {})
                both = _items_with_materials(top, items, materials2 or {})
                if both is not None:
                    rows_used = tuple(numbers[i : k + 1])
                    item_cols, material_cols = both
                    return _layout(sheet, rows_used, item_cols, "items",
                                   _layout(sheet, rows_used, material_cols, "materials"))
                if kind2 is not None:
                    columns = (materials2 if kind2 == "materials"
                               else _with_item_materials(items2 or {}, materials2 or {}))
                    assert columns is not None
                    return _layout(sheet, tuple(numbers[i : k + 1]), columns, kind2)
        if kind is not None:
            columns = (materials if kind == "materials" else
                       _with_sub_item_under_name(sheet, numbers[i],
                                                 _with_item_materials(items, materials)))
            return _layout(sheet, _merged_down(sheet, i, columns), columns, kind)
    return None


def _layout(
    sheet: Sheet, rows_used: tuple[int, ...], columns: dict[str, int], kind: str,
    companion: SheetLayout | None = None,
) -> SheetLayout:
    """The layout of a header found at ``rows_used``, with what its cells say beside the
    fields (units, names as written, tick columns)."""
    return SheetLayout(sheet.name, rows_used, columns, kind, _units(sheet, rows_used, columns),
                       _written(sheet, rows_used, columns, kind),
                       _choices(sheet, rows_used, columns), companion)


def _written(
    sheet: Sheet, header_rows: tuple[int, ...], columns: dict[str, int], kind: str
) -> dict[str, str]:
    """Each field's header cell as written, where it names the field by another name; only a
    cell of the header's top row (merged down or one row): under a group cell (办理时限 over
    法定, 事项名称 over 主项 | 子项) the field's own name is the clearer."""
    out: dict[str, str] = {}
    top = sheet.row(header_rows[0])
    for name, col in columns.items():
        text = cell_text(top[col - 1]) if col - 1 < len(top) else None
        if text and _header_field(text, kind == "materials") == name:
            bare = header_keys(text)[-1]
            if bare and bare != name:
                out[name] = bare
    return out


_TIME_FIELDS = ("法定办结时限", "承诺办结时限")
# The unit a header's closing bracket names, alone or among other notes (（工作日，必填）).
_UNIT_NOTE = re.compile(
    r"\((?:[^()]*[,、;/])?(?:单位:)?(个?工作日|工作天|天|日|自然日|日历日|个?月)(?:[,、;/][^()]*)?\)$"
)
_UNIT_WRITTEN = {"工作日": "个工作日", "个工作日": "个工作日", "工作天": "个工作日", "月": "个月",
                 "个月": "个月"}


def _units(sheet: Sheet, header_rows: tuple[int, ...], columns: dict[str, int]) -> dict[str, str]:
    """The unit each time-limit column's header names in brackets, from its own header cells or
    a group cell merged over it (办理时限（工作日） over 法定 | 承诺)."""
    out: dict[str, str] = {}
    for name in _TIME_FIELDS:
        col = columns.get(name)
        if col is None:
            continue
        cells = [(r, col) for r in header_rows]
        cells += [(m.min_row, m.min_col) for m in sheet.merged
                  if m.min_row in header_rows and m.min_col <= col <= m.max_col]
        if len(header_rows) > 1:
            first = header_rows[0]
            group = _unmerged_group(_texts(sheet.row(first)), _covered(sheet.merged, first), col)
            if group is not None:
                cells.append((first, group))
        for r, c in cells:
            row = sheet.row(r)
            text = cell_text(row[c - 1]) if c - 1 < len(row) else None
            m = _UNIT_NOTE.search(name_key(text)) if text else None
            if m:
                out[name] = _UNIT_WRITTEN.get(m[1], m[1])
                break
    return out


def _unmerged_group(top: list[str | None], covered: frozenset[int], col: int) -> int | None:
    """The column of a group cell not merged (CSV, 跨列居中) over column ``col``: the nearest
    text on the left of the top row, ``col`` included, across no merged cell of that row (as
    _map_two reads the group)."""
    for c in range(col, 0, -1):
        if c in covered:
            return None
        if c - 1 < len(top) and top[c - 1]:
            return c
    return None


def _sub_header_index(sheet: Sheet, i: int) -> int:
    """The row under a header at index ``i`` that may hold sub-headers: the next one, or, when
    the next is blank (办理时限 merged over L1:M2 with 法定 | 承诺 in row 3), the one after it."""
    rows = sheet.rows
    k = i + 1
    # A blank row under the header: the sub-headers may be in the row after it (a group
    # merged over two rows, or the same layout saved as CSV); the caller keeps a one-row
    # header when that row maps to no sub-header.
    if k + 1 < len(rows) and not any(_texts(rows[k])):
        return k + 1
    return k


def _with_sub_item_under_name(sheet: Sheet, row: int, columns: dict[str, int]) -> dict[str, int]:
    """A one-row header whose 事项名称 cell is merged across two columns (权力清单 exports: the
    main item merged down in the first, 新立 | 延续 | 变更 in the second): with no 子项名称
    column elsewhere, the second is the sub-item, not a column nobody reads."""
    name = columns.get("事项名称")
    if name is None or "子项名称" in columns:
        return columns
    for m in sheet.merged:
        if (m.min_row <= row <= m.max_row and m.min_col == name and m.max_col == name + 1
                and name + 1 not in columns.values()):
            return {**columns, "子项名称": name + 1}
    return columns


def _merged_down(sheet: Sheet, i: int, columns: dict[str, int]) -> tuple[int, ...]:
    """The Excel rows of a one-row header at index ``i``, with the rows its field cells are
    merged down over (a header whose second row we do not read, such as 办理形式 over tick
    columns 窗口|网上|快递: that row is header, not an item)."""
    row = sheet.row_numbers[i]
    used = set(columns.values())
    last = max(
        (m.max_row for m in sheet.merged
         if m.min_row == row and m.max_row > row and m.min_col in used),
        default=row,
    )
    return tuple(r for r in sheet.row_numbers[i : i + 1 + last - row] if r <= last)
