"""标注版: the department's own workbook with every offending cell filled and commented.

An .xlsx/.xlsm is loaded with openpyxl and keeps its formatting (in-cell rich text too),
widths, merged cells and other sheets (an .xlsm keeps its macros and is saved as .xlsm, which
Excel requires). A hidden sheet, row or column holding a marked cell is shown: the department
is told to fix row 8, so row 8 must be there to see. A
workbook openpyxl cannot open (.xls, .csv, .ods, or an .xlsx openpyxl rejects) is rebuilt
from the cells as read, at the same positions, and marked the same way.
"""

from __future__ import annotations

import io
import re
import warnings
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook as XlWorkbook
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from catalog_check.files import atomic_path
from catalog_check.findings import Finding, sort_key
from catalog_check.header import layout_at
from catalog_check.reports._rebuild import rebuild
from catalog_check.reports._styles import (
    ACCEPTED_LABEL,
    ACCEPTED_TEXT,
    AUTHOR,
    ERROR_FILL,
    ERROR_TEXT,
    REJECTED_LABEL,
    WARNING_FILL,
    display_width,
    message,
    numbered,
    rule_name,
    xml_text,
)
from catalog_check.reports._summary import OPENPYXL_FORMATS, SUMMARY_TITLE, add_summary
from catalog_check.reports._xl import BOX, HEADER, RED, WRAP_TOP, YELLOW, StyleCache
from catalog_check.rules import Severity
from catalog_check.safe import looks_like_formula, set_cell
from catalog_check.verdict import REJECTED, FileReview, ItemResult
from catalog_check.workbook import Sheet, Workbook

if TYPE_CHECKING:
    from catalog_check.table import SheetLayout

__all__ = ["OPINION_HEADER", "SUMMARY_TITLE", "opinion_text", "write_marked_copy"]

OPINION_HEADER = "审核意见"
_OPINION_WIDTH = 48
_COMMENT_WIDTH = 340  # pixels
_COMMENT_UNITS_PER_LINE = 50  # half-width characters that fit on one line of that width
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384  # the largest sheet Excel opens


def write_marked_copy(
    source: Path,
    workbook: Workbook,
    layouts: Sequence[SheetLayout],
    review: FileReview,
    out: Path,
    *,
    keep_vba: bool = True,
) -> Path:
    """Write the marked copy of ``source`` to ``out``; return its path.

    An .xlsm keeps its macros when ``keep_vba`` and is then written as .xlsm (Excel refuses
    a macro workbook named .xlsx); with ``keep_vba=False`` the macros are dropped.
    """
    wb, names, rebuilt = _open(Path(source), workbook, keep_vba=keep_vba)
    if wb.vba_archive is not None and out.suffix.lower() != ".xlsm":
        out = out.with_suffix(".xlsm")
    _clear_previous_marks(wb)
    _quote_formula_text(wb)
    if not rebuilt:
        _defuse_outward_formulas(wb, workbook, names)

    items_layouts = [lay for lay in layouts if lay.kind == "items" and lay.sheet in names]
    default_sheet = _default_sheet(items_layouts, layouts, workbook, names)
    read_sheets = {s.name: s for s in workbook.sheets}

    for lay, width in _one_per_sheet(items_layouts):
        ws = wb[names[lay.sheet]]
        first = items_layouts[0].sheet == lay.sheet
        items = [i for i in review.items if i.sheet == lay.sheet or (i.sheet is None and first)]
        _add_opinion_column(ws, read_sheets.get(lay.sheet), lay, items, width)

    placed, unplaced, layout_of = _locate(review.findings, layouts, names, default_sheet)
    by_anchor: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for (title, coord), found in placed.items():
        letters, row = coordinate_from_string(coord)
        ws = wb[title]
        anchor = _anchor(ws, row, column_index_from_string(letters))
        own = None
        layout = layout_of.get((title, coord))
        if anchor.row != row and layout is not None:  # merged down from another item's row
            own = _own_cell(ws, row, _row_columns(layout))
        for f in found:
            # a finding about the row's item (no cell, or its name: a duplicate) marks one of
            # the row's own cells; one about a value merged over rows marks where it is written
            about_row = f.cell is None or f.column == "事项名称"
            target = own if own is not None and about_row else anchor
            by_anchor[(title, target.coordinate)].append(f)
    styles = StyleCache()
    for (title, coord), found in by_anchor.items():
        _mark_cell(wb[title][coord], found, styles)
    shown = _show_marked(wb, by_anchor)

    add_summary(wb, review, unplaced, names, workbook.format if rebuilt else None, shown)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def opinion_text(item: ItemResult) -> str:
    """The 审核意见 of one item row: 通过 or 退回：reasons, then 提示：notes."""
    parts: list[str] = []
    if item.status == REJECTED:
        reasons = item.reasons or ("存在需修改的问题",)
        parts.append(f"{REJECTED_LABEL}：" + ("\n" if len(reasons) > 1 else "") + numbered(reasons))
    else:
        parts.append(ACCEPTED_LABEL)
    if item.notes:
        parts.append("提示：" + ("\n" if len(item.notes) > 1 else "") + numbered(item.notes))
    return "\n".join(parts)


