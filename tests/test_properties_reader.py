"""Property: a submission written as a real file reads back as the items written, each at the
Excel row (CSV: the line a record starts on) where it was written, on its sheet, with no
findings for a valid shape and exactly the missing-column finding for a shape without one
required column.

Shapes drawn: .xlsx, .xls, .csv (UTF-8, UTF-8 with BOM, GBK; comma, tab or semicolon) and a
few .ods; 0-5 rows above the header (a title merged across the table or not, the 填报单位
line, 附件1, blank rows) and maybe an empty column A; a header of every required column (or
all but one; 申请材料 may give way to a materials sheet) and any optional ones in any order,
each under its name or an alias, with or without * / ★ and a note in brackets (（必填）,
（是/否）, a unit （工作日） that bare numbers under it take); a two-row header, 办理时限 over
法定 | 承诺 or 事项名称 over 主项 | 子项, merged (other header cells merged down or not) or
not; a row of column numbers under the header; 1-30 items from domain.md, some with
sub-items under their item cells merged down (xlsx, xls, ods), repeated, or a blank 序号 /
事项名称 (which stays blank); 事项类型 or 实施部门 merged down over items that follow each
other; blank, section, subtotal and repeated-header rows between items; hidden rows;
values as text (line breaks \n or \r\n, full-width digits, U+3000 / NBSP / zero-width
spaces), ints and floats (1.0); notes, signature lines and 以下空白 under the table; a second
items sheet; a materials sheet (item name merged down over its materials or repeated); a
hidden sheet of dropdown lists.

Left out (outside template.md's contract): a sub-item row holding nothing but its 子项名称
with no merge reaching it (（一）新办 alone on a row is a section row); a merge down the
table running through a header repeated between items; booleans and dates in item cells
(their text is not specified); merged cells in CSV (there are none).

HYPOTHESIS_PROFILE=explore draws 2000 fresh shapes per test (several minutes).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))  # tests/ helpers under --import-mode=importlib
from drawing import examples
from workbooks import SheetSpec, column_letter, write_csv, write_ods, write_xls, write_xlsx

from catalog_check.fields import ITEM_FIELDS, ITEM_TYPES, MATERIAL_FIELDS
from catalog_check.reader import read_workbook
from catalog_check.table import extract_tables
from catalog_check.text import clean

REQUIRED = tuple(f.name for f in ITEM_FIELDS if f.required)
OPTIONAL = tuple(f.name for f in ITEM_FIELDS if not f.required)
ALIASES = {f.name: (f.name, *f.aliases) for f in ITEM_FIELDS}
MATERIAL_ALIASES = {f.name: (f.name, *f.aliases) for f in MATERIAL_FIELDS}
YES_NO_FIELDS = ("是否即办件", "是否网上办理", "是否收费")
TIME_FIELDS = ("法定办结时限", "承诺办结时限")

# Real item names (domain.md), with their situation suffixes.
NAMES = (
    "保安服务公司设立许可", "保安培训单位设立许可", "民用爆炸物品购买许可", "剧毒化学品购买许可",
    "枪支（弹药）持枪证件核发", "往来港澳通行证及签注签发", "机动车驾驶证核发、审验",
    "户口迁移审批", "公章刻制业特种行业许可", "企业名称预先核准", "有限责任公司设立登记",
    "特种设备安装、改造、修理许可", "检验检测机构资质认定", "药品经营许可证（批发）核发",
    "第二类、第三类医疗器械生产许可", "第二类医疗器械产品注册",
    "第一类非药品类易制毒化学品购买许可",
    "建设项目用地预审", "土地权属争议裁决", "建筑业企业资质认定（施工总承包序列二级等）",
    "人力资源服务许可", "工伤认定", "失业保险金申领", "职工基本养老保险关系转移接续",
    "医疗机构设置审批（三级医院）", "再生育审批", "道路旅客运输经营许可", "取水许可",
    "危险废物经营许可证核发", "拖拉机和联合收割机驾驶证核发", "社会团体成立登记",
    "营业性演出审批", "对外贸易经营者备案登记", "烟花爆竹经营（批发）许可", "高新技术企业认定",
    "律师事务所设立许可", "运动员技术等级称号授予", "测绘资质审批（乙、丙、丁级）",
    "升放无人驾驶自由气球、系留气球活动审批", "租赁自住住房提取住房公积金办理",
    "劳动人事争议仲裁申请", "企业投资（含外商投资）项目备案（基本建设）",
    "省级示范性家庭农场认定", "第一类医疗器械产品备案", "《预防接种证》办理",
    "拖拉机/联合收割机登记(县级)",
)
SUB_NAMES = ("新办", "变更", "延续", "注销", "（一）新办", "（二）变更", "（三）注销", "补办",
             "遗失补办", "法定代表人变更", "市级", "县级", "负责人变更", "单位名称变更",
             "（四）补证", "审核（初审）")
DEPARTMENTS = ("浙江省公安厅", "浙江省民政厅", "浙江省人力资源和社会保障厅", "省建设厅",
               "浙江省住房和城乡建设厅", "省交通运输厅", "浙江省环境保护厅", "省质监局")
BASES = (
    "《保安服务管理条例》第八条",
    "《中华人民共和国行政许可法》第十二条",
    "1.《民用爆炸物品安全管理条例》第二十一条\n2.《浙江省民用爆炸物品管理办法》第十条",
    "《中华人民共和国道路运输条例》第十条、第十一条",
    "《工伤保险条例》第十七条",
    "《浙江省保障“最多跑一次”改革规定》第五条",
)
CONDITIONS = (
    "1.有不低于人民币100万元的注册资本；\n2.有符合规定的住所",
    "申请人为本省户籍居民",
    "（1）有固定场所；\r\n（2）有健全的管理制度",
    "①具有法人资格；②有相应的专业技术人员",
)
MATERIALS = (
    "1.设立申请书\n2.法定代表人身份证明\n3.注册资本证明",
    "申请表",
    "1、营业执照复印件；\n2、身份证复印件",
)
PROCESSES = ("申请→受理→审查→决定→送达", "受理、审核、办结", "1.申请\n2.受理\n3.审批\n4.发证")

TITLES = (
    "浙江省公安厅第二批“最多跑一次”事项清单",
    "浙江省公安厅群众和企业到政府办事“最多跑一次”事项目录（第二批）",
    "省建设厅第二批“最多跑一次”事项清单",
)
FILLER = "填报单位（盖章）：浙江省公安厅    填报人：王芳    联系电话：0571-87280000"
SECTIONS = ("一、行政许可（3项）", "二、公共服务", "（一）行政确认", "三、其他行政权力（2项）")
SUBTOTALS = (("小计",), ("合计：3项",), ("本页小计", "3项"), ("合计", 3))
NOTES = (
    ("填表说明：1.事项名称应与权力清单一致；2.跑动次数填写0或1。",),
    ("注：本表由各部门填报，3月10日前报送。",),
    ("填报人：王芳", None, "审核人：李明"),
    ("—以下空白—",),
)


def written(value: Any) -> str | None:
    """The cleaned text of a value written to a cell: what the items frame holds."""
    return clean(value)


# ---- values ----------------------------------------------------------------------------------


def _numbered(i: int) -> st.SearchStrategy[Any]:
    return st.sampled_from([i, float(i), str(i)])


def value_for(field_name: str, unit: bool) -> st.SearchStrategy[Any]:
    """A realistic value for an item field (None: blank, for optional fields only)."""
    blank_or = (lambda s: st.one_of(st.none(), s)) if field_name in OPTIONAL else (lambda s: s)
    match field_name:
        case "序号" | "事项名称":
            return st.none()  # (set by the caller)
        case "子项名称":
            return blank_or(st.sampled_from(SUB_NAMES))
        case "事项编码":
            return blank_or(st.one_of(
                st.sampled_from(["许可-00123-000", "330100-XK-0007", "00012"]),
                st.integers(10000, 99999),
            ))
        case "事项类型":
            return st.sampled_from([*ITEM_TYPES, "许可", "其它行政权力", "行政确认（登记）"])
        case "实施部门":
            return st.sampled_from(DEPARTMENTS)
        case "行使层级":
            return blank_or(st.sampled_from(["省级", "省级、市级", "市级\n县级", "乡镇（街道）级"]))
        case "设定依据":
            return st.sampled_from(BASES)
        case "受理条件":
            return st.sampled_from(CONDITIONS)
        case "申请材料":
            return st.sampled_from(MATERIALS)
        case "办理流程":
            return st.sampled_from(PROCESSES)
        case "法定办结时限":
            return blank_or(st.one_of(
                st.sampled_from(["20个工作日", "20日", "无", "3个月"]),
                st.integers(1, 60) if unit else st.nothing(),
                st.sampled_from([20.0, 30]) if unit else st.nothing(),
            ))
        case "承诺办结时限":
            return st.one_of(
                st.sampled_from(["5个工作日", "即办", "10个工作日", "当场办结"]),
                st.integers(1, 20) if unit else st.nothing(),
            )
        case "跑动次数":
            return st.sampled_from([0, 1, 1.0, "0次", "1", "最多跑一次"])
        case "例外说明":
            return blank_or(st.just("需现场核验原件"))
        case "是否即办件" | "是否网上办理" | "是否收费":
            return blank_or(st.sampled_from(["是", "否", "Y", "N", "√", "×", 1, 0]))
        case "办理形式":
            return blank_or(st.sampled_from(["窗口办理、网上办理", "快递申请", "窗口办理"]))
        case "收费依据":
            return blank_or(st.just("《行政事业性收费标准管理办法》第五条"))
        case "咨询电话":
            return blank_or(st.one_of(st.just("0571-87280114"), st.integers(87000000, 87999999)))
        case "备注":
            return blank_or(st.sampled_from(["", "需提供原件核验", "省级行使\n市县受理",
                                             "注：需提供原件", "说明：省级行使"]))
    raise AssertionError(field_name)


# ---- the shape ---------------------------------------------------------------------------------


@dataclass
class Shape:
    fmt: str
    encoding: str = "utf-8"
    grid: list[list[Any]] = field(default_factory=list)  # Excel row 1 = grid[0], column A
    merged: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    expected: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # grid row → field
    missing: str | None = None  # the required field left out of the header
    materials: list[list[Any]] | None = None
    expected_materials: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    dropdowns: bool = False
    sheet: str = "事项清单"
    material_merges: list[str] = field(default_factory=list)
    others: list[Shape] = field(default_factory=list)  # more item sheets (one per type)
    delimiter: str = ","


def _merge(r1: int, c1: int, r2: int, c2: int) -> str:
    """0-based grid coordinates → an Excel range."""
    return f"{column_letter(c1 + 1)}{r1 + 1}:{column_letter(c2 + 1)}{r2 + 1}"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def header_text(draw: st.DrawFn, name: str, aliases: dict[str, tuple[str, ...]]) -> str:
    text = draw(st.sampled_from(aliases[name]))
    star = draw(st.sampled_from(["", "", "*", "★"]))
    note = draw(st.sampled_from(["", "", "（必填）" if name in REQUIRED else "（选填）"]))
    if name in YES_NO_FIELDS and draw(st.booleans()):
        note = "（是/否）"
    return f"{star}{text}{note}"


@st.composite
def shapes(
    draw: st.DrawFn, formats: tuple[str, ...] = ("xlsx", "xls", "csv"), nested: bool = False
) -> Shape:
    fmt = draw(st.sampled_from(formats))
    shape = Shape(fmt)
    if fmt == "csv":
        shape.encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
        shape.delimiter = draw(st.sampled_from([",", ",", "\t", ";"]))
    merges_ok = fmt != "csv"
    spreadsheet = fmt != "csv"

    # Columns: every required one (but maybe one left out), some optional ones, any order.
    with_materials = spreadsheet and not nested and draw(st.booleans())
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    required = list(REQUIRED)
    if with_materials and draw(st.booleans()):
        required.remove("申请材料")  # the materials sheet stands in for it
    if not nested and draw(st.integers(0, 9)) == 0:
        shape.missing = draw(st.sampled_from([
            f for f in required if f != "事项名称" and not (with_materials and f == "申请材料")
        ]))
        required.remove(shape.missing)
    columns = draw(st.permutations(required + optional))
    # A two-row header: 办理时限 over 法定 | 承诺, or 事项名称 over 主项 | 子项.
    groups = []
    if "法定办结时限" in columns and "承诺办结时限" in columns:
        groups.append(("办理时限", "法定办结时限", "承诺办结时限"))
    if "子项名称" in columns:
        groups.append(("事项名称", "事项名称", "子项名称"))
    group = draw(st.sampled_from([None, *groups])) if groups else None
    if group is not None:
        columns.remove(group[2])
        columns.insert(columns.index(group[1]) + 1, group[2])
    offset = draw(st.integers(0, 1))  # an empty column A
    width = offset + len(columns)
    col = {name: offset + j for j, name in enumerate(columns)}

    headers = {}
    for name in columns:
        headers[name] = draw(header_text(name, ALIASES))
    units: dict[str, str] = {}
    for name in TIME_FIELDS:
        if name in columns and (group is None or group[0] != "办理时限") and draw(
            st.integers(0, 3)
        ) == 0:
            headers[name] = f"{name}（工作日）"
            units[name] = "个工作日"

    grid: list[list[Any]] = []

    def row_of(cells: dict[int, Any]) -> list[Any]:
        out: list[Any] = [None] * width
        for c, v in cells.items():
            out[c] = v
        return out

    # Title block: 0-5 rows of titles, the filler line, 附件1, blank rows.
    for kind in draw(st.lists(st.sampled_from(["title", "filler", "annex", "blank"]),
                              max_size=5)):
        r = len(grid)
        if kind == "title":
            grid.append(row_of({offset: draw(st.sampled_from(TITLES))}))
            if merges_ok and width - offset > 1 and draw(st.booleans()):
                shape.merged.append(_merge(r, offset, r, width - 1))
        elif kind == "filler":
            grid.append(row_of({offset: FILLER}))
        elif kind == "annex":
            grid.append(row_of({0: "附件1"}))
        else:
            grid.append([])

    # The header.
    top = len(grid)
    if group is None:
        grid.append(row_of({c: headers[n] for n, c in col.items()}))
    else:
        label, first, second = group
        sub_words = {
            "法定办结时限": ["法定", "法定时限"], "承诺办结时限": ["承诺", "承诺时限"],
            "事项名称": ["主项", "主项名称"], "子项名称": ["子项", "子项名称"],
        }
        top_cells = {c: headers[n] for n, c in col.items() if n not in (first, second)}
        top_cells[col[first]] = label
        grid.append(row_of(top_cells))
        grid.append(row_of({col[first]: draw(st.sampled_from(sub_words[first])),
                            col[second]: draw(st.sampled_from(sub_words[second]))}))
        if merges_ok:
            shape.merged.append(_merge(top, col[first], top, col[second]))
            if draw(st.booleans()):  # the other header cells merged down over both rows
                shape.merged += [_merge(top, c, top + 1, c) for n, c in col.items()
                                 if n not in (first, second)]

    header_rows = [list(r) for r in grid[top:]]
    if draw(st.integers(0, 4)) == 0:  # the columns numbered under the header
        grid.append(row_of({c: j for j, c in enumerate(sorted(col.values()), start=1)}))

    # Items: some with sub-items under item cells merged down (or repeated, or left blank).
    n_items = draw(st.one_of(st.integers(1, 6), st.integers(1, 30)))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=n_items, max_size=n_items))
    seq = 0
    data_rows: list[int] = []
    simple: list[tuple[int, int]] = []  # (item number, index in shape.expected) of items alone

    def noise(v: Any) -> Any:
        return draw(noisy(v, shape.encoding, fmt))
    for k, name in enumerate(names):
        r = len(grid)
        # Between items: blank rows, a section row, a subtotal row.
        extra = draw(st.sampled_from(["", "", "", "blank", "section", "subtotal", "header"]))
        if extra == "header":
            if k == 0:
                assume(False)
            grid += [list(h) for h in header_rows]  # the header repeated (a page break)
            if merges_ok and group is not None:
                shape.merged.append(_merge(r, col[group[1]], r, col[group[2]]))
        elif extra == "blank":
            grid.append([])
        elif extra == "section":
            grid.append(row_of({offset: draw(st.sampled_from(SECTIONS))}))
            if merges_ok and draw(st.booleans()):
                shape.merged.append(_merge(r, offset, r, width - 1))
        elif extra == "subtotal":
            if k == 0:
                assume(False)  # a subtotal above every item is no real shape
            cells = draw(st.sampled_from(SUBTOTALS))
            grid.append(row_of({offset + j: v for j, v in enumerate(cells)}))
        seq += 1
        values = {n: noise(draw(value_for(n, n in units))) for n in columns}
        if "序号" in values:
            values["序号"] = draw(_numbered(seq))
        values["事项名称"] = noise(name)
        subs = 0
        if "子项名称" in col:
            subs = draw(st.sampled_from([0, 0, 2, 3]))
        if not subs:
            if "子项名称" in values and draw(st.booleans()):
                values["子项名称"] = None
            r = len(grid)
            grid.append(row_of({col[n]: v for n, v in values.items()}))
            # (a merge down the table never runs through a header repeated between items)
            simple.append((k if extra != "header" else -2, len(shape.expected)))
            shape.expected.append((r, _clean_all(values, units)))
            data_rows.append(r)
            continue
        # A main item with sub-items: its own cells merged down, repeated or left blank.
        style = draw(st.sampled_from(["merged", "repeated", "blank"] if merges_ok
                                     else ["repeated", "blank"]))
        shared = {"序号", "事项名称"} | set(draw(st.lists(
            st.sampled_from([n for n in columns if n not in ("子项名称", "序号", "事项名称")]),
            unique=True,
        )))
        shared &= set(columns)
        if style == "blank":
            # Only the item's 序号 and name left blank under its first row: a row of a 子项名称
            # alone and no merge (（一）新办 | blank …) reads as a section row, as it should.
            shared &= {"序号", "事项名称"}
        first_row = len(grid)
        sub_names = draw(st.lists(st.sampled_from(SUB_NAMES), min_size=subs, max_size=subs,
                                  unique=True))
        for j, sub in enumerate(sub_names):
            own = {n: noise(draw(value_for(n, n in units))) for n in columns if n not in shared}
            own["子项名称"] = noise(sub)
            if "序号" in columns and "序号" not in shared:
                own["序号"] = f"{seq}-{j + 1}"
            cells = dict(own)
            seen = dict(own)
            for n in shared:
                if j == 0 or style == "repeated":
                    cells[n] = values[n]
                    seen[n] = values[n]
                elif style == "merged":
                    seen[n] = values[n]  # a merged range fills down
                else:
                    seen[n] = None  # a merely blank cell stays blank
            r = len(grid)
            grid.append(row_of({col[n]: v for n, v in cells.items()}))
            shape.expected.append((r, _clean_all(seen, units)))
            data_rows.append(r)
        if style == "merged":
            last = len(grid) - 1
            shape.merged += [_merge(first_row, col[n], last, col[n]) for n in sorted(shared)]

    # 事项类型 or 实施部门 merged down over items that follow each other (what lies between them,
    # blank, section and subtotal rows, stays what it is).
    wide = [n for n in ("事项类型", "实施部门") if n in col]
    if merges_ok and wide and len(simple) >= 2 and draw(st.booleans()):
        name = draw(st.sampled_from(wide))
        start = draw(st.integers(0, len(simple) - 2))
        run = [simple[start]]
        for item in simple[start + 1:]:
            if item[0] != run[-1][0] + 1 or not draw(st.booleans()):
                break
            run.append(item)
        if len(run) >= 2:
            first_r, first_values = shape.expected[run[0][1]]
            value = first_values[name]
            for _, e in run[1:]:
                r, values = shape.expected[e]
                grid[r][col[name]] = None
                values[name] = value
            last_r = shape.expected[run[-1][1]][0]
            shape.merged.append(_merge(first_r, col[name], last_r, col[name]))

    # Notes after the table, maybe.
    if draw(st.booleans()):
        if draw(st.booleans()):
            grid.append([])
        for note in draw(st.lists(st.sampled_from(NOTES), min_size=1, max_size=2, unique=True)):
            r = len(grid)
            grid.append(row_of({offset + j: v for j, v in enumerate(note) if v is not None}))
            if merges_ok and len(note) == 1 and draw(st.booleans()):
                shape.merged.append(_merge(r, offset, r, width - 1))

    # Hidden rows among the data (items on hidden rows are items).
    if spreadsheet and data_rows:
        hide = draw(st.lists(st.sampled_from(data_rows), unique=True, max_size=2))
        shape.hidden_rows = [r + 1 for r in hide]

    if with_materials:
        shape.materials, shape.expected_materials, shape.material_merges = draw(
            materials_sheet(names, merges_ok)
        )
    shape.dropdowns = spreadsheet and not nested and draw(st.booleans())
    if spreadsheet and not nested and draw(st.integers(0, 3)) == 0:
        other = draw(shapes(formats=(fmt,), nested=True))
        other.sheet = draw(st.sampled_from(["公共服务", "行政确认事项", "Sheet2"]))
        shape.others.append(other)
    shape.grid = grid
    return shape


@st.composite
def noisy(draw: st.DrawFn, value: Any, encoding: str, fmt: str) -> Any:
    """A text value as departments type it: full-width digits, U+3000 and other spaces around
    it, Alt+Enter as \r\n, a zero-width space pasted from a web page (clean() reads them all
    away, so the expected text is the same)."""
    if not isinstance(value, str) or not value or draw(st.integers(0, 3)) != 0:
        return value
    kind = draw(st.sampled_from(["fullwidth", "spaces", "crlf", "nbsp", "zwsp"]))
    if kind == "fullwidth":
        out = value.translate({c: c + 0xFEE0 for c in b"0123456789"})
    elif kind == "spaces":
        out = draw(st.sampled_from([" ", "\u3000", ""])) + value + draw(
            st.sampled_from([" ", "  ", "\u3000", ""])
        )
    elif kind == "crlf":
        out = value.replace("\n", "\r\n")
    elif kind == "nbsp":
        out = value.replace("、", "\u00a0、", 1) + "\u00a0"
    else:
        out = "\u200b" + value
    return out if _encodable(out, encoding) else value


def _clean_all(values: dict[str, Any], units: dict[str, str]) -> dict[str, Any]:
    out = {}
    for n, v in values.items():
        c = written(v)
        if c is not None and n in units and isinstance(v, int | float) and not isinstance(v, bool):
            c = f"{c}{units[n]}"
        if c is not None:
            out[n] = c
    return out


@st.composite
def materials_sheet(
    draw: st.DrawFn, names: list[str], merges_ok: bool
) -> tuple[list[list[Any]], list[tuple[int, dict[str, Any]]], list[str]]:
    """A 申请材料 sheet: one row per material, linked by 事项名称 (merged down over its
    materials, or repeated)."""
    fields = ["事项名称", "材料名称", *draw(st.lists(
        st.sampled_from(["序号", "子项名称", "材料形式", "份数", "是否证明材料", "来源渠道"]),
        unique=True,
    ))]
    fields = draw(st.permutations(fields))
    header = [draw(st.sampled_from(MATERIAL_ALIASES[f])) for f in fields]
    rows: list[list[Any]] = [header]
    expected = []
    merges = []
    merge_names = merges_ok and draw(st.booleans())
    for i, name in enumerate(dict.fromkeys(names), start=1):
        first = len(rows)
        for material in draw(st.lists(
            st.sampled_from(["设立申请书", "法定代表人身份证明", "营业执照复印件", "章程",
                             "场所使用证明（《保安服务管理条例》第八条）"]),
            min_size=1, max_size=3, unique=True,
        )):
            values = {
                "序号": i, "事项名称": name, "子项名称": None, "材料名称": material,
                "材料形式": draw(st.sampled_from(["原件", "复印件", "原件和复印件"])),
                "份数": draw(st.integers(1, 3)),
                "是否证明材料": draw(st.sampled_from(["是", "否"])),
                "来源渠道": draw(st.sampled_from(["申请人自备", "政府部门核发"])),
            }
            rows.append([values[f] for f in fields])
            expected.append((len(rows), {f: written(values[f]) for f in fields
                                         if written(values[f]) is not None}))
            if merge_names and len(rows) - 1 > first:
                rows[-1][fields.index("事项名称")] = None
        if merge_names and len(rows) - 1 > first:
            c = fields.index("事项名称")
            merges.append(_merge(first, c, len(rows) - 1, c))
    return rows, expected, merges


# ---- writing and reading -----------------------------------------------------------------------

DROPDOWNS = [["事项类型", "行使层级", "是否网上办理"], *[[t, "省级", "是"] for t in ITEM_TYPES]]


def write_shape(shape: Shape, folder: Path) -> Path:
    if shape.fmt == "csv":
        path = folder / "浙江省公安厅事项清单.csv"
        return write_csv(path, shape.grid, encoding=shape.encoding, delimiter=shape.delimiter)
    sheets = [SheetSpec(o.sheet, o.grid, o.merged, hidden_rows=o.hidden_rows)
              for o in shape.others]
    if shape.materials is not None:
        sheets.append(SheetSpec("申请材料", shape.materials, shape.material_merges))
    builder = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}[shape.fmt]
    return builder(
        folder / f"浙江省公安厅事项清单.{shape.fmt}", shape.grid, sheet_name=shape.sheet,
        merged=shape.merged, hidden_rows=shape.hidden_rows, sheets=sheets,
        hidden_sheets={"下拉选项": DROPDOWNS} if shape.dropdowns else None,
    )


def csv_lines(grid: list[list[Any]]) -> list[int]:
    """The line each record of a CSV starts on (cells spanning lines push the next records)."""
    out, line = [], 1
    for row in grid:
        out.append(line)
        breaks = sum(
            str(v).replace("\r\n", "\n").replace("\r", "\n").count("\n")
            for v in row if v is not None
        )
        line += 1 + breaks
    return out


def frame_rows(frame: Any, fields: list[str]) -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (rec["_sheet"], int(rec["_row"]), {f: rec[f] for f in fields if rec[f] is not None})
        for rec in frame.to_dict("records")
    ]


def check(shape: Shape) -> None:
    with TemporaryDirectory() as tmp:
        path = write_shape(shape, Path(tmp))
        tables = extract_tables(read_workbook(path))
    sheet = path.stem if shape.fmt == "csv" else shape.sheet
    rows = csv_lines(shape.grid) if shape.fmt == "csv" else list(
        range(1, len(shape.grid) + 1)
    )
    item_fields = [f.name for f in ITEM_FIELDS]
    expected = [(sheet, rows[r], values) for r, values in shape.expected]
    expected += [(o.sheet, r + 1, values) for o in shape.others for r, values in o.expected]
    assert frame_rows(tables.items, item_fields) == expected
    findings = [(f.code, f.column) for f in tables.findings]
    if shape.missing is None:
        assert findings == []
    else:
        assert findings == [("missing-column", shape.missing)]
    if shape.materials is None:
        assert tables.materials is None
    else:
        material_fields = [f.name for f in MATERIAL_FIELDS]
        assert tables.materials is not None
        assert frame_rows(tables.materials, material_fields) == [
            ("申请材料", r, values) for r, values in shape.expected_materials
        ]


@settings(max_examples=examples(100))
@given(shapes())
def test_items_written_are_the_items_read(shape: Shape) -> None:
    check(shape)


@settings(max_examples=examples(8))
@given(shapes(formats=("ods",)))
def test_items_written_are_the_items_read_ods(shape: Shape) -> None:
    check(shape)

