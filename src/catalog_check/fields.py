"""The submission's fields (template.md): canonical names, aliases, requirements and choices.

The reader maps headers through these aliases, the schemas declare these fields, and the
blank template is generated from them, so the three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog_check.text import name_key

__all__ = [
    "CATALOGUE_DETAILS",
    "EX_OFFICIO_TYPES",
    "ITEM_FIELDS",
    "ITEM_TYPES",
    "LEVELS",
    "MATERIAL_FIELDS",
    "SUB_ITEM_NOTED",
    "SUB_ITEM_WORDS",
    "TYPE_ALIASES",
    "Field",
    "field_for_header",
    "is_header",
    "item_field",
    "item_type",
    "material_field",
]

ITEM_TYPES = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
)
EX_OFFICIO_TYPES = frozenset({"行政处罚", "行政强制", "行政检查"})
#: What the merged catalogue carries of an item beside its name, type, department, code,
#: trips and yes/no flags: what the summary group passes on (the long 受理条件, 申请材料 and
#: 办理流程 stay in each department's list).
CATALOGUE_DETAILS = ("行使层级", "设定依据", "法定办结时限", "承诺办结时限", "例外说明", "办理形式",
                     "是否收费", "收费依据", "咨询电话")
#: Short forms and national codes (domain.md) accepted for 事项类型.
TYPE_ALIASES: dict[str, str] = {
    **{t: t for t in ITEM_TYPES},
    **{t[2:]: t for t in ITEM_TYPES if t.startswith("行政")},
    "其他": "其他行政权力",
    "其他权力": "其他行政权力",
    # the two kinds of 行政强制 (行政强制法 第二条): still ex officio, never in the catalogue
    "行政强制措施": "行政强制",
    "行政强制执行": "行政强制",
    "强制措施": "行政强制",
    "强制执行": "行政强制",
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "20": "公共服务",
    "1": "行政许可",
    "2": "行政处罚",
    "3": "行政强制",
    "4": "行政征收",
    "5": "行政给付",
    "6": "行政检查",
    "7": "行政确认",
    "8": "行政奖励",
    "9": "行政裁决",
}


# What may follow a type without changing it: 行政许可类, 公共服务事项, and a kind of it in
# brackets (其他行政权力（备案）, 行政确认（登记）); not any bracket (行政许可（已取消）).
_TYPE_QUALIFIER = re.compile(
    r"(?:类|事项|类事项)?(?:\((?:备案|登记|核准|审核|审核转报|转报|认定|确认)\))?$"
)


def item_type(text: str | None) -> str | None:
    """事项类型 as one of the eleven types (short forms, codes, 其它 for 其他, a 类 / 事项 or a
    bracketed kind after it); None if unknown."""
    if not text:
        return None
    key = name_key(text).replace("其它", "其他")
    found = TYPE_ALIASES.get(key)
    if found is None and len(key) > 2:
        bare = _TYPE_QUALIFIER.sub("", key)
        found = TYPE_ALIASES.get(bare) if len(bare) > 2 else None
    if found is None and (m := _EX_OFFICIO_NOTED.fullmatch(key)):
        found = TYPE_ALIASES.get(m[1])  # 行政处罚（简易程序）: a penalty, whatever its note
    return found


# An ex-officio power with any note in brackets stays that power (ex-officio-item, not
# invalid-item-type: the department learns why, not only that the word is wrong).
_EX_OFFICIO_NOTED = re.compile(r"(行政处罚|行政强制|行政检查|处罚|强制|检查)(?:类|事项)?\(.*\)")


LEVELS = ("省级", "市级", "县级", "乡镇（街道）级")
YES_NO = ("是", "否")
MATERIAL_FORMS = ("原件", "复印件", "原件和复印件", "电子")
MATERIAL_SOURCES = ("申请人自备", "政府部门核发", "其他")


#: Words for a sub-item in real lists. Alone, only 子项, 子项名称 and 业务办理项 name the column
#: in a one-row header (情形 or 办理项 alone may be anything); under a 事项名称 group cell every
#: one of them does (header.py's compounds).
SUB_ITEM_WORDS = ("子项", "子项名称", "业务办理项", "业务办理项名称", "办理项", "办理项名称",
                  "情形", "办理情形")
#: 子项 or 子项名称 with another sub-item word as its note (子项（业务办理项）, 子项名称（情形）):
#: still the sub-item, in a one-row header too.
SUB_ITEM_NOTED = tuple(
    f"{outer}（{inner}）" for outer in ("子项", "子项名称")
    for inner in ("业务办理项", "办理项", "情形", "办理情形")
)


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a submission sheet.

    name: canonical field name (used in findings, reports and JSON); required: True when
    every row must fill it; aliases: header spellings seen in real lists; choices: the
    allowed values (dropdowns in the template); note: what the template's header note says.
    """

    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    note: str = ""
    width: int = 14


