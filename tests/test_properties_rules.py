"""Metamorphic properties of the item rules, on real .xlsx workbooks through review_file.

An item is kept as its meaning (a ``Spec``: lists of conditions, materials and steps, citations
as (title, article, 文号), limits as (number, unit) …) and written out in one of the many ways
departments write the same thing (a ``Style``): full-width or half-width digits and marks,
Chinese numerals, any list numbering of rules.md (1. 1、 （1） (1) ① 一、 ； and line breaks,
\\r\\n), a trailing 。, spaces round entries, 〔〕 [] 【】 ﹝﹞ round a 文号's year, a law's full
title or its registered short name, 第十二条 or 第12条, a department's full name or an alias,
national codes and short forms of 事项类型, Y/N and √/× for 是/否 …; and laid out in any order,
over one or two item sheets, under any number of title rows.

1. Rewrites keep the verdict: every finding (code, field) stays on the same item, and its row is
   the one Excel shows for that item where the layout put it.
2. Mutations (a blank required field, a promise over the legal limit, a second trip without a
   reason, a certificate with no basis …) give their code at the mutated item's row and field,
   and change nothing on the other items.

Workbooks are written per example (about 40 ms a review); the "ci" profile keeps the number of
examples small enough for the whole file to run in well under 40 s.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from drawing import chinese, examples
from workbooks import HEADER, SheetSpec, write_xlsx

from catalog_check.registry import default_registry
from catalog_check.review import review_file

REGISTRY = default_registry()
FIELDS = HEADER

# ---------------------------------------------------------------- what an item says


@dataclasses.dataclass(frozen=True)
class Citation:
    title: str  # the registry's full title
    short: str | None  # its registered short name
    article: int | None
    doc: tuple[str, str, str] | None = None  # (机关代字, year, number): 国发〔2004〕20号


@dataclasses.dataclass(frozen=True)
class Spec:
    name: str
    code: str
    type: str  # canonical 事项类型
    department: str  # full name in departments.csv
    levels: tuple[str, ...]
    basis: tuple[Citation, ...]
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    legal: tuple[int, str] | str | None  # (20, "个工作日"), "无" or None
    promise: tuple[int, str] | str | None  # (10, "个工作日"), "即办" or None
    trips: int | str | None
    exception: str | None
    instant: bool | None
    online: bool | None
    form: str | None
    fee: bool | None
    fee_basis: str | None
    phone: str | None
    blank: frozenset[str] = frozenset()  # fields written as a placeholder
    placeholder: str = ""
    raw: tuple[tuple[str, str], ...] = ()  # fields written as given, verbatim


SECURITY = Citation("保安服务管理条例", None, 8)
BASES: tuple[Spec, ...] = (
    Spec(  # a long list: 十一、 ⑪ （12）
        name="医疗机构执业登记（新办）", code="330000-WS-101", type="行政许可",
        department="浙江省卫生和计划生育委员会", levels=("省级",),
        basis=(Citation("医疗机构管理条例", None, 15),),
        conditions=("按照规定取得设置医疗机构批准书", "符合医疗机构的基本标准"),
        materials=("医疗机构执业登记申请书", "设置医疗机构批准书复印件",
                   "医疗机构用房产权证书或者租赁合同",
                   "医疗机构建筑设计平面图", "验资报告、资产评估报告", "医疗机构规章制度",
                   "医疗机构法定代表人或者主要负责人以及各科室负责人名录和有关资格证书、执业证书复印件",
                   "卫生技术人员名录表", "主要设备清单", "消防验收合格意见书",
                   "环境影响评价批复", "放射诊疗许可证复印件"),
        steps=("申请", "受理", "现场审查", "审批", "发证"),
        legal=(45, "日"), promise=(20, "个工作日"), trips=1, exception=None,
        instant=False, online=True, form="窗口办理、网上办理", fee=False, fee_basis=None,
        phone="0571-87709000",
    ),
    Spec(
        name="保安服务公司设立许可", code="330000-GA-001", type="行政许可",
        department="浙江省公安厅", levels=("省级",), basis=(SECURITY,),
        conditions=("有不低于人民币100万元的注册资本",
                    "拟任的保安服务公司法定代表人和主要管理人员具备任职所需的专业知识和有关业务工作经验",
                    "有住所和提供保安服务所需的设施、装备"),
        materials=("设立保安服务公司申请书", "拟任法定代表人和主要管理人员的简历",
                   "住所的产权证书或者租赁合同", "保安服务公司章程"),
        steps=("申请", "受理", "审查", "决定", "送达"),
        legal=(20, "个工作日"), promise=(10, "个工作日"), trips=0, exception=None,
        instant=False, online=True, form="网上办理、快递申请", fee=False, fee_basis=None,
        phone="0571-87280000",
    ),
    Spec(
        name="建筑业企业资质认定（施工总承包序列二级）", code="330000-JS-012", type="行政许可",
        department="浙江省住房和城乡建设厅", levels=("省级", "市级"),
        basis=(Citation("中华人民共和国建筑法", "建筑法", 13),
               Citation("中华人民共和国行政许可法", "行政许可法", 12)),
        conditions=("有符合国家规定的注册资本",
                    "有与其从事的建筑活动相适应的具有法定执业资格的专业技术人员"),
        materials=("建筑业企业资质申请表", "企业法人营业执照副本复印件", "企业主要人员注册证书",
                   "安全生产条件证明（依据{law:中华人民共和国建筑法}{art:44}）"),
        steps=("网上申请", "窗口受理", "专家评审", "审批决定"),
        legal=(20, "个工作日"), promise=(15, "个工作日"), trips=1, exception=None,
        instant=False, online=True, form="窗口办理、网上办理", fee=False, fee_basis=None,
        phone="0571-87055120",
    ),
    Spec(
        name="民用爆炸物品购买许可", code="330000-GA-007", type="行政许可",
        department="浙江省公安厅", levels=("省级", "市级", "县级"),
        basis=(Citation("民用爆炸物品安全管理条例", None, 21),),
        conditions=("具有工商营业执照或者事业单位法人证书",
                    "具有爆破作业单位许可证或者从事大型爆破作业的相关资质"),
        materials=("民用爆炸物品购买申请表", "工商营业执照或者事业单位法人证书复印件",
                   "无犯罪记录证明（依据{law:民用爆炸物品安全管理条例}{art:22}）",
                   "购买品种、数量和用途说明"),
        steps=("网上申请", "受理", "审查", "决定"),
        legal=(5, "日"), promise=(3, "个工作日"), trips=0, exception=None,
        instant=False, online=False, form="快递申请、窗口办理", fee=False, fee_basis=None,
        phone="12345",
    ),
    Spec(
        name="职工基本养老保险关系转移接续", code="330000-RS-031", type="公共服务",
        department="浙江省人力资源和社会保障厅", levels=("省级", "县级", "乡镇（街道）级"),
        basis=(Citation("中华人民共和国社会保险法", "社会保险法", 19),),
        conditions=("参保人员跨省流动就业", "已在转出地参加职工基本养老保险"),
        materials=("基本养老保险关系转移接续申请表", "居民身份证复印件"),
        steps=("申请", "受理", "审核", "办结"),
        legal="无", promise="即办", trips=1, exception=None,
        instant=True, online=True, form="窗口办理、网上办理", fee=False, fee_basis=None,
        phone="0571-88395000",
    ),
    Spec(
        name="企业投资项目核准", code="330000-FG-003", type="行政许可",
        department="浙江省发展和改革委员会", levels=("省级",),
        basis=(Citation("国务院关于投资体制改革的决定", None, None, ("国发", "2004", "20")),
               Citation("中华人民共和国行政许可法", "行政许可法", 12)),
        conditions=("项目符合国家产业政策", "项目已列入政府核准的投资项目目录"),
        materials=("项目申请报告", "城乡规划行政主管部门出具的选址意见书", "用地预审意见"),
        steps=("申请", "受理", "评估", "审查", "核准"),
        legal=(20, "个工作日"), promise=(12, "个工作日"), trips=1,
        exception=None, instant=False, online=True,
        form="窗口办理、网上办理", fee=True,
        fee_basis="《浙江省物价局关于核定投资项目评估收费标准的通知》",
        phone="0571-87052316",
    ),
)


# ---------------------------------------------------------------- how it is written

FULL_WIDTH = str.maketrans({**{chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)},
                            **{chr(c): chr(c + 0xFEE0) for c in range(0x41, 0x5B)},
                            ".": "\uff0e", "-": "\uff0d", "(": "（", ")": "）", ":": "：",
                            ";": "；", ",": "，"})
HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ","})
NUMBERINGS = ("1.", "1、", "1．", "（1）", "(1)", "①", "一、", "")
# "" and " ": numbered entries glued on one line (1.设立申请书2.章程) or after a space, as text
# pasted from a web page is.
SEPARATORS = ("\n", "\r\n", "；", ";\n", "；\r\n", "", " ")
ARROWS = ("→", "->", "—>", " → ", "、", "\n")
CITATION_SEPARATORS = ("；", "、", "，", "\n", ";")
YEAR_BRACKETS = ("〔〕", "[]", "【】", "﹝﹞", "［］")
YES_NO = (("是", "否"), ("Y", "N"), ("√", "×"), ("1", "0"), ("有", "无"))
TRIPS = {0: ("0", "0次", "零次", "跑零次"), 1: ("1", "1次", "一次", "最多跑一次"),
         2: ("2", "2次", "两次", "二次")}
INSTANT = ("即办", "当场办结", "立即办结", "0", "0个工作日")
NO_LEGAL_LIMIT = ("无", "无法定时限")
TYPE_FORMS = {"行政许可": ("行政许可", "许可", "01"), "公共服务": ("公共服务", "20")}
PHONES = {"0571-87280000": ("0571-87280000", "057187280000", "(0571)87280000",
                            "（0571）87280000", "0571-87280000、12345")}
LEVEL_SEPARATORS = ("、", "，", ",", "/", "\n")


@dataclasses.dataclass(frozen=True)
class Style:
    width: str = "as-is"  # as-is, full (full-width digits and marks), half (ASCII marks)
    cn_numbers: bool = False  # 二十个工作日, 第十二条 (else 20个工作日, 第12条)
    numbering: str = "1."
    separator: str = "\n"
    steps: str = "→"  # an arrow, or "list" (numbered like the lists)
    stop: str = ""  # a trailing 。: "cell" (after the last entry), "entry" (after each)
    spaces: bool = False  # spaces round entries and cells
    short_titles: bool = False
    year_brackets: str = "〔〕"
    alias: int = 0  # which of the department's names (0: the full name)
    type_form: int = 0
    yes_no: int = 0
    trips_form: int = 0
    instant_form: int = 0
    phone_form: int = 0
    level_separator: str = "、"
    citation_separator: str = "；"
    reversed_citations: bool = False
    invisible: bool = False  # a zero-width space inside cells, no-break spaces round entries


CANONICAL = Style()


def numbered(k: int, style: Style) -> str:
    n = style.numbering
    if n == "":
        return ""
    if n == "①":
        return chr(0x2460 + k - 1)
    if n == "一、":
        return chinese(k) + "、"
    return n.replace("1", str(k))


_TOKEN = re.compile(r"\{(law|art|doc):([^{}]+)\}")


def fill(text: str, style: Style) -> str:
    """An entry's citations as the style writes them: {law:中华人民共和国建筑法} (the title in
    《》, or its short name), {art:13} (第十三条 or 第13条), {doc:浙政发,2017,6} (a 文号)."""

    def one(m: re.Match[str]) -> str:
        kind, value = m.groups()
        if kind == "law":
            law = REGISTRY.law(value)
            short = law.short_names[0] if law and law.short_names and style.short_titles else None
            return f"《{short or value}》"
        if kind == "art":
            return f"第{number(int(value), style)}条"
        issuer, year, n = value.split(",")
        left, right = style.year_brackets
        return f"{issuer}{left}{year}{right}{n}号"

    return _TOKEN.sub(one, text)


def write_list(entries: Sequence[str], style: Style) -> str:
    pad = (" " if style.spaces else "") + ("\u00a0" if style.invisible else "")
    sep = style.separator
    if not style.numbering and sep in ("", " "):
        sep = "\n"  # (unnumbered entries need a separator that is not a space)
    end = "。" if style.stop == "entry" else ""
    text = sep.join(f"{pad}{numbered(k, style)}{pad}{fill(e, style)}{end}{pad}"
                    for k, e in enumerate(entries, start=1))
    return text + ("。" if style.stop == "cell" else "")


def write_steps(steps: Sequence[str], style: Style) -> str:
    if style.steps == "list":
        return write_list(steps, style)
    return style.steps.join(steps)


def number(n: int, style: Style) -> str:
    return chinese(n) if style.cn_numbers else str(n)


def write_limit(limit: tuple[int, str] | str | None, style: Style) -> str | None:
    if limit is None or isinstance(limit, str):
        if limit == "无":
            return NO_LEGAL_LIMIT[style.instant_form % len(NO_LEGAL_LIMIT)]
        return INSTANT[style.instant_form] if limit == "即办" else limit
    return number(limit[0], style) + limit[1]


def write_basis(basis: Sequence[Citation], style: Style) -> str:
    parts = []
    for c in (reversed(basis) if style.reversed_citations else basis):
        title = c.short if style.short_titles and c.short else c.title
        text = f"《{title}》"
        if c.doc:
            left, right = style.year_brackets
            text += f"（{c.doc[0]}{left}{c.doc[1]}{right}{c.doc[2]}号）"
        if c.article is not None:
            text += f"第{number(c.article, style)}条"
        parts.append(text)
    return style.citation_separator.join(parts)


def names_of(department: str) -> tuple[str, ...]:
    dept = REGISTRY.department(department)
    if dept is None:
        return (department,)  # (unknown-department: only as written)
    assert dept.name == department
    return (department, *sorted(a for a in dept.aliases if a != department))


def yes_no(value: bool | None, style: Style) -> str | None:
    return None if value is None else YES_NO[style.yes_no][0 if value else 1]


def write_item(spec: Spec, seq: int, style: Style) -> dict[str, str | None]:
    """The item's cells as a department writing in ``style`` would fill them."""
    names = names_of(spec.department)
    forms = TYPE_FORMS.get(spec.type, (spec.type,))
    trips = spec.trips
    if isinstance(trips, int) and trips in TRIPS:
        trips = TRIPS[trips][style.trips_form]
    cells: dict[str, str | None] = {
        "序号": str(seq),
        "事项名称": spec.name,
        "子项名称": None,
        "事项编码": spec.code,
        "事项类型": forms[style.type_form % len(forms)],
        "实施部门": names[style.alias % len(names)],
        "行使层级": style.level_separator.join(spec.levels),
        "设定依据": write_basis(spec.basis, style),
        "受理条件": write_list(spec.conditions, style),
        "申请材料": write_list(spec.materials, style),
        "办理流程": write_steps(spec.steps, style),
        "法定办结时限": write_limit(spec.legal, style),
        "承诺办结时限": write_limit(spec.promise, style),
        "跑动次数": None if trips is None else str(trips),
        "例外说明": spec.exception,
        "是否即办件": yes_no(spec.instant, style),
        "是否网上办理": yes_no(spec.online, style),
        "办理形式": spec.form,
        "是否收费": yes_no(spec.fee, style),
        "收费依据": spec.fee_basis,
        "咨询电话": (PHONES.get(spec.phone or "", (spec.phone,)) * 5)[style.phone_form],
        "备注": None,
    }
    for field in spec.blank:
        cells[field] = spec.placeholder or None
    cells.update(dict(spec.raw))
    for field, value in cells.items():
        if value is None or field in dict(spec.raw):
            continue
        if style.width == "full":
            value = value.translate(FULL_WIDTH)
        elif style.width == "half":
            value = value.translate(HALF_WIDTH)
        if style.spaces and field not in ("序号",):
            value = f" {value}\u3000"
        if style.invisible and len(value) > 3:
            value = value[:2] + "\u200b" + value[2:]
        cells[field] = value
    return cells