# ---------------------------------------------------------------- opening


def _open(
    source: Path, workbook: Workbook, *, keep_vba: bool
) -> tuple[XlWorkbook, dict[str, str], bool]:
    """The workbook to mark, a map from sheet names as read to its titles, and rebuilt or not."""
    if workbook.format in OPENPYXL_FORMATS:
        wb = _load_original(source, keep_vba=keep_vba and workbook.format == "xlsm")
        if wb is not None:
            names = {s.name: s.name for s in workbook.sheets if s.name in wb.sheetnames}
            names.update({t: t for t in wb.sheetnames if t not in names})
            return wb, names, False
    wb, names = rebuild(workbook)
    return wb, names, True


def _load_original(source: Path, *, keep_vba: bool) -> XlWorkbook | None:
    """Load the submitted file with openpyxl; None when openpyxl cannot open it."""
    try:
        data = source.read_bytes()
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (slicers, x14 validations); nothing to do.
            warnings.simplefilter("ignore")
            # A file object skips openpyxl's extension check: the bytes decide.
            # keep_links=False: the external workbooks linked (file:///\\host\share\x.xlsx)
            # are not written back; Excel would offer to update them, reaching that host
            return load_workbook(io.BytesIO(data), keep_vba=keep_vba, rich_text=True,
                                 keep_links=False)
    except Exception:  # any parse failure falls back to the rebuilt copy
        return None


_EARLIER_NOTE = "\n——原批注——\n"


def _clear_previous_marks(wb: XlWorkbook) -> None:
    """Remove our own comments and fills from a resubmitted marked copy; a department's own
    comment that ours had kept below it comes back as it was."""
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):  # the only index of cells
            comment = cell.comment
            if comment is not None and comment.author == AUTHOR:
                _, kept, theirs = comment.text.partition(_EARLIER_NOTE)
                cell.comment = Comment(theirs, "") if kept and theirs else None
                if cell.fill.fgColor.rgb in (f"00{ERROR_FILL}", f"FF{ERROR_FILL}",
                                             f"00{WARNING_FILL}", f"FF{WARNING_FILL}"):
                    cell.fill = PatternFill(fill_type=None)