ITEM_FIELDS: tuple[Field, ...] = (
    Field("序号", aliases=("编号",), note="选填。如 1、2 或 1-1", width=6),
    Field("事项名称", True,
          ("事项", "办事事项名称", "事项名", "权力事项名称", "权力名称", "主项名称", "主项",
           "事项名称（主项）"),
          note="必填。与权力清单一致的事项名称", width=30),
    # (SUB_ITEM_NOTED holds 子项名称（业务办理项）, the template's alias)
    Field("子项名称", aliases=("子项", "业务办理项", "事项名称（子项）", *SUB_ITEM_NOTED),
          note="选填。无子项的留空", width=20),
    Field("事项编码", aliases=("编码", "权力编码", "事项代码", "基本编码", "权力基本码"),
          note="选填。同一编码只对应一个事项", width=16),
    Field("事项类型", True, ("权力类型", "类型", "事项类别", "权力类别"), ITEM_TYPES,
          note="必填。从下拉列表选择；行政处罚、行政强制、行政检查不列入本目录", width=12),
    Field("实施部门", True, ("实施主体", "实施机关", "部门", "责任部门", "部门名称", "单位"),
          note="必填。部门全称，如浙江省公安厅", width=22),
    Field("行使层级", aliases=("层级", "办理层级"), choices=LEVELS,
          note="选填。省级、市级、县级、乡镇（街道）级，多个用顿号分隔", width=12),
    Field("设定依据", True, ("法律依据", "依据", "法定依据", "设定和实施依据"),
          note="必填。用书名号写明法律法规全称及条款，如《中华人民共和国行政许可法》第十二条",
          width=40),
    Field("受理条件", True, ("办理条件", "申请条件", "审批条件"),
          note="必填。逐条列明具体条件，不得使用“符合有关规定”等笼统表述", width=36),
    Field("申请材料", True, ("办理材料", "申报材料", "所需材料", "申请材料目录"),
          note="必填（已填写申请材料表的可不填）。每行一项材料，编号列出；证明材料须有法律法规依据",
          width=40),
    Field("办理流程", True, ("流程", "办事流程", "办理程序"),
          note="必填。如：申请→受理→审查→决定→送达", width=30),
    Field("法定办结时限", aliases=("法定时限", "法定期限"),
          note="选填。如 20个工作日；无法定时限的填“无”", width=14),
    Field("承诺办结时限", True, ("承诺时限", "承诺期限"),
          note="必填。如 5个工作日 或 即办；不得超过法定时限", width=14),
    Field("跑动次数", True, ("到现场次数", "到办事现场次数", "跑次", "最多跑几次"), ("0", "1"),
          note="必填。0 或 1；超过1次须填写例外说明", width=10),
    Field("例外说明", aliases=("必须现场办理原因说明", "跑多次原因"),
          note="跑动次数超过1次时必填", width=20),
    Field("是否即办件", aliases=("即办件", "办件类型"), choices=YES_NO,
          note="选填。是 / 否；即办件的承诺时限应为即办", width=10),
    Field("是否网上办理", aliases=("网上办理", "是否网办", "是否可网上办理"), choices=YES_NO,
          note="选填。是 / 否", width=10),
    Field("办理形式", aliases=("申请方式", "办理方式"),
          note="选填。如 窗口办理、网上办理、快递申请", width=16),
    Field("是否收费", aliases=("收费", "是否收费(是/否)"), choices=YES_NO,
          note="选填。是 / 否；收费的须填写收费依据", width=10),
    Field("收费依据", aliases=("收费标准及依据", "收费标准"),
          note="是否收费为“是”时必填", width=24),
    Field("咨询电话", aliases=("联系电话", "咨询方式"),
          note="选填。带区号的固定电话，如 0571-87654321", width=16),
    Field("备注", aliases=("说明",), width=16),
)

