"""From sheets to tables: one DataFrame row per item (and per material), with its Excel row.

Which sheets count: a sheet whose header (header.find_layout) holds items or materials
fields. Sheets without a header (instructions, hidden dropdown lists) are ignored silently;
a hidden sheet that does carry an items or materials header is read like any other, except a
hidden lookup list (an items header short of required columns) beside a complete visible one.

Which rows count: every row below the header down to the first notes row (填表说明, 注：,
备注：, signature and date lines), except blank rows (or rows with only a 序号), section
rows (一、行政许可（32项）, （二）公共服务), subtotal rows (小计, 合计, 总计), a row repeating the
header and a row of column numbers right under the header. Items on hidden rows are items
(their rows are reported like any other). Vertically merged cells fill down; a merely
blank cell stays blank. A row holding another header (一、行政许可 with its header, then 二、
公共服务 with columns of its own, or a materials table under the items) starts another table
of the same sheet, read under its own header; Tables.layouts then lists both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from catalog_check.fields import (
    ITEM_FIELDS,
    ITEM_TYPES,
    LEVELS,
    MATERIAL_FIELDS,
    YES_NO,
    field_for_header,
    is_header,
    item_field,
    item_type,
    material_field,
)
from catalog_check.findings import Finding, finding
from catalog_check.header import HEADER_SCAN_ROWS, SheetLayout, find_layout
from catalog_check.parse import parse_yes_no
from catalog_check.text import INVISIBLE, cell_text, clean, is_placeholder, is_tidy, name_key
from catalog_check.workbook import Sheet, Workbook

__all__ = ["ITEM_COLUMNS", "MATERIAL_COLUMNS", "SheetLayout", "Tables", "extract_tables"]

ITEM_COLUMNS = (*(f.name for f in ITEM_FIELDS), "_sheet", "_row")
MATERIAL_COLUMNS = (*(f.name for f in MATERIAL_FIELDS), "_sheet", "_row")
_REQUIRED_ITEM = tuple(f.name for f in ITEM_FIELDS if f.required)
_ITEM_OWN = ("设定依据", "受理条件", "申请材料", "办理流程", "法定办结时限", "承诺办结时限")


@dataclass
class Tables:
    """The submission's tables.

    items: one row per item, index 0..n-1, a column per canonical item field (text.clean
    text or None; a field without a column is all None, see layouts) plus "_sheet" and
    "_row" (the Excel row, CSV line); raw: same shape, the text as written (text.cell_text);
    materials / materials_raw: the same for materials sheets, None when there are none;
    layouts: the sheets read and where their columns are; findings: header-not-found,
    missing-column and no-items (file level); after_notes: (sheet, Excel row) of each item read
    below the notes that end its table → the row where those notes begin.
    """

    items: pd.DataFrame
    raw: pd.DataFrame
    materials: pd.DataFrame | None
    materials_raw: pd.DataFrame | None
    layouts: tuple[SheetLayout, ...]
    findings: list[Finding] = field(default_factory=list)
    after_notes: dict[tuple[str, int], int] = field(default_factory=dict)


# ---- text conversion ----------------------------------------------------------------------

_is_normalized = unicodedata.is_normalized
def _clean_str(s: str) -> str | None:
    """text.clean for a str, skipping the work when it would change nothing: when the text
    is tidy (text.is_tidy) and already NFKC."""
    if not s:
        return None
    if (s.isascii() or _is_normalized("NFKC", s)) and is_tidy(s):
        return s
    return clean(s)


def _raw_str(s: str) -> str | None:
    return s if s and not s.isspace() else None


def _convert(values: list[Any]) -> tuple[list[str | None], list[str | None]]:
    """(raw, clean) text of a column's values, each distinct value converted once."""
    if bool not in set(map(type, values)):
        # Without booleans, values equal as dict keys (1 == 1.0) read the same ("1").
        raws: dict[Any, str | None] = {}
        cleans: dict[Any, str | None] = {}
        for v in dict.fromkeys(values):
            if v.__class__ is str:
                raws[v] = v if v and not v.isspace() else None
                cleans[v] = _clean_str(v)
            else:
                raws[v] = text = cell_text(v)
                cleans[v] = _clean_str(text) if text else None  # == clean(v)
        return list(map(raws.__getitem__, values)), list(map(cleans.__getitem__, values))
    raw_out: list[str | None] = []
    clean_out: list[str | None] = []
    for v in values:
        if v.__class__ is str:
            raw_out.append(_raw_str(v))
            clean_out.append(_clean_str(v))
        else:
            raw_out.append(cell_text(v))
            clean_out.append(clean(v))
    return raw_out, clean_out


# ---- row classification -------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九十百"
_SECTION = re.compile(rf"^(?:[{_NUMERALS}]+[、.\uff0e,，]|[（(][{_NUMERALS}]+[）)])")
# 第一部分, 第二类：公共服务 head a section; 第一类医疗器械产品备案 names an item.
_ORDINAL = re.compile(rf"^第[{_NUMERALS}\d]+(?:部分|类|章|节|项|批)[:、.]?")
_TYPE_WORDS = (*ITEM_TYPES, "其他权力")  # the short form a section row may use
# A type as a section title, numbered in any style (一、 1. （1） I、 A.) or not, with or
# without its count (（32项）, ：32项).
_SECTION_TITLE = re.compile(
    rf"^(?:[{_NUMERALS}\d]+[、.\uff0e]?|[（(][{_NUMERALS}\d]+[）)]|[IVX]+[、.\uff0e]?|[A-H][、.\uff0e])?"
    rf"(?:{'|'.join(_TYPE_WORDS)})(?:类|事项|类事项|事项清单|清单)?"
    r"(?:[（(]共?计?\d+项[）)]|[:：]?共?计?\d+项)?$"
)
_SUBTOTAL = ("小计", "合计", "总计", "共计", "本页小计", "本页合计")
# A count alone: 共7项, 以上共2项, 本页共5项, 共3项事项, 2项; a breakdown: 其中：行政许可2项.
# Also as a sentence: 以上事项共计3项。, 本表共3项，其中行政许可3项。
_COUNT_ONLY = re.compile(
    r"(?:以上|本页|本类|本表|全表)?(?:所列)?(?:事项)?(?:共|合)?计?\d+项(?:事项)?(?:,其中.*)?[。.]?"
)
_BREAKDOWN = re.compile(r"其中:.*\d项")  # (.*\d+ read a run of digits n² ways)
# A type's subtotal: 行政许可小计, 行政许可事项合计.
_TYPE_SUBTOTAL = re.compile(
    rf"(?:本类|本页|以上|许可类|(?:{'|'.join(_TYPE_WORDS)})(?:类|事项)?)(?:小计|合计|共计)"
)
_NOTE_ANY = ("填表说明", "填报说明", "填写说明", "以下空白", "(以下空白)", "以下无正文")
_NOTE_COLON = ("注:", "说明:", "备注:", "附注:", "注1", "注:1", "特别说明:", "填报要求:", "附:",
               "此表一式")
