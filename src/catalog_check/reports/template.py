"""The blank submission template, generated from the same field definitions the review uses.

Dropdowns: every field with choices in :mod:`catalog_check.fields` gets a list validation that
points at a column of the hidden sheet 可选值. 事项类型 lists only the types this catalogue
accepts (ITEM_TYPES minus the ex-officio 行政处罚 / 行政强制 / 行政检查, which the review rejects
with ``ex-officio-item``), so a department never picks a type that is sure to be sent back.
Most lists stop a value outside them; two only warn, because the review accepts more than the
list shows: 行使层级 (several levels may be listed, separated by 、) and 跑动次数 (2 or more is
valid with an 例外说明); 材料形式 warns too, as no rule restricts it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from catalog_check.fields import (
    EX_OFFICIO_TYPES,
    ITEM_FIELDS,
    ITEM_TYPES,
    MATERIAL_FIELDS,
    Field,
)
from catalog_check.files import atomic_path
from catalog_check.reports._styles import HEADER_FILL, TITLE_COLOR, display_width
from catalog_check.rules import RULES, Scope
from catalog_check.safe import set_cell

__all__ = [
    "GUIDE_SHEET",
    "ITEMS_SHEET",
    "MATERIALS_SHEET",
    "TEMPLATE_ROWS",
    "VALUES_SHEET",
    "field_choices",
    "field_prompt",
    "required_label",
    "write_template",
]

ITEMS_SHEET = "事项清单"
MATERIALS_SHEET = "申请材料"
GUIDE_SHEET = "填表说明"
VALUES_SHEET = "可选值"
TEMPLATE_ROWS = 500  # data rows under the header that carry the validations
NOTE_AUTHOR = "填表说明"

#: Lists that warn instead of refusing a value outside them, with the reason shown.
_LENIENT = {
    "行使层级": "可从列表选择，也可填写多个层级，用顿号分隔，如：省级、市级",
    "跑动次数": "跑动次数超过1次的，须在“例外说明”中说明理由",
    "材料形式": "建议从列表选择",
}
#: Fields stored as text so that leading zeros and forms like 1-1 survive.
_TEXT_FIELDS = frozenset({"序号", "事项编码", "咨询电话"})

_HEADER_FILL = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_REQUIRED_COLOR = "FFC00000"


def write_template(out: Path) -> Path:
    """Write the blank template (事项清单, 申请材料, 填表说明, hidden 可选值); return its path."""
    wb = Workbook()
    items = wb.active
    items.title = ITEMS_SHEET
    materials = wb.create_sheet(MATERIALS_SHEET)
    guide = wb.create_sheet(GUIDE_SHEET)
    values = wb.create_sheet(VALUES_SHEET)
    lists = _value_lists(values)
    _table_sheet(items, ITEM_FIELDS, lists[ITEMS_SHEET])
    _table_sheet(materials, MATERIAL_FIELDS, lists[MATERIALS_SHEET])
    _guide(guide)
    values.sheet_state = "hidden"
    wb.active = 0
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def field_choices(field: Field) -> tuple[str, ...]:
    """The values a field's dropdown offers (事项类型: only the types the catalogue accepts)."""
    if field.name == "事项类型":
        return tuple(c for c in field.choices if c not in EX_OFFICIO_TYPES)
    return field.choices


def field_prompt(field: Field) -> str:
    """The header note of a field: required or not, and in what form (Field.note)."""
    text = field.note
    if not text.startswith(("必填", "选填")) and "必填" not in text:
        text = ("必填。" if field.required else "选填。") + text
    return text.rstrip("。") if text.endswith(("必填。", "选填。")) else text


def required_label(field: Field) -> str:
    """必填, 条件必填 (its note says when) or 选填."""
    if field.required:
        return "必填"
    return "条件必填" if "必填" in field.note else "选填"


def _value_lists(ws: Worksheet) -> dict[str, dict[str, str]]:
    """Write one column per field with choices; return sheet → field → range reference."""
    refs: dict[str, dict[str, str]] = defaultdict(dict)
    col = 0
    for sheet, fields in ((ITEMS_SHEET, ITEM_FIELDS), (MATERIALS_SHEET, MATERIAL_FIELDS)):
        for field in fields:
            choices = field_choices(field)
            if not choices:
                continue
            col += 1
            letter = get_column_letter(col)
            set_cell(ws.cell(1, col), f"{sheet}·{field.name}")
            for r, choice in enumerate(choices, 2):
                # Digits as numbers: a typed 1 then matches the list entry 1.
                set_cell(ws.cell(r, col), int(choice) if choice.isdigit() else choice)
            ws.column_dimensions[letter].width = max(12, field.width)
            refs[sheet][field.name] = f"{VALUES_SHEET}!${letter}$2:${letter}${len(choices) + 1}"
    return refs


