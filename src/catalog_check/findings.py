"""Findings: one typed record for every problem the review reports, with its Chinese message."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog_check.fields import ITEM_FIELDS, MATERIAL_FIELDS
from catalog_check.rules import Rule, Severity, rule
from catalog_check.text import shown_line

__all__ = [
    "FINDING_COLUMNS",
    "Finding",
    "cell_ref",
    "column_letter",
    "finding",
    "ordered_by_sheets",
    "render_message",
    "sort_key",
]

#: Fixed column order whenever findings become rows (JSON, reports, ledger).
FINDING_COLUMNS = (
    "code",
    "severity",
    "sheet",
    "row",
    "column",
    "cell",
    "item",
    "value",
    "message",
)

_VALUE_SHOWN = 60  # characters of a value quoted inside a message


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a submission.

    code/severity: from the rule registry; sheet: sheet name as written (None for a file
    finding or a CSV); row: the row number Excel shows (CSV: line number), None for a file
    finding; column: canonical field name; cell: reference such as ``J7``; item: 事项名称 of
    the row; value: the offending value (or material) as written; message: Chinese text
    rendered from these fields; params: extra template values, kept to re-render messages.
    """

    code: str
    severity: Severity
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    item: str | None = None
    value: str | None = None
    message: str = ""
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def rule(self) -> Rule:
        """The rule this finding reports."""
        return rule(self.code)

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready mapping with the fixed columns of cli.md."""
        out = {name: getattr(self, name) for name in FINDING_COLUMNS}
        out["severity"] = str(self.severity)
        return out


class _Blank(string.Formatter):
    """A formatter that renders a missing template field as an empty string."""

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            value = kwargs.get(key)
            return "" if value is None else value
        return super().get_value(key, args, kwargs)


_FORMATTER = _Blank()


def _shorten(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.replace("\r\n", " ").replace("\n", " ")
    return text if len(text) <= _VALUE_SHOWN else text[: _VALUE_SHOWN - 1] + "…"


#: Fields only a materials sheet has: a finding there names its sheet, since the item's
#: own row is elsewhere.
_MATERIAL_ONLY = frozenset(f.name for f in MATERIAL_FIELDS) - {f.name for f in ITEM_FIELDS}


def _location(f: Finding) -> str:
    if f.row is None:
        return ""
    where = f"第{f.row}行"
    if f.sheet and f.column in _MATERIAL_ONLY:
        where = f"「{f.sheet}」表{where}"
    if f.column:
        where += f"「{_column_shown(f)}」"
    return where + "："


def _column_shown(f: Finding) -> str | None:
    """The column as the department's sheet heads it (法律依据), else the field's name."""
    return next((v for k, v in f.params if k == "written"), None) or f.column


def _render(
    r: Rule, where: str, values: dict[str, Any], params: tuple[tuple[str, str], ...],
    with_fix: bool,
) -> str:
    values.update(r.defaults)  # (what a param reads when a finding leaves it out)
    values.update(params)
    text = where + _FORMATTER.format(r.template, **values)
    if with_fix:
        text += "，" + _FORMATTER.format(r.fix, **values)
    return shown_line(text)  # (values quoted as written may hold escapes, breaks, bidi marks)


def render_message(f: Finding, *, with_fix: bool = False) -> str:
    """Render the Chinese message of a finding from its own fields and its rule's template."""
    values: dict[str, Any] = {
        "sheet": f.sheet,
        "row": f.row,
        "column": _column_shown(f),
        "cell": f.cell,
        "item": f.item,
        "value": _shorten(f.value),
    }
    return _render(f.rule, _location(f), values, f.params, with_fix)


def finding(
    code: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    cell: str | None = None,
    item: str | None = None,
    value: str | None = None,
    **params: Any,
) -> Finding:
    """Build a finding for the rule ``code`` and render its message (the one constructor)."""
    r = rule(code)
    kept = tuple((k, "" if v is None else str(v)) for k, v in params.items())
    f = Finding(
        code=code,
        severity=r.severity,
        sheet=sheet,
        row=row,
        column=column,
        cell=cell,
        item=item,
        value=value,
        params=kept,
    )
    # The record is frozen: set the rendered message once, through object.__setattr__.
    object.__setattr__(f, "message", render_message(f, with_fix=True))
    return f


def column_letter(index: int) -> str:
    """1-based column index → Excel column letters (1 → A, 27 → AA)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(column_index: int | None, row: int | None) -> str | None:
    """Excel cell reference such as ``J7``; None when either part is unknown."""
    if column_index is None or row is None:
        return None
    return f"{column_letter(column_index)}{row}"


def _column_of(cell: str | None) -> int:
    """The column number of a cell reference (H2 → 8, AA2 → 27); 0 without one."""
    index = 0
    for ch in (cell or "").lstrip("$"):
        if not ("A" <= ch <= "Z"):
            break
        index = index * 26 + ord(ch) - 64
    return index


def sort_key(f: Finding, rank: int = 0) -> tuple[Any, ...]:
    """Order findings as a reader expects: file findings first, then by sheet (``rank``, then
    its name), row and column (AA after H). See ordered_by_sheets for the workbook's order."""
    return (f.row is not None, rank, f.sheet or "", f.row or 0, _column_of(f.cell), f.code)


def ordered_by_sheets(
    findings: Iterable[Finding], sheets: Sequence[str | None]
) -> list[Finding]:
    """Findings in reading order with sheets in the workbook's order (``sheets``; a sheet not
    listed comes after, by name): 行政许可 before 公共服务 as the department's tabs run."""
    rank = {s: k for k, s in enumerate(dict.fromkeys(sheets))}
    last = len(rank)
    return sorted(findings, key=lambda f: sort_key(f, rank.get(f.sheet, last)))


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts of errors, warnings and infos (the keys of cli.md's counts)."""
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for f in findings:
        counts[f.severity.value + "s"] += 1
    return counts