# Footer words: a note when a colon or （签字） follows (审核人：, 签发（签字）), not alone
# (签发 and 变更企业负责人 are sub-items).
_NOTE_WORDS = (
    "审核人", "填报人", "负责人", "联系人", "日期", "制表人", "填表人", "填报日期", "填表日期",
    "填报单位", "单位负责人", "分管领导", "审核", "签字", "签发", "签发人", "制表", "填表时间",
    "填报时间", "联系电话", "联系方式", "审批", "批准人", "核稿", "报送单位", "单位", "经办处室",
)
_NOTE_FIRST = frozenset(w[0] for w in (*_NOTE_ANY, *_NOTE_COLON, *_NOTE_WORDS))
_SECTION_FIRST = frozenset(_NUMERALS + "（(第" + "".join(w[0] for w in _TYPE_WORDS))
_SUBTOTAL_FIRST = frozenset(w[0] for w in _SUBTOTAL)
# First characters of a cell worth a closer look (full-width forms included).
_LEAD_FIRST = _NOTE_FIRST | _SECTION_FIRST | _SUBTOTAL_FIRST | frozenset(
    "﹙（\u2160\u2161\u2162\u2163\u2164IVXABCDEFGH"  # Roman numerals, as written and after NFKC
    "浙省"  # a department's name alone (浙江省公安厅, 省交通厅)
    "全"  # 全表共2项
)
_SPACE = re.compile(r"\s+")
# First characters of the 事项名称 / 材料名称 headers, to spot a header repeated in the data.
_HEADER_FIRST = {
    kind: frozenset("*★" + "".join(name_key(a)[:1] for a in (f.name, *f.aliases)))
    for kind, f in (("items", item_field("事项名称")), ("materials", material_field("材料名称")))
}


# Characters nobody sees (text.INVISIBLE): a cell of them only is blank, as clean() reads it.
_INVISIBLE_FIRST = frozenset(INVISIBLE)


def _blank(v: Any) -> bool:
    if v is None or v == "":
        return True
    if v.__class__ is not str:
        return False
    return v.isspace() or (v[0] in _INVISIBLE_FIRST and not v.strip(INVISIBLE))


def _key(v: Any) -> str:
    text = cell_text(v)
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)) if text else ""


_ROLES = (
    "负责人|经办人|审核人|审批人|复核人|填报人|填表人|制表人|联系人|签发人|批准人|核稿人|领导|制表"
)
_ROLE_WORDS = re.compile(
    f"{_ROLES}|日期|时间|以下|盖章|公章|签章|小计|合计|说明|备注|单位|[〇零一二三四五六七八九]{{4}}年"
    r"|年\s*月\s*日"
)
# A signature or date line: a role (主要负责人, 部门负责人, 经办人 …) or a date label, then a
# colon, a bracket (（签字）) or nothing.
_SIGNATURE = re.compile(
    rf"[\u4e00-\u9fa5]{{0,6}}?(?:{_ROLES})"
    r"(?:签字|签名|签章|盖章)?(?::|\((?:签字|签名|签章|盖章)\)(?::|$))"
    r"|(?:填报|填表|制表|报送|审核)?(?:日期|时间):"
)
_SIGNED = re.compile(r"(?:签字|签名|签章|盖章)?\((?:签字|签名|签章|盖章)\)(?::|$)")
_ORG_SIGN_OFF = re.compile(
    r"(?:厅|局|委|办|中心|委员会|政府|院|所|处|室|公司|单位)\((?:盖章|公章|签章)\)$"
)
# The end of a table written out (—以下空白—, 此页以下空白, 以下无内容) and a sign-off (浙江省公安厅
# （盖章）).
_END_WORDS = re.compile(r"以下空白|以下无内容|以下无正文|[此本]页无正文")
# A provincial department's name alone on a row (浙江省公安厅): no item is named like that.
_DEPARTMENT_ALONE = re.compile(r"(?:浙江省|省)[\u4e00-\u9fa5]{1,16}(?:厅|局|委员会|办公室|委|办)")


def _worth_a_look(v: Any) -> bool:
    """Cheap test: could this cell be a note, section or subtotal? (numbers never are)"""
    if v.__class__ is not str:
        return False
    first = v.lstrip()[:1]
    if first in _LEAD_FIRST:
        return True
    if first.isdigit():
        return not v.strip().isdigit()
    # 主要负责人（签字）：, —以下空白—, 浙江省公安厅（盖章）
    return len(v) <= 30 and _ROLE_WORDS.search(v) is not None


def _is_note(key: str) -> bool:
    """A cell that starts the notes under a table (填表说明, 注：, signature and date lines)."""
    if not key:
        return False
    if _SIGNATURE.match(key) or _END_WORDS.search(key):
        return True
    if len(key) <= 30 and _ORG_SIGN_OFF.search(key):
        return True  # 浙江省公安厅（盖章）, not a material 申请表（盖章）
    if key in ("年月日", "说明", "备注"):
        return True  # a sign-off's blank date line, a heading alone
    if key[0] not in _NOTE_FIRST:
        return False
    if key.startswith(_NOTE_ANY) or key.startswith(_NOTE_COLON) or key == "注":
        return True
    for word in _NOTE_WORDS:
        if key.startswith(word):
            rest = key[len(word) :]
            return rest.startswith(":") or _SIGNED.match(rest) is not None
    return False


def _is_strong_note(key: str) -> bool:
    """A note no material's name starts with: 填表说明, 注：, 以下空白."""
    return key.startswith(_NOTE_ANY) or key.startswith(("注:", "注1", "注:1")) or key == "注" \
        or _END_WORDS.search(key) is not None


def _is_section(key: str) -> bool:
    if _SECTION.match(key) or _is_section_title(key):
        return True
    m = _ORDINAL.match(key)
    return m is not None and (len(key) == m.end() or _is_section_title(key[m.end() :]))


def _is_section_title(key: str) -> bool:
    """A type as a section title (二、公共服务（2项）, 其它行政权力（10项）, I 行政许可)."""
    return bool(_SECTION_TITLE.match(key.replace("其它", "其他")))


def _is_subtotal(key: str) -> bool:
    """小计 / 合计 / 总计 / 共计 / 本页小计 alone or followed by a count, or a count alone
    (共7项); not the start of a name."""
    if (
        _COUNT_ONLY.fullmatch(key)
        or _BREAKDOWN.fullmatch(key)
        or _TYPE_SUBTOTAL.fullmatch(key.replace("其它", "其他"))
    ):
        return True
    word = next((w for w in _SUBTOTAL if key.startswith(w)), None)
    if word is None:
        return False
    rest = key[len(word) :]
    return not rest or rest[0] in ":(（共" or rest[0].isdigit()