MATERIAL_FIELDS: tuple[Field, ...] = (
    Field("序号", aliases=("编号", "事项序号"), note="选填。所属事项的序号", width=6),
    Field("事项名称", aliases=ITEM_FIELDS[1].aliases,
          note="必填（已填写事项编码的可不填）。所属事项名称，与事项清单一致", width=30),
    Field("子项名称", aliases=ITEM_FIELDS[2].aliases, note="选填。所属子项名称", width=20),
    Field("事项编码", aliases=ITEM_FIELDS[3].aliases, note="选填。所属事项编码", width=16),
    Field("材料名称", True, ("材料", "申请材料名称"), note="必填。一行一项材料", width=36),
    Field("材料形式", aliases=("材料类型", "纸质/电子"), choices=MATERIAL_FORMS,
          note="选填。原件、复印件、原件和复印件、电子", width=12),
    Field("份数", aliases=("纸质材料份数",), note="选填。整数", width=6),
    Field("是否证明材料", aliases=("证明材料",), choices=YES_NO, note="选填。是 / 否", width=10),
    Field("材料依据", aliases=("要求提供材料的依据", "设定依据"),
          note="证明材料必填。用书名号写明法律法规及条款", width=36),
    Field("来源渠道", aliases=("材料来源",), choices=MATERIAL_SOURCES,
          note="选填。申请人自备、政府部门核发、其他", width=14),
)

_ITEM_BY_NAME = {f.name: f for f in ITEM_FIELDS}
_MATERIAL_BY_NAME = {f.name: f for f in MATERIAL_FIELDS}