# ---------------------------------------------------------------- laying out and reviewing


@dataclasses.dataclass(frozen=True)
class Layout:
    order: tuple[int, ...]  # item indexes in sheet order
    split: int  # items from this position on go to a second sheet (len: one sheet)
    titles: int  # title rows above the header of the first sheet
    titles2: int = 0  # … and of the second


def place(layout: Layout) -> dict[int, tuple[str, int]]:
    """Item index → (sheet, the row Excel shows)."""
    out = {}
    for pos, i in enumerate(layout.order):
        if pos < layout.split:
            out[i] = ("事项清单", layout.titles + 2 + pos)
        else:
            out[i] = ("第二张", layout.titles2 + 2 + pos - layout.split)
    return out


TITLE_ROWS = ("附件1", "浙江省公安厅群众和企业到政府办事“最多跑一次”事项目录（第二批）",
              "填报单位（盖章）：浙江省公安厅    填报人：王芳    联系电话：0571-87280000")

# One folder for every example's workbook, removed when the test session ends (hypothesis
# runs examples without pytest's function-scoped tmp_path).
_TMPDIR = tempfile.TemporaryDirectory(prefix="pb-rules-")
_TMP = Path(_TMPDIR.name)

#: The findings of each workbook already reviewed, by its sheets' cells: examples draw the
#: same items in the same writing again (half of the plain writings in the rewrite test), and
#: the same cells give the same findings.
_REVIEWED: dict[tuple, list[tuple]] = {}