# A column label under a header: 1, (1), ①, A, (A).
_COLUMN_LABEL = re.compile(r"\(?(\d+|[A-Z]{1,2})\)?")


def _label_value(text: str) -> float | None:
    key = unicodedata.normalize("NFKC", text).strip()
    m = _COLUMN_LABEL.fullmatch(key)
    if m is None:
        return None
    label = m[1]
    if label.isdigit():
        return float(label)
    return float(sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(label))))


def _is_column_numbers(row: Sequence[Any], cols: Sequence[int]) -> bool:
    """A row numbering or lettering the columns under the header (1 2 3, （1）（2）, ① ②, A B C)."""
    numbers: list[float] = []
    for c in cols:
        v = row[c]
        if _blank(v):
            continue
        if v.__class__ in (int, float):
            numbers.append(float(v))
            continue
        value = _label_value(cell_text(v) or "")
        if value is None:
            return False
        numbers.append(value)
    return len(numbers) >= 3 and all(b > a for a, b in pairwise(numbers))


# A number with no unit (20, 十五), maybe with a note after it (15（不含公示时间）, 25，不含公示).
_BARE_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)(\(.*\)|[,;].*)?")
_CN_DIGITS = "〇零一二三四五六七八九十"
_DATE_TEXT = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    # 二〇一七年三月一日
    rf"|[{_CN_DIGITS}]{{4}}年[{_CN_DIGITS}]{{1,2}}月(?:[{_CN_DIGITS}]{{1,3}}日)?"
)


def _dates_only(row: Sequence[Any]) -> bool:
    """A row holding nothing but dates (the date under a signature: 2017年3月1日)."""
    seen = False
    for v in row:
        if _blank(v):
            continue
        if not (isinstance(v, date) or (v.__class__ is str and _DATE_TEXT.fullmatch(_key(v)))):
            return False
        seen = True
    return seen


# A cell of a footer line: a label and a colon (联系电话：…, 单位负责人：, 填报单位（盖章）：…).
_LABELLED = re.compile(
    r"[\u4e00-\u9fa5]{0,8}(?:人|单位|电话|方式|日期|时间|处室|部门|领导|审批|核稿)"
    r"(?:\((?:盖章|签字|签章)\))?:"
)


def _footer_row(row: Sequence[Any]) -> bool:
    """Whether every value of a row is footer: a note, a signature or date line, a labelled
    cell (联系电话：…) or the value in the cell after a label (填报人： | 王芳), or a number (a
    pre-numbered 序号, a number dragged down). A row whose first cell reads like a note but that
    holds an item's cells (变更企业负责人 with its 设定依据, 受理条件 …) is no footer."""
    after_label = False
    for v in row:
        if _blank(v) or isinstance(v, date):
            continue
        if v.__class__ is not str or v.strip().isdigit():
            after_label = False
            continue  # a pre-numbered 序号, a number dragged down, a phone typed as a number
        key = _key(v)
        if _is_note(key) or _DATE_TEXT.fullmatch(key) or _LABELLED.match(key):
            after_label = key.endswith(":")  # 填报人： | 王芳
        elif after_label:
            after_label = False  # the value of the label before it
        else:
            return False
    return True


@dataclass(slots=True)
class _Picked:
    """Rows kept from one sheet and their columns' text."""

    rows: list[int]  # Excel rows
    raw: dict[str, list[str | None]]
    clean: dict[str, list[str | None]]
    after_notes: dict[int, int]  # Excel row of an item below the notes → where the notes begin
    next_table: int | None = None  # index of the row where another table's header begins


def _fills(
    sheet: Sheet, data_start: int, across: frozenset[tuple[int, int]] = frozenset()
) -> dict[int, dict[int, Any]]:
    """column index (0-based) → {row index: top-left value} for vertical merges in the data,
    and for merges across from column a to column b where (a, b) is in ``across``."""
    if not sheet.merged:
        return {}
    rows, numbers = sheet.rows, sheet.row_numbers
    position = _positions(sheet)
    out: dict[int, dict[int, Any]] = {}
    for m in sheet.merged:
        c = m.min_col - 1
        # (m.max_col is 1-based: column index b lies inside the merge when c < b < m.max_col)
        wide = [b for a, b in across if a == c and c < b < m.max_col] if across else []
        if m.max_row <= m.min_row and not wide:
            continue
        top = position(m.min_row)
        if top is None or top < data_start or top >= len(rows):
            continue
        if c >= len(rows[top]):
            continue
        value = rows[top][c]
        if _blank(value):
            continue
        last = min(m.max_row, numbers[-1])
        for column, first in ((c, m.min_row + 1), *((b, m.min_row) for b in wide)):
            target = out.setdefault(column, {})
            for r in range(first, last + 1):
                i = position(r)
                if i is not None and i < len(rows):
                    if column != c and column < len(rows[i]) and not _blank(rows[i][column]):
                        continue  # a merge never hides what a cell says itself
                    target[i] = value
    return out


# A merge from 法定办结时限 across 承诺办结时限 says both limits are the same.
_MERGED_ACROSS = (("法定办结时限", "承诺办结时限"),)


def _positions(sheet: Sheet) -> Callable[[int], int | None]:
    """Excel row → index in sheet.rows (None when the sheet has no such row)."""
    numbers = sheet.row_numbers
    if numbers and numbers[0] == 1 and numbers[-1] == len(numbers):  # every row from 1 on
        size = len(numbers)
        return lambda r: r - 1 if 1 <= r <= size else None
    return {r: i for i, r in enumerate(numbers)}.get


def _merged_across(sheet: Sheet, data_start: int) -> dict[int, frozenset[int]]:
    """Row index → the columns (0-based) where a merge across three columns or more starts."""
    position = _positions(sheet)
    out: dict[int, set[int]] = {}
    for m in sheet.merged:
        top = position(m.min_row)
        if m.max_col - m.min_col >= 2 and top is not None and top >= data_start:
            out.setdefault(top, set()).add(m.min_col - 1)
    return {i: frozenset(cs) for i, cs in out.items()}


def _merge_tops(sheet: Sheet, data_start: int) -> dict[int, frozenset[int]]:
    """Row index → the columns (0-based) where a vertical merge with a value starts on that
    row (in the data)."""
    if not sheet.merged:
        return {}
    rows = sheet.rows
    position = _positions(sheet)
    out: dict[int, set[int]] = {}
    for m in sheet.merged:
        top = position(m.min_row)
        if m.max_row <= m.min_row or top is None or top < data_start:
            continue
        c = m.min_col - 1
        if c < len(rows[top]) and not _blank(rows[top][c]):
            out.setdefault(top, set()).add(c)
    return {i: frozenset(cs) for i, cs in out.items()}


