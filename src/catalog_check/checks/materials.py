"""Materials: every material of every item in one frame (materials-sheet rows and 申请材料 entries).

A materials-sheet row links to its items by 事项名称 (+ 子项名称), else 事项编码, else 序号
(a row naming only a main item belongs to each of its sub-items); a row that links to no item
is reported by unlinked-material. The 申请材料 cell is split into one material per numbered
entry or line, and each entry is checked like a sheet row.
"""

from __future__ import annotations

import re
from itertools import chain

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from catalog_check.checks._context import (
    Context,
    Describer,
    Failure,
    FunctionRule,
    Linked,
    SchemaRule,
)
from catalog_check.checks._values import (
    LINES,
    as_mask,
    cited_levels,
    cites_above,
    filled_key,
    flag_table,
    flags,
    map_unique,
)
from catalog_check.checks.material_kinds import (
    GOVERNMENT_FIELDS,
    is_catch_all,
    is_certificate,
    is_issuer_aside,
    is_third_party_seal,
    material_pieces,
)
from catalog_check.fields import MATERIAL_FIELDS
from catalog_check.findings import cell_ref, finding
from catalog_check.legal import Citation, Level, is_instrument, parse_marker, parse_unmarked
from catalog_check.parse import list_lines, may_go_on, parse_yes_no, split_list
from catalog_check.table import SheetLayout
from catalog_check.text import (
    TITLE_AND_QUOTE_MARKS,
    clean,
    is_placeholder,
    item_label,
    name_key,
)

__all__ = [
    "MATERIAL_COLUMNS",
    "RULES",
    "ambiguous_links",
    "certificate_levels_sufficient",
    "describe_material",
    "link_materials",
    "material_frame",
    "material_raw",
    "materials_given",
    "not_catch_all",
    "not_government_issued",
]

MATERIAL_COLUMNS = tuple(f.name for f in MATERIAL_FIELDS)
#: Levels that cannot found a certificate (rules.md, certificate-basis-too-low).
_LOW_FOR_CERTIFICATE = frozenset(
    str(level)
    for level in (Level.DEPARTMENT_RULE, Level.LOCAL_GOVERNMENT_RULE, Level.NORMATIVE_DOCUMENT)
)
_NO_ITEM = -1


def _line_entries(line: str) -> tuple[str, ...]:
    """The materials of one line of a 申请材料 cell (split_list works line by line); a line
    ending in a colon ends in a heading over the lines below it (2.其他：), not a material. An
    entry that only names a third party issuing the material before it (家庭情况说明（需盖章）；
    村委会出具) is a note on that material, not one of its own."""
    entries = split_list(line)
    if entries and line.rstrip().endswith((":", "：")):
        entries.pop()
    for k in range(len(entries) - 1, 0, -1):
        if is_issuer_aside(entries[k]):
            entries[k - 1] = f"{entries[k - 1]}；{entries.pop(k)}"
    return tuple(entries)


# ---------------------------------------------------------------- predicates (schema checks)


def not_catch_all(values: pd.Series) -> pd.Series:
    """catch-all-material: the material is not a catch-all."""
    return as_mask(values, lambda v: not is_catch_all(v))


# 政府部门核发 (template.md's value) and the same said of a named authority: 公安机关核发,
# 工商部门核发, 民政部门出具, 政府核发, 行政机关核发; not 非政府部门核发, 中介机构出具.
_GOVERNMENT_ISSUED = re.compile(
    r"(?:政府(?:部门)?|行政机关|[\u4e00-\u9fa5]{1,6}?(?:部门|机关|局|厅|委))"
    r"(?:核发|出具|开具|颁发|发放|制发)"
    # the body alone, as the whole value (政府部门, 工商部门, 公安机关, 工商局, 部门核发): a
    # government body by what it does (not 受理部门, 企业人事部门, 团委, 供电局)
    rf"|^(?:政府部门|行政机关|部门核发|(?:省|市|县|区)?(?:{GOVERNMENT_FIELDS})"
    r"(?:行政)?(?:管理)?(?:部门|机关|局|厅|委))$"
)
_NOT_GOVERNMENT = re.compile(
    r"非|中介|社会组织|社会团体|所在单位|工作单位|用人单位|村委|居委|社区|党委|学校"
    r"|(?:企业|公司)(?:自行)?(?:出具|开具|核发|提供)"  # not 企业登记机关核发
)


# The department fetches it already (工商部门核发（部门内部核查）, 政府部门核发，通过数据共享获取):
# what shareable-material advises is done.
_ALREADY_SHARED = re.compile(
    r"内部核查|内部核实|数据共享|信息共享|共享获取|共享核查|共享平台|免于提交|免提交"
    r"|(?:无需|无须|不需|不需要|不用)(?:申请人)?(?:提供|提交)"
)


def _government_issued(text: str) -> bool:
    key = name_key(text)
    return (_GOVERNMENT_ISSUED.search(key) is not None and _NOT_GOVERNMENT.search(key) is None
            and _ALREADY_SHARED.search(key) is None)


def not_government_issued(values: pd.Series) -> pd.Series:
    """shareable-material: 来源渠道 is not 政府部门核发 (or an authority's issue)."""
    return as_mask(values, lambda v: not _government_issued(v))