def _table_sheet(ws: Worksheet, fields: tuple[Field, ...], lists: dict[str, str]) -> None:
    last_row = TEMPLATE_ROWS + 1
    for col, field in enumerate(fields, 1):
        letter = get_column_letter(col)
        prompt = field_prompt(field)
        cell = ws.cell(1, col)
        set_cell(cell, field.name)
        cell.font = Font(bold=True, color=_REQUIRED_COLOR if field.required else None)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = _CENTER
        cell.comment = _note(field.name, prompt)

        dim = ws.column_dimensions[letter]
        dim.width = field.width
        if field.name in _TEXT_FIELDS:
            dim.number_format = "@"
        if field.width >= 20:
            dim.alignment = _WRAP

        title = field.name[:32]
        if field.name in lists:
            header_note = DataValidation(showInputMessage=True, promptTitle=title,
                                         prompt=prompt[:255], allow_blank=True)
            header_note.add(f"{letter}1")
            ws.add_data_validation(header_note)
            lenient = _LENIENT.get(field.name)
            choices = "、".join(field_choices(field))
            dropdown = DataValidation(
                type="list", formula1=lists[field.name], allow_blank=True,
                showInputMessage=True, promptTitle=title, prompt=prompt[:255],
                showErrorMessage=True, errorStyle="warning" if lenient else "stop",
                errorTitle=f"{field.name}取值"[:32],
                error=(lenient or f"请从下拉列表选择：{choices}")[:255],
            )
            dropdown.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dropdown)
        else:
            note = DataValidation(showInputMessage=True, promptTitle=title, prompt=prompt[:255],
                                  allow_blank=True)
            note.add(f"{letter}1:{letter}{last_row}")
            ws.add_data_validation(note)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _note(name: str, text: str) -> Comment:
    lines = max(1, -(-display_width(text) // 36))
    return Comment(f"{name}：{text}", NOTE_AUTHOR, height=24 + 17 * lines, width=250)


def _guide(ws: Worksheet) -> None:
    """The 填表说明 sheet: general notes, every field, and what the review sends back."""
    ex_officio = "、".join(t for t in ITEM_TYPES if t in EX_OFFICIO_TYPES)
    general = (
        f"请勿修改、删除或调换“{ITEMS_SHEET}”“{MATERIALS_SHEET}”两张表第1行的列名，"
        "不要在表头上方插入标题行，不要合并单元格。",
        "每个事项填写一行；有子项的，每个子项一行，事项名称照填，子项名称分别填写。",
        "红色列名为必填项；不得以“无”“/”“暂无”“待补充”“同上”“详见附件”等代替具体内容。",
        f"事项类型从下拉列表选择。{ex_officio}属依职权事项，不列入本目录。",
        "设定依据用书名号写明法律法规全称及具体条款，如《中华人民共和国行政许可法》第十二条。",
        "承诺办结时限不得超过法定办结时限；即办件的承诺办结时限填写“即办”。",
        "跑动次数填写0或1；确需跑动2次及以上的，须在“例外说明”中逐项说明理由。",
        f"申请材料可在“{ITEMS_SHEET}”的申请材料列中编号列出（每行一项），也可在“{MATERIALS_SHEET}”"
        "表中一行填写一项材料，并填写所属事项名称。",
        "证明材料须有法律、法规或国务院决定依据；不得设置“其他材料”“相关材料”等兜底性要求。",
        "是否收费为“是”的，须填写收费依据。",
        "请保存为 .xlsx 格式报送，不要设置打开密码。",
    )
    for col, width in zip("ABCD", (16, 10, 60, 50), strict=True):
        ws.column_dimensions[col].width = width
    row = _heading(ws, 1, "填表说明", size=16)
    for n, text in enumerate(general, 1):
        _cell(ws, row, 1, f"{n}. {text}", wrap=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 18 * max(1, -(-display_width(text) // 130))
        row += 1
    for sheet, fields in ((ITEMS_SHEET, ITEM_FIELDS), (MATERIALS_SHEET, MATERIAL_FIELDS)):
        row = _heading(ws, row + 1, f"“{sheet}”各列填写要求")
        row = _header(ws, row, ("列名", "是否必填", "填写要求", "可选值"))
        for field in fields:
            _cell(ws, row, 1, field.name, box=True)
            _cell(ws, row, 2, required_label(field), box=True)
            _cell(ws, row, 3, field_prompt(field), box=True, wrap=True)
            _cell(ws, row, 4, "、".join(field_choices(field)), box=True, wrap=True)
            row += 1
    row = _heading(ws, row + 1, "审核时退回或提示的情形")
    row = _header(ws, row, ("审核规则", "审核结果", "要求", "政策依据"))
    for rule in RULES:
        if rule.scope is Scope.CATALOGUE:
            continue
        _cell(ws, row, 1, rule.name, box=True)
        _cell(ws, row, 2, rule.severity.label, box=True)
        _cell(ws, row, 3, _without_slots(rule.fix.format_map(_Blank(rule.defaults))),
              box=True, wrap=True)
        _cell(ws, row, 4, rule.basis, box=True, wrap=True)
        row += 1


_SLOT = "\0"


class _Blank(dict[str, str]):
    """Template values for rule texts shown without a finding: a slot no default fills is
    marked, then worded by _without_slots."""

    def __missing__(self, key: str) -> str:
        return _SLOT


def _without_slots(text: str) -> str:
    """A rule's fix read without a finding: 请按统一模板补充所缺的列, 请如实填写该项; a slot that
    only adds to a sentence (the {none} of 期限) goes."""
    text = text.replace(f"「{_SLOT}」列", "所缺的列").replace(f"「{_SLOT}」", "该项")
    return text.replace(_SLOT, "")


def _heading(ws: Worksheet, row: int, text: str, *, size: int = 12) -> int:
    cell = ws.cell(row, 1)
    set_cell(cell, text)
    cell.font = Font(bold=True, size=size, color="FF" + TITLE_COLOR)
    return row + 1


def _header(ws: Worksheet, row: int, headers: tuple[str, ...]) -> int:
    for col, text in enumerate(headers, 1):
        cell = ws.cell(row, col)
        set_cell(cell, text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = _CENTER
    return row + 1


def _cell(ws: Worksheet, row: int, col: int, text: str, *, box: bool = False,
          wrap: bool = False) -> None:
    cell = ws.cell(row, col)
    set_cell(cell, text or None)
    if box:
        cell.border = _BOX
    cell.alignment = _WRAP if wrap else Alignment(vertical="top")
