"""Conditions, process, contacts: specific 受理条件, at least two steps, a real 咨询电话."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from catalog_check.checks._context import Context, Failure, FunctionRule, Linked, SchemaRule
from catalog_check.checks._values import LINES, as_mask, bare_key
from catalog_check.parse import (
    fax_only,
    is_phone_list,
    split_list,
    split_steps,
    unknown_area_code,
)
from catalog_check.text import is_placeholder, name_key

__all__ = [
    "RULES",
    "conditions_specific",
    "enough_steps",
    "is_vague_condition",
    "phone_valid",
    "vague_entries",
]

_MIN_STEPS = 2
# An entry that is only a catch-all (rules.md): 符合有关规定, 符合法定条件, 其他条件 …, also
# with a "…规定的" qualifier (法律法规规定的其他条件).
# Also with what must comply named first, when the rules it must meet are only "the relevant
# ones" (变更事项符合相关法律法规规定, 拟设立机构符合相关规定: a short subject, no digits,
# marks, brackets, punctuation, 且/并/及 or a negation: 无违法记录，符合相关规定 and
# 不符合相关规定 say more; 企业名称符合规定 names a known rule for names and stays),
# 满足上级部门要求, 符合有关文件精神, 其他符合法律法规规定的条件, 按规定应具备的其他条件,
# and 其他 alone.
_LAWS = r"(?:法律、行政法规|法律和行政法规|法律法规|法律、法规|行政法规|法律|法规)"
# Whose rules, named before 有关 / 相关 (符合省人力社保厅有关规定, 符合行业主管部门的相关要求):
# a body or 国家 / 省 / 上级.
_WHOSE = (
    r"(?:国家和本省|国家和省|国家|本省|省|上级|行业主管部门|主管部门|行业"
    r"|[^\d《》<>()\[\],、;:]{1,10}?(?:厅|局|委|部门))?"  # (not 举办, 承办, 总部)
)
# What may stand before 规定的其他条件: whose rules, in words of laws and bodies only (法律、
# 法规规定的, 国家和省规定的, 按规定需要具备的), not an entry's own content (具有大专以上学历，以及
# 法律、法规规定的其他要求 says something specific first).
_RULE_WORDS = (
    rf"(?:{_LAWS}|规章|国家|本省|省|厅|上级|有关|相关|行业|主管部门|部门|按照|按|根据|依照|依据|依法"
    r"|和|及|与|、|的)*+"  # (possessive: 法律法规 read one way, not as 法律 + 法规 too)
)
_VAGUE = re.compile(
    r"[^\d《》<>()\[\]符满具其,、;:且并及和与不未无]{1,8}?(?:应当|应|须|需)?(?:符合|满足)"
    rf"{_WHOSE}(?:部门)?(?:的)?(?:有关|相关|相应)(?:部门)?(?:的)?"
    rf"{_LAWS}?(?:文件)?(?:规定|要求|政策|精神)"
    r"|(?:以及|及)?(?:申请人)?(?:应当|应|须|需)?(?:符合|满足|具备)"
    rf"{_WHOSE}(?:部门)?(?:的)?(?:其他)?"
    r"(?:有关|相关|法定|相应|受理|申请|办理)?(?:部门)?(?:的)?"
    rf"{_LAWS}?(?:文件)?(?:(?:和|及|、)(?:规章|政策))?(?:的)?(?:及|和|以及)?"
    r"(?:有关|相关|其他)?(?:的)?(?:规定|条件|要求|政策|精神)(?:(?:和|及|与)?(?:规定|要求|政策))?"
    r"(?:的条件|的要求|条件)?"
    # (a cited article is specific: 符合《律师法》第五条规定的其他条件 names where to look)
    # (符合法律、法规规定的其他条件: a verb may open whose rules)
    rf"|(?:以及|及)?(?:(?:申请人)?(?:应当|应)?(?:符合|满足|具备|具有))?"
    rf"(?:{_RULE_WORDS}规定的|{_RULE_WORDS}规定(?:应当|应|需要|需)?具备的"
    r"|(?:申请人)?(?:依法)?(?:应当|应)?具备的|(?:满足|具备|符合))?"
    r"(?:其他|其它)(?:相关|有关|法定)?(?:的)?(?:条件|情形|要求)"
    # 其他法律法规规定的条件, 其他依法应当具备的条件, 其他符合规定的条件, 等其他条件
    rf"|(?:以及|及|等)?(?:其他|其它){_LAWS}?(?:依法)?"
    rf"(?:规定|应当|应|需要|需)?(?:的)?(?:具备|符合|满足)?{_LAWS}?(?:的)?"
    r"(?:规定|要求)?(?:的)?(?:相关|有关|法定)?条件"
    r"|其他|其它"
)

# Every vague entry holds one of these; a cell without them needs no splitting.
_VAGUE_WORDS = re.compile(r"符合|满足|具备|其[他它]")


# An article or a document number named: specific, 《》 or not (符合保安服务管理条例第八条规定的
# 其他条件, 符合浙政发〔2016〕5号文件规定的其他条件).
_CITED = re.compile(r"第[\d一二三四五六七八九十百零]+条|\(\d{4}\)\d+号|号令")


@lru_cache(maxsize=16384)
def is_vague_condition(entry: str) -> bool:
    """One 受理条件 entry that says nothing specific (符合有关规定, 其他法定条件 …)."""
    if _NONE_OTHER.fullmatch(name_key(entry)):
        return False  # 其他（无）: there are none
    key = bare_key(entry)
    return _VAGUE.fullmatch(key) is not None and _CITED.search(key) is None


_NONE_OTHER = re.compile(r"(?:其他|其它)(?:条件)?[:(]?(?:无|没有|不涉及|不适用)\)?")


def vague_entries(text: str | None) -> list[str]:
    """The 受理条件 entries that are only a catch-all, as written."""
    if (
        text is None or is_placeholder(text) or _VAGUE_WORDS.search(text) is None
    ):  # no entry can be vague: skip the split
        return []
    # Line by line: split_list reads each line on its own, and lines repeat across items.
    return [e for line in LINES.split(text) for e in _vague_in_line(line)]


@lru_cache(maxsize=16384)
def _vague_in_line(line: str) -> tuple[str, ...]:
    """The vague entries of one line (lines repeat across items far more than cells do)."""
    return tuple(e for e in split_list(line) if is_vague_condition(e))


def conditions_specific(values: pd.Series) -> pd.Series:
    """vague-condition: no 受理条件 entry is only a catch-all."""
    return as_mask(values, lambda v: not vague_entries(v))


def _step_count(text: str) -> int:
    return len(split_steps(text))


def enough_steps(values: pd.Series) -> pd.Series:
    """process-too-short: 办理流程 names at least two steps."""
    return as_mask(values, lambda v: is_placeholder(v) or _step_count(v) >= _MIN_STEPS)


def phone_valid(values: pd.Series) -> pd.Series:
    """invalid-phone: 咨询电话 lists phone numbers (area code + number, mobile, 12345)."""
    return as_mask(values, lambda v: is_placeholder(v) or is_phone_list(v))


def _vague(ctx: Context, f: Failure) -> list[Linked]:
    entries = vague_entries(ctx.raw_value(f.index, "受理条件")) or vague_entries(
        ctx.items.at[f.index, "受理条件"]
    )
    return [ctx.item_finding("vague-condition", f.index, "受理条件", entry) for entry in entries]


def _process(ctx: Context, f: Failure) -> list[Linked]:
    steps = _step_count(ctx.items.at[f.index, "办理流程"])
    return [ctx.item_finding("process-too-short", f.index, "办理流程", steps=steps)]


_MOBILE_START = re.compile(r"1[3-9]")
#: A local number without its area code (87654321, 8765-4321): the usual fix is the code.
_LOCAL_NUMBER = re.compile(r"[2-9]\d{2,3}-?\d{4}")


def _phone(ctx: Context, f: Failure) -> list[Linked]:
    value = unicodedata.normalize("NFKC", ctx.raw_value(f.index, "咨询电话") or "")
    # Excel stores 057187654321 typed as a number as 57187654321: say so, it is the usual cause.
    # (not a mobile missing a digit: 1380571234 is no 013 area code)
    lost_zero = value.isdigit() and not _MOBILE_START.match(value) and is_phone_list("0" + value)
    area = unknown_area_code(value)
    if lost_zero:
        hint = "（疑似区号前的“0”被 Excel 当作数字去掉，请将该列设为文本格式）"
    elif fax_only(value):
        hint = "（只列出了传真号码，请填写可拨打的咨询电话）"
    elif area is not None:
        hint = f"（没有「{area}」这个区号，请核对）"
    elif _LOCAL_NUMBER.fullmatch(value):
        hint = "（缺少区号，请在号码前加上区号，如0571-87654321）"
    else:
        hint = ""
    return [ctx.item_finding("invalid-phone", f.index, "咨询电话", hint=hint)]


RULES: dict[str, SchemaRule | FunctionRule] = {
    "vague-condition": SchemaRule(_vague),
    "process-too-short": SchemaRule(_process),
    "invalid-phone": SchemaRule(_phone),
}
