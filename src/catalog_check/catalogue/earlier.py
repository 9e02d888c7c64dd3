"""Catalogues of earlier batches: reading them and matching this batch's items against them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_check.config import ConfigError
from catalog_check.text import clean, is_placeholder, name_key

__all__ = [
    "EarlierIndex",
    "EarlierItem",
    "Resolver",
    "batch_label",
    "read_earlier",
]

Resolver = Callable[[str], "str | None"]

_BATCH = re.compile(r"第[一二三四五六七八九十百零〇\d]+批")
_HEADER_ROWS = 30
_NAME_HEADERS = ("事项名称", "主项名称", "权力事项名称", "服务事项名称")
_SUB_HEADERS = ("子项名称", "子项")
_DEPT_HEADERS = (
    "实施部门",
    "实施主体",
    "实施机关",
    "责任部门",
    "主管部门",
    "部门",
    "实施单位",
    "单位",
)
_DEPT_SPLIT = re.compile(r"[、,，;；/\n]+")
# "一、省公安厅（15项）", "（三）省建设厅", "3. 省水利厅 共8项" → 省公安厅
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.]|\(?[一二三四五六七八九十\d]+\)|\d+[、.])"
)
_SECTION_COUNT = re.compile(r"(?:\(|共)?\d+项\)?$")


@dataclass(frozen=True, slots=True)
class EarlierItem:
    """One item of an earlier batch's published catalogue.

    departments: full names after alias resolution (the text itself where it resolves to
    nothing); has_subitem: the catalogue has a 子项名称 column, so the subitem takes part in
    matching; department_text: 实施部门 as written.
    """

    name: str
    subitem: str | None
    departments: tuple[str, ...]
    batch: str
    path: str
    sheet: str | None
    row: int
    has_subitem: bool = False
    department_text: str | None = None


def batch_label(path: Path) -> str:
    """第一批 from the file name (第一批.xlsx, 浙江省第一批最多跑一次事项.xlsx), else the stem."""
    m = _BATCH.search(Path(path).name)
    return m.group(0) if m else Path(path).stem


def _resolve_all(text: str | None, resolve: Resolver) -> tuple[str, ...]:
    if not text:
        return ()
    whole = resolve(text)
    if whole:
        return (whole,)
    out: list[str] = []
    for part in _DEPT_SPLIT.split(text):
        part = part.strip()
        if part:
            name = resolve(part) or part
            if name not in out:
                out.append(name)
    return tuple(out)


def _rows(path: Path) -> Iterator[tuple[str | None, list[list[Any]], list[int]]]:
    """(sheet name, rows, Excel row numbers) of every visible sheet; CSV: one unnamed sheet.

    Read with the submissions' reader (format by the bytes, size limits); its ReadError
    propagates, naming why the catalogue cannot be read.
    """
    from catalog_check.reader import ReadError, read_workbook

    try:
        wb = read_workbook(path)
    except ReadError as err:  # (the file is the operator's setting, not a department's)
        raise ConfigError(f"配置 [batch] earlier 中的「{path.name}」无法作为前批目录读取："
                          f"{err.detail}") from err
    for sheet in wb.sheets:
        if not sheet.hidden:
            yield (None if wb.format == "csv" else sheet.name), sheet.rows, sheet.row_numbers


def _find_header(rows: list[list[Any]]) -> tuple[int, int, int | None, int | None] | None:
    """(header index, name column, subitem column, department column) or None."""
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        keys = [name_key(v) for v in row]
        name_col = next((j for j, k in enumerate(keys) if k in _NAME_HEADERS), None)
        if name_col is None:
            name_col = next(
                (j for j, k in enumerate(keys) if "事项名称" in k and "子项" not in k), None
            )
        if name_col is None:
            continue
        sub_col = next(
            (j for j, k in enumerate(keys) if j != name_col and any(h in k for h in _SUB_HEADERS)),
            None,
        )
        dept_col = None
        for h in _DEPT_HEADERS:
            dept_col = next((j for j, k in enumerate(keys) if k.startswith(h)), None)
            if dept_col is not None:
                break
        return i, name_col, sub_col, dept_col
    return None


def _section_department(row: list[Any], resolve: Resolver) -> str | None:
    texts = [t for t in (clean(v) for v in row) if t]
    if len(texts) != 1:
        return None
    text = _SECTION_COUNT.sub("", _SECTION_NUMBER.sub("", name_key(texts[0])))
    return resolve(text) if text else None


def _get(row: list[Any], j: int | None) -> Any:
    return row[j] if j is not None and j < len(row) else None


def read_earlier(paths: Sequence[Path], resolve_department: Resolver) -> list[EarlierItem]:
    """Read the catalogues of earlier batches (序号, 事项名称, [子项名称,] 实施部门, 备注).

    Every sheet with a header row in its first 30 rows is read. A blank 实施部门 (a merged
    cell) takes the department of the row above; a row holding only a department's name
    (一、省公安厅（15项）) starts a section whose items belong to that department when the
    catalogue has no department column. The batch label comes from the file name. A file
    that is not there, cannot be read or holds no catalogue header is a configuration error
    (ConfigError).
    """
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise ConfigError("配置 [batch] earlier 中的前批目录文件不存在：" + "、".join(missing))
    items: list[EarlierItem] = []
    for p in paths:
        path = Path(p)
        batch = batch_label(path)
        headed = False
        for sheet, rows, numbers in _rows(path):
            header = _find_header(rows)
            if header is None:
                continue
            headed = True
            start, name_col, sub_col, dept_col = header
            current: str | None = None  # department of the section / the row above
            for row, number in zip(rows[start + 1 :], numbers[start + 1 :], strict=True):
                name = clean(_get(row, name_col))
                if not name or is_placeholder(name) or name_key(name) in _NAME_HEADERS:
                    section = _section_department(row, resolve_department)
                    if section:
                        current = section
                    continue
                dept_text = clean(_get(row, dept_col)) if dept_col is not None else None
                if dept_text:
                    current = dept_text
                else:
                    dept_text = current
                subitem = clean(_get(row, sub_col)) if sub_col is not None else None
                items.append(
                    EarlierItem(
                        name=name,
                        subitem=None if is_placeholder(subitem) else subitem,
                        departments=_resolve_all(dept_text, resolve_department),
                        batch=batch,
                        path=str(path),
                        sheet=sheet,
                        row=number,
                        has_subitem=sub_col is not None,
                        department_text=dept_text,
                    )
                )
        if not headed:  # a blank workbook, another table: 已在前批公布 0 项 would mislead
            raise ConfigError(f"配置 [batch] earlier 中的「{path.name}」不是前批目录：前30行中"
                              "未找到含「事项名称」的表头")
    return items


class EarlierIndex:
    """Earlier items by (department, normalised name[, normalised subitem]) for matching."""

    def __init__(self, items: Sequence[EarlierItem], resolve: Resolver) -> None:
        self._resolve = resolve
        self._with_sub: dict[tuple[str, str, str], EarlierItem] = {}
        self._name_only: dict[tuple[str, str], EarlierItem] = {}
        for item in items:
            nk = name_key(item.name)
            for dept in item.departments:
                dk = self.department_key(dept)
                if item.has_subitem:
                    self._with_sub.setdefault((dk, nk, name_key(item.subitem)), item)
                else:
                    self._name_only.setdefault((dk, nk), item)

    def department_key(self, text: str | None) -> str:
        """The department's full name after alias resolution, else its normalised text."""
        if not text:
            return ""
        return self._resolve(text) or name_key(text)

    def __len__(self) -> int:
        return len(self._with_sub) + len(self._name_only)

    def match(
        self, name: str | None, subitem: str | None, department: str | None
    ) -> EarlierItem | None:
        """The earlier item this item repeats (same name[, subitem] and department), or None."""
        return self.match_key((name_key(name), name_key(subitem)), department)

    def match_key(self, key: tuple[str, str], department: str | None) -> EarlierItem | None:
        """:meth:`match` for an item key (normalised name, normalised subitem)."""
        if not self or not department:
            return None
        dk = self.department_key(department)
        hit = self._with_sub.get((dk, key[0], key[1]))
        return hit if hit is not None else self._name_only.get((dk, key[0]))