def certificate_levels_sufficient(values: pd.Series) -> pd.Series:
    """certificate-basis-too-low: not every cited level is 部门规章, 地方政府规章 or 规范性文件."""
    return cites_above(values, _LOW_FOR_CERTIFICATE)


# ---------------------------------------------------------------- linking and the frame


def _index_lists(keys: list[object]) -> dict[object, list[int]]:
    """Row positions by key (empty keys left out)."""
    out: dict[object, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            out.setdefault(key, []).append(i)
    return out


# What linking ignores beyond name_key: quotation and title marks (机动车驾驶人“三力”测试 is
# 机动车驾驶人"三力"测试), dash and comma variants (出入境证件—换发, 购买，运输许可).
_LOOSE = str.maketrans(
    {
        **dict.fromkeys(TITLE_AND_QUOTE_MARKS),
        **dict.fromkeys("—–―\u2010~", "-"),  # (NFKC has made full-width ones plain)
        ",": "、",
    }
)


# How alike (rapidfuzz ratio, 0-100) a name must be to its code's item to link by the code.
_CLOSE_NAME = 70.0


def _link_key(key: str) -> str:
    return key.translate(_LOOSE) if key else key


def _sub_key(key: str) -> str:
    """A sub-item's link key: its brackets dropped when they hold all of it ((变更) is 变更)."""
    key = _link_key(key)
    return key[1:-1] if len(key) > 2 and key[0] == "(" and key[-1] == ")" else key


def link_materials(ctx: Context) -> list[list[int]]:
    """For each materials-sheet row, the items it belongs to (empty when it links to none).

    A row whose 事项名称 and 事项编码 are blank (not merged: a clerk writes the name once)
    continues the item of the material right above it (the sheet row before), with its own
    子项名称 if it has one. A name that links nothing falls back to the row's 事项编码 when the
    code's item is named alike.
    """
    return _linking(ctx)[0]


def ambiguous_links(ctx: Context) -> dict[int, list[int]]:
    """Materials-sheet rows linked by a 序号 that several items carry (numbering restarted per
    section or sheet): row position → those items. Such a row links to none of them."""
    return _linking(ctx)[1]


def _linking(ctx: Context) -> tuple[list[list[int]], dict[int, list[int]]]:
    return ctx.memo("material_linking", lambda: _link(ctx))


def _link(ctx: Context) -> tuple[list[list[int]], dict[int, list[int]]]:
    mat = ctx.tables.materials
    if mat is None or mat.empty:
        return [], {}
    name = [_link_key(k) for k in ctx.key("事项名称").tolist()]
    sub = [_sub_key(k) for k in ctx.key("子项名称").tolist()]
    by_name = _index_lists(name)
    by_pair = _index_lists([(a, b) if a else None for a, b in zip(name, sub, strict=True)])
    by_code = _index_lists(ctx.key("事项编码").tolist())
    by_no = _index_lists(ctx.key("序号").tolist())
    by_split: dict[object, list[int]] | None = None  # built when first needed

    def keys(field: str) -> list[str]:
        return map_unique(mat[field], filled_key, "").tolist() if field in mat else [""] * len(mat)

    m_name = [_link_key(k) for k in keys("事项名称")]
    m_sub = [_sub_key(k) for k in keys("子项名称")]
    m_code, m_no = keys("事项编码"), keys("序号")
    sheets, rows = mat["_sheet"].tolist(), mat["_row"].tolist()
    out: list[list[int]] = []
    ambiguous: dict[int, list[int]] = {}
    for k, sheet in enumerate(sheets):
        lay = ctx.layout("materials", sheet, rows[k])
        cols = lay.columns if lay is not None else dict.fromkeys(MATERIAL_COLUMNS, 0)
        named = "事项名称" in cols or "事项编码" in cols
        if (
            named
            and not m_name[k]
            and not m_code[k]
            and k
            and sheets[k - 1] == sheet
            and rows[k - 1] == rows[k] - 1  # right above: no blank, section or note between
        ):
            # The item of the row above, its sub-item unless this row names its own.
            m_name[k], m_code[k] = m_name[k - 1], m_code[k - 1]
            m_sub[k] = m_sub[k] or m_sub[k - 1]
        found: list[int] = []
        if "事项名称" in cols and m_name[k]:
            if "子项名称" in cols and m_sub[k]:
                # A sub-item the items sheet does not list: the main item, if it has no sub-items.
                found = by_pair.get((m_name[k], m_sub[k])) or by_pair.get((m_name[k], ""), [])
            else:
                # No sub-item named: the item without one, else every sub-item of that name.
                found = by_pair.get((m_name[k], ""), []) or by_name.get(m_name[k], [])
            if not found:
                # A sub-item written into the name on one side only (劳务派遣经营许可——设立
                # against 劳务派遣经营许可 | 设立, or the other way round).
                if by_split is None:
                    by_split = _index_lists([_split_sub(n) for n in name])
                found = _sub_in_name(m_name[k], m_sub[k], by_pair, by_split)
            if not found and "事项编码" in cols and m_code[k]:
                # The name differs: the code's item, when its name is close (设立审批 for 设立
                # 许可), not when the row names another item altogether.
                found = [
                    i for i in by_code.get(m_code[k], [])
                    if fuzz.ratio(m_name[k], name[i]) >= _CLOSE_NAME
                ]
        elif "事项编码" in cols and m_code[k]:
            found = by_code.get(m_code[k], [])
        elif "序号" in cols and "事项名称" not in cols and "事项编码" not in cols and m_no[k]:
            # 序号 links only a sheet that has neither 事项名称 nor 事项编码 (beside them it
            # numbers the materials), and only to one item or its sub-items: a number that
            # several items carry (numbering restarted per section or sheet) links to none.
            candidates = by_no.get(m_no[k], [])
            # Sub-items of one item (序号 merged over them) are one item; two items are not.
            found = candidates if len({name[c] for c in candidates}) == 1 else []
            if candidates and not found:
                ambiguous[k] = candidates
        out.append(found)
    return out, ambiguous


# A link key's last part as a sub-item: (变更) or -设立 (dashes are - in link keys).
_SUB_TAIL = re.compile(r"(.*[^-(])(?:\(([^()]+)\)|-+([^-()]+))")


def _split_sub(name: str) -> tuple[str, str] | None:
    """(main item, sub-item) of a link key that writes its sub-item into the name."""
    m = _SUB_TAIL.fullmatch(name)
    return (m[1], _sub_key(m[2] or m[3])) if m is not None else None


def _sub_in_name(
    name: str,
    sub: str,
    by_pair: dict[object, list[int]],
    by_split: dict[object, list[int]],
) -> list[int]:
    """The items of a materials row whose sub-item is written into its name while the items
    sheet has a column for it, or the other way round (``by_split``: the items by the
    (main, sub) their names write); empty when none."""
    if sub:
        return by_split.get((name, sub), [])
    pair = _split_sub(name)
    return by_pair.get(pair, []) if pair is not None else []


def _text(values: object, size: int) -> pd.Series:
    """A text column kept as object dtype (pandas would infer "str", which is slower here)."""
    return pd.Series(values if values is not None else [None] * size, dtype=object)


def _sheet_part(ctx: Context) -> pd.DataFrame | None:
    mat = ctx.tables.materials
    if mat is None or mat.empty:
        return None
    links = ctx.memo("material_links", lambda: link_materials(ctx))
    # One frame row per (materials-sheet row, item it belongs to): a row naming only the main
    # item counts for each of its sub-items, and a finding on it rejects each of them.
    keep = np.fromiter(
        (k for k, found in enumerate(links) for _ in found), dtype=np.int64
    )
    items = np.fromiter((i for found in links for i in found), dtype=np.int64, count=len(keep))
    names = mat["材料名称"].to_numpy(dtype=object)
    raw = ctx.tables.materials_raw
    if raw is not None and "材料名称" in raw:
        written = raw["材料名称"].to_numpy(dtype=object)
        names = np.where(pd.isna(written), names, written)
    columns = {
        c: _text(mat[c].to_numpy(dtype=object)[keep] if c in mat else None, len(keep))
        for c in MATERIAL_COLUMNS
    }
    return pd.DataFrame(
        {
            **columns,
            "_sheet": _text(mat["_sheet"].to_numpy(dtype=object)[keep], len(keep)),
            "_row": mat["_row"].to_numpy(dtype=np.int64)[keep],
            "_item": items,
            "_origin": _text(["sheet"] * len(keep), len(keep)),
            "_src": keep,
            "_value": _text(names[keep], len(keep)),
        }
    )


def _objects(values: list[str]) -> np.ndarray:
    """A list of texts as a 1-d object array (np.array would guess a string dtype)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _lines_of(
    cells: pd.Series, parts: list[list[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line of the cells (cut into ``parts``): its cell's index, and its code among the
    distinct lines, with those lines."""
    line_item = np.repeat(
        cells.index.to_numpy(dtype=np.int64),
        np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)),
    )
    flat = np.empty(len(line_item), dtype=object)
    flat[:] = list(chain.from_iterable(parts))
    codes, uniques = pd.factorize(flat)
    return line_item, codes, np.asarray(uniques, dtype=object)