def _filled_rows(sheet: Sheet, start: int, layout: SheetLayout) -> dict[int, list[Any]]:
    """Row index → the row with its vertically merged cells filled down, and the limits merged
    across filled across (rows with a fill)."""
    cols = layout.columns
    across = frozenset(
        (cols[a] - 1, cols[b] - 1) for a, b in _MERGED_ACROSS if a in cols and b in cols
    )
    out: dict[int, list[Any]] = {}
    for c, cells in _fills(sheet, start, across).items():
        for i, value in cells.items():
            row = out.get(i)
            if row is None:
                row = out[i] = list(sheet.rows[i])
            if c >= len(row):
                row.extend([None] * (c + 1 - len(row)))
            row[c] = value
    return out


def _table_wide(
    own: Sequence[Any], row: Sequence[Any], name_c: int, specific: Sequence[int]
) -> bool:
    """A row with a name of its own where merges fill only what a whole table shares
    (事项类型, 实施部门), none of what an item says of itself (``specific``)."""
    return name_c < len(own) and not _blank(own[name_c]) and all(
        _blank(row[c]) for c in specific if c < len(row)
    )


def _lead(row: Sequence[Any], seq_c: int | None) -> Any:
    """The first value of a row, looking past its 序号 (a pre-numbered 序号 column does not
    hide a note written beside it); the 序号 itself when it is all the row holds."""
    for c, v in enumerate(row):
        if c != seq_c and v != "" and v is not None and not (v.__class__ is str and v.isspace()):
            return v
    v = row[seq_c] if seq_c is not None and seq_c < len(row) else None
    return None if _blank(v) else v


def _pick(sheet: Sheet, layout: SheetLayout) -> _Picked:
    """Keep the item (or material) rows of a sheet and convert their columns.

    A row is judged on what it holds itself (a row that only a merged cell reaches is blank; a
    section row inside a long merge is a section), and kept with its merged cells filled down
    (a sub-item under a merged 序号 / 事项名称 is an item whatever its own first cell says).
    """
    numbers = sheet.row_numbers
    items = layout.kind == "items"
    start = numbers.index(layout.header_rows[-1]) + 1
    filled = _filled_rows(sheet, start, layout)
    tops = _merge_tops(sheet, start)
    rows = sheet.rows
    cols = layout.columns
    name_field = "事项名称" if items else "材料名称"
    name_c = cols[name_field] - 1 if name_field in cols else None
    seq_c = cols["序号"] - 1 if "序号" in cols else None
    sub_c = cols["子项名称"] - 1 if items and "子项名称" in cols else None
    type_c = cols["事项类型"] - 1 if items and "事项类型" in cols else None
    # What links a material below a note to its item (not a 序号: numbered notes carry one).
    links = [cols[f] - 1 for f in ("事项名称", "子项名称", "事项编码") if f in cols]
    cancelled = False  # a note listing what is no longer on the list (以下材料已取消：)
    # On a materials sheet, a title row naming the item of the materials below it.
    link_c = cols["事项名称"] - 1 if not items and "事项名称" in cols else None
    group: Any = None
    title_cs = frozenset(cols[f] - 1 for f in ("事项名称", "序号") if f in cols)
    across = _merged_across(sheet, start)
    own_item = [cols[f] - 1 for f in ("事项名称", "事项编码") if f in cols]
    details = [cols[f] - 1 for f in ("材料形式", "份数", "来源渠道", "是否证明材料") if f in cols]
    content = [c - 1 for f, c in cols.items() if f != "序号"]
    # A section row may repeat its type in 事项类型 (一、行政许可类 | 行政许可): still no item.
    required_other = [
        cols[f] - 1 for f in _REQUIRED_ITEM if f in cols and f not in ("事项名称", "事项类型")
    ]
    mapped = sorted(c - 1 for c in cols.values())
    # What an item says of itself, never merged down a whole table as 事项类型 or 实施部门 are.
    specific = [cols[f] - 1 for f in _ITEM_OWN if f in cols] if items else []
    header_first = _HEADER_FIRST[layout.kind]
    repeated_header = _header_rows_repeated(sheet, layout)
    keep: list[int] = []
    kept: list[Sequence[Any]] = []
    first_data = True
    notes_at: int | None = None  # the index of the row where the notes begin
    late: list[int] = []  # indexes of item rows below the notes
    next_table: int | None = None
    candidates: dict[tuple[Any, ...], str] = {}  # a row that could be a header: what it is
    for i in range(start, len(rows)):
        own = rows[i]
        first = _lead(own, None)
        if first is None:
            continue  # blank, even where a merge from above reaches it
        if _header_candidate(own, name_c, first):
            # (judged once per distinct row: 20,000 copies of a header took minutes)
            signature = tuple(own)
            verdict = candidates.get(signature)
            if verdict is None:
                other = find_layout(_view(sheet, i, HEADER_SCAN_ROWS + 1))
                verdict = (
                    "" if other is None or other.header_rows[0] != numbers[i]
                    else "repeat" if other.kind == layout.kind and other.columns == cols
                    else "table"
                )
                candidates[signature] = verdict
            if verdict == "repeat":
                continue  # the header repeated (page breaks in an export)
            if verdict == "table":
                next_table = i  # another table with a header of its own: read on its own
                break
        row = filled.get(i) or own
        if notes_at is not None and (cancelled or not (
            _item_below_notes(own, row, name_c, type_c, required_other)
            if items
            else _material_below_notes(
                own, row, name_c, links, details,
                group is not None or bool(keep and keep[-1] == i - 1),
            )
            or (link_c is not None and _titles_group(own, title_cs | across.get(i, frozenset())))
        )):
            continue  # the notes go on (a grid of hints, a sign-off table): only items are read
        # A row that merges from an item above fill in two content cells or more belongs to
        # that item's group (its sub-items): never a note, section or subtotal.
        grouped = row is not own and sum(
            1 for c in content if c < len(own) and _blank(own[c]) and not _blank(row[c])
        ) >= 2
        material = None if items or name_c is None or name_c >= len(own) else own[name_c]
        kind = "" if grouped else _row_kind(first, own, row, seq_c, material, tops.get(i, ()))
        if not kind and not grouped and material is None:
            kind = _lone_text(own, across.get(i, frozenset()))
        if kind == "note":
            if keep:
                notes_at = i if notes_at is None else notes_at
                cancelled = cancelled or any(
                    v.__class__ is str and _CANCELLED.search(_key(v)) is not None for v in own
                )
            continue  # a note between the header and the first item, or in the notes
        if kind:
            group = None
        if kind == "skip":
            continue
        if link_c is not None and not grouped:
            title = _group_title(own, title_cs | across.get(i, frozenset()))
            if title is not None:
                group = title  # 保安服务公司设立许可 across the sheet, its materials below
                continue
            if any(not _blank(row[c]) for c in own_item):
                group = None  # a row naming its own item ends the group (a 子项名称 does not)
            elif group is not None:
                row = list(row)
                row[link_c] = group
        if all(_blank(own[c]) or _is_number(own[c]) for c in content if c < len(own)):
            continue  # only a 序号, numbers dragged down (跑动次数 0), or what merges fill in
        if items and _template_row(own, content, name_c, sub_c):
            continue  # a template row: dropdown defaults (省级, 否) and no name
        if _example_row(own, (seq_c, name_c), first):
            continue  # 示例 | XX许可（示例）: the template's example, not a department's item
        if first_data:
            first_data = False
            if _is_column_numbers(row, mapped) or _is_hint_row(own, name_c):
                continue
        if repeated_header(own):
            continue  # the header repeated (page breaks in an export)
        if name_c is not None:
            name = row[name_c]
            # (a section or a subtotal written in its own name cell, even where a 事项类型 or
            # 实施部门 merged down the table reaches the row; not a sub-item whose 设定依据,
            # 受理条件 … merge down from its item: （二）增项 under 危险化学品经营许可)
            if (not grouped or _table_wide(own, row, name_c, specific)) and _worth_a_look(name):
                key = _key(name)
                # (a material may be named 合计3页的平面图: only a bare total is no material)
                if _is_subtotal(key) and (items or key in _SUBTOTAL or _COUNT_ONLY.fullmatch(key)):
                    continue
                if items and _is_section(key) and all(_blank(own[c]) for c in required_other):
                    continue
            if (
                name.__class__ is str
                and len(name) <= 16
                and name.lstrip()[:1] in header_first
                and field_for_header(name, materials=not items) == name_field
            ):
                continue  # the header repeated (page breaks in an export)
        if (
            items
            and not grouped
            and seq_c is not None
            and _worth_a_look(own[seq_c])
            and _is_section(_key(own[seq_c]))
            and all(_blank(own[c]) for c in required_other)
        ):
            continue
        keep.append(i)
        kept.append(row)
        if notes_at is not None and items:
            late.append(i)
    if items and seq_c is not None and specific:
        keep, kept = _without_main_item_lines(keep, kept, rows, seq_c, specific)
        still = set(keep)
        late = [i for i in late if i in still]
    raw: dict[str, list[str | None]] = {}
    cleaned: dict[str, list[str | None]] = {}
    for name, col in cols.items():
        raw[name], cleaned[name] = _convert(list(map(itemgetter(col - 1), kept)))
        unit = layout.units.get(name)
        if unit:  # 20 under 承诺办结时限（天） reads 20天, 十五（不含公示）十五天（不含公示）
            cleaned[name] = [_with_unit(v, unit) for v in cleaned[name]]
    for name, choices in layout.choices.items():
        named = tuple((c, clean(label) or label) for c, label in choices)
        raw[name] = cleaned[name] = [_ticked(row, named) for row in kept]
    notes_row = numbers[notes_at] if notes_at is not None else 0
    return _Picked([numbers[i] for i in keep], raw, cleaned,
                   {numbers[i]: notes_row for i in late}, next_table)