def review(specs: Sequence[Spec], styles: Sequence[Style], layout: Layout) -> list[tuple]:
    """(code, sheet, row, column) of every finding of the workbook the layout writes (once for
    the same cells)."""
    sheets: list[list[list[str | None]]] = [[], []]
    for pos, i in enumerate(layout.order):
        cells = write_item(specs[i], pos + 1, styles[i])
        sheets[pos >= layout.split].append([cells[f] for f in FIELDS])
    written = []
    for name, titles, rows in (("事项清单", layout.titles, sheets[0]),
                               ("第二张", layout.titles2, sheets[1])):
        if rows or name == "事项清单":
            written.append(SheetSpec(name, [[t] for t in TITLE_ROWS[:titles]]
                                     + [list(FIELDS)] + rows))
    cells = tuple((sheet.name, tuple(map(tuple, sheet.rows))) for sheet in written)
    if cells not in _REVIEWED:
        path = write_xlsx(_TMP / "submission.xlsx", sheets=written)
        found = review_file(path, registry=REGISTRY).file.findings
        _REVIEWED[cells] = [(f.code, f.sheet, f.row, f.column) for f in found]
    return list(_REVIEWED[cells])


def per_item(findings: list[tuple], layout: Layout, groups: dict[int, int]) -> Counter:
    """Findings by item: (item, code, column); a duplicate's finding by its group of repeats
    (which repeat is "after the first" depends on the order, rules.md duplicate-item)."""
    at = {where: i for i, where in place(layout).items()}
    out: Counter = Counter()
    for code, sheet, row, column in findings:
        assert (sheet, row) in at, f"{code} at {sheet}!{row}, where no item is"
        i = at[(sheet, row)]
        if code in ("duplicate-item", "duplicate-item-code"):
            i = -1 - groups.get(i, i)
        out[(i, code, column)] += 1
    return out