def _cell_part(ctx: Context) -> pd.DataFrame | None:
    use = ctx.present("申请材料") & ~ctx.blank("申请材料")
    if not use.any():
        return None
    cells = ctx.raw["申请材料"].where(ctx.raw["申请材料"].notna(), ctx.items["申请材料"])[use]
    # Lines repeat across cells far more than whole cells do: split each distinct line once,
    # clean each distinct entry once, and spread the entries back over the lines with numpy.
    texts = cells.astype(object).tolist()
    parts = [LINES.split(cell) for cell in texts]
    line_item, codes, uniques = _lines_of(cells, parts)
    # A line that may go on with the one above (parse.list_lines: its basis or an aside typed
    # after Alt+Enter) is rare: only the cells holding one are cut again, the slow way.
    maybe = np.fromiter(map(may_go_on, uniques), dtype=bool, count=len(uniques))
    if maybe.any():
        again = np.unique(line_item[maybe[codes]])
        position = {index: k for k, index in enumerate(cells.index.tolist())}
        for index in again.tolist():
            k = position[index]
            parts[k] = list_lines(texts[k])
        line_item, codes, uniques = _lines_of(cells, parts)
    cleaned: dict[str, str] = {}
    found_values: list[str] = []
    found_names: list[str] = []
    sizes = np.empty(len(uniques), dtype=np.int64)
    for k, line in enumerate(uniques.tolist()):
        found = _line_entries(line)
        sizes[k] = len(found)
        for value in found:
            if value not in cleaned:
                cleaned[value] = clean(value)
            found_values.append(value)
            found_names.append(cleaned[value])
    counts = sizes[codes]
    size = int(counts.sum())
    if size == 0:
        return None
    starts = np.cumsum(sizes) - sizes
    # Entry j of line l sits at starts[codes[l]] + j in found_values.
    offsets = np.repeat(starts[codes] - (np.cumsum(counts) - counts), counts) + np.arange(size)
    item = np.repeat(line_item, counts)
    columns = {c: _text(None, size) for c in MATERIAL_COLUMNS}
    columns["材料名称"] = _text(_objects(found_names)[offsets], size)
    entries = pd.Series(_objects(found_values)[offsets], dtype=object)
    return pd.DataFrame(
        {
            **columns,
            "_sheet": _text(np.asarray(ctx.sheets, dtype=object)[item], size),
            "_row": np.asarray(ctx.rows, dtype=np.int64)[item],
            "_item": item,
            "_origin": _text(["cell"] * size, size),
            "_src": np.full(size, _NO_ITEM, dtype=np.int64),
            "_value": _text(entries.to_numpy(dtype=object), size),
        }
    )


