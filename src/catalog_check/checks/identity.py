"""Completeness and identity: required fields, type, duplicates, department, level, yes/no cells."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from catalog_check.checks._context import (
    Context,
    Failure,
    FunctionRule,
    Linked,
    SchemaRule,
    cell_rule,
)
from catalog_check.checks._values import as_mask, map_unique
from catalog_check.checks.materials import describe_material, material_raw
from catalog_check.fields import EX_OFFICIO_TYPES, ITEM_FIELDS, LEVELS, item_type
from catalog_check.parse import parse_yes_no
from catalog_check.rules import rule
from catalog_check.text import is_placeholder, name_key, trailing_notes_start, unbracketed

__all__ = [
    "REQUIRED_FIELDS",
    "RULES",
    "YES_NO_FIELDS",
    "department_facts",
    "filled",
    "items_after_notes",
    "levels_valid",
    "not_ex_officio",
    "type_known",
    "yes_no_readable",
]

#: Fields every item must fill (template.md); 申请材料 only without a materials sheet.
REQUIRED_FIELDS = tuple(f.name for f in ITEM_FIELDS if f.required)
#: Optional yes/no fields of the items sheet.
YES_NO_FIELDS = ("是否即办件", "是否网上办理", "是否收费")

_LEVEL_KEYS = frozenset(name_key(level) for level in LEVELS)
# rules.md lists 、，, / and newlines; ；; and spaces separate just as plainly.
# Levels are listed with 、，,/; or on lines; spaces inside a level (省　级) are no separator,
# but a list written with spaces only (省级 市级) is read too.
_LEVEL_SPLIT = re.compile("[、，,/\uff0f;；\r\n和及与]+")
_LEVEL_SPLIT_SPACES = re.compile("[、，,/\uff0f;；\\s和及与]+")


# ---------------------------------------------------------------- predicates (schema checks)


def filled(values: pd.Series) -> pd.Series:
    """missing-value: the cell says something ("" marks empty or a placeholder such as 无)."""
    return values != ""


def _type_ok(text: str) -> bool:
    return is_placeholder(text) or item_type(text) is not None


def type_known(values: pd.Series) -> pd.Series:
    """invalid-item-type: 事项类型 is one of the eleven types, a short form or a national code."""
    return as_mask(values, _type_ok)


def not_ex_officio(values: pd.Series) -> pd.Series:
    """ex-officio-item: 事项类型 is not 行政处罚, 行政强制 or 行政检查."""
    return as_mask(values, lambda v: item_type(v) not in EX_OFFICIO_TYPES)


# The same levels in other words, each still a level (级): 县（市、区）级, 县级（市、区）, 乡镇级,
# 街道级; a bare 省 or 市 is not one (rules.md lists the four and the template offers them).
_LEVEL_WORDS = {
    **{key: key for key in _LEVEL_KEYS},
    "乡镇级": "乡镇(街道)级", "街道级": "乡镇(街道)级", "乡镇街道级": "乡镇(街道)级",
    # Zhejiang's own words for them: 省本级, 设区市级, 区县级
    "省本级": "省级", "设区市级": "市级", "设区的市级": "市级", "区县级": "县级", "县区级": "县级",
}  # fmt: skip
_COUNTY_NOTE = re.compile(r"\((?:市|区|县)(?:[、,](?:市|区|县))*\)")  # 县（市、区）
_ALL_LEVELS = re.compile(r"(省)?(市)?(县)?(乡镇|乡|镇|街道)?(?P<count>[两三四])级")  # 省市县三级
_LEVEL_COUNTS = {"两": 2, "三": 3, "四": 4}
_LEVEL_MARKS = re.compile(r"[、,/]")
# A note of who acts for a level, after it (省级（委托下放至设区市）, 省级（含委托）): the level
# stands.
_BRACKET_AFTER_LEVEL = re.compile(r"(?<=级)\s*\(([^()]*)\)")
_DELEGATION = re.compile(r"委托|下放|授权|延伸")


def _without_delegation_notes(text: str) -> str:
    return _BRACKET_AFTER_LEVEL.sub(
        lambda m: "" if _DELEGATION.search(m[1]) else m[0], text
    )
# 县 （市、区） 级 (the spaces before a mark read from the start of their run only)
_SPACED_MARK = re.compile(r"(?:(?<!\s)\s++)?([()、,])\s*")


def _levels_ok(text: str) -> bool:
    if is_placeholder(text):
        return True
    text = _without_delegation_notes(text)
    # (省、市、县三级 as 省市县三级: the marks between the levels change nothing)
    whole = _ALL_LEVELS.fullmatch(_LEVEL_MARKS.sub("", _COUNTY_NOTE.sub("", name_key(text))))
    if whole and sum(1 for g in whole.groups()[:4] if g) == _LEVEL_COUNTS[whole["count"]]:
        return True  # 省市县三级 names three levels (not 省市四级)
    # (the cell is NFKC already: its brackets are ( ), spaces kept for the second split)
    text = _COUNTY_NOTE.sub("", _SPACED_MARK.sub(r"\1", text))
    for split in (_LEVEL_SPLIT, _LEVEL_SPLIT_SPACES):
        parts = [key for key in map(name_key, split.split(text)) if key]
        if parts and all(p in _LEVEL_WORDS for p in parts):
            return True
        # one 级 for the list (省、市、县级, 省级、设区市、县（市、区）): each bare part a level
        # with it
        if (parts and any(p.endswith("级") for p in parts)
                and all(p in _LEVEL_WORDS or p + "级" in _LEVEL_WORDS for p in parts)):
            return True
    return False


def levels_valid(values: pd.Series) -> pd.Series:
    """invalid-level: every 行使层级 listed is 省级, 市级, 县级 or 乡镇（街道）级."""
    return as_mask(values, _levels_ok)


def yes_no_readable(values: pd.Series) -> pd.Series:
    """invalid-yes-no: a filled yes/no cell reads as 是 or 否 (Y/N, √/×, 有/无, 1/0, and the
    column's own words: 即办件 under 是否即办件 …)."""
    field = str(values.name)
    return as_mask(values, lambda v: is_placeholder(v) or parse_yes_no(v, field) is not None)


# ---------------------------------------------------------------- facts


def department_facts(ctx: Context) -> dict[str, pd.Series]:
    """department_known: 实施部门 resolves in the registry (NA when blank)."""
    registry = ctx.registry
    known = map_unique(
        ctx.items["实施部门"],
        lambda t: None if is_placeholder(t) else registry.department(t) is not None,
    )
    return {"department_known": known.astype("boolean")}


# ---------------------------------------------------------------- findings


def _missing_value(ctx: Context, f: Failure) -> list[Linked]:
    raw = ctx.raw_value(f.index, f.column)
    written = raw.strip() if raw else ""
    # Say which it is: an empty cell, or a placeholder (无, /) where content belongs.
    state = f"仅填写了占位内容「{written}」" if written else "为空"
    return [
        ctx.item_finding("missing-value", f.index, f.column, raw if written else None, state=state)
    ]


def _ex_officio(ctx: Context, f: Failure) -> list[Linked]:
    """ex-officio-item, naming the type a code or short form stands for: 「02」（行政处罚）."""
    written = (ctx.raw_value(f.index, "事项类型") or "").strip()
    kind = item_type(written)
    shown = f"（{kind}）" if kind and kind not in written else ""
    return [ctx.item_finding("ex-officio-item", f.index, "事项类型", kind=shown)]


def _yes_no(ctx: Context, f: Failure) -> list[Linked]:
    if f.table == "materials":
        value = material_raw(ctx, f.index, f.column)
        return [describe_material(ctx, "invalid-yes-no", f.index, f.column, value)]
    return [ctx.item_finding("invalid-yes-no", f.index, f.column)]


def _item_keys(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """事项名称 and 子项名称 keys; a 子项名称 written in brackets ((变更)) is the same sub-item
    as without them (变更), as materials link it."""
    def build() -> np.ndarray:
        keys = ctx.key("子项名称").tolist()
        bare = {k: unbracketed(k) for k in set(keys) if k}
        return np.array([bare.get(k, k) for k in keys], dtype=object)

    return ctx.key("事项名称"), ctx.memo("sub_keys", build)


def _repeated(*keys: np.ndarray) -> np.ndarray:
    """Whether each row's combination of keys occurs more than once (via integer codes)."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key)
        combined = combined * (len(uniques) + 1) + codes
    return pd.Series(combined).duplicated(keep=False).to_numpy()


def _first(ctx: Context, i: int, j: int) -> dict[str, object]:
    """Where the first occurrence j of item i's duplicate is: its row, and its sheet if another."""
    where: dict[str, object] = {"first_row": ctx.rows[j]}
    if ctx.sheets[j] != ctx.sheets[i] and ctx.sheets[j]:
        where["first_sheet"] = f"「{ctx.sheets[j]}」表"
    return where


def duplicate_items(ctx: Context) -> list[Linked]:
    """duplicate-item: every repeat of a normalised (事项名称, 子项名称) names the first row."""
    names, subs = _item_keys(ctx)
    candidates = np.flatnonzero(_repeated(names, subs) & ~ctx.blank("事项名称"))
    first: dict[tuple[str, str], int] = {}
    out: list[Linked] = []
    for i in candidates.tolist():
        key = (names[i], subs[i])
        if key in first:
            out.append(
                ctx.item_finding(
                    "duplicate-item", i, "事项名称", **_first(ctx, i, first[key]),
                    subitem=ctx.sub_label(i),
                )
            )
        else:
            first[key] = i
    return out


# A number Excel wrote in scientific notation (3.30101E+14): saved as CSV, a long numeric code
# keeps only six digits, and codes that differed become one.
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[Ee]\+?[0-9]+")
_SCIENTIFIC_WHY = (
    "；该编码为科学计数法，保存时已丢失位数（常见于把数字格式的编码另存为CSV），"
    "须将该列设为文本格式后填写完整编码"
)


# A sub-item written into the name after its main item: 劳务派遣经营许可（变更）, 劳务派遣经营许可
# ——设立, 项目备案-技术改造 (keys: brackets are ( ), dashes as written); a sub-item is short,
# and the main item is more than an item type (行政处罚（对…的处罚） names two items).
_DASHED_SUB = re.compile(r"(?:——|—|(?<=[\u3400-\u9fff)])[-－](?=[\u3400-\u9fff]))([^—\-－()]+)$")
_SUB_MAX = 12


def _main_name(key: str) -> str:
    """The main item of a name key, a sub-item written after it taken off."""
    start = trailing_notes_start(key)
    if start == len(key):
        dashed = _DASHED_SUB.search(key)
        start = dashed.start() if dashed is not None else len(key)
    main = key[:start]
    if not main or len(key) - start > _SUB_MAX + 4 or item_type(main) is not None:
        return key
    return main


def duplicate_codes(ctx: Context) -> list[Linked]:
    """duplicate-item-code: one 事项编码 used by two different items (by normalised key).

    Sub-items of one main item may share its code (merged down, or a 权力基本码 on each):
    one item, whether the sub-item has a column of its own or is written into the name
    (劳务派遣经营许可（变更）, 劳务派遣经营许可——设立). A code in scientific notation says why
    the codes collide (digits lost)."""
    code_list = ctx.key("事项编码")
    blank = ctx.blank("事项编码")
    candidates = np.flatnonzero(_repeated(code_list) & ~blank)
    names, _ = _item_keys(ctx)
    first: dict[str, int] = {}
    out: list[Linked] = []
    for i in candidates.tolist():
        j = first.setdefault(code_list[i], i)
        if j != i and names[i] != names[j] and _main_name(names[i]) != _main_name(names[j]):
            out.append(
                ctx.item_finding(
                    "duplicate-item-code",
                    i,
                    "事项编码",
                    **_first(ctx, i, j),
                    other_item=ctx.item_label(j),
                    **({"why": _SCIENTIFIC_WHY} if _SCIENTIFIC.fullmatch(code_list[i]) else {}),
                )
            )
    return out


def items_after_notes(ctx: Context) -> list[Linked]:
    """item-after-notes: an item row below the notes that end its table (read all the same)."""
    where = ctx.tables.after_notes
    if not where:
        return []
    out = []
    for i, at in enumerate(zip(ctx.sheets, ctx.rows, strict=True)):
        notes_row = where.get(at)  # type: ignore[call-overload]
        if notes_row is not None:
            out.append(ctx.item_finding("item-after-notes", i, "事项名称", notes_row=notes_row))
    return out


# Names of the bodies Zhejiang formed in the 2018 institutional reform: each merges or
# renames 2017 departments, so none stands for one 2017 name (docs/registries.md).
_REFORM_2018 = re.compile(
    "市场监督管理局|市场监管局|自然资源厅|生态环境厅|卫生健康委|卫健委|应急管理厅|退役军人事务厅"
    "|医疗保障局|医保局|文化和旅游厅|文旅厅|农业农村厅|大数据发展管理局|大数据局"
)


#: The department the rule's fix gives as its example (rules.py, unknown-department).
_EXAMPLE = dict(rule("unknown-department").defaults)["example"].removeprefix("，如")


# Several departments in one 实施部门 cell (a joint item: 省公安厅、省交通运输厅).
_DEPARTMENT_LIST = re.compile(r"[、,，;；/\uff0f\s]+")


def _unknown_department(ctx: Context, f: Failure) -> list[Linked]:
    """unknown-department, naming the registered department the name is closest to (then the
    fix gives no example: 请填写部门全称, not 如浙江省住房和城乡建设厅 beside 「浙江省公安厅」),
    saying that the name is one of 2018, or that the cell names several registered departments
    (a joint item is listed under the department that leads it)."""
    written = ctx.raw_value(f.index, "实施部门") or ""
    extra: dict[str, str] = {}  # the fix's example: the rule's own unless said here
    # (split as written: name_key drops line breaks and spaces, one department per line)
    parts = [k for k in map(name_key, _DEPARTMENT_LIST.split(written)) if k]
    joint = [ctx.registry.department(p) for p in parts] if len(parts) > 1 else []
    if _REFORM_2018.search(name_key(written)):
        hint = "（这是2018年机构改革后的部门名称）"
    elif joint and all(joint):
        hint = f"（填写了{len(parts)}个部门）"
        lead = joint[0].name  # type: ignore[union-attr]
        extra["example"] = f"：联办事项只填写牵头部门，如「{lead}」，配合部门可在「备注」中注明"
    elif (near := ctx.registry.suggest_department(written)) is not None:
        hint, extra["example"] = f"，最接近的是「{near}」", ""
    else:
        hint = ""
    if "example" not in extra and ctx.registry.department(_EXAMPLE) is None:
        # a configured registry without the rule's example: one of its own, or none
        first = ctx.registry.departments[0].name if ctx.registry.departments else None
        extra["example"] = f"，如{first}" if first else ""
    return [ctx.item_finding("unknown-department", f.index, "实施部门", suggestion=hint,
                             **extra)]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "missing-value": SchemaRule(_missing_value),
    "item-after-notes": FunctionRule(items_after_notes),
    "invalid-item-type": cell_rule("invalid-item-type"),
    "ex-officio-item": SchemaRule(_ex_officio),
    "duplicate-item": FunctionRule(duplicate_items),
    "duplicate-item-code": FunctionRule(duplicate_codes),
    "unknown-department": SchemaRule(_unknown_department),
    "invalid-level": cell_rule("invalid-level"),
    "invalid-yes-no": SchemaRule(_yes_no),
}