# ---------------------------------------------------------------- mutations


@dataclasses.dataclass(frozen=True)
class Mutation:
    name: str
    change: Callable[[Spec], Spec]
    code: str  # "" for a near miss, which must give nothing
    column: str
    applies: Callable[[Spec], bool] = lambda s: True
    also: frozenset[str] = frozenset()  # other codes the change gives by rules.md


def _set(**changes) -> Callable[[Spec], Spec]:
    return lambda s: dataclasses.replace(s, **changes)


def _add(field: str, entry: str) -> Callable[[Spec], Spec]:
    return lambda s: dataclasses.replace(s, **{field: (*getattr(s, field), entry)})


def _blank(field: str, placeholder: str = "") -> Mutation:
    return Mutation(f"blank-{field}-{placeholder or 'empty'}",
                    lambda s: dataclasses.replace(s, blank=s.blank | {field},
                                                  placeholder=placeholder),
                    "missing-value", field)


def _longer(s: Spec) -> Spec:
    n, unit = s.legal  # type: ignore[misc]
    return dataclasses.replace(s, promise=(n + 5, unit), instant=False)


REQUIRED = ("事项名称", "事项类型", "实施部门", "设定依据", "受理条件", "申请材料", "办理流程",
            "承诺办结时限", "跑动次数")