def material_frame(ctx: Context) -> pd.DataFrame:
    """Every material with its item and the facts the materials rules read (memoised)."""
    return ctx.memo("materials", lambda: _build_frame(ctx))


def _build_frame(ctx: Context) -> pd.DataFrame:
    parts = [p for p in (_sheet_part(ctx), _cell_part(ctx)) if p is not None]
    if not parts:
        frame = pd.DataFrame(
            {c: pd.Series(dtype=object) for c in (*MATERIAL_COLUMNS, "_sheet", "_value", "_origin")}
        )
        for c in ("_row", "_item", "_src"):
            frame[c] = pd.Series(dtype=np.int64)
    else:
        frame = pd.concat(parts, ignore_index=True)
    names = frame["材料名称"]
    marked = map_unique(frame["是否证明材料"], parse_yes_no).to_numpy(dtype=object) == True  # noqa: E712
    named_certificate, seal = flag_table(names, is_certificate, is_third_party_seal)
    certificate = named_certificate | marked
    # Citations matter only for certificates and third-party seals: parse just those rows.
    need = np.flatnonzero(certificate | seal)
    written = frame["材料依据"].iloc[need]
    basis = ctx.citations_of(written).tolist()
    # A 材料依据 that names its instrument by its number alone (浙政办发〔2016〕12号, 国务院令
    # 第412号) or by a registered title without 《》 (保安服务管理条例第九条) cites it: its level
    # decides (certificate-basis-too-low), not its missing 《》 (rules.md asks 《》 of 设定依据
    # and of the material's own text, not of 材料依据).
    basis = [
        b or ((m,) if isinstance(t, str) and (m := parse_marker(t, ctx.registry))
              else parse_unmarked(t if isinstance(t, str) else None, ctx.registry))
        for b, t in zip(basis, written.tolist(), strict=True)
    ]
    own_text = names.iloc[need]
    own = ctx.citations_of(own_text.where(own_text.str.contains("《", regex=False, na=False)))
    # In the material's own text only an instrument is a basis: 《出生医学证明》 names the
    # material itself.
    cites = [
        a + tuple(c for c in b if is_instrument(c))
        for a, b in zip(basis, own.tolist(), strict=True)
    ]
    count = np.full(len(frame), -1, dtype=np.int64)
    count[need] = [len(c) for c in cites]
    cert_count, seal_count = count.copy(), count.copy()
    levels = np.full(len(frame), None, dtype=object)
    levels[need] = [
        cited_levels(c) if cert else None
        for c, cert in zip(cites, certificate[need].tolist(), strict=True)
    ]
    # Of several materials written in one entry (、 ， ； 及 和), each certificate and each third
    # party's seal rests on the citations in its own text: a citation in brackets belongs to the
    # material it follows. In 户籍证明、出生医学证明（《母婴保健法》第二十三条） the 户籍证明 cites
    # nothing; in 无犯罪记录证明（依据《保安服务管理条例》第八条）、在职证明（依据《浙江省最低生活
    # 保障办法》第八条） the 在职证明 rests on a 地方政府规章 alone.
    uncited = np.full(len(frame), None, dtype=object)  # the certificate citing nothing
    low = np.full(len(frame), None, dtype=object)  # the certificate citing too low
    unsealed = np.full(len(frame), None, dtype=object)  # the seal citing nothing
    cut: dict[str, list[str]] = {}  # names repeat across items: each is cut once
    several: dict[int, list[str]] = {}
    for pos, b, o in zip(need.tolist(), basis, own.tolist(), strict=True):
        if not b and o:
            name = str(names.iat[pos])
            pieces = cut.get(name)
            if pieces is None:
                pieces = cut[name] = _pieces(name)
            if len(pieces) > 1:
                several[pos] = pieces
    if several:
        flat = list(dict.fromkeys(chain.from_iterable(several.values())))
        parsed = ctx.citations_of(pd.Series(flat, dtype=object)).tolist()
        own_cites = {
            p: tuple(c for c in found if is_instrument(c))
            for p, found in zip(flat, parsed, strict=True)
        }
        written = frame["_value"]
        judged: dict[tuple[object, ...], tuple[str | None, str | None, str | None, str | None]]
        judged = {}
        for pos, pieces in several.items():
            key = (names.iat[pos], written.iat[pos], certificate[pos], seal[pos])
            if key not in judged:
                judged[key] = _judge_pieces(
                    pieces, str(written.iat[pos]), own_cites, *key[2:]
                )
            bare, below, below_levels, unsealed_piece = judged[key]
            if bare is not None:
                cert_count[pos] = 0
                uncited[pos] = bare
                levels[pos] = None
            if below is not None:
                levels[pos] = below_levels
                low[pos] = below
            if unsealed_piece is not None:
                seal_count[pos] = 0
                unsealed[pos] = unsealed_piece

    def counted(values: np.ndarray, where: np.ndarray) -> pd.Series:
        return pd.Series(values, index=frame.index).where(values >= 0).astype("Int64").where(where)

    frame["cert_citations"] = counted(cert_count, certificate)
    frame["seal_citations"] = counted(seal_count, seal)
    frame["cert_levels"] = _text(levels, len(frame))
    basis_cited = np.zeros(len(frame), dtype=bool)
    basis_cited[need] = [bool(b) for b in basis]
    frame["_basis_cited"] = basis_cited
    frame["_uncited"] = uncited
    frame["_low"] = low
    frame["_unsealed"] = unsealed
    return frame