def _alias_map(fields: tuple[Field, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fields:
        for spelling in (f.name, *f.aliases):
            out.setdefault(name_key(spelling), f.name)
    return out


_ITEM_ALIASES = _alias_map(ITEM_FIELDS)
_MATERIAL_ALIASES = _alias_map(MATERIAL_FIELDS)


def item_field(name: str) -> Field:
    """The items-sheet field with this canonical name."""
    return _ITEM_BY_NAME[name]


def material_field(name: str) -> Field:
    """The materials-sheet field with this canonical name."""
    return _MATERIAL_BY_NAME[name]


# A unit or a hint after a header, not a qualifier that changes the field (事项名称（子项）,
# 网上办理（网址）, 收费（标准及依据） keep their brackets and stay unmapped).
_NOTE_WORD = (
    r"(?:单位:)?(?:个?工作日|工作日内|工作天|天|日|自然日|日历日|个?月|次|趟|个"
    # after the reform is what the catalogue lists (跑动次数（改革后）); 改革前 stays unmapped
    r"|改革后|改革后的"
    r"|是/否|是或否|是\\否|y/n|√/×|0或1|0/1|即办件/承诺件|必填|必填项|选填|可选|可不填|全称|\*"
    # how to fill it in: 下拉选择, 从下拉列表选择
    r"|(?:从|在)?下拉(?:列表|菜单)?(?:中)?选择|下拉(?:列表|菜单|选项)|请选择|单选)"
)
# A how-to in words, as the whole note: 含材料名称、份数, 填写全称, 如：5个工作日, 无子项的不填,
# 区号+号码, 法律法规名称及条款 (one free run of text, so the note is split one way only).
_HOW_TO = (
    r"(?:含|包括|填写|请填写|写明|注明|列明|如|例如|按)[^()]*|[^()]*区号[^()]*"
    r"|(?:法律|法规)[^()]*(?:名称|条款|文号)[^()]*"
    # what to write, in any words: 填0或1, 即办填0, 跑动次数大于1时填写, 无子项的不填; the
    # articles (具体条款, 具体到条款); as another list says (与权力清单一致); examples (许可、确认、
    # 给付等); the values to choose from (0次/1次, 即办/承诺, 省级/市级/县级). Not a qualifier
    # that makes another column of the field (跑动次数（改革前）, 网上办理（网址）).
    # (not across a , or ; : 跑动次数（改革前，填写次数） is the column before the reform)
    r"|[^(),;]*填[^(),;]*|[^(),;]*条款|[^(),;]*一致|[^(),;]*、[^(),;]*等"
    r"|\d+次(?:[/、或]\d+次)+|即办(?:件)?[/、或]承诺(?:件)?"
    r"|(?:省|设区市|市|县|区县|县\(市、区\)|乡镇|乡镇\(街道\))级(?:[/、或]"
    r"(?:省|设区市|市|县|区县|县\(市、区\)|乡镇|乡镇\(街道\))级)+"
)
# One note or several (承诺办结时限（工作日，必填）), the last of them may be a how-to
# (申请材料（必填，含材料名称、份数）).
_HEADER_NOTE = re.compile(
    rf"\((?:{_NOTE_WORD}[,、;/]\s*)*(?:{_NOTE_WORD}|{_HOW_TO})\)$",
    re.IGNORECASE,
)
# A note that says the column holds something else than the field (网上办理（填写网址）,
# 收费（含标准及依据）): the header stays unmapped.
_OTHER_CONTENT = re.compile(r"网址|链接|地址|标准|依据|金额|费用|文号")
_LONGEST_NOTED = 60  # a longer cell is no header: its note is not looked for


def header_keys(header: str) -> tuple[str, ...]:
    """The keys a header is matched by: its name_key without * and ★, then, when it ends in a
    bracketed note (a unit or a hint: 承诺办结时限（工作日）, 跑动次数（次）, 是否即办件（是/否）),
    the key without that note."""
    key = name_key(header).replace("*", "").replace("★", "")
    key = key.removeprefix("改革后的").removeprefix("改革后") or key  # 改革后跑动次数
    if len(key) > _LONGEST_NOTED:
        return (key,)
    m = _HEADER_NOTE.search(key)
    if m is None:
        return (key,)
    bare = key[: m.start()]
    if _OTHER_CONTENT.search(m.group(0)) and bare in _YES_NO_HEADERS:
        return (key,)  # 网上办理（填写网址）: the column holds a web address, not 是 / 否
    return (key, bare) if bare else (key,)


#: Headers of the yes/no fields (是否网上办理, 网上办理, 收费 …), as keys.
_YES_NO_HEADERS = frozenset(
    name_key(a) for f in ITEM_FIELDS if f.name.startswith("是否") for a in (f.name, *f.aliases)
)


def field_for_header(header: str | None, *, materials: bool = False) -> str | None:
    """Map a header as written to its canonical field by exact alias (after normalisation; a
    trailing bracketed note is ignored when the whole header is no alias)."""
    if header is None:
        return None
    table = _MATERIAL_ALIASES if materials else _ITEM_ALIASES
    for key in header_keys(header):
        field = table.get(key)
        if field is not None:
            return field
    return None


def is_header(text: str) -> bool:
    """Whether a cell is the header of a field of either sheet (items or materials)."""
    return (field_for_header(text) is not None
            or field_for_header(text, materials=True) is not None)