MUTATIONS: tuple[Mutation, ...] = (
    *(_blank(f) for f in REQUIRED),
    *(_blank(f, p) for f in ("受理条件", "申请材料", "设定依据", "办理流程")
      for p in ("无", "/", "待补充", "详见附件", "同上")),
    Mutation("promise-over-legal", _longer, "promise-exceeds-legal", "承诺办结时限",
             lambda s: isinstance(s.legal, tuple)),
    Mutation("two-trips-unexplained", _set(trips=2, exception=None), "trips-exceed-one",
             "例外说明"),
    Mutation("three-trips-unexplained", _set(trips="3次", exception=None), "trips-exceed-one",
             "例外说明"),
    Mutation("two-trips-explained", _set(trips=2, exception="需现场核验原件"), "trips-exception",
             "例外说明"),
    Mutation("certificate", _add("materials", "无犯罪记录证明"), "certificate-without-basis",
             "申请材料"),
    Mutation("certificate-residence", _add("materials", "居住证明"), "certificate-without-basis",
             "申请材料"),
    Mutation("certificate-rule-basis",
             _add("materials", "在职证明（依据{law:保安培训机构管理办法}{art:5}）"),
             "certificate-basis-too-low", "申请材料"),
    Mutation("certificate-document-basis",
             _add("materials",
                  "居住证明（依据《浙江省居住证管理条例》（{doc:浙政发,2017,6}）{art:10}）"),
             "certificate-basis-too-low", "申请材料"),
    Mutation("certificate-regulation-basis",
             _add("materials", "居住证明（依据《浙江省居住证管理条例》{art:10}）"),
             "", "申请材料"),
    Mutation("seal-unit", _add("materials", "在职情况说明（须经所在单位盖章）"),
             "seal-without-basis", "申请材料"),
    Mutation("seal-committee", _add("materials", "情况说明（由村委会盖章）"),
             "seal-without-basis", "申请材料"),
    *(Mutation(f"catch-all-{w}", _add("materials", w), "catch-all-material", "申请材料")
      for w in ("其他材料", "相关材料", "其他需要提交的材料", "有关材料", "要求的其他材料",
                "营业执照等材料")),
    *(Mutation(f"vague-{w}", _add("conditions", w), "vague-condition", "受理条件")
      for w in ("符合有关规定", "符合相关规定", "符合法定条件", "其他条件", "其他法定条件")),
    Mutation("one-step", _set(steps=("窗口受理",)), "process-too-short", "办理流程"),
    *(Mutation(f"phone-{p}", _set(phone=p), "invalid-phone", "咨询电话")
      for p in ("87280000", "电话", "0571-123")),
    *(Mutation(f"type-{t}", _set(type=t), "invalid-item-type", "事项类型")
      for t in ("许可证", "行政审批", "99")),
    *(Mutation(f"type-{t}", _set(type=t), "ex-officio-item", "事项类型")
      for t in ("行政处罚", "行政强制", "行政检查", "02")),
    Mutation("unknown-department", _set(department="浙江省民防局"), "unknown-department",
             "实施部门"),
    Mutation("invalid-level", _set(levels=("省级", "区级")), "invalid-level", "行使层级"),
    Mutation("basis-no-citation", _set(raw=(("设定依据", "根据有关规定"),)), "basis-no-citation",
             "设定依据"),
    Mutation("basis-no-article",
             lambda s: dataclasses.replace(
                 s, basis=tuple(dataclasses.replace(c, article=None) for c in s.basis)),
             "basis-no-article", "设定依据"),
    Mutation("basis-unknown-law", _set(basis=(Citation("中华人民共和国保安服务法", None, 8),)),
             "basis-unknown-law", "设定依据"),
    Mutation("permit-basis-rule", _set(basis=(Citation("保安培训机构管理办法", None, 5),)),
             "permit-basis-too-low", "设定依据", lambda s: s.type == "行政许可"),
    Mutation("permit-basis-document",
             _set(basis=(Citation("浙江省保安服务管理规定", None, 5, ("浙政办发", "2017", "12")),)),
             "permit-basis-too-low", "设定依据", lambda s: s.type == "行政许可",
             frozenset({"basis-unknown-law"})),
    Mutation("promise-unparseable", _set(raw=(("承诺办结时限", "尽快办理"),)),
             "time-limit-unparseable", "承诺办结时限"),
    Mutation("instant-yes-not-instant", _set(instant=True, promise=(5, "个工作日")),
             "instant-mismatch", "是否即办件"),
    Mutation("instant-no-but-instant", _set(instant=False, promise="即办"),
             "instant-mismatch", "是否即办件"),
    Mutation("trips-invalid", _set(trips="多次"), "trips-invalid", "跑动次数"),
    Mutation("zero-trip-offline", _set(trips=0, online=False, form="窗口办理"),
             "zero-trip-offline", "跑动次数"),
    Mutation("fee-without-basis", _set(fee=True, fee_basis=None), "fee-without-basis", "收费依据"),
)