def _without_main_item_lines(
    keep: list[int], kept: list[Sequence[Any]], rows: Sequence[Sequence[Any]], seq_c: int,
    specific: Sequence[int],
) -> tuple[list[int], list[Sequence[Any]]]:
    """Without the 主项 lines of a 权力清单 layout: a line numbered N that says nothing of its
    own (no 设定依据, 受理条件, 申请材料, 办理流程, 时限: only its name, type, department,
    level) above lines numbered N-1, N-2 (or N.1): a heading of its sub-items, not an item."""
    drop: set[int] = set()
    for k in range(len(keep) - 1):
        below = kept[k + 1]
        after = below[seq_c] if seq_c < len(below) else None
        # (most 序号 are whole numbers: 1, 2.0; only N-1 or N.1 below can make a heading)
        if after.__class__ is str:
            if "-" not in after and "." not in after and "\uff0d" not in after:
                continue
        elif after.__class__ is not float or after.is_integer():
            continue
        after = _key(after)
        own = rows[keep[k]]
        number = _key(own[seq_c]) if seq_c < len(own) else ""
        if not number.isdigit() or any(c < len(own) and not _blank(own[c]) for c in specific):
            continue
        if _SUB_NUMBER.fullmatch(after) and after.split("-")[0].split(".")[0] == number:
            drop.add(k)
    if not drop:
        return keep, kept
    return ([i for k, i in enumerate(keep) if k not in drop],
            [r for k, r in enumerate(kept) if k not in drop])


_SUB_NUMBER = re.compile(r"\d+[-.]\d+")


def _ticked(row: Sequence[Any], choices: tuple[tuple[int, str], ...]) -> str | None:
    """A field written as ticks, as a department would write it in one cell: the names of the
    columns ticked (parse.parse_yes_no with 办理形式's marks: √, ●, 是, 支持 …), joined by 、
    (窗口办理、快递申请); a column holding other text gives that text (窗口 | 省政务服务中心二楼).
    ``choices``: the columns and their cleaned names."""
    parts = []
    for col, name in choices:
        text = clean(row[col - 1]) if col - 1 < len(row) else None
        if text is None or is_placeholder(text):
            continue  # blank, -, /: not ticked
        ticked = parse_yes_no(text, "办理形式")
        if ticked is not False:
            parts.append(name if ticked else text)
    return "、".join(parts) or None


# First characters of every header of either kind, to pass over item rows at once.
_ANY_HEADER_FIRST = frozenset(
    "*★" + "".join(name_key(a)[:1] for f in (*ITEM_FIELDS, *MATERIAL_FIELDS)
                   for a in (f.name, *f.aliases))
)


def _header_candidate(own: Sequence[Any], name_c: int | None, first: Any) -> bool:
    """Cheap test: could this row be a header (its name cell, or its first value, a header's
    text of either kind)? The row is then read as a header to be sure."""
    v = own[name_c] if name_c is not None and name_c < len(own) and not _blank(own[name_c]) \
        else first
    return (v.__class__ is str and len(v) <= 16 and v.lstrip()[:1] in _ANY_HEADER_FIRST
            and is_header(v))


def _view(sheet: Sheet, start: int, size: int | None = None) -> Sheet:
    """The sheet from row index ``start`` on (``size`` rows at most), rows as Excel numbers
    them: another table's header and data on the same sheet."""
    end = None if size is None else start + size
    return Sheet(sheet.name, sheet.rows[start:end], sheet.row_numbers[start:end], sheet.merged,
                 sheet.hidden, sheet.hidden_rows)