_CITING = re.compile(r"(?:依据|根据|按照|参照|见)?《|依据|根据")


def _closing_bracket(text: str) -> str | None:
    """What the bracket that closes ``text`` holds (…证明（依据《…》第八条） → 依据《…》第八条),
    or None when ``text`` ends in no bracket. (Found from the end: a regex with a run on
    either side of 《 read a 30,000-character cell n² ways.)"""
    if not text.endswith((")", "）")):
        return None
    start = max(text.rfind("("), text.rfind("（"))
    inner = text[start + 1 : -1]
    if start < 0 or any(b in inner for b in ")）"):
        return None
    return inner


_ARTICLE_NAMED = re.compile(r"第[\d一二三四五六七八九十百零]+条")


def _cites_several(bracket: str) -> bool:
    """A bracket naming two instruments or two articles: 依据《…》和《…》, 《…》第八条、第九条."""
    return bracket.count("《") >= 2 or len(_ARTICLE_NAMED.findall(bracket)) >= 2


# The words before 和 / 及 that are no material of their own: a clause (由村委会盖章和负责人
# 签字的…, 依据《…》第八条和第九条出具的…) joined to what it describes.
_NO_MATERIAL = re.compile(
    r"^(?:由|经|依据|根据|按照)|(?:盖章|签字|签名|签章|出具|开具|条|款|项|》)$"
)


# A piece that is no material but goes on with the one before it: the forms it comes in
# (学历证明原件及复印件（依据…）, 原件、复印件各1份) and a clause saying more of it (资金数额及有效
# 证明文件，并载明产权（依据…）, 家庭情况说明，并由村委会盖章); its citation is that material's.
# (并提交, 并附 bring another material and stay one.)
_FORMS = "原件|复印件|复制件|影印件|扫描件|正本|副本|正副本|电子件|电子版"
_GOES_ON = re.compile(
    rf"(?:(?:{_FORMS})[和及或、/]?)+(?:各?[\d一二两三四五六七八九十]+份)?"
    r"|并且?(?:须|需|应|应当)?(?:载明|注明|写明|标明|列明|说明|加盖|盖章|签字|签名|由|经).*"
)


def _goes_on(piece: str) -> bool:
    """The piece says more of the material before it (its forms, a 并 clause): no material."""
    bracket = _closing_bracket(piece)
    core = piece if bracket is None else piece[: len(piece) - len(bracket) - 2]
    return _GOES_ON.fullmatch(core.strip()) is not None


def _pieces(name: str) -> list[str]:
    """The materials written in one entry (material_pieces), each with its basis: a piece that
    cites (户籍证明，依据《户口登记条例》第十条) goes with the material before it.

    Materials joined by 及, 和 or 以及 are one phrase whose citations cover them all (《…》
    第八条规定的无犯罪记录证明和健康证明, 健康证明和无犯罪记录证明，依据《…》, 出生医学证明及预防
    接种证明（依据《…》和《…》）), except: after a material closed by its own bracket (无犯罪记录
    证明（依据《…》）及婚姻状况证明, 家庭情况说明（村委会盖章）和户口簿…) or followed by its own
    citation (户籍证明，依据《…》和婚姻状况证明), and before a material whose closing bracket
    cites one thing only (无犯罪记录证明及户口簿（依据《户口登记条例》第三条）): each is its own.
    A clause joined to what it describes (由村委会盖章和…, 依据《…》第八条和第九条出具的…) is
    never a material of its own."""
    pieces: list[str] = []
    alone = True  # the last piece takes no next one joined to it by a word
    clause = False  # the last member is a clause, not a material (由村委会盖章)
    words = ""  # words listed before a material that say what it is (医疗、预防、)
    at = 0  # where the piece begins in name
    cut = material_pieces(name)
    for n, (text, joiner) in enumerate(cut):
        at += len(joiner) if joiner else (n > 0)  # (the mark before it: one character)
        mark = joiner or name[at - 1 : at] if n else ""
        at += len(text)
        describes = n + 1 < len(cut) and _describes_the_next(text.strip())
        if words:
            text = words + mark + text
            words = ""
        piece = text.strip()
        if describes:
            words = text
            continue
        if not piece:
            continue
        # (joined with the mark written between them: 学历证明原件、复印件 is quoted as written)
        if pieces and _CITING.match(piece):
            pieces[-1] += mark + piece
            alone = True
            continue
        if pieces and _goes_on(piece):
            pieces[-1] += mark + piece
            alone = _closing_bracket(piece) is not None
            continue
        if pieces and joiner and not alone and (
            clause or not _cites_one_thing(piece)
        ):
            pieces[-1] += joiner + piece
        else:
            pieces.append(piece)
        # (judged on this member, not the phrase so far: a long entry is read once)
        clause = _NO_MATERIAL.search(piece) is not None
        # (a clause is never alone: 由村委会盖章 goes with what follows, whatever it cites)
        alone = _closing_bracket(piece) is not None and not clause
    return pieces


