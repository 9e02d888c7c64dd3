"""The summary group's workbooks: 汇总目录.xlsx, 疑似重复.xlsx and 已公布事项.xlsx (cli.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from catalog_check.catalogue.decisions import (
    DECIDED_SHEET,
    KEEP_APART,
    MERGE,
    PAIRS_HEADERS,
    PAIRS_SHEET,
    Decision,
    Decisions,
    key_text,
    read_decisions,
)
from catalog_check.catalogue.merge import CatalogueEntry, Consolidation, ProbablePair, SourceItem
from catalog_check.fields import ITEM_TYPES
from catalog_check.files import atomic_path
from catalog_check.safe import XLSXWRITER_OPTIONS, add_format, write_text
from catalog_check.verdict import reform_counts

__all__ = [
    "CATALOGUE_FILE",
    "CATALOGUE_HEADERS",
    "EARLIER_FILE",
    "EARLIER_HEADERS",
    "PAIRS_FILE",
    "STATS_HEADERS",
    "department_stats",
    "write_catalogue",
]

CATALOGUE_FILE, PAIRS_FILE, EARLIER_FILE = "汇总目录.xlsx", "疑似重复.xlsx", "已公布事项.xlsx"
ALL_SHEET, STATS_SHEET, UNTYPED_SHEET = "全部事项", "统计", "未分类"
EARLIER_SHEET = "已公布事项"
# The catalogue's columns: the item, what the summary group passes on (fields.CATALOGUE_
# DETAILS), 备注 (the departments' 事项类型 when they differ), then where it came from.
_CATALOGUE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6), ("事项名称", 40), ("子项名称", 24), ("事项类型", 12), ("实施部门", 28),
    ("事项编码", 16), ("行使层级", 10), ("设定依据", 48), ("法定办结时限", 12),
    ("承诺办结时限", 12), ("跑动次数", 9), ("例外说明", 30), ("是否即办件", 10),
    ("是否网上办理", 12), ("办理形式", 16), ("是否收费", 9), ("收费依据", 30),
    ("咨询电话", 18), ("备注", 30), ("来源", 60), ("存档文件", 40),
)
CATALOGUE_HEADERS = tuple(h for h, _ in _CATALOGUE_COLUMNS)
_NUMBERS = frozenset({"跑动次数"})
EARLIER_HEADERS = (
    "事项名称", "子项名称", "实施部门", "公布批次", "来源", "前批目录位置", "存档文件"
)
STATS_HEADERS = (
    "实施部门",
    "事项数",
    "跑零次",
    "跑零次占比",
    "即办件",
    "即办件占比",
    "网上办理",
    "网上办理占比",
)
_OPTIONS = {
    **XLSXWRITER_OPTIONS,
    "constant_memory": False,  # shared strings: smaller files, less CPU; ~320 MiB at 100k
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class DepartmentStats:
    """Counts of one department (or of the whole catalogue) for the 统计 sheet."""

    department: str
    items: int = 0
    zero_trips: int = 0
    instant: int = 0
    online: int = 0
    #: Per measure (跑动次数, 即办件, 网上办理), how many of the items answer it: an item whose
    #: sheet has no 是否网上办理 column is left out of that share, not counted as 否.
    known: tuple[int, int, int] = (0, 0, 0)

    def shares(self) -> tuple[float | None, float | None, float | None]:
        """跑零次, 即办件 and 网上办理 over the items that answer each (None, written as —,
        when none does)."""
        counts = (self.zero_trips, self.instant, self.online)
        return tuple(  # type: ignore[return-value]
            c / k if k else None for c, k in zip(counts, self.known, strict=True)
        )


class _Sheet:
    """A worksheet with the formats every sheet uses; text always written as text."""

    def __init__(self, wb: xlsxwriter.Workbook, ws: Worksheet) -> None:
        self.ws = ws
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.wrap = add_format(wb, {"text_wrap": True, "valign": "top"})
        self.percent = wb.add_format({"num_format": "0.0%", "valign": "top"})
        self.number = wb.add_format({"valign": "top"})
        self.score = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.bold = add_format(wb, {"bold": True, "valign": "top"})
        self.bold_percent = wb.add_format({"bold": True, "num_format": "0.0%", "valign": "top"})

    def headers(self, headers: Sequence[str], widths: Sequence[float]) -> None:
        for j, (h, w) in enumerate(zip(headers, widths, strict=True)):
            self.ws.write_string(0, j, h, self.header)
            self.ws.set_column(j, j, w)
        self.ws.freeze_panes(1, 0)

    def text(self, r: int, c: int, value: Any, fmt: Format | None = None) -> None:
        """Write text as a string cell (formula-looking text quoted); blanks write nothing."""
        if value is None or value == "":
            return
        write_text(self.ws, r, c, str(value), fmt or self.wrap)

    def num(self, r: int, c: int, value: float | None, fmt: Format | None = None) -> None:
        """Write a number; None writes nothing."""
        if value is not None:
            self.ws.write_number(r, c, value, fmt or self.number)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("是" if value else "否")


def _where(s: SourceItem) -> str:
    """Where a person finds the item: the file as the department named it, sheet and row."""
    parts = [s.file or s.path]
    if s.sheet:
        parts.append(s.sheet)
    parts.append(f"第{s.row}行")
    return " / ".join(parts)


def _sources_text(e: CatalogueEntry) -> str:
    lines = []
    for s in e.sources:
        line = _where(s)
        if len(e.departments) > 1:
            line = f"{s.department}：{line}"
        if s.key != e.key:
            line += f"（{s.name}{'——' + s.subitem if s.subitem else ''}）"
        lines.append(line)
    return "\n".join(lines)


def _archived_text(e: CatalogueEntry) -> str:
    """The archived copy (by hash) of each source file, once each, to open the exact bytes."""
    return "\n".join(dict.fromkeys(s.path for s in e.sources if s.path))


def _sheet_name(typ: str | None, taken: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub("_", typ or UNTYPED_SHEET)[:31] or UNTYPED_SHEET
    base, n = name, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


_Row = tuple[Any, ...]  # the values of CATALOGUE_HEADERS after 序号


def _row_values(e: CatalogueEntry) -> _Row:
    values: dict[str, Any] = {
        "事项名称": e.name,
        "子项名称": e.subitem,
        "事项类型": e.type,
        "实施部门": "、".join(e.departments),
        "事项编码": "\n".join(dict.fromkeys(s.code for s in e.sources if s.code)) or None,
        "跑动次数": e.trips,
        "是否即办件": _yes_no(e.instant),
        "是否网上办理": _yes_no(e.online),
        "备注": e.types_differ,
        "来源": _sources_text(e),
        "存档文件": _archived_text(e),
    }
    return tuple(values[h] if h in values else e.detail(h) for h in CATALOGUE_HEADERS[1:])


def _write_items(sh: _Sheet, rows: Sequence[_Row]) -> None:
    sh.headers(CATALOGUE_HEADERS, [w for _, w in _CATALOGUE_COLUMNS])
    writers = [sh.num if h in _NUMBERS else sh.text for h in CATALOGUE_HEADERS[1:]]
    for r, row in enumerate(rows, start=1):
        sh.num(r, 0, r)
        for c, (write, value) in enumerate(zip(writers, row, strict=True), start=1):
            write(r, c, value)
    if rows:
        sh.ws.autofilter(0, 0, len(rows), len(CATALOGUE_HEADERS) - 1)


def department_stats(c: Consolidation) -> tuple[list[DepartmentStats], DepartmentStats]:
    """Per department and in total, one per catalogue row: a row a department wrote twice
    (a merged pair, or its item in a bureau's list too) counts once for it, answered as the
    row is (most trips; 是 only when each of its sources that answers says 是)."""
    counts: dict[str, list[CatalogueEntry]] = {}
    for sub in c.submissions:
        counts.setdefault(sub.department, [])
    for e in c.catalogue:
        by_department: dict[str, list[SourceItem]] = {}
        for s in e.sources:
            by_department.setdefault(s.department, []).append(s)
        for department, sources in by_department.items():
            counts.setdefault(department, []).append(replace(e, sources=tuple(sources)))
    per = [_stats(d, rows) for d, rows in counts.items()]
    return per, _stats("合计", c.catalogue)


def _stats(department: str, rows: Sequence[CatalogueEntry]) -> DepartmentStats:
    zero_trips, instant, online, known = reform_counts(rows)
    return DepartmentStats(department, len(rows), zero_trips, instant, online, known=known)


def _write_stats(wb: xlsxwriter.Workbook, sh: _Sheet, c: Consolidation) -> None:
    per, total = department_stats(c)
    sh.headers(STATS_HEADERS, (36, 9, 9, 11, 9, 11, 9, 12))
    rows = [*per, total]
    for r, st in enumerate(rows, start=1):
        bold = st is total
        sh.text(r, 0, st.department, sh.bold if bold else None)
        for j, (count, share) in enumerate(
            zip((st.zero_trips, st.instant, st.online), st.shares(), strict=True)
        ):
            sh.num(r, 2 + 2 * j, count, sh.bold if bold else None)
            if share is None:
                sh.text(r, 3 + 2 * j, "—")
            else:
                sh.num(r, 3 + 2 * j, share, sh.bold_percent if bold else sh.percent)
        sh.num(r, 1, st.items, sh.bold if bold else None)
    summed = sum(st.items for st in per)
    if summed != total.items:  # the column does not add up to 合计: say why
        shared = sum(1 for e in c.catalogue if len({s.department for s in e.sources}) > 1)
        sh.text(len(rows) + 2, 0,
                f"注：{shared}个事项由多个部门报送，在各部门行中分别计数；合计按汇总目录去重后"
                f"计为{total.items}项（各部门之和为{summed}项）。")
    if not per:
        return
    chart = wb.add_chart({"type": "column"})
    last = len(per)  # the chart shows the departments, not the total row
    for col in (3, 5, 7):
        chart.add_series(
            {
                "name": [STATS_SHEET, 0, col],
                "categories": [STATS_SHEET, 1, 0, last, 0],
                "values": [STATS_SHEET, 1, col, last, col],
            }
        )
    chart.set_title({"name": "各部门跑零次、即办件、网上办理占比"})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": max(720, 36 * last), "height": 400})
    sh.ws.insert_chart(1, len(STATS_HEADERS) + 1, chart)


def _write_catalogue_book(c: Consolidation, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        rows = [_row_values(e) for e in c.catalogue]
        _write_items(_Sheet(wb, wb.add_worksheet(ALL_SHEET)), rows)
        by_type: dict[str | None, list[_Row]] = {}
        for e, row in zip(c.catalogue, rows, strict=True):
            by_type.setdefault(e.type, []).append(row)
        order = [t for t in ITEM_TYPES if t in by_type]
        order += sorted(t for t in by_type if t is not None and t not in ITEM_TYPES)
        order += [None] if None in by_type else []
        taken = {ALL_SHEET, STATS_SHEET}
        for typ in order:
            _write_items(_Sheet(wb, wb.add_worksheet(_sheet_name(typ, taken))), by_type[typ])
        _write_stats(wb, _Sheet(wb, wb.add_worksheet(STATS_SHEET)), c)
    finally:
        wb.close()


_PAIR_WIDTHS = (36, 18, 24, 36, 18, 24, 8, 36, 12, 10, 10)


def _pair_sheet(
    wb: xlsxwriter.Workbook, name: str, rows: list[tuple[Any, ...]], dropdown: bool
) -> None:
    sh = _Sheet(wb, wb.add_worksheet(name))
    sh.headers(PAIRS_HEADERS, _PAIR_WIDTHS)
    for r, values in enumerate(rows, start=1):
        for j, v in enumerate(values):
            if j == 6:
                sh.num(r, j, v, sh.score)
            else:
                sh.text(r, j, v)
    sh.ws.set_column(9, 10, 10, None, {"hidden": True})
    if dropdown:
        last = max(len(rows), 1)
        sh.ws.data_validation(
            1,
            8,
            last,
            8,
            {
                "validate": "list",
                "source": [MERGE, KEEP_APART],
                "input_title": "处理意见",
                "input_message": "合并：作为同一事项合并为一行；不合并：不再提示",
                # Other text may be typed (合并，以人社厅为主办部门): its first clause decides,
                # and text that decides nothing is kept as written.
                "error_type": "information",
                "error_title": "处理意见",
                "error_message": "处理意见以开头的“合并”或“不合并”为准；其他说明将原样保留，"
                                 "但不作为处理意见",
            },
        )
    if rows:
        sh.ws.autofilter(0, 0, len(rows), 8)


def _score(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _decided_row(d: Decision) -> tuple[Any, ...]:
    shown = list(d.row) + [""] * (8 - len(d.row))
    if not shown[0]:
        shown[0], shown[1] = d.a[0], d.a[1]
        shown[3], shown[4] = d.b[0], d.b[1]
    return (*shown[:6], _score(shown[6]), shown[7], d.note, key_text(d.a), key_text(d.b))


def _write_pairs_book(
    c: Consolidation, path: Path, decided: Decisions, on_disk: Decisions
) -> None:
    # A 处理意见 that decides nothing goes back to its pair as written, never erased.
    def unclear(p: ProbablePair) -> str | None:
        return (c.decisions.unclear_text(p.a.key, p.b.key)
                or on_disk.unclear_text(p.a.key, p.b.key))

    pending = [
        (
            p.a.name,
            p.a.subitem,
            "、".join(p.a.departments),
            p.b.name,
            p.b.subitem,
            "、".join(p.b.departments),
            p.score,
            p.reason,
            unclear(p),
            key_text(p.a.key),
            key_text(p.b.key),
        )
        for p in c.probable
    ]
    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        _pair_sheet(wb, PAIRS_SHEET, pending, dropdown=True)
        _pair_sheet(wb, DECIDED_SHEET, [_decided_row(d) for d in decided.items], dropdown=True)
    finally:
        wb.close()


def _write_earlier_book(c: Consolidation, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        sh = _Sheet(wb, wb.add_worksheet(EARLIER_SHEET))
        sh.headers(EARLIER_HEADERS, (40, 24, 28, 10, 60, 40, 40))
        for r, m in enumerate(c.earlier, start=1):
            e = m.earlier
            sh.text(r, 0, m.item.name)
            sh.text(r, 1, m.item.subitem)
            sh.text(r, 2, m.item.department)
            sh.text(r, 3, m.batch)
            sh.text(r, 4, _where(m.item))
            # the earlier catalogue by its file name, as 来源 names the submission (not the
            # server path it was configured under)
            sh.text(r, 5, " / ".join(x for x in (Path(e.path).name, e.sheet, f"第{e.row}行") if x))
            sh.text(r, 6, m.item.path)
        if c.earlier:
            sh.ws.autofilter(0, 0, len(c.earlier), len(EARLIER_HEADERS) - 1)
    finally:
        wb.close()


def _atomic(path: Path, write: Callable[[Path], None]) -> Path:
    with atomic_path(path) as tmp:
        write(tmp)
    return path


def write_catalogue(c: Consolidation, folder: Path) -> dict[str, Path]:
    """Write 汇总目录.xlsx, 疑似重复.xlsx and 已公布事项.xlsx into ``folder``; return their paths.

    Each file is written beside its final name and then moved into place. Decisions are
    never lost: those of the consolidation, and any found in the 疑似重复.xlsx being replaced
    that the consolidation did not carry, go to its 已处理 sheet.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pairs_path = folder / PAIRS_FILE
    on_disk = read_decisions(pairs_path)
    decided = Decisions.of([*on_disk.items, *c.decisions.items])
    return {
        "catalogue": _atomic(folder / CATALOGUE_FILE, lambda p: _write_catalogue_book(c, p)),
        "probable_duplicates": _atomic(
            pairs_path, lambda p: _write_pairs_book(c, p, decided, on_disk)
        ),
        "earlier_batch": _atomic(folder / EARLIER_FILE, lambda p: _write_earlier_book(c, p)),
    }