def _quote_formula_text(wb: XlWorkbook) -> None:
    """Give the department's own text cells that read like a formula (=1+1, @SUM, ＋备注)
    Excel's quote prefix, as every workbook we write does: they stay text when edited."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.data_type == "s" and looks_like_formula(_text(cell.value)) \
                    and not cell.quotePrefix:
                cell.quotePrefix = True


# A formula that reaches outside the workbook: DDE (=cmd|' /C calc'!A0), another file
# ([1]Sheet1!A1, 'C:\\…\\[x.xlsx]'!A1, file://, http://), or a function that opens, calls or
# fetches (HYPERLINK, WEBSERVICE, CALL, REGISTER, EXEC, RTD …). A department's sums never do.
_OUTWARD = re.compile(
    r"\||\[\d+\]"
    r"|\b(?:HYPERLINK|WEBSERVICE|FILTERXML|CALL|REGISTER(?:\.ID)?|EXEC|RTD|DDE\w*|IMPORT\w*|IMAGE)"
    r"\s*\(",
    re.IGNORECASE,
)
# What reaches out wherever it is written, in a text too (IMAGE("https://…"), a path).
_OUTWARD_ANYWHERE = re.compile(r"://|\\\\|\[[^\]\[]*\.(?:xl|od|cs|et)", re.IGNORECASE)
# A text in a formula ("|" joined by & is no DDE) or a quoted sheet name ('a|b'!A1), whichever
# opens first: a sheet may be named x"y, whose " is no text's start ('x"y'!A1&cmd|…&'p"q'!A1
# hid the | between two such names).
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')


# Another workbook named inside a quoted sheet name: '[1]My Sheet'!A1 (Excel quotes any name
# with a space), which blanking the name would hide.
_QUOTED_EXTERNAL = re.compile(r"'\[\d+\]")


def _outward(formula: str) -> bool:
    return (_OUTWARD_ANYWHERE.search(formula) is not None
            or _QUOTED_EXTERNAL.search(formula) is not None
            or _OUTWARD.search(_QUOTED.sub("''", formula)) is not None)


def _defuse_outward_formulas(wb: XlWorkbook, workbook: Workbook, names: dict[str, str]) -> None:
    """Replace each formula that reaches outside the workbook by the value the review read
    (its cached value), and drop defined names, conditional formats and validations that do,
    and links a click would follow to a share or a file: the marked copy comes from the audit
    group, whom an auditor trusts more than the department's upload, and must not start
    cmd or fetch a file when opened. The department's own sums stay formulas."""
    read = {names[s.name]: s for s in workbook.sheets if s.name in names}
    for ws in wb.worksheets:
        sheet = read.get(ws.title)
        for cell in list(ws._cells.values()):
            link = cell.hyperlink
            if link is not None and link.target and not _SAFE_LINK.fullmatch(link.target.strip()):
                cell.hyperlink = None
            if cell.data_type != "f":
                continue
            formula = cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
            if not isinstance(formula, str) or not _outward(formula):
                continue
            set_cell(cell, _cached(sheet, cell.row, cell.column))
        _drop_outward_rules(ws)
    for scope in (wb.defined_names, *(ws.defined_names for ws in wb.worksheets)):
        for name in [n for n, d in scope.items() if _outward(d.attr_text or "")]:
            del scope[name]


# A link a click follows to a share or a program (\\host\share, file:///C:/…/calc.exe)
# rather than a page or a mail: http(s), mailto and places in the workbook stay.
_SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\\]*", re.IGNORECASE)


def _rule_formulas(rule: Any) -> list[str]:
    """The formulas of a conditional format: its own, and the thresholds of a colour scale, a
    data bar or an icon set (cfvo val), all worked out when the copy is opened."""
    formulas = [f for f in rule.formula or () if f]
    for scale in (rule.colorScale, rule.dataBar, rule.iconSet):
        formulas += [str(v.val) for v in (getattr(scale, "cfvo", None) or ()) if v.val]
    return formulas


def _drop_outward_rules(ws: Worksheet) -> None:
    """Drop conditional formats (worked out when the copy is opened) and validations whose
    formulas reach outside, as a cell's would."""
    formats = ws.conditional_formatting
    for cf in list(formats):  # (cf.rules is the list the sheet keeps for the range)
        cf.rules[:] = [r for r in cf.rules if not any(_outward(f) for f in _rule_formulas(r))]
        if not cf.rules:
            del formats[str(cf.sqref)]
    validations = ws.data_validations.dataValidation
    validations[:] = [v for v in validations
                      if not (_outward(v.formula1 or "") or _outward(v.formula2 or ""))]