# The template's example: 示例, 例1 or 示范填写 as a row's first value or 序号; a name such as
# XX许可（示例） or 保安员证核发（示范填写）. Not 示范 or 样例 alone: 省级示范性家庭农场认定 and
# 劳务派遣协议样本（示范文本） are real.
_EXAMPLE_MARK = re.compile(
    r"[(【]?(?:填表|填写)?(?:示例|样例|范例|示范|例)\d*(?:填写)?[)】]?:?"
)
_EXAMPLE_CHARS = re.compile("[示样范例填]")  # one of them is in every example mark
_EXAMPLE_NAME = re.compile(r"示例|\((?:示范|样例|范例)(?:填写)?\)$|\(填写\)$")
# Words of a hint, not of an item or a material: 填写事项清单中的事项名称, 其他相关材料（此类兜底
# 材料不得填写）; and a sentence cut across cells (的证明材料由社区出具).
_HINT_WORDS = re.compile(r"填写|不得|请勿|须写明|应写明|应当写明|请按")
# What a hint says where an item's name should be: 与事项清单中的事项名称一致, 按事项清单填写.
_LINK_HINT = re.compile(r"填写|一致|规范名称|实际名称|事项清单|请按|按照")
_FRAGMENT = re.compile(r"^的")
# A note that introduces a list of what is no longer on the list (以下事项已取消：, 以下材料均
# 已删除): nothing below it is read. Not a note that only mentions it (已取消的事项不再填写).
_CANCELLED = re.compile(
    r"(?:以下|下列)[^,;。]{0,12}?(?<!不得)(?<!请勿)(?<!不要)(?<!不能)"
    r"(?:取消|删除|废止|不再保留|不再列入|调出|下放|停止|暂停)"
)


def _example_row(own: Sequence[Any], names: Sequence[int | None], first: Any = None) -> bool:
    """A row marked as the template's example: 示例 / 例1 / 示范填写 as its first value, or a
    name in the given columns written as one (XX许可（示例）, 保安员证核发（示范填写））.
    ``first``: the row's first value when the caller has it."""
    first = _lead(own, None) if first is None else first
    if (
        first.__class__ is str
        and _EXAMPLE_CHARS.search(first)
        and _EXAMPLE_MARK.fullmatch(_key(first))
    ):
        return True
    return any(
        v.__class__ is str
        and _EXAMPLE_CHARS.search(v) is not None  # (most rows: answered without normalising)
        and _EXAMPLE_NAME.search(_key(v)) is not None
        for v in (own[c] for c in names if c is not None and c < len(own))
    )


def _hint_row(
    own: Sequence[Any],
    cols: Sequence[int | None],
    details: Sequence[int] = (),
    links: Sequence[int] = (),
) -> bool:
    """A row below the notes that explains how to fill the table in: a hint where an item's
    name should be (``links``: 与事项清单中的事项名称一致), or a hint's words or a header word in
    the given columns (the name; not a 受理条件 that says 不得) on a row with none of a
    material's own details (``details``: 材料形式, 份数, 来源渠道, 是否证明材料 filled in say it is
    a material, whatever its name says)."""
    texts = [
        _key(v) for v in (own[c] for c in (*cols, *links) if c is not None and c < len(own))
        if v.__class__ is str and not _blank(v)
    ]
    if any(_FRAGMENT.match(t) for t in texts):
        return True  # a sentence cut across cells: 的证明材料由社区出具
    for c in links:
        v = own[c] if c < len(own) else None
        if v.__class__ is str and not _blank(v):
            key = _key(v)
            if _LINK_HINT.search(key) or field_for_header(key) or field_for_header(
                key, materials=True
            ):
                return True
    if any(c < len(own) and not _blank(own[c]) for c in details):
        return False
    for c in cols:
        v = own[c] if c is not None and c < len(own) else None
        if v.__class__ is str and not _blank(v):
            key = _key(v)
            if _HINT_WORDS.search(key) or field_for_header(key) or field_for_header(
                key, materials=True
            ):
                return True
    return False


def _group_title(own: Sequence[Any], title_cs: Collection[int]) -> Any:
    """The item a materials-sheet row names as the title of a group: its only value, text, in
    the 事项名称 or 序号 column or merged across the sheet from any (``title_cs``: those
    columns for this row); not a lone 材料依据, 份数 or 备注. None when the row is no title."""
    found = None
    for c, v in enumerate(own):
        if _blank(v):
            continue
        if found is not None or v.__class__ is not str or _is_number(v) or c not in title_cs:
            return None
        found = v
    return found


def _titles_group(own: Sequence[Any], title_cs: Collection[int]) -> bool:
    """A materials-sheet title row (see _group_title) that is no note or footer."""
    return _group_title(own, title_cs) is not None and not _footer_row(own)


def _material_below_notes(
    own: Sequence[Any],
    row: Sequence[Any],
    name_c: int | None,
    links: list[int],
    details: list[int],
    continues: bool = False,
) -> bool:
    """Whether a row under a note of a materials sheet holds a material (``row``: with its
    merges filled): a 材料名称 that is no footer, no example and no hint (see _hint_row: a hint
    where the item's name should be always, a hint's words in the name unless the row fills a
    material's ``details``), and the item it belongs to in ``links`` (a note inside an item's
    merged rows is followed by more of its materials), or none when it ``continues`` a title
    or the material right above it read below the note."""
    if name_c is None or name_c >= len(row) or _blank(row[name_c]) or _footer_row(own):
        return False
    if _example_row(own, (name_c, *links)) or _hint_row(own, (name_c,), details, links):
        return False
    if continues and not any(c < len(row) and not _blank(row[c]) for c in links):
        # no item of its own, under a title or right under a material read below the note:
        # the title's or that material's item (or reported unlinked: never lost)
        return True
    return any(
        c < len(row)
        and not _blank(row[c])
        and field_for_header(cell_text(row[c]) or "", materials=True) is None
        for c in links
    )


def _item_below_notes(
    own: Sequence[Any],
    row: Sequence[Any],
    name_c: int | None,
    type_c: int | None,
    required_other: list[int],
) -> bool:
    """Whether a row under the notes holds an item (``row``: with its merges filled): a
    事项名称 that is no footer and no example (XX许可（示例）), one of the eleven types in
    事项类型 (in words: a grid of hints or a sign-off table has none there), two more required
    fields filled, and two content cells of its own (a merged item's sub-items count)."""
    if name_c is None or name_c >= len(row) or _blank(row[name_c]) or _footer_row(own):
        return False
    if _example_row(own, (name_c,)) or _hint_row(own, (name_c,)):
        return False
    if type_c is not None:
        kind = cell_text(row[type_c]) if type_c < len(row) else None
        if kind is None or kind.strip().isdigit() or item_type(kind) is None:
            return False
    filled = sum(1 for c in required_other if c < len(row) and not _blank(row[c]))
    return filled >= 2 and _count(own) >= 2