# Base item × style: a base is written in every style with its rule-relevant content kept.
widths = st.sampled_from(("as-is", "full", "half"))
styles = st.builds(
    Style,
    width=widths,
    cn_numbers=st.booleans(),
    numbering=st.sampled_from(NUMBERINGS),
    separator=st.sampled_from(SEPARATORS),
    steps=st.sampled_from((*ARROWS, "list")),
    stop=st.sampled_from(("", "cell", "entry")),
    spaces=st.booleans(),
    short_titles=st.booleans(),
    year_brackets=st.sampled_from(YEAR_BRACKETS),
    alias=st.integers(0, 6),
    type_form=st.integers(0, 2),
    yes_no=st.integers(0, len(YES_NO) - 1),
    trips_form=st.integers(0, 3),
    instant_form=st.integers(0, len(INSTANT) - 1),
    phone_form=st.integers(0, 4),
    level_separator=st.sampled_from(LEVEL_SEPARATORS),
    citation_separator=st.sampled_from(CITATION_SEPARATORS),
    reversed_citations=st.booleans(),
    invisible=st.booleans(),
)


@st.composite
def layouts(draw: st.DrawFn, n: int) -> Layout:
    order = tuple(draw(st.permutations(range(n))))
    split = draw(st.integers(1, n))
    return Layout(order, split, draw(st.integers(0, 3)), draw(st.integers(0, 3)))