# What a material's name ends with (证, 证明, 申请书, 营业执照, 户口簿, 章程, 照片 …); a short
# word listed without one (医疗、预防、保健机构的聘用证明, 学历、学位证明, 注册资本数额、来源及
# 性质证明) says what the next material is.
_MATERIAL_ENDING = re.compile(
    "(?:[证书表单卡簿本照件料告稿图纸片程同议票册据录函文明案账帐折牌章样品]|简历|履历)$"
)


def _describes_the_next(piece: str) -> bool:
    return (0 < len(piece) <= 6 and _MATERIAL_ENDING.search(piece) is None
            and not any(c in piece for c in "()（）《》"))


def _cites_one_thing(piece: str) -> bool:
    """A material whose closing bracket cites one instrument or article: its own basis."""
    bracket = _closing_bracket(piece)
    return bracket is not None and _CITING.search(bracket) is not None and not _cites_several(
        bracket)


def _judge_pieces(
    pieces: list[str],
    written: str,
    own_cites: dict[str, tuple[Citation, ...]],
    certificate: bool,
    seal: bool,
) -> tuple[str | None, str | None, str | None, str | None]:
    """Of several materials in one entry: the first certificate citing nothing, the first
    certificate citing too low (and its levels), the first third party's seal citing nothing,
    each named as the department wrote it (（）, not the key's ()), or None."""
    as_cut = _pieces(written)
    shown = dict(zip(pieces, as_cut, strict=True)) if len(as_cut) == len(pieces) else {}
    bare: str | None = None
    below: str | None = None
    levels: str | None = None
    unsealed: str | None = None
    if certificate:
        certificates = [p for p in pieces if is_certificate(p)]
        bare = next((p for p in certificates if not own_cites[p]), None)
        below = next((p for p in certificates if own_cites[p] and _too_low(own_cites[p])), None)
        if below is not None:
            levels = cited_levels(own_cites[below])
    if seal:
        unsealed = next((p for p in pieces if not own_cites[p] and is_third_party_seal(p)), None)

    def as_written(piece: str | None) -> str | None:
        return None if piece is None else shown.get(piece, piece)

    return as_written(bare), as_written(below), levels, as_written(unsealed)


def _too_low(citations: tuple[Citation, ...]) -> bool:
    """Every level cited is one that cannot found a certificate."""
    return {str(c.level) for c in citations} <= _LOW_FOR_CERTIFICATE


def materials_given(ctx: Context) -> dict[str, pd.Series]:
    """materials_n: materials-sheet rows plus a filled 申请材料 cell (NA without that sheet)."""
    if not ctx.has_materials_sheet:
        return {"materials_n": pd.Series(pd.NA, index=ctx.items.index, dtype="Int64")}
    counts = np.zeros(ctx.n, dtype=np.int64)
    links = ctx.memo("material_links", lambda: link_materials(ctx))
    mat = ctx.tables.materials
    # A row that names no material (材料名称 blank, 无 or /: a template listing every item) is none.
    named = (
        (~flags(mat["材料名称"], is_placeholder, na=True)).tolist()
        if mat is not None and "材料名称" in mat
        else [True] * len(links)
    )
    for found, names_one in zip(links, named, strict=True):
        if names_one:
            for i in found:
                counts[i] += 1
    counts += (ctx.present("申请材料") & ~ctx.blank("申请材料")).astype(np.int64)
    return {"materials_n": pd.Series(counts, index=ctx.items.index, dtype="Int64")}


# ---------------------------------------------------------------- findings


def describe_material(
    ctx: Context, code: str, position: int, column: str, value: object = None, **params: object
) -> Linked:
    """A finding about one material: its materials-sheet cell, or the item's 申请材料 cell."""
    frame = material_frame(ctx)
    cols = ctx.memo(
        "material_lists",
        lambda: {
            c: frame[c].tolist() for c in ("_item", "_origin", "_sheet", "_row", "_value", "_src")
        },
    )
    item = int(cols["_item"][position])
    shown = cols["_value"][position] if value is None else str(value)
    if cols["_origin"][position] == "cell":
        return ctx.item_finding(code, item, "申请材料", shown, **params)
    sheet, row = cols["_sheet"][position], int(cols["_row"][position])
    lay = ctx.layout("materials", sheet, row)
    col = lay.columns.get(column) if lay is not None else None
    if lay is not None and lay.written.get(column):
        params["written"] = lay.written[column]
    return item, finding(
        code,
        sheet=sheet,
        row=row,
        column=column,
        cell=cell_ref(col, row),
        item=ctx.item_label(item),  # a row for a main item is one finding per sub-item
        value=shown,
        **params,
    )