def _cached(sheet: Sheet | None, row: int, column: int) -> Any:
    """The value the review read at (row, column) of an .xlsx sheet (its rows are 1, 2 …)."""
    if sheet is None or row > len(sheet.rows) or column > len(sheet.rows[row - 1]):
        return None
    value = sheet.rows[row - 1][column - 1]
    if value == "":
        return None
    return xml_text(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    """A cell's value, in-cell rich text (a red run in a cell) as its plain text."""
    return str(value) if isinstance(value, CellRichText) else value


def _default_sheet(
    items_layouts: list[SheetLayout],
    layouts: Sequence[SheetLayout],
    workbook: Workbook,
    names: dict[str, str],
) -> str | None:
    """Where a finding without a sheet name (a CSV) points: the first items sheet."""
    for lay in (*items_layouts, *layouts):
        if lay.sheet in names:
            return lay.sheet
    for sheet in workbook.sheets:
        if sheet.name in names:
            return sheet.name
    return None


# ---------------------------------------------------------------- findings → cells


def _by_sheet(layouts: Iterable[SheetLayout]) -> dict[str, list[SheetLayout]]:
    """The tables of each sheet, in order (a sheet may hold two, each with its own header)."""
    out: dict[str, list[SheetLayout]] = defaultdict(list)
    for lay in layouts:
        out[lay.sheet].append(lay)
    return out


def _one_per_sheet(layouts: Sequence[SheetLayout]) -> list[tuple[SheetLayout, int]]:
    """The first items table of each sheet and the last column any of its tables uses: a sheet
    holding two tables gets one 审核意见 column, right of both."""
    return [
        (lays[0], max((c for la in lays for c in la.columns.values()), default=1))
        for lays in _by_sheet(layouts).values()
    ]


def _locate(
    findings: Sequence[Finding],
    layouts: Sequence[SheetLayout],
    names: dict[str, str],
    default_sheet: str | None,
) -> tuple[dict[tuple[str, str], list[Finding]], list[Finding], dict[tuple[str, str], SheetLayout]]:
    """Group cell findings by (sheet title, cell); return them, the findings left over, and
    each cell's table (where the row's own cells are, when that cell is merged down from
    another item's row)."""
    by_sheet = _by_sheet(layouts)
    placed: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    unplaced: list[Finding] = []
    layout_of: dict[tuple[str, str], SheetLayout] = {}
    for f in sorted(findings, key=sort_key):
        if f.row is None:
            continue  # file-level: listed on the summary sheet
        sheet = f.sheet if f.sheet is not None else default_sheet
        if sheet not in names:
            unplaced.append(f)
            continue
        layout = layout_at(by_sheet.get(sheet, ()), f.row)
        coord = _coordinate(f, layout)
        if coord is None:
            unplaced.append(f)
            continue
        placed[(names[sheet], coord)].append(f)
        if layout is not None:
            layout_of[(names[sheet], coord)] = layout
    return placed, unplaced, layout_of


def _row_columns(layout: SheetLayout) -> tuple[int, ...]:
    """A table's columns in the order a row's own cell is looked for: 子项名称, then left to
    right."""
    first = layout.columns.get("子项名称")
    rest = sorted(c for c in layout.columns.values() if c != first)
    return (first, *rest) if first is not None else tuple(rest)


def _own_cell(ws: Worksheet, row: int, columns: Sequence[int]) -> Any:
    """The first of these columns whose cell on ``row`` is its own (not merged from above)."""
    for column in columns:
        cell = ws.cell(row, column)
        if not isinstance(cell, MergedCell):
            return cell
    return None


# A field a rule asks for with the one it explains: when the sheet has no column for the first
# (trips-exceed-one wants an 例外说明), the finding marks the second.
_BESIDE = {"例外说明": "跑动次数", "收费依据": "是否收费"}


def _coordinate(f: Finding, layout: SheetLayout | None) -> str | None:
    """The finding's cell, or for a row-level finding the row's 事项名称 cell."""
    if f.cell:
        try:
            letters, row = coordinate_from_string(f.cell.replace("$", "").upper())
            inside = column_index_from_string(letters) <= _MAX_COLUMN and 1 <= row <= _MAX_ROW
        except ValueError:
            return None
        return f"{letters}{row}" if inside else None
    if f.row is None or f.row < 1:
        return None
    column = 1
    beside = _BESIDE.get(f.column or "")
    if layout is not None and beside in layout.columns and f.column not in layout.columns:
        # the sheet has no column for what is missing (例外说明): the cell it explains
        return f"{get_column_letter(layout.columns[beside])}{f.row}"
    if layout is not None and layout.columns:
        for name in ("事项名称", "材料名称"):
            if name in layout.columns:
                column = layout.columns[name]
                break
        else:
            column = min(layout.columns.values())
    return f"{get_column_letter(column)}{f.row}"


def _anchor(ws: Worksheet, row: int, column: int) -> Any:
    """The cell at (row, column), or the top-left cell of the merged range it lies in."""
    cell = ws.cell(row, column)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= column <= rng.max_col:
                return ws.cell(rng.min_row, rng.min_col)
    return cell


def _mark_cell(cell: Any, found: list[Finding], styles: StyleCache) -> None:
    """Fill the cell by its worst finding and comment every finding on it."""
    severities = {f.severity for f in found}
    fill = RED if Severity.ERROR in severities else YELLOW if Severity.WARNING in severities \
        else None
    if fill is not None:
        styles.apply(cell, (tuple(cell._style or ()), fill.fgColor.rgb),
                     lambda c: setattr(c, "fill", fill))
    lines = list(dict.fromkeys(f"【{rule_name(f.code)}】{message(f)}" for f in found))
    text = "\n".join(lines)
    old = cell.comment
    if old is not None and old.text:
        text += _EARLIER_NOTE + old.text
    cell.comment = _comment(xml_text(text))


def _comment(text: str) -> Comment:
    """A comment from 审核小组 sized so that Chinese text shows without scrolling."""
    lines = 0
    for para in text.split("\n"):
        lines += max(1, -(-display_width(para) // _COMMENT_UNITS_PER_LINE))
    height = min(600, 20 + 17 * lines)
    return Comment(text, AUTHOR, height=height, width=_COMMENT_WIDTH)


# ---------------------------------------------------------------- 审核意见 column


def _add_opinion_column(
    ws: Worksheet, read: Sheet | None, layout: SheetLayout, items: list[ItemResult], width: int
) -> int:
    """Add the 审核意见 column after the sheet's tables (``width``: the last column they map)
    and its last value; return its index."""
    header_rows = sorted(layout.header_rows) or [1]
    top, bottom = header_rows[0], header_rows[-1]
    last = max(_last_column(ws, read, top, bottom, {i.row for i in items}), width)
    # An earlier 审核意见 of ours right of the table (a returned marked copy) is written over,
    # also when the department added a column after it (修改说明): a second one at the end
    # left the first saying 退回 beside rows that pass now.
    column = next((c for c in range(width + 1, last + 1)
                   if _text(ws.cell(top, c).value) == OPINION_HEADER), last + 1)
    # Not over a stray merge, nor over the department's own helper column (formulas that show
    # "" read as blank, but are still there).
    rows = [*range(top, bottom + 1), *(i.row for i in items)]
    while isinstance(ws.cell(top, column), MergedCell) or (
        _text(ws.cell(top, column).value) != OPINION_HEADER
        and any(_text(ws.cell(r, column).value) not in (None, "") for r in rows)
    ):
        column += 1

    style_from = _anchor(ws, top, last)
    header = ws.cell(top, column)
    set_cell(header, OPINION_HEADER)
    if style_from.has_style:
        header._style = copy(style_from._style)  # the header's look as is
    else:
        header.font = Font(bold=True)
        header.fill = HEADER
        header.border = BOX
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if bottom > top:
        for r in range(top + 1, bottom + 1):
            ws.cell(r, column)._style = copy(header._style)
        span = f"{get_column_letter(column)}{top}:{get_column_letter(column)}{bottom}"
        if span not in {str(r) for r in ws.merged_cells.ranges}:
            ws.merge_cells(span)
    _own_dimension(ws, column).width = _OPINION_WIDTH

    styles = StyleCache()
    for item in items:
        cell = ws.cell(item.row, column)
        if isinstance(cell, MergedCell) or item.row <= bottom:
            continue
        like = _anchor(ws, item.row, last)
        rejected = item.status == REJECTED
        key = (tuple(like._style) if like.has_style else None, rejected)
        styles.apply(cell, key, lambda c, like=like, rejected=rejected:
                     _opinion_style(c, like, rejected))
        note = department_note(_text(cell.value))
        text = opinion_text(item) + (f"\n{NOTE_MARK}\n{note}" if note else "")
        set_cell(cell, xml_text(text))
    return column


#: Above what a department wrote in the 审核意见 cell of the copy it sent back.
NOTE_MARK = "——部门说明——"
# The first line of a block of ours in an earlier 审核意见 (opinion_text): 通过, 退回：…, 提示：…;
# ending in the colon, numbered reasons 1. 2. … follow it.
_OUR_LABEL = re.compile(rf"(?:{ACCEPTED_LABEL}$|(?:{REJECTED_LABEL}|提示)：(?P<rest>.*))")
_NUMBERED = re.compile(r"(\d+)\.\s")


def department_note(old: str | None) -> str:
    """What a department wrote in the 审核意见 cell of a marked copy it sends back (已与消防
    部门沟通，证明材料拟取消): every line but our own blocks (a label, then its numbered
    reasons 1. 2. … in turn), and all below an earlier ——部门说明——; empty when there are none.
    Kept below the new opinion, not wiped."""
    if not old:
        return ""
    ours, _, theirs = old.partition(NOTE_MARK)
    lines: list[str] = []
    expected = 0  # the number of the next reason of ours, 0 outside a numbered block
    for line in ours.splitlines():
        text = line.strip()
        label = _OUR_LABEL.match(text)
        numbered = _NUMBERED.match(text)
        if label is not None:
            expected = 1 if label["rest"] == "" else 0
        elif expected and numbered is not None and int(numbered[1]) == expected:
            expected += 1
        elif text:
            expected = 0
            lines.append(line)
    lines += [ln for ln in theirs.splitlines() if ln.strip()]
    return "\n".join(lines)


def _own_dimension(ws: Worksheet, column: int, *, inherit: bool = False) -> ColumnDimension:
    """The column's own width entry, shown: a department's range entry over it (unused
    columns W:XFD hidden, or one width set for F:Z) is split around it, so the 审核意见 column
    is neither hidden nor given two overlapping widths. ``inherit``: the column keeps what
    the range gave it (width, style), as a department's column that is only being shown."""
    own: ColumnDimension | None = None
    for key, dim in list(ws.column_dimensions.items()):
        low, high = dim.min or 0, dim.max or 0
        if low <= column <= high and low != high:
            if inherit:
                own = copy(dim)
            if low < column:
                dim.max = column - 1
            else:
                del ws.column_dimensions[key]
            if column < high:
                rest = copy(dim)
                rest.index = get_column_letter(column + 1)
                rest.min, rest.max = column + 1, high
                ws.column_dimensions[rest.index] = rest
    letter = get_column_letter(column)
    if own is not None:
        own.index = letter
        ws.column_dimensions[letter] = own
    dim = ws.column_dimensions[letter]
    dim.min = dim.max = column
    dim.hidden = False
    return dim


# ---------------------------------------------------------------- hidden → shown

_SHOWN_WIDTH = 16  # a column hidden with no width of its own


def _show_marked(wb: XlWorkbook, anchors: Iterable[tuple[str, str]]) -> list[str]:
    """Show the hidden sheets, rows and columns that hold a marked cell; return what was
    hidden (「事项清单」第8行, 「事项清单」L列, 工作表「备用」) for the summary sheet."""
    sheets: list[str] = []
    rows: dict[str, set[int]] = defaultdict(set)
    columns: dict[str, set[int]] = defaultdict(set)
    for title, coord in anchors:
        ws = wb[title]
        letters, row = coordinate_from_string(coord)
        column = column_index_from_string(letters)
        if ws.sheet_state != "visible":
            ws.sheet_state = "visible"
            sheets.append(title)
        dim = ws.row_dimensions.get(row)
        if dim is not None and dim.hidden:
            dim.hidden = False
            rows[title].add(row)
        if any(d.hidden and (d.min or 0) <= column <= (d.max or 0)
               for d in ws.column_dimensions.values()):
            shown = _own_dimension(ws, column, inherit=True)
            if not shown.width or shown.width < 1:
                shown.width = _SHOWN_WIDTH
            columns[title].add(column)
    out = [f"工作表「{t}」" for t in sheets]
    for title in dict.fromkeys([*rows, *columns]):
        parts = [*(f"第{a}行" if a == b else f"第{a}至{b}行" for a, b in _runs(rows[title])),
                 *(f"{get_column_letter(c)}列" for c in sorted(columns[title]))]
        shown = "、".join(parts[:_SHOWN_PARTS]) + (
            f"等{len(parts)}处" if len(parts) > _SHOWN_PARTS else "")
        out.append(f"「{title}」{shown}")
    return out


_SHOWN_PARTS = 10  # row runs and columns named per sheet on the summary


def _runs(numbers: set[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: {3, 4, 5, 9} → [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _opinion_style(cell: Any, like: Any, rejected: bool) -> None:
    """The row's borders and font (from its last cell), wrapped, red for 退回, green for 通过."""
    if like.has_style:
        cell._style = copy(like._style)
    font = copy(cell.font)
    font.color = Color(rgb="FF" + (ERROR_TEXT if rejected else ACCEPTED_TEXT))
    cell.font = font
    cell.alignment = WRAP_TOP


def _last_column(ws: Worksheet, read: Sheet | None, top: int, bottom: int, rows: set[int]) -> int:
    """The last column holding a value in the header rows or an item row."""
    last = 0
    if read is not None:
        wanted = rows | set(range(top, bottom + 1))
        for number, row in zip(read.row_numbers, read.rows, strict=False):
            if number not in wanted:
                continue
            for j in range(len(row), last, -1):
                value = row[j - 1]
                if value is not None and str(value).strip():
                    last = j
                    break
    else:
        for r in range(top, bottom + 1):
            for c in range(ws.max_column, last, -1):
                if _text(ws.cell(r, c).value) not in (None, ""):
                    last = c
                    break
    # A merge reaching from the table into the next column (a header group, or an item's last
    # cell merged sideways, V5:W5) moves the column past it, or that row would get no 审核意见.
    ordered = sorted(rows)

    def holds_item(low: int, high: int) -> bool:
        at = bisect_left(ordered, low)
        return at < len(ordered) and ordered[at] <= high

    spans = [
        rng for rng in ws.merged_cells.ranges
        if (rng.min_row <= bottom and rng.max_row >= top) or holds_item(rng.min_row, rng.max_row)
    ]
    grown = True
    while grown:
        grown = False
        for rng in spans:
            if rng.min_col <= last + 1 and rng.max_col > last:
                last, grown = rng.max_col, True
    return last


# ---------------------------------------------------------------- summary sheet