@st.composite
def submissions(draw: st.DrawFn) -> tuple[list[Spec], dict[int, int]]:
    """Two to four items (distinct bases), some of them mutated, maybe one repeated."""
    picks = draw(st.lists(st.integers(0, len(BASES) - 1), min_size=2, max_size=4, unique=True))
    specs = [BASES[k] for k in picks]
    for k in range(len(specs)):
        if draw(st.booleans()):
            m = draw(st.sampled_from([m for m in MUTATIONS if m.applies(specs[k])]))
            specs[k] = m.change(specs[k])
    groups: dict[int, int] = {}
    if draw(st.booleans()):  # a repeat of one item (duplicate-item, duplicate-item-code)
        k = draw(st.integers(0, len(specs) - 1))
        specs.append(specs[k])
        groups = {k: k, len(specs) - 1: k}
    return specs, groups


def test_bases_are_clean() -> None:
    """Every base item, written plainly, passes with no finding at all."""
    layout = Layout(tuple(range(len(BASES))), len(BASES), 0)
    assert review(BASES, [CANONICAL] * len(BASES), layout) == []


@settings(max_examples=examples(60))
@given(data=st.data())
def test_rewrites_keep_the_findings(data: st.DataObject) -> None:
    """Any writing and any layout of the same items gives the same findings on the same items,
    at the rows Excel shows for them."""
    specs, groups = data.draw(submissions())
    plain = Layout(tuple(range(len(specs))), len(specs), 0)
    expected = per_item(review(specs, [CANONICAL] * len(specs), plain), plain, groups)
    chosen = [data.draw(styles) for _ in specs]
    layout = data.draw(layouts(len(specs)))
    note(f"written: {[write_item(s, 1, y) for s, y in zip(specs, chosen, strict=True)]}")
    got = per_item(review(specs, chosen, layout), layout, groups)
    assert got == expected