def material_raw(ctx: Context, position: int, field: str) -> str | None:
    """A materials-sheet cell as written, for the material at ``position`` of the frame."""
    frame = material_frame(ctx)
    src = int(frame["_src"].iat[position])
    if src == _NO_ITEM:
        return None
    for table in (ctx.tables.materials_raw, ctx.tables.materials):
        if table is not None and field in table:
            value = table[field].iat[src]
            if value is not None and not (isinstance(value, float) and np.isnan(value)):
                return str(value)
    return None


def _by_name(code: str) -> Describer:
    def describe(ctx: Context, f: Failure) -> list[Linked]:
        return [describe_material(ctx, code, f.index, "材料名称")]

    return describe


def _without_basis(code: str) -> Describer:
    """certificate- / seal-without-basis: at the 材料依据 cell when it is filled but cites
    nothing (根据有关规定), else at the material's name."""

    def describe(ctx: Context, f: Failure) -> list[Linked]:
        frame = material_frame(ctx)
        written = frame["材料依据"].iat[f.index]
        column = "材料依据" if isinstance(written, str) and written.strip() else "材料名称"
        # the certificate (户籍证明) or seal of several in one entry that cites nothing, else the
        # whole entry
        piece = frame["_uncited" if code == "certificate-without-basis" else "_unsealed"].iat[
            f.index
        ]
        shown = piece if isinstance(piece, str) else frame["_value"].iat[f.index]
        return [describe_material(ctx, code, f.index, column, shown)]

    return describe


def _basis_too_low(ctx: Context, f: Failure) -> list[Linked]:
    frame = material_frame(ctx)
    column = "材料依据" if bool(frame["_basis_cited"].iat[f.index]) else "材料名称"
    piece = frame["_low"].iat[f.index]  # the certificate of several in one entry citing too low
    return [
        describe_material(
            ctx,
            "certificate-basis-too-low",
            f.index,
            column,
            piece if isinstance(piece, str) else None,
            levels=frame["cert_levels"].iat[f.index],
        )
    ]


def _no_materials(ctx: Context, f: Failure) -> list[Linked]:
    """no-materials at the 申请材料 cell; when materials-sheet rows that link to nothing name an
    item written like this one (兽药生产许可证核发证 for 兽药生产许可证核发), or carry this item's
    序号 that other items carry too, the message says where they are: the likely cause, which
    the department would not find from 未列明 alone."""
    hint = _ambiguous_rows(ctx, f.index) or _near_rows(ctx, f.index)
    return [ctx.item_finding("no-materials", f.index, "申请材料", **hint)]


def _items_at(ctx: Context, indices: list[int], most: int = 5) -> str:
    """Items by their rows and names: 「事项清单」表第3行「采矿权新立登记」、第6行「…」."""
    parts: list[str] = []
    sheet: object = object()
    for i in indices[:most]:
        at = f"第{ctx.rows[i]}行「{ctx.item_label(i)}」"
        if ctx.sheets[i] != sheet:
            sheet = ctx.sheets[i]
            at = (f"「{sheet}」表" if sheet else "") + at
        parts.append(at)
    return "、".join(parts) + ("等" if len(indices) > most else "")


def _material_rows(mat: pd.DataFrame, positions: list[int]) -> str:
    """Materials-sheet rows by sheet: 「申请材料」表第2、5行."""
    by_sheet: dict[str, list[str]] = {}
    for k in positions:
        by_sheet.setdefault(str(mat["_sheet"].iat[k]), []).append(str(int(mat["_row"].iat[k])))
    return "、".join(
        f"「{sheet}」表第{'、'.join(rows[:5])}{'等' if len(rows) > 5 else ''}行"
        for sheet, rows in by_sheet.items()
    )


def _ambiguous_by_item(ctx: Context) -> dict[int, list[int]]:
    """The materials-sheet rows of ambiguous_links under each item their 序号 matches."""
    out: dict[int, list[int]] = {}
    for k, items in ambiguous_links(ctx).items():
        for i in items:
            out.setdefault(i, []).append(k)
    return out


def _ambiguous_rows(ctx: Context, index: int) -> dict[str, str]:
    """The hint for an item whose 序号 materials-sheet rows carry, when other items carry that
    序号 too: the rows did not link, and 事项名称 there would link them."""
    mat = ctx.tables.materials
    rows = ctx.memo("ambiguous_by_item", lambda: _ambiguous_by_item(ctx)).get(index)
    if mat is None or not rows:
        return {}
    raw = ctx.tables.materials_raw if ctx.tables.materials_raw is not None else mat
    number = _cell(raw, rows[0], "序号") or _cell(mat, rows[0], "序号") or ""
    others = [i for i in ambiguous_links(ctx)[rows[0]] if i != index]
    return {"hint": f"（{_material_rows(mat, rows)}的材料所填序号{number}同时对应本事项和"
                    f"{_items_at(ctx, others)}，无法确定所属事项；如属本事项，"
                    "请在申请材料表中填写事项名称）"}