def _row_kind(
    first: Any,
    own: Sequence[Any],
    row: Sequence[Any],
    seq_c: int | None,
    name: Any = None,
    merged_down: Collection[int] = (),
) -> str:
    """"note" for a note, signature or date line; "skip" for a subtotal or section row; "" else.

    Judged by the row's first value and by its first value beside the 序号 (合计 may stand in
    the 序号 column; a note may stand beside a pre-numbered 序号). A row is judged on what it
    holds itself, except that a numbered heading (（二）注销) under merged item cells is a
    sub-item, not a section. ``name``: a material's name on a materials sheet, which is a
    material whatever it starts with ((二)营业执照复印件, 负责人（签字）的承诺书, 说明：…), unless
    it is a note that only notes are (填表说明, 注：, 以下空白). ``merged_down``: the columns
    where vertical merges start on the row; a section row may carry the top of a 实施部门 merged
    over the items below it, which is theirs, not the section's. A lead that is itself the top
    of such a merge (行政许可 in a 事项类型 column merged over an item's sub-items, the item's
    other cells merged too) is no section: the merges beside it are the item's own cells.
    """
    beside = _lead(own, seq_c) if seq_c is not None else None
    for lead in (first, beside) if beside is not None and beside is not first else (first,):
        if not (_worth_a_look(lead) or isinstance(lead, date)):
            continue
        key = _key(lead)
        lead_c = next((c for c, v in enumerate(own) if v is lead), None)
        down = len(merged_down) - (lead_c in merged_down)
        if name is not None and lead is name:
            if _is_strong_note(key) and _footer_row(own):
                return "note"
            continue
        if (_is_note(key) or _dates_only(own)) and _footer_row(own):
            return "note"
        if _is_subtotal(key):
            return "skip"
        if _DEPARTMENT_ALONE.fullmatch(key) and _count(own) == 1:
            return "skip"  # a sign-off line of the department's name, or a merge's top alone
        if _is_section_title(key) and _count(own) - down == 1:
            return "skip"  # 二、公共服务（2项）, even inside or on top of a long merge of 实施部门
        if _is_section(key) and _count(row) - down == 1:
            return "skip"
    return ""


# A sentence alone on a row (1.事项名称应与权力清单一致。, 跑动次数填写0或1；): a note, whatever
# column it stands in; no item's name holds 。 or ； or runs that long.
_SENTENCE = re.compile(r"[。;!?]|.{60}")
# A remark alone on a row, typed without a full stop: 以上事项由浙江省公安厅负责解释, 以上行政
# 许可事项共2项 (between two sections), 抄送：省编办, 本目录自公布之日起施行. No item, but no
# note that ends the table either: items may follow it.
_REMARK = re.compile(r"^(?:以上|抄送|抄报|本表|本目录|本清单)")
# A title alone on a row, merged across the table (浙江省公安厅“最多跑一次”事项目录（续表）).
_TITLE_WORDS = re.compile(r"续表|续上表|目录|清单|一览表|汇总表")


def _lone_text(own: Sequence[Any], across: Collection[int]) -> str:
    """"note" for a row whose only value is a sentence, "skip" for a title merged across the
    sheet (``across``: the columns where a merge across three or more starts), "" else."""
    found = None
    dated = False  # a date beside it (2017年3月1日 under a sign-off) changes nothing
    for c, v in enumerate(own):
        if _blank(v):
            continue
        if isinstance(v, date) or (v.__class__ is str and _DATE_TEXT.fullmatch(_key(v))):
            dated = True
            continue
        if found is not None or v.__class__ is not str:
            return ""
        found = (c, v)
    if found is None:
        return ""
    key = _key(found[1])
    if found[0] in across and _TITLE_WORDS.search(key):
        return "skip"
    if dated and _DEPARTMENT_ALONE.fullmatch(key):
        return "note"  # 浙江省公安厅 | 2017年3月1日: the sign-off
    if _SENTENCE.search(key):
        return "note"
    return "skip" if _REMARK.match(key) else ""


def _with_unit(value: str | None, unit: str) -> str | None:
    m = _BARE_NUMBER.fullmatch(value) if value is not None else None
    return f"{m[1]}{unit}{m[2] or ''}" if m else value


_HINTS = re.compile(r"\(?(?:必填|选填|可选|非必填|个?工作日|天|日|次|是/否|是或否|元)\)?")


# How a template's guidance row speaks of a column (必填，与权力清单一致, 从下拉列表选择, 如5个
# 工作日, 带区号); an item's cells may hold such a word (一致, 填写), so most cells must.
_GUIDANCE = re.compile(
    r"必填|选填|非必填|下拉|一致|填写|不填|列明|写明|全称|带区号|按顺序|如:|如[\d受即0]|例如|是/否|是或否"
    r"|0或1"
)


# Where the item's name goes, a guidance row says how to name it (与权力清单中的事项名称一致,
# 必填，按权力清单填写): words no item's name holds (仿制药质量和疗效一致性评价 holds 一致).
_NAME_GUIDANCE = re.compile(
    r"必填|选填|与[^,;。]{0,16}一致|按[^,;。]{0,12}填写|填写[^,;。]{0,8}名称"
)


def _is_hint_row(row: Sequence[Any], name_c: int | None = None) -> bool:
    """A row of hints right under the header (必填 | 选填, （工作日） | （次））: no item. Also
    a template's guidance row: how to name the item where its name goes, and guidance in most
    of its other cells (从下拉列表选择 | 如5个工作日 | 带区号)."""
    cells = [v for v in row if not _blank(v)]
    if not cells:
        return False
    if all(v.__class__ is str and _HINTS.fullmatch(_key(v)) for v in cells):
        return True
    name = row[name_c] if name_c is not None and name_c < len(row) else None
    if name.__class__ is not str or not _NAME_GUIDANCE.search(_key(name)):
        return False
    hints = sum(1 for v in cells if v.__class__ is str and len(v) <= 30
                and _GUIDANCE.search(_key(v)))
    return hints * 2 > len(cells)


# What a template row holds before anyone fills it in: dropdown defaults of the item fields.
_DEFAULT_VALUES = frozenset(
    name_key(v) for v in (*YES_NO, *LEVELS, "窗口办理", "网上办理", "是/否")
)  # (and a type in any accepted wording: fields.item_type)


def _template_row(
    own: Sequence[Any], content: list[int], name_c: int | None, sub_c: int | None
) -> bool:
    """A row without a 事项名称 (or a formula's 0 there) whose other cells are only dropdown
    defaults, numbers or the department's name: the template's empty rows, pre-filled (also
    under an item's name merged down over them).

    ``sub_c``: the 子项名称 column, which has no dropdown: a sub-item named like a default
    (市级, 县级) says something of its own."""
    if name_c is not None and name_c < len(own):
        name = own[name_c]
        if name.__class__ is str and name[:1].isalpha():
            return False  # a name (the usual case, answered at once)
        if not (_blank(name) or _is_number(name)):
            return False
    if sub_c is not None and sub_c < len(own) and not _blank(own[sub_c]):
        return False
    for c in content:
        v = own[c] if c < len(own) else None
        if _blank(v) or _is_number(v):
            continue
        key = _key(v)
        if not (
            key in _DEFAULT_VALUES or _DEPARTMENT_ALONE.fullmatch(key) or item_type(key) is not None
        ):
            return False
    return True