@settings(max_examples=examples(2))
@given(data=st.data())
@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_mutations_give_their_code_at_the_item(mutation: Mutation, data: st.DataObject) -> None:
    """A mutation gives its code, and only it, at the mutated item's row and field, whatever the
    writing and the layout; the other items keep their findings (none)."""
    candidates = [k for k, b in enumerate(BASES) if mutation.applies(b)]
    target_base = data.draw(st.sampled_from(candidates))
    others = data.draw(st.lists(st.sampled_from([k for k in range(len(BASES)) if k != target_base]),
                                max_size=2, unique=True))
    specs = [mutation.change(BASES[target_base]), *(BASES[k] for k in others)]
    chosen = [data.draw(styles) for _ in specs]
    layout = data.draw(layouts(len(specs)))
    note(f"written: {write_item(specs[0], 1, chosen[0])}")
    found = review(specs, chosen, layout)
    sheet, row = place(layout)[0]
    if not mutation.code:  # a near miss: nothing at all
        assert found == []
        return
    assert (mutation.code, sheet, row, mutation.column) in found, found
    assert {f[0] for f in found if (f[1], f[2]) == (sheet, row)} <= {mutation.code, *mutation.also}
    assert [f for f in found if (f[1], f[2]) != (sheet, row)] == []


@settings(max_examples=examples(20))
@given(data=st.data())
def test_duplicates_are_flagged_after_the_first(data: st.DataObject) -> None:
    """The same item twice (same name, same code), however written: duplicate-item at the later
    of the two in sheet order, nothing at the first (one item twice is not "two different items"
    with one 事项编码: no duplicate-item-code, rules.md)."""
    k = data.draw(st.integers(0, len(BASES) - 1))
    specs = [BASES[k], BASES[k]]
    chosen = [data.draw(styles), data.draw(styles)]
    layout = data.draw(layouts(2))
    found = review(specs, chosen, layout)
    sheet, row = place(layout)[layout.order[1]]
    assert found == [("duplicate-item", sheet, row, "事项名称")]