def _near_rows(ctx: Context, index: int) -> dict[str, str]:
    near = ctx.memo("near_rows", lambda: _unlinked_by_item(ctx)).get(index)
    if not near:
        return {}
    mat = ctx.tables.materials
    raw = ctx.tables.materials_raw if ctx.tables.materials_raw is not None else mat
    assert mat is not None
    assert raw is not None
    where = _material_rows(mat, near)
    names = list(dict.fromkeys(" ".join(str(raw["事项名称"].iat[k]).split()) for k in near))
    same_name = all(_link_key(ctx.key("事项名称")[index]) == _link_key(
        filled_key(n)) for n in names)
    if same_name:  # only the sub-item differs
        what = "所填子项名称与本事项不一致"
    else:
        shown = "「" + "」「".join(names[:2]) + "」" + ("等" if len(names) > 2 else "")
        what = f"填写的事项名称为{shown}，与本事项名称不一致"
    return {"hint": f"（{where}{what}，如属本事项请改为一致）"}


# Beyond this many distinct names written on unlinked rows, no hint is looked for: each name
# is compared with every item (rapidfuzz, about 7 ms over 100k items).
_MAX_NEAR_NAMES = 50


def _unlinked_by_item(ctx: Context) -> dict[int, list[int]]:
    """Materials-sheet rows that link to nothing, each under the one item its name is most
    like (事项名称 and 子项名称 together, rapidfuzz ratio at least 70), by item; none when
    the rows name more than _MAX_NEAR_NAMES different items."""
    mat = ctx.tables.materials
    links = ctx.memo("material_links", lambda: link_materials(ctx))
    if mat is None or not links or "事项名称" not in mat:
        return {}
    m_names = map_unique(mat["事项名称"], filled_key, "").tolist()
    m_subs = (map_unique(mat["子项名称"], filled_key, "").tolist() if "子项名称" in mat
              else [""] * len(mat))
    groups: dict[str, list[int]] = {}
    for k, found in enumerate(links):
        if not found and m_names[k]:
            groups.setdefault(_link_key(f"{m_names[k]}{m_subs[k]}"), []).append(k)
    if not groups or len(groups) > _MAX_NEAR_NAMES:
        return {}
    names, subs = ctx.key("事项名称").tolist(), ctx.key("子项名称").tolist()
    choices = [_link_key(f"{n}{s}") if n else "" for n, s in zip(names, subs, strict=True)]
    out: dict[int, list[int]] = {}
    for key, rows in groups.items():
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=_CLOSE_NAME)
        if best is not None:
            out.setdefault(best[2], []).extend(rows)
    return {i: sorted(rows) for i, rows in out.items()}


def unlinked_materials(ctx: Context) -> list[Linked]:
    """Materials-sheet rows that name no item of the items sheet (index -1: no item)."""
    mat = ctx.tables.materials
    links = ctx.memo("material_links", lambda: link_materials(ctx))
    if mat is None or not links:
        return []
    raw = ctx.tables.materials_raw if ctx.tables.materials_raw is not None else mat
    ambiguous = ambiguous_links(ctx)
    out: list[Linked] = []
    for k, found in enumerate(links):
        if found:
            continue
        sheet = mat["_sheet"].iat[k]
        row = int(mat["_row"].iat[k])
        lay = ctx.layout("materials", sheet, row)
        col = lay.columns.get("材料名称") if lay is not None else None
        written = {"written": lay.written["材料名称"]} if lay and "材料名称" in lay.written else {}
        several = ambiguous.get(k)
        why = (f"对应多个事项（{_items_at(ctx, several)}），无法确定属于哪一个"
               if several else "找不到")
        out.append((-1, finding(
            "unlinked-material", sheet=sheet, row=row, column="材料名称",
            cell=cell_ref(col, row), item=_owner(raw, k, lay), value=raw["材料名称"].iat[k],
            why=why, **written,
        )))
    return out


def _owner(raw: pd.DataFrame, k: int, lay: SheetLayout | None) -> str:
    """The item a materials-sheet row names, as written: 事项名称（子项名称）, else 事项编码, else
    序号 where it names items (a sheet without 事项名称 and 事项编码), else （未填写）."""

    name, sub = _cell(raw, k, "事项名称"), _cell(raw, k, "子项名称")
    if name:
        return item_label(name, sub)
    code = _cell(raw, k, "事项编码")
    if code:
        return code
    columns = lay.columns if lay is not None else {}
    number = None if "事项名称" in columns or "事项编码" in columns else _cell(raw, k, "序号")
    return f"序号{number}" if number else "（未填写）"


def _cell(raw: pd.DataFrame, k: int, field: str) -> str | None:
    """A materials-sheet row's cell as written, None when blank."""
    value = raw[field].iat[k] if field in raw else None
    return value.strip() if isinstance(value, str) and value.strip() else None


RULES: dict[str, SchemaRule | FunctionRule] = {
    "unlinked-material": FunctionRule(unlinked_materials),
    "no-materials": SchemaRule(_no_materials),
    "catch-all-material": SchemaRule(_by_name("catch-all-material")),
    "certificate-without-basis": SchemaRule(_without_basis("certificate-without-basis")),
    "certificate-basis-too-low": SchemaRule(_basis_too_low),
    "seal-without-basis": SchemaRule(_without_basis("seal-without-basis")),
    "shareable-material": SchemaRule(_by_name("shareable-material")),
}