def _is_number(v: Any) -> bool:
    return v.__class__ in (int, float) or (v.__class__ is str and v.strip().isdigit())


def _count(row: Sequence[Any]) -> int:
    return sum(1 for v in row if not _blank(v))


def _header_rows_repeated(sheet: Sheet, layout: SheetLayout) -> Callable[[Sequence[Any]], bool]:
    """A test for a row that repeats one of the header's rows (two cells at least, each the
    header's text in that column: 法定 | 承诺 of a repeated two-row header)."""
    header_rows = []
    for r in layout.header_rows:
        row = sheet.row(r)
        cells = {c: _key(v) for c, v in enumerate(row) if not _blank(v)}
        if len(cells) >= 2:
            header_rows.append(cells)
    firsts = {next(iter(cells.values())) for cells in header_rows}

    def repeats(row: Sequence[Any]) -> bool:
        for v in row:
            if not _blank(v):
                if v.__class__ is not str or len(v) > 40 or _key(v) not in firsts:
                    return False
                break
        else:
            return False
        found = {c: _key(v) for c, v in enumerate(row) if not _blank(v)}
        return len(found) >= 2 and any(found == cells for cells in header_rows)

    return repeats


def _frame(picked: list[tuple[str, _Picked]], names: Sequence[str], which: str) -> pd.DataFrame:
    total = sum(len(p.rows) for _, p in picked)
    data: dict[str, Any] = {}
    for name in names:
        column: list[str | None] = []
        for _, p in picked:
            part = getattr(p, which).get(name)
            column.extend(part if part is not None else [None] * len(p.rows))
        arr = np.empty(total, dtype=object)
        arr[:] = column
        data[name] = arr
    sheets = np.empty(total, dtype=object)
    sheets[:] = [s for s, p in picked for _ in p.rows]
    data["_sheet"] = sheets
    # dtype=object keeps None as None (pandas 3 would otherwise infer its str dtype).
    frame = pd.DataFrame(data, dtype=object, copy=False)
    frame["_row"] = np.fromiter(
        (r for _, p in picked for r in p.rows), dtype=np.int64, count=total
    )
    return frame


def _without_hidden_lookups(
    layouts: list[SheetLayout], sheets: dict[str, Sheet]
) -> list[SheetLayout]:
    """Drop a hidden sheet of items that lacks a required column beside a visible items sheet
    that has them all: a lookup list (事项名称 | 事项编码 | 事项类型 | 实施部门 copied from the
    power list to feed dropdowns), not a table of items; it made the file missing-column."""

    def complete(la: SheetLayout) -> bool:
        return all(name in la.columns for name in _REQUIRED_ITEM if name != "申请材料")

    visible = [la for la in layouts if la.kind == "items" and not sheets[la.sheet].hidden]
    if not any(complete(la) for la in visible):
        return layouts
    return [la for la in layouts
            if not (la.kind == "items" and sheets[la.sheet].hidden and not complete(la))]


def _tables_of(sheet: Sheet, layout: SheetLayout) -> list[tuple[SheetLayout, _Picked]]:
    """The sheet's tables from ``layout`` on: each with its rows, and the next one where a row
    holds another header (一、行政许可 with its header, then 二、公共服务 with columns of its
    own, or a materials table under the items)."""
    out = [(layout, _pick(sheet, layout))]
    while (at := out[-1][1].next_table) is not None:
        sheet = _view(sheet, at)
        layout = find_layout(sheet)
        if layout is None:  # (the row was read as a header a moment ago)
            break
        out.append((layout, _pick(sheet, layout)))
    return out


def _label(layout: SheetLayout, first: bool) -> str:
    """A table in a message: 「公共服务」表, or 「事项清单」表第8行起的表格 for a later table on a
    sheet."""
    return f"「{layout.sheet}」表" + ("" if first else f"第{layout.header_rows[0]}行起的表格")


def extract_tables(workbook: Workbook) -> Tables:
    """Find each sheet's header and collect its items (and materials) into DataFrames."""
    found: list[SheetLayout] = []
    sheets: dict[str, Sheet] = {}
    for sheet in workbook.sheets:
        layout = find_layout(sheet)
        if layout is not None:
            found.append(layout)
            sheets[sheet.name] = sheet
    tables: list[tuple[SheetLayout, _Picked, bool]] = []
    for first_layout in _without_hidden_lookups(found, sheets):
        segments = _tables_of(sheets[first_layout.sheet], first_layout)
        tables += [(la, p, k == 0) for k, (la, p) in enumerate(segments)]
        if first_layout.companion is not None:  # items and their materials in one table
            sheet = sheets[first_layout.sheet]
            tables.append((first_layout.companion, _pick(sheet, first_layout.companion), True))
    layouts = [la for la, _, _ in tables]
    item_tables = [(la, p, first) for la, p, first in tables if la.kind == "items"]
    material_tables = [(la, p) for la, p, _ in tables if la.kind == "materials"]
    findings: list[Finding] = []
    csv = workbook.format == "csv"
    if not item_tables:
        findings.append(finding("header-not-found"))
    for name in _REQUIRED_ITEM:
        if name == "申请材料" and material_tables:
            continue  # a materials sheet stands in for the column
        missing = [(la, first) for la, _, first in item_tables if name not in la.columns]
        if missing:
            # Which tables lack it, when only some of several do: （「公共服务」表）.
            which = (
                {"which": "（" + "、".join(_label(la, first) for la, first in missing) + "）"}
                if len(missing) < len(item_tables) else {}
            )
            findings.append(
                finding("missing-column", sheet=None if csv else missing[0][0].sheet,
                        column=name, **which)
            )
    item_names = [f.name for f in ITEM_FIELDS]
    picked = [(la.sheet, p) for la, p, _ in item_tables]
    if item_tables and not any(p.rows for _, p in picked):
        findings.append(finding("no-items"))
    items = _frame(picked, item_names, "clean")
    raw = _frame(picked, item_names, "raw")
    materials = materials_raw = None
    if material_tables:
        material_names = [f.name for f in MATERIAL_FIELDS]
        mpicked = [(la.sheet, p) for la, p in material_tables]
        materials = _frame(mpicked, material_names, "clean")
        materials_raw = _frame(mpicked, material_names, "raw")
    after_notes = {(s, r): at for s, p in picked for r, at in p.after_notes.items()}
    return Tables(items, raw, materials, materials_raw, tuple(layouts), findings, after_notes)
